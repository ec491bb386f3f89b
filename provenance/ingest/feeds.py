"""RSS and Atom feeds, read with feedparser: each entry is one article.

feedparser reads every RSS and Atom dialect in use, recovers from the
malformed XML many publishers serve, and sanitises the HTML in entries.
It is always given bytes, never a name: given a string that looks like a
URL it would fetch it itself, outside our timeouts and conditional
requests (see :mod:`provenance.ingest.fetch`).

An entry's text is its full content where the feed carries it
(``content:encoded``, Atom ``content``), else its summary. Its outlet is
the ``<source>`` it names (aggregators such as news search feeds name the
publisher there), else the feed's title up to a separator: "Example News
- Top stories" is the outlet "Example News".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from provenance.ingest.html import fragment_text
from provenance.ingest.model import Problem, RawArticle, RecordError

#: Where a feed title stops naming its outlet: "Example News - World", "Example | Top".
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|:]\s+")
#: A document whose first element is a feed's, after any XML declaration,
#: processing instructions (stylesheets) and comments.
_FEED_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)


def looks_like_feed(head: bytes) -> bool:
    """Whether a document is an RSS or Atom feed, judged by its first element."""
    return _FEED_START.match(head[:4096]) is not None


def _outlet(feed: Any, entry: Any) -> str | None:
    source = entry.get("source") or {}
    if source.get("title"):
        return str(source["title"]).strip()
    title = str(feed.get("title") or "").strip()
    return _TITLE_SEPARATOR.split(title, maxsplit=1)[0].strip() or None


def _text(entry: Any) -> str:
    """The entry's longest body, as plain text."""
    bodies = [item.get("value", "") for item in entry.get("content") or []]
    bodies.append(entry.get("summary", ""))
    body = max(bodies, key=len)
    return fragment_text(body) if "<" in body else body.strip()


def _entry(feed: Any, entry: Any, number: int) -> RawArticle:
    text = _text(entry)
    if not text:
        raise RecordError(f"entry {number} has no text (neither content nor summary)")
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author")
    link = entry.get("link")
    return RawArticle(
        text=text,
        # The link is the id every other input names this article by; the
        # guid only where there is no link.
        id=None if link else entry.get("id"),
        title=entry.get("title"),
        outlet=_outlet(feed, entry),
        url=link,
        published=entry.get("published") or entry.get("updated") or entry.get("created"),
        byline=author,
        line=number,
        format="feed",
    )


def read_feed(data: bytes, label: str) -> Iterator[RawArticle | RecordError | Problem]:
    """Read an RSS or Atom document.

    Args:
        data: The document's bytes (feedparser finds the encoding).
        label: The file or URL, for messages.

    Yields:
        An article per entry with text, a record error per entry without,
        and a problem when the document is no feed at all.
    """
    import feedparser  # imported on first use: a scan with no feeds must not pay for it

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "malformed XML")[:160]
            yield Problem(label, f"not a readable RSS or Atom feed ({reason})")
        elif parsed.get("version"):
            # An empty feed is normal (a quiet hour), not a failure.
            return
        else:
            yield Problem(label, "not an RSS or Atom feed: no channel or feed element found")
        return
    if parsed.get("bozo"):
        reason = str(parsed.get("bozo_exception") or "malformed XML")[:160]
        yield Problem(label, f"malformed feed ({reason}); its {len(entries)} entries were read", fatal=False)
    feed = parsed.get("feed") or {}
    for number, entry in enumerate(entries, start=1):
        try:
            yield _entry(feed, entry, number)
        except RecordError as error:
            yield error
