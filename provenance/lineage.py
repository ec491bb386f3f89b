"""Lineage: which article of a copy cluster derives from which.

Detection says two articles share text; lineage says which way it flowed.
For every article of a cluster, the candidates for its source are the
articles it shares text with (weighed by :mod:`provenance.direction`) and
the outside sources its credit lines name. Candidates are taken best
first, each article keeping the first source that does not close a cycle,
so the result is a forest whatever the evidence says. An article whose
chosen source is itself a copy then moves up to that copy's own source
when it shows nothing of the copy's own (:mod:`provenance.intermediaries`).

An article that combines several sources (a roundup taking paragraphs from
two reports, an article crediting two agencies) has a row for each: the
first is the source of its tree, the others are added by
:mod:`provenance.combined` only where they explain text the first does not
and close no cycle.

Articles left without a source but sharing text with another tree of the
cluster are not originals: they and that tree share a source. It is the
outside source the other tree credits where there is one, and otherwise an
unknown source node, so that the tree never pretends that one of them
copied the other. The same common source goes to three copies whose
readings show that each kept wording of a text the other two changed
(:mod:`provenance.siblings`), unless one credits a source of its own.
Articles that share only quotations (kind ``quotes``) are never linked: a
common quotation is the mark of a common statement.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from provenance.clusters import build_clusters
from provenance.combined import ancestors, further_sources
from provenance.credits import Credit, find_credit, find_credits
from provenance.derivations import (
    ARTICLE,
    COMMON_TRUST,
    EXTERNAL,
    UNKNOWN,
    Derivation,
    Link,
    partners_of,
)
from provenance.direction import Node, SourceCredit, direction
from provenance.intermediaries import follow_readings, through_copies, up_to_the_wire
from provenance.leads import article_leads
from provenance.names import agency, display_name, same_source
from provenance.outlets import outlet_from_url
from provenance.readings import Readings, Wording, wording
from provenance.siblings import lost_source
from provenance.timeline import before, describe, window
from provenance.tokens import placed_stems

#: Probability a direction must exceed before an article can be another's source.
MIN_DIRECTION = 0.5
#: Confidence in an outside source by the kind of credit that names it.
CREDIT_TRUST = {
    "originally": 0.95,
    "contributed": 0.9,
    "source": 0.9,
    "via": 0.9,
    "dateline": 0.9,
    "byline": 0.8,
    "according": 0.7,
}


def _coverage_totals(members: list[str], links: list[Link]) -> dict[str, float]:
    """For each member, the summed shares of its partners that it covers."""
    total = dict.fromkeys(members, 0.0)
    for link in links:
        total[link.a] += link.b_share
        total[link.b] += link.a_share
    return total


def _reach(link: Link, totals: dict[str, float]) -> dict[str, float]:
    """How much of the cluster's other articles each side of ``link`` covers, on average.

    The pair itself is left out: its own shares are the containment
    evidence, not reach. Empty when the cluster has no third article.
    """
    others = len(totals) - 2
    if others <= 0:
        return {}
    return {link.a: (totals[link.a] - link.b_share) / others, link.b: (totals[link.b] - link.a_share) / others}


def _leans(readings: Readings, links: list[Link], partners: dict[str, set[str]]) -> dict[tuple[str, str], float]:
    """For each link, how far the copies sharing text with both follow A's readings rather than B's."""
    leans = {}
    for link in links:
        others = sorted(partners[link.a] & partners[link.b])
        if others and link.a_spans:
            leans[(link.a, link.b)] = readings.toward(link.a, link.b, others)
    return leans


def _external_name(credit: SourceCredit, cluster_credits: list[SourceCredit]) -> str:
    """One name for an outside source however each article spells it."""
    return display_name(c.name for c in cluster_credits if same_source(c.name, credit.name))


def _without_other_sources(nodes: dict[str, Node], partners: dict[str, set[str]], a: str, b: str) -> dict[str, Node]:
    """The two articles of a link, each without the material it has from an earlier article linked to it alone.

    Containment reads the material one article has and the other lacks as
    the mark of a source. A roundup that took paragraphs from two reports
    has material each report lacks, and it came from the other report: it
    says nothing about which of the pair copied which, so it is left out.
    Only an article certainly published before can have supplied it: in a
    star of copies the source's material is in its later copies, and it is
    the very evidence that it is the source.
    """
    pair = {}
    for one, other in ((a, b), (b, a)):
        elsewhere = [
            z for z in partners[one] - partners[other] - {other} if before(nodes[z].window, nodes[one].window)
        ]
        explained = frozenset().union(*(nodes[z].stems for z in elsewhere)) & (nodes[one].stems - nodes[other].stems)
        pair[one] = replace(nodes[one], stems=nodes[one].stems - explained) if explained else nodes[one]
    return pair


def _candidates(nodes: dict[str, Node], links: list[Link], readings: Readings) -> list[tuple[float, str, Derivation]]:
    """Every possible source of every article, with a score to rank them."""
    found: list[tuple[float, str, Derivation]] = []
    credits = [c for node in nodes.values() for c in node.source_credits()]
    totals = _coverage_totals(list(nodes), links)
    partners = partners_of(links)
    leans = _leans(readings, links, partners)
    credited_by = {n: {z for z in nodes if z != n and nodes[z].credits_outlet(nodes[n])} for n in nodes}
    leads = article_leads(nodes, links)
    for link in links:
        reach = _reach(link, totals)
        lean = leans.get((link.a, link.b), 0.0)
        pair = _without_other_sources(nodes, partners, link.a, link.b)
        # An article's lead is never a sign it is the source; a derivative's lead from a third is a sign this is not.
        as_source, as_derived = {}, {}
        for one, other, shared in ((link.a, link.b, link.a_spans), (link.b, link.a, link.b_spans)):
            as_source[one] = leads[one].without(pair[one], shared)
            as_derived[one] = leads[one].without(pair[one], shared, other)
        for source, derived, derived_share, source_share, source_lean in (
            (link.a, link.b, link.b_share, link.a_share, lean),
            (link.b, link.a, link.a_share, link.b_share, -lean),
        ):
            named = (len(credited_by[source] - {derived}), len(credited_by[derived] - {source}))
            openings = (
                len(pair[source].stems) - len(as_source[source].stems),
                len(pair[derived].stems) - len(as_derived[derived].stems),
            )
            case = direction(
                as_source[source], as_derived[derived], derived_share, source_share, reach, source_lean, named, openings
            )
            confidence = round(case.probability, 3)
            # Judged at the precision stored: float noise in a tie is no direction.
            if not case.possible or confidence <= MIN_DIRECTION:
                continue
            relation = "version" if nodes[source].same_outlet(nodes[derived]) else link.kind
            evidence = (*case.evidence, f"shares text with it ({link.kind}, {derived_share:.0%} of {derived} covered)")
            if relation == "version":
                evidence += ("same outlet: an update of its own article, not a copy",)
            found.append(
                (confidence, derived, Derivation(derived, source, ARTICLE, confidence, relation, evidence))
            )
    linked = {(link.a, link.b) for link in links} | {(link.b, link.a) for link in links}
    for node in nodes.values():
        in_cluster = [other for other in nodes.values() if other.id != node.id]
        for credit in node.source_credits():
            trust = CREDIT_TRUST.get(credit.kind, 0.8)
            named = [other for other in in_cluster if other.outlet_names and same_source(credit.name, other.outlet_names)]
            for other in named:
                if (node.id, other.id) not in linked and before(other.window, node.window) is not False:
                    # A rewrite too loose to align with its source still names it.
                    evidence = (f'{node.id} credits it: "{credit.line}"', "shares no aligned passage with it, only the copy cluster")
                    found.append((trust, node.id, Derivation(node.id, other.id, ARTICLE, trust, "credited", evidence)))
            if named:
                continue  # an article of the cluster: weighed above
            name = _external_name(credit, credits)
            evidence = (f'credits {credit.name}: "{credit.line}"', f"{name} is not in the corpus")
            found.append((trust, node.id, Derivation(node.id, name, EXTERNAL, trust, "credited", evidence)))
    return found


def _root(parents: dict[str, Derivation], node: str) -> tuple[str, str]:
    """The top of ``node``'s tree: ``(id or name, type)``."""
    while node in parents:
        derivation = parents[node]
        if derivation.parent_type != ARTICLE:
            return derivation.parent, derivation.parent_type
        node = derivation.parent
    return node, ARTICLE


