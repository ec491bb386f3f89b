"""Lineage and the summary of each copy cluster, inside the executors.

Each cluster's articles and its copy, light and heavy matches (with their
passages' spans) are gathered in one group and given to the embedded
engine's :func:`provenance.lineage.trace`, as the embedded engine gives it
the rows of its store; the cluster's summary (its first article, outlets,
span and main source) is then made by the report's own
:func:`provenance.report.summarise`. The articles in no cluster that carry
a credit go, a batch at a time, to :func:`provenance.lineage.trace_alone`.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from provenance.spark.arrow import batches, columns, schema

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa
    from pyspark.sql import DataFrame

LINEAGE_SCHEMA = (
    "cluster_id string, article string, n long, parent string, parent_type string, confidence double, "
    "relation string, evidence string"
)
#: A cluster's summary: the fields of a cluster in an export.
CLUSTER_SCHEMA = (
    "id string, articles array<string>, size long, first string, first_outlet string, first_published string, "
    "last_published string, root string, root_type string, outlets array<string>, kinds map<string,long>, "
    "span_hours double, created_scan long, changed_scan long"
)
_TRACED_SCHEMA = f"{LINEAGE_SCHEMA}, summary string"
_CLUSTER_FIELDS = columns(CLUSTER_SCHEMA)
_ARTICLE_COLUMNS = (
    "id",
    "outlet",
    "url",
    "published",
    "published_utc",
    "published_precision",
    "tz_assumed",
    "byline",
    "text",
)


def lineage(traced: DataFrame, alone: DataFrame) -> DataFrame:
    """Every article's sources (see :data:`LINEAGE_SCHEMA`): ``evidence`` is a JSON list, as in the store.

    Args:
        traced: The clusters' lineage and summaries (:func:`trace_clusters`).
        alone: The sources articles in no cluster credit (:func:`trace_alone`).
    """
    from pyspark.sql import functions as F

    return traced.where(F.col("summary").isNull()).drop("summary").unionByName(alone)


def trace_alone(articles: DataFrame, clusters: DataFrame) -> DataFrame:
    """The lineage rows of the articles in no cluster that carry a credit, by the embedded engine's :func:`provenance.lineage.trace_alone`.

    Args:
        articles: The articles (see :mod:`provenance.spark.reading`).
        clusters: ``(cluster_id, article)``.
    """
    from pyspark.sql import functions as F

    from provenance.lineage import trace_alone as trace

    def traced(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        held: Counter[str] = Counter()  # each article's sources, numbered from 1 as the store numbers them
        for batch in incoming:
            found = []
            for _, d in trace(batch.to_pylist()):
                held[d.article] += 1
                found.append(
                    {"article": d.article, "n": held[d.article], "parent": d.parent, "parent_type": d.parent_type,
                     "confidence": d.confidence, "relation": d.relation, "evidence": json.dumps(list(d.evidence))}
                )  # fmt: skip
            yield from batches(found, LINEAGE_SCHEMA)

    return (
        articles.where(F.col("credit").isNotNull())
        .join(clusters.select(F.col("article").alias("id")), "id", "left_anti")
        .select(*_ARTICLE_COLUMNS)
        .mapInArrow(traced, LINEAGE_SCHEMA)
    )


def summaries(traced: DataFrame) -> DataFrame:
    """Every cluster's summary, with the fields of :data:`CLUSTER_SCHEMA`."""
    from pyspark.sql import functions as F

    summary = F.from_json("summary", CLUSTER_SCHEMA)
    return (
        traced.where(F.col("summary").isNotNull())
        .select(summary.alias("s"))
        .select("s.*")
    )


def trace_clusters(
    articles: DataFrame, matches: DataFrame, clusters: DataFrame, kinds: tuple[str, ...]
) -> DataFrame:
    """Each cluster's lineage rows, and one row of its summary (JSON, in ``summary``).

    Split them with :func:`lineage` and :func:`summaries`.

    Args:
        articles: The articles (see :mod:`provenance.spark.reading`).
        matches: The matches (see :mod:`provenance.spark.verification`).
        clusters: ``(cluster_id, article)``.
        kinds: The kinds of match that make clusters.
    """
    from pyspark.sql import functions as F

    from provenance.lineage import trace
    from provenance.report import main_source, summarise

    members = clusters.join(
        articles.select(*_ARTICLE_COLUMNS), clusters.article == articles.id
    ).select(
        "cluster_id",
        F.to_json(F.struct(*_ARTICLE_COLUMNS)).alias("row"),
        F.lit(None).cast("string").alias("link"),
    )
    inside = (
        matches.where(F.col("kind").isin(list(kinds)))
        .join(clusters.select("cluster_id", F.col("article").alias("a")), "a")
        .select("cluster_id", F.lit(None).cast("string").alias("row"),
                F.to_json(F.struct("a", "b", "kind", "a_coverage", "b_coverage", "passages")).alias("link"))
    )  # fmt: skip

    def trace_cluster(table: pa.Table) -> pa.Table:
        import pyarrow as pa

        cluster = table.column("cluster_id")[0].as_py()
        # to_json leaves out null fields; the store's rows hold every column.
        empty = dict.fromkeys(_ARTICLE_COLUMNS)
        rows = [
            {**empty, **json.loads(row)}
            for row in table.column("row").to_pylist()
            if row is not None
        ]
        links = []
        for text in table.column("link").to_pylist():
            if text is None:
                continue
            link = json.loads(text)
            passages = json.loads(link.pop("passages"))
            link["a_spans"] = [(p["a_begin"], p["a_end"]) for p in passages]
            link["b_spans"] = [(p["b_begin"], p["b_end"]) for p in passages]
            links.append(link)
        rows.sort(key=lambda row: row["id"])
        links.sort(key=lambda link: (link["a"], link["b"]))
        derived = []
        firsts: dict[str, tuple[str, str]] = {}
        held: Counter[str] = (
            Counter()
        )  # each article's sources, numbered from 1 as the store numbers them
        for cluster_id, d in trace([(cluster, rows, links)]):
            firsts.setdefault(d.article, (d.parent, d.parent_type))
            held[d.article] += 1
            derived.append(
                {"cluster_id": cluster_id, "article": d.article, "n": held[d.article], "parent": d.parent, "parent_type": d.parent_type,
                 "confidence": d.confidence, "relation": d.relation, "evidence": json.dumps(list(d.evidence))}
            )  # fmt: skip
        counts = Counter(link["kind"] for link in links)
        by_id = {row["id"]: row for row in rows}
        summary = summarise(
            cluster, sorted(by_id), by_id, counts, main_source(firsts)
        ).as_dict()
        summary["articles"] = sorted(summary["articles"])
        derived.append(
            {
                "cluster_id": cluster,
                "summary": json.dumps(
                    {name: summary.get(name) for name in _CLUSTER_FIELDS}
                ),
            }
        )
        return pa.Table.from_pylist(derived, schema=schema(_TRACED_SCHEMA))

    return (
        members.unionByName(inside)
        .groupBy("cluster_id")
        .applyInArrow(trace_cluster, _TRACED_SCHEMA)
    )
