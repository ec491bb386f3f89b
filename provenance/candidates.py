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
* Articles. Whole-article signatures are banded as datasketch's
  ``MinHashLSH`` bands them at the near-duplicate threshold.

Buckets are kept as :mod:`provenance.postings`, so that a scheduled scan
looks up only the buckets of its new articles.

A bucket holding passages of very many articles is page furniture or a
formula ("Shr 10 cts vs 12 cts"), not evidence of copying: it is skipped,
and its size reported.

LSH is approximate: it misses some pairs and proposes others that share
nothing; every candidate is verified by :mod:`provenance.alignment`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from provenance.postings import Postings
from provenance.sketches import SketchSettings


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
            are at most this many of them per article checked: in a small
            corpus checking them all is cheap, and a heavy rewrite can meet
            its source in a single band.
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

    def checks_weak(self, weak: int, involved: int) -> bool:
        """Whether ``weak`` pairs below ``min_hits``, among ``involved`` articles, are within the budget."""
        return weak <= self.weak_budget * max(involved, 1)


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


def _band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per (signature, band), signature after signature."""
    used = signatures[:, : bands * rows].astype(np.uint64)
    cut = used.reshape(len(signatures), bands, rows)
    keys = np.zeros((len(signatures), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(rows):
            keys = keys * np.uint64(0x100000001B3) + cut[:, :, row]
        # The band number goes into the key so that equal values in two
        # different bands do not meet.
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + np.arange(bands, dtype=np.uint64)
    return keys.ravel()


def passage_postings(signatures: np.ndarray, owners: np.ndarray, settings: LshSettings | None = None) -> Postings:
    """The LSH buckets of passages, as postings: band key -> article."""
    settings = settings or LshSettings()
    if len(signatures) and settings.bands * settings.rows > signatures.shape[1]:
        raise ValueError("bands x rows exceeds the number of permutations")
    keys = _band_keys(signatures, settings.bands, settings.rows)
    return Postings.build(keys, np.repeat(np.asarray(owners, dtype=np.uint32), settings.bands))


_BANDING: dict[tuple[float, int], tuple[int, int]] = {}


def article_banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's choice of bands and rows for ``MinHashLSH`` at this threshold.

    Its false positive and negative rates are weighed the way datasketch
    weighs them; the buckets are kept as postings rather than in a
    ``MinHashLSH``, which holds Python objects and cannot be stored.
    """
    if (threshold, num_perm) not in _BANDING:
        from datasketch import MinHashLSH  # see provenance.sketches: imported where used

        index = MinHashLSH(threshold=threshold, num_perm=num_perm)
        _BANDING[(threshold, num_perm)] = (index.b, index.r)
    return _BANDING[(threshold, num_perm)]


def known_banding(threshold: float, num_perm: int, bands: int, rows: int) -> None:
    """Banding kept in the store, so that it is not worked out again with datasketch."""
    _BANDING[(threshold, num_perm)] = (bands, rows)


def article_postings(
    signatures: np.ndarray, owners: np.ndarray, settings: LshSettings | None = None, sketch: SketchSettings | None = None
) -> Postings:
    """The LSH buckets of whole articles, as postings; articles with no content words have none."""
    settings = settings or LshSettings()
    sketch = sketch or SketchSettings()
    bands, rows = article_banding(settings.article_threshold, sketch.num_perm)
    has_words = ~(signatures == np.iinfo(np.uint32).max).all(axis=1) if len(signatures) else np.zeros(0, dtype=bool)
    keys = _band_keys(signatures[has_words], bands, rows)
    return Postings.build(keys, np.repeat(np.asarray(owners, dtype=np.uint32)[has_words], bands))


def bucket_pairs(
    postings: Postings, keys: np.ndarray, involved: np.ndarray, max_bucket: int | None = None
) -> tuple[np.ndarray, np.ndarray, int]:
    """Article pairs meeting in the buckets of these keys.

    Args:
        postings: Bucket key -> article.
        keys: The buckets to look in.
        involved: By article number, whether a pair with it is wanted;
            pairs of two articles not involved are left out.
        max_bucket: Buckets of more articles are skipped.

    Returns:
        ``(n, 2)`` article numbers (first < second), the buckets each pair
        met in, and the number of buckets skipped.
    """
    low, high = postings.ranges(np.unique(np.asarray(keys, dtype=np.uint64)))
    sizes = high - low
    shared = sizes >= 2
    too_big = shared & (sizes > max_bucket) if max_bucket is not None else np.zeros(len(sizes), dtype=bool)
    codes: list[np.ndarray] = []
    for size in np.unique(sizes[shared & ~too_big]).tolist():
        members = postings.owners[low[sizes == size][:, None] + np.arange(size)].astype(np.uint64)
        left, right = np.triu_indices(size, 1)
        first, second = members[:, left].ravel(), members[:, right].ravel()
        wanted = involved[first] | involved[second]
        first, second = first[wanted], second[wanted]
        codes.append((np.minimum(first, second) << np.uint64(32)) | np.maximum(first, second))
    if not codes:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64), int(too_big.sum())
    unique, hits = np.unique(np.concatenate(codes), return_counts=True)
    pairs = np.stack(((unique >> np.uint64(32)).astype(np.int64), (unique & np.uint64(0xFFFFFFFF)).astype(np.int64)), axis=1)
    return pairs, hits.astype(np.int64), int(too_big.sum())


def passage_pairs(postings: Postings, keys: np.ndarray, involved: np.ndarray, settings: LshSettings) -> Candidates:
    """Candidate pairs from passage buckets, with the rules of :class:`LshSettings`.

    The weak budget is counted over the articles involved: in a first scan
    every article, in a scheduled one the new articles, so that a scan's
    decision does not depend on how much was stored before it.
    """
    pairs, hits, skipped = bucket_pairs(postings, keys, involved, settings.max_bucket)
    keep = hits >= settings.min_hits
    if settings.checks_weak(int((~keep).sum()), int(involved.sum())):
        keep[:] = True
    return Candidates(pairs[keep], hits[keep], skipped)


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
    postings = passage_postings(signatures, owners, settings)
    involved = np.ones(int(owners.max()) + 1 if len(owners) else 0, dtype=bool)
    return passage_pairs(postings, postings.keys, involved, settings)


def article_candidates(
    signatures: np.ndarray, settings: LshSettings | None = None, sketch: SketchSettings | None = None
) -> set[tuple[int, int]]:
    """Near-duplicate article pairs: those sharing a band of datasketch's banding at the threshold.

    Args:
        signatures: ``(articles, num_perm)`` article signatures.
        settings: The Jaccard threshold.
        sketch: The settings the signatures were made with.

    Returns:
        Pairs of indexes, first < second.
    """
    postings = article_postings(signatures, np.arange(len(signatures)), settings, sketch)
    pairs, _, _ = bucket_pairs(postings, postings.keys, np.ones(len(signatures), dtype=bool))
    return {(int(i), int(j)) for i, j in pairs.tolist()}
