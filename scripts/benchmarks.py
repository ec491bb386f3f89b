"""The benchmark suite: what provenance costs as the corpus grows.

On the first 2k, 5k, 10k and all 19,043 Reuters-21578 stories (or the
sizes given), measures:

* fingerprinting throughput, in this process, against the plain datasketch
  baseline on the same articles in the same run (one ``MinHash(128)`` per
  article over its word 5-grams; its LSH insert and query timed apart);
* a full scan into a fresh store, ingest alone and with detection: wall
  time and the child's peak memory, the store's size, matches and clusters;
* scheduled scans on the stored corpus less its last 100 stories: one that
  adds those 100, one that adds nothing (medians of three), and whether the
  result equals the single scan's;
* the reports of that store: ``clusters``, ``lineage`` (every tree),
  ``export`` (JSON) and ``report --html``;
* at the largest size, the HTML report in headless Chromium, where there is one.

Every command runs in a child process, start-up included, as cron runs it.
Writes reports/benchmarks.md and the plot reports/benchmarks.svg (time and
memory against size, log-log). Run it as ``scripts/bench``, which installs
what it needs first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import bench_browser
from bench_plot import plot
from bench_runs import Run, copy_store, count, matches, median, provenance, startup
from datasketch import MinHash, MinHashLSH
from report_tables import say, table, write

from provenance.fingerprints import fingerprint

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
INCREMENTAL_TARGET, NOTHING_TARGET = 0.05, 0.01


@dataclass
class Size:
    """What was measured at one corpus size."""

    articles: int
    ours: float = 0.0
    datasketch: float = 0.0
    lsh: float = 0.0
    ingest: Run | None = None
    scan: Run | None = None
    store_mib: float = 0.0
    matches: int = 0
    clusters: int = 0
    adds: Run | None = None
    nothing: Run | None = None
    only_single: int = 0
    only_incremental: int = 0
    clusters_report: Run | None = None
    lineage_report: Run | None = None
    export: Run | None = None
    html_report: Run | None = None
    html_mb: float = 0.0


def baseline(texts: list[str]) -> tuple[float, float]:
    """Seconds to fingerprint with plain datasketch, and to insert and query its LSH."""
    start = time.perf_counter()
    minhashes = []
    for text in texts:
        words = text.lower().split()
        shingles = [" ".join(words[i : i + 5]).encode("utf-8") for i in range(max(1, len(words) - 4))]
        minhash = MinHash(num_perm=128)
        minhash.update_batch(shingles)
        minhashes.append(minhash)
    fingerprinting = time.perf_counter() - start
    start = time.perf_counter()
    index = MinHashLSH(threshold=0.5, num_perm=128)
    for number, minhash in enumerate(minhashes):
        index.insert(str(number), minhash)
    for minhash in minhashes:
        index.query(minhash)
    return fingerprinting, time.perf_counter() - start


def fingerprinting(size: Size, texts: list[str]) -> None:
    """Ours and datasketch's, one after the other on the same articles."""
    start = time.perf_counter()
    fingerprint(texts)
    size.ours = time.perf_counter() - start
    size.datasketch, size.lsh = baseline(texts)


def scans(size: Size, lines: list[str], new: int, repeat: int, work: Path) -> None:
    """A full scan, ingest alone, and the scheduled scans that follow a stored corpus.

    Each size has a folder of its own: a store left by a smaller size would
    turn its "full" scan into a scheduled one.
    """
    work = work / str(size.articles)
    work.mkdir()
    base, fresh = work / "stored.jsonl", work / "new.jsonl"
    base.write_text("".join(lines[: size.articles - new]), encoding="utf-8")
    fresh.write_text("".join(lines[size.articles - new : size.articles]), encoding="utf-8")
    inputs = (str(base), str(fresh))
    size.ingest = provenance("scan", "--quiet", "--no-detect", "--db", str(work / "ingest.db"), *inputs)
    whole = work / "whole.db"
    size.scan = provenance("scan", "--quiet", "--db", str(whole), *inputs)
    size.store_mib = whole.stat().st_size / 2**20
    size.matches, size.clusters = count(whole, "matches"), count(whole, "clusters")
    stored, incremental = work / "stored.db", work / "incremental.db"
    provenance("scan", "--quiet", "--db", str(stored), str(base))
    adding = []
    for _ in range(repeat):
        copy_store(stored, incremental)
        adding.append(provenance("scan", "--quiet", "--db", str(incremental), *inputs))
    size.adds = median(adding)
    size.nothing = median([provenance("scan", "--quiet", "--db", str(incremental), *inputs) for _ in range(repeat)])
    single, step = matches(whole), matches(incremental)
    size.only_single, size.only_incremental = len(single - step), len(step - single)


