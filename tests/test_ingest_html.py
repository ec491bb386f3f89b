"""HTML pages: the article is kept, the page furniture is not."""

from provenance.ingest.html import extract_html

PAGE = """<!doctype html><html><head>
<title>Harbour cranes halted | The Daily Ledger</title>
<link rel="canonical" href="https://www.dailyledger.example/news/harbour-cranes">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2025-03-04T09:30:00-05:00">
<meta name="author" content="Jane Roe">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="#main">Skip to main content</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Harbour cranes halted after storm</h1>
<p>Port officials halted every container crane on Tuesday after gusts above ninety kilometres an hour swept the outer harbour, a spokesperson said.</p>
<p>"We will not restart until every boom has been inspected," said harbour master Lena Ostrova, adding that the inspection could take two days.</p>
<p>Shipping lines were told to expect delays of up to 48 hours while inspectors climbed each of the eleven cranes in turn.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Council approves new cycle lanes</a></li></ul></aside>
<section class="comments"><h3>Comments</h3><p>Be the first to comment!</p></section>
<footer>Copyright 2025 The Daily Ledger. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def test_article_text_without_furniture():
    raw = extract_html(PAGE)
    assert "Port officials halted every container crane" in raw.text
    assert "eleven cranes" in raw.text
    for furniture in ("Skip to main content", "cookies", "Related stories", "first to comment", "Copyright"):
        assert furniture not in raw.text


def test_metadata():
    raw = extract_html(PAGE)
    assert raw.url == "https://www.dailyledger.example/news/harbour-cranes"
    assert raw.outlet == "The Daily Ledger"
    assert raw.byline == "Jane Roe"
    assert raw.published == "2025-03-04T09:30:00-0500"
    assert "Harbour cranes halted" in raw.title


def test_date_only_meta_stays_a_date():
    raw = extract_html(PAGE.replace("2025-03-04T09:30:00-05:00", "2025-03-04"))
    assert raw.published == "2025-03-04"


def test_page_without_article_text_is_a_record_error():
    import pytest

    from provenance.ingest.model import RecordError

    with pytest.raises(RecordError):
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
