"""Scans as cron runs them: real processes, killed, stopped and overlapping.

Each test starts ``python -m provenance scan`` as a child process and acts
on it from outside, as a scheduler or an operator would.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import results, story

from provenance import Store
from provenance.scanner import EXIT_BUSY, EXIT_INTERRUPTED

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

FILES = 60
RECORDS = 4
PAGES = 150


def drop_folder(folder: Path) -> Path:
    """A scraper's drop folder: feeds of several records, and web pages (slow to read, so kills land mid-read).

    Every story appears in several places, so detection has work too.
    """
    folder.mkdir()
    for number in range(FILES):
        lines = [
            json.dumps({"id": f"f{number}-{k}", "outlet": f"Outlet {k}", "text": story((number * RECORDS + k) % 60, 12)})
            for k in range(RECORDS)
        ]
        (folder / f"batch{number:02d}.jsonl").write_text("\n".join(lines) + "\n")
    for number in range(PAGES):
        paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in story(number % 60, 12).split(". "))
        (folder / f"page{number:03d}.html").write_text(
            f"<html><head><title>Story {number}</title></head><body><article><h1>Story {number}</h1>"
            f"{paragraphs}</article></body></html>"
        )
    return folder


def start(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", "scan", "--db", str(db), str(folder), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def consistent(db: Path) -> None:
    """The checks a killed scan must pass: intact file, whole files, no orphans."""
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        tables = {name for (name,) in connection.execute("select name from sqlite_master where type = 'table'")}
        if "articles" not in tables:
            # Killed before the schema's one transaction committed: no half schema.
            assert not tables, tables
            return
        per_file = connection.execute(
            "select path, count(*) from articles where path like '%.jsonl' group by path"
        ).fetchall()
        assert all(count == RECORDS for _, count in per_file), per_file  # no half-stored file
        orphans = connection.execute(
            "select count(*) from passages p where not exists (select 1 from matches m where m.a = p.a and m.b = p.b)"
        ).fetchone()[0]
        assert orphans == 0
        strays = connection.execute(
            "select count(*) from cluster_members where cluster_id not in (select id from clusters)"
        ).fetchone()[0]
        assert strays == 0
    finally:
        connection.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], float]:
    """One uninterrupted scan of the drop folder: its results and how long the command took."""
    base = tmp_path_factory.mktemp("reference")
    folder = drop_folder(base / "drop")
    began = time.monotonic()
    assert start(folder, base / "whole.db").wait(timeout=300) == 0
    elapsed = time.monotonic() - began
    with Store(base / "whole.db") as store:
        return folder, results(store), elapsed


@pytest.mark.parametrize("fraction", [0.15, 0.2, 0.5, 0.8, 0.97])
def test_a_scan_killed_outright_resumes_to_the_same_result(reference, tmp_path, fraction):
    folder, expected, elapsed = reference
    db = tmp_path / "killed.db"
    child = start(folder, db)
    # Spread over start-up, reading the files, detection and its final write.
    time.sleep(fraction * elapsed)
    child.send_signal(signal.SIGKILL)
    child.wait()
    if db.exists():
        consistent(db)
    finished = start(folder, db)
    assert finished.wait(timeout=300) == 0, finished.stderr.read()
    consistent(db)
    with Store(db) as store:
        assert results(store) == expected


def test_sigterm_stops_at_a_safe_point_and_is_recorded(reference, tmp_path):
    folder, expected, elapsed = reference
    db = tmp_path / "stopped.db"
    child = start(folder, db)
    time.sleep(0.6 * elapsed)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=120) == EXIT_INTERRUPTED
    assert "interrupted" in child.stderr.read()
    consistent(db)
    with Store(db) as store:
        assert store.scans()[0]["status"] == "interrupted"
    assert start(folder, db).wait(timeout=300) == 0
    with Store(db) as store:
        assert results(store) == expected


def test_a_second_scan_waits_or_gives_up_and_readers_carry_on(reference, tmp_path):
    folder, expected, _ = reference
    db = tmp_path / "shared.db"
    Store(db).close()
    first = start(folder, db)
    lock = db.with_name(db.name + ".lock")
    deadline = time.monotonic() + 30
    # The first scan holds the lock once it has opened the store.
    while time.monotonic() < deadline and first.poll() is None:
        probe = subprocess.run(
            [sys.executable, "-c", f"from filelock import FileLock; FileLock({str(lock)!r}, timeout=0).acquire()"],
            capture_output=True,
        )
        if probe.returncode != 0:
            break
        time.sleep(0.05)
    impatient = start(folder, db, "--wait", "0")
    patient = start(folder, db, "--wait", "300", "--json")
    reader = subprocess.run([sys.executable, "-m", "provenance", "scans", "--db", str(db)], capture_output=True, text=True)
    assert impatient.wait(timeout=60) == EXIT_BUSY
    message = impatient.stderr.read()
    assert "another scan is writing" in message and "Traceback" not in message and "locked" not in message
    assert reader.returncode == 0, reader.stderr
    assert first.wait(timeout=300) == 0
    assert patient.wait(timeout=300) == 0
    summary = json.loads(patient.stdout.read())
    assert summary["inputs"]["unchanged"] == FILES + PAGES and summary["articles"]["added"] == 0
    with Store(db) as store:
        assert results(store) == expected
