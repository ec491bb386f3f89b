"""Copy clusters: connected components of the copy graph, on DataFrames.

Every article takes the smallest id among itself and its neighbours, again
and again, until no label changes; each round is one join and one
aggregation, and there are as many rounds as the longest chain of copies
is long (a handful for news: copies of copies of copies are few). Each
round's labels are checkpointed locally so that the plan does not grow
with the rounds. A cluster's id is the embedded engine's
(:func:`provenance.clusters.cluster_id`), so both engines name a cluster
alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provenance.clusters import cluster_id

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Rounds before giving up: a chain of copies this long is not news.
MAX_ROUNDS = 200


def components(edges: DataFrame) -> DataFrame:
    """``(article, component)``: each article of an edge ``(a, b)`` and the smallest id of its component."""
    from pyspark.sql import functions as F

    both = edges.select(
        F.col("a").alias("source"), F.col("b").alias("target")
    ).unionByName(edges.select(F.col("b").alias("source"), F.col("a").alias("target")))
    labels = (
        both.select(F.col("source").alias("article"))
        .distinct()
        .withColumn("component", F.col("article"))
    )
    labels = labels.localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offered = both.join(labels, both.source == labels.article).select(
            F.col("target").alias("article"), "component"
        )
        updated = (
            offered.unionByName(labels)
            .groupBy("article")
            .agg(F.min("component").alias("component"))
            .localCheckpoint()
        )
        changed = (
            updated.alias("new")
            .join(labels.alias("old"), "article")
            .where(F.col("new.component") != F.col("old.component"))
        )
        done = changed.isEmpty()
        labels = updated
        if done:
            return labels
    raise RuntimeError(f"copy clusters did not settle in {MAX_ROUNDS} rounds")


def clusters(matches: DataFrame, kinds: tuple[str, ...]) -> DataFrame:
    """``(cluster_id, article)`` for the articles joined by matches of these kinds."""
    from pyspark.sql import functions as F

    labels = components(matches.where(F.col("kind").isin(list(kinds))).select("a", "b"))
    # The component's label is its smallest id, which is what the cluster id is made from.
    name = F.udf(lambda anchor: cluster_id([anchor]), "string")
    return labels.select(name("component").alias("cluster_id"), "article")
