"""Collections of records: JSON Lines, JSON arrays, CSV.

Each record is one article; a bad record is reported with its line number
and the others are kept.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from provenance.ingest.fields import ALIASES, normalise_key, pick_fields
from provenance.ingest.html import extract_html
from provenance.ingest.model import RawArticle, RecordError

_WRAPPERS = ("articles", "items", "records", "data", "results", "documents", "entries")


def record_to_raw(record: Any, line: int | None, format: str) -> RawArticle:
    """One JSON object or CSV row as a :class:`RawArticle`.

    A record with HTML but no text field has its article extracted from
    the HTML.

    Raises:
        RecordError: Not an object, or no text to be found.
    """
    if not isinstance(record, Mapping):
        raise RecordError(f"expected an object with a text field, found {type(record).__name__}", line)
    fields = pick_fields(record)
    if "text" in fields:
        text = str(fields["text"])
    elif "html" in fields:
        extracted = extract_html(str(fields["html"]), fields.get("url"), line)
        text = extracted.text
        for key in ("title", "url", "published", "byline"):
            fields.setdefault(key, getattr(extracted, key))
        if extracted.outlet:
            fields.setdefault("outlet", extracted.outlet)
    else:
        names = "/".join(ALIASES["text"][:3])
        raise RecordError(f"record has no text field (looked for {names} and similar)", line)
    if not text.strip():
        raise RecordError("record's text field is empty", line)
    return RawArticle.from_fields(text, fields, line=line, format=format)


def _json_error(error: ValueError | RecursionError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON ({error.msg} at column {error.colno}): fix the line or remove it"
    # Too deeply nested, or a number with thousands of digits.
    return f"unreadable JSON ({str(error)[:120] or type(error).__name__}): fix the line or remove it"


def read_json_lines(text: str) -> Iterator[RawArticle | RecordError]:
    """Read JSON Lines: one object a line; blank lines are allowed."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            yield RecordError(_json_error(error), number)
            continue
        try:
            yield record_to_raw(record, number, "json")
        except RecordError as error:
            yield error


def _is_object_line(line: str) -> bool:
    line = line.strip()
    if not (line.startswith("{") and line.endswith("}")):
        return False
    try:
        return isinstance(json.loads(line), Mapping)
    except (ValueError, RecursionError):
        return False


def read_json(text: str) -> Iterator[RawArticle | RecordError]:
    """Read a ``.json`` file: an array, an object wrapping an array, one object, or JSON Lines.

    Many ``.json`` files in the wild are JSON Lines; a file that is not one
    JSON document is read line by line.
    """
    stripped = text.lstrip("\ufeff").strip()
    try:
        document = json.loads(stripped)
    except (ValueError, RecursionError) as error:
        if any(_is_object_line(line) for line in stripped.split("\n")):
            yield from read_json_lines(stripped)
            return
        yield RecordError(_json_error(error), getattr(error, "lineno", None))
        return
    if isinstance(document, Mapping):
        wrapped = next((document[key] for key in _WRAPPERS if isinstance(document.get(key), list)), None)
        records = wrapped if wrapped is not None else [document]
    elif isinstance(document, list):
        records = document
    else:
        yield RecordError("expected a JSON object or array of articles", 1)
        return
    for number, record in enumerate(records, start=1):
        try:
            # A record number, not a line: an array may sit on one line.
            yield record_to_raw(record, number, "json")
        except RecordError as error:
            error.message = f"record {number}: {error.message}"
            error.line = None
            yield error


def read_csv(text: str, delimiter: str = ",") -> Iterator[RawArticle | RecordError]:
    """Read CSV (or TSV) with a header row naming the fields."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        yield RecordError(f"unreadable CSV header ({error})", 1)
        return
    if not header:
        yield RecordError("no header row: the first line must name the fields (id, title, text, ...)", 1)
        return
    named = {normalise_key(name) for name in header if name}
    if not named & set(ALIASES["text"] + ALIASES["html"]):
        # One line for the file, not one per row: this is not a table of articles.
        shown = ", ".join(name for name in header[:6] if name)
        yield RecordError(f"no text column (the header names {shown}): not a table of articles", 1)
        return
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RecordError(f"malformed CSV ({error})", line)
            return
        spanned = reader.line_num - line
        if None in row:
            yield RecordError(f"row has {len(header) + len(row[None])} fields but the header names {len(header)}", line)
            continue
        if any(value is None for value in row.values()):
            missing = sum(1 for value in row.values() if value is None)
            if spanned >= 1:
                # An unclosed quote runs on to the end of the file.
                yield RecordError(
                    f"row runs on over {spanned + 1} lines, to line {reader.line_num}: "
                    "an unclosed quote? The rows it swallowed were not read",
                    line,
                )
            else:
                yield RecordError(f"row has {len(header) - missing} fields but the header names {len(header)}", line)
            continue
        present = {key: value for key, value in row.items() if value not in (None, "")}
        try:
            yield record_to_raw(present, line, "csv")
        except RecordError as error:
            yield error
