"""What readers produce: raw records, and problems with the input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Source:
    """One input to read: a file, or standard input.

    Attributes:
        label: The input as the user would recognise it (a path, or ``-``).
        path: The file on disk; ``None`` for standard input.
        stem: The file name without its extensions: the default article id.
        relative: The path below the folder that was scanned (for a file
            named on its own, its folder's name and its name): the id used
            when two files share a stem.
        format: The reader to use: text, html, json, csv, warc, feed, or
            ``None`` to decide from the content.
        url: The http(s) address of an input fetched from a server (a
            feed); ``path`` is then ``None``.
    """

    label: str
    path: Path | None
    stem: str
    relative: str
    format: str | None
    url: str | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input, reported on one line.

    Attributes:
        path: The input, as the user named it.
        message: What is wrong and what to do.
        line: Line (text formats) or record number (WARC) inside the input.
        fatal: True when a record or file was skipped; False for a warning
            about something stored anyway (a fallback encoding, a bad date).
    """

    path: str
    message: str
    line: int | None = None
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        label = "skipped" if self.fatal else "warning"
        return f"{where}: {label}: {self.message}"


class RecordError(Exception):
    """Raised inside a reader for one bad record; turned into a :class:`Problem`."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class RawArticle:
    """An article as a reader found it, before it is checked and normalised.

    Attributes mirror :class:`provenance.Article`; ``published`` is still
    whatever the source wrote, ``domain`` a host name from a header, and
    ``line`` the record's line or number in its file, for messages and
    default ids.
    """

    text: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: Any = None
    byline: str | None = None
    domain: str | None = None
    line: int | None = None
    format: str | None = None
    encoding: str = "utf-8"

    @classmethod
    def from_fields(cls, text: str, fields: dict[str, Any], **extra: Any) -> RawArticle:
        """Build from a dict of metadata keyed by attribute name (extra keys ignored)."""
        names = ("id", "title", "outlet", "url", "published", "byline", "domain")
        values = {name: fields.get(name) for name in names}
        if values["id"] is not None:
            values["id"] = str(values["id"])
        return cls(text=text, **values, **extra)
