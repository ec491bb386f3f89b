"""Scanning: every input format and every kind of bad input, through the library."""

import io
import os
import json

import pytest

from provenance import Settings, scan
from provenance.scanner import EXIT_OK, EXIT_SKIPPED

ARTICLE = "The harbour authority reopened the northern quay on Monday after repairs.\nShips queued overnight."


def messages(summary):
    return [str(problem) for problem in summary.problems]


def test_folder_is_read_recursively_with_ignore_file_and_hidden_files(fresh_db, inputs):
    (inputs / "a.txt").write_text(ARTICLE)
    (inputs / "deep" / "er").mkdir(parents=True)
    (inputs / "deep" / "er" / "b.md").write_text("# Heading here now\n\n" + ARTICLE)
    (inputs / "NOTES.md").write_text("not an article")
    (inputs / ".hidden.txt").write_text("hidden")
    (inputs / ".provenanceignore").write_text("NOTES.md\n")
    summary = scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["a", "b"]
    assert summary.exit_code == EXIT_OK and summary.problems == []


def test_rescan_adds_nothing_and_edit_makes_a_version(fresh_db, inputs):
    (inputs / "a.txt").write_text(ARTICLE)
    assert scan([str(inputs)], fresh_db).counts.added == 1
    again = scan([str(inputs)], fresh_db)
    assert (again.files, again.unchanged_files, again.counts.added) == (0, 1, 0)
    (inputs / "a.txt").write_text(ARTICLE + "\nCorrection appended.")
    edited = scan([str(inputs)], fresh_db)
    assert edited.counts.versions == 1
    assert fresh_db.article("a").text.endswith("Correction appended.")


def test_unchanged_inputs_are_passed_over_and_changed_ones_read(fresh_db, inputs):
    story = inputs / "a.txt"
    story.write_text(ARTICLE)
    assert scan([str(inputs)], fresh_db).files == 1
    written = story.stat().st_mtime_ns
    os.utime(story, ns=(written + 10**10, written + 10**10))
    touched = scan([str(inputs)], fresh_db)
    assert (touched.files, touched.unchanged_files) == (0, 1)  # same bytes: passed over after hashing
    # Same size and, as on a coarse clock, the same time: caught because
    # the file was looked at too soon after it changed to trust its time.
    story.write_text(ARTICLE.replace("a", "e", 1))
    os.utime(story, ns=(written + 10**10, written + 10**10))
    edited = scan([str(inputs)], fresh_db)
    assert (edited.files, edited.counts.versions) == (1, 1)


def test_same_file_name_in_two_folders(fresh_db, inputs):
    for folder in ("x", "y"):
        (inputs / folder).mkdir()
        (inputs / folder / "story.txt").write_text(f"{ARTICLE} From {folder}.")
    scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["x/story.txt", "y/story.txt"]


def test_same_file_name_in_a_later_scan_is_a_different_article(fresh_db, inputs):
    for folder in ("x", "y"):
        (inputs / folder).mkdir()
        (inputs / folder / "story.txt").write_text(f"{ARTICLE} From {folder}.")
    scan([str(inputs / "x")], fresh_db)
    scan([str(inputs / "y")], fresh_db)
    ids = sorted(a.id for a in fresh_db.articles())
    assert len(ids) == 2 and "story" in ids


def test_moved_file_keeps_its_id(fresh_db, inputs):
    (inputs / "x").mkdir()
    (inputs / "x" / "story.txt").write_text(ARTICLE)
    scan([str(inputs / "x")], fresh_db)
    (inputs / "x" / "story.txt").rename(inputs / "story.txt")
    summary = scan([str(inputs / "story.txt")], fresh_db)
    assert [a.id for a in fresh_db.articles()] == ["story"]
    assert summary.counts.updated == 1


def test_records_without_ids_are_named_by_url_else_text(fresh_db, inputs):
    from provenance import content_hash

    (inputs / "feed.jsonl").write_text('{"text": "one text"}\n\n{"text": "two", "url": "https://l.example/2"}\n')
    scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == sorted([f"feed-{content_hash('one text')[:12]}", "https://l.example/2"])


