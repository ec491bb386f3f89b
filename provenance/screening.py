"""Screening: cheap upper bounds on what alignment can find in a pair.

In a large corpus most candidate pairs LSH proposes are articles cast in
one formula (earnings tables, auction results) or on one beat: they share
vocabulary, and alignment finds sentence pairs between them, but never
enough to be reuse. Whether a pair can be reuse is bounded by what the two
articles share as wholes: the words of A whose stem B has anywhere cap how
much of A an alignment accounts for; the stems they share cap how many
specific stems it finds; without a quoted stem on both sides there is no
quotation passage. Each article's profile is made once and stored (a
scheduled scan screens a new article's partners without analysing them
again); a pair then costs one set intersection, and no pair that
alignment would keep is dismissed (a property test checks the bounds
against alignment). Stems are kept by hash: two stems sharing a hash only
loosen a bound, never tighten it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from provenance.alignment import Prepared
from provenance.sketches import stem_hash


@dataclass(frozen=True)
class Profile:
    """What an article offers to any alignment.

    Attributes:
        stem_counts: Content words per stem hash, in sentences alignment
            may use (page furniture left out).
        quoted: Hashes of the stems of content words inside quotation marks.
        content: Content words in sentences alignment may use.
    """

    stem_counts: dict[int, int]
    quoted: frozenset[int]
    content: int

    def to_blob(self) -> bytes:
        """The profile as bytes: ``(stem hash, count | quoted flag)`` pairs, then the content count."""
        rows = [(stem, count | (_QUOTED if stem in self.quoted else 0)) for stem, count in self.stem_counts.items()]
        return np.array([*rows, (self.content, 0)], dtype="<u4").tobytes()

    @classmethod
    def from_blob(cls, blob: bytes) -> Profile:
        """A profile stored by :meth:`to_blob`."""
        rows = np.frombuffer(blob, dtype="<u4").reshape(-1, 2).tolist()
        *pairs, (content, _) = rows
        return cls(
            {stem: value & (_QUOTED - 1) for stem, value in pairs},
            frozenset(stem for stem, value in pairs if value & _QUOTED),
            content,
        )


_QUOTED = 1 << 31


@dataclass(frozen=True)
class Bounds:
    """Upper bounds on an alignment's measures (see :class:`provenance.alignment.Alignment`).

    Attributes:
        a_matched: Bound on ``a_matched``.
        b_matched: Bound on ``b_matched``.
        specific: Bound on ``specific``.
        quotations: Whether a quotation passage is possible at all.
    """

    a_matched: float
    b_matched: float
    specific: int
    quotations: bool


def profile(prepared: Prepared) -> Profile:
    """An article's profile, from its prepared form."""
    counts: Counter[int] = Counter()
    quoted = set()
    tokens = prepared.analysis.tokens
    for unit in prepared.units:
        if not unit.stems:
            continue
        for token in tokens[unit.sentence.first : unit.sentence.last]:
            if token.content:
                stem = stem_hash(token.stem)
                counts[stem] += 1
                if token.quoted:
                    quoted.add(stem)
    return Profile(dict(counts), frozenset(quoted), sum(unit.content for unit in prepared.units))


def bounds(a: Profile, b: Profile, common: frozenset[int] = frozenset()) -> Bounds:
    """Bounds on the alignment of two articles.

    Args:
        a: A's profile.
        b: B's profile.
        common: Stem hashes common in the corpus, as given to alignment.
    """
    shared = a.stem_counts.keys() & b.stem_counts.keys()
    return Bounds(
        a_matched=sum(a.stem_counts[stem] for stem in shared) / (a.content or 1),
        b_matched=sum(b.stem_counts[stem] for stem in shared) / (b.content or 1),
        specific=sum(1 for stem in shared if stem not in common),
        quotations=not a.quoted.isdisjoint(b.quoted),
    )
