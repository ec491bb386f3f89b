"""Web archives: the HTML responses in WARC and WARC.gz crawl files.

Crawl files are large (a gigabyte is usual), so they are streamed record by
record with warcio rather than read whole, and the size limit applies to
each page instead of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from provenance.ingest.html import extract_html
from provenance.ingest.model import RawArticle, RecordError

_HTML_TYPES = ("text/html", "application/xhtml+xml")


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
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type != "response":
                continue
            content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            target = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read(max_record_bytes + 1)
            if len(payload) > max_record_bytes:
                yield RecordError(f"record {number}: page over the size limit, skipped", None)
                continue
            if getattr(record.raw_stream, "limit", 0):
                # The file ended inside this record: a partly written crawl.
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
            yield raw
    except ArchiveLoadFailed as error:
        yield RecordError(f"not a readable WARC file after record {number} ({error}): is it truncated?", None)
    except (OSError, EOFError, ValueError) as error:
        yield RecordError(f"WARC file is damaged after record {number} ({error}): the records before it were kept", None)
