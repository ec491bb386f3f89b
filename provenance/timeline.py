"""When an article can have been published, and whether two can be ordered.

A stored publication time is a point only when it has a time of day and a
known zone. A time whose zone was assumed could be anywhere within the
world's offsets of it, and a bare date is a whole local day somewhere on
Earth: from 14 hours before its UTC midnight to 12 hours after its end.
Two articles are ordered only when these windows do not overlap (with a
minute's grace for the same story stamped twice); otherwise their order is
unknown, and lineage must not use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

_EAST = timedelta(hours=14)
_WEST = timedelta(hours=12)
_DAY = timedelta(days=1)
#: Times closer than this are a tie, not an order.
TIE = timedelta(minutes=1)


@dataclass(frozen=True)
class Window:
    """The span of UTC instants an article can have been published in.

    Attributes:
        earliest: Earliest possible instant.
        latest: Latest possible instant.
        exact: Whether the window is a single known instant.
    """

    earliest: datetime
    latest: datetime
    exact: bool


def window(published_utc: str | None, precision: str | None, tz_assumed: bool = False) -> Window | None:
    """The publication window of a stored article, or ``None`` when it has no time at all.

    Args:
        published_utc: The stored UTC time (ISO 8601).
        precision: ``"time"`` or ``"date"``.
        tz_assumed: Whether the zone was assumed rather than given.
    """
    if not published_utc:
        return None
    instant = datetime.fromisoformat(published_utc)
    if precision == "date":
        return Window(instant - _EAST, instant + _DAY + _WEST, False)
    if tz_assumed:
        return Window(instant - _EAST, instant + _WEST, False)
    return Window(instant, instant, True)


def before(first: Window | None, second: Window | None) -> bool | None:
    """Whether ``first`` was certainly published before ``second``.

    Returns:
        ``True`` when it was, ``False`` when it was certainly after, and
        ``None`` when the two cannot be ordered (a time missing, windows
        overlapping, or a tie).
    """
    if first is None or second is None:
        return None
    if first.latest + TIE <= second.earliest:
        return True
    if second.latest + TIE <= first.earliest:
        return False
    return None


def describe(published: str | None, precision: str | None, tz_assumed: bool = False) -> str:
    """A publication time as a person reads it in evidence ("2025-10-14 11:02 UTC", "2025-10-14, no time")."""
    if not published:
        return "no date"
    if precision == "date":
        return f"{published[:10]}, no time"
    instant = datetime.fromisoformat(published)
    text = instant.strftime("%Y-%m-%d %H:%M") + (" UTC" if instant.utcoffset() == timedelta(0) else instant.strftime(" %z"))
    return text + (" (zone assumed)" if tz_assumed else "")
