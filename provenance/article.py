"""The article: the unit everything else in provenance is about."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def content_hash(text: str) -> str:
    """SHA-256 of the article text: the identity of one version of an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One published article, as ingested.

    Attributes:
        id: Stable identifier: the record's own id, else derived from the
            file name (see :mod:`provenance.ingest`).
        text: Clean article text; every later offset points into it.
        title: Headline, when one was found.
        outlet: Who published it: the given name, else the URL's domain.
        url: Canonical URL, when known.
        published: ISO 8601 publication time with its zone, or a bare
            ``YYYY-MM-DD`` when the source gives only a date; ``None`` when
            the source gives none.
        published_precision: ``"time"``, ``"date"`` or ``None``: lineage
            must not order two articles by a time that was never given.
        published_utc: ``published`` in UTC (``YYYY-MM-DDTHH:MM:SS+00:00``),
            for ordering; for a date it is that day's midnight UTC.
        tz_assumed: True when the source gave a time without a zone and
            :attr:`Settings.default_timezone` was assumed.
        credit: The credit line or byline as written ("By Reuters",
            "(AP) -", "Originally reported by theverge").
        credited: Who the credit line names ("Reuters", "AP", "theverge").
        byline: The author field of the source, when separate from the text.
        path: The file the article came from (``-`` for standard input).
        format: The reader that produced it: text, html, json, csv, warc.
        encoding: The text encoding the bytes were decoded with.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_utc: str | None = None
    tz_assumed: bool = False
    credit: str | None = None
    credited: str | None = None
    byline: str | None = None
    path: str | None = None
    format: str | None = None
    encoding: str = "utf-8"
    content_hash: str = field(init=False)
    words: int = field(init=False)

    def __post_init__(self) -> None:
        # Derived once: both are read on every comparison and export.
        object.__setattr__(self, "content_hash", content_hash(self.text))
        object.__setattr__(self, "words", len(self.text.split()))
