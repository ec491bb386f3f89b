"""Benchmark: what a scheduled scan costs once the Reuters set is stored.

Stores all but the last 100 of the 19,043 Reuters stories with one full
scan, then times, each as ``provenance scan`` in a child process as cron
runs it:

* a scan that adds the last 100 stories (target: at most 5% of the full scan);
* a scan that adds nothing (target: at most 1%);

and compares the incremental result with one scan of all 19,043 stories.
Writes reports/incremental-benchmark.md.

Usage: .venv/bin/python scripts/bench_incremental.py [PATH_TO_JSONL]
"""

from __future__ import annotations

import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_tables import say, table, write

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
NEW = 100


def timed_scan(db: Path, *paths: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "scan", "--quiet", "--db", str(db), *map(str, paths)],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 3):
        sys.exit(f"scan failed ({result.returncode}): {result.stderr.strip()}")
    return time.perf_counter() - start


def timed_startup() -> float:
    """What every scan pays before it looks at anything: the interpreter and the modules a scan imports."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import provenance.cli, provenance.scan_command, provenance.detect"], check=True)
    return time.perf_counter() - start


def matches(db: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(db) as connection:
        return set(connection.execute("select a, b, kind from matches"))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not source.exists():
        sys.exit(f"{source} is absent: give the Reuters JSON Lines file")
    work = Path(tempfile.mkdtemp(prefix="provenance-incremental-"))
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    base, new = work / "stored.jsonl", work / "new.jsonl"
    base.write_text("".join(lines[:-NEW]), encoding="utf-8")
    new.write_text("".join(lines[-NEW:]), encoding="utf-8")
    stored = work / "stored.db"
    full = timed_scan(stored, base)
    peak_full = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # Medians of three: each run of the scan adding 100 starts from a copy
    # of the stored database, and a start-up of 0.4 s varies by a few hundredths.
    db = work / "incremental.db"
    adding = []
    for _ in range(3):
        for suffix in ("", "-wal", "-shm"):
            target = db.with_name(db.name + suffix)
            target.unlink(missing_ok=True)
            if stored.with_name(stored.name + suffix).exists():
                shutil.copyfile(stored.with_name(stored.name + suffix), target)
        adding.append(timed_scan(db, base, new))
    added = sorted(adding)[1]
    nothing = sorted(timed_scan(db, base, new) for _ in range(3))[1]
    startup = sorted(timed_startup() for _ in range(3))[1]
    whole = work / "whole.db"
    timed_scan(whole, base, new)
    ours, theirs = matches(db), matches(whole)
    say("# Incremental scans")
    say()
    say(f"Reproduce with `.venv/bin/python scripts/bench_incremental.py`. {len(lines) - NEW:,} Reuters stories stored by a "
        f"full scan, then scans as cron runs them (child processes, start-up included).")
    say()
    table(
        ["scan", "seconds", "share of the full scan", "target"],
        [
            [f"full scan of {len(lines) - NEW:,} stories", f"{full:.2f}", "100%", ""],
            [f"adds {NEW} new stories (median of 3)", f"{added:.2f}", f"{added / full:.1%}", "at most 5%"],
            ["adds nothing (median of 3)", f"{nothing:.2f}", f"{nothing / full:.2%}", "at most 1%"],
            ["of which start-up: Python and imports (median of 3)", f"{startup:.2f}", f"{startup / full:.2%}", ""],
        ],
    )
    say(f"Peak memory of the full scan: {peak_full:,.0f} MiB.")
    say()
    say(f"Incremental result against one scan of all {len(lines):,}: {len(ours):,} matches against {len(theirs):,}; "
        f"{len(theirs - ours)} only in the single scan, {len(ours - theirs)} only in the incremental one.")
    write(ROOT / "reports" / "incremental-benchmark.md")


if __name__ == "__main__":
    main()
