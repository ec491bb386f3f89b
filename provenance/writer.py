"""One writer at a time: the lock a scan holds on its database.

SQLite lets readers work while one process writes (the store runs in WAL
mode), but two scans interleaving their writes would each re-check the
other's articles and fight over the clusters. A scan therefore holds a lock
file beside the database (``provenance.db.lock``) for its whole run. A
second scan waits for it up to a limit and then gives up with
:class:`provenance.errors.BusyError`, which the CLI reports with its own
exit status, so that an overlapping cron run ends quietly and the next one
picks up the work. The lock is the operating system's (``flock``): a scan
killed outright releases it with its process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from provenance.errors import BusyError

SUFFIX = ".lock"


def lock_path(database: Path) -> Path:
    """The lock file of a database."""
    return database.with_name(database.name + SUFFIX)


@contextmanager
def writing(database: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the database's writer lock for the block.

    Args:
        database: The database file.
        wait: Seconds to wait for another writer to finish.

    Raises:
        BusyError: Another scan held the lock for longer than ``wait``.
    """
    lock = FileLock(str(lock_path(database)), timeout=max(wait, 0.0))
    try:
        lock.acquire()
    except Timeout:
        raise BusyError(
            f"another scan is writing to {database} (it holds {lock_path(database).name}); "
            f"gave up after waiting {wait:g} s: try again later, or give a longer --wait"
        ) from None
    try:
        yield
    finally:
        lock.release()
