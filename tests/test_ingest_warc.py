"""WARC crawl files: HTML responses become articles, the rest is passed over."""

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance import Settings
from provenance.ingest import Problem, discover, read_source

PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{body}</p></article></body></html>"
)
BODY = "The harbour authority said on Monday that the northern quay would reopen after repairs to its fenders were finished ahead of schedule. "


def write_warc(path, pages, gzip=True, extra=True):
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, title in pages:
            html = PAGE.format(title=title, body=BODY * 2).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))
            if extra:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=image)
                )


def read(path):
    [source] = [item for item in discover([str(path)]) if not isinstance(item, Problem)]
    return list(read_source(source, Settings()))


def test_html_responses_become_articles(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://ledger.example/a", "Quay reopens"), ("https://ledger.example/b", "Quay second look")])
    articles = [item for item in read(path) if not isinstance(item, Problem)]
    assert [a.id for a in articles] == ["https://ledger.example/a", "https://ledger.example/b"]
    assert articles[0].url == "https://ledger.example/a"
    assert articles[0].outlet == "ledger.example"
    assert articles[0].format == "warc"
    assert "northern quay" in articles[0].text


def test_uncompressed_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://ledger.example/a", "Quay reopens")], gzip=False)
    assert len([item for item in read(path) if not isinstance(item, Problem)]) == 1


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://ledger.example/a", "First"), ("https://ledger.example/b", "Second")], gzip=False, extra=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    items = read(path)
    assert [item.id for item in items if not isinstance(item, Problem)] == ["https://ledger.example/a"]
    assert any(isinstance(item, Problem) and item.fatal for item in items)
