"""Benchmark of the Spark engine against the embedded one, with an estimate for ten million articles.

Run by ``./scripts/bench-spark``. On one corpus (the Reuters-21578 set in
../shared, or a JSON Lines file given), it measures:

* both engines' full scans as commands, start-up included, with their peak
  memory (for Spark, the sum over its processes: the JVM and the Python
  workers);
* whether they agree: the same pairs, kinds and clusters;
* each Spark stage on its own (computed and timed in turn), the writing of
  the Parquet tables and their loading into a store;

and writes ``reports/spark-benchmark.md``, ending in the estimate for ten
million articles worked out from the stages' costs per article.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import psutil
from bench_runs import Run, provenance
from report_tables import say, table, write

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
#: The cluster the estimate is for: executors and cores each.
CLUSTER_EXECUTORS, CLUSTER_CORES = 25, 16
#: Share of a cluster's core-seconds that do work: shuffles, stragglers and skew take the rest.
CLUSTER_EFFICIENCY = 0.5
ESTIMATE_ARTICLES = 10_000_000
#: Words in a typical web news article, against a Reuters story's 120-odd.
WEB_ARTICLE_WORDS = 600


def tree_run(*args: str, sample: float = 0.2) -> Run:
    """Run ``provenance ARGS`` and sample the memory of its whole process tree (Spark's JVM and workers)."""
    # A pipe left unread could fill and stall Spark: its errors go to a file.
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "provenance", *args], stdout=subprocess.DEVNULL, stderr=errors, text=True)
        root, peak = psutil.Process(child.pid), 0
        while child.poll() is None:
            total = 0
            try:
                for process in [root, *root.children(recursive=True)]:
                    try:
                        total += process.memory_info().rss
                    except psutil.Error:
                        continue
            except psutil.Error:
                pass
            peak = max(peak, total)
            time.sleep(sample)
        seconds = time.perf_counter() - start
        errors.seek(0)
        if child.returncode not in (0, 3):
            sys.exit(f"provenance {' '.join(args)} failed: {errors.read()[-800:]}")
    return Run(seconds, peak / 2**20)


@dataclass
class Stage:
    """One Spark stage computed on its own."""

    name: str
    seconds: float
    rows: int
    partitions: int


@dataclass
class Measured:
    articles: int
    words: int
    embedded: Run | None = None
    spark: Run | None = None
    stages: list[Stage] = field(default_factory=list)
    write_seconds: float = 0.0
    load_seconds: float = 0.0
    agreement: dict[str, object] = field(default_factory=dict)


def sample(source: Path, articles: int, folder: Path) -> tuple[Path, int, int]:
    """The first ``articles`` records of ``source`` (all for 0) as a file of their own, with their count and words."""
    path = folder / "corpus.jsonl"
    count = words = 0
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for line in islice(lines, articles or None):
            out.write(line)
            count += 1
            words += len(json.loads(line).get("text", "").split())
    return path, count, words


def stage_costs(corpus: Path, work: Path, measured: Measured) -> None:
    """Every Spark stage computed and timed in turn, then the writing and the loading."""
    from provenance import Store, __version__
    from provenance.detect import DetectSettings
    from provenance.spark import engine, session
    from provenance.spark.loading import load

    spark = session.start("local[*]")

    def timed(name: str, frame):
        start = time.perf_counter()
        rows = frame.cache().count()
        measured.stages.append(Stage(name, time.perf_counter() - start, rows, frame.rdd.getNumPartitions()))
        print(f"  {name}: {measured.stages[-1].seconds:.1f} s, {rows:,} rows", flush=True)
        return frame

    try:
        results = engine.scan(spark, [str(corpus)], stage=timed)
        start = time.perf_counter()
        written = engine.write(results, str(work / "tables"))
        measured.write_seconds = time.perf_counter() - start
        start = time.perf_counter()
        with Store(work / "loaded.db") as store:
            load(store, written, [str(corpus)], __version__, DetectSettings())
        measured.load_seconds = time.perf_counter() - start
    finally:
        spark.stop()


def agreement(embedded_db: Path, tables: Path) -> dict[str, object]:
    """How far the two engines' results agree: pairs, kinds, scores and clusters."""
    import pyarrow.parquet as pq

    from provenance import Store, findings

    with Store(embedded_db, create=False) as store:
        expected = {(m["a"], m["b"]): (m["kind"], m["score"]) for m in findings.match_rows(store)}
        expected_clusters = sorted(tuple(members) for members in findings.stored_clusters(store).values())
    found = {(r["a"], r["b"]): (r["kind"], r["score"]) for r in pq.read_table(tables / "matches").to_pylist()}
    clusters = sorted(tuple(sorted(r["articles"])) for r in pq.read_table(tables / "clusters").to_pylist())
    shared = set(expected) & set(found)
    return {
        "embedded matches": len(expected),
        "spark matches": len(found),
        "only embedded": len(set(expected) - set(found)),
        "only spark": len(set(found) - set(expected)),
        "kinds differ": sum(expected[p][0] != found[p][0] for p in shared),
        "largest score difference": max((abs(expected[p][1] - found[p][1]) for p in shared), default=0.0),
        "clusters": f"{len(expected_clusters)} and {len(clusters)}, " + ("the same" if clusters == expected_clusters else "different"),
    }


