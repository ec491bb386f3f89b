"""The copy-cluster report: one row per cluster, for people to read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from provenance import findings, lineage_store
from provenance.kinds import DERIVED
from provenance.names import same_source
from provenance.store import Store


@dataclass(frozen=True)
class ClusterSummary:
    """A copy cluster as the report shows it.

    Attributes:
        id: Cluster id.
        size: Articles in it.
        first: Id of the earliest-published member (``None`` if none is dated).
        first_outlet: Its outlet.
        first_published: Its publication time (UTC).
        outlets: Distinct outlets of the members, in order of first appearance.
        kinds: How many matches inside the cluster are copy, light and heavy.
        span_hours: Hours from the first to the last dated member.
        articles: Member ids.
        created_scan: The scan in which the cluster appeared.
        changed_scan: The last scan that changed it (members, matches or
            an article's metadata).
        merged: Ids of clusters merged into this one, with the scan that did it.
        root: The source at the top of the cluster's largest lineage tree:
            an article id, an outside source's name, or an unknown source.
        root_type: ``article``, ``external`` or ``unknown``.
        last_published: The publication time (UTC) of the latest dated member.
    """

    id: str
    size: int
    first: str | None
    first_outlet: str | None
    first_published: str | None
    outlets: tuple[str, ...]
    kinds: dict[str, int]
    span_hours: float | None
    articles: tuple[str, ...]
    created_scan: int | None = None
    changed_scan: int | None = None
    merged: tuple[tuple[str, int], ...] = ()
    root: str | None = None
    root_type: str | None = None
    last_published: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON and CSV."""
        values = asdict(self)
        values["outlets"] = list(self.outlets)
        values["articles"] = list(self.articles)
        values["merged"] = [{"id": merged, "scan": scan} for merged, scan in self.merged]
        return values


def main_source(parents: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The top of the largest lineage tree among one cluster's articles, as ``(name, type)``.

    Args:
        parents: Each article's first source, as ``(parent, parent_type)``.

    Ties go to an outside source over an article (it explains the others),
    then to the name first in order, so the answer never depends on the
    order rows were stored in.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for article in parents:
        top, seen = (article, "article"), set()
        while top[1] == "article" and top[0] in parents and top[0] not in seen:
            seen.add(top[0])
            top = parents[top[0]]
        counts[top] += 1
    if not counts:
        return None
    return min(counts, key=lambda root: (-counts[root], root[1] == "article", root[0]))


def _roots(store: Store) -> dict[str, tuple[str, str]]:
    """Each cluster's main source (see :func:`main_source`)."""
    parents: dict[str, dict[str, tuple[str, str]]] = {}
    for row in lineage_store.lineage_rows(store):
        if row["n"] == 1:
            parents.setdefault(row["cluster_id"], {})[row["article"]] = (row["parent"], row["parent_type"])
    return {cluster: root for cluster, firsts in parents.items() if (root := main_source(firsts)) is not None}


def cluster_summaries(store: Store, since: int | None = None) -> list[ClusterSummary]:
    """Every copy cluster, largest first.

    Args:
        store: The store.
        since: Only clusters created or changed by this scan or a later one.

    Returns:
        One summary per cluster.
    """
    roots = _roots(store)
    articles = {row["id"]: row for row in store.article_rows("id, outlet, published_utc")}
    member_of = {}
    clusters = [c for c in findings.cluster_rows(store) if since is None or (c["changed_scan"] or 0) >= since]
    merges: dict[str, list[tuple[str, int]]] = {}
    for row in store.db.query('select merged, "into", scan_id from cluster_merges order by scan_id, merged'):
        merges.setdefault(row["into"], []).append((row["merged"], row["scan_id"]))
    for cluster in clusters:
        for article in cluster["articles"]:
            member_of[article] = cluster["id"]
    kinds: dict[str, Counter[str]] = {cluster["id"]: Counter() for cluster in clusters}
    for match in findings.match_rows(store):
        cluster_id = member_of.get(match["a"])
        if cluster_id and match["kind"] in DERIVED and member_of.get(match["b"]) == cluster_id:
            kinds[cluster_id][match["kind"]] += 1
    return [
        summarise(
            cluster["id"],
            cluster["articles"],
            articles,
            kinds[cluster["id"]],
            roots.get(cluster["id"]),
            created_scan=cluster["created_scan"],
            changed_scan=cluster["changed_scan"],
            merged=tuple(merges.get(cluster["id"], ())),
        )
        for cluster in clusters
    ]


def summarise(
    cluster: str,
    members: Iterable[str],
    articles: Mapping[str, Mapping[str, Any]],
    kinds: Mapping[str, int],
    root: tuple[str, str] | None,
    *,
    created_scan: int | None = None,
    changed_scan: int | None = None,
    merged: tuple[tuple[str, int], ...] = (),
) -> ClusterSummary:
    """One cluster's summary, from its members' rows (``outlet``, ``published_utc``) and its matches' kinds.

    Both engines summarise a cluster with this function: the embedded
    report from the store, the Spark engine inside its executors.
    """
    dated = sorted((articles[a]["published_utc"], a) for a in members if articles[a]["published_utc"])
    ordered = [a for _, a in dated] + sorted(a for a in members if not articles[a]["published_utc"])
    outlets = tuple(dict.fromkeys(articles[a]["outlet"] for a in ordered if articles[a]["outlet"]))
    span = None
    if len(dated) >= 2:
        span = (dt.datetime.fromisoformat(dated[-1][0]) - dt.datetime.fromisoformat(dated[0][0])).total_seconds() / 3600
    first = dated[0][1] if dated else None
    # A cluster without lineage rows has no direction: its first article stands for it.
    root_name, root_type = root or ((first, "article") if first else (None, None))
    return ClusterSummary(
        id=cluster,
        size=len(ordered),
        first=first,
        first_outlet=articles[first]["outlet"] if first else None,
        first_published=dated[0][0] if dated else None,
        outlets=outlets,
        kinds={kind: kinds.get(kind, 0) for kind in DERIVED},
        span_hours=round(span, 2) if span is not None else None,
        articles=tuple(ordered),
        created_scan=created_scan,
        changed_scan=changed_scan,
        merged=merged,
        root=root_name,
        root_type=root_type,
        last_published=dated[-1][0] if dated else None,
    )


#: Orders ``provenance clusters --sort`` offers, each a key on a summary.
SORTS = ("size", "first", "span", "outlets", "id")


def select(
    summaries: list[ClusterSummary],
    outlet: str | None = None,
    min_size: int = 0,
    kind: str | None = None,
    sort: str = "size",
    published_since: str | None = None,
) -> list[ClusterSummary]:
    """The summaries a reader asked for, in the order asked for.

    Args:
        summaries: From :func:`cluster_summaries`.
        outlet: Only clusters with an article from this outlet (by any of
            its names: "The Verge", "theverge", theverge.com).
        min_size: Only clusters of at least this many articles.
        kind: Only clusters with at least one match of this kind.
        sort: One of :data:`SORTS`: largest, earliest, longest-lived, most
            outlets first, or by id.
        published_since: Only clusters with an article published at or
            after this UTC time (ISO 8601): the stories still spreading.
    """
    chosen = [
        s
        for s in summaries
        if s.size >= min_size
        and (kind is None or s.kinds.get(kind, 0) > 0)
        and (outlet is None or same_source(outlet, s.outlets))
        and (published_since is None or (s.last_published is not None and s.last_published >= published_since))
    ]
    keys = {
        "size": lambda s: (-s.size, s.id),
        "first": lambda s: (s.first_published is None, s.first_published or "", s.id),
        "span": lambda s: (s.span_hours is None, -(s.span_hours or 0.0), s.id),
        "outlets": lambda s: (-len(s.outlets), s.id),
        "id": lambda s: (s.id,),
    }
    return sorted(chosen, key=keys[sort])
