"""The export shape that scripts and scheduled jobs read."""

import csv
import io
import json

import pytest

from provenance import Article, write_export
from provenance.export import ARTICLE_FIELDS

REQUIRED = {"id", "outlet", "title", "url", "published", "credit", "path", "words"}


@pytest.fixture
def two_articles(fresh_db):
    fresh_db.add_articles(
        [
            Article(id="b", text="Second, undated, text here.", outlet="herald.example", credit="(AP) -"),
            Article(id="a", text="First text.", published="2025-10-14", published_utc="2025-10-14T00:00:00+00:00", title="T, with comma"),
        ]
    )
    return fresh_db


def test_json_shape(two_articles):
    out = io.StringIO()
    assert write_export(two_articles, out, "json") == 2
    data = json.loads(out.getvalue())
    assert list(data) == ["articles", "matches", "clusters", "lineage"]
    assert [a["id"] for a in data["articles"]] == ["a", "b"]
    assert REQUIRED <= set(data["articles"][0])
    assert data["articles"][1]["words"] == 4
    assert data["articles"][1]["credit"] == "(AP) -"


def test_jsonl_has_a_type_on_every_line(two_articles):
    out = io.StringIO()
    write_export(two_articles, out, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["type"], r["id"]) for r in records] == [("article", "a"), ("article", "b")]


def test_csv_articles(two_articles):
    out = io.StringIO()
    write_export(two_articles, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(ARTICLE_FIELDS)
    assert (rows[0]["id"], rows[0]["title"]) == ("a", "T, with comma")


def test_unknown_format(two_articles):
    with pytest.raises(ValueError):
        write_export(two_articles, io.StringIO(), "xml")


def test_matches_and_clusters_in_the_export(fresh_db):
    from conftest import CORPUS

    from provenance import scan
    from provenance.detect import DetectSettings

    scan([str(CORPUS)], fresh_db, detect_settings=DetectSettings())
    out = io.StringIO()
    write_export(fresh_db, out, "json")
    data = json.loads(out.getvalue())
    texts = {a.id: a.text for a in fresh_db.articles()}
    match = next(m for m in data["matches"] if m["kind"] == "light")
    assert {"a", "b", "kind", "score", "a_coverage", "b_coverage", "verbatim_share", "passages"} <= set(match)
    for passage in match["passages"]:
        assert passage["a_text"] == texts[match["a"]][passage["a_begin"] : passage["a_end"]]
        assert passage["b_text"] == texts[match["b"]][passage["b_begin"] : passage["b_end"]]
        assert passage["kind"] in ("verbatim", "rewritten", "quotation")
    assert data["clusters"][0]["id"].startswith("c") and len(data["clusters"][0]["articles"]) == 5


def test_export_carries_the_lineage(isolated_db):
    from conftest import CORPUS

    from provenance import Store, scan
    from provenance.detect import DetectSettings
    from provenance.export import collect

    with Store(isolated_db) as store:
        scan([str(CORPUS)], store, detect_settings=DetectSettings())
        rows = collect(store)["lineage"]
    spin = next(row for row in rows if row["article"] == "newspulse-halvard-bridge")
    assert (spin["parent"], spin["parent_type"]) == ("island-post-bridge", "article")
    assert set(spin) >= {"article", "parent", "parent_type", "confidence", "evidence"}
    assert isinstance(spin["evidence"], list) and spin["evidence"]


def test_lineage_graph_as_dot_and_graphml(corpus_store, tmp_path):
    """Both files are read back by the tools' own parsers, with every edge and its attributes."""
    import networkx as nx
    import pydot

    from provenance.lineage_graph import write_graph

    graphml, dot = tmp_path / "lineage.graphml", tmp_path / "lineage.dot"
    with open(graphml, "w", encoding="utf-8") as out:
        assert write_graph(corpus_store, out, "graphml") == 6
    with open(dot, "w", encoding="utf-8") as out:
        write_graph(corpus_store, out, "dot")
    read = nx.read_graphml(graphml)
    assert read.nodes["Coastal Wire Service"]["type"] == "external"
    assert read.edges["island-post-bridge", "newspulse-halvard-bridge"]["relation"] == "heavy"
    assert read.number_of_edges() == 6 and "kessick-gazette-bridge" not in read  # only quotations: in no cluster
    # In no cluster, but crediting the wire in its dateline.
    assert read.nodes["courier-night-ferries"]["cluster"] == "" and read.has_edge("CWS", "courier-night-ferries")
    [parsed] = pydot.graph_from_dot_file(str(dot))
    edges = {(e.get_source().strip('"'), e.get_destination().strip('"')) for e in parsed.get_edges()}
    assert ("Coastal Wire Service", "bayline-daily-bridge") in edges and len(edges) == 6
    assert nx.is_directed_acyclic_graph(read)


def test_dot_quotes_whatever_an_article_says(fresh_db, tmp_path):
    """Titles with quotation marks, backslashes and braces cannot break the DOT file."""
    import io

    import pydot

    from provenance import scan
    from provenance.detect import DetectSettings
    from provenance.lineage_graph import write_graph

    text = (
        "A storm closed the coast road on Tuesday, and the county said the repairs would take a month "
        "because the sea wall under the road had given way in two places near the old harbour.\n"
    ) * 3
    (tmp_path / "one.txt").write_text('Title: He said "no" \\ {x} [y]\nOutlet: One\n\n' + text)
    (tmp_path / "two.txt").write_text("Title: Second\nOutlet: Two\n\nOriginally reported by One.\n" + text)
    scan([str(tmp_path)], fresh_db, detect_settings=DetectSettings())
    out = io.StringIO()
    assert write_graph(fresh_db, out, "dot") == 1
    [parsed] = pydot.graph_from_dot_data(out.getvalue())
    titles = {node.get_name().strip('"'): node.get("title") for node in parsed.get_nodes()}
    assert titles["one"] == '"He said \\"no\\" \\\\ {x} [y]"'


def test_views_name_what_the_tables_hold(corpus_store):
    db = corpus_store.db
    [row] = db.query("select * from lineage_list where article = 'newspulse-halvard-bridge'")
    assert (row["parent"], row["parent_outlet"], row["article_outlet"]) == ("island-post-bridge", "The Island Post", "NewsPulse Digest")
    external = list(db.query("select parent_outlet from lineage_list where parent_type = 'external'"))
    assert len(external) == 5 and all(r["parent_outlet"] is None for r in external)
    assert db.execute("select count(*) from match_list").fetchone() == db.execute("select count(*) from matches").fetchone()
    members = [r["article_id"] for r in db.query("select * from cluster_list")]
    assert members[0] == "bayline-daily-bridge" and len(members) == 5  # oldest first


def test_csv_clusters_carry_the_report_fields(corpus_store):
    """A cluster row says what the copy-cluster report says: size, first article, root source, outlets, kinds, span."""
    from provenance.export import CLUSTER_FIELDS

    out = io.StringIO()
    assert write_export(corpus_store, out, "csv", "clusters") == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == list(CLUSTER_FIELDS)
    assert (row["size"], row["first"], row["root"], row["root_type"]) == ("5", "bayline-daily-bridge", "Coastal Wire Service", "external")
    assert json.loads(row["kinds"]) == {"copy": 1, "light": 2, "heavy": 7}
    assert json.loads(row["articles"]) == sorted(json.loads(row["articles"]))
    assert len(json.loads(row["outlets"])) == 5 and float(row["span_hours"]) == 5.72
