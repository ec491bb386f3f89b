"""The copy-cluster report: one row per cluster, for people to read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass

from provenance import findings
from provenance.kinds import DERIVED
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

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON and CSV."""
        values = asdict(self)
        values["outlets"] = list(self.outlets)
        values["articles"] = list(self.articles)
        values["merged"] = [{"id": merged, "scan": scan} for merged, scan in self.merged]
        return values


def cluster_summaries(store: Store, since: int | None = None) -> list[ClusterSummary]:
    """Every copy cluster, largest first.

    Args:
        store: The store.
        since: Only clusters created or changed by this scan or a later one.

    Returns:
        One summary per cluster.
    """
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
    summaries = []
    for cluster in clusters:
        members = cluster["articles"]
        dated = sorted((articles[a]["published_utc"], a) for a in members if articles[a]["published_utc"])
        ordered = [a for _, a in dated] + sorted(a for a in members if not articles[a]["published_utc"])
        outlets = tuple(dict.fromkeys(articles[a]["outlet"] for a in ordered if articles[a]["outlet"]))
        span = None
        if len(dated) >= 2:
            span = (dt.datetime.fromisoformat(dated[-1][0]) - dt.datetime.fromisoformat(dated[0][0])).total_seconds() / 3600
        first = dated[0][1] if dated else None
        summaries.append(
            ClusterSummary(
                id=cluster["id"],
                size=len(members),
                first=first,
                first_outlet=articles[first]["outlet"] if first else None,
                first_published=dated[0][0] if dated else None,
                outlets=outlets,
                kinds={kind: kinds[cluster["id"]][kind] for kind in DERIVED},
                span_hours=round(span, 2) if span is not None else None,
                articles=tuple(ordered),
                created_scan=cluster["created_scan"],
                changed_scan=cluster["changed_scan"],
                merged=tuple(merges.get(cluster["id"], ())),
            )
        )
    return summaries