def test_a_record_added_above_does_not_rename_the_others(fresh_db, inputs):
    feed = inputs / "feed.jsonl"
    feed.write_text('{"text": "story A"}\n{"text": "story B"}\n')
    scan([str(feed)], fresh_db)
    feed.write_text('{"text": "story C"}\n{"text": "story A"}\n{"text": "story B"}\n')
    summary = scan([str(feed)], fresh_db)
    assert (summary.counts.added, summary.counts.unchanged, summary.counts.versions) == (1, 2, 0)


def test_duplicate_ids_in_one_file_keep_the_last_and_rescan_is_idempotent(fresh_db, inputs):
    (inputs / "dups.json").write_text('[{"id": "d1", "text": "first"}, {"id": "d1", "text": "second"}, {"id": "d1", "text": "third"}]')
    summary = scan([str(inputs)], fresh_db)
    assert fresh_db.article("d1").text == "third" and fresh_db.versions("d1") == []
    assert summary.warnings == 2 and "more than one record" in summary.problems[0].message
    again = scan([str(inputs)], fresh_db, reread=True)
    assert (again.counts.unchanged, again.counts.versions) == (1, 0)


def test_two_files_with_one_stem_in_one_folder(fresh_db, inputs):
    (inputs / "a.txt").write_text("Plain text story about the quay.")
    (inputs / "a.md").write_text("Markdown story about the ferry.")
    scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["a.md", "a.txt"]
    again = scan([str(inputs)], fresh_db, reread=True)
    assert again.counts.unchanged == 2 and again.counts.versions == 0


def test_a_file_keeps_its_id_whatever_else_is_scanned(fresh_db, inputs, monkeypatch):
    for folder in ("x1", "x2"):
        (inputs / folder).mkdir()
        (inputs / folder / "story.txt").write_text(f"{ARTICLE} From {folder}.")
    scan([str(inputs / "x1" / "story.txt")], fresh_db)
    summary = scan([str(inputs / "x1" / "story.txt"), str(inputs / "x2" / "story.txt")], fresh_db, reread=True)
    assert sorted(a.id for a in fresh_db.articles()) == ["story", "x2/story.txt"]
    assert summary.counts.unchanged == 1
    monkeypatch.chdir(inputs / "x1")
    assert scan(["."], fresh_db, reread=True).counts.unchanged == 1


def test_a_file_named_twice_is_read_once(fresh_db, inputs):
    (inputs / "a.txt").write_text(ARTICLE)
    (inputs / "link.txt").symlink_to(inputs / "a.txt")
    summary = scan([str(inputs), str(inputs / "a.txt"), str(inputs)], fresh_db)
    assert summary.files == 1 and [a.id for a in fresh_db.articles()] == ["a"]


def test_the_database_itself_is_not_scanned(inputs):
    from provenance import Store

    (inputs / "a.txt").write_text(ARTICLE)
    with Store(inputs / "provenance.db") as store:
        scan([str(inputs)], store)
        summary = scan([str(inputs)], store, reread=True)
    assert summary.problems == [] and summary.files == 1


def test_one_badly_encoded_line_leaves_the_others_intact(fresh_db, inputs):
    good = '{"id": "good", "text": "Caf\u00e9 \u4e2d\u6587"}\n'.encode()
    bad = '{"id": "bad", "text": "Caf\u00e9"}\n'.encode("cp1252")
    (inputs / "mixed.jsonl").write_bytes(good + bad)
    summary = scan([str(inputs)], fresh_db)
    assert fresh_db.article("good").text == "Caf\u00e9 \u4e2d\u6587"
    assert fresh_db.article("bad").text == "Caf\u00e9"
    assert summary.problems[0].line == 2 and "decoded as cp1252" in summary.problems[0].message


def test_html_declared_charset_is_used(fresh_db, inputs):
    body = "\u041c\u043e\u0441\u0442 \u0437\u0430\u043a\u0440\u044b\u0442 " * 12
    page = f'<html><head><meta charset="windows-1251"><title>T</title></head><body><article><p>{body}</p></article></body></html>'
    (inputs / "page.html").write_bytes(page.encode("cp1251"))
    scan([str(inputs)], fresh_db)
    assert "\u041c\u043e\u0441\u0442" in fresh_db.article("page").text


