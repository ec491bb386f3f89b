"""Web archives: the HTML responses in WARC and WARC.gz crawl files.

Crawl files are large (a gigabyte is usual), so they are streamed record by
record with warcio rather than read whole, and the size limit applies to
each page instead of the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import redirect_stderr
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from provenance.ingest.html import extract_html
from provenance.ingest.model import RawArticle, RecordError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def read_warc(stream: IO[bytes], max_record_bytes: int) -> Iterator[RawArticle | RecordError]:
    """Read the HTML pages of a WARC file.

    Args:
        stream: The file, opened in binary mode (gzip is detected).
        max_record_bytes: Pages larger than this are skipped.

    Yields:
        One :class:`RawArticle` per HTML response (its ``line`` is the
        record's number in the file), or a :class:`RecordError` for a page
        that cannot be read. Requests, metadata and non-HTML responses are
        passed over silently: a crawl is mostly those.
    """
    number = 0
    pages = 0
    # warcio writes its warnings about damaged records straight to stderr;
    # they are caught here, around warcio's own calls only, and reported as
    # one problem.
    noise = io.StringIO()
    try:
        with redirect_stderr(noise):
            archive = ArchiveIterator(stream)
            records = iter(archive)
        while True:
            with redirect_stderr(noise):
                record = next(records, None)
                if record is None:
                    break
                number += 1
                page = _html_payload(record, max_record_bytes)
            if page is None:
                continue
            pages += 1
            target, payload, complete, charset = page
            if payload is None:
                yield RecordError(f"record {number}: page over the size limit, skipped", None)
                continue
            if not complete:
                yield RecordError(f"record {number} ({target}) is cut short: the file is truncated", None)
                return
            try:
                raw = extract_html(payload, target, None)
            except RecordError as error:
                yield RecordError(f"record {number} ({target}): {error.message}", None)
                continue
            raw.id = target
            raw.line = number
            raw.format = "warc"
            raw.encoding = charset or "declared in page"
            yield raw
    except ArchiveLoadFailed as error:
        yield RecordError(f"not a readable WARC file after record {number} ({_printable(error)}): is it truncated?", None)
        return
    except (OSError, EOFError, ValueError) as error:
        yield RecordError(
            f"WARC file is damaged after record {number} ({_printable(error)}): the records before it were kept", None
        )
        return
    if number == 0:
        yield RecordError("no WARC records found: is it a WARC file?", None)
    elif noise.getvalue().strip() or getattr(archive, "err_count", 0):
        yield RecordError(
            "some records have a wrong length (warcio could not find where they end): the file may be damaged", None
        )


def _printable(error: Exception) -> str:
    """An error message fit for one terminal line: no raw bytes, not too long."""
    text = str(error).encode("ascii", "backslashreplace").decode("ascii")
    return " ".join(text.split())[:160]


def _html_payload(record: ArcWarcRecord, max_record_bytes: int) -> tuple[str, bytes | None, bool, str | None] | None:
    """Target, payload (``None`` when over the limit), completeness and charset of an HTML response."""
    if record.rec_type != "response":
        return None
    content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
    if not content_type.lower().startswith(_HTML_TYPES):
        return None
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    charset = _CHARSET.search(content_type)
    payload = record.content_stream().read(max_record_bytes + 1)
    if len(payload) > max_record_bytes:
        return target, None, True, None
    # The file ended inside this record: a partly written crawl.
    complete = not getattr(record.raw_stream, "limit", 0)
    return target, payload, complete, charset.group(1).lower() if charset else None
