"""Copies of copies: whether an article came through a copy or from that copy's own source.

Lineage first gives each article the best-supported source among the
articles it shares text with. When that source P is itself a copy, of an
article Q of the corpus or of an outside source W its credit line names,
the article may have come from Q or W directly, P being only its sibling:
it did so when it shows nothing of what P changed. What P changed is read
against Q, or, with W outside the corpus, against W's other copies. The
rules here move such articles up, and an article given Q that carries
what a copy of Q changed down to that copy, and say why (:mod:`provenance.lineage`
calls them once sources are chosen).
"""

from __future__ import annotations

from provenance.combined import ancestors, spans_of
from provenance.derivations import ARTICLE, COMMON_TRUST, EXTERNAL, Derivation, Link
from provenance.direction import WHOLE_COPY, Node
from provenance.names import same_source
from provenance.readings import Agreement, Readings
from provenance.timeline import before


def follow_readings(
    nodes: dict[str, Node], ranked: list[tuple[float, str, Derivation]], parents: dict[str, Derivation], readings: Readings
) -> None:
    """Move each article from its source's copy up to the source itself when it shows nothing of the copy's own.

    An article given P as its source, where P is a copy of Q, came through P
    if it credits P's outlet, and otherwise only if it carries something P
    added to Q: P's wording where P changed Q's, or material P has and Q
    lacks. Following Q's wording there instead, or taking no more of P's
    additions than chance gives (a rewrite of Q picks up a few of P's added
    words from the story's wider vocabulary), it was copied from Q (or from
    what Q was copied from); a copy of a copy that kept nothing of the
    middle copy cannot be told from a copy of the original, and the
    original is the simpler answer. Moving up to an ancestor keeps the
    result a forest.
    """
    offered = {(d.article, d.parent): d for _, _, d in ranked if d.parent_type == ARTICLE}
    for article in sorted(parents):
        while True:
            derivation = parents[article]
            via = parents.get(derivation.parent) if derivation.parent_type == ARTICLE else None
            if via is None or via.parent_type != ARTICLE or (article, via.parent) not in offered:
                break
            if nodes[article].credits_outlet(nodes[derivation.parent]):
                break
            reason = _lacks_copy(nodes, readings, article, derivation.parent, via.parent)
            if reason is None:
                break
            moved = offered[(article, via.parent)]
            parents[article] = Derivation(
                article, via.parent, ARTICLE, moved.confidence, moved.relation, (reason, *moved.evidence)
            )


def through_copies(
    nodes: dict[str, Node],
    links: list[Link],
    ranked: list[tuple[float, str, Derivation]],
    parents: dict[str, Derivation],
    readings: Readings,
) -> None:
    """Move each article from its source down to a copy of that source when it carries what the copy changed.

    An article given Q as its source may have come through P, a copy of Q
    published before it that it shares text with. It did when it carries
    P's changes: it follows P's wording where P changed Q's, or it shares
    passages with P that Q lacks (see :func:`_carries_copy`), and it keeps
    no more of what P left out of Q than chance would. An independent copy of Q would have had to
    make the same changes. This is :func:`follow_readings` read the other
    way, with more asked of it: passages, not shared words alone, and a
    time that puts P first. Undated, two copies of Q that carry the same
    changes may be a copy and its copy either way round, or two copies of
    a fuller text than Q (students who read the whole article an excerpt
    was taken from), and Q stays the answer. An article crediting Q's
    outlet stays, and a move never closes a cycle.
    """
    by_pair = {(link.a, link.b): link for link in links}
    offered = {(d.article, d.parent): d for _, _, d in ranked if d.parent_type == ARTICLE}
    moved = True
    while moved:  # each move takes an article one generation down, so this ends
        moved = False
        for article in sorted(parents):
            source = parents[article].parent
            if parents[article].parent_type != ARTICLE or nodes[article].credits_outlet(nodes[source]):
                continue
            shown = []
            for copy in sorted(parents):
                if (
                    copy == article
                    or parents[copy].parent != source
                    or parents[copy].parent_type != ARTICLE
                    or (article, copy) not in offered
                    or before(nodes[copy].window, nodes[article].window) is not True
                    or article in ancestors(parents, {}, copy)
                ):
                    continue
                reason = _carries_copy(nodes, by_pair, readings, article, copy, source)
                if reason:
                    shown.append((offered[(article, copy)].confidence, copy, reason))
            if shown:
                _, copy, reason = max(shown)
                offer = offered[(article, copy)]
                parents[article] = Derivation(article, copy, ARTICLE, offer.confidence, offer.relation, (reason, *offer.evidence))
                moved = True