def infer(cluster_id: str, nodes: Iterable[Node], links: Iterable[Link]) -> list[Derivation]:
    """The sources of every article of one copy cluster.

    Args:
        cluster_id: The cluster's id (names its unknown source, if any).
        nodes: The cluster's articles.
        links: The ``copy``/``light``/``heavy`` matches between them.

    Returns:
        The derivations, sorted by article id, each article's main source
        first and any further sources after it; articles with none are
        originals.
    """
    by_id = {node.id: node for node in sorted(nodes, key=lambda n: n.id)}
    links = sorted((link for link in links if link.a in by_id and link.b in by_id), key=lambda l: (l.a, l.b))
    parents: dict[str, Derivation] = {}
    readings = Readings({node.id: node.wording for node in by_id.values()}, links)
    # An article's credit naming another of the cluster outranks any weighing of content and time.
    ranked = sorted(
        _candidates(by_id, links, readings),
        key=lambda item: (not _credits_article(by_id, item[2]), -item[0], item[1], item[2].parent),
    )
    for _, article, derivation in ranked:
        if article in parents:
            continue
        if derivation.parent_type == ARTICLE and article in ancestors(parents, {}, derivation.parent):
            continue
        parents[article] = derivation
    follow_readings(by_id, ranked, parents, readings)
    through_copies(by_id, links, ranked, parents, readings)
    up_to_the_wire(by_id, links, parents, readings)
    freed = lost_source(by_id, links, parents, readings)
    for article in freed:  # one that credits an outside source has it
        credited = next((d for _, a, d in ranked if a == article and d.parent_type == EXTERNAL), None)
        if credited:
            parents[article] = replace(credited, evidence=(freed[article], *credited.evidence))
    more = further_sources(links, ranked, parents)
    _common_sources(cluster_id, by_id, links, parents, more, freed)
    return [d for article in sorted(parents) for d in (parents[article], *more.get(article, ()))]


