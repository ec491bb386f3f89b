"""Postings and the corpus index: changed in place, they equal what is built from scratch."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from provenance import Store
from provenance.corpus_index import MAX_SEGMENTS, NAMES, CorpusIndex
from provenance.postings import Postings

entries = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=60)


def entry_set(postings: Postings) -> set[tuple[int, int]]:
    return set(zip(postings.keys.tolist(), postings.owners.tolist()))


def build(pairs: list[tuple[int, int]]) -> Postings:
    keys = np.array([key for key, _ in pairs], dtype=np.uint64)
    owners = np.array([owner for _, owner in pairs], dtype=np.uint32)
    return Postings.build(keys, owners, np.arange(len(pairs), dtype=np.uint32))


@given(entries, st.sets(st.integers(0, 12)), entries)
def test_replacing_an_articles_entries_equals_building_anew(old, removed, added):
    added = [(key, owner) for key, owner in added if owner in removed]  # a scan re-adds the articles it removed
    changed = build(old).replaced(np.array(sorted(removed), dtype=np.uint32), build(added))
    expected = build([pair for pair in old if pair[1] not in removed] + added)
    assert entry_set(changed) == entry_set(expected)
    assert len(changed) == len(expected)  # no duplicate entries
    assert (np.diff(changed.keys.astype(np.int64)) >= 0).all()  # still sorted
    starts, sizes = changed.runs()
    assert sizes.sum() == len(changed) and len(starts) == len(set(changed.keys.tolist()))


@given(entries, st.lists(st.integers(0, 45), max_size=10))
def test_ranges_find_every_entry_of_a_key(pairs, asked):
    postings = build(pairs)
    low, high = postings.ranges(np.array(asked, dtype=np.uint64))
    for key, begin, end in zip(asked, low.tolist(), high.tolist()):
        assert sorted(postings.owners[begin:end].tolist()) == sorted({o for k, o in pairs if k == key})


def test_an_index_saved_as_segments_loads_as_it_was_and_is_merged_in_time(tmp_path):
    rng = np.random.default_rng(7)
    index = CorpusIndex.empty()
    with Store(tmp_path / "p.db") as store:
        for scan in range(MAX_SEGMENTS + 3):
            numbers = rng.choice(30, size=3, replace=False).astype(np.uint32)
            for name in NAMES:
                added = build([(int(rng.integers(0, 50)), int(owner)) for owner in numbers for _ in range(4)])
                if name == "lines":
                    added = Postings(added.keys, added.owners, np.ones(len(added), dtype=np.uint32))
                setattr(index, name, getattr(index, name).replaced(numbers, added))
                index.changes[name] = (numbers, added)
            with store.transaction():
                index.save(store, "k", 30)
            loaded = CorpusIndex.load(store, "k", 30)
            assert loaded is not None
            for name in NAMES:
                assert entry_set(getattr(loaded, name)) == entry_set(getattr(index, name))
            assert loaded.segments <= MAX_SEGMENTS
            index = loaded
        assert CorpusIndex.load(store, "other settings", 30) is None
        assert CorpusIndex.load(store, "k", 31) is None  # covers other articles: built again
