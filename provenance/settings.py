"""One place for every knob, with the defaults a new user gets."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_DB = "provenance.db"
DB_ENV = "PROVENANCE_DB"


@dataclass(frozen=True)
class Settings:
    """Settings of a scan.

    Attributes:
        max_file_bytes: Files larger than this are skipped with a message
            rather than read into memory (a stray video or database dump in
            a drop folder must not take the scan down). Compressed WARC
            files count by their size on disk.
        fallback_encoding: Tried after UTF-8 fails; cp1252 is what
            mis-declared Western web pages and Word exports nearly always are.
        default_timezone: Zone assumed for a publication time written
            without one (scraper headers often drop it). The assumption is
            recorded beside the time.
        fetch_timeout: Seconds to wait for a server named by URL to
            connect, and between bytes of its answer.
        fetch_retries: Further attempts after a failure that may pass
            (timeouts, dropped connections, 429 and 5xx answers).
        fetch_backoff: Seconds before the second retry, doubled for each
            after it.
    """

    max_file_bytes: int = 50 * 1024 * 1024
    fallback_encoding: str = "cp1252"
    default_timezone: str = "UTC"
    fetch_timeout: float = 20.0
    fetch_retries: int = 3
    fetch_backoff: float = 1.0

    def key(self) -> str:
        """A hash of what reading depends on: an input read with other settings is read again.

        How patient to be with servers changes no article, so it is left out.
        """
        reading = {name: value for name, value in asdict(self).items() if not name.startswith("fetch_")}
        return hashlib.sha1(json.dumps(reading, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """Where the database lives: the argument, else ``$PROVENANCE_DB``, else ``./provenance.db``."""
    if db:
        return Path(db)
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)
