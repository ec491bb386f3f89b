"""Arrow record batches of a fixed schema, as the executors hand them back to Spark.

Spark states each stage's output in DDL (``"id string, words long"``);
Arrow must be given the same types, or a batch whose column happens to
hold only nulls is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


def schema(ddl: str) -> pa.Schema:
    """The Arrow schema of a Spark DDL schema of strings, booleans, longs and doubles."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "boolean": pa.bool_(),
        "long": pa.int64(),
        "double": pa.float64(),
    }
    return pa.schema(
        [
            (name, types[kind])
            for name, kind in (part.split() for part in ddl.split(","))
        ]
    )


def columns(ddl: str) -> list[str]:
    """The column names of a Spark DDL schema."""
    return [part.split()[0] for part in ddl.split(",")]


def batches(
    rows: Iterable[dict[str, Any]], ddl: str, size: int = 512
) -> Iterator[pa.RecordBatch]:
    """Rows as record batches of ``size`` rows; missing fields are null."""
    import pyarrow as pa

    arrow = schema(ddl)
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield pa.RecordBatch.from_pylist(chunk, schema=arrow)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema=arrow)
