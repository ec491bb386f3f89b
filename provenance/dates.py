"""Publication times: parsed from what scrapers and feeds write, kept honest.

A date with no time is kept as a date, a time with no zone gets the
configured zone and a flag saying so: lineage later decides which of two
articles came first, and it must not trust precision the source never had.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_DEFAULT_A = dt.datetime(1904, 1, 1)
_DEFAULT_B = dt.datetime(1905, 2, 2)
_ZONE_NAMES = {
    name: offset * 3600
    for name, offset in {
        "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "IST": 5.5, "HKT": 8, "SGT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    }.items()
}
_HAS_ZONE = re.compile(r"(?:Z|[+-]\d\d:?\d\d|\b[A-Z]{1,4}T\b|\b(?:UTC|GMT)\b)\s*$")


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
            these), a ``YYYYMMDD`` number, or a Unix timestamp in seconds or
            milliseconds.
        default_tz: IANA zone assumed for a time written without a zone.

    Returns:
        The parsed time, or ``None`` for an empty value.

    Raises:
        ValueError: The value is not a time, or lacks a year or a day
            ("Feb 23", "October 2025"): they would silently be filled in
            from today.
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
        return _from_number(value, default_tz)
    text = str(value).strip()
    if text.isdigit():
        return _from_number(int(text), default_tz)
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
    moment = _parse_free_text(text)
    if not _HAS_TIME.search(text) and not _HAS_ZONE.search(text):
        return _from_date(moment.date())
    return _from_datetime(moment, default_tz)


def _parse_free_text(text: str) -> dt.datetime:
    """dateutil's parser, refusing to fill a missing day or month from today."""
    try:
        with warnings.catch_warnings():
            # An unknown zone name is left naive (and flagged as assumed)
            # rather than warned about on stderr.
            warnings.simplefilter("ignore")
            first = dateutil_parser.parse(text, default=_DEFAULT_A, tzinfos=_ZONE_NAMES)
            second = dateutil_parser.parse(text, default=_DEFAULT_B, tzinfos=_ZONE_NAMES)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"not a time: {text!r}") from error
    if first.date() != second.date():
        raise ValueError(f"no day in {text!r}")
    return first


def _from_number(value: float, default_tz: str) -> Published:
    """A ``YYYYMMDD`` integer, or Unix seconds or milliseconds since 2001."""
    if 18000101 <= value <= 21001231 and float(value).is_integer():
        number = int(value)
        try:
            return _from_date(dt.date(number // 10000, number // 100 % 100, number % 100))
        except ValueError as error:
            raise ValueError(f"not a date: {value!r}") from error
    # Seconds from 2001 to 2286, or the same in milliseconds: smaller
    # numbers are more likely counts or ids than times.
    if 1e9 <= value < 1e10:
        seconds = value
    elif 1e12 <= value < 1e13:
        seconds = value / 1000
    else:
        raise ValueError(f"not a time: {value!r} (neither YYYYMMDD nor Unix seconds or milliseconds)")
    return _from_datetime(dt.datetime.fromtimestamp(seconds, dt.timezone.utc), default_tz)
