"""Stopping a scan cleanly: SIGINT and SIGTERM ask, the scan stops at a safe point.

systemd stops a service with SIGTERM, a user with Ctrl-C. Either sets a
flag that the scan checks between units of work (an input file, a batch of
pairs), so the scan ends with everything it stored intact and records
itself as interrupted. A second Ctrl-C stops at once: the unit in progress
is rolled back, which is safe too, only slower to resume.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def stop_requests(notice: Callable[[str], None] = lambda text: print(text, file=sys.stderr)) -> Iterator[Callable[[], bool]]:
    """Catch SIGINT and SIGTERM for the block; yields "has a stop been asked for?".

    Only the main thread can set signal handlers; elsewhere (a test runner's
    worker thread) the block runs with the handlers as they were.
    """
    asked: list[int] = []

    def handle(number: int, frame: FrameType | None) -> None:
        if asked and number == signal.SIGINT:
            raise KeyboardInterrupt
        asked.append(number)
        notice(f"{signal.Signals(number).name}: stopping at the next safe point (Ctrl-C again to stop at once)")

    previous = {}
    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, handle)
    except ValueError:  # not the main thread
        pass
    try:
        yield lambda: bool(asked)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