def reports(size: Size, repeat: int, work: Path) -> Path:
    """The text reports, the export and the HTML report of the full scan's store; returns the HTML file."""
    work = work / str(size.articles)
    db = str(work / "whole.db")
    size.clusters_report = provenance("clusters", "--db", db)
    size.lineage_report = provenance("lineage", "--db", db)
    size.export = provenance("export", "--db", db, "--out", str(work / "export.json"))
    page = work / "report.html"
    size.html_report = median([provenance("report", "--db", db, "--html", str(page)) for _ in range(repeat)])
    size.html_mb = page.stat().st_size / 1e6
    return page


def browser_section(page: Path, articles: int, screenshot: Path | None, work: Path) -> None:
    """Time the largest report in Chromium and take the README's screenshot of the bundled corpus."""
    seen = bench_browser.in_browser(page)
    say(f"## The HTML report of {articles:,} articles in headless Chromium")
    say()
    table(
        ["step", "seconds", "what was drawn"],
        [
            ["open the file, draw the cluster list", f"{seen['loaded']:.2f}", "the first 200 rows; the rest on 'Show more'"],
            ["open the largest cluster", f"{seen['opened']:.2f}", f"{seen['heading']}: {seen['nodes']} graph nodes, {seen['marks']} passage marks"],
            ["search 'wheat'", f"{seen['searched']:.2f}", seen["found"]],
        ],
    )  # fmt: skip
    say(f"JavaScript heap after these steps: {seen['heap']:.0f} MiB. Script errors: {len(seen['errors']) or 'none'}.")
    for error in seen["errors"]:
        say(f"- {error}")
    say()
    if screenshot is not None:
        corpus_db, corpus_page = work / "corpus.db", work / "corpus.html"
        provenance("scan", "--quiet", "--db", str(corpus_db), str(ROOT / "corpus"))
        provenance("report", "--db", str(corpus_db), "--html", str(corpus_page))
        bench_browser.in_browser(corpus_page, screenshot)
        say(f"`{screenshot.relative_to(ROOT) if screenshot.is_relative_to(ROOT) else screenshot}`: "
            "the bundled corpus's report with its cluster opened (the README's picture).")  # fmt: skip
        say()


def tables(sizes: list[Size], new: int, repeat: int, startup_seconds: float) -> None:
    """The Markdown tables, one per stage, a row per size."""
    say("## Fingerprinting: ours against plain datasketch, one process, same articles")
    say()
    say("Ours: tokenise, stem, passage and article MinHash (64 permutations). datasketch: `MinHash(num_perm=128)` "
        "and `update_batch` over each article's lower-cased word 5-grams; its `MinHashLSH` insert and query are not in the ratio.")  # fmt: skip
    say()
    table(
        ["articles", "ours (s)", "ours (articles/s)", "datasketch (s)", "datasketch / ours", "datasketch LSH (s)"],
        [[f"{s.articles:,}", f"{s.ours:.2f}", f"{s.articles / s.ours:,.0f}", f"{s.datasketch:.2f}",
          f"{s.datasketch / s.ours:.1f}x", f"{s.lsh:.2f}"] for s in sizes],
    )  # fmt: skip
    say("## Full scans into a fresh store")
    say()
    table(
        ["articles", "ingest only (s)", "ingest and detection (s)", "articles/s", "peak memory (MiB)", "store (MiB)", "matches", "copy clusters"],
        [[f"{s.articles:,}", f"{s.ingest.seconds:.1f}", f"{s.scan.seconds:.1f}", f"{s.articles / s.scan.seconds:,.0f}",
          f"{s.scan.peak_mib:,.0f}", f"{s.store_mib:.1f}", f"{s.matches:,}", f"{s.clusters:,}"] for s in sizes],
    )  # fmt: skip
    say(f"## Scheduled scans: the corpus less its last {new} articles stored, then scanned again as cron does")
    say()
    say(f"Medians of {repeat}; each scan adding the {new} starts from a copy of the same store. Start-up alone "
        f"(Python and the modules a scan imports) takes {startup_seconds:.2f} s of each.")  # fmt: skip
    say()
    table(
        ["articles", f"adds {new} (s)", "share of the full scan", "adds nothing (s)", "share of the full scan",
         "peak memory adding (MiB)", "result against one full scan"],
        [[f"{s.articles:,}", f"{s.adds.seconds:.2f}", f"{s.adds.seconds / s.scan.seconds:.1%}", f"{s.nothing.seconds:.2f}",
          f"{s.nothing.seconds / s.scan.seconds:.2%}", f"{s.adds.peak_mib:,.0f}",
          "the same matches" if not (s.only_single or s.only_incremental)
          else f"{s.only_single} only in the full scan, {s.only_incremental} only in the incremental one"] for s in sizes],
    )  # fmt: skip
    largest = sizes[-1]
    say(f"Targets at {largest.articles:,}: adding {new} at most {INCREMENTAL_TARGET:.0%} of the full scan "
        f"({'met' if largest.adds.seconds <= INCREMENTAL_TARGET * largest.scan.seconds else 'missed'}); "
        f"adding nothing at most {NOTHING_TARGET:.0%} "
        f"({'met' if largest.nothing.seconds <= NOTHING_TARGET * largest.scan.seconds else 'missed'}).")  # fmt: skip
    say()
    say("## Reports of the full scan's store")
    say()
    table(
        ["articles", "`clusters` (s)", "`lineage` (s)", "`export` JSON (s)", f"`report --html` (s, median of {repeat})",
         "its peak memory (MiB)", "HTML file (MB)"],
        [[f"{s.articles:,}", f"{s.clusters_report.seconds:.2f}", f"{s.lineage_report.seconds:.2f}",
          f"{s.export.seconds:.2f}", f"{s.html_report.seconds:.2f}",
          f"{s.html_report.peak_mib:,.0f}", f"{s.html_mb:.1f}"] for s in sizes],
    )  # fmt: skip


