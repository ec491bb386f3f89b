"""The SQLite store: articles, their versions, and the record of every scan.

One file, opened through sqlite-utils, in WAL mode so that reports read
while a scan writes. Writes come in units (one input file, one scan record)
that either land whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from provenance.article import Article
from provenance.errors import SchemaTooNewError, StoreError
from provenance.migrations import STEPS, migrations
from provenance.sqlite import Database, Migrations

BUSY_TIMEOUT_SECONDS = 30.0
#: Ids bound per ``in (...)`` list: well under SQLite's limit on bound parameters.
_IN_CHUNK = 500


def in_chunks(ids: list[str]) -> Iterator[tuple[list[str], str]]:
    """``ids`` in slices small enough to bind, each with its ``?, ?, ...`` placeholders."""
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))

#: Article attributes that may change without the text changing.
_METADATA = (
    "title",
    "outlet",
    "url",
    "published",
    "published_precision",
    "published_utc",
    "tz_assumed",
    "credit",
    "credited",
    "byline",
    "path",
    "format",
    "encoding",
)


def utc_now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class AddCounts:
    """What storing a batch of articles did.

    Attributes:
        added: Articles with an id not seen before.
        versions: Known ids whose text changed: stored as a new version.
        updated: Known ids whose text is unchanged but metadata changed.
        unchanged: Known ids identical to what is stored.
    """

    added: int = 0
    versions: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: AddCounts) -> AddCounts:
        for name in ("added", "versions", "updated", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


_ARTICLE_COLUMNS = tuple(f.name for f in fields(Article))


def _article_row(article: Article) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, a third of the
    # cost of storing a large feed.
    row = {name: getattr(article, name) for name in _ARTICLE_COLUMNS}
    row["tz_assumed"] = int(article.tz_assumed)
    return row


def _article_from_row(row: dict[str, Any]) -> Article:
    names = {f.name for f in fields(Article) if f.init}
    values = {key: value for key, value in row.items() if key in names}
    values["tz_assumed"] = bool(values.get("tz_assumed"))
    return Article(**values)


def _remedy(error: sqlite3.Error) -> str:
    """What to do about a failed write, in the words of its cause."""
    message = str(error).lower()
    if "readonly" in message or "read-only" in message:
        return "the file is read-only: make it writable, or give another --db"
    if "full" in message:
        return "free some disk space and scan again: the next scan finishes the work"
    if "malformed" in message or "not a database" in message:
        return "the file is damaged: restore it from a copy, or give another --db"
    if "i/o" in message or "disk" in message:
        return "check the disk, then scan again: the next scan finishes the work"
    return "scan again when the cause is fixed: the next scan finishes the work"


class Store:
    """A provenance database.

    Args:
        path: The database file; created (with its schema) when missing,
            unless ``create`` is False.
        create: When False, a missing file is an error instead of a new,
            empty database (reports must not invent one).

    Raises:
        StoreError: The file is not a SQLite database, cannot be created or
            written, or is missing and ``create`` is False.
        SchemaTooNewError: A newer provenance wrote it.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder: give a database file with --db")
        if not create and not self.path.exists():
            raise StoreError(f"no database at {self.path}: run 'provenance scan' first, or give --db")
        if not self.path.parent.exists():
            raise StoreError(f"cannot create {self.path}: folder {self.path.parent} does not exist")
        try:
            connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open {self.path} ({error}): is its folder writable?") from error
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            connection.close()
            if "not a database" in str(error) or "malformed" in str(error):
                raise StoreError(f"{self.path} is not a provenance database ({error}): give another --db") from error
            raise StoreError(f"cannot open {self.path} ({error}): is its folder writable?") from error
        self.db = Database(connection)
        try:
            self._prepare()
        except BaseException:
            connection.close()
            raise

    def _prepare(self) -> None:
        """Check the schema is ours, bring it up to date, switch to WAL."""
        try:
            applied = [m.name for m in migrations.applied(self.db)]
            unknown = [name for name in applied if name not in STEPS]
            if unknown:
                raise SchemaTooNewError(
                    f"{self.path} was written by a newer provenance (schema step {unknown[-1]}): upgrade provenance"
                )
            foreign = [name for name in self.db.table_names() if name != Migrations.migrations_table]
            if not applied and foreign:
                shown = ", ".join(sorted(foreign)[:5])
                raise StoreError(f"{self.path} is a SQLite database of another application (tables: {shown}): give another --db")
            if self.db.journal_mode != "wal":
                self.db.enable_wal()
            if migrations.pending(self.db):
                with self.transaction():
                    migrations.apply(self.db)
        except sqlite3.Error as error:
            raise StoreError(f"cannot prepare {self.path} ({error}): {_remedy(error)}") from error

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A unit of writes that lands whole or not at all.

        The outermost unit takes the write lock at once (``BEGIN
        IMMEDIATE``): a deferred transaction that reads first and writes
        later fails at once with "database is locked" when another process
        wrote meanwhile, instead of waiting its turn. Nested units are
        savepoints. SQLite errors become :class:`StoreError`.

        Raises:
            StoreError: The database stayed locked past the busy timeout,
                or a write failed (disk full, read-only file); nothing of
                the unit was kept.
        """
        connection = self.db.conn
        if connection.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(
                f"{self.path} is busy ({error}) after waiting {BUSY_TIMEOUT_SECONDS:.0f} s: "
                "another scan is writing; try again when it ends"
            ) from error
        try:
            yield
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.rollback()
            raise StoreError(f"cannot write to {self.path} ({error}): nothing of this unit was stored; {_remedy(error)}") from error
        except BaseException:
            if connection.in_transaction:
                connection.rollback()
            raise

    # -- scans -------------------------------------------------------------

    def begin_scan(self, inputs: list[str], tool_version: str) -> int:
        """Record the start of a scan and return its id."""
        with self.transaction():
            table = self.db["scans"]
            table.insert(
                {
                    "started_at": utc_now(),
                    "status": "running",
                    "inputs": json.dumps(inputs),
                    "tool_version": tool_version,
                }
            )
            return int(table.last_pk)  # type: ignore[union-attr]

    def finish_scan(
        self, scan_id: int, status: str, counts: dict[str, int], summary: dict[str, Any] | None = None
    ) -> None:
        """Record how a scan ended, with its summary (as ``--json`` prints it)."""
        values: dict[str, Any] = {"finished_at": utc_now(), "status": status, **counts}
        if summary is not None:
            values["summary"] = json.dumps(summary)
        with self.transaction():
            self.db["scans"].update(scan_id, values)

    def scans(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Past scans, newest first."""
        return list(self.db["scans"].rows_where(order_by="id desc", limit=limit))

    def add_problems(self, scan_id: int, problems: Iterable[Any]) -> None:
        """Keep a scan's problems (objects with path, line, fatal, message)."""
        rows = [
            {"scan_id": scan_id, "path": p.path, "line": p.line, "fatal": int(p.fatal), "message": p.message}
            for p in problems
        ]
        if rows:
            self.db["problems"].insert_all(rows)

    def has_scan(self, scan_id: int) -> bool:
        """True when a scan with this id was recorded."""
        return bool(self.db.execute("select 1 from scans where id = ?", [scan_id]).fetchone())

    def problems(self, scan_id: int) -> list[dict[str, Any]]:
        """The problems a scan met, in the order met."""
        return list(self.db["problems"].rows_where("scan_id = ?", [scan_id], order_by="id"))

    # -- articles ----------------------------------------------------------

    def _current(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        current: dict[str, dict[str, Any]] = {}
        for chunk, marks in in_chunks(ids):
            for row in self.db.query(f"select * from articles where id in ({marks})", chunk):
                current[row["id"]] = row
        return current

    def add_articles(self, articles: Iterable[Article], scan_id: int | None = None) -> AddCounts:
        """Store articles: new ids are added, changed texts become new versions.

        Idempotent: storing the same article again changes nothing. Call it
        inside :meth:`transaction` to make a larger unit atomic.

        Args:
            articles: The articles, in input order (a later record with the
                same id and new text is a later version).
            scan_id: The scan storing them.

        Returns:
            What was added, versioned, updated or left unchanged.
        """
        batch = list(articles)
        counts = AddCounts()
        if not batch:
            return counts
        now = utc_now()
        current = self._current(sorted({article.id for article in batch}))
        # New articles are inserted in bulk; a pending one is flushed first
        # when the same id comes again in the batch with other text.
        pending: dict[str, dict[str, Any]] = {}

        def flush() -> None:
            if pending:
                self.db["articles"].insert_all(pending.values(), batch_size=200)
                pending.clear()

        with self.transaction():
            for article in batch:
                row = _article_row(article)
                if article.id in pending:
                    flush()
                stored = current.get(article.id)
                if stored is None:
                    row.update(version=1, first_seen_at=now, ingested_at=now, scan_id=scan_id)
                    pending[article.id] = row
                    counts.added += 1
                elif stored["content_hash"] != article.content_hash:
                    self._supersede(stored, now)
                    row.update(
                        version=stored["version"] + 1,
                        first_seen_at=stored["first_seen_at"],
                        ingested_at=now,
                        scan_id=scan_id,
                    )
                    self.db["articles"].insert(row, replace=True)
                    counts.versions += 1
                elif any(stored[name] != row[name] for name in _METADATA):
                    changes = {**{name: row[name] for name in _METADATA}, "scan_id": scan_id}
                    self.db["articles"].update(article.id, changes)
                    row = {**stored, **changes}
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                    continue
                current[article.id] = row
            flush()
        return counts

    def _supersede(self, stored: dict[str, Any], now: str) -> None:
        """Keep the version about to be replaced in ``article_versions``."""
        self.db["article_versions"].insert(
            {
                "article_id": stored["id"],
                "version": stored["version"],
                "content_hash": stored["content_hash"],
                "title": stored["title"],
                "published": stored["published"],
                "path": stored["path"],
                "text": stored["text"],
                "ingested_at": stored["ingested_at"],
                "superseded_at": now,
                "scan_id": stored["scan_id"],
            }
        )

    def article(self, article_id: str) -> Article | None:
        """The current version of one article, or ``None``."""
        rows = list(self.db["articles"].rows_where("id = ?", [article_id]))
        return _article_from_row(rows[0]) if rows else None

    def article_path(self, article_id: str) -> tuple[str | None, str] | None:
        """The stored path and content hash of an article id, or ``None`` if unknown."""
        for row in self.db.query("select path, content_hash from articles where id = ?", [article_id]):
            return row["path"], row["content_hash"]
        return None

    def ids_from_path(self, path: str) -> list[str]:
        """Ids of the articles whose current version came from this file."""
        return [row["id"] for row in self.db.query("select id from articles where path = ? order by id", [path])]

    def articles(self) -> Iterator[Article]:
        """Every article's current version, ordered by publication time then id."""
        for row in self.db["articles"].rows_where(order_by="published_utc is null, published_utc, id"):
            yield _article_from_row(row)

    def article_rows(self, columns: str = "*") -> Iterator[dict[str, Any]]:
        """Article rows as stored, in :meth:`articles` order (for listings and exports)."""
        yield from self.db.query(f"select {columns} from articles order by published_utc is null, published_utc, id")

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        """An article's superseded versions, oldest first."""
        return list(self.db["article_versions"].rows_where("article_id = ?", [article_id], order_by="version"))

    def count(self, table: str) -> int:
        """Rows in a table."""
        return self.db[table].count
