"""The Spark engine gives what the embedded engine gives, stage by stage.

Skipped, with the reason, where PySpark or Java is missing; CI installs both.
"""

import itertools
import json
import shutil

import numpy as np
import pytest
from conftest import ROOT, SEEDS, SHARED, story

pytest.importorskip(
    "pyspark", reason="PySpark is not installed: pip install 'provenance[spark]'"
)
if shutil.which("java") is None:
    pytest.skip(
        "Java is not installed: the Spark engine needs Java 17", allow_module_level=True
    )

from provenance import Store, findings, scan
from provenance.candidates import LshSettings
from provenance.corpus_index import CorpusIndex
from provenance.detect import DetectSettings
from provenance.fingerprints import fingerprint_shingles
from provenance.shingles import shingle_many
from provenance.sketches import SketchSettings
from provenance.spark import candidates, indexing, reading, session

CORPUS = ROOT / "corpus"
FIELDS = (
    "id",
    "text",
    "title",
    "outlet",
    "url",
    "published",
    "published_utc",
    "credit",
    "credited",
    "format",
    "path",
)


@pytest.fixture(scope="module")
def spark():
    started = session.start("local[2]", partitions=4)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """The bundled corpus as the embedded scan stores it."""
    with Store(tmp_path_factory.mktemp("embedded") / "p.db") as store:
        scan(
            [str(CORPUS)],
            store,
        )
        return sorted(store.articles(), key=lambda article: article.id)


def test_the_corpus_reads_into_the_same_articles(spark, embedded):
    articles, problems = reading.read(spark, [str(CORPUS)])
    rows = sorted(
        (row.asDict() for row in articles.collect()), key=lambda row: row["id"]
    )
    assert [row["id"] for row in rows] == [article.id for article in embedded]
    for row, article in zip(rows, embedded):
        assert {field: row[field] for field in FIELDS} == {
            field: getattr(article, field) for field in FIELDS
        }
    assert problems.count() == 0


def test_candidate_pairs_are_those_of_the_embedded_index(spark, embedded):
    lsh, sketch = LshSettings(), SketchSettings()
    numbers = np.arange(len(embedded), dtype=np.uint32)
    texts = [article.text for article in embedded]
    shingled = shingle_many(texts)
    index = CorpusIndex.empty()
    index.reindex(
        numbers, texts, fingerprint_shingles(shingled, sketch), shingled, lsh, sketch
    )
    expected = index.pairs(numbers, len(numbers), lsh)
    frame = spark.createDataFrame(
        [(int(n), text) for n, text in zip(numbers, texts)], "number long, text string"
    )
    found = {
        (row.a, row.b)
        for row in candidates.candidate_pairs(
            indexing.postings(frame), len(texts), lsh
        ).collect()
    }
    assert expected and found == expected


