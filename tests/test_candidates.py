import random

import numpy as np

from provenance.candidates import LshSettings, article_candidates, passage_candidates
from provenance.fingerprints import fingerprint

rng = random.Random(7)
VOCABULARY = [f"word{n}" for n in range(3000)]


def article(words=120):
    sentences = []
    for _ in range(words // 12):
        sentences.append(" ".join(rng.choice(VOCABULARY) for _ in range(12)).capitalize() + ".")
    return " ".join(sentences)


def test_a_copied_paragraph_inside_unrelated_text_is_proposed():
    paragraph = article(36)
    texts = [article() for _ in range(30)]
    texts[3] = article() + " " + paragraph + " " + article()
    texts[17] = paragraph
    prints = fingerprint(texts)
    candidates = passage_candidates(prints.passages, prints.passage_owner())
    assert [3, 17] in candidates.pairs.tolist()
    assert len(candidates.pairs) <= 3


def test_whole_article_copies_from_minhash_lsh():
    texts = [article() for _ in range(20)]
    texts[5] = texts[12]
    prints = fingerprint(texts)
    assert (5, 12) in article_candidates(prints.articles)


def test_buckets_shared_by_too_many_articles_are_skipped():
    formula = "Shares rose sharply today in heavy trading volume on the exchange floor."
    texts = [formula + " " + article(24) for _ in range(50)]
    prints = fingerprint(texts)
    candidates = passage_candidates(prints.passages, prints.passage_owner(), LshSettings(max_bucket=10, weak_budget=0))
    assert candidates.skipped_buckets > 0
    assert len(candidates.pairs) == 0


def test_single_hits_are_checked_only_while_they_are_few():
    texts = [article() for _ in range(40)]
    prints = fingerprint(texts)
    owners = prints.passage_owner()
    generous = passage_candidates(prints.passages, owners, LshSettings(weak_budget=100))
    strict = passage_candidates(prints.passages, owners, LshSettings(weak_budget=0))
    assert (strict.hits >= 2).all()
    assert len(generous.pairs) >= len(strict.pairs)
    assert (generous.hits == 1).any()


def test_no_passages_no_candidates():
    empty = passage_candidates(np.zeros((0, 64), dtype=np.uint32), np.zeros(0, dtype=np.int64))
    assert empty.pairs.shape == (0, 2)
