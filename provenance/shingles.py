"""Shingles: the sets that MinHash signatures summarise.

A shingle is the stem of a content word. Word n-grams, the usual choice,
do not survive rewriting: two rewrites of one source share only 7-11% of
their 5-word runs, while their sentences keep most of their content words
(names, numbers, nouns, verbs) in some form. Sets of content stems are
taken per passage (a sentence, joined to its neighbour when too short to
stand alone) so that one rewritten paragraph inside an unrelated article
is still found, and per article for whole-article copies.

This is the fast path of the text pipeline (see :mod:`provenance.tokens`):
a regular-expression sentence split and memoised word-to-hash lookups,
run on every article of a scan. Alignment later re-reads only the
candidate pairs with the full pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

import numpy as np

from provenance.sketches import stem_hash
from provenance.tokens import ABBREVIATIONS, STOPWORDS, TOKEN_PATTERN, normalise, stem

#: Passages with fewer content words are joined to the next one.
MIN_PASSAGE_WORDS = 6
_END = -1
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_TOKEN_RE = re.compile(TOKEN_PATTERN)
# What one whitespace-separated chunk of text contributes: the hashes of
# its content stems, then _END when it closes a sentence. Splitting on
# white space and looking chunks up is several times faster than running a
# tokenizer over every article, and a news corpus repeats its chunks.
_CHUNKS: dict[str, tuple[int, ...]] = {}


def _chunk(chunk: str) -> tuple[int, ...]:
    words = _TOKEN_RE.findall(chunk)
    norms = [normalise(word) for word in words]
    values = [stem_hash(stem(norm)) for norm in norms if norm not in STOPWORDS]
    if _SENTENCE_END.search(chunk) and not (chunk.endswith(".") and norms and _is_abbreviation(norms[-1], chunk)):
        values.append(_END)
    entry = tuple(values)
    _CHUNKS[chunk] = entry
    return entry


def _is_abbreviation(norm: str, chunk: str) -> bool:
    """"Mr." and "U.S." end in a full stop without ending the sentence."""
    return norm in ABBREVIATIONS or chunk.rstrip(".").replace(".", "").lower() in ABBREVIATIONS or len(norm) == 1


_ARTICLE_END = -2
# White space never appears inside a chunk, so this key cannot collide.
_SEPARATOR = " "
_CHUNKS[_SEPARATOR] = (_ARTICLE_END,)


@dataclass(frozen=True)
class Shingled:
    """The shingles of a batch of articles, passage by passage.

    Attributes:
        hashes: Shingle hashes of every passage of every article, in order
            (a stem repeated in a passage is repeated here: MinHash does not
            mind).
        passage_lengths: How many of ``hashes`` belong to each passage.
        passages: How many passages each article has (0 for an article
            with no content words).
    """

    hashes: np.ndarray
    passage_lengths: np.ndarray
    passages: np.ndarray

    def article_lengths(self) -> np.ndarray:
        """How many of ``hashes`` belong to each article."""
        ends = np.cumsum(self.passages)
        totals = np.concatenate(([0], np.cumsum(self.passage_lengths)))
        return np.diff(np.concatenate(([0], totals[ends])))


def shingle_many(texts: list[str]) -> Shingled:
    """Split articles into passages and hash each passage's content stems.

    The whole batch goes through one chunk lookup and one numpy pass; only
    the sentences (not the words) are visited in Python.

    Args:
        texts: Article texts.

    Returns:
        The batch's shingles.
    """
    chunks: list[str] = []
    for text in texts:
        chunks.extend(text.split())
        chunks.append(_SEPARATOR)
    for chunk in set(chunks).difference(_CHUNKS):
        _chunk(chunk)
    flat = np.fromiter(chain.from_iterable(map(_CHUNKS.__getitem__, chunks)), dtype=np.int64)
    is_mark = flat < 0
    marks = np.flatnonzero(is_mark)
    # Content words between one mark (sentence or article end) and the next.
    counts = np.diff(np.concatenate(([-1], marks))) - 1
    passage_lengths: list[int] = []
    passages: list[int] = []
    pending = 0
    in_article = 0
    for count, mark in zip(counts.tolist(), flat[marks].tolist()):
        pending += count
        if mark == _END and pending < MIN_PASSAGE_WORDS:
            continue
        if pending >= MIN_PASSAGE_WORDS or not in_article:
            if pending:
                passage_lengths.append(pending)
                in_article += 1
        else:
            # A short last sentence joins the passage before it.
            passage_lengths[-1] += pending
        pending = 0
        if mark == _ARTICLE_END:
            passages.append(in_article)
            in_article = 0
    return Shingled(
        flat[~is_mark].astype(np.uint32),
        np.asarray(passage_lengths, dtype=np.int64),
        np.asarray(passages, dtype=np.int64),
    )


def shingle(text: str) -> Shingled:
    """:func:`shingle_many` for one article."""
    return shingle_many([text])
