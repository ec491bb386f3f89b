"""The copy-cluster report: filters and orders."""

from provenance.report import ClusterSummary, select


def summary(id, size, first=None, span=None, outlets=(), kinds=None, last=None):
    return ClusterSummary(
        id=id,
        size=size,
        first=None,
        first_outlet=None,
        first_published=first,
        outlets=tuple(outlets),
        kinds=kinds or {"copy": 0, "light": 0, "heavy": 1},
        span_hours=span,
        articles=(),
        last_published=last or first,
    )


CLUSTERS = [
    summary("c1", 2, "2025-10-14T09:00:00+00:00", 3.0, ["The Verge"], {"copy": 1, "light": 0, "heavy": 0}),
    summary("c2", 5, None, None, ["Reuters", "CNN"]),
    summary("c3", 3, "2025-10-13T09:00:00+00:00", 30.0, ["theverge.com", "CNN", "AP"], last="2025-10-14T15:00:00+00:00"),
]


def ids(found):
    return [s.id for s in found]


def test_orders():
    assert ids(select(CLUSTERS)) == ["c2", "c3", "c1"]
    assert ids(select(CLUSTERS, sort="first")) == ["c3", "c1", "c2"]  # undated last
    assert ids(select(CLUSTERS, sort="span")) == ["c3", "c1", "c2"]
    assert ids(select(CLUSTERS, sort="outlets")) == ["c3", "c2", "c1"]


def test_filters():
    assert ids(select(CLUSTERS, outlet="theverge", sort="id")) == ["c1", "c3"]  # one outlet, two spellings
    assert ids(select(CLUSTERS, kind="copy")) == ["c1"]
    assert ids(select(CLUSTERS, min_size=3)) == ["c2", "c3"]
    assert select(CLUSTERS, outlet="Le Monde") == []


def test_published_since_keeps_the_stories_still_spreading():
    """A cluster counts from its latest article, not its first: an old story copied today is news today."""
    assert ids(select(CLUSTERS, published_since="2025-10-14T12:00:00+00:00")) == ["c3"]
    assert ids(select(CLUSTERS, published_since="2025-10-14T00:00:00+00:00", sort="id")) == ["c1", "c3"]
    assert select(CLUSTERS, published_since="2025-10-15T00:00:00+00:00") == []  # undated c2 never qualifies
