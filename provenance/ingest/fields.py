"""Field names as the wild writes them, and the last step to an Article.

Feeds, scrapers and dataset dumps name the same fields a dozen ways; one
alias table serves JSON, CSV and front matter alike. ``finish_article``
then applies the rules every reader shares: an outlet from the URL when
none is given, a parsed publication time, the credit line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from provenance.article import Article
from provenance.credits import find_credit
from provenance.dates import parse_published
from provenance.ingest.model import Problem, RawArticle, RecordError
from provenance.outlets import outlet_from_domain, outlet_from_url
from provenance.settings import Settings

#: For each article attribute, the field names accepted for it, best first.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "article_id", "doc_id", "guid", "uuid"),
    "text": ("text", "body", "content", "article", "maintext", "full_text", "story"),
    "html": ("html", "raw_html", "page"),
    "title": ("title", "headline", "heading"),
    "outlet": ("outlet", "publisher", "source", "site", "site_name", "sitename", "series", "source_name"),
    "published": (
        "published",
        "date",
        "pubdate",
        "pub_date",
        "published_at",
        "publish_date",
        "publication_date",
        "date_publish",
        "datetime",
        "timestamp",
        "scrape_time",
    ),
    "url": ("url", "link", "canonical_url", "canonical", "uri", "source_url"),
    "byline": ("byline", "author", "authors", "credit", "by"),
    "domain": ("source_domain", "domain", "hostname"),
}

_KEY_CLEAN = re.compile(r"[\s\-]+")


def normalise_key(key: str) -> str:
    """``"Publish Date"`` and ``publish-date`` both become ``publish_date``."""
    return _KEY_CLEAN.sub("_", key.strip().lower())


#: Half of a UTF-16 surrogate pair, alone: shown as the replacement character, as undecodable bytes are.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(value: Any) -> Any:
    """Flatten the shapes feeds use for one value: lists of authors, ``{"name": ...}``."""
    if isinstance(value, Mapping):
        for key in ("name", "title", "value", "href", "url"):
            if value.get(key):
                return value[key]
        return None
    if isinstance(value, (list, tuple)):
        parts = [str(_plain(item)) for item in value if _plain(item) not in (None, "")]
        return ", ".join(parts) or None
    return value


def pick_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map a record with any of the accepted field names to article attributes.

    Args:
        record: One JSON object, CSV row or front-matter block.

    Returns:
        A dict with keys from :data:`ALIASES` for the fields present and
        non-empty.
    """
    by_key = {normalise_key(str(key)): value for key, value in record.items()}
    picked: dict[str, Any] = {}
    for attribute, names in ALIASES.items():
        for name in names:
            value = _plain(by_key.get(name))
            if isinstance(value, str):
                # JSON can spell half a surrogate pair ("\ud83d"); no UTF-8 text can hold one.
                value = _LONE_SURROGATE.sub("\ufffd", value)
            if value is not None and value != "":
                picked[attribute] = value
                break
    return picked


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def clean_text(text: str) -> str:
    """Line endings unified, trailing spaces and outer blank lines removed.

    Nothing else is changed: detection reports offsets into this text and a
    reader must recognise it as what was published.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip()


def finish_article(raw: RawArticle, default_id: str, path: str, settings: Settings) -> tuple[Article, list[Problem]]:
    """Check a raw record and turn it into an :class:`Article`.

    Args:
        raw: What the reader found.
        default_id: The id to use when the record has none.
        path: The input's label, for messages and the ``path`` attribute.
        settings: Scan settings (the zone for times without one).

    Returns:
        The article and any warnings about it (a date that did not parse).

    Raises:
        RecordError: The record has no text.
    """
    text = clean_text(raw.text or "")
    if not text:
        raise RecordError("no article text (looked for a text, body or content field)", raw.line)
    warnings: list[Problem] = []
    published = None
    try:
        published = parse_published(raw.published, settings.default_timezone)
    except ValueError as error:
        warnings.append(Problem(path, f"publication time ignored: {error}", raw.line, fatal=False))
    url = _text(raw.url)
    byline = _text(raw.byline)
    credit = find_credit(text, byline)
    outlet = _text(raw.outlet) or outlet_from_url(url) or (outlet_from_domain(raw.domain) if raw.domain else None)
    article = Article(
        id=_text(raw.id) or default_id,
        text=text,
        title=_text(raw.title),
        outlet=outlet,
        url=url,
        published=published.iso if published else None,
        published_precision=published.precision if published else None,
        published_utc=published.utc if published else None,
        tz_assumed=published.tz_assumed if published else False,
        credit=credit.line if credit else None,
        credited=credit.source if credit else None,
        byline=byline,
        path=path,
        format=raw.format,
        encoding=raw.encoding,
    )
    return article, warnings
