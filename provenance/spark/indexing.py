"""The corpus index, made in the executors: each article's postings as rows.

Every partition of articles runs the embedded engine's own fingerprinting
(:func:`provenance.shingles.shingle_many`,
:func:`provenance.fingerprints.fingerprint_shingles`) and indexing
(:meth:`provenance.corpus_index.CorpusIndex.reindex`), and emits the four
postings as ``(kind, key, owner, payload)`` rows: ``lines`` for page
furniture, ``passages`` and ``articles`` for LSH buckets, ``stems`` for
common stems. Each entry depends on its own article alone, so the rows of
all partitions together are the index one machine would build. Keys are
unsigned 64-bit hashes, kept in Spark's signed longs bit for bit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from provenance.candidates import LshSettings
from provenance.sketches import SketchSettings

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

POSTINGS_SCHEMA = "kind string, key long, owner long, payload long"


def index_batch(
    numbers: np.ndarray, texts: list[str], lsh: LshSettings, sketch: SketchSettings
) -> dict[str, np.ndarray]:
    """The postings of one batch of articles, as columns (see the module's docstring)."""
    from provenance.corpus_index import NAMES, CorpusIndex
    from provenance.fingerprints import fingerprint_shingles
    from provenance.shingles import shingle_many

    shingled = shingle_many(texts)
    index = CorpusIndex.empty()
    index.reindex(
        np.asarray(numbers, dtype=np.uint32),
        texts,
        fingerprint_shingles(shingled, sketch),
        shingled,
        lsh,
        sketch,
    )
    columns: dict[str, list[np.ndarray]] = {
        "kind": [],
        "key": [],
        "owner": [],
        "payload": [],
    }
    for name in NAMES:
        postings = getattr(index, name)
        columns["kind"].append(np.full(len(postings), name, dtype=object))
        columns["key"].append(postings.keys.view(np.int64))
        columns["owner"].append(postings.owners.astype(np.int64))
        payload = (
            postings.payload
            if postings.payload is not None
            else np.zeros(len(postings), dtype=np.uint32)
        )
        columns["payload"].append(payload.astype(np.int64))
    return {name: np.concatenate(parts) for name, parts in columns.items()}


def postings(
    articles: DataFrame,
    lsh: LshSettings | None = None,
    sketch: SketchSettings | None = None,
) -> DataFrame:
    """The postings of every article of ``articles`` (columns ``number`` and ``text``)."""
    import pyarrow as pa

    lsh, sketch = lsh or LshSettings(), sketch or SketchSettings()

    def index(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in incoming:
            columns = index_batch(
                batch.column("number").to_numpy(),
                batch.column("text").to_pylist(),
                lsh,
                sketch,
            )
            yield pa.RecordBatch.from_pydict(
                {name: pa.array(values) for name, values in columns.items()}
            )

    return articles.select("number", "text").mapInArrow(index, POSTINGS_SCHEMA)
