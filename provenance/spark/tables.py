"""The Spark engine's results as tables with the fields of an export.

A scan on Spark ends in Parquet tables, one folder each, that a researcher
queries with Spark, DuckDB or pandas, and that :mod:`.loading` puts into a
SQLite store for the report commands. Their fields are those of
``provenance export`` (:mod:`provenance.export`), with what the export
nests given a table of its own: a match's passages are rows of
``passages``. Articles keep their text, which the passages point into.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from provenance.export import (
    ARTICLE_FIELDS,
    CLUSTER_FIELDS,
    LINEAGE_FIELDS,
    MATCH_FIELDS,
    PASSAGE_FIELDS,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Article fields beside the export's: what a store needs to hold the article again.
ARTICLE_EXTRAS = ("text", "published_utc", "format", "encoding", "furniture_hash")
_PASSAGES = "array<struct<a_begin:long,a_end:long,b_begin:long,b_end:long,kind:string,similarity:double,verbatim_share:double>>"


@dataclass
class Tables:
    """The results of a Spark scan, one DataFrame per table."""

    articles: DataFrame
    matches: DataFrame
    passages: DataFrame
    clusters: DataFrame
    lineage: DataFrame
    furniture: DataFrame
    problems: DataFrame

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The tables' names, as their folders are named."""
        return tuple(f.name for f in fields(cls))

    def items(self) -> list[tuple[str, DataFrame]]:
        """``(name, table)`` for every table."""
        return [(name, getattr(self, name)) for name in self.names()]


def article_table(
    articles: DataFrame, holdings: DataFrame, ingested_at: str
) -> DataFrame:
    """The articles with the export's fields (one version each) and :data:`ARTICLE_EXTRAS`."""
    from pyspark.sql import functions as F

    joined = articles.join(holdings.select("id", "furniture_hash"), "id")
    values = {"version": F.lit(1).cast("long"), "ingested_at": F.lit(ingested_at)}
    return joined.select(
        *(
            values.get(name, F.col(name)).alias(name)
            for name in (*ARTICLE_FIELDS, *ARTICLE_EXTRAS)
        )
    )


def match_table(matches: DataFrame) -> DataFrame:
    """The matches with the export's fields, less their passages."""
    return matches.select(*MATCH_FIELDS)


def passage_table(matches: DataFrame, articles: DataFrame) -> DataFrame:
    """One row per aligned passage: ``a``, ``b``, ``n`` (its place in the match), offsets, and both sides' text.

    Offsets count characters, as Python's do and as Spark's ``substring`` does.
    """
    from pyspark.sql import functions as F

    exploded = matches.select(
        "a", "b", F.posexplode(F.from_json("passages", _PASSAGES)).alias("n", "p")
    ).select("a", "b", "n", "p.*")
    texts = articles.select("id", "text")
    a, b = texts.alias("ta"), texts.alias("tb")

    def cut(side: str) -> F.Column:
        return F.expr(
            f"substring(t{side}.text, {side}_begin + 1, {side}_end - {side}_begin)"
        )

    return (
        exploded.join(a, F.col("a") == F.col("ta.id"))
        .join(b, F.col("b") == F.col("tb.id"))
        .select(
            "a",
            "b",
            "n",
            *PASSAGE_FIELDS,
            cut("a").alias("a_text"),
            cut("b").alias("b_text"),
        )
    )


def lineage_table(lineage: DataFrame) -> DataFrame:
    """The lineage with the export's fields (``evidence`` a list of reasons), and ``n``: 1 for an article's main source."""
    from pyspark.sql import functions as F

    return lineage.withColumn(
        "evidence", F.from_json("evidence", "array<string>")
    ).select(*LINEAGE_FIELDS, "n")


def cluster_table(summaries: DataFrame) -> DataFrame:
    """The clusters with the export's fields."""
    return summaries.select(*CLUSTER_FIELDS)
