"""Candidate pairs by a band join: the articles whose LSH buckets meet.

The rules are those of :mod:`provenance.candidates`, over the whole corpus
at once: passage buckets of two to ``max_bucket`` articles pair their
articles, and a pair is kept when its articles meet in ``min_hits``
buckets, or when the pairs with fewer hits number at most ``weak_budget``
per article; article buckets pair their articles whatever their size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provenance.candidates import LshSettings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def bucket_pairs(entries: DataFrame, max_bucket: int | None = None) -> DataFrame:
    """``(a, b, hits)``: article pairs (``a < b``) meeting in buckets, and in how many."""
    from pyspark.sql import functions as F

    sizes = (
        entries.groupBy("key").agg(F.count("*").alias("size")).where(F.col("size") >= 2)
    )
    if max_bucket is not None:
        sizes = sizes.where(F.col("size") <= max_bucket)
    shared = entries.join(sizes.select("key"), "key")
    left, right = shared.alias("left"), shared.alias("right")
    return (
        left.join(right, "key")
        .where(F.col("left.owner") < F.col("right.owner"))
        .groupBy(F.col("left.owner").alias("a"), F.col("right.owner").alias("b"))
        .agg(F.count("*").alias("hits"))
    )


def candidate_pairs(
    postings: DataFrame, articles: int, settings: LshSettings | None = None
) -> DataFrame:
    """``(a, b)``: every candidate pair of article numbers, ``a < b``.

    Args:
        postings: The corpus index rows (see :mod:`provenance.spark.indexing`).
        articles: How many articles the corpus holds (for the weak budget).
        settings: Banding rules.
    """
    from pyspark.sql import functions as F

    settings = settings or LshSettings()
    passages = bucket_pairs(
        postings.where(F.col("kind") == "passages").select("key", "owner"),
        settings.max_bucket,
    ).cache()
    weak = passages.where(F.col("hits") < settings.min_hits).count()
    if not settings.checks_weak(weak, articles):
        passages = passages.where(F.col("hits") >= settings.min_hits)
    whole = bucket_pairs(
        postings.where(F.col("kind") == "articles").select("key", "owner")
    )
    return passages.select("a", "b").unionByName(whole.select("a", "b")).distinct()
