"""The five real articles in ../shared/seeds, read where they are (never copied)."""

from conftest import SEEDS, needs_shared

from provenance import scan

pytestmark = needs_shared(SEEDS)


def test_seeds_are_stored_with_their_header_metadata(fresh_db):
    summary = scan([str(SEEDS)], fresh_db)
    assert summary.counts.added == 5 and summary.problems == []
    cnn = fresh_db.article("002_519a8de31d5b74d8")
    assert cnn.url.startswith("https://www.cnn.com/2026/02/24/tech/") and cnn.url.endswith("-intl-hnk")
    assert cnn.outlet == "cnn.com"
    assert cnn.published == "2026-02-24T01:45:00+00:00" and cnn.tz_assumed
    assert cnn.title.startswith("US AI giant Anthropic")
    assert not cnn.text.startswith(("US AI giant", "https://", "Publish Date"))
    rewrite = fresh_db.article("000_9294bca47d748bbe")
    assert (rewrite.published, rewrite.published_precision) == ("2026-02-24", "date")
    assert rewrite.title.startswith("Anthropic accuses DeepSeek")
    assert not rewrite.text.lstrip().startswith("date")


def test_aggregator_credit_line(fresh_db):
    scan([str(SEEDS)], fresh_db)
    aggregator = fresh_db.article("001_fb230d1ed8c13f7d")
    assert aggregator.credited == "theverge"
    assert aggregator.published is None  # "Feb 23" has no year: not guessed


def test_second_scan_adds_nothing(fresh_db):
    scan([str(SEEDS)], fresh_db)
    again = scan([str(SEEDS)], fresh_db)
    assert (again.files, again.unchanged_files, again.counts.added) == (0, 5, 0)
    reread = scan([str(SEEDS)], fresh_db, reread=True)
    assert (reread.counts.added, reread.counts.versions, reread.counts.unchanged) == (0, 0, 5)