def series(sizes: list[Size], new: int) -> tuple[dict, dict]:
    """The plot's lines: seconds and peak MiB by size."""
    def points(value) -> list[tuple[int, float]]:
        return [(s.articles, value(s)) for s in sizes]

    times = {
        "full scan (ingest and detection)": points(lambda s: s.scan.seconds),
        "ingest only": points(lambda s: s.ingest.seconds),
        f"scheduled scan adding {new}": points(lambda s: s.adds.seconds),
        "scheduled scan adding nothing": points(lambda s: s.nothing.seconds),
        "report --html": points(lambda s: s.html_report.seconds),
        "fingerprinting, ours (in process)": points(lambda s: s.ours),
        "fingerprinting, datasketch (in process)": points(lambda s: s.datasketch),
    }
    memory = {
        "full scan": points(lambda s: s.scan.peak_mib),
        "ingest only": points(lambda s: s.ingest.peak_mib),
        f"scheduled scan adding {new}": points(lambda s: s.adds.peak_mib),
        "report --html": points(lambda s: s.html_report.peak_mib),
    }
    return times, memory


def parse_sizes(text: str) -> list[int]:
    try:
        return [0 if part.strip() == "all" else int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give sizes as numbers separated by commas, 'all' for every article")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT, help="JSON Lines of articles with a 'text' field.")
    parser.add_argument("--sizes", type=parse_sizes, default=[2000, 5000, 10000, 0], help="Corpus sizes [2000,5000,10000,all].")
    parser.add_argument("--new", type=int, default=100, help="Articles a scheduled scan adds [100].")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each scheduled scan and report, for the median [3].")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="Folder for benchmarks.md and benchmarks.svg.")
    parser.add_argument("--no-browser", action="store_true", help="Leave out the timings in headless Chromium.")
    options = parser.parse_args(argv)
    if not options.source.exists():
        sys.exit(f"{options.source}: not found. Give the Reuters-21578 JSON Lines file (../shared/data/reuters21578/), "
                 "which is read where it is, never copied into the project.")  # fmt: skip
    lines = [line if line.endswith("\n") else line + "\n" for line in options.source.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [json.loads(line).get("text") or "" for line in lines]
    wanted = sorted({min(size or len(lines), len(lines)) for size in options.sizes})
    if wanted[0] <= options.new:
        sys.exit(f"--sizes: every size must exceed --new ({options.new}); the smallest is {wanted[0]}.")
    say("# Benchmarks")
    say()
    say(f"`scripts/bench{''.join(' ' + arg for arg in (argv if argv is not None else sys.argv[1:]))}` on "
        f"{time.strftime('%Y-%m-%d')}: Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"{platform.machine()}; {len(lines):,} articles in `{options.source.name}`, the first N of them at each size.")  # fmt: skip
    say()
    say("![Time and peak memory against corpus size](benchmarks.svg)")
    say()
    measured = []
    work = Path(tempfile.mkdtemp(prefix="provenance-bench-"))
    try:
        for articles in wanted:
            print(f"measuring {articles:,} articles", file=sys.stderr)
            size = Size(articles)
            fingerprinting(size, texts[:articles])
            scans(size, lines, options.new, options.repeat, work)
            page = reports(size, options.repeat, work)
            measured.append(size)
        tables(measured, options.new, options.repeat, startup())
        if options.no_browser or not bench_browser.available():
            say("The browser timings were left out" + (" (--no-browser)." if options.no_browser else
                f": no Chromium at {bench_browser.CHROMIUM}, or Playwright is not installed."))  # fmt: skip
            say()
        else:
            browser_section(page, measured[-1].articles, options.out / "html-report.png", work)
        times, memory = series(measured, options.new)
        options.out.mkdir(parents=True, exist_ok=True)
        plot(times, memory, options.out / "benchmarks.svg", f"provenance on {options.source.name}, {os.cpu_count()} cores")
        write(options.out / "benchmarks.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
