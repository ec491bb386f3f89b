"""Inputs already read: what a scheduled scan may pass over.

A drop folder scanned every 15 minutes holds mostly files read before.
Each file read is remembered with its size, modification time and content
hash, and the ingest settings it was read with. A file whose size and
modification time are unchanged is passed over without being opened; one
whose time changed but whose bytes did not (a copy, a ``touch``) is passed
over after hashing. Anything else is read again, and the store decides
article by article what is new.

A file modified within a moment of being looked at may change again
within the resolution of its file system's clock while keeping its size;
such a file is checked by its hash on the next scan (git's "racy clean"
rule).

A feed named by URL is remembered by its URL, with the ``ETag`` and
``Last-Modified`` its server sent: the next scan asks with them, and a
``304 Not Modified``, or a body with the same hash as the last one read,
costs no reading at all.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from provenance.ingest.fetch import Fetched, fetch
from provenance.ingest.model import Problem
from provenance.settings import Settings
from provenance.store import Store, utc_now

_CHUNK = 1 << 20
#: A file looked at this soon after its last change is checked by hash next time.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Seen:
    """A file as found on disk now.

    Attributes:
        path: Absolute path.
        size: Size in bytes.
        mtime_ns: Modification time in nanoseconds.
        looked_ns: When it was looked at.
    """

    path: str
    size: int
    mtime_ns: int
    looked_ns: int


def look(path: Path) -> Seen | None:
    """The file's size and time, or ``None`` if it cannot be stat'ed (it is read and reported as usual)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return Seen(path.resolve().as_posix(), info.st_size, info.st_mtime_ns, time.time_ns())


def file_hash(path: str) -> str | None:
    """SHA-1 of a file's bytes, or ``None`` when it cannot be read."""
    digest = hashlib.sha1()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def unchanged(store: Store, seen: Seen, settings_key: str) -> bool:
    """Whether the file was read before, with these settings, and has not changed since."""
    row = store.db.execute(
        "select size, mtime_ns, looked_ns, content_hash, settings_key from inputs where path = ?", [seen.path]
    ).fetchone()
    if row is None or row[4] != settings_key or row[0] != seen.size:
        return False
    if row[1] == seen.mtime_ns and row[2] - row[1] > _RACY_NS:
        return True
    if file_hash(seen.path) != row[3]:
        return False
    with store.transaction():
        store.db["inputs"].update(seen.path, {"mtime_ns": seen.mtime_ns, "looked_ns": seen.looked_ns})
    return True


def fetch_new(
    store: Store, url: str, settings: Settings, reread: bool = False
) -> tuple[Seen, Fetched, str] | Problem | None:
    """Fetch a URL input if it changed since it was last read.

    Returns:
        The URL as seen (size of its body), the answer and its hash when
        there is something to read; ``None`` when the server says nothing changed
        or sends the bytes read last time; the problem when it cannot be
        fetched.
    """
    key = settings.key()
    row = store.db.execute(
        "select content_hash, settings_key, etag, last_modified from inputs where path = ?", [url]
    ).fetchone()
    known = row is not None and row[1] == key and not reread
    looked_ns = time.time_ns()
    answer = fetch(url, settings, row[2] if known else None, row[3] if known else None)
    if isinstance(answer, Problem):
        return answer
    if answer.data is None:
        return None
    digest = hashlib.sha1(answer.data).hexdigest()
    if known and row[0] == digest:
        with store.transaction():
            store.db["inputs"].update(
                url, {"etag": answer.etag, "last_modified": answer.last_modified, "looked_ns": looked_ns}
            )
        return None
    return Seen(url, len(answer.data), 0, looked_ns), answer, digest


def remember(
    store: Store,
    seen: Seen,
    content_hash: str | None,
    settings_key: str,
    scan_id: int,
    fetched: Fetched | None = None,
) -> None:
    """Record that the file was read (call inside the transaction that stores its articles).

    ``seen`` and ``content_hash`` must be taken before the file is read: a
    file that changes while it is read then differs from what is recorded,
    and is read again by the next scan. ``fetched`` is the answer of a URL
    input, whose validators are kept for the next request.
    """
    store.db["inputs"].upsert(
        {
            "path": seen.path,
            "size": seen.size,
            "mtime_ns": seen.mtime_ns,
            "looked_ns": seen.looked_ns,
            "content_hash": content_hash,
            "settings_key": settings_key,
            "scan_id": scan_id,
            "read_at": utc_now(),
            "etag": fetched.etag if fetched else None,
            "last_modified": fetched.last_modified if fetched else None,
        },
        pk="path",
    )
