"""Plain text and Markdown, with the header shapes scrapers write."""

from provenance.ingest.plaintext import guess_title, read_text, split_header


def test_key_value_header_under_repeated_headline():
    text = (
        "Harbour crane halted\n"
        "Harbour crane halted\n"
        "https://www.harbourherald.example/local/crane\n"
        "Publish Date: 2025-10-14 11:40:00\n"
        "Source Domain: www.harbourherald.example\n"
        "The crane stopped at dawn.\n"
        "Second paragraph."
    )
    fields, body = split_header(text)
    assert fields == {
        "title": "Harbour crane halted",
        "url": "https://www.harbourherald.example/local/crane",
        "published": "2025-10-14 11:40:00",
        "domain": "www.harbourherald.example",
    }
    assert body == "The crane stopped at dawn.\nSecond paragraph."


def test_title_key_header_ends_at_blank_line():
    fields, body = split_header("Title: A headline\nURL: https://x.example/a\n\nBody line one.\nDate: not a header here")
    assert fields["title"] == "A headline"
    assert body.strip().startswith("Body line one.")
    assert "Date: not a header here" in body


def test_date_line_header():
    fields, body = split_header(" date 2025-10-14 Ferries double as bridge shuts\nIslanders queued at dawn.")
    assert fields == {"published": "2025-10-14", "title": "Ferries double as bridge shuts"}
    assert body == "Islanders queued at dawn."


def test_no_header_leaves_text_alone():
    text = "Officials said on Tuesday that the bridge would close.\nMore text."
    assert split_header(text) == ({}, text)


def test_source_line_is_not_taken_as_header():
    # "Source: X" at the top is a credit line, and stays in the text.
    fields, body = split_header("Source: AFP\nThe bridge closed.")
    assert fields == {}


def test_front_matter():
    text = "---\ntitle: Bridge shut\noutlet: The Island Post\npublished: 2025-10-14T13:15:00+01:00\nauthor: Mara Quint\n---\nBody.\n"
    raw = next(read_text(text))
    assert (raw.title, raw.outlet, raw.byline, raw.text.strip()) == ("Bridge shut", "The Island Post", "Mara Quint", "Body.")
    assert str(raw.published).startswith("2025-10-14")


def test_guessed_title_skips_furniture_and_sentences():
    assert guess_title("Skip to main content\nFeb 23\n\nCranes Halted After Storm\n\nBody.") == "Cranes Halted After Storm"
    assert guess_title("The cranes were halted after the storm on Tuesday.\nMore.") is None
    assert guess_title("# Markdown Heading Here\n\nBody.") == "Markdown Heading Here"
