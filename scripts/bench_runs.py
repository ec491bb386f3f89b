"""Benchmark runs: ``provenance`` commands in child processes, as a user or cron runs them.

Each run is timed from its start to its exit, interpreter start-up
included, with its peak memory (``wait4``'s maximum resident set). Linux
counts in a child's peak the memory of the process it was forked from, so
a child of the benchmark, which holds the whole corpus, would report the
benchmark's size: every command is started by a small launcher process
instead, which times it and reports its peak on its own standard output.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


#: Runs the command in argv, its output discarded, and prints its exit status, seconds and peak KiB.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss)
"""


def provenance(*args: str) -> Run:
    """Run ``provenance ARGS`` to its end; stop the benchmark if it failed (a skipped input, exit 3, is not a failure)."""
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "provenance", *args], capture_output=True, text=True, check=False
    )
    try:
        status, seconds, peak_kib = launched.stdout.split()
    except ValueError:
        sys.exit(f"provenance {' '.join(args)}: the launcher failed: {launched.stderr.strip()[-500:]}")
    if int(status) not in (0, 3):
        sys.exit(f"provenance {' '.join(args)} failed: {launched.stderr.strip()[-500:]}")
    return Run(float(seconds), int(peak_kib) / 1024)


def median(runs: list[Run]) -> Run:
    """The run of median time (the middle one of three), with its own memory."""
    ordered = sorted(runs, key=lambda run: run.seconds)
    return ordered[(len(ordered) - 1) // 2]


def startup() -> float:
    """What every scan pays before it reads anything: the interpreter and the modules a scan imports."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import provenance.cli, provenance.scan_command, provenance.detect"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copy_store(source: Path, target: Path) -> None:
    """Copy a SQLite store with its journal files, replacing whatever ``target`` held."""
    for suffix in ("", "-wal", "-shm"):
        into = target.with_name(target.name + suffix)
        into.unlink(missing_ok=True)
        origin = source.with_name(source.name + suffix)
        if origin.exists():
            shutil.copyfile(origin, into)


def count(db: Path, table: str) -> int:
    """Rows in one table of a store."""
    with sqlite3.connect(db) as connection:
        return connection.execute(f"select count(*) from {table}").fetchone()[0]


def matches(db: Path) -> set[tuple[str, str, str]]:
    """The pairs and kinds a store holds, to compare two ways of scanning the same articles."""
    with sqlite3.connect(db) as connection:
        return set(connection.execute("select a, b, kind from matches"))
