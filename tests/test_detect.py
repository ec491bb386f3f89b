"""Detection end to end through a scan: the corpus truth, seeds, incremental runs."""

import json

from conftest import CORPUS, SEEDS, needs_shared, results

from provenance import findings, scan
from provenance.detect import DetectSettings

TRUTH = json.loads((CORPUS / "truth.json").read_text())


def test_every_true_relation_is_found_with_an_accepted_kind_and_nothing_else(corpus_store):
    found = {(m["a"], m["b"]): m["kind"] for m in findings.match_rows(corpus_store)}
    expected = {tuple(sorted((r["a"], r["b"]))): r["kinds"] for r in TRUTH["relations"]}
    assert set(found) == set(expected)
    for pair, kinds in expected.items():
        assert found[pair] in kinds, (pair, found[pair], kinds)


def test_one_copy_cluster_of_the_wire_story(corpus_store):
    [cluster] = findings.cluster_rows(corpus_store)
    assert set(cluster["articles"]) == {
        "bayline-daily-bridge",
        "harbour-herald-bridge",
        "courier-halvard-bridge",
        "island-post-bridge",
        "newspulse-halvard-bridge",
    }


def test_passage_offsets_are_valid_and_round_trip(corpus_store):
    texts = {a.id: a.text for a in corpus_store.articles()}
    for match in findings.match_rows(corpus_store):
        for p in findings.passage_rows(corpus_store, match["a"], match["b"]):
            assert 0 <= p["a_begin"] < p["a_end"] <= len(texts[match["a"]])
            assert 0 <= p["b_begin"] < p["b_end"] <= len(texts[match["b"]])


def test_second_scan_verifies_nothing_and_keeps_results(corpus_store):
    before = list(findings.match_rows(corpus_store))
    summary = scan([str(CORPUS)], corpus_store, detect_settings=DetectSettings())
    assert summary.detection.verified == 0 and summary.detection.checked_articles == 0
    assert list(findings.match_rows(corpus_store)) == before


def test_scanning_in_two_halves_gives_the_same_matches(fresh_db, tmp_path):
    from provenance import Store

    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in {".html", ".txt", ".md", ".jsonl", ".csv"})
    scan([str(p) for p in files[: len(files) // 2]], fresh_db, detect_settings=DetectSettings())
    scan([str(p) for p in files[len(files) // 2 :]], fresh_db, detect_settings=DetectSettings())
    with Store(tmp_path / "whole.db") as whole:
        scan([str(p) for p in files], whole, detect_settings=DetectSettings())
        assert results(fresh_db) == results(whole)


@needs_shared(SEEDS)
def test_seed_rewrite_is_found_and_furniture_is_in_no_passage(fresh_db):
    scan([str(SEEDS)], fresh_db, detect_settings=DetectSettings())
    matches = {(m["a"][:3], m["b"][:3]): m for m in findings.match_rows(fresh_db)}
    rewrite = matches[("000", "001")]
    assert rewrite["kind"] in ("light", "heavy")
    assert len(findings.passage_rows(fresh_db, rewrite["a"], rewrite["b"])) >= 4
    assert all(m["kind"] == "quotes" for pair, m in matches.items() if pair != ("000", "001"))
    texts = {a.id: a.text for a in fresh_db.articles()}
    for match in matches.values():
        for p in findings.passage_rows(fresh_db, match["a"], match["b"]):
            for side, begin, end in ((match["a"], p["a_begin"], p["a_end"]), (match["b"], p["b_begin"], p["b_end"])):
                for furniture in ("Skip to main content", "Reader feedback", "Please log in or register"):
                    assert furniture not in texts[side][begin:end]
