"""Leads: the material above the text two articles share, and what it says of which copied which.

Content orders two articles by the material one has and the other lacks:
the source has what the copy cut. But outlets cut a story at the bottom
and add to it at either end: an introduction of their own, an editor's
note. Counted as material the other lacks, such a lead would make the
copy that wrote it look like the source of the very story it took, so a
lead is never a sign that an article is the source. Nor is it a sign of
the reverse, except for the part the article shares with a third that may
be its source: that it carries from somewhere the other is not, so it
stays when the article is weighed as the derivative.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace

from provenance.derivations import Link
from provenance.direction import INSIDE, INSIDE_GAP, Node
from provenance.timeline import before


@dataclass(frozen=True)
class Lead:
    """What leaving out an article's lead needs: where its stems stand, and its passages with its possible sources.

    Attributes:
        offsets: The offset of each of the article's placed stems.
        last: Where each stem stands last.
        starts: The start of each passage in ``carried``, ascending.
        carried: The passages the article shares with articles that may be
            its source (see :func:`possible_sources`): ``(start, end, partner)``.
    """

    offsets: list[int]
    last: dict[str, int]
    starts: list[int]
    carried: list[tuple[int, int, str]]

    def without(self, node: Node, spans: tuple[tuple[int, int], ...], other: str | None = None) -> Node:
        """``node`` without its lead, the material above the first passage it shares with ``other`` (``spans``).

        Weighed as a source (``other`` not given), all of it goes; weighed
        as ``other``'s derivative, what it shares with a possible source of
        its own stays (see the module docstring).
        """
        if not spans or not node.placed:
            return node
        begin = min(start for start, _ in spans)
        lead = node.placed[: bisect.bisect_left(self.offsets, begin)]
        near = self.carried[: bisect.bisect_left(self.starts, begin)] if other is not None else []
        covered = [(start, end) for start, end, partner in near if partner != other]
        kept = {stemmed for at, stemmed in lead if any(start <= at < end for start, end in covered)}
        own = {stemmed for _, stemmed in lead if self.last[stemmed] < begin} - kept
        return replace(node, stems=node.stems - own) if own else node


def possible_sources(nodes: dict[str, Node], covers: dict[str, dict[str, float]], article: str) -> list[str]:
    """The articles linked to ``article`` that may be its source: not later, and no cut-down copy of it.

    ``covers[x][y]`` is the share of X that its passages with Y cover. A
    copy that took this article's lead is no source of it.
    """
    return [
        z
        for z in sorted(covers[article])
        if before(nodes[article].window, nodes[z].window) is not True
        and not (covers[z][article] >= INSIDE and covers[z][article] - covers[article][z] >= INSIDE_GAP)
    ]


def article_leads(nodes: dict[str, Node], links: list[Link]) -> dict[str, Lead]:
    """The :class:`Lead` of every article of a cluster, worked out once for all its links."""
    passages: dict[str, dict[str, tuple[tuple[int, int], ...]]] = defaultdict(dict)
    covers: dict[str, dict[str, float]] = defaultdict(dict)
    for link in links:
        passages[link.a][link.b], passages[link.b][link.a] = link.a_spans, link.b_spans
        covers[link.a][link.b], covers[link.b][link.a] = link.a_share, link.b_share
    leads = {}
    for article, node in nodes.items():
        carried = sorted(
            (start, end, z) for z in possible_sources(nodes, covers, article) for start, end in passages[article][z]
        )
        leads[article] = Lead(
            [at for at, _ in node.placed],
            {stemmed: at for at, stemmed in node.placed},
            [start for start, _, _ in carried],
            carried,
        )
    return leads
