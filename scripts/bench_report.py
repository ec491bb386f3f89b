"""Benchmark: the HTML report of the Reuters set, written and opened in a browser.

Scans the 19,043 Reuters stories into a temporary store (or takes a store
already scanned, with --db), then:

* times ``provenance report --html`` three times, each in a child process
  as a user runs it, with its peak memory, and states the file's size;
* opens the file in headless Chromium (Debian's, driven by Playwright) and
  times the first drawing of the cluster list, the opening of the largest
  cluster (graph, timeline and pair view), and a search, with any script
  error;
* takes a screenshot of the bundled corpus's report for the README.

Writes reports/html-report-benchmark.md and reports/html-report.png.

Usage: .venv/bin/python scripts/bench_report.py [--db STORE] [PATH_TO_JSONL]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_tables import say, table, write

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def run(*args: str) -> tuple[float, float]:
    """Run ``provenance ARGS`` in a child; its wall time in seconds and peak memory in MiB."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "provenance", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        sys.exit(f"provenance {' '.join(args)} failed: {child.stderr.read().decode().strip()}")
    return elapsed, usage.ru_maxrss / 1024


def in_browser(report: Path, screenshot: Path | None = None) -> dict[str, object]:
    """Open a report: how long the list, the largest cluster and a search take to draw, and any errors."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda failure: errors.append(str(failure)))
        start = time.perf_counter()
        page.goto(report.as_uri())
        page.wait_for_selector("#cluster-table tbody tr")
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        page.locator("#cluster-table tbody tr").first.click()
        page.wait_for_selector("#graph svg")
        opened = time.perf_counter() - start
        heading = page.locator("#cluster-heading").text_content()
        counts = page.evaluate(
            "[document.querySelectorAll('#graph g.node').length, document.querySelectorAll('#pair mark').length]"
        )
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        start = time.perf_counter()
        page.fill("#search", "wheat")
        searched = time.perf_counter() - start
        found = page.locator("#shown").text_content()
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0") / 2**20
        browser.close()
    return {"loaded": loaded, "opened": opened, "heading": heading, "nodes": counts[0], "marks": counts[1],
            "searched": searched, "found": found, "heap": heap, "errors": errors}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--db", type=Path, help="A store already holding the Reuters scan.")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="provenance-report-"))
    try:
        if options.db:
            db = options.db
            scan_time = None
        else:
            if not options.source.exists():
                sys.exit(f"{options.source} is absent: the Reuters set is read from ../shared, never copied into the project")
            db = work / "reuters.db"
            scan_time, _ = run("scan", "--quiet", "--db", str(db), str(options.source))
        out = work / "reuters.html"
        runs = [run("report", "--db", str(db), "--html", str(out)) for _ in range(3)]
        size = out.stat().st_size / 1e6
        say("# The HTML report: benchmark")
        say()
        say(f"`{' '.join(['.venv/bin/python', 'scripts/bench_report.py', *sys.argv[1:]])}` on {os.cpu_count()} cores.")
        say()
        if scan_time is not None:
            say(f"The store: the Reuters set scanned in {scan_time:.1f} s (not part of the report's time).")
            say()
        table(
            ["run", "provenance report --html", "peak memory"],
            [[i + 1, f"{elapsed:.2f} s", f"{peak:.0f} MiB"] for i, (elapsed, peak) in enumerate(runs)],
        )
        say(f"Median {statistics.median(e for e, _ in runs):.2f} s (target: under 60 s). The file is {size:.1f} MB, self-contained.")
        say()
        if not Path(CHROMIUM).exists():
            say(f"No Chromium at {CHROMIUM}: the browser part was not measured.")
        else:
            seen = in_browser(out)
            say("In headless Chromium:")
            say()
            table(
                ["step", "time", "what was drawn"],
                [
                    ["open the file, draw the cluster list", f"{seen['loaded']:.2f} s", "the first 200 rows; the rest on 'Show more'"],
                    ["open the largest cluster", f"{seen['opened']:.2f} s", f"{seen['heading']}: {seen['nodes']} graph nodes, {seen['marks']} passage marks"],
                    ["search 'wheat'", f"{seen['searched']:.2f} s", seen["found"]],
                ],
            )
            say(f"JavaScript heap after these steps: {seen['heap']:.0f} MiB. Script errors: {len(seen['errors']) or 'none'}.")
            for error in seen["errors"]:
                say(f"- {error}")
            say()
            corpus_db = work / "corpus.db"
            run("scan", "--quiet", "--db", str(corpus_db), str(ROOT / "corpus"))
            corpus_report = work / "corpus.html"
            run("report", "--db", str(corpus_db), "--html", str(corpus_report))
            in_browser(corpus_report, ROOT / "reports" / "html-report.png")
            say("reports/html-report.png: the bundled corpus's report with its cluster opened.")
        write(ROOT / "reports" / "html-report-benchmark.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
