"""The HTML report: its data, its escaping, and the page a real browser draws from it.

The browser tests drive the system's Chromium (Debian's ``chromium``
package, which ``.ci/run`` installs) through Playwright, and are skipped
with the reason where either is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import story
from typer.testing import CliRunner

from provenance.cli import app
from provenance.html_report import render, report_data

#: What a hostile page could put in a title, an outlet, a credit line or the text.
PAYLOADS = (
    '<script>window.__pwned = "script"</script>',
    '"><img src=x onerror="window.__pwned = \'img\'">',
    "</script><script>window.__pwned = 'breakout'</script>",
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
)


def _hostile(folder: Path) -> Path:
    """Two copies of one story whose every field carries the payloads, and an emoji before the copy."""
    body = story(41)
    records = [
        {
            "id": "evil-one",
            "title": "Ferry news " + PAYLOADS[0] + PAYLOADS[1],
            "outlet": "Evil " + PAYLOADS[1],
            "url": "javascript:window.__pwned='url'",
            "published": "2025-03-01T08:00:00Z",
            "text": "\U0001f6a2 " + PAYLOADS[2] + "\n\n" + body + "\n\n" + PAYLOADS[3],
        },
        {
            "id": "evil-two",
            "title": PAYLOADS[2],
            "outlet": "Second <b>Outlet</b>",
            "published": "2025-03-01T10:00:00Z",
            "text": "Originally reported by Evil.\n\n" + body + "\n\n" + PAYLOADS[0],
        },
    ]
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def hostile_store(fresh_db, inputs):
    from provenance import scan
    from provenance.detect import DetectSettings

    scan([str(_hostile(inputs))], fresh_db, detect_settings=DetectSettings())
    return fresh_db


def test_the_report_data_of_the_corpus(corpus_store):
    data = report_data(corpus_store)
    [cluster] = data["clusters"]
    assert cluster["size"] == 5 and cluster["root"] == "Coastal Wire Service" and cluster["root_type"] == "external"
    nodes = {n["id"]: n for n in cluster["graph"]["nodes"]}
    # Outside sources have node ids of their own, so that none can be taken for an article.
    assert nodes["source:Coastal Wire Service"]["type"] == "external"
    assert nodes["source:Coastal Wire Service"]["label"] == "Coastal Wire Service"
    assert set(nodes) == {"source:Coastal Wire Service", *cluster["articles"]}
    for row in cluster["lineage"]:
        source = row["parent"] if row["parent_type"] == "article" else "source:" + row["parent"]
        assert nodes[source]["x"] < nodes[row["article"]]["x"]
    # The article that shares only quotations comes along, so its pair view works too.
    assert [other for _, other in cluster["quotations"]] == ["kessick-gazette-bridge"] * 5
    assert set(data["articles"]) == {*cluster["articles"], "kessick-gazette-bridge"}
    assert data["summary"]["external"] == ["Coastal Wire Service"]
    # The wire brief in no cluster is listed with the source its dateline names, apart from the clusters.
    assert [(a["id"], a["sources"], a["credit"]) for a in data["alone"]] == [
        ("courier-night-ferries", ["CWS"], "KESSICK ISLAND (CWS) \u2014")
    ]
    assert data["summary"]["alone"] == 1
    # Offsets are what a browser slices; the corpus is all in the Basic Multilingual Plane.
    for m in data["matches"]:
        for a0, a1, b0, b1, _, _ in m["passages"]:
            stored = corpus_store.db.execute(
                "select a_begin, a_end, b_begin, b_end from passages where a = ? and b = ? and a_begin = ?", [m["a"], m["b"], a0]
            ).fetchone()
            assert stored == (a0, a1, b0, b1)


def test_offsets_count_utf16_units_after_an_emoji(hostile_store):
    """JavaScript strings count UTF-16 units: an emoji before a passage moves it by two, not one."""
    data = report_data(hostile_store)
    text = data["articles"]["evil-one"]["text"]
    units = text.encode("utf-16-le")
    [match] = [m for m in data["matches"] if {m["a"], m["b"]} == {"evil-one", "evil-two"}]
    stored = hostile_store.db.execute("select a_begin, a_end from passages where a = 'evil-one' order by n").fetchall()
    for (a0, a1, *_), (begin, end) in zip(match["passages"], stored):
        assert units[a0 * 2 : a1 * 2].decode("utf-16-le") == text[begin:end]
    # The copied story starts after the ship, which is two units long.
    assert [p[0] - begin for p, (begin, _) in zip(match["passages"], stored) if begin > 0] == [1]


def test_nothing_in_an_article_becomes_markup(hostile_store):
    page = render(report_data(hostile_store), "hostile.db")
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(data)["articles"]["evil-two"]["title"] == PAYLOADS[2]
    assert "<" not in data and ">" not in data
    markup = page.replace(data, "")
    # The report's own two script elements, nothing else; no element an article brought.
    assert len(re.findall(r"<script", markup, re.IGNORECASE)) == 2
    assert not re.search(r"<(img|svg|b)\b", markup, re.IGNORECASE)
    # Nothing is loaded from anywhere: no src or href attributes at all.
    assert not re.search(r"\s(src|href)\s*=", markup, re.IGNORECASE)


def test_only_the_reports_own_script_may_run(hostile_store):
    """The page's Content Security Policy names the hash of its one script, and forbids every load."""
    import base64
    import hashlib

    page = render(report_data(hostile_store), "hostile.db")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1).replace("&#39;", "'")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    [script] = scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert policy.startswith("default-src 'none'")


