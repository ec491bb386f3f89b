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
from provenance.boilerplate import (
    REPEATED,
    BoilerplateSettings,
    furniture_spans,
    line_key,
    lines,
    reasons,
)

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

    from provenance.shingles import common_limit

    settings = settings or AlignSettings()
    limit = common_limit(articles, settings.common_share, settings.common_floor)
    if limit is None:
        return frozenset()
    stems = (
        postings.where(F.col("kind") == "stems")
        .groupBy("key")
        .count()
        .where(F.col("count") > limit)
    )
    # Keys are kept as signed longs; stems are 32-bit hashes, so the value is the same.
    return frozenset(row.key for row in stems.select("key").collect())


def holdings(
    articles: DataFrame, keys: set[str], settings: BoilerplateSettings | None = None
) -> DataFrame:
    """Each article's furniture: ``(id, number, furniture_hash, lines)``.

    ``furniture_hash`` is what the embedded engine records of the article's
    furniture, so that a store loaded from this run knows which articles a
    later change of furniture touches; ``lines`` are the furniture lines it
    holds, as ``key: text`` pairs, from which each line's text is taken.
    """
    from provenance.detect import furniture_hash

    settings = settings or BoilerplateSettings()
    shared = articles.sparkSession.sparkContext.broadcast(keys)

    def hold(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        furniture = shared.value
        for batch in incoming:
            hashes, held = [], []
            for text in batch.column("text").to_pylist():
                spans = furniture_spans(text, furniture, settings)
                hashes.append(furniture_hash([text[b:e] for b, e in spans]))
                found = {}
                for _, _, line in lines(text):
                    key = line_key(line)
                    if key in furniture:
                        found.setdefault(key, line)
                held.append(found)
            yield pa.RecordBatch.from_pydict(
                {
                    "id": batch.column("id"),
                    "number": batch.column("number"),
                    "furniture_hash": pa.array(hashes, pa.string()),
                    "lines": pa.array(held, pa.map_(pa.string(), pa.string())),
                }
            )

    return articles.select("id", "number", "text").mapInArrow(
        hold, "id string, number long, furniture_hash string, lines map<string,string>"
    )


def with_texts(furniture: DataFrame, holdings: DataFrame) -> DataFrame:
    """The furniture lines with their keys in hexadecimal and their text as the first article in id order holds it."""
    from pyspark.sql import functions as F

    texts = (
        holdings.select("number", F.explode("lines").alias("key", "text"))
        .groupBy("key")
        .agg(F.min_by("text", "number").alias("text"))
    )
    hexadecimal = F.lpad(F.lower(F.hex("key")), 16, "0")
    return (
        furniture.withColumn("key", hexadecimal)
        .join(texts, "key", "left")
        .select("key", "text", "articles", "outlets", "reason")
    )
