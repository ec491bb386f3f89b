import pytest

from provenance import outlet_from_domain, outlet_from_url


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://www.cnn.com/2026/02/24/tech/x", "cnn.com"),
        ("https://edition.cnn.com/x", "cnn.com"),
        ("http://news.bbc.co.uk/1/hi/x.stm", "bbc.co.uk"),
        ("https://www.baylinedaily.example/news/x", "baylinedaily.example"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


def test_outlet_from_domain_header():
    assert outlet_from_domain("www.cnn.com") == "cnn.com"
    assert outlet_from_domain("WWW.CNN.COM.") == "cnn.com"
    assert outlet_from_domain("") is None
