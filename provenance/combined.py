"""Articles that combine sources: a roundup taking paragraphs from two reports, a story crediting two agencies.

Lineage first gives every article one source, its main one, so that the
main sources form a forest. A further candidate is another source only
where it explains text the sources already taken do not: a sibling copy of
the same source shares the same stretches of the article, a second source
of a roundup shares others. It must also be the candidate's own text, not
text the candidate shares with those sources: then the candidate merely
passed it on, and the article's alignment with them missed it. Further
sources never close a cycle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from provenance.derivations import ARTICLE, EXTERNAL, Derivation, Link
from provenance.names import same_source

#: Share of the text an article shares with a further candidate that must lie
#: outside what it shares with the sources already taken for that candidate
#: to be another source: a sibling copy of the same source shares the same
#: stretches, a second source of a roundup shares others.
NEW_TEXT = 0.5
#: Trust a further outside source's credit needs: "Reuters contributed" names
#: a source of the copy, "according to Bloomberg data" where a figure came from.
FURTHER_CREDIT = 0.9


def spans_of(by_pair: dict[tuple[str, str], Link], article: str, other: str) -> tuple[tuple[int, int], ...]:
    """The stretches of ``article`` it shares with ``other`` (none without a link or its passages)."""
    link = by_pair.get((article, other)) or by_pair.get((other, article))
    if link is None:
        return ()
    return link.a_spans if link.a == article else link.b_spans


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > begin:
            merged.append((begin, end))
    return merged


def _outside(spans: Iterable[tuple[int, int]], covered: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Characters of ``spans`` that ``covered`` leaves out, and their total."""
    own, other = _merged(spans), _merged(covered)
    total = sum(end - begin for begin, end in own)
    inside = sum(max(0, min(end, c_end) - max(begin, c_begin)) for begin, end in own for c_begin, c_end in other)
    return total - inside, total


def ancestors(parents: dict[str, Derivation], more: dict[str, list[Derivation]], article: str) -> set[str]:
    """``article`` and every article it derives from, through any of their sources."""
    seen: set[str] = set()
    stack = [article]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack += [d.parent for d in (parents.get(current), *more.get(current, ())) if d and d.parent_type == ARTICLE]
    return seen


def _same_parent(one: Derivation, other: Derivation) -> bool:
    """Whether two derivations name one source: an article by its id, an outside source by any of its names."""
    if one.parent_type == other.parent_type == EXTERNAL:
        return same_source(one.parent, other.parent)
    return one.parent == other.parent


def _credited_upstream(
    parents: dict[str, Derivation], more: dict[str, list[Derivation]], article: str, credit: Derivation
) -> bool:
    """Whether an article ``article`` derives from already has ``credit``'s outside source: it came down that way."""
    upstream = ancestors(parents, more, article) - {article}
    return any(_same_parent(d, credit) for node in upstream for d in (parents.get(node), *more.get(node, ())) if d)


def further_sources(
    links: list[Link], ranked: list[tuple[float, str, Derivation]], parents: dict[str, Derivation]
) -> dict[str, list[Derivation]]:
    """Further sources of every article with a main source in ``parents``, keyed by article.

    An article whose main source is an article gets each candidate of
    ``ranked`` that passes the rules above, taken in rank order. Every
    article gets each other outside source it credits firmly (see
    :data:`FURTHER_CREDIT`): a copy of a local report that says "Reuters
    contributed to this report" has two sources, unless the report it copied
    came down from Reuters itself. An article whose main source is outside
    the corpus gets no article besides: which of its text came from the
    outside source is unknown, so a sibling copy of the same wire would pass
    for a second source.
    """
    by_pair = {(link.a, link.b): link for link in links}
    more: dict[str, list[Derivation]] = defaultdict(list)
    for _, article, candidate in ranked:
        first = parents.get(article)
        if first is None:
            continue
        taken = [first, *more[article]]
        if any(_same_parent(d, candidate) for d in taken):
            continue
        if candidate.parent_type == EXTERNAL:
            if candidate.confidence < FURTHER_CREDIT or _credited_upstream(parents, more, article, candidate):
                continue
            if first.parent_type == ARTICLE:
                reason = f"combines sources: credits {candidate.parent} beside what it shares with {first.parent}"
                candidate = replace(candidate, evidence=(reason, *candidate.evidence))
            more[article].append(candidate)
            continue
        if first.parent_type != ARTICLE or article in ancestors(parents, more, candidate.parent):
            continue
        if not all(spans_of(by_pair, article, d.parent) for d in taken):
            continue  # what a source without passages gave is unknown: a sibling would pass for new text
        # New to the article, and the candidate's own: not text the candidate shares with a source already taken.
        new, total = _outside(
            spans_of(by_pair, article, candidate.parent),
            (span for d in taken for span in spans_of(by_pair, article, d.parent)),
        )
        own, held = _outside(
            spans_of(by_pair, candidate.parent, article),
            (span for d in taken for span in spans_of(by_pair, candidate.parent, d.parent)),
        )
        if not total or not held or min(new / total, own / held) < NEW_TEXT:
            continue
        sources = ", ".join(d.parent for d in taken)
        reason = f"combines sources: {new / total:.0%} of the text it shares with {candidate.parent} is in none of what it shares with {sources}"
        more[article].append(replace(candidate, evidence=(reason, *candidate.evidence)))
    return more
