"""The bundled demo corpus: every article ingested, with the metadata its format carries."""

import json

import pytest

from conftest import CORPUS

from provenance import scan

TRUTH = json.loads((CORPUS / "truth.json").read_text())


@pytest.fixture
def corpus_db(fresh_db):
    summary = scan([str(CORPUS)], fresh_db)
    assert summary.problems == []
    return fresh_db


def test_every_truth_article_and_nothing_else(corpus_db):
    assert sorted(a.id for a in corpus_db.articles()) == sorted(a["id"] for a in TRUTH["articles"])


def test_formats_are_all_represented(corpus_db):
    assert {a.format for a in corpus_db.articles()} == {"text", "html", "json", "csv"}


def test_metadata_per_format(corpus_db):
    bayline = corpus_db.article("bayline-daily-bridge")
    assert (bayline.outlet, bayline.published) == ("Bayline Daily", "2025-10-14T07:02:00-04:00")
    assert bayline.url.startswith("https://www.baylinedaily.example/")
    assert "Related stories" not in bayline.text and "cookie" not in bayline.text.lower()
    assert corpus_db.article("island-post-bridge").published == "2025-10-14T13:15:00+01:00"
    assert corpus_db.article("kessick-gazette-bridge").published_precision == "date"
    assert corpus_db.article("valley-sports-rowing").published is None
    assert corpus_db.article("courier-halvard-bridge").published == "2025-10-14T15:30:00+02:00"


def test_credit_lines(corpus_db):
    credited = {a.id: a.credited for a in corpus_db.articles()}
    assert credited["newspulse-halvard-bridge"] == "islandpost"
    assert credited["island-post-bridge"] == "Coastal Wire Service"
    assert credited["courier-halvard-bridge"] == "Coastal Wire Service"
    assert credited["bayline-daily-bridge"] == "CWS"
    assert credited["harbour-herald-bridge"] == "CWS"


def test_verbatim_copies_carry_the_same_article_paragraphs(corpus_db):
    def paragraphs(text):
        return {line.strip() for line in text.split("\n") if len(line.split()) > 12}

    bayline = paragraphs(corpus_db.article("bayline-daily-bridge").text)
    herald = paragraphs(corpus_db.article("harbour-herald-bridge").text)
    # The Harbour Herald page adds furniture lines of its own around them.
    assert len(bayline) >= 8 and bayline <= herald
