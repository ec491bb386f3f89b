"""Alignment of the candidate pairs, inside the executors.

Each pair is screened and aligned by the embedded engine's own functions
(:func:`provenance.screening.bounds`, :func:`provenance.kinds.may_be_reuse`,
:func:`provenance.detect.verify`), with the furniture lines and common
stems of the whole corpus. Pairs are grouped by their first article so
that a partition analyses each article once for all its pairs.
"""

from __future__ import annotations

import json
from collections import OrderedDict
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
#: Text kept analysed per task, in characters: about 200 MB of analyses
#: (an analysed article takes some 50 times its text), 5,000 Reuters stories.
#: Bounded by text, not articles, so that long web pages cannot exhaust an executor.
_KEPT_CHARACTERS = 4_000_000


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
        # Least recently used analyses go first: the first articles of the
        # pairs come in order, their second articles recur at random.
        kept: OrderedDict = OrderedDict()
        held = 0

        def ready(article_id: str, text: str):
            nonlocal held
            if article_id in kept:
                kept.move_to_end(article_id)
                return kept[article_id][:2]
            analysed = prepare(
                analyse(text), furniture_spans(text, lines, settings.boilerplate)
            )
            kept[article_id] = analysed, profile(analysed), len(text)
            held += len(text)
            while held > _KEPT_CHARACTERS and len(kept) > 2:
                held -= kept.popitem(last=False)[1][2]
            return kept[article_id][:2]

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
