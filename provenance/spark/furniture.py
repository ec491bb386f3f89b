"""Page furniture and common stems, counted over the whole corpus.

Both are counts of the corpus index's rows, grouped by key; the rules that
read the counts are the embedded engine's own
(:func:`provenance.boilerplate.reasons`, and the limit of
:func:`provenance.shingles.common_in`). What they find is small (thousands
of lines and stems, whatever the corpus) and goes to every executor that
aligns articles.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from provenance.alignment import AlignSettings
from provenance.boilerplate import REPEATED, BoilerplateSettings, reasons

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

FURNITURE_SCHEMA = "key long, articles long, outlets long, reason string"


def furniture(
    postings: DataFrame,
    articles: DataFrame,
    settings: BoilerplateSettings | None = None,
) -> DataFrame:
    """The furniture lines: ``(key, articles, outlets, reason)``.

    Args:
        postings: The corpus index rows (see :mod:`provenance.spark.indexing`).
        articles: ``number`` and ``outlet`` of every article.
        settings: Thresholds.
    """
    import numpy as np
    import pyarrow as pa
    from pyspark.sql import functions as F

    settings = settings or BoilerplateSettings()
    lines = postings.where(F.col("kind") == "lines").select(
        "key", F.col("owner").alias("number"), "payload"
    )
    per_line = lines.groupBy("key").agg(
        F.count("*").alias("articles"),
        F.min(F.col("payload").bitwiseAND(REPEATED - 1)).alias("words"),
        (F.max(F.col("payload").bitwiseAND(REPEATED)) > 0).alias("repeated"),
    )
    named = lines.join(
        articles.select("number", "outlet").where(F.col("outlet").isNotNull()), "number"
    )
    per_outlet = (
        named.groupBy("key", "outlet")
        .agg(F.count("*").alias("held"))
        .groupBy("key")
        .agg(F.max("held").alias("top"), F.count("*").alias("outlets"))
    )
    counts = per_line.join(per_outlet, "key", "left").fillna(
        0, subset=["top", "outlets"]
    )

    def judge(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in incoming:
            found = reasons(
                batch.column("articles").to_numpy(),
                batch.column("words").to_numpy(),
                batch.column("repeated").to_numpy(zero_copy_only=False),
                batch.column("top").to_numpy(),
                settings,
            )
            keep = np.flatnonzero(found != "")
            yield pa.RecordBatch.from_pydict(
                {
                    "key": batch.column("key").to_numpy()[keep],
                    "articles": batch.column("articles").to_numpy()[keep],
                    "outlets": batch.column("outlets").to_numpy()[keep],
                    "reason": pa.array(found[keep].tolist(), pa.string()),
                }
            )

    return counts.select(
        "key", "articles", "words", "repeated", "top", "outlets"
    ).mapInArrow(judge, FURNITURE_SCHEMA)


def common_stems(
    postings: DataFrame, articles: int, settings: AlignSettings | None = None
) -> frozenset[int]:
    """The stem hashes common in the corpus, as :func:`provenance.shingles.common_in` finds them."""
    from pyspark.sql import functions as F

    settings = settings or AlignSettings()
    limit = max(settings.common_floor, settings.common_share * articles)
    if articles <= limit:
        return frozenset()
    stems = (
        postings.where(F.col("kind") == "stems")
        .groupBy("key")
        .count()
        .where(F.col("count") > limit)
    )
    # Keys are kept as signed longs; stems are 32-bit hashes, so the value is the same.
    return frozenset(row.key for row in stems.select("key").collect())
