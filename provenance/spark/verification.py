"""Alignment of the candidate pairs, inside the executors.

Each pair is screened and aligned by the embedded engine's own functions
(:func:`provenance.screening.bounds`, :func:`provenance.kinds.may_be_reuse`,
:func:`provenance.detect.verify`), with the furniture lines and common
stems of the whole corpus. Pairs are grouped by their first article so
that a partition analyses each article once for all its pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING

from provenance.spark.arrow import batches

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

    from provenance.detect import DetectSettings

MATCH_SCHEMA = (
    "a string, b string, kind string, score double, a_coverage double, b_coverage double, verbatim_share double, "
    "similarity double, word_order double, sentences long, passages string"
)
#: Analyses kept per task: an article's pairs sit together, so a small cache serves them.
_KEPT = 4096


def verify_pairs(
    pairs: DataFrame,
    articles: DataFrame,
    furniture: set[str],
    common: frozenset[int],
    settings: DetectSettings,
) -> DataFrame:
    """The matches among candidate pairs; ``passages`` is a JSON list of the aligned passages.

    Args:
        pairs: ``(a, b)`` article numbers, numbered in id order, ``a < b``.
        articles: ``number``, ``id`` and ``text`` of every article.
        furniture: Keys of the furniture lines, as :func:`provenance.boilerplate.line_key` gives them.
        common: Stem hashes common in the corpus.
        settings: Detection settings.
    """
    from pyspark.sql import functions as F

    from provenance.alignment import prepare
    from provenance.boilerplate import furniture_spans
    from provenance.detect import verify
    from provenance.kinds import may_be_reuse
    from provenance.screening import bounds, profile
    from provenance.tokens import analyse

    spark = articles.sparkSession
    shared = spark.sparkContext.broadcast((furniture, common))
    texts = articles.select("number", "id", "text")
    first, second = texts.alias("first"), texts.alias("second")
    work = (
        pairs.join(first, F.col("a") == F.col("first.number"))
        .join(second, F.col("b") == F.col("second.number"))
        .select(
            F.col("first.id").alias("a_id"),
            F.col("first.text").alias("a_text"),
            F.col("second.id").alias("b_id"),
            F.col("second.text").alias("b_text"),
        )
        .repartition("a_id")
        .sortWithinPartitions("a_id", "b_id")
    )

    def align_batches(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        lines, stems = shared.value
        prepared: dict = {}
        profiles: dict = {}

        def ready(article_id: str, text: str):
            if article_id not in prepared:
                if len(prepared) >= _KEPT:
                    prepared.clear()
                    profiles.clear()
                prepared[article_id] = prepare(
                    analyse(text), furniture_spans(text, lines, settings.boilerplate)
                )
                profiles[article_id] = profile(prepared[article_id])
            return prepared[article_id], profiles[article_id]

        for batch in incoming:
            rows = []
            columns = [
                batch.column(name).to_pylist()
                for name in ("a_id", "a_text", "b_id", "b_text")
            ]
            for a_id, a_text, b_id, b_text in zip(*columns):
                a, a_profile = ready(a_id, a_text)
                b, b_profile = ready(b_id, b_text)
                if not may_be_reuse(
                    bounds(a_profile, b_profile, stems), settings.kinds
                ):
                    continue
                match = verify(a_id, b_id, a, b, settings, stems)
                if match is not None:
                    row = asdict(match)
                    row["passages"] = json.dumps(row["passages"])
                    rows.append(row)
            yield from batches(rows, MATCH_SCHEMA)

    return work.mapInArrow(align_batches, MATCH_SCHEMA)
