"""The Spark engine's stages in order, from articles to matches.

1. number the articles in id order (pairs are then ordered as the embedded
   engine orders them: the first article of a pair is the one whose id
   sorts first);
2. make the corpus index in the executors (:mod:`.indexing`);
3. count furniture lines and common stems over it (:mod:`.furniture`);
4. join LSH buckets into candidate pairs (:mod:`.candidates`);
5. screen and align the pairs in the executors (:mod:`.verification`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provenance.detect import DetectSettings
from provenance.spark import candidates, furniture, indexing, verification

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def numbered(articles: DataFrame) -> DataFrame:
    """The articles, one per id, with ``number``: their rank in id order, from 0.

    Where two rows share an id, the one whose text hashes highest is kept,
    so that the choice does not depend on partitioning.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    latest = Window.partitionBy("id").orderBy(F.col("content_hash").desc())
    unique = (
        articles.withColumn("__rank", F.row_number().over(latest))
        .where(F.col("__rank") == 1)
        .drop("__rank")
    )
    ranked = (
        unique.orderBy("id").rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1]))
    )
    return ranked.toDF([*unique.columns, "number"])


def matches(
    articles: DataFrame, settings: DetectSettings | None = None
) -> tuple[DataFrame, DataFrame]:
    """The matches among ``articles`` (numbered by :func:`numbered`), and the furniture lines.

    Returns:
        ``(matches, furniture)`` DataFrames (see :data:`verification.MATCH_SCHEMA`
        and :data:`furniture.FURNITURE_SCHEMA`).
    """
    settings = settings or DetectSettings()
    count = articles.count()
    postings = indexing.postings(articles, settings.lsh, settings.sketch).cache()
    lines = furniture.furniture(postings, articles, settings.boilerplate).cache()
    keys = {
        f"{row.key & 0xFFFFFFFFFFFFFFFF:016x}" for row in lines.select("key").collect()
    }
    common = furniture.common_stems(postings, count, settings.align)
    pairs = candidates.candidate_pairs(postings, count, settings.lsh)
    return verification.verify_pairs(pairs, articles, keys, common, settings), lines
