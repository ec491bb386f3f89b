"""Bulk signatures equal datasketch's own; shingles behave as documented."""

import numpy as np
from datasketch import MinHash
from hypothesis import given
from hypothesis import strategies as st

from provenance.fingerprints import fingerprint
from provenance.shingles import MIN_PASSAGE_WORDS, shingle_many
from provenance.sketches import SketchSettings, as_minhash, shingle_hash, signatures

words = st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=6)


@given(st.lists(st.lists(words, max_size=30), min_size=1, max_size=8), st.sampled_from([16, 64, 128]), st.integers(1, 5))
def test_bulk_signatures_equal_datasketch(sets, num_perm, seed):
    settings = SketchSettings(num_perm=num_perm, seed=seed)
    encoded = [[word.encode() for word in words] for words in sets]
    hashes = np.array([shingle_hash(s) for group in encoded for s in group], dtype=np.uint32)
    ours = signatures(hashes, [len(group) for group in encoded], settings)
    for group, signature in zip(encoded, ours):
        theirs = MinHash(num_perm=num_perm, seed=seed, hashfunc=shingle_hash, scheme="affine32")
        theirs.update_batch(group)
        assert np.array_equal(theirs.hashvalues, signature)


@given(st.lists(words, min_size=1, max_size=40, unique=True), st.lists(words, min_size=1, max_size=40, unique=True))
def test_estimated_jaccard_is_within_the_error_bound(first, second):
    settings = SketchSettings(num_perm=128)
    exact = len(set(first) & set(second)) / len(set(first) | set(second))
    hashes = np.array([shingle_hash(w.encode()) for w in first + second], dtype=np.uint32)
    sig = signatures(hashes, [len(first), len(second)], settings)
    estimate = as_minhash(sig[0], settings).jaccard(as_minhash(sig[1], settings))
    # Standard error is sqrt(J(1-J)/k) <= 0.044 at k=128; five of them.
    assert abs(estimate - exact) <= 0.23


def test_article_signature_is_the_union_of_its_passages():
    text = "The harbour cranes stopped at dawn today. Inspectors climbed every boom slowly. Ships waited offshore all night."
    prints = fingerprint([text])
    hashes = shingle_many([text]).hashes
    whole = signatures(hashes, [len(hashes)])
    assert np.array_equal(prints.articles[0], whole[0])


def test_short_sentences_join_into_passages():
    shingled = shingle_many(["One two three. Four five six seven eight nine ten eleven.", ""])
    assert shingled.passages.tolist() == [1, 0]
    assert shingled.passage_lengths.sum() >= MIN_PASSAGE_WORDS


def test_empty_article_has_empty_signature():
    prints = fingerprint(["", "the of and"])
    assert (prints.articles == np.iinfo(np.uint32).max).all()
    assert prints.passage_counts.tolist() == [0, 0]
