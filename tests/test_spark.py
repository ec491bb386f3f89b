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