def test_utf16_without_bom_is_text(fresh_db, inputs):
    (inputs / "wide.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    scan([str(inputs)], fresh_db)
    assert fresh_db.article("wide").text == ARTICLE


def test_pipe_in_a_folder_is_skipped_not_waited_on(fresh_db, inputs):
    import os

    (inputs / "a.txt").write_text(ARTICLE)
    os.mkfifo(inputs / "pipe.txt")
    summary = scan([str(inputs)], fresh_db)
    assert [a.id for a in fresh_db.articles()] == ["a"]
    assert "not a regular file" in summary.problems[0].message


def test_deeply_nested_json_line_costs_only_that_line(fresh_db, inputs):
    deep = "[" * 100_000 + "]" * 100_000
    (inputs / "feed.jsonl").write_text('{"id": "a", "text": "kept"}\n' + deep + '\n{"id": "b", "text": "kept too"}\n')
    summary = scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["a", "b"]
    assert [p.line for p in summary.problems] == [2]


def test_database_locked_by_another_writer_is_a_store_error(isolated_db, inputs, monkeypatch):
    import sqlite3

    from provenance import Store, StoreError
    import provenance.store as store_module

    (inputs / "a.txt").write_text(ARTICLE)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    with Store(isolated_db) as store:
        blocker = sqlite3.connect(isolated_db)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="busy"):
                scan([str(inputs)], store)
        finally:
            blocker.rollback()
            blocker.close()
        assert store.count("articles") == 0


def test_fallback_encoding_is_stored_and_warned(fresh_db, inputs):
    (inputs / "old.txt").write_bytes("Caf\u00e9 owners said the quay \u201creopened\u201d.".encode("cp1252"))
    summary = scan([str(inputs)], fresh_db)
    stored = fresh_db.article("old")
    assert stored.text == "Caf\u00e9 owners said the quay \u201creopened\u201d."
    assert stored.encoding == "cp1252"
    assert summary.warnings == 1 and summary.exit_code == EXIT_OK
    assert "decoded as cp1252" in messages(summary)[0]


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        ("bad.json", b'{"text": "unfinished', "invalid JSON"),
        ("bad.md", b"---\ntitle: [unclosed\n---\nBody", "front matter"),
    ],
)
def test_bad_file_is_reported_and_good_file_kept(fresh_db, inputs, name, content, expected):
    (inputs / "good.txt").write_text(ARTICLE)
    (inputs / name).write_bytes(content)
    summary = scan([str(inputs)], fresh_db)
    assert [a.id for a in fresh_db.articles()] == ["good"]
    assert summary.exit_code == EXIT_SKIPPED
    [problem] = summary.problems
    assert problem.path.endswith(name) and expected in problem.message


def test_bad_records_reported_with_lines_and_good_records_kept(fresh_db, inputs):
    (inputs / "feed.jsonl").write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n{"id": "c", "body": "fine too"}\n')
    (inputs / "sheet.csv").write_text("id,title,text\nd,T,fine\ne,T\n")
    summary = scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["a", "c", "d"]
    lines = sorted((p.path.rsplit("/", 1)[-1], p.line) for p in summary.problems)
    assert lines == [("feed.jsonl", 2), ("sheet.csv", 3)]
    assert summary.skipped == 2 and summary.exit_code == EXIT_SKIPPED


def test_file_over_the_size_limit(fresh_db, inputs):
    (inputs / "huge.txt").write_text("word " * 3000)
    (inputs / "small.txt").write_text(ARTICLE)
    summary = scan([str(inputs)], fresh_db, Settings(max_file_bytes=10_000))
    assert [a.id for a in fresh_db.articles()] == ["small"]
    assert "limit" in summary.problems[0].message


def test_missing_path_is_reported_and_others_scanned(fresh_db, inputs):
    (inputs / "a.txt").write_text(ARTICLE)
    summary = scan([str(inputs / "absent"), str(inputs / "a.txt")], fresh_db)
    assert [a.id for a in fresh_db.articles()] == ["a"]
    assert "no such file" in summary.problems[0].message


def test_unknown_extension_is_sniffed(fresh_db, inputs):
    (inputs / "dump.data").write_text('{"id": "j", "text": "json inside"}\n')
    (inputs / "page").write_text("<!doctype html><html><body><article><p>" + ARTICLE * 3 + "</p></article></body></html>")
    scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["j", "page"]


def test_gzipped_json_lines(fresh_db, inputs):
    import gzip

    (inputs / "feed.jsonl.gz").write_bytes(gzip.compress(b'{"id": "z", "text": "zipped text"}\n'))
    scan([str(inputs)], fresh_db)
    assert fresh_db.article("z").text == "zipped text"


