"""The Spark engine's stages in order, from inputs to tables.

1. read the inputs (:mod:`.reading`);
2. number the articles in id order (pairs are then ordered as the embedded
   engine orders them: the first article of a pair is the one whose id
   sorts first);
3. make the corpus index in the executors (:mod:`.indexing`);
4. count furniture lines and common stems over it (:mod:`.furniture`);
5. join LSH buckets into candidate pairs (:mod:`.candidates`);
6. screen and align the pairs in the executors (:mod:`.verification`);
7. join copies into clusters (:mod:`.components`) and trace each
   cluster's lineage (:mod:`.lineage`);
8. shape the results as the export's tables (:mod:`.tables`) and write
   them as Parquet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provenance.detect import DetectSettings
from provenance.errors import ProvenanceError
from provenance.kinds import DERIVED
from provenance.settings import Settings
from provenance.spark import (
    candidates,
    components,
    furniture,
    indexing,
    lineage,
    reading,
    tables,
    verification,
)
from provenance.spark.tables import Tables

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyspark.sql import DataFrame, SparkSession

    #: Given each stage's result by name, and returns it (see :func:`scan`).
    Stage = Callable[[str, DataFrame], DataFrame]


def numbered(articles: DataFrame) -> DataFrame:
    """The articles, one per id, with ``number``: their rank in id order, from 0.

    Where two records share an id, the one read last is kept, as the
    embedded scan keeps it (see :data:`reading.READ_ORDER`).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StructField, StructType

    latest = Window.partitionBy("id").orderBy(
        *(F.col(name).desc() for name in reading.READ_ORDER)
    )
    unique = (
        articles.withColumn("__rank", F.row_number().over(latest))
        .where(F.col("__rank") == 1)
        .drop("__rank", *(name for name in reading.READ_ORDER if name != "path"))
    )
    ranked = (
        unique.orderBy("id").rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1]))
    )
    # The schema is given, not inferred: a column that is null in every row has no type to infer.
    schema = StructType(
        [*unique.schema.fields, StructField("number", LongType(), False)]
    )
    return articles.sparkSession.createDataFrame(ranked, schema)


def shared_ids(articles: DataFrame) -> DataFrame:
    """A warning (a row of problems) for each id that more than one record gives."""
    from pyspark.sql import functions as F

    last = F.max_by("path", F.struct(*reading.READ_ORDER))
    return (
        articles.groupBy("id")
        .agg(F.count("*").alias("records"), last.alias("path"))
        .where(F.col("records") > 1)
        .select(
            "path",
            F.lit(None).cast("long").alias("line"),
            F.format_string(
                "id '%s' is used by %d records: the last one read is kept",
                "id",
                "records",
            ).alias("message"),
            F.lit(False).alias("fatal"),
        )
    )


def _as_is(name: str, frame: DataFrame) -> DataFrame:
    return frame


def matches(
    articles: DataFrame, settings: DetectSettings | None = None, stage: Stage = _as_is
) -> tuple[DataFrame, DataFrame, set[str]]:
    """The matches among ``articles`` (numbered by :func:`numbered`), and the furniture lines.

    ``stage`` is given each stage's result by name (see :func:`scan`).

    Returns:
        ``(matches, furniture, keys)``: DataFrames of the matches (see
        :data:`verification.MATCH_SCHEMA`) and the furniture lines (see
        :data:`furniture.FURNITURE_SCHEMA`), and the lines' keys in
        hexadecimal, as the embedded engine keys them.
    """
    settings = settings or DetectSettings()
    count = articles.count()
    postings = stage(
        "index", indexing.postings(articles, settings.lsh, settings.sketch).cache()
    )
    lines = stage(
        "furniture",
        furniture.furniture(postings, articles, settings.boilerplate).cache(),
    )
    keys = {
        f"{row.key & 0xFFFFFFFFFFFFFFFF:016x}" for row in lines.select("key").collect()
    }
    common = furniture.common_stems(postings, count, settings.align)
    pairs = stage(
        "candidate pairs", candidates.candidate_pairs(postings, count, settings.lsh)
    )
    return (
        verification.verify_pairs(pairs, articles, keys, common, settings),
        lines,
        keys,
    )


def scan(
    spark: SparkSession,
    paths: list[str],
    settings: Settings | None = None,
    detect_settings: DetectSettings | None = None,
    ingested_at: str | None = None,
    stage: Stage = _as_is,
) -> Tables:
    """Read ``paths`` and find copies, clusters and lineage among their articles.

    The tables are DataFrames, computed when written (:func:`write`); the
    stages several tables share are cached. ``stage`` is given each stage's
    result by name and returns it: a benchmark computes and times each
    there (``read``, ``index``, ``furniture``, ``candidate pairs``,
    ``alignment``, ``furniture per article``, ``clusters``, ``lineage``).
    """
    from provenance.store import utc_now

    detect_settings = detect_settings or DetectSettings()
    articles, problems = reading.read(spark, paths, settings or Settings())
    numbers = stage("read", numbered(articles).cache())
    found, lines, keys = matches(numbers, detect_settings, stage)
    found = stage("alignment", found.cache())
    held = stage(
        "furniture per article",
        furniture.holdings(numbers, keys, detect_settings.boilerplate).cache(),
    )
    clustered = stage("clusters", components.clusters(found, tuple(DERIVED)).cache())
    traced = stage(
        "lineage",
        lineage.trace_clusters(numbers, found, clustered, tuple(DERIVED)).cache(),
    )
    return Tables(
        articles=tables.article_table(numbers, held, ingested_at or utc_now()),
        matches=tables.match_table(found),
        passages=tables.passage_table(found, numbers),
        clusters=tables.cluster_table(lineage.summaries(traced)),
        lineage=tables.lineage_table(lineage.lineage(traced, lineage.trace_alone(numbers, clustered))),
        furniture=furniture.with_texts(lines, held),
        problems=problems.unionByName(shared_ids(articles)),
    )


def write(results: Tables, out: str, overwrite: bool = False) -> Tables:
    """Write every table as Parquet under ``out`` (``out/articles``, ``out/matches``, ...) and read them back.

    Raises:
        ProvenanceError: ``out`` holds tables already, and ``overwrite`` is False.
    """
    spark = results.articles.sparkSession
    if not overwrite:
        refuse_written(spark, out)
    for name, table in results.items():
        table.write.mode("overwrite").parquet(f"{out}/{name}")
    return Tables(
        **{name: spark.read.parquet(f"{out}/{name}") for name in Tables.names()}
    )


def refuse_written(spark: SparkSession, out: str) -> None:
    """Raise :class:`ProvenanceError` if ``out`` holds any of the tables already."""
    for name in Tables.names():
        if _exists(spark, f"{out}/{name}"):
            raise ProvenanceError(
                f"{out}/{name} exists already: give another --out, or --overwrite to replace it"
            )


def _exists(spark: SparkSession, path: str) -> bool:
    """Whether a path exists, in whatever file system Spark reaches it through."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return bool(
        hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(
            hadoop_path
        )
    )
