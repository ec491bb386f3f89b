"""Benchmark: ingest (without detection) the Reuters-21578 set (19,043 articles) into a fresh database.

Runs ``provenance scan`` in a child process, as a user would, and reports
wall time, articles per second, the child's peak memory and the database
size; a second scan of the same file shows the cost of an idempotent
re-run. Writes the table to reports/ingest-benchmark.md as well.

Usage: .venv/bin/python scripts/bench_ingest.py [PATH_TO_JSONL]
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"


def run_scan(source: Path, db: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "scan", "--no-detect", "--db", str(db), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 3):
        sys.exit(f"scan failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed, result.stdout.strip()


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not source.exists():
        sys.exit(f"{source} not found: give the path of reuters21578.jsonl")
    articles = sum(1 for line in source.open(encoding="utf-8") if line.strip())
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        first, summary = run_scan(source, db)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second, _ = run_scan(source, db)
        size_mib = sum(p.stat().st_size for p in Path(folder).glob("bench.db*")) / (1024 * 1024)
    rows = [
        ("articles", f"{articles:,}"),
        ("input size", f"{source.stat().st_size / (1024 * 1024):.1f} MiB"),
        ("first scan (fresh database)", f"{first:.1f} s ({articles / first:,.0f} articles/s)"),
        ("second scan (nothing new)", f"{second:.1f} s"),
        ("peak memory of a scan", f"{peak_mib:.0f} MiB"),
        ("database size", f"{size_mib:.1f} MiB"),
    ]
    lines = [
        "# Ingest benchmark",
        "",
        f"`{' '.join(['python', 'scripts/bench_ingest.py'])}` on {dt.date.today().isoformat()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. Scan summary: {summary}",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
    ]
    report = "\n".join(lines)
    print(report)
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "ingest-benchmark.md").write_text(report)


if __name__ == "__main__":
    main()
