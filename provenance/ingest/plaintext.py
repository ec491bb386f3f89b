"""Plain text and Markdown articles, with whatever header a scraper left.

Scraped text arrives in three shapes: YAML front matter between ``---``
lines; a block of ``Key: value`` lines (``Title:``, ``URL:``,
``Publish Date:``, ``Source Domain:``), often under a repeated headline;
or a single ``date 2026-02-24 Headline`` line. The header is taken off the
text; anything that is not clearly a header stays in the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import frontmatter

from provenance.ingest.fields import normalise_key, pick_fields
from provenance.ingest.model import RawArticle, RecordError

_HEADER_SCAN_LINES = 12
_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "canonical_url": "url",
    "publish_date": "published",
    "published": "published",
    "published_at": "published",
    "publication_date": "published",
    "pub_date": "published",
    "pubdate": "published",
    "date": "published",
    "source_domain": "domain",
    "domain": "domain",
    "outlet": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "author": "byline",
    "byline": "byline",
    "id": "id",
}
_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _-]{1,24}?)\s*:\s*(\S.*)$")
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*(.*)$")
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
_FURNITURE = re.compile(r"^(skip to (main )?content|advertisement|menu|home|search)$", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"^---\s*\n")


def _header_fields(line: str) -> dict[str, str] | None:
    """The metadata in one header line, or ``None`` when it is not a header line."""
    date_line = _DATE_LINE.match(line)
    if date_line:
        fields = {"published": date_line.group(1)}
        if date_line.group(2).strip():
            fields["title"] = date_line.group(2).strip()
        return fields
    url_line = _URL_LINE.match(line)
    if url_line:
        return {"url": url_line.group(1)}
    key_line = _KEY_LINE.match(line)
    if key_line:
        attribute = _HEADER_KEYS.get(normalise_key(key_line.group(1)))
        if attribute:
            return {attribute: key_line.group(2).strip()}
    return None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Separate a scraper's header block from the article body.

    Args:
        text: The whole file.

    Returns:
        The header's fields (attribute names of :class:`RawArticle`) and
        the body. Without a header, an empty dict and the text unchanged.
    """
    lines = text.split("\n")
    fields: dict[str, str] = {}
    headline_lines: list[str] = []
    header_end = -1
    for number, line in enumerate(lines[:_HEADER_SCAN_LINES]):
        if not line.strip():
            if fields:
                break
            continue
        found = _header_fields(line)
        if found:
            for key, value in found.items():
                fields.setdefault(key, value)
            header_end = number
        elif not fields and len(headline_lines) < 2 and len(line) <= 200:
            # A scraper often writes the headline (sometimes twice) above
            # the metadata lines, without a key.
            headline_lines.append(line.strip())
        else:
            break
    if not fields:
        return {}, text
    if headline_lines:
        fields.setdefault("title", headline_lines[0])
    return fields, "\n".join(lines[header_end + 1 :])


def guess_title(body: str) -> str | None:
    """A headline-like first line: short, several words, no closing punctuation.

    Only guessed for files with no header; the line stays in the body,
    because it may well be the lead sentence after all.
    """
    for line in body.split("\n")[:6]:
        line = line.strip().lstrip("#").strip()
        if not line or _FURNITURE.match(line):
            continue
        if len(line) <= 150 and len(line.split()) >= 3 and line[-1] not in ".!?:\"'\u201d":
            return line
    return None


def read_text(text: str) -> Iterator[RawArticle]:
    """Read one plain-text or Markdown article.

    Args:
        text: The decoded file.

    Yields:
        One :class:`RawArticle`.

    Raises:
        RecordError: The front matter is not valid YAML.
    """
    text = text.lstrip("\ufeff")
    if _FRONT_MATTER.match(text):
        try:
            post = frontmatter.loads(text)
        except Exception as error:  # the YAML parser raises its own types
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise RecordError(f"front matter is not valid YAML ({first}): fix or remove it", 1) from error
        yield RawArticle.from_fields(post.content, pick_fields(post.metadata), format="text")
        return
    fields, body = split_header(text)
    if "title" not in fields:
        guessed = guess_title(body)
        if guessed:
            fields["title"] = guessed
    yield RawArticle.from_fields(body, fields, format="text")
