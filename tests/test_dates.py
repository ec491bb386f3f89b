import datetime as dt

import pytest

from provenance import parse_published


def test_time_with_offset_keeps_its_offset():
    published = parse_published("2025-10-14T07:02:00-04:00")
    assert published.iso == "2025-10-14T07:02:00-04:00"
    assert published.utc == "2025-10-14T11:02:00+00:00"
    assert published.precision == "time"
    assert not published.tz_assumed


def test_time_without_zone_gets_default_zone_and_flag():
    published = parse_published("2026-02-24 01:45:00", default_tz="UTC")
    assert published.iso == "2026-02-24T01:45:00+00:00"
    assert published.tz_assumed


def test_time_without_zone_uses_given_zone():
    published = parse_published("2026-02-24 01:45:00", default_tz="America/New_York")
    assert published.utc == "2026-02-24T06:45:00+00:00"


def test_date_only_stays_a_date():
    published = parse_published("2026-02-24")
    assert (published.iso, published.precision) == ("2026-02-24", "date")
    assert published.utc == "2026-02-24T00:00:00+00:00"


def test_written_out_date_without_time_is_a_date():
    assert parse_published("February 24, 2026").iso == "2026-02-24"


def test_rfc_2822_feed_time():
    published = parse_published("Tue, 14 Oct 2025 06:10:00 GMT")
    assert published.utc == "2025-10-14T06:10:00+00:00"
    assert not published.tz_assumed


def test_z_suffix():
    assert parse_published("2025-10-14T16:45:00Z").iso == "2025-10-14T16:45:00+00:00"


def test_python_values_from_front_matter():
    assert parse_published(dt.date(2025, 10, 14)).precision == "date"
    aware = dt.datetime(2025, 10, 14, 13, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert parse_published(aware).iso == "2025-10-14T13:15:00+01:00"


def test_unix_seconds_and_milliseconds_agree():
    assert parse_published(1760422200).utc == parse_published(1760422200000).utc == "2025-10-14T06:10:00+00:00"


def test_empty_is_none():
    assert parse_published(None) is None
    assert parse_published("  ") is None


@pytest.mark.parametrize("value", ["Feb 23", "yesterday", "not a date 2025 at all", True])
def test_rejects_what_is_not_a_dated_time(value):
    with pytest.raises(ValueError):
        parse_published(value)


@pytest.mark.parametrize("value", [10**20, float("nan"), "2025-13-45", "2025-02-30T10:00:00"])
def test_impossible_values_are_value_errors(value):
    with pytest.raises(ValueError):
        parse_published(value)


@pytest.mark.parametrize("value", ["2025", "October 2025", 12345, "12345"])
def test_incomplete_dates_are_not_filled_in_from_today(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_zone_abbreviations():
    published = parse_published("2025-10-14 07:02 EST")
    assert published.iso == "2025-10-14T07:02:00-05:00" and not published.tz_assumed


def test_unknown_zone_abbreviation_is_assumed_not_warned(recwarn):
    assert parse_published("2025-10-14 07:02 XYZ").tz_assumed
    assert len(recwarn) == 0


def test_yyyymmdd_numbers_and_digit_strings():
    assert parse_published(20250304).iso == "2025-03-04"
    assert parse_published("1760422200").utc == "2025-10-14T06:10:00+00:00"
