"""What lineage reasons about and what it concludes: links between articles, and derivations.

Kept apart from :mod:`provenance.lineage` so that the rules built on them
(:mod:`provenance.combined` for articles with several sources) and the
stores that keep them need not import the whole inference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

ARTICLE = "article"
EXTERNAL = "external"
UNKNOWN = "unknown"
#: Confidence in a source inferred only because siblings have it.
COMMON_TRUST = 0.5


@dataclass(frozen=True)
class Link:
    """Two articles of a cluster that share text (a stored match).

    Attributes:
        a: One article's id.
        b: The other's.
        kind: ``copy``, ``light`` or ``heavy``.
        a_share: Share of A covered by the shared passages.
        b_share: Share of B.
        a_spans: The stretches of A in the shared passages (character offsets).
        b_spans: The matching stretches of B.
    """

    a: str
    b: str
    kind: str
    a_share: float
    b_share: float
    a_spans: tuple[tuple[int, int], ...] = ()
    b_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Derivation:
    """One source of one article.

    Attributes:
        article: The derived article's id.
        parent: The source: an article id, an outside source's name, or an
            unknown source node's id.
        parent_type: ``article``, ``external`` or ``unknown``.
        confidence: Confidence in [0, 1].
        relation: ``copy``, ``light`` or ``heavy`` (the shared text's kind),
            ``version`` (the outlet's own earlier article), ``credited``
            (an outside source its credit names) or ``common source``.
        evidence: The reasons, in words.
    """

    article: str
    parent: str
    parent_type: str
    confidence: float
    relation: str
    evidence: tuple[str, ...]


def partners_of(links: list[Link]) -> dict[str, set[str]]:
    """The articles each article shares text with."""
    partners: dict[str, set[str]] = defaultdict(set)
    for link in links:
        partners[link.a].add(link.b)
        partners[link.b].add(link.a)
    return partners
