"""Every command through typer's CliRunner: exit codes and output."""

import json

from typer.testing import CliRunner

from provenance.cli import app

runner = CliRunner()
ARTICLE = "The harbour authority reopened the northern quay on Monday after repairs.\nShips queued overnight."


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(arg) for arg in args], **kwargs)


def test_no_arguments_shows_help():
    result = invoke()
    assert "scan" in result.output and "export" in result.output


def test_help_keeps_bracketed_text():
    """Rich reads "[spark]" as a style tag and would drop it from the help."""
    result = invoke("scan", "--help", terminal_width=240, env={"COLUMNS": "240"})
    text = " ".join(result.output.split())
    assert "provenance[spark]" in text and "[default: ./provenance.db]" in text


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("provenance ")


def test_scan_then_articles(inputs, isolated_db):
    (inputs / "quay.txt").write_text("Title: Quay reopens\nURL: https://ledger.example/quay\n\n" + ARTICLE)
    result = invoke("scan", inputs)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout and str(isolated_db) in result.stdout
    listing = invoke("articles")
    assert listing.exit_code == 0
    assert "quay" in listing.stdout and "ledger.example" in listing.stdout and "1 articles" in listing.stdout
    as_json = json.loads(invoke("articles", "--format", "json").stdout)
    assert as_json[0]["title"] == "Quay reopens"


def test_scan_with_skipped_input_exits_3_and_names_the_file(inputs):
    (inputs / "good.txt").write_text(ARTICLE)
    (inputs / "bad.jsonl").write_text('{"text": "ok"}\n{broken\n')
    result = invoke("scan", inputs)
    assert result.exit_code == 3
    assert "bad.jsonl:2: skipped: invalid JSON" in result.stderr
    assert "Traceback" not in result.output
    assert "2 added" in result.stdout and "1 skipped" in result.stdout


def test_scan_quiet_prints_nothing_on_success(inputs):
    (inputs / "good.txt").write_text(ARTICLE)
    result = invoke("scan", "--quiet", inputs)
    assert result.exit_code == 0 and result.stdout == ""


def test_scan_standard_input():
    result = invoke("scan", "-", input=ARTICLE)
    assert result.exit_code == 0 and "1 added" in result.stdout


def test_db_option_and_environment_variable(inputs, tmp_path, monkeypatch):
    (inputs / "good.txt").write_text(ARTICLE)
    other = tmp_path / "other.db"
    assert invoke("scan", "--db", other, inputs).exit_code == 0
    assert other.exists()
    monkeypatch.setenv("PROVENANCE_DB", str(other))
    assert "good" in invoke("articles").stdout


def test_bad_timezone_is_a_usage_error(inputs):
    result = invoke("scan", "--timezone", "Mars/Olympus", inputs)
    assert result.exit_code == 2 and "unknown time zone" in result.stderr


def test_reading_commands_without_a_database():
    for command in ("articles", "export", "scans"):
        result = invoke(command)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: no database at") and "Traceback" not in result.output


def test_database_that_is_not_sqlite(tmp_path, inputs):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("plain text, not sqlite\n" * 200)
    result = invoke("scan", "--db", bogus, inputs)
    assert result.exit_code == 1 and "not a provenance database" in result.stderr


