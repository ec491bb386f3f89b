"""The configuration file of scheduled scans, and the alerts they send."""

from __future__ import annotations

import json

from conftest import CORPUS, story
from test_cli import invoke

from provenance import Settings, Store, findings


def test_a_config_file_names_sources_database_and_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("PROVENANCE_DB")
    (tmp_path / "drop").mkdir()
    for name in ("one", "two"):
        (tmp_path / "drop" / f"{name}.txt").write_text(story(11))
    config = tmp_path / "provenance.toml"
    config.write_text(
        'database = "store/news.db"\nsources = ["drop"]\n'
        '[scan]\nwait = 5\ntimezone = "Europe/Paris"\n'
        "[detection.kinds]\nmin_sentences = 2\n"
    )
    (tmp_path / "store").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # paths in the file are relative to the file
    result = invoke("scan", "--config", config, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["articles"]["added"] == 2 and summary["detection"]["new_matches"] == 1
    with Store(tmp_path / "store" / "news.db") as store:
        assert [row["articles"] for row in findings.cluster_rows(store)] == [["one", "two"]]
    again = json.loads(invoke("scan", "-c", config, "--json").stdout)
    assert again["inputs"]["unchanged"] == 2 and again["articles"]["read"] == 0


def test_a_bad_config_file_is_one_line_naming_it(tmp_path):
    config = tmp_path / "provenance.toml"
    config.write_text('sources = ["drop"]\n[scan]\nwiat = 5\n')
    result = invoke("scan", "--config", config)
    assert result.exit_code == 2
    assert "provenance.toml: unknown key 'wiat' in [scan]" in result.stderr and "Traceback" not in result.stderr
    config.write_text("sources = [\n")
    broken = invoke("scan", "--config", config)
    assert broken.exit_code == 2 and "is not valid TOML" in broken.stderr
    config.write_text("[detection.kinds]\nmin_sentences = 'two'\n")
    wrong = invoke("scan", "--config", config, "corpus")
    assert wrong.exit_code == 2 and "[detection].kinds.min_sentences must be a int" in wrong.stderr
    assert invoke("scan").exit_code == 2  # nothing to scan


def test_alerts_tell_of_new_clusters_and_of_derivatives_of_watched_outlets(tmp_path):
    alerts = tmp_path / "alerts" / "latest.json"
    piped = tmp_path / "piped.json"
    result = invoke(
        "scan", CORPUS, "--watch", "The Island Post", "--alert-file", alerts, "--alert-command", f"cat > {piped}"
    )
    assert result.exit_code == 0, result.stderr
    payload = json.loads(alerts.read_text())
    assert payload == json.loads(piped.read_text())
    assert len(payload["new_clusters"]) == 1 and len(payload["new_clusters"][0]["articles"]) == 5
    assert [(d["article"], d["source"]) for d in payload["derivations"]] == [("newspulse-halvard-bridge", "island-post-bridge")]
    alerts.unlink()
    quiet = invoke("scan", CORPUS, "--watch", "The Island Post", "--alert-file", alerts)
    assert quiet.exit_code == 0 and not alerts.exists()  # nothing new: no alert


def test_a_wire_watching_its_name_hears_of_a_pickup_that_shares_text_with_nothing(tmp_path):
    """The ferry brief says "(CWS) —" and is in no cluster: the wire still hears it republished its copy."""
    alerts = tmp_path / "alerts.json"
    assert invoke("scan", CORPUS, "--watch", "Coastal Wire Service", "--alert-file", alerts).exit_code == 0
    told = {d["article"]: d for d in json.loads(alerts.read_text())["derivations"]}
    assert (told["courier-night-ferries"]["source"], told["courier-night-ferries"]["cluster"]) == ("CWS", None)
    assert "bayline-daily-bridge" in told  # and of the copies in the cluster


def test_a_failing_alert_command_is_a_warning_not_a_failure(tmp_path):
    result = invoke("scan", CORPUS, "--alert-command", "echo no mail server >&2; exit 4")
    assert result.exit_code == 0
    assert "Warning: alert command exited 4: no mail server" in result.stderr


def test_the_example_config_in_scripts_loads():
    from conftest import ROOT

    from provenance.config import load

    example = load(ROOT / "scripts" / "schedule" / "provenance.toml")
    assert example.sources == (str(ROOT / "scripts" / "schedule" / "drop"),)
    assert example.wait == 600 and example.alert.outlets == ("The Island Post",)


def test_feed_urls_stay_urls_and_fetch_settings_are_checked(tmp_path):
    from provenance.config import ConfigError, load

    config = tmp_path / "provenance.toml"
    config.write_text('sources = ["drop", "https://news.example.org/rss.xml"]\n[fetch]\ntimeout = 3\nretries = 1\n')
    loaded = load(config)
    assert loaded.sources == (str(tmp_path / "drop"), "https://news.example.org/rss.xml")
    assert (loaded.settings.fetch_timeout, loaded.settings.fetch_retries, loaded.settings.fetch_backoff) == (3.0, 1, 1.0)
    assert loaded.settings.key() == Settings().key()  # patience with servers re-reads nothing
    config.write_text('[fetch]\ntimeout = "soon"\n')
    try:
        load(config)
    except ConfigError as error:
        assert str(error).endswith("[fetch].timeout must be a number of at least 0, not 'soon'")
    else:
        raise AssertionError("a bad [fetch] value was accepted")
