"""Candidate pairs: the articles worth aligning, proposed by LSH.

Two lookups, both locality-sensitive hashing over MinHash signatures:

* Passages. Every passage signature is cut into bands; passages whose band
  values are equal in some band land in one bucket. Two articles become
  candidates when their passages meet in buckets often enough. This finds
  rewrites (each rewritten sentence keeps part of its content stems, and a
  rewrite has many sentences) and a short article inside a long one (its
  passages are all in the long one, whatever the long one's length).
  Done in bulk with numpy: datasketch's ``MinHashLSH`` keeps Python
  objects per key and would need about 10 KB per passage.
* Articles. Whole-article signatures go into datasketch's ``MinHashLSH``
  for near-duplicate copies.

A bucket holding passages of very many articles is page furniture or a
formula ("Shr 10 cts vs 12 cts"), not evidence of copying: it is skipped,
and its size reported.

LSH is approximate: it misses some pairs and proposes others that share
nothing; every candidate is verified by :mod:`provenance.alignment`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from provenance.sketches import SketchSettings, as_minhash


@dataclass(frozen=True)
class LshSettings:
    """Banding of signatures.

    Attributes:
        bands: Bands per passage signature.
        rows: Signature values per band. With 21 bands of 3 rows, two
            passages with Jaccard similarity 0.3 share a bucket with
            probability 0.44, at 0.5 with 0.93, at 0.1 with 0.02.
        min_hits: Band collisions (over all passage pairs) that make two
            articles candidates; one chance collision of unrelated
            passages is common in a large corpus, several are not.
        weak_budget: Pairs with fewer hits are still checked while there
            are at most this many of them per article: in a small corpus
            checking them all is cheap, and a heavy rewrite can meet its
            source in a single band.
        max_bucket: Buckets with passages of more articles than this are
            skipped as furniture or formula.
        article_threshold: Jaccard threshold of the article-level
            ``MinHashLSH``.
    """

    bands: int = 21
    rows: int = 3
    min_hits: int = 2
    weak_budget: float = 10.0
    max_bucket: int = 40
    article_threshold: float = 0.8


@dataclass(frozen=True)
class Candidates:
    """Proposed pairs, by index into the batch of articles.

    Attributes:
        pairs: ``(n, 2)`` array of article indexes, first < second, sorted.
        hits: Band collisions behind each pair.
        skipped_buckets: Buckets skipped as too common.
    """

    pairs: np.ndarray
    hits: np.ndarray
    skipped_buckets: int


def _band_keys(signatures: np.ndarray, settings: LshSettings) -> np.ndarray:
    """One 64-bit key per (passage, band)."""
    used = signatures[:, : settings.bands * settings.rows].astype(np.uint64)
    bands = used.reshape(len(signatures), settings.bands, settings.rows)
    keys = np.zeros((len(signatures), settings.bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(settings.rows):
            keys = keys * np.uint64(0x100000001B3) + bands[:, :, row]
        # The band number goes into the key so that equal values in two
        # different bands do not meet.
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + np.arange(settings.bands, dtype=np.uint64)
    return keys.ravel()


def passage_candidates(
    signatures: np.ndarray, owners: np.ndarray, settings: LshSettings | None = None
) -> Candidates:
    """Article pairs whose passages share LSH buckets.

    Args:
        signatures: ``(passages, num_perm)`` passage signatures.
        owners: The article index of each passage.
        settings: Banding.

    Returns:
        The candidate pairs with their hit counts.
    """
    settings = settings or LshSettings()
    if settings.bands * settings.rows > signatures.shape[1] if len(signatures) else False:
        raise ValueError("bands x rows exceeds the number of permutations")
    empty = Candidates(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64), 0)
    if not len(signatures):
        return empty
    keys = _band_keys(signatures, settings)
    articles = np.repeat(owners.astype(np.int64), settings.bands)
    order = np.lexsort((articles, keys))
    keys, articles = keys[order], articles[order]
    # One entry per (bucket, article): an article's own repeated passages
    # do not pair it with itself or count twice.
    distinct = np.ones(len(keys), dtype=bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (articles[1:] != articles[:-1])
    keys, articles = keys[distinct], articles[distinct]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(keys)])))
    shared = sizes >= 2
    too_big = shared & (sizes > settings.max_bucket)
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for size in np.unique(sizes[shared & ~too_big]):
        bucket_starts = starts[sizes == size]
        members = articles[bucket_starts[:, None] + np.arange(size)]
        left, right = np.triu_indices(size, 1)
        firsts.append(members[:, left].ravel())
        seconds.append(members[:, right].ravel())
    if not firsts:
        return Candidates(empty.pairs, empty.hits, int(too_big.sum()))
    first = np.concatenate(firsts)
    second = np.concatenate(seconds)
    low, high = np.minimum(first, second), np.maximum(first, second)
    codes = low * (int(owners.max()) + 1) + high
    unique, hits = np.unique(codes, return_counts=True)
    keep = hits >= settings.min_hits
    if (~keep).sum() <= settings.weak_budget * (int(owners.max()) + 1):
        keep[:] = True
    unique, hits = unique[keep], hits[keep]
    base = int(owners.max()) + 1
    pairs = np.stack((unique // base, unique % base), axis=1)
    return Candidates(pairs, hits, int(too_big.sum()))


def article_candidates(
    signatures: np.ndarray,
    keys: list[str],
    settings: LshSettings | None = None,
    sketch: SketchSettings | None = None,
) -> set[tuple[int, int]]:
    """Near-duplicate article pairs from datasketch's ``MinHashLSH``.

    Args:
        signatures: ``(articles, num_perm)`` article signatures.
        keys: A unique key per article (its id).
        settings: The Jaccard threshold.
        sketch: The settings the signatures were made with.

    Returns:
        Pairs of indexes, first < second.
    """
    from datasketch import MinHashLSH  # see provenance.sketches: imported where used

    settings = settings or LshSettings()
    sketch = sketch or SketchSettings()
    index = MinHashLSH(threshold=settings.article_threshold, num_perm=sketch.num_perm)
    position = {key: number for number, key in enumerate(keys)}
    empty = np.iinfo(np.uint32).max
    minhashes = {}
    with index.insertion_session() as session:
        for number, key in enumerate(keys):
            if (signatures[number] == empty).all():
                continue
            minhashes[key] = as_minhash(signatures[number], sketch)
            session.insert(key, minhashes[key])
    pairs = set()
    for key, minhash in minhashes.items():
        for other in index.query(minhash):
            if other != key:
                low, high = sorted((position[key], position[other]))
                pairs.add((low, high))
    return pairs
