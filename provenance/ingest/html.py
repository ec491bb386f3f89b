"""Article text and metadata from HTML pages, with trafilatura.

trafilatura is the extractor news archives and crawl projects use: in
published benchmarks it keeps the most article text and the least page
furniture (navigation, comments, related links, cookie banners), and it
reads the metadata a page declares (OpenGraph, JSON-LD, ``<meta>``) for the
title, canonical URL, site name and byline. Dates come from htmldate, its
sibling, asked for the original publication time with its zone.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator


from provenance.ingest.model import RawArticle, RecordError

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    # They log every page they find thin; we report problems ourselves.
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_DATE_PARAMS = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,
    "extensive_search": False,
    # Without this a date in the URL wins and the time of day is lost.
    "deferred_url_extractor": True,
}
# trafilatura falls back to any text on a page with no article, such as the
# words of a menu; fewer words than this is taken as no article at all.
_MIN_WORDS = 10
_MIDNIGHT_NO_ZONE = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00$")


def _published(value: str | None) -> str | None:
    """htmldate writes a date-only declaration as midnight without a zone."""
    if not value:
        return None
    midnight = _MIDNIGHT_NO_ZONE.match(value)
    return midnight.group(1) if midnight else value


def extract_html(html: str | bytes, url: str | None = None, line: int | None = None) -> RawArticle:
    """Extract the article from one HTML page.

    Args:
        html: The page.
        url: Where it was fetched from (a WARC record's target), used when
            the page declares no canonical URL.
        line: The record number, for messages.

    Returns:
        The article's text and metadata.

    Raises:
        RecordError: The page holds no article text.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import trafilatura  # imported on first use: a scan with no HTML must not pay for it

        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text.split()) < _MIN_WORDS:
        raise RecordError("no article text found in the HTML page (navigation or furniture only?)", line)
    return RawArticle(
        text=text,
        title=document.title,
        outlet=document.sitename,
        url=document.url or url,
        published=_published(document.date),
        byline=document.author,
        domain=document.hostname,
        line=line,
        format="html",
    )


def read_html(html: str) -> Iterator[RawArticle]:
    """Read one HTML page as one article."""
    yield extract_html(html)


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's body), paragraphs kept apart.

    trafilatura reads fragments as well as pages; a fragment too short for
    it to call an article (a one-line summary) is read as plain text by lxml.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import trafilatura

        document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, with_metadata=False)
    text = getattr(document, "text", None) if document is not None else None
    if text and text.strip():
        return text.strip()
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.fragment_fromstring(html, create_parent="div").text_content().strip()
    except (ValueError, lxml.etree.ParserError):
        return ""
