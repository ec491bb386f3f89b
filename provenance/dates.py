"""Publication times: parsed from what scrapers and feeds write, kept honest.

A date with no time is kept as a date, a time with no zone gets the
configured zone and a flag saying so: lineage later decides which of two
articles came first, and it must not trust precision the source never had.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_HAS_ZONE = re.compile(r"(?:Z|[+-]\d\d:?\d\d|\b(?:UTC|GMT)\b)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Published:
    """A publication time as far as the source tells it.

    Attributes:
        iso: ``YYYY-MM-DD`` for a date, else ISO 8601 with its UTC offset.
        precision: ``"date"`` or ``"time"``.
        utc: The instant in UTC, for ordering (midnight UTC for a date).
        tz_assumed: The source gave a time but no zone.
    """

    iso: str
    precision: str
    utc: str
    tz_assumed: bool = False


def _from_date(day: dt.date) -> Published:
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return Published(day.isoformat(), "date", midnight.isoformat())


def _from_datetime(moment: dt.datetime, default_tz: str) -> Published:
    assumed = moment.tzinfo is None or moment.utcoffset() is None
    if assumed:
        moment = moment.replace(tzinfo=ZoneInfo(default_tz))
    moment = moment.replace(microsecond=0)
    return Published(
        moment.isoformat(),
        "time",
        moment.astimezone(dt.timezone.utc).isoformat(),
        assumed,
    )


def parse_published(value: object, default_tz: str = "UTC") -> Published | None:
    """Parse a publication time from a header, a feed field or a meta tag.

    Args:
        value: A string, a ``datetime``/``date`` (YAML front matter yields
            these), or a Unix timestamp in seconds or milliseconds.
        default_tz: IANA zone assumed for a time written without a zone.

    Returns:
        The parsed time, or ``None`` for an empty value.

    Raises:
        ValueError: The value is not a time, or has no year (a bare "Feb 23"
            would silently become this year).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return _from_datetime(value, default_tz)
    if isinstance(value, dt.date):
        return _from_date(value)
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        try:
            moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
        except (OverflowError, OSError, ValueError) as error:
            raise ValueError(f"timestamp out of range: {value!r}") from error
        return _from_datetime(moment, default_tz)
    text = str(value).strip()
    day = _DATE_ONLY.match(text)
    if day:
        return _from_date(dt.date(*(int(part) for part in day.groups())))
    if ":" in text:
        try:
            # The common case (ISO 8601 from feeds and meta tags), without
            # dateutil's general parser, which costs 50 times more.
            return _from_datetime(dt.datetime.fromisoformat(text.replace("Z", "+00:00")), default_tz)
        except ValueError:
            pass
    if not _HAS_YEAR.search(text):
        raise ValueError(f"no year in {text!r}")
    try:
        moment = dateutil_parser.parse(text)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"not a time: {text!r}") from error
    if not _HAS_TIME.search(text) and not _HAS_ZONE.search(text):
        return _from_date(moment.date())
    return _from_datetime(moment, default_tz)
