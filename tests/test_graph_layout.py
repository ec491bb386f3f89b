"""The lineage picture's layout: sources left of derivatives, no two nodes in one place."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.graph_layout import COLUMN, NODE_HEIGHT, NODE_WIDTH, ROW, layered


@st.composite
def forests(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]]]:
    """A lineage forest: each node has at most one source, always an earlier node; some have a second."""
    size = draw(st.integers(1, 30))
    nodes = [f"n{i}" for i in range(size)]
    edges = []
    for i in range(1, size):
        if draw(st.booleans()):
            edges.append((nodes[draw(st.integers(0, i - 1))], nodes[i]))
        if draw(st.integers(0, 5)) == 0:
            edges.append((nodes[draw(st.integers(0, i - 1))], nodes[i]))
    order = draw(st.permutations(nodes))
    return list(order), edges


@given(forests())
def test_sources_stand_left_of_what_derives_from_them(forest):
    nodes, edges = forest
    layout = layered(nodes, edges)
    assert set(layout.positions) == set(nodes)
    for source, derived in edges:
        assert layout.positions[source][0] < layout.positions[derived][0]


@given(forests())
def test_no_two_nodes_share_a_place_and_all_fit(forest):
    nodes, edges = forest
    layout = layered(nodes, edges)
    places = list(layout.positions.values())
    assert len(set(places)) == len(places)
    for x, y in places:
        assert 0 <= x and x + NODE_WIDTH <= layout.width
        assert 0 <= y and y + NODE_HEIGHT <= layout.height


@given(forests())
def test_the_same_graph_gets_the_same_picture(forest):
    nodes, edges = forest
    assert layered(nodes, edges) == layered(list(nodes), list(reversed(edges)))


def test_a_tree_reads_as_a_tree():
    """Children stand level with their source where there is room: one row per leaf, not per node."""
    layout = layered(["root", "a", "b", "a1"], [("root", "a"), ("root", "b"), ("a", "a1")])
    p = layout.positions
    assert p["root"][1] == p["a"][1] == p["a1"][1]
    assert p["b"][1] == p["a"][1] + ROW
    assert p["a1"][0] == p["a"][0] + COLUMN == p["root"][0] + 2 * COLUMN


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")), max_size=20))
def test_cycles_and_self_loops_still_get_a_picture(edges):
    """Lineage is a forest, but a broken store must not break the report."""
    layout = layered(list("abcdef"), edges)
    places = list(layout.positions.values())
    assert len(set(places)) == 6


def test_the_edge_that_would_close_a_cycle_is_the_least_sure():
    """Edges come surest first: of a cycle, the last edge given is the one the picture leaves out."""
    layout = layered(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
    x = {node: place[0] for node, place in layout.positions.items()}
    assert x["a"] < x["b"] < x["c"]
    layout = layered(["a", "b", "c"], [("c", "a"), ("a", "b"), ("b", "c")])
    x = {node: place[0] for node, place in layout.positions.items()}
    assert x["c"] < x["a"] < x["b"]
