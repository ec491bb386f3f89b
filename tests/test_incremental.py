"""Incremental scans: many scans give the results of one; clusters keep their identities."""

from __future__ import annotations

import json
from functools import lru_cache

from conftest import CORPUS, results, story
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Source, Store, discover, findings, lineage_store, scan
from provenance.detect import DetectSettings

# The corpus's articles as a scan of its folder finds them (its notes and truth file are ignored).
FILES = sorted(source.path for source in discover([str(CORPUS)]) if isinstance(source, Source))

@lru_cache(maxsize=1)
def _whole(tmp: str) -> dict[str, object]:
    with Store(f"{tmp}/whole.db") as whole:
        scan([str(CORPUS)], whole, detect_settings=DetectSettings())
        return results(whole)


@settings(max_examples=10)
@given(batches=st.lists(st.integers(0, 3), min_size=len(FILES), max_size=len(FILES)), order=st.permutations(range(4)))
def test_any_split_of_the_corpus_into_scans_gives_the_results_of_one_scan(tmp_path_factory, batches, order):
    folder = tmp_path_factory.mktemp("split")
    with Store(folder / "split.db") as store:
        for batch in order:
            chosen = [str(path) for path, number in zip(FILES, batches) if number == batch]
            if chosen:
                scan(chosen, store, detect_settings=DetectSettings())
        assert results(store) == _whole(str(tmp_path_factory.getbasetemp()))


def _clusters(store: Store) -> dict[tuple[str, ...], dict]:
    return {tuple(row["articles"]): row for row in findings.cluster_rows(store)}


def test_a_growing_cluster_keeps_its_id_even_when_a_smaller_id_joins(fresh_db, inputs):
    (inputs / "m.txt").write_text(story(1))
    (inputs / "n.txt").write_text(story(1))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    [first] = findings.cluster_rows(fresh_db)
    (inputs / "a.txt").write_text(story(1))
    second = scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    [grown] = findings.cluster_rows(fresh_db)
    assert grown["articles"] == ["a", "m", "n"] and grown["id"] == first["id"]
    assert (grown["created_scan"], grown["changed_scan"]) == (1, 2)
    assert second.detection.changed_clusters == [first["id"]] and second.detection.new_clusters == []


def test_an_article_joining_two_clusters_merges_them_into_the_larger(fresh_db, inputs):
    for name in ("p", "q", "r"):
        (inputs / f"{name}.txt").write_text(story(2))
    for name in ("b", "c"):
        (inputs / f"{name}.txt").write_text(story(3))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    before = _clusters(fresh_db)
    larger, smaller = before[("p", "q", "r")]["id"], before[("b", "c")]["id"]
    (inputs / "z.txt").write_text(story(2) + "\n\n" + story(3))
    summary = scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    [merged] = findings.cluster_rows(fresh_db)
    assert merged["id"] == larger and merged["articles"] == ["b", "c", "p", "q", "r", "z"]
    assert summary.detection.merges == [[smaller, larger]]
    assert [(row["merged"], row["into"], row["scan_id"]) for row in fresh_db.db["cluster_merges"].rows] == [
        (smaller, larger, 2)
    ]
    assert {row["cluster_id"] for row in lineage_store.lineage_rows(fresh_db)} == {larger}


def test_only_new_or_changed_clusters_get_their_lineage_worked_out(fresh_db, inputs, monkeypatch):
    import provenance.detect as detect_module

    for name, seed in (("d1", 4), ("d2", 4), ("e1", 5), ("e2", 5)):
        (inputs / f"{name}.txt").write_text(story(seed))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    ids = {row["articles"][0]: row["id"] for row in findings.cluster_rows(fresh_db)}
    traced: list[str] = []
    real = detect_module.trace

    def spy(clusters):
        clusters = list(clusters)
        traced.extend(cluster for cluster, _, _ in clusters)
        return real(clusters)

    monkeypatch.setattr(detect_module, "trace", spy)
    (inputs / "e3.txt").write_text(story(5))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert traced == [ids["e1"]]
    untouched = _clusters(fresh_db)[("d1", "d2")]
    assert untouched["changed_scan"] == 1
    assert [row["article"] for row in lineage_store.lineage_rows(fresh_db, ids["d1"])]  # its lineage stands


def test_clusters_since_a_scan_lists_what_appeared_or_changed(fresh_db, inputs):
    from test_cli import invoke

    (inputs / "f1.txt").write_text(story(6))
    (inputs / "f2.txt").write_text(story(6))
    invoke("scan", inputs)
    (inputs / "g1.txt").write_text(story(7))
    (inputs / "g2.txt").write_text(story(7))
    invoke("scan", inputs)
    listed = json.loads(invoke("clusters", "--new", "--format", "json").stdout)
    assert [row["articles"] for row in listed] == [["g1", "g2"]]
    assert len(json.loads(invoke("clusters", "--since", "1", "--format", "json").stdout)) == 2
    assert invoke("clusters", "--since", "9").exit_code == 2


def _sources(store: Store) -> list[tuple[str, str, str, bool]]:
    return [(r["article"], r["parent"], r["parent_type"], r["cluster_id"] is None) for r in lineage_store.lineage_rows(store)]


def test_an_article_in_no_cluster_keeps_the_source_it_credits_through_every_scan(fresh_db, inputs):
    credited = ("wire-pickup", "Marrow Bay Wire", "external")
    (inputs / "wire-pickup.txt").write_text(story(7) + "\n\nOriginally reported by Marrow Bay Wire.")
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert _sources(fresh_db) == [(*credited, True)]
    # A scan that finds no cluster at all keeps it.
    (inputs / "unrelated.txt").write_text(story(8))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert _sources(fresh_db) == [(*credited, True)]
    # Once a copy joins it, its source is the cluster's business: one row, not two.
    (inputs / "copy.txt").write_text(story(7))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert (*credited, False) in _sources(fresh_db) and (*credited, True) not in _sources(fresh_db)
    # The copy is rewritten into another story: the cluster is gone, the credit stands alone again.
    (inputs / "copy.txt").write_text(story(9))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert findings.cluster_rows(fresh_db) == [] and _sources(fresh_db) == [(*credited, True)]


def test_a_store_made_before_articles_in_no_cluster_had_lineage_gets_it_at_the_next_scan(fresh_db, inputs):
    (inputs / "wire-pickup.txt").write_text("PORT ELLISON (AP) - " + story(7))
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    fresh_db.db.execute("delete from lineage")
    fresh_db.db.execute("delete from meta where key = ?", [lineage_store.LONE_LINEAGE])
    # A scheduled scan of an unchanged folder: nothing to read, and still the store is brought up to date.
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert _sources(fresh_db) == [("wire-pickup", "Associated Press", "external", True)]


def test_a_new_byline_read_by_a_scan_without_detection_is_weighed_by_the_next_scan_with_it(fresh_db, inputs):
    feed = inputs / "pickup.jsonl"
    feed.write_text(json.dumps({"id": "pickup", "text": story(7), "byline": "By Reuters"}) + "\n")
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())
    assert _sources(fresh_db) == [("pickup", "Reuters", "external", True)]
    feed.write_text(json.dumps({"id": "pickup", "text": story(7), "byline": "By Agence France-Presse"}) + "\n")
    scan([str(inputs)], fresh_db)  # stores the new byline, detects nothing
    scan([str(inputs)], fresh_db, detect_settings=DetectSettings())  # reads nothing new
    assert _sources(fresh_db) == [("pickup", "Agence France-Presse", "external", True)]
