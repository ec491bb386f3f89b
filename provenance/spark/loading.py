"""Loading a Spark scan's tables into a SQLite store, so that every report command reads them.

The load is one scan of the store: its articles are stored as a scan
stores them (new ids added, changed texts kept as new versions), and its
matches, passages, furniture, clusters and lineage replace the store's, all
in one transaction, so that a load that fails leaves the store as it was.
Every article is marked checked with its content and furniture hashes, as
the embedded engine marks what it compared; the stored corpus index is
dropped, so the next embedded scan builds it again from the texts and
compares only what it adds.

A store holding articles that the Spark scan did not read is refused:
their matches with the scan's articles were never looked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from itertools import groupby, islice
from typing import TYPE_CHECKING, Any

from provenance import writer
from provenance.alignment import Passage
from provenance.article import Article
from provenance.boilerplate import Furniture
from provenance.clusters import Cluster, reconcile
from provenance.derivations import Derivation
from provenance.errors import ProvenanceError
from provenance.export import MATCH_FIELDS, PASSAGE_FIELDS
from provenance.ingest import Problem
from provenance.store import AddCounts, Store

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from provenance.detect import DetectSettings, Match
    from provenance.spark.tables import Tables

#: Rows stored per batch.
_BATCH = 2000
_ARTICLE_INIT = tuple(f.name for f in fields(Article) if f.init)


@dataclass
class Loaded:
    """What a load stored: the scan it made, and its counts."""

    scan_id: int
    counts: AddCounts
    problems: int
    matches: int
    clusters: int
    lineage: int


def _rows(frame: DataFrame, *order: str) -> Iterator[dict[str, Any]]:
    """A table's rows in order, a partition at a time (never the whole table in memory)."""
    sorted_frame = frame.orderBy(*order) if order else frame
    for row in sorted_frame.toLocalIterator():
        yield row.asDict()


def _chunks(rows: Iterable[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _matches(matches: DataFrame, passages: DataFrame) -> Iterator[Match]:
    """Each match with its passages, joined in (a, b) order as both tables stream in."""
    from provenance.detect import Match

    grouped = groupby(
        _rows(passages, "a", "b", "n"), key=lambda row: (row["a"], row["b"])
    )
    pending = next(grouped, None)
    for row in _rows(matches, "a", "b"):
        pair = (row["a"], row["b"])
        while pending is not None and pending[0] < pair:
            pending = next(grouped, None)
        found: tuple[Passage, ...] = ()
        if pending is not None and pending[0] == pair:
            found = tuple(
                Passage(**{name: p[name] for name in PASSAGE_FIELDS})
                for p in pending[1]
            )
            pending = next(grouped, None)
        yield Match(**{name: row[name] for name in MATCH_FIELDS}, passages=found)


def load(
    store: Store,
    tables: Tables,
    inputs: list[str],
    tool_version: str,
    settings: DetectSettings,
) -> Loaded:
    """Store a Spark scan's tables (as read back from its Parquet folder).

    Args:
        store: The store to load into.
        tables: The scan's tables.
        inputs: The paths the scan read, recorded with the scan.
        tool_version: Recorded with the scan.
        settings: The detection settings the scan ran with: recorded, so
            that a later embedded scan with the same settings compares only
            what it adds.

    Raises:
        ProvenanceError: The store holds articles the scan did not read.
        BusyError: A scan is writing to the store.
    """
    with writer.writing(store.path):
        ids = {
            row["id"]: (row["content_hash"], row["furniture_hash"])
            for row in _rows(
                tables.articles.select("id", "content_hash", "furniture_hash")
            )
        }
        outside = [
            row[0]
            for row in store.db.execute("select id from articles")
            if row[0] not in ids
        ]
        if outside:
            raise ProvenanceError(
                f"{store.path} holds {len(outside)} articles this Spark scan did not read (such as {outside[0]!r}): "
                "load into a new --db, or give the scan their files too"
            )
        problems = [
            Problem(row["path"], row["message"], row["line"], bool(row["fatal"]))
            for row in _rows(tables.problems)
        ]
        scan_id = store.begin_scan(inputs, tool_version)
        try:
            with store.transaction():
                counts, matches, clusters, lineage = _store_tables(
                    store, tables, ids, problems, scan_id, settings
                )
        except BaseException:
            store.finish_scan(scan_id, "failed", {"records": len(ids)})
            raise
        status = "partial" if any(p.fatal for p in problems) else "ok"
        store.finish_scan(
            scan_id,
            status,
            {"records": len(ids), "added": counts.added, "versions": counts.versions, "updated": counts.updated,
             "unchanged": counts.unchanged, "skipped": sum(p.fatal for p in problems)},
        )  # fmt: skip
        return Loaded(scan_id, counts, len(problems), matches, clusters, lineage)


def _store_tables(
    store: Store,
    tables: Tables,
    ids: dict[str, tuple[str, str]],
    problems: list[Problem],
    scan_id: int,
    settings: DetectSettings,
) -> tuple[AddCounts, int, int, int]:
    """Everything the tables hold, written inside the caller's transaction: added counts, matches, clusters, lineage rows."""
    from provenance import findings, lineage_store

    counts = AddCounts()
    for chunk in _chunks(_rows(tables.articles)):
        counts += store.add_articles(
            (Article(**{name: row[name] for name in _ARTICLE_INIT}) for row in chunk),
            scan_id,
        )
    store.add_problems(scan_id, problems)
    hashes = {article_id: content for article_id, (content, _) in ids.items()}
    checked = sorted(ids)
    matches = 0
    for chunk in _chunks(_matches(tables.matches, tables.passages)):
        findings.replace_matches(store, checked, chunk, hashes, scan_id)
        checked, matches = [], matches + len(chunk)
    if checked:
        findings.replace_matches(store, checked, [], hashes, scan_id)
    findings.mark_checked(
        store,
        [(article_id, content, held) for article_id, (content, held) in ids.items()],
    )
    findings.save_furniture(
        store, (Furniture(**row) for row in _rows(tables.furniture))
    )
    # The next embedded scan builds the index again from the texts, as after a change of settings.
    store.db.execute("delete from postings")
    named = [
        Cluster(row["id"], tuple(sorted(row["articles"])))
        for row in _rows(tables.clusters.select("id", "articles"))
    ]
    reconciled = reconcile(findings.stored_clusters(store), named, ids)
    renamed = {
        spark.id: kept.id
        for spark, kept in zip(
            sorted(named, key=_members),
            sorted(reconciled.clusters, key=_members),
        )
    }
    findings.save_clusters(store, reconciled, scan_id)
    derivations = (
        (
            renamed[row["cluster_id"]] if row["cluster_id"] is not None else None,
            Derivation(
                row["article"],
                row["parent"],
                row["parent_type"],
                row["confidence"],
                row["relation"],
                tuple(row["evidence"] or ()),
            ),
        )
        for row in _rows(tables.lineage, "cluster_id", "article", "n")
    )
    # Every article was read: the lineage of those in no cluster is replaced whole.
    lineage_store.save_lineage(
        store, derivations, [cluster.id for cluster in reconciled.clusters], alone=None
    )
    lineage = store.count("lineage")
    findings.set_meta(store, "detect_settings", settings.key())
    findings.set_meta(store, lineage_store.LONE_LINEAGE, "1")
    findings.set_meta(store, findings.DETECTED_SCAN, str(scan_id))
    return counts, matches, len(reconciled.clusters), lineage


def _members(cluster: Cluster) -> tuple[str, ...]:
    return cluster.articles
