"""Fingerprints: the MinHash signatures of every passage and every article.

Composed from :mod:`provenance.shingles` (text to shingle hashes) and
:mod:`provenance.sketches` (hashes to signatures). An article's signature
is the element-wise minimum of its passages' signatures: the MinHash of
the union of their shingle sets, at no extra hashing cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from provenance.shingles import Shingled, shingle_many
from provenance.sketches import SketchSettings, signatures


@dataclass(frozen=True)
class Fingerprints:
    """The signatures of a batch of articles.

    Attributes:
        passages: ``(total passages, num_perm)`` passage signatures, article after article.
        passage_counts: Passages per article (0 for an article with no content words).
        articles: ``(articles, num_perm)`` article signatures.
    """

    passages: np.ndarray
    passage_counts: np.ndarray
    articles: np.ndarray

    def passage_owner(self) -> np.ndarray:
        """For each passage signature, the index of its article in the batch."""
        return np.repeat(np.arange(len(self.passage_counts)), self.passage_counts)


def fingerprint(texts: list[str], settings: SketchSettings | None = None) -> Fingerprints:
    """Fingerprint a batch of articles.

    Args:
        texts: Article texts.
        settings: Signature settings.

    Returns:
        Passage and article signatures.
    """
    return fingerprint_shingles(shingle_many(texts), settings)


def fingerprint_shingles(shingled: Shingled, settings: SketchSettings | None = None) -> Fingerprints:
    """Fingerprint articles already split into shingles (see :func:`provenance.shingles.shingle_many`)."""
    settings = settings or SketchSettings()
    passages = signatures(shingled.hashes, shingled.passage_lengths, settings)
    articles = np.full((len(shingled.passages), settings.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    counts = shingled.passages
    has_passages = np.flatnonzero(counts)
    if len(has_passages):
        starts = (np.cumsum(counts) - counts)[has_passages]
        articles[has_passages] = np.minimum.reduceat(passages, starts, axis=0)
    return Fingerprints(passages, counts, articles)
