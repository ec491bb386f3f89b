"""Faults a data tool meets in the field: a damaged or read-only database, a full disk, files that move.

Each must end in a one-line message naming the file and what to do, and
leave what is stored as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, results, story
from test_cli import invoke

from provenance import Store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _scanned(db: Path, folder: Path = CORPUS) -> None:
    result = invoke("scan", folder, "-q", "--db", db)
    assert result.exit_code == 0, result.output


def _one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


def _new_articles(folder: Path, count: int = 3) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"new-{n}.txt").write_text(f"Title: New {n}\nOutlet: Paper {n}\n\n{story(100 + n)}\n\n{story(200)}\n")
    return folder


def test_a_corrupt_database_is_named_and_left_alone(tmp_path):
    db = tmp_path / "damaged.db"
    _scanned(db)
    with sqlite3.connect(db) as connection:
        connection.execute("pragma wal_checkpoint(truncate)")
    data = bytearray(db.read_bytes())
    page = 4096
    # Keep the header page; scramble the pages holding tables and indexes.
    data[page * 2 : page * 6] = bytes((i * 37 + 11) % 256 for i in range(page * 4))
    db.write_bytes(bytes(data))
    before = _digest(db)
    for command in (["scan", CORPUS], ["clusters"], ["report", "--html", tmp_path / "r.html"], ["export"]):
        result = invoke(*command, "--db", db)
        assert result.exit_code == 1, (command, result.output)
        line = _one_error_line(result.output)
        assert str(db) in line and ("damaged" in line or "malformed" in line or "not a provenance database" in line), line
    assert _digest(db) == before
    assert not (tmp_path / "r.html").exists()


def test_a_database_from_a_newer_provenance_is_refused_unchanged(tmp_path):
    db = tmp_path / "newer.db"
    _scanned(db)
    with Store(db) as store:
        store.db["_sqlite_migrations"].insert({"migration_set": "provenance", "name": "m999_future", "applied_at": "x"})
    before = _digest(db)
    for command in (["scan", CORPUS], ["clusters"]):
        result = invoke(*command, "--db", db)
        assert result.exit_code == 1
        assert "newer provenance" in _one_error_line(result.output) and "upgrade" in result.output
    assert _digest(db) == before


def _read_only(path: Path) -> None:
    """Make ``path`` read-only for us, even as root (who ignores permission bits): immutable where root can say so."""
    path.chmod(0o444)
    if os.geteuid() == 0 and (
        not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode
    ):
        pytest.skip("running as root, and this file system cannot make a file immutable (chattr +i)")


def _writable(path: Path) -> None:
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
    path.chmod(0o644)


def test_a_read_only_database_is_named_and_left_alone(tmp_path):
    """Reports still read it; a scan says it cannot write, and changes nothing."""
    db = tmp_path / "readonly.db"
    _scanned(db)
    with Store(db) as store:  # a clean file: nothing left in a write-ahead log
        store.db.execute("pragma wal_checkpoint(truncate)")
    before = _digest(db)
    _read_only(db)
    try:
        scanned = invoke("scan", _new_articles(tmp_path / "more"), "--db", db)
        assert scanned.exit_code == 1, scanned.output
        line = _one_error_line(scanned.output)
        assert str(db) in line and ("read-only" in line or "writable" in line), line
        listed = invoke("clusters", "--db", db)
        assert listed.exit_code == 0, listed.output
        assert "1 copy cluster" in listed.output
        assert _digest(db) == before
    finally:
        _writable(db)


def _full_disk(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """Every store opened from now on may grow by ``pages`` pages at most: SQLite's own 'database or disk is full'."""
    original = Store.__init__

    def limited(self, *args, **kwargs):
        original(self, *args, **kwargs)
        used = self.db.execute("pragma page_count").fetchone()[0]
        self.db.execute(f"pragma max_page_count = {used + pages}")

    monkeypatch.setattr(Store, "__init__", limited)


def _growth(tmp_path: Path) -> int:
    """Pages the store grows by when the new articles are scanned into it with room to spare."""
    db = tmp_path / "room.db"
    _scanned(db)
    with Store(db) as store:
        start = store.db.execute("pragma page_count").fetchone()[0]
    _scanned(db, _new_articles(tmp_path / "sizing", 6))
    with Store(db) as store:
        return store.db.execute("pragma page_count").fetchone()[0] - start


@pytest.mark.parametrize("share", [0.0, 0.2, 0.7])
def test_a_full_disk_leaves_the_store_as_it_was(tmp_path, monkeypatch, share):
    """Whether the disk fills at the first write, mid-ingest or mid-detection: a message, and nothing half stored."""
    pages = int(_growth(tmp_path) * share)
    db = tmp_path / "full.db"
    _scanned(db)
    with Store(db) as store:
        before = results(store), list(store.article_rows("id, content_hash"))
    _full_disk(monkeypatch, pages)
    result = invoke("scan", _new_articles(tmp_path / "more", 6), "--db", db)
    assert result.exit_code == 1, result.output
    assert "full" in result.output and str(db) in result.output and "Traceback" not in result.output
    monkeypatch.undo()
    with Store(db) as store:
        after = results(store), list(store.article_rows("id, content_hash"))
        stored = {row["id"] for row in store.article_rows("id")}
    # Whole files may have landed before the disk filled; nothing else changed, and detection's results are whole.
    assert after[0]["matches"] == before[0]["matches"] or set(stored) - {r["id"] for r in before[1]}
    assert {tuple(r.values()) for r in before[1]} <= {tuple(r.values()) for r in after[1]}
    # The next scan, with room, finishes the work.
    result = invoke("scan", tmp_path / "more", CORPUS, "-q", "--db", db)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert {f"new-{n}" for n in range(6)} <= {row["id"] for row in store.article_rows("id")}


def test_an_io_error_while_saving_detection_leaves_the_previous_results(tmp_path, monkeypatch):
    db = tmp_path / "io.db"
    _scanned(db)
    with Store(db) as store:
        before = results(store)
    from provenance import findings

    def failing(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(findings, "save_clusters", failing)
    result = invoke("scan", _new_articles(tmp_path / "more"), "--db", db)
    assert result.exit_code == 1
    assert "disk I/O error" in result.output and "Traceback" not in result.output
    monkeypatch.undo()
    with Store(db) as store:
        assert results(store) == before


def test_files_that_vanish_or_change_during_a_scan_are_reported_not_fatal(tmp_path, monkeypatch):
    folder = _new_articles(tmp_path / "moving", 4)
    from provenance import scanner

    original = scanner._scan_file
    calls = []

    def moving(source, *args, **kwargs):
        calls.append(source.path)
        if len(calls) == 1:
            (folder / "new-2.txt").unlink()  # gone before its turn
            (folder / "new-3.txt").write_text("Title: Rewritten\n\n" + story(300))  # changed before its turn
        return original(source, *args, **kwargs)

    monkeypatch.setattr(scanner, "_scan_file", moving)
    result = invoke("scan", folder, "--db", tmp_path / "moving.db", "--no-detect")
    assert result.exit_code == 3, result.output
    assert "new-2.txt" in result.output and "Traceback" not in result.output
    with Store(tmp_path / "moving.db") as store:
        rows = {row["id"]: row["title"] for row in store.article_rows("id, title")}
    assert set(rows) == {"new-0", "new-1", "new-3"}
    assert rows["new-3"] == "Rewritten"