def _close(value):
    """``value`` with every number compared to within 1e-4 (both engines run the same code; the sums may differ in order)."""
    if isinstance(value, float):
        return pytest.approx(value, abs=1e-4)
    if isinstance(value, dict):
        return {key: _close(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_close(item) for item in value]
    return value


def _exported(store):
    """Everything ``provenance export`` gives, less the time each article was stored."""
    from provenance.export import collect

    sections = collect(store)
    for article in sections["articles"]:
        article.pop("ingested_at")
    return sections


def _reuters_sample(folder):
    """The first 5,000 Reuters stories, as a JSON Lines file of their own."""
    reuters = SHARED / "data" / "reuters21578" / "reuters21578.jsonl"
    if not reuters.exists():
        pytest.skip(f"{reuters} is absent: shared test data is not part of the project")
    sample = folder / "reuters-5000.jsonl"
    with reuters.open(encoding="utf-8") as lines:
        sample.write_text("".join(itertools.islice(lines, 5000)), encoding="utf-8")
    return sample


@pytest.mark.parametrize("corpus", ["corpus", "seeds", "reuters-5000"])
def test_a_spark_scan_loaded_into_a_store_exports_what_the_embedded_scan_exports(spark, tmp_path, corpus):
    """Same articles, matches (pairs, kinds, scores, passages to the character and their text), clusters
    under the same ids with the same summaries, and lineage with the same confidence and evidence."""
    from provenance.spark.run import run

    if corpus == "seeds" and not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: shared test data is not part of the project")
    path = {"corpus": CORPUS, "seeds": SEEDS}.get(corpus) or _reuters_sample(tmp_path)
    with Store(tmp_path / "embedded.db") as store:
        scan([str(path)], store, detect_settings=DetectSettings())
        expected = _exported(store)
    with Store(tmp_path / "spark.db") as store:
        result = run([str(path)], str(tmp_path / "tables"), store=store)
        found = _exported(store)
    assert expected["articles"] and result.counts["articles"] == len(expected["articles"])
    assert result.counts["matches"] == len(expected["matches"])
    if corpus != "seeds":  # the seeds are five rewrites that share no run of words, and no cluster
        assert expected["clusters"] and expected["lineage"]
    for section in ("articles", "matches", "clusters", "lineage"):
        assert found[section] == _close(expected[section]), section


def test_the_tables_have_the_fields_of_the_export(spark, tmp_path):
    """Each Parquet table holds the export's fields; a passage's text is the stretch its offsets point to."""
    import pyarrow.parquet as pq

    from provenance.export import (
        ARTICLE_FIELDS,
        CLUSTER_FIELDS,
        LINEAGE_FIELDS,
        MATCH_FIELDS,
        PASSAGE_FIELDS,
    )
    from provenance.spark.run import run

    result = run([str(CORPUS)], str(tmp_path / "tables"))
    tables = {name: pq.read_table(tmp_path / "tables" / name).to_pylist() for name in result.counts if name != "skipped"}
    expected = {
        "articles": ARTICLE_FIELDS, "matches": MATCH_FIELDS, "clusters": CLUSTER_FIELDS, "lineage": LINEAGE_FIELDS,
        "passages": ("a", "b", "n", *PASSAGE_FIELDS, "a_text", "b_text"), "furniture": ("key", "text", "articles", "outlets", "reason"),
    }  # fmt: skip
    for name, fields in expected.items():
        assert tables[name], name
        assert set(fields) <= set(tables[name][0]), name
    texts = {article["id"]: article["text"] for article in tables["articles"]}
    for passage in tables["passages"]:
        assert passage["a_text"] == texts[passage["a"]][passage["a_begin"] : passage["a_end"]]
        assert passage["b_text"] == texts[passage["b"]][passage["b_begin"] : passage["b_end"]]


def test_a_loaded_store_is_scanned_on_as_if_the_embedded_engine_had_made_it(spark, tmp_path):
    """After a load, an embedded scan adding one article compares that article alone, and finds its copies."""
    import shutil as files

    from provenance.spark.run import run

    inputs = tmp_path / "inputs"
    files.copytree(CORPUS, inputs)
    with Store(tmp_path / "p.db") as store:
        loaded = run([str(inputs)], str(tmp_path / "tables"), store=store)
        assert loaded.loaded is not None and loaded.loaded.counts.added == loaded.counts["articles"]
        again = scan([str(inputs)], store, detect_settings=DetectSettings())
        assert again.detection.checked_articles == 0
        source = next(a for a in store.articles() if a.id == "island-post-bridge")
        (inputs / "copy-of-island-post.txt").write_text(source.text, encoding="utf-8")
        added = scan([str(inputs)], store, detect_settings=DetectSettings())
        assert added.detection.checked_articles == 1
        pairs = {(m["a"], m["b"], m["kind"]) for m in findings.match_rows(store)}
        assert ("copy-of-island-post", "island-post-bridge", "copy") in pairs


def test_a_store_holding_other_articles_is_not_loaded_into(spark, tmp_path):
    from provenance.errors import ProvenanceError
    from provenance.spark.run import run

    other = tmp_path / "other"
    other.mkdir()
    (other / "elsewhere.txt").write_text("A story from elsewhere, about the weather and the sea.", encoding="utf-8")
    with Store(tmp_path / "p.db") as store:
        scan([str(other)], store)
        before = store.count("articles")
        with pytest.raises(ProvenanceError, match="did not read"):
            run([str(CORPUS)], str(tmp_path / "tables"), store=store)
        assert store.count("articles") == before and store.count("matches") == 0


def test_tables_already_written_are_kept_unless_overwrite_is_given(spark, tmp_path):
    from provenance.errors import ProvenanceError
    from provenance.spark.run import run

    out = str(tmp_path / "tables")
    first = run([str(CORPUS)], out)
    with pytest.raises(ProvenanceError, match="--overwrite"):
        run([str(CORPUS)], out)
    assert run([str(CORPUS)], out, overwrite=True).counts == first.counts


def test_the_scan_command_runs_on_spark_and_the_reports_read_what_it_loaded(spark, tmp_path):
    from typer.testing import CliRunner

    from provenance.cli import app

    runner = CliRunner()
    out, db = tmp_path / "tables", tmp_path / "p.db"
    args = ["scan", "--engine", "spark", str(CORPUS), "--out", str(out), "--load", "--db", str(db), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["engine"] == "spark" and summary["counts"]["articles"] == 9
    assert summary["loaded"]["counts"]["added"] == 9 and (out / "lineage").is_dir()
    clusters = runner.invoke(app, ["clusters", "--db", str(db), "--format", "json"])
    assert clusters.exit_code == 0 and len(json.loads(clusters.stdout)) == 1
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and again.stderr.count("\n") == 1
    assert "exists already" in again.stderr and "--overwrite" in again.stderr


def test_an_id_read_twice_keeps_the_record_read_last_as_the_embedded_scan_does(spark, tmp_path):
    """Within a file and across files, the last record of an id is the article, and the sharing is warned of."""
    import pyarrow.parquet as pq

    from provenance.spark.run import run

    inputs = tmp_path / "inputs"
    inputs.mkdir()

    def record(article_id, n):
        return json.dumps({"id": article_id, "text": f"Version {n} of the story. " + story(n)}) + "\n"

    (inputs / "1-first.jsonl").write_text(record("twice-in-a-file", 1) + record("twice-in-a-file", 2) + record("in-two-files", 3))
    (inputs / "2-second.jsonl").write_text(record("in-two-files", 4))
    with Store(tmp_path / "p.db") as store:
        scan([str(inputs)], store)
        expected = {article.id: article.text for article in store.articles()}
    result = run([str(inputs)], str(tmp_path / "tables"))
    articles = pq.read_table(tmp_path / "tables" / "articles").to_pylist()
    assert {row["id"]: row["text"] for row in articles} == expected
    assert expected["twice-in-a-file"].startswith("Version 2") and expected["in-two-files"].startswith("Version 4")
    warned = {problem.message for problem in result.problems}
    assert "id 'in-two-files' is used by 2 records: the last one read is kept" in warned
    assert not any(problem.fatal for problem in result.problems)


def test_a_path_spark_cannot_read_is_one_line_naming_it_not_a_traceback(spark, tmp_path):
    from typer.testing import CliRunner

    from provenance.cli import app

    missing = "nosuchscheme://archive/2026/news.jsonl"
    args = ["scan", "--engine", "spark", missing, "--out", str(tmp_path / "tables")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert "nosuchscheme" in result.stderr and "Traceback" not in result.output