def up_to_the_wire(nodes: dict[str, Node], links: list[Link], parents: dict[str, Derivation], readings: Readings) -> None:
    """Move an uncredited article from a wire's copy up to the wire when nothing shows it came through that copy.

    An article given Y as its source, where Y gives its whole copy to an
    outside source W ("Originally reported by W", a W dateline), came from W
    as much as from Y when it shows nothing Y has that W's other copies
    lack: it follows their wording, not Y's, where Y differs, and uses no
    more of what only Y has than chance. Another copy of W sharing text
    with Y stands for W's text, which is not in the corpus, and so does an
    article sharing text with Y that has no source and credits none:
    nothing shows it came from Y. With none, an
    article that words the text differently from Y cannot be shown to have
    come through Y either: nothing tells whose wording is W's. Outlets take
    a wire's copy from the wire, so W is the simpler answer, and Y is its
    sibling. A verbatim copy of Y stays: it carries whatever Y changed.
    """
    by_pair = {(link.a, link.b): link for link in links}

    def wire(article: str) -> str | None:
        """The outside source ``article`` gives its whole copy to, if it is its main source."""
        d = parents.get(article)
        if d is None or d.parent_type != EXTERNAL or d.relation != "credited":
            return None
        whole = any(c.kind in WHOLE_COPY and same_source(c.name, [d.parent]) for c in nodes[article].source_credits())
        return d.parent if whole else None

    for article in sorted(parents):
        copy = parents[article].parent
        source = wire(copy) if parents[article].parent_type == ARTICLE else None
        if source is None or nodes[article].source_credits():
            continue
        linked = {b if a == copy else a for a, b in by_pair if copy in (a, b)}
        others = [z for z in sorted(linked - {article}) if wire(z) == source or _uncopied(nodes, parents, z)]
        if others:
            reasons = [_lacks_copy(nodes, readings, article, copy, z, source) for z in others]
            if not all(reasons):
                continue
            evidence = (
                str(reasons[0]),
                f"{copy} and {', '.join(others)} give their whole copy to {source}: a copy of {source} as they are",
            )
        else:
            link = by_pair.get((article, copy)) or by_pair.get((copy, article))
            if link is None or link.kind == "copy":
                continue
            unshown = (
                f"words the text differently from {copy} ({link.kind}), and no other copy of {source} shows whose "
                f"wording is {source}'s: nothing shows it came through {copy}"
            )
            evidence = (unshown, f"{copy} gives its whole copy to {source}: a copy of {source} as it is")
        parents[article] = Derivation(article, source, EXTERNAL, COMMON_TRUST, "common source", evidence)


def _uncopied(nodes: dict[str, Node], parents: dict[str, Derivation], article: str) -> bool:
    """Whether ``article`` has no source and names none: beside a copy of an outside source, another copy of it."""
    return article not in parents and not nodes[article].source_credits()


def _carries_copy(
    nodes: dict[str, Node],
    by_pair: dict[tuple[str, str], Link],
    readings: Readings,
    article: str,
    copy: str,
    source: str,
) -> str | None:
    """Why ``article`` came through ``copy`` rather than from ``source`` directly, or None.

    It follows ``copy``'s wording where ``copy`` changed ``source``'s, or
    the passages it shares with ``copy`` and not with ``source`` hold at
    least :data:`CARRIED` content stems ``source`` lacks; either way it
    keeps no more of what ``copy`` left out of ``source`` than chance
    would. Shared words outside passages are not enough: two outlets' own
    paragraphs on one story share a few words by chance.
    """
    if readings.followed(copy, source, ()) is None:
        return None
    lean = readings.toward(copy, source, [article])
    if lean < 0:
        return None
    with_copy, with_source = spans_of(by_pair, article, copy), spans_of(by_pair, article, source)
    carried = {
        stemmed
        for at, stemmed in nodes[article].placed
        if any(begin <= at < end for begin, end in with_copy) and not any(begin <= at < end for begin, end in with_source)
    } - nodes[source].stems
    kept = len(nodes[article].stems & nodes[source].stems - nodes[copy].stems)
    if lean > 0 and Agreement(len(carried), kept).lean() >= 0:
        return f"follows {copy}'s wording where it changed {source}'s ({lean:.0%} lead): came through {copy}"
    if len(carried) < CARRIED or Agreement(len(carried), kept).lean() <= 0:
        return None
    return (
        f"shares passages with {copy} that {source} lacks ({len(carried)} content stems, against {kept} it kept "
        f"of what {copy} left out): came through {copy}"
    )


#: Content stems an article must share with a copy, in passages the copy's source lacks, to have come through it.
CARRIED = 5


def _lacks_copy(
    nodes: dict[str, Node],
    readings: Readings,
    article: str,
    copy: str,
    source: str,
    origin: str | None = None,
) -> str | None:
    """Why ``article`` shows nothing of what ``copy`` added to ``source``, or None if it does.

    ``origin`` is where that makes the article come from, when not ``source`` itself (another copy of it).
    """
    came = f"copied from {source}" if origin is None else f"copied from {origin}, as {source} was"
    if (copy, source) not in readings.by_pair and (source, copy) not in readings.by_pair:
        return None
    lean = readings.toward(copy, source, [article])
    if lean < 0:
        return f"follows {source}'s wording where {copy} changed it ({-lean:.0%} lead): {came}, not from {copy}"
    if lean > 0:
        return None
    own, copied, original = nodes[article].stems, nodes[copy].stems, nodes[source].stems
    added, kept = len(own & copied - original), len(own & original - copied)
    if Agreement(added, kept).lean() > 0:
        return None
    return (
        f"uses no more of what {copy} added to {source} than chance would, against what it left out "
        f"({added} vs {kept} content stems): {came}, not from {copy}"
    )
