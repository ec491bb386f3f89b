"""Benchmark in a browser: how long the HTML report takes to draw in headless Chromium.

Debian's Chromium, driven by Playwright (never a browser Playwright
downloads); ``PROVENANCE_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def available() -> bool:
    """Whether a Chromium and Playwright are both here to measure with."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


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