def _credits_article(nodes: dict[str, Node], derivation: Derivation) -> bool:
    """Whether the article credits the outlet of the corpus article offered as its source."""
    return derivation.parent_type == ARTICLE and nodes[derivation.article].credits_outlet(nodes[derivation.parent]) is not None


def _common_sources(
    cluster_id: str,
    nodes: dict[str, Node],
    links: list[Link],
    parents: dict[str, Derivation],
    more: dict[str, list[Derivation]],
    freed: dict[str, str],
) -> None:
    """Give a shared source to article roots that share text with another tree.

    An article's further source joins its tree to the source's tree: text
    shared across them is accounted for, and crosses nothing. ``freed``
    says why an article was freed from a sibling given as its source, and
    leads its evidence.
    """
    roots = {node: _root(parents, node) for node in nodes}
    # Trees are named by their root; those a further source joins are one.
    names = {node: f"{kind}:{name}" for node, (name, kind) in roots.items()}
    joined = build_clusters((names[d.article], names[d.parent]) for ds in more.values() for d in ds if d.parent_type == ARTICLE)
    tree = {name: cluster.id for cluster in joined for name in cluster.articles}
    crossing: dict[str, list[tuple[Link, str]]] = defaultdict(list)
    for link in links:
        if tree.get(names[link.a], names[link.a]) != tree.get(names[link.b], names[link.b]):
            crossing[link.a].append((link, link.b))
            crossing[link.b].append((link, link.a))
    orphans = sorted(node for node in nodes if node not in parents and (crossing[node] or node in freed))
    if not orphans:
        return
    unknown = "unknown:" + (cluster_id or hashlib.sha1(orphans[0].encode()).hexdigest()[:10])
    for orphan in orphans:
        why = (freed[orphan],) if orphan in freed else ()
        outside = sorted(
            {(roots[other][0], other, link.kind) for link, other in crossing[orphan] if roots[other][1] == EXTERNAL}
        )
        if outside:
            name, sibling, kind = outside[0]
            evidence = (
                f"shares text with {sibling} ({kind}), which credits {name}",
                "credits no source and cannot be shown to be one: a sibling from the same source",
            )
            parents[orphan] = Derivation(orphan, name, EXTERNAL, COMMON_TRUST, "common source", (*why, *evidence))
        else:
            siblings = sorted({other for _, other in crossing[orphan]})
            evidence = (
                *([f"shares text with {', '.join(siblings)}, but neither can be shown to be the other's source"] if siblings else []),
                "no credit line names a source: an unknown common source",
            )
            parents[orphan] = Derivation(orphan, unknown, UNKNOWN, COMMON_TRUST, "common source", (*why, *evidence))