def test_standard_input_plain_text_and_json(fresh_db):
    scan(["-"], fresh_db, stdin=io.BytesIO(ARTICLE.encode()))
    scan(["-"], fresh_db, stdin=io.BytesIO(ARTICLE.encode()))
    [article] = fresh_db.articles()
    assert article.id.startswith("stdin-") and article.path == "-"
    scan(["-"], fresh_db, stdin=io.BytesIO(json.dumps({"id": "piped", "text": "from a pipe"}).encode()))
    assert fresh_db.article("piped").text == "from a pipe"


def test_scan_history_and_problems_are_recorded(fresh_db, inputs):
    (inputs / "a.txt").write_text(ARTICLE)
    (inputs / "bad.json").write_text("{")
    summary = scan([str(inputs)], fresh_db)
    [row] = fresh_db.scans()
    assert row["id"] == summary.scan_id
    assert (row["status"], row["files"], row["added"], row["skipped"]) == ("partial", 2, 1, 1)
    assert row["finished_at"] >= row["started_at"]
    [problem] = fresh_db.problems(summary.scan_id)
    assert problem["path"].endswith("bad.json") and problem["fatal"] == 1


def test_interrupted_scan_keeps_finished_files_and_drops_the_half_read_one(fresh_db, inputs, monkeypatch):
    (inputs / "a.jsonl").write_text('{"id": "a1", "text": "one"}\n')
    (inputs / "b.jsonl").write_text('{"id": "b1", "text": "two"}\n{"id": "b2", "text": "three"}\n')
    import provenance.scanner as scan_module

    real = scan_module.read_source

    def interrupted(source, *args, **kwargs):
        for number, item in enumerate(real(source, *args, **kwargs)):
            if source.stem == "b" and number == 1:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(scan_module, "read_source", interrupted)
    with pytest.raises(KeyboardInterrupt):
        scan([str(inputs)], fresh_db)
    assert [a.id for a in fresh_db.articles()] == ["a1"]
    assert fresh_db.scans()[0]["status"] == "interrupted"
    monkeypatch.setattr(scan_module, "read_source", real)
    summary = scan([str(inputs)], fresh_db)
    # The finished file is remembered and passed over; the half-read one is read whole.
    assert (summary.counts.added, summary.unchanged_files, summary.files) == (2, 1, 1)


def test_a_file_of_many_bad_lines_prints_a_few_and_counts_all(fresh_db, inputs):
    from provenance.scanner import PROBLEMS_SHOWN_PER_FILE

    (inputs / "noisy.jsonl").write_text('{"id": "ok", "text": "kept"}\n' + "not json\n" * 50)
    printed = []
    summary = scan([str(inputs)], fresh_db, on_problem=printed.append)
    assert summary.skipped == 50
    assert len(fresh_db.problems(summary.scan_id)) == 50
    assert len(printed) == PROBLEMS_SHOWN_PER_FILE + 1
    assert "30 more problems" in printed[-1].message
    assert [a.id for a in fresh_db.articles()] == ["ok"]


def test_stray_nul_bytes_in_a_feed_cost_only_their_line(fresh_db, inputs):
    (inputs / "feed.jsonl").write_bytes(b'{"id": "a", "text": "kept"}\n\x00\x00\x00\n{"id": "b", "text": "kept too"}\n')
    summary = scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["a", "b"]
    assert [p.line for p in summary.problems] == [2]


def test_a_reader_crash_costs_only_the_rest_of_its_file(fresh_db, inputs, monkeypatch):
    import provenance.ingest.fields as fields

    (inputs / "a.jsonl").write_text('{"id": "a1", "text": "one"}\n{"id": "a2", "text": "two"}\n')
    (inputs / "b.txt").write_text(ARTICLE)
    real = fields.finish_article

    def flaky(raw, *args, **kwargs):
        if raw.id == "a2":
            raise RuntimeError("reader bug")
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(fields, "finish_article", flaky)
    summary = scan([str(inputs)], fresh_db)
    assert sorted(a.id for a in fresh_db.articles()) == ["a1", "b"]
    assert "RuntimeError: reader bug" in summary.problems[0].message
    assert summary.exit_code == 3