def report(measured: Measured, cores: int, out: Path) -> None:
    n, words = measured.articles, measured.words
    furniture_lines = next((stage.rows for stage in measured.stages if stage.name == "furniture"), 0)
    say("# The Spark engine against the embedded engine")
    say()
    say(f"{n:,} Reuters-21578 stories ({words / n:.0f} words each on average), this machine: {cores} cores, "
        f"Spark in local mode (`local[*]`). Reproduce: `./scripts/bench-spark`.")  # fmt: skip
    say()
    say("## Full scans, as commands")
    say()
    e, s = measured.embedded, measured.spark
    table(
        ["engine", "command", "seconds", "peak memory"],
        [
            ["embedded", "`provenance scan corpus.jsonl`", f"{e.seconds:.1f}", f"{e.peak_mib:,.0f} MiB"],
            ["spark", "`provenance scan --engine spark corpus.jsonl --out tables`", f"{s.seconds:.1f}",
             f"{s.peak_mib:,.0f} MiB (all processes)"],
        ],
    )  # fmt: skip
    say("Both find the same things:")
    say()
    table(["", ""], [[key, value if not isinstance(value, float) else f"{value:.2g}"] for key, value in measured.agreement.items()])
    say("## Spark stages, each computed and timed in turn")
    say()
    say(f"Core-seconds are the stage's seconds times the {cores} cores (an upper bound: a stage of few tasks leaves cores idle).")
    say()
    rows = []
    for stage in measured.stages:
        per_k = stage.seconds * cores / n * 1000
        rows.append([stage.name, f"{stage.seconds:.1f}", f"{stage.rows:,}", stage.partitions, f"{per_k:.2f}"])
    rows.append(["write the Parquet tables", f"{measured.write_seconds:.1f}", "", "", f"{measured.write_seconds * cores / n * 1000:.2f}"])
    table(["stage", "seconds", "rows out", "partitions", "core-seconds per 1,000 articles"], rows)
    say(f"Loading the tables into a SQLite store (`--load`) took {measured.load_seconds:.1f} s, in the driver alone.")
    say()
    total = sum(stage.seconds for stage in measured.stages) + measured.write_seconds
    per_article = total * cores / n
    say("## Ten million articles")
    say()
    cluster_cores = CLUSTER_EXECUTORS * CLUSTER_CORES
    for label, scale in (("of Reuters' length", 1.0), (f"of {WEB_ARTICLE_WORDS} words (web news)", WEB_ARTICLE_WORDS / (words / n))):
        core_hours = per_article * scale * ESTIMATE_ARTICLES / 3600
        wall = core_hours / (cluster_cores * CLUSTER_EFFICIENCY)
        say(f"- Articles {label}: {core_hours:,.0f} core-hours; on {CLUSTER_EXECUTORS} executors of {CLUSTER_CORES} cores "
            f"({cluster_cores} cores) at {CLUSTER_EFFICIENCY:.0%} efficiency, about **{wall:.1f} hours**.")  # fmt: skip
    say()
    say(f"Worked out from the stages' {per_article * 1000:.1f} core-seconds per 1,000 articles measured here, assuming:")
    say()
    say("- every stage grows with the articles: reading, indexing and furniture are per article; the band join and "
        "alignment grow with the candidate pairs, which grow with the articles when each story has a bounded number "
        "of copies (as here); clusters and lineage grow with the matches;")  # fmt: skip
    say("- longer articles cost in proportion to their words (indexing and alignment are per word);")
    say(f"- half of a cluster's core time goes to shuffles, stragglers and skew ({CLUSTER_EFFICIENCY:.0%} efficiency), "
        "and executors hold a partition's articles in memory as this machine does.")  # fmt: skip
    say()
    say("Not assumed away: a story copied by tens of thousands of pages makes LSH buckets that the size limits "
        "of the band join cut (as the embedded engine cuts them), and its alignment is quadratic in its copies. "
        "The furniture lines and common stems of the whole corpus are collected by the driver and broadcast to "
        f"every executor ({furniture_lines:,} lines here); web pages have far more furniture, and at a 16-character key a line "
        "(some 70 bytes in Python) the broadcast would want a join in its place past a few million lines.")
    write(out / "spark-benchmark.md")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT, help="JSON Lines of articles with a 'text' field.")
    parser.add_argument("--articles", type=int, default=0, help="Articles to take from the source [0: all].")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="Folder for spark-benchmark.md.")
    args = parser.parse_args(argv)
    if not args.source.exists():
        sys.exit(f"{args.source} is absent: give a JSON Lines file of articles (the Reuters set is in ../shared)")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="provenance-spark-bench-") as folder:
        work = Path(folder)
        corpus, n, words = sample(args.source, args.articles, work)
        measured = Measured(n, words)
        print(f"{n:,} articles: embedded scan", flush=True)
        measured.embedded = provenance("scan", str(corpus), "--db", str(work / "embedded.db"), "-q")
        print("Spark scan", flush=True)
        measured.spark = tree_run("scan", "--engine", "spark", str(corpus), "--out", str(work / "cli-tables"), "-q")
        measured.agreement = agreement(work / "embedded.db", work / "cli-tables")
        print("Spark stages", flush=True)
        (work / "stages").mkdir()
        stage_costs(corpus, work / "stages", measured)
        report(measured, cores, args.out)


if __name__ == "__main__":
    main()