def _credited_names(name: str) -> list[str]:
    """The sources one credit names: "Reuters and The Associated Press contributed" credits two agencies.

    Split only where every part is an agency: "Barnes and Noble" and
    "Jane Roe and John Doe" stay whole.
    """
    parts = [part for part in re.split(r"\s*(?:,|&|/|\band\b)\s*", name, flags=re.IGNORECASE) if part]
    if len(parts) > 1 and all(agency(part) for part in parts):
        return parts
    return [name]


def _without_credits(text: str, credits: list[Credit]) -> str:
    """``text`` with its credit lines blanked out.

    A credit line is not material: a verbatim republication that adds
    "Originally reported by Coastal Wire" must not have words its source
    lacks, or containment would read the copy as the fuller original.
    """
    for credit in credits:
        text = text[: credit.begin] + " " * (credit.end - credit.begin) + text[credit.end :]
    return text


def node(row: dict[str, Any], content: bool = True) -> Node:
    """An article's lineage view from its stored row (id, outlet, url, times, byline, text).

    Without ``content`` it has only its names, times and credits: all an
    article sharing text with no other needs, and the stems and word runs
    are the costly part.
    """
    names = tuple(name for name in (row.get("outlet"), outlet_from_url(row.get("url"))) if name)
    found = find_credits(row["text"])
    byline = find_credit("", row.get("byline"))
    credits = [
        SourceCredit(name, c.kind, c.line)
        for c in [*found, *([byline] if byline else [])]
        for name in _credited_names(c.source)
    ]
    # An outlet's own name in its dateline or byline ("(CNN) -") is no credit.
    own = [c for c in credits if names and same_source(c.name, names)]
    placed = tuple(placed_stems(_without_credits(row["text"], found))) if content else ()
    return Node(
        id=row["id"],
        outlet_names=names,
        window=window(row.get("published_utc"), row.get("published_precision"), bool(row.get("tz_assumed"))),
        when=describe(row.get("published"), row.get("published_precision"), bool(row.get("tz_assumed"))),
        credits=tuple(dict.fromkeys(c for c in credits if c not in own)),
        stems=frozenset(s for _, s in placed),
        placed=placed,
        wording=wording(row["text"]) if content else Wording(),
    )


def trace(clusters: Iterable[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]) -> list[tuple[str, Derivation]]:
    """Lineage of every cluster, from stored rows (see :func:`provenance.lineage_store.lineage_inputs`)."""
    result = []
    for cluster_id, rows, matches in clusters:
        links = [
            Link(
                m["a"],
                m["b"],
                m["kind"],
                m["a_coverage"],
                m["b_coverage"],
                tuple(m.get("a_spans", ())),
                tuple(m.get("b_spans", ())),
            )
            for m in matches
        ]
        result += [(cluster_id, d) for d in infer(cluster_id, (node(row) for row in rows), links)]
    return result


def trace_alone(rows: Iterable[dict[str, Any]]) -> list[tuple[None, Derivation]]:
    """The outside sources that articles in no copy cluster credit, from their stored rows.

    An article sharing text with nothing in the corpus still says where it
    came from: "Originally reported by The Verge" or "(AP) -" makes The
    Verge or AP its source, though no copy of it was scanned. Its rows
    belong to no cluster (``None``).
    """
    return [(None, d) for row in rows for d in infer("", [node(row, content=False)], [])]
