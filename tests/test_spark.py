"""The Spark engine gives what the embedded engine gives, stage by stage.

Skipped, with the reason, where PySpark or Java is missing; CI installs both.
"""

import shutil

import numpy as np
import pytest
from conftest import ROOT

pytest.importorskip(
    "pyspark", reason="PySpark is not installed: pip install 'provenance[spark]'"
)
if shutil.which("java") is None:
    pytest.skip(
        "Java is not installed: the Spark engine needs Java 17", allow_module_level=True
    )

from provenance import Store, scan
from provenance.candidates import LshSettings
from provenance.corpus_index import CorpusIndex
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


def test_matches_are_those_of_the_embedded_engine(spark, tmp_path_factory):
    """Same pairs, same kinds, same passages (to the character) on the bundled corpus."""
    import json

    from provenance import findings
    from provenance.detect import DetectSettings
    from provenance.spark import engine

    with Store(tmp_path_factory.mktemp("detected") / "p.db") as store:
        scan([str(CORPUS)], store, detect_settings=DetectSettings())
        expected = {(m["a"], m["b"]): m for m in findings.match_rows(store)}
        passages = {
            pair: sorted(
                (p["a_begin"], p["a_end"], p["b_begin"], p["b_end"], p["kind"])
                for p in findings.passage_rows(store, *pair)
            )
            for pair in expected
        }
    articles, _ = reading.read(spark, [str(CORPUS)])
    found, _ = engine.matches(engine.numbered(articles))
    rows = {(row.a, row.b): row for row in found.collect()}
    assert expected and set(rows) == set(expected)
    for pair, row in rows.items():
        assert row.kind == expected[pair]["kind"]
        assert row.score == pytest.approx(expected[pair]["score"], abs=1e-4)
        spark_passages = sorted(
            (p["a_begin"], p["a_end"], p["b_begin"], p["b_end"], p["kind"])
            for p in json.loads(row.passages)
        )
        assert spark_passages == passages[pair]


def test_clusters_and_lineage_are_those_of_the_embedded_engine(spark, tmp_path_factory):
    """The same copy clusters under the same ids, and every article's sources with the same confidence."""
    from provenance import findings
    from provenance.detect import DetectSettings
    from provenance.kinds import DERIVED
    from provenance.spark import components, engine, lineage

    with Store(tmp_path_factory.mktemp("lineage") / "p.db") as store:
        scan([str(CORPUS)], store, detect_settings=DetectSettings())
        expected_clusters = {
            cluster: sorted(members)
            for cluster, members in findings.stored_clusters(store).items()
        }
        expected_lineage = sorted(
            (
                row["cluster_id"],
                row["article"],
                row["parent"],
                row["parent_type"],
                round(row["confidence"], 4),
                row["relation"],
            )
            for row in findings.lineage_rows(store)
        )
    articles, _ = reading.read(spark, [str(CORPUS)])
    numbered = engine.numbered(articles).cache()
    found, _ = engine.matches(numbered)
    found = found.cache()
    clusters = components.clusters(found, tuple(DERIVED)).cache()
    grouped: dict[str, list[str]] = {}
    for row in clusters.collect():
        grouped.setdefault(row.cluster_id, []).append(row.article)
    assert (
        expected_clusters
        and {cluster: sorted(members) for cluster, members in grouped.items()}
        == expected_clusters
    )
    derived = lineage.lineage(numbered, found, clusters, tuple(DERIVED)).collect()
    assert (
        expected_lineage
        and sorted(
            (
                row.cluster_id,
                row.article,
                row.parent,
                row.parent_type,
                round(row.confidence, 4),
                row.relation,
            )
            for row in derived
        )
        == expected_lineage
    )
