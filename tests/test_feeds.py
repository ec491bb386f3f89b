"""RSS and Atom feeds: read from files, and fetched from a server as a scheduled scan would.

The server tests start a real HTTP server on 127.0.0.1 and run
``python -m provenance scan`` as a child process against it: conditional
requests, a 304, server errors retried and then reported, a timeout.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import story

from provenance import Settings, Store, scan
from provenance.ingest import Source, read_source
from provenance.ingest.feeds import read_feed


def rss(entries: list[tuple[str, str, str]], title: str = "Harbour Gazette - Latest") -> bytes:
    """An RSS 2.0 feed; each entry is (link, published, HTML body)."""
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link><pubDate>{published}</pubDate>"
        f"<author>desk@example.org (Ines Marlow)</author><description>A short summary.</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for n, (link, published, body) in enumerate(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>https://gazette.example.org/</link>{items}</channel></rss>"
    ).encode()


def paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(sentence)}.</p>" for sentence in text.split(". "))


def entries(count: int) -> list[tuple[str, str, str]]:
    return [
        (f"https://gazette.example.org/story/{n}", f"Tue, 24 Nov 2026 {9 + n:02d}:30:00 -0500", paragraphs(story(n, 6)))
        for n in range(count)
    ]


def articles(data: bytes, label: str = "feed.xml") -> list:
    source = Source(label=label, path=None, stem="feed", relative="feed", format=None, url=label)
    return list(read_source(source, Settings(), data=data))


def test_each_rss_entry_is_an_article_with_its_metadata():
    body = paragraphs(story(1, 6)) + "<script>alert(1)</script>"
    read = articles(rss([("https://gazette.example.org/a", "Tue, 24 Nov 2026 10:00:00 -0500", body)]))
    assert len(read) == 1
    article = read[0]
    assert article.id == article.url == "https://gazette.example.org/a"
    assert article.outlet == "Harbour Gazette"  # the feed title up to its separator
    assert article.published == "2026-11-24T10:00:00-05:00"
    assert article.byline == "Ines Marlow"
    assert article.title == "Story 0"
    assert "alert" not in article.text  # feedparser drops scripts
    assert article.text.split("\n")[0] == story(1, 6).split(". ")[0] + "."  # paragraphs kept apart


def test_atom_entries_with_a_source_element_take_the_outlet_it_names():
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Aggregator</title>'
        "<entry><id>urn:uuid:7</id><title>T</title><updated>2026-11-24T08:00:00Z</updated>"
        '<source><title>Upriver Times</title></source><summary type="html">'
        f"{escape(paragraphs(story(2, 4)))}</summary></entry></feed>"
    ).encode()
    (article,) = articles(atom)
    assert article.outlet == "Upriver Times"
    assert article.id == "urn:uuid:7"  # no link: the entry's id names it
    assert article.published == "2026-11-24T08:00:00+00:00"


def test_an_entry_without_text_is_skipped_and_the_others_kept():
    feed = rss(entries(2)).replace(b"<description>A short summary.</description><content:encoded>", b"<content:encoded>", 1)
    feed = feed.replace(b"<![CDATA[" + entries(1)[0][2].encode() + b"]]>", b"", 1)
    read = articles(feed)
    problems = [item for item in read if not hasattr(item, "text")]
    assert [item.url for item in read if hasattr(item, "text")] == ["https://gazette.example.org/story/1"]
    assert len(problems) == 1 and "entry 1 has no text" in problems[0].message


@pytest.mark.parametrize(
    "data, expected",
    [
        (b'<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>', "not an RSS or Atom feed"),
        (b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', None),
    ],
    ids=["sitemap-is-no-feed", "empty-feed-is-fine"],
)
def test_documents_that_are_no_feed_are_one_problem_and_an_empty_feed_none(data, expected):
    read = list(read_feed(data, "in.xml"))
    assert [problem.message.split(":")[0] for problem in read] == ([expected] if expected else [])


def test_feed_files_are_read_by_name_or_by_content(tmp_path):
    (tmp_path / "gazette.rss").write_bytes(rss(entries(2)))
    (tmp_path / "no-ending").write_bytes(rss(entries(3))[: -len("</channel></rss>")] + b"</channel></rss>")
    with Store(tmp_path / "p.db") as store:
        summary = scan([str(tmp_path / "gazette.rss"), str(tmp_path / "no-ending")], store)
        assert summary.skipped == 0
        assert store.db["articles"].count == 3  # two links are in both feeds


@dataclass
class FeedServer:
    """A feed on 127.0.0.1 that honours ETag and Last-Modified, and can be told to fail."""

    body: bytes = b""
    etag: str = '"v1"'
    modified: str = "Tue, 24 Nov 2026 08:00:00 GMT"
    failing: int = 0  # status to answer with, 0 for none
    delay: float = 0.0
    conditional: bool = True
    log: list[tuple[str, int]] = field(default_factory=list)

    def publish(self, body: bytes, etag: str, modified: str = "Tue, 24 Nov 2026 09:00:00 GMT") -> None:
        self.body, self.etag, self.modified = body, etag, modified


def serve(feed: FeedServer) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            if feed.delay:
                time.sleep(feed.delay)
            if feed.failing:
                status = feed.failing
                self.send_response(status)
                self.end_headers()
            elif feed.conditional and (
                self.headers.get("If-None-Match") == feed.etag or self.headers.get("If-Modified-Since") == feed.modified
            ):
                status = 304
                self.send_response(status)
                self.end_headers()
            else:
                status = 200
                self.send_response(status)
                self.send_header("Content-Type", "application/rss+xml")
                if feed.conditional:
                    self.send_header("ETag", feed.etag)
                    self.send_header("Last-Modified", feed.modified)
                self.send_header("Content-Length", str(len(feed.body)))
                self.end_headers()
                self.wfile.write(feed.body)
            feed.log.append((self.headers.get("If-None-Match") or "", status))

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that timed out and left: the broken pipe is expected

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/feed.xml"


@pytest.fixture
def feed_server() -> Iterator[tuple[FeedServer, str]]:
    feed = FeedServer(body=rss(entries(3)))
    server, url = serve(feed)
    try:
        yield feed, url
    finally:
        server.shutdown()
        server.server_close()


def run_scan(tmp_path: Path, url: str, *, retries: int = 2, timeout: float = 5) -> tuple[int, dict]:
    config = tmp_path / "provenance.toml"
    config.write_text(
        f'sources = ["{url}"]\n[fetch]\ntimeout = {timeout}\nretries = {retries}\nbackoff = 0.05\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "scan", "--config", str(config), "--json", "--db", str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def stored(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "p.db") as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        return connection.execute("select count(*) from articles").fetchone()[0]


def test_a_feed_unchanged_on_the_server_costs_one_304(tmp_path, feed_server):
    feed, url = feed_server
    code, first = run_scan(tmp_path, url)
    assert (code, first["inputs"]["read"], first["articles"]["added"]) == (0, 1, 3)
    code, second = run_scan(tmp_path, url)
    assert (code, second["inputs"]["unchanged"], second["articles"]["read"]) == (0, 1, 0)
    assert feed.log[-1] == ('"v1"', 304)  # asked with the ETag kept from the first answer
    feed.publish(rss(entries(4)), '"v2"')
    code, third = run_scan(tmp_path, url)
    assert (code, third["articles"]["added"], third["articles"]["unchanged"]) == (0, 1, 3)
    assert stored(tmp_path) == 4


def test_a_server_without_validators_is_passed_over_when_its_bytes_are_the_same(tmp_path, feed_server):
    feed, url = feed_server
    feed.conditional = False
    run_scan(tmp_path, url)
    code, second = run_scan(tmp_path, url)
    assert (code, second["inputs"]["unchanged"], second["articles"]["read"]) == (0, 1, 0)
    assert [status for _, status in feed.log] == [200, 200]


def test_a_failing_server_is_retried_then_reported_and_nothing_stored_is_lost(tmp_path, feed_server):
    feed, url = feed_server
    run_scan(tmp_path, url)
    feed.publish(rss(entries(5)), '"v2"')
    feed.failing = 500
    feed.log.clear()
    code, summary = run_scan(tmp_path, url, retries=2)
    assert code == 3
    (failure,) = summary["inputs"]["failed"]
    assert failure["path"] == url and "500" in failure["reason"] and "3 attempts" in failure["reason"]
    assert len(feed.log) == 3  # the first try and two retries
    assert stored(tmp_path) == 3
    feed.failing = 0
    code, recovered = run_scan(tmp_path, url)
    assert (code, recovered["articles"]["added"]) == (0, 2)
    assert stored(tmp_path) == 5


def test_a_page_missing_on_the_server_is_not_retried(tmp_path, feed_server):
    feed, url = feed_server
    feed.failing = 404
    code, summary = run_scan(tmp_path, url, retries=3)
    assert code == 3 and "404" in summary["inputs"]["failed"][0]["reason"]
    assert len(feed.log) == 1


def test_a_server_too_slow_to_answer_is_a_timeout_problem(tmp_path, feed_server):
    feed, url = feed_server
    feed.delay = 2.0
    code, summary = run_scan(tmp_path, url, retries=0, timeout=0.5)
    assert code == 3 and "no answer within 0.5 s" in summary["inputs"]["failed"][0]["reason"]
