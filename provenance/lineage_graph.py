"""The lineage as a graph, for Graphviz, Gephi and networkx.

Nodes are the articles of copy clusters, the articles in none that credit a
source, and the sources outside the corpus (credited outlets and unknown
common sources); each edge runs from a source to what derives from it and
carries the relation, the confidence, the main evidence and the cluster
(empty for an article in none). networkx holds the graph and writes GraphML;
pydot, through networkx, writes DOT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from provenance import lineage_store
from provenance.store import Store

if TYPE_CHECKING:
    import networkx as nx

#: Formats :func:`write_graph` writes.
GRAPH_FORMATS = ("dot", "graphml")


def lineage_graph(store: Store) -> nx.DiGraph:
    """Every cluster's lineage as one directed graph (source -> derivative)."""
    import networkx as nx

    graph = nx.DiGraph()
    derivations = lineage_store.lineage_rows(store)
    members = {row["article_id"]: row["cluster_id"] for row in store.db.query("select * from cluster_members")}
    traced = {d["article"] for d in derivations}
    for row in store.db.query("select id, title, outlet, published from articles order by id"):
        # An article in no cluster is drawn when it credits an outside source.
        if row["id"] in members or row["id"] in traced:
            graph.add_node(
                row["id"],
                label=row["id"],
                type="article",
                title=row["title"] or "",
                outlet=row["outlet"] or "",
                published=row["published"] or "",
                cluster=members.get(row["id"], ""),
            )
    for d in derivations:
        if d["parent_type"] != "article" and d["parent"] not in graph:
            label = "unknown common source" if d["parent_type"] == "unknown" else d["parent"]
            graph.add_node(d["parent"], label=label, type=d["parent_type"], cluster=d["cluster_id"] or "")
        graph.add_edge(
            d["parent"],
            d["article"],
            relation=d["relation"],
            confidence=float(d["confidence"]),
            evidence=d["evidence"][0] if d["evidence"] else "",
            cluster=d["cluster_id"] or "",
            label=f"{d['relation']} {d['confidence']:.2f}",
        )
    return graph


def _dot_safe(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attribute values DOT can hold: pydot writes values as given, so each is quoted."""
    import networkx as nx

    def quoted(values: dict[str, Any]) -> dict[str, str]:
        return {key: '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"' for key, value in values.items()}

    safe = nx.DiGraph()
    for node, values in graph.nodes(data=True):
        safe.add_node('"' + str(node).replace('"', '\\"') + '"', **quoted(values))
    for source, target, values in graph.edges(data=True):
        safe.add_edge('"' + str(source).replace('"', '\\"') + '"', '"' + str(target).replace('"', '\\"') + '"', **quoted(values))
    return safe


def write_graph(store: Store, out: TextIO, format: str) -> int:
    """Write the lineage graph as DOT or GraphML; returns the number of edges."""
    import networkx as nx

    if format not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {format!r}: use one of {', '.join(GRAPH_FORMATS)}")
    graph = lineage_graph(store)
    if format == "graphml":
        out.write('<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(nx.generate_graphml(graph)) + "\n")
    else:
        out.write(nx.nx_pydot.to_pydot(_dot_safe(graph)).to_string())
    return graph.number_of_edges()
