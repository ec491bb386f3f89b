"""Verbatim runs: the words of one text inside runs of ``n`` words that another text has too.

Each article's word runs are hashed once (a polynomial hash of word ids,
in numpy) and kept with the article, because an article is compared with
many others; a comparison is then one ``isin`` per side.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_VOCABULARY: dict[str, int] = {}
_MULTIPLIER = np.uint64(0x100000001B3)


class Words:
    """An article's words as ids, with its run hashes made on demand and kept."""

    __slots__ = ("ids", "_runs")

    def __init__(self, words: Iterable[str], count: int) -> None:
        self.ids = np.fromiter(
            (_VOCABULARY.setdefault(word, len(_VOCABULARY) + 1) for word in words), dtype=np.uint64, count=count
        )
        self._runs: dict[int, np.ndarray] = {}

    def runs(self, n: int) -> np.ndarray:
        """Hashes of every run of ``n`` words, in order."""
        keys = self._runs.get(n)
        if keys is None:
            count = max(len(self.ids) - n + 1, 0)
            keys = np.zeros(count, dtype=np.uint64)
            with np.errstate(over="ignore"):
                for offset in range(n):
                    keys = keys * _MULTIPLIER + self.ids[offset : offset + count]
            self._runs[n] = keys
        return keys


def shared_run_counts(a: Words, b: Words, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Running counts of each side's words that lie inside a run of ``n`` words both have.

    Returns:
        Two prefix-count arrays: ``prefix[end] - prefix[begin]`` counts such
        words among words ``begin`` to ``end`` of that side.
    """
    result = []
    for mine, theirs in ((a, b), (b, a)):
        size = len(mine.ids)
        starts = np.isin(mine.runs(n), theirs.runs(n)).astype(np.int64)
        # A word is inside a shared run when one starts within the n words up to it.
        covered = np.convolve(starts, np.ones(n, dtype=np.int64))[:size] > 0 if len(starts) else np.zeros(size, bool)
        result.append(np.concatenate(([0], np.cumsum(covered))))
    return result[0], result[1]
