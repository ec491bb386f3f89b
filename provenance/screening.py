"""Screening: cheap upper bounds on what alignment can find in a pair.

In a large corpus most candidate pairs LSH proposes are articles cast in
one formula (earnings tables, auction results) or on one beat: they share
vocabulary, and alignment finds sentence pairs between them, but never
enough to be reuse. Whether a pair can be reuse is bounded by what the two
articles share as wholes: the words of A whose stem B has anywhere cap how
much of A an alignment accounts for; the stems they share cap how many
specific stems it finds; without a quoted stem on both sides there is no
quotation passage. Each article's profile is made once; a pair then costs
one set intersection, and no pair that alignment would keep is dismissed
(a property test checks the bounds against alignment).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from provenance.alignment import Prepared
from provenance.sketches import stem_hash


@dataclass(frozen=True)
class Profile:
    """What an article offers to any alignment.

    Attributes:
        stem_counts: Content words per stem, in sentences alignment may
            use (page furniture left out).
        quoted: Stems of content words inside quotation marks.
        content: Content words in sentences alignment may use.
    """

    stem_counts: dict[str, int]
    quoted: frozenset[str]
    content: int


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
    counts: Counter[str] = Counter()
    quoted = set()
    tokens = prepared.analysis.tokens
    for unit in prepared.units:
        if not unit.stems:
            continue
        for token in tokens[unit.sentence.first : unit.sentence.last]:
            if token.content:
                counts[token.stem] += 1
                if token.quoted:
                    quoted.add(token.stem)
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
        specific=sum(1 for stem in shared if stem_hash(stem) not in common),
        quotations=not a.quoted.isdisjoint(b.quoted),
    )
