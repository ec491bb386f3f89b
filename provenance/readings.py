"""Readings: whose wording the other copies of a story follow.

Where two versions of a text cover the same stretch in different words,
each has its own *readings* there: word runs the other version lacks. A
copy made from one version carries that version's readings. So of two
versions, the one whose readings the cluster's other copies share is the
nearer to their common source, and the readings no other copy follows are
the other version's own edits. Textual critics call this agreement in
readings; it is how they order manuscripts that carry no dates.

It matters where containment misleads. A copy that took extra paragraphs
from a fuller source than the one in the corpus contains that source's copy
and more, so by content alone it looks like the source. Its readings give
it away: counted only over the stretches both versions have, the other
copies follow the corpus's source, not it.

The rule holds for a story spread as a star (one source, many copies), the
common case for syndicated news. In a chain (A copied by B, B copied by C
and D) the copies of B follow B's readings against A's: agreement then
measures which side has more followers, so it is weighed with time, credits
and containment, never alone.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from provenance.derivations import Link
from provenance.tokens import words as text_words

#: Words in a reading: runs of three tell a wording apart without being
#: shared by chance between independent texts on one subject.
RUN = 3


@dataclass(frozen=True)
class Wording:
    """An article's word runs, with where each begins.

    Attributes:
        starts: Character offset of each run's first word, ascending.
        runs: Hash of each run, in the same order.
        every: All the runs, for membership tests.
    """

    starts: tuple[int, ...] = ()
    runs: tuple[int, ...] = ()
    every: frozenset[int] = frozenset()

    def within(self, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
        """The runs that begin inside any of ``spans`` (``(begin, end)`` character offsets)."""
        found: set[int] = set()
        for begin, end in spans:
            first = bisect.bisect_left(self.starts, begin)
            last = bisect.bisect_left(self.starts, end)
            found.update(self.runs[first:last])
        return frozenset(found)


def wording(text: str) -> Wording:
    """The word runs of ``text`` (case and apostrophe style folded)."""
    words = list(text_words(text))
    starts = tuple(start for start, _ in words[: max(len(words) - RUN + 1, 0)])
    runs = tuple(hash(tuple(word for _, word in words[i : i + RUN])) for i in range(len(starts)))
    return Wording(starts, runs, frozenset(runs))


@dataclass(frozen=True)
class Agreement:
    """How often the other copies follow each of two versions where they differ.

    Attributes:
        a: Readings of A, over the stretches both have, found in other copies.
        b: Likewise for B.
    """

    a: int
    b: int

    def lean(self) -> float:
        """From -1 (the others follow B) to 1 (they follow A); 0 unless the lead is beyond chance.

        Near-identical versions differ in a handful of readings, and which
        of those a heavy rewrite happens to keep is chance: a lead counts
        only when it is :data:`SIGNIFICANCE` standard deviations from an
        even split.
        """
        total = self.a + self.b
        if not total or abs(self.a - self.b) < SIGNIFICANCE * math.sqrt(total):
            return 0.0
        return (self.a - self.b) / total

    def toward(self, first: bool) -> float:
        """The lean toward A when ``first``, else toward B."""
        return self.lean() if first else -self.lean()


#: How far, in standard deviations of a fair coin's count, a lead must be.
SIGNIFICANCE = 2.0


def agreement(
    a: Wording, a_spans: Sequence[tuple[int, int]], b: Wording, b_spans: Sequence[tuple[int, int]], others: Iterable[Wording]
) -> Agreement:
    """Count the other copies' agreement with A's readings and with B's.

    Args:
        a: A's wording.
        a_spans: The stretches of A aligned with B.
        b: B's wording.
        b_spans: The stretches of B aligned with A.
        others: The wording of the other copies that share text with both.
    """
    return variants(a, a_spans, b, b_spans).followed(others)


@dataclass(frozen=True)
class Variants:
    """Where two versions differ: each one's readings over the stretches both have.

    Attributes:
        a: A's runs there that B lacks.
        b: B's runs there that A lacks.
    """

    a: frozenset[int]
    b: frozenset[int]

    def followed(self, others: Iterable[Wording]) -> Agreement:
        """How often ``others`` follow each version's readings."""
        with_a = with_b = 0
        for other in others:
            with_a += len(self.a & other.every)
            with_b += len(self.b & other.every)
        return Agreement(with_a, with_b)


def variants(a: Wording, a_spans: Sequence[tuple[int, int]], b: Wording, b_spans: Sequence[tuple[int, int]]) -> Variants:
    """The readings of A and of B over the stretches aligned between them (see :func:`agreement`)."""
    return Variants(a.within(a_spans) - b.every, b.within(b_spans) - a.every)


class Readings:
    """The readings of each pair of a cluster's linked articles, worked out once.

    Lineage weighs one pair against many thirds: the cluster's other
    copies when it orders the pair, each article that may have come through
    one of them, each third of a trio of siblings.
    """

    def __init__(self, wordings: Mapping[str, Wording], links: Iterable[Link]) -> None:
        self.wordings = wordings
        self.by_pair = {(link.a, link.b): link for link in links}
        self.variants: dict[tuple[str, str], Variants] = {}

    def followed(self, a: str, b: str, others: Iterable[str]) -> tuple[Link, Agreement] | None:
        """The link of ``a`` and ``b`` (in its own order), and how often ``others`` follow each side (None without passages)."""
        link = self.by_pair.get((a, b)) or self.by_pair.get((b, a))
        if link is None or not link.a_spans:
            return None
        key = (link.a, link.b)
        if key not in self.variants:
            self.variants[key] = variants(self.wordings[link.a], link.a_spans, self.wordings[link.b], link.b_spans)
        return link, self.variants[key].followed(self.wordings[other] for other in others)

    def toward(self, a: str, b: str, others: Iterable[str]) -> float:
        """How far ``others`` follow ``a``'s readings rather than ``b``'s (0 without passages, or no more than chance)."""
        found = self.followed(a, b, others)
        return found[1].toward(found[0].a == a) if found else 0.0