def test_export_formats_and_out_file(inputs, tmp_path):
    (inputs / "good.txt").write_text(ARTICLE)
    invoke("scan", inputs)
    data = json.loads(invoke("export").stdout)
    assert data["articles"][0]["id"] == "good"
    lines = invoke("export", "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[0])["type"] == "article"
    assert invoke("export", "--format", "csv").stdout.startswith("id,outlet,title")
    out = tmp_path / "export.json"
    result = invoke("export", "--out", out)
    assert result.exit_code == 0 and json.loads(out.read_text())["articles"]
    assert not (tmp_path / "export.json.partial").exists()


def test_export_rejects_unknown_format(inputs):
    (inputs / "good.txt").write_text(ARTICLE)
    invoke("scan", inputs)
    result = invoke("export", "--format", "xml")
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_scans_history_and_problems(inputs):
    (inputs / "good.txt").write_text(ARTICLE)
    (inputs / "empty.txt").write_text("")
    invoke("scan", inputs)
    invoke("scan", inputs)
    history = invoke("scans")
    assert history.exit_code == 0
    assert history.stdout.count("partial") == 2
    problems = invoke("scans", "--problems", "1")
    assert "empty.txt: skipped: empty file" in problems.stdout


def test_locked_database_is_one_line_and_exit_1(inputs, isolated_db, monkeypatch):
    import sqlite3

    import provenance.store as store_module

    (inputs / "good.txt").write_text(ARTICLE)
    assert invoke("scan", inputs).exit_code == 0
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    blocker = sqlite3.connect(isolated_db, timeout=0.2)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        result = invoke("scan", inputs)
    finally:
        blocker.rollback()
        blocker.close()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "busy" in result.stderr
    assert "Traceback" not in result.output


def test_problems_of_an_unknown_scan():
    invoke("scan", "-", input=ARTICLE)
    result = invoke("scans", "--problems", "99")
    assert result.exit_code == 1 and "no scan 99" in result.stderr


def test_clusters_and_boilerplate_after_a_scan_of_the_corpus():
    from conftest import CORPUS

    result = invoke("scan", CORPUS)
    assert result.exit_code == 0 and "15 matches found" in result.stdout
    table = invoke("clusters")
    assert table.exit_code == 0
    assert "1 copy cluster holding 5 articles" in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    as_json = json.loads(invoke("clusters", "--format", "json").stdout)
    assert as_json[0]["size"] == 5 and as_json[0]["first_outlet"] == "Bayline Daily"
    assert invoke("clusters", "--format", "markdown").stdout.startswith("| cluster")
    assert invoke("clusters", "--format", "csv").stdout.startswith("id,size,first")
    assert invoke("clusters", "--format", "xml").exit_code == 2
    furniture = invoke("boilerplate")
    assert furniture.exit_code == 0 and "Advertisement" in furniture.stdout
    # The root is the credited wire (not in the corpus), not the first article to publish.
    assert as_json[0]["root"] == "Coastal Wire Service" and as_json[0]["root_type"] == "external"
    assert "(ext)" in invoke("clusters", env={"COLUMNS": "120"}).stdout
    # Filters: outlets by any of their names, kinds, sizes.
    assert json.loads(invoke("clusters", "-f", "json", "--outlet", "islandpost").stdout)[0]["size"] == 5
    assert invoke("clusters", "--outlet", "Reuters").stdout.startswith("No copy clusters match.")
    assert invoke("clusters", "--min-size", "6").stdout.startswith("No copy clusters match.")
    assert json.loads(invoke("clusters", "-f", "json", "--kind", "copy", "--sort", "first").stdout)
    assert invoke("clusters", "--kind", "quotes").exit_code == 2
    assert invoke("clusters", "--sort", "colour").exit_code == 2
    # --since: a scan number, or a time (clusters with an article published then or later).
    assert json.loads(invoke("clusters", "-f", "json", "--since", "2025-10-14T16:00Z").stdout)[0]["last_published"] == "2025-10-14T16:45:00+00:00"
    assert invoke("clusters", "--since", "2025-10-15").stdout.startswith("No copy clusters match.")
    wrong = invoke("clusters", "--since", "last tuesday-ish")
    assert wrong.exit_code == 2 and "give a scan number or a time" in wrong.output


def test_scan_without_detection():
    result = invoke("scan", "--no-detect", "-", input=ARTICLE)
    assert result.exit_code == 0 and "Detection" not in result.stdout


def test_lineage_tree_of_the_corpus(isolated_db):
    from conftest import CORPUS

    assert invoke("scan", CORPUS, "-q").exit_code == 0
    result = invoke("lineage", "newspulse-halvard-bridge")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("Coastal Wire Service (external")
    island = next(n for n, line in enumerate(lines) if "island-post-bridge" in line and "──" in line)
    newspulse = next(n for n, line in enumerate(lines) if "newspulse-halvard-bridge" in line and "──" in line)
    # The spin hangs under the Island Post, one level deeper.
    assert newspulse > island
    assert lines[newspulse].index("newspulse") > lines[island].index("island-post")
    assert "kessick-gazette-bridge shares only quotations" in " ".join(lines)
    # An 80-column terminal holds every line: outlets and times, evidence and notes wrap under their entry.
    assert max(map(len, lines)) <= 80
    data = json.loads(invoke("lineage", "--format", "json").output)
    assert {row["article"] for row in data[0]["lineage"]} == {
        "bayline-daily-bridge", "harbour-herald-bridge", "courier-halvard-bridge", "island-post-bridge", "newspulse-halvard-bridge"
    }


def test_lineage_of_an_article_in_no_cluster_says_why(isolated_db):
    from conftest import CORPUS

    invoke("scan", CORPUS, "-q")
    result = invoke("lineage", "kessick-gazette-bridge")
    assert result.exit_code == 1
    assert "in no copy cluster" in result.output and "credits no source" in result.output
    assert invoke("lineage", "no-such-thing").exit_code == 1


def test_an_article_sharing_text_with_nothing_still_shows_the_source_it_credits(isolated_db, inputs):
    (inputs / "pickup.txt").write_text(ARTICLE + "\n\nOriginally reported by Marrow Bay Wire.")
    assert invoke("scan", inputs, "-q").exit_code == 0
    shown = invoke("show", "pickup").output
    assert "Marrow Bay Wire (external, credited" in shown and "none found" not in shown
    lines = invoke("lineage", "pickup").output.splitlines()
    assert lines[0].startswith("pickup (in no copy cluster")
    assert lines[1] == "Marrow Bay Wire (external: not in the corpus)" and lines[2].startswith("└── pickup: credited")
    [row] = json.loads(invoke("export", "--format", "json").output)["lineage"]
    assert (row["parent"], row["parent_type"], row["cluster_id"]) == ("Marrow Bay Wire", "external", None)
    graph = invoke("export", "--format", "graphml").output
    assert 'source="Marrow Bay Wire" target="pickup"' in graph
    # Listing every tree, the articles in no cluster stand under the source they credit.
    (inputs / "second.txt").write_text("The ferry timetable changes on Monday.\n\nOriginally reported by Marrow Bay Wire.")
    assert invoke("scan", inputs, "-q").exit_code == 0
    every = invoke("lineage").output.splitlines()
    assert every[:2] == ["2 articles (in no copy cluster: they share no copied text)", lines[1]]
    assert [line[:10] for line in every if "── " in line] == ["├── pickup", "└── second"]


def test_spark_options_are_checked_before_spark_starts(inputs, isolated_db):
    """Options that mean nothing to the other engine are refused with one line, exit 2, and nothing stored."""
    (inputs / "quay.txt").write_text(ARTICLE)
    cases = [
        (["--engine", "spark", "--reread"], "--reread does not apply to --engine spark"),
        (["--engine", "spark", "--watch", "The Verge"], "does not apply to --engine spark"),
        (["--engine", "nimbus"], "unknown engine 'nimbus'"),
        (["--load"], "--load and --overwrite are for --engine spark"),
    ]
    for options, message in cases:
        result = invoke("scan", inputs, *options)
        assert result.exit_code == 2, (options, result.output)
        assert message in result.stderr and "Traceback" not in result.output
    assert not isolated_db.exists()
