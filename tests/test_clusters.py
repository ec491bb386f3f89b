from hypothesis import given
from hypothesis import strategies as st

from provenance.clusters import build_clusters, cluster_id


def test_components_and_ids():
    clusters = build_clusters([("b", "c"), ("a", "b"), ("x", "y")])
    assert [c.articles for c in clusters] == [("a", "b", "c"), ("x", "y")]
    assert clusters[0].id == cluster_id(["c", "a", "b"])


edges = st.lists(st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("abcdefgh")).filter(lambda e: e[0] != e[1]))


@given(edges, st.randoms())
def test_clusters_do_not_depend_on_edge_order(pairs, random):
    shuffled = list(pairs)
    random.shuffle(shuffled)
    flipped = [(b, a) for a, b in shuffled]
    assert build_clusters(pairs) == build_clusters(flipped)
