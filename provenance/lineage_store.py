"""Lineage in the store: the rows lineage reads, and the derivations it concluded.

Beside :mod:`provenance.findings` (what detection found) so that the SQL
of lineage, a cluster's inputs, the articles in no cluster and the
``lineage`` table, stays in one place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from provenance import findings
from provenance.store import Store, in_chunks

if TYPE_CHECKING:
    from provenance.derivations import Derivation

#: Meta key set once a scan has worked out the lineage of articles in no cluster: stores made before have none.
LONE_LINEAGE = "lone_lineage"
#: The columns of an article that lineage reads.
_LINEAGE_COLUMNS = "id, outlet, url, published, published_utc, published_precision, tz_assumed, byline, text"


def lineage_inputs(
    store: Store, only: Iterable[str] | None = None
) -> Iterator[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
    """Per copy cluster (of ``only``, if given): its id, its articles' rows and its copy/light/heavy matches."""
    members = findings.stored_clusters(store)
    if only is not None:
        wanted = set(only)
        members = {cluster: articles for cluster, articles in members.items() if cluster in wanted}
    where = {article: cluster for cluster, articles in members.items() for article in articles}
    articles: dict[str, list[dict[str, Any]]] = {cluster: [] for cluster in members}
    links: dict[str, list[dict[str, Any]]] = {cluster: [] for cluster in members}
    for chunk, marks in in_chunks(sorted(where)):
        for row in store.db.query(f"select {_LINEAGE_COLUMNS} from articles where id in ({marks})", chunk):
            articles[where[row["id"]]].append(row)
        for row in store.db.query(
            f"select a, b, kind, a_coverage, b_coverage from matches where a in ({marks}) "
            "and kind in ('copy', 'light', 'heavy')",
            chunk,
        ):
            if where[row["a"]] == where.get(row["b"]):
                links[where[row["a"]]].append({**row, "a_spans": [], "b_spans": []})
    _add_spans(store, [link for cluster_links in links.values() for link in cluster_links])
    for cluster in sorted(members):
        yield cluster, articles[cluster], links[cluster]


def lone_inputs(store: Store, among: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The rows of articles (of ``among``, if given) in no copy cluster."""
    # Not only those with a credit when stored: credits are read again, perhaps by newer rules.
    query = f"select {_LINEAGE_COLUMNS} from articles where id not in (select article_id from cluster_members)"
    if among is None:
        return list(store.db.query(query + " order by id"))
    rows = []
    for chunk, marks in in_chunks(sorted(set(among))):
        rows += store.db.query(f"{query} and id in ({marks})", chunk)
    return sorted(rows, key=lambda row: row["id"])


def _add_spans(store: Store, links: list[dict[str, Any]]) -> None:
    """Fill each link's ``a_spans`` and ``b_spans`` from its stored passages."""
    by_pair = {(link["a"], link["b"]): link for link in links}
    firsts = sorted({a for a, _ in by_pair})
    for chunk, marks in in_chunks(firsts):
        for row in store.db.query(
            f"select a, b, a_begin, a_end, b_begin, b_end from passages where a in ({marks}) order by a, b, n", chunk
        ):
            link = by_pair.get((row["a"], row["b"]))
            if link is not None:
                link["a_spans"].append((row["a_begin"], row["a_end"]))
                link["b_spans"].append((row["b_begin"], row["b_end"]))


def save_lineage(
    store: Store,
    derivations: Iterable[tuple[str | None, Derivation]],
    clusters: Iterable[str],
    alone: Iterable[str] | None = (),
) -> None:
    """Store ``(cluster id, derivation)`` pairs in place of the lineage of ``clusters`` and ``alone`` articles.

    ``alone`` are articles whose lineage outside any cluster (cluster id
    ``None``: only the sources they credit) is worked out again; ``None``
    for all of them. The lineage of clusters gone, and the clusterless rows
    of articles now in a cluster, are dropped.
    """
    # "not in" an empty set is true even of null: rows of no cluster are kept by name.
    store.db.execute("delete from lineage where cluster_id is not null and cluster_id not in (select id from clusters)")
    store.db.execute("delete from lineage where cluster_id is null and article in (select article_id from cluster_members)")
    for chunk, marks in in_chunks(sorted(set(clusters))):
        store.db.execute(f"delete from lineage where cluster_id in ({marks})", chunk)
    if alone is None:
        store.db.execute("delete from lineage where cluster_id is null")
    for chunk, marks in in_chunks(sorted(set(alone or ()))):
        store.db.execute(f"delete from lineage where cluster_id is null and article in ({marks})", chunk)
    counts: dict[str, int] = {}
    rows = []
    for cluster, d in derivations:
        counts[d.article] = counts.get(d.article, 0) + 1
        rows.append(
            {
                "article": d.article,
                "n": counts[d.article],
                "parent": d.parent,
                "parent_type": d.parent_type,
                "confidence": d.confidence,
                "relation": d.relation,
                "evidence": json.dumps(list(d.evidence)),
                "cluster_id": cluster,
            }
        )
    store.db["lineage"].insert_all(rows, pk=("article", "n"), batch_size=500)


def lineage_rows(store: Store, cluster: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
    """Stored derivations (evidence as a list), by cluster then article: all, a cluster's, or an article's own."""
    where, params = ("", [])
    if cluster:
        where, params = ("where cluster_id = ?", [cluster])
    elif article:
        where, params = ("where article = ?", [article])
    return [
        {**row, "evidence": json.loads(row["evidence"])}
        for row in store.db.query(f"select * from lineage {where} order by cluster_id, article, n", params)
    ]