def test_the_report_command_writes_one_file(corpus_store, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 copy cluster and 6 articles" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<tr><td>courier-night-ferries</td><td>Ellison Courier</td>" in page
    assert not out.with_name("report.html.partial").exists()


def test_a_report_that_cannot_be_written_says_so_in_one_line(corpus_store, tmp_path):
    out = tmp_path / "missing" / "report.html"
    result = CliRunner().invoke(app, ["report", "--html", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: cannot write {out} (No such file or directory)"]


# ---- In a real browser ----

CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Flags for a headless Chromium on a machine without a network or a display.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does) or set PROVENANCE_CHROMIUM")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_report(browser, tmp_path):
    """Open a store's report; returns the page and the list its script errors and dialogs go to."""
    pages = []

    def opener(store, fragment="", data=None):
        path = tmp_path / "report.html"
        path.write_text(render(data or report_data(store), "test.db"), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page.on("pageerror", lambda failure: problems.append(f"script error: {failure}"))
        page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type in ("error", "warning") else None)
        page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(path.as_uri() + fragment)
        pages.append(page)
        return page, problems

    yield opener
    for page in pages:
        page.close()


def test_the_corpus_report_draws_clusters_graph_timeline_and_a_pair(corpus_store, open_report):
    page, problems = open_report(corpus_store)
    rows = page.locator("#cluster-table tbody tr")
    assert rows.count() == 1
    assert page.locator("#cluster").is_hidden()
    rows.first.click()
    assert page.locator("#cluster").is_visible()
    # The lineage: five articles and the credited wire, an edge from the wire to each article it feeds.
    assert page.locator("#graph svg g.node").count() == 6
    assert page.locator("#graph svg g.node.external").count() == 1
    assert page.locator("#graph svg path.edge").count() == 5
    assert "credited 0.9" in page.locator("#graph svg").text_content()
    assert page.locator("#timeline svg circle").count() == 5
    # The strongest pair side by side, its passages marked on both sides.
    left, right = page.locator("#pair .side[data-side=A] mark"), page.locator("#pair .side[data-side=B] mark")
    assert left.count() > 0 and right.count() > 0
    assert "passages cover" in page.locator("#pair-summary").text_content()
    # A passage clicked on one side picks out its counterpart on the other.
    left.first.click()
    number = left.first.get_attribute("data-n")
    assert page.locator(f"#pair .side[data-side=B] mark.chosen[data-n='{number}']").count() == 1
    # Clicking an article in the graph compares it with its source.
    page.locator("#graph svg g.node[data-id=newspulse-halvard-bridge]").click()
    assert page.locator("#pick-a").input_value() == "newspulse-halvard-bridge"
    assert page.locator("#pick-b").input_value() == "island-post-bridge"
    assert "cluster=" in page.url and "a=newspulse-halvard-bridge" in page.url
    assert problems == []


def test_the_cluster_list_filters_and_sorts(corpus_store, open_report):
    page, problems = open_report(corpus_store)
    page.fill("#search", "island post")
    assert page.locator("#cluster-table tbody tr").count() == 1
    page.fill("#search", "no such outlet anywhere")
    assert page.locator("#cluster-table tbody tr").count() == 0
    assert page.locator("#shown").text_content().startswith("0 of 1")
    header = page.locator("#cluster-table th[data-key=size]")
    assert header.get_attribute("aria-sort") == "descending"
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert problems == []


def test_a_link_to_a_pair_opens_that_pair(corpus_store, open_report):
    cluster = report_data(corpus_store)["clusters"][0]["id"]
    page, problems = open_report(corpus_store, f"#cluster={cluster}&a=kessick-gazette-bridge&b=island-post-bridge")
    assert page.locator("#pick-a").input_value() == "kessick-gazette-bridge"
    assert page.locator("#pair mark.quotation").count() > 0
    assert problems == []


def test_nothing_an_article_holds_runs_in_the_browser(hostile_store, open_report):
    cluster = report_data(hostile_store)["clusters"][0]["id"]
    page, problems = open_report(hostile_store, f"#cluster={cluster}")
    assert page.evaluate("window.__pwned") is None
    assert problems == []
    # The report's own script is the only one; no element came from an article.
    assert page.evaluate("document.querySelectorAll('script:not(#report-data)').length") == 1
    assert page.evaluate("document.querySelectorAll('img, b, #pair svg, #members svg').length") == 0
    # And the payloads are there to read, as text.
    side = page.locator("#pair .side[data-side=A]").text_content() + page.locator("#pair .side[data-side=B]").text_content()
    for payload in PAYLOADS:
        assert payload in side
    assert "Second <b>Outlet</b>" in page.locator("#members").text_content()


def test_a_pair_is_found_whichever_way_round_it_is_stored(corpus_store, open_report):
    """The page must not assume the store's order of ids (SQLite's is not JavaScript's)."""
    data = report_data(corpus_store)
    [match] = [m for m in data["matches"] if {m["a"], m["b"]} == {"island-post-bridge", "newspulse-halvard-bridge"}]
    match["a"], match["b"] = match["b"], match["a"]
    match["a_coverage"], match["b_coverage"] = match["b_coverage"], match["a_coverage"]
    match["passages"] = [[b0, b1, a0, a1, kind, similarity] for a0, a1, b0, b1, kind, similarity in match["passages"]]
    cluster = data["clusters"][0]["id"]
    page, problems = open_report(None, f"#cluster={cluster}&a=island-post-bridge&b=newspulse-halvard-bridge", data)
    assert "passages cover" in page.locator("#pair-summary").text_content()
    # Clicking the last passage on the left brings its counterpart into view on the right.
    page.locator("#pair .side[data-side=A] mark").last.click()
    assert page.locator("#pair .side[data-side=B] mark.chosen").count() >= 1
    assert page.evaluate("document.querySelector('#pair .side[data-side=B] .text').scrollTop") > 0
    assert problems == []


def test_nested_passages_are_all_marked(corpus_store, open_report):
    """Passages may overlap or nest: each is marked, and each finds its twin."""
    data = report_data(corpus_store)
    [match] = [m for m in data["matches"] if {m["a"], m["b"]} == {"island-post-bridge", "newspulse-halvard-bridge"}]
    first = match["passages"][0]
    match["passages"].append([first[0] + 5, first[1] - 5, first[2] + 5, first[3] - 5, "verbatim", 0.9])
    cluster = data["clusters"][0]["id"]
    page, problems = open_report(None, f"#cluster={cluster}&a=island-post-bridge&b=newspulse-halvard-bridge", data)
    numbers = set(" ".join(page.eval_on_selector_all("#pair .side[data-side=A] mark", "ms => ms.map(m => m.dataset.n)")).split())
    assert numbers == {str(n) for n in range(1, len(match["passages"]) + 1)}
    assert problems == []


def test_a_hash_naming_no_article_of_the_cluster_is_ignored(corpus_store, open_report):
    cluster = report_data(corpus_store)["clusters"][0]["id"]
    page, problems = open_report(corpus_store, f"#cluster={cluster}&a=constructor&b=__proto__")
    assert page.locator("#pick-a").input_value() in report_data(corpus_store)["clusters"][0]["articles"]
    assert page.locator("#pair mark").count() > 0
    assert problems == []
