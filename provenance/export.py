"""Exports: what the store holds, in a documented shape that scripts rely on.

JSON::

    {"articles": [{"id", "outlet", "title", "url", "published", "credit",
                   "path", "words", ...}],
     "matches": [...], "clusters": [...], "lineage": [...]}

JSON Lines: one object a line, each with ``"type"`` set to ``article``,
``match``, ``cluster`` or ``lineage`` and the same fields. CSV: one table
(``articles`` unless another is asked for), one row per record.

Field names only ever grow: a script written against one version keeps
working with the next.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from provenance.store import Store

#: The article fields of an export, in order.
ARTICLE_FIELDS = (
    "id",
    "outlet",
    "title",
    "url",
    "published",
    "published_precision",
    "tz_assumed",
    "credit",
    "credited",
    "byline",
    "path",
    "words",
    "version",
    "content_hash",
    "ingested_at",
)
#: The sections of an export, with the ``type`` of their JSON Lines records.
SECTIONS = {"articles": "article", "matches": "match", "clusters": "cluster", "lineage": "lineage"}
FORMATS = ("json", "jsonl", "csv")


MATCH_FIELDS = ("a", "b", "kind", "score", "a_coverage", "b_coverage", "verbatim_share", "similarity", "word_order", "sentences")
PASSAGE_FIELDS = ("a_begin", "a_end", "b_begin", "b_end", "kind", "similarity", "verbatim_share")


def _matches(store: Store) -> list[dict[str, Any]]:
    from provenance import (
        findings,  # numpy and friends: only when there is something to export
    )

    texts = {row["id"]: row["text"] for row in store.article_rows("id, text")}
    passages: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in store.db.query("select * from passages order by a, b, n"):
        passages.setdefault((row["a"], row["b"]), []).append(
            {
                **{name: row[name] for name in PASSAGE_FIELDS},
                "a_text": texts[row["a"]][row["a_begin"] : row["a_end"]],
                "b_text": texts[row["b"]][row["b_begin"] : row["b_end"]],
            }
        )
    return [
        {**{name: row[name] for name in MATCH_FIELDS}, "passages": passages.get((row["a"], row["b"]), [])}
        for row in findings.match_rows(store)
    ]


#: The cluster fields of an export, in order: the report's summary of each cluster.
CLUSTER_FIELDS = (
    "id",
    "articles",
    "size",
    "first",
    "first_outlet",
    "first_published",
    "last_published",
    "root",
    "root_type",
    "outlets",
    "kinds",
    "span_hours",
    "created_scan",
    "changed_scan",
)


def _clusters(store: Store) -> list[dict[str, Any]]:
    """Each cluster with its members and the copy-cluster report's fields."""
    from provenance.report import cluster_summaries

    rows = []
    for summary in cluster_summaries(store):
        values = summary.as_dict()
        values["articles"] = sorted(values["articles"])  # as exports always gave them; first_published orders them in time
        rows.append({name: values[name] for name in CLUSTER_FIELDS})
    return rows


LINEAGE_FIELDS = ("article", "parent", "parent_type", "confidence", "relation", "evidence", "cluster_id")


def _lineage(store: Store) -> list[dict[str, Any]]:
    from provenance import lineage_store

    return [{name: row[name] for name in LINEAGE_FIELDS} for row in lineage_store.lineage_rows(store)]


def collect(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Everything exportable, section by section."""
    return {
        "articles": list(store.article_rows(", ".join(ARTICLE_FIELDS))),
        "matches": _matches(store),
        "clusters": _clusters(store),
        "lineage": _lineage(store),
    }


def _jsonl(sections: dict[str, list[dict[str, Any]]]) -> Iterator[str]:
    for section, records in sections.items():
        for record in records:
            yield json.dumps({"type": SECTIONS[section], **record}, ensure_ascii=False)


def write_export(store: Store, out: TextIO, format: str = "json", table: str = "articles") -> int:
    """Write the store's contents.

    Args:
        store: The store to read.
        out: Where to write.
        format: ``json``, ``jsonl`` or ``csv``.
        table: For CSV, the section to write.

    Returns:
        The number of records written.

    Raises:
        ValueError: Unknown format or section.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    sections = collect(store)
    if format == "json":
        json.dump(sections, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return sum(len(records) for records in sections.values())
    if format == "jsonl":
        written = 0
        for line in _jsonl(sections):
            out.write(line + "\n")
            written += 1
        return written
    if table not in sections:
        raise ValueError(f"unknown table {table!r}: use one of {', '.join(SECTIONS)}")
    records = sections[table]
    columns = {
        "articles": list(ARTICLE_FIELDS),
        "matches": list(MATCH_FIELDS) + ["passages"],
        "clusters": list(CLUSTER_FIELDS),
        "lineage": list(LINEAGE_FIELDS),
    }.get(
        table, sorted({key for record in records for key in record})
    )
    if not columns:
        return 0
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_value(value) for key, value in record.items()})
    return len(records)


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
