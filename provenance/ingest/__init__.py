"""Ingestion: every supported input format to :class:`~provenance.Article` records.

``discover`` names the inputs; ``read_source`` reads one of them, yielding
articles and problems, never raising for bad content: one broken file or
record must not cost the good ones beside it.
"""

from __future__ import annotations

import gzip
import importlib
import io
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from provenance.article import Article, content_hash
from provenance.ingest.decoding import declared_charset, decode, looks_binary
from provenance.ingest.model import Problem, RawArticle, RecordError, Source
from provenance.ingest.sources import discover, split_name
from provenance.settings import Settings

__all__ = ["Problem", "Source", "discover", "read_source", "split_name"]

_HTML_START = re.compile(r"<(!doctype|html|head|body|article|div|p|h1)\b", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"
_RECORD_FORMATS = ("json", "jsonl", "csv", "tsv")
#: Where each format's reader lives. A reader, and the library it wraps
#: (trafilatura, feedparser, warcio, python-frontmatter), is imported when
#: the first input of its format is read: a scheduled scan that finds
#: nothing new starts in less time than its imports would take.
_READERS = {
    "html": "provenance.ingest.html:read_html",
    "json": "provenance.ingest.records:read_json",
    "jsonl": "provenance.ingest.records:read_json_lines",
    "csv": "provenance.ingest.records:read_csv",
    "text": "provenance.ingest.plaintext:read_text",
    "feed": "provenance.ingest.feeds:read_feed",
    "warc": "provenance.ingest.warc:read_warc",
}


def _reader(name: str) -> Callable[..., Any]:
    module, function = _READERS[name].split(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def _sniff(data: bytes) -> str:
    """The format of an input whose name does not tell."""
    if data.startswith(b"WARC/"):
        return "warc"
    from provenance.ingest.feeds import looks_like_feed  # see _READERS

    if looks_like_feed(data):
        return "feed"
    head = data[:2048].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<") and _HTML_START.search(head):
        return "html"
    return "text"


def _read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _load(source: Source, settings: Settings, stdin: BinaryIO | None, data: bytes | None) -> bytes | Problem:
    """The input's bytes (decompressed), or the problem that stops it being read."""
    limit = settings.max_file_bytes
    too_large = Problem(
        source.label,
        f"larger than the {limit // (1024 * 1024)} MiB limit: raise --max-file-mb or split the file",
    )
    try:
        if data is not None:
            pass
        elif source.path is None:
            data = _read_limited(stdin or sys.stdin.buffer, limit)
        else:
            with open(source.path, "rb") as stream:
                data = _read_limited(stream, limit)
    except OSError as error:
        return Problem(source.label, f"cannot be read ({error.strerror or error}): check permissions")
    if data is None:
        return too_large
    if data.startswith(_GZIP_MAGIC) and source.format != "warc":
        try:
            data = _read_limited(gzip.GzipFile(fileobj=io.BytesIO(data)), limit)
        except (OSError, EOFError, zlib.error) as error:
            return Problem(source.label, f"damaged gzip file ({error}): recompress it")
        if data is None:
            return too_large
    return data


def _records(source: Source, data: bytes, format: str, settings: Settings) -> Iterator[RawArticle | RecordError | Problem]:
    if format == "warc":
        yield from _reader("warc")(io.BytesIO(data), settings.max_file_bytes)
        return
    if format == "feed":
        # feedparser finds the encoding itself, from the XML declaration.
        yield from _reader("feed")(data, source.label)
        return
    if format not in _RECORD_FORMATS and looks_binary(data):
        # Record formats are not judged whole: a damaged line is reported
        # on its own and the records around it are kept.
        yield Problem(source.label, "binary file, not text: remove it or list it in .provenanceignore")
        return
    declared = declared_charset(data) if format == "html" else None
    decoded = decode(data, settings.fallback_encoding, declared)
    text, encoding = decoded.text, decoded.encoding
    if decoded.fallback_lines:
        lines = decoded.fallback_lines
        shown = ", ".join(str(line) for line in lines[:5]) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
        where = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
        yield Problem(source.label, f"{where} not valid UTF-8; decoded as {encoding}", lines[0], fatal=False)
    if format in ("csv", "tsv"):
        readers: Iterator[RawArticle | RecordError] = _reader("csv")(text, "\t" if format == "tsv" else ",")
    else:
        readers = _reader(format if format in _READERS else "text")(text)
    try:
        for item in readers:
            if isinstance(item, RawArticle):
                item.encoding = encoding
            yield item
    except RecordError as error:
        yield error


def _stream_warc(source: Source, settings: Settings) -> Iterator[RawArticle | RecordError | Problem]:
    assert source.path is not None
    try:
        with open(source.path, "rb") as stream:
            yield from _reader("warc")(stream, settings.max_file_bytes)
    except OSError as error:
        yield Problem(source.label, f"cannot be read ({error.strerror or error}): check permissions")


def read_source(
    source: Source,
    settings: Settings,
    default_id: str | None = None,
    stdin: BinaryIO | None = None,
    data: bytes | None = None,
) -> Iterator[Article | Problem]:
    """Read one input.

    Args:
        source: The input.
        settings: Size limit, fallback encoding, default zone.
        default_id: The id of an article that has none of its own. Defaults to
            the file's stem. Records of a multi-record file, and text on
            standard input, with no id of their own are named by their URL,
            else ``<stem>-<hash of the text>``.
        stdin: Stream to read ``-`` from (tests pass their own).
        data: The input's bytes, already fetched (a URL's answer).

    Yields:
        Articles, and problems: fatal ones for what was skipped, warnings
        for what was stored with a caveat.
    """
    if source.format == "warc" and source.path is not None and data is None:
        items: Iterator[RawArticle | RecordError | Problem] = _stream_warc(source, settings)
    else:
        loaded = _load(source, settings, stdin, data)
        if isinstance(loaded, Problem):
            yield loaded
            return
        if not loaded.strip():
            yield Problem(source.label, "empty file: nothing to read")
            return
        items = _records(source, loaded, source.format or _sniff(loaded), settings)
    base_id = default_id or source.stem
    try:
        yield from finish_articles(items, source, base_id, settings)
    except Exception as error:  # noqa: BLE001 - a reader's bug must not end the scan
        yield Problem(
            source.label,
            f"reading stopped by an unexpected error ({type(error).__name__}: {error}); "
            "the records before it were kept. Please report this with the file.",
        )


def finish_articles(
    items: Iterator[RawArticle | RecordError | Problem], source: Source, base_id: str, settings: Settings
) -> Iterator[Article | Problem]:
    """Finish each raw record into an article, turning record errors into problems."""
    # Loaded with the readers (see _READERS): it brings in dateutil.
    from provenance.ingest.fields import finish_article
    multi = None
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        if isinstance(item, RecordError):
            yield Problem(source.label, item.message, item.line)
            continue
        if multi is None:
            multi = item.format in ("json", "jsonl", "csv", "warc", "feed")
        if multi or source.path is None:
            # Not the line number: it moves when a record is added above.
            fallback_id = item.url.strip() if item.url and item.url.strip() else f"{base_id}-{content_hash(item.text)[:12]}"
        else:
            fallback_id = base_id
        try:
            article, warnings = finish_article(item, fallback_id, source.label, settings)
        except RecordError as error:
            yield Problem(source.label, error.message, error.line)
            continue
        yield from warnings
        yield article
