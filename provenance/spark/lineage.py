"""Lineage per copy cluster, inside the executors.

Each cluster's articles and its copy, light and heavy matches (with their
passages' spans) are gathered in one group and given to the embedded
engine's :func:`provenance.lineage.trace`, as the embedded engine gives it
the rows of its store.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from provenance.spark.arrow import schema

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

LINEAGE_SCHEMA = (
    "cluster_id string, article string, parent string, parent_type string, confidence double, relation string, "
    "evidence string"
)
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


def lineage(
    articles: DataFrame, matches: DataFrame, clusters: DataFrame, kinds: tuple[str, ...]
) -> DataFrame:
    """Every article's sources: ``evidence`` is a JSON list, as in the store.

    Args:
        articles: The articles (see :mod:`provenance.spark.reading`).
        matches: The matches (see :mod:`provenance.spark.verification`).
        clusters: ``(cluster_id, article)``.
        kinds: The kinds of match that make clusters.
    """
    from pyspark.sql import functions as F

    from provenance.lineage import trace

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
        rows = [
            json.loads(row)
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
        derived = [
            {"cluster_id": cluster_id, "article": d.article, "parent": d.parent, "parent_type": d.parent_type,
             "confidence": d.confidence, "relation": d.relation, "evidence": json.dumps(list(d.evidence))}
            for cluster_id, d in trace([(cluster, rows, links)])
        ]  # fmt: skip
        return pa.Table.from_pylist(derived, schema=schema(LINEAGE_SCHEMA))

    return (
        members.unionByName(inside)
        .groupBy("cluster_id")
        .applyInArrow(trace_cluster, LINEAGE_SCHEMA)
    )
