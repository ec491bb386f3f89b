"""Shingles: the sets that MinHash signatures summarise.

A shingle is the stem of a content word. Word n-grams, the usual choice,
do not survive rewriting: two rewrites of one source share only 7-11% of
their 5-word runs, while their sentences keep most of their content words
(names, numbers, nouns, verbs) in some form. Sets of content stems are
taken per passage (a sentence, joined to its neighbour when too short to
stand alone) so that one rewritten paragraph inside an unrelated article
is still found, and per article for whole-article copies.

This is the fast path of the text pipeline (see :mod:`provenance.tokens`),
run on every article of a scan; alignment later re-reads only the candidate
pairs with the full pipeline. Tokens are found and hashed with numpy over
the UTF-8 bytes of a whole batch of articles; each distinct word is
normalised and stemmed once in Python (memoised across batches) and looked
up in a sorted table after that. Words are runs of letters, digits and
non-ASCII characters, so "24,000" is two tokens here (it is one in
alignment): fingerprints only propose, and only need to be consistent
with themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from provenance.postings import Postings
from provenance.sketches import stem_hash
from provenance.tokens import STOPWORDS, normalise, stem_many

#: Passages with fewer content words are joined to the next one.
MIN_PASSAGE_WORDS = 6
_BATCH_BYTES = 4 << 20
_HASHED_BYTES = 24
_MULTIPLIER = np.uint64(0x100000001B3)
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[ord("A") : ord("Z") + 1] += 32
_IS_WORD = np.zeros(256, dtype=bool)
_IS_WORD[ord("0") : ord("9") + 1] = True
_IS_WORD[ord("a") : ord("z") + 1] = True
_IS_WORD[ord("A") : ord("Z") + 1] = True
_IS_WORD[128:] = True
_IS_SPACE = np.zeros(256, dtype=bool)
_IS_SPACE[[9, 10, 13, 32]] = True
_IS_CLOSER = np.zeros(256, dtype=bool)
_IS_CLOSER[[ord('"'), ord("'"), ord(")"), ord("]"), 0x9D, 0x99]] = True  # ”’ end in 0x9D, 0x99
_IS_STOP = np.zeros(256, dtype=bool)
_IS_STOP[[ord("."), ord("!"), ord("?")]] = True
# Word hash -> stem hash (0 for a function word), sorted by word hash.
_known_words = np.zeros(0, dtype=np.uint64)
_known_stems = np.zeros(0, dtype=np.uint32)

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

    def select(self, indexes: list[int]) -> Shingled:
        """The shingles of some of the batch's articles, in the order given."""
        passage_ends = np.cumsum(self.passages)
        hash_ends = np.concatenate(([0], np.cumsum(self.passage_lengths)))
        hashes, lengths = [], []
        for index in indexes:
            first, last = passage_ends[index] - self.passages[index], passage_ends[index]
            hashes.append(self.hashes[hash_ends[first] : hash_ends[last]])
            lengths.append(self.passage_lengths[first:last])
        return Shingled(
            np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint32),
            np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64),
            self.passages[indexes] if indexes else np.zeros(0, dtype=np.int64),
        )

    def article_lengths(self) -> np.ndarray:
        """How many of ``hashes`` belong to each article."""
        ends = np.cumsum(self.passages)
        totals = np.concatenate(([0], np.cumsum(self.passage_lengths)))
        return np.diff(np.concatenate(([0], totals[ends])))


def _word_hashes(lower: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each word's (lower-cased) bytes, all words at once.

    Words are taken longest first, so that step ``k`` touches only the
    words longer than ``k`` bytes: the work is the number of bytes, not
    the number of words times the longest word.
    """
    # Radix sort on small integers: lengths are clipped to what is hashed.
    order = np.argsort(-np.minimum(lengths, _HASHED_BYTES).astype(np.int16), kind="stable")
    sorted_starts = starts[order]
    sorted_lengths = lengths[order]
    keys = sorted_lengths.astype(np.uint64)
    longest = min(_HASHED_BYTES, int(sorted_lengths[0])) if len(sorted_lengths) else 0
    descending = -sorted_lengths
    with np.errstate(over="ignore"):
        for offset in range(longest):
            count = int(np.searchsorted(descending, -offset, side="left"))
            head = keys[:count]
            keys[:count] = head * _MULTIPLIER + lower[sorted_starts[:count] + offset]
    result = np.empty_like(keys)
    result[order] = keys
    return result


def _stem_hashes(keys: np.ndarray, raw: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each word's stem hash (0 for a function word); new words are stemmed once and remembered."""
    global _known_words, _known_stems
    distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    position = np.searchsorted(_known_words, distinct)
    found = position < len(_known_words)
    found[found] = _known_words[position[found]] == distinct[found]
    if not found.all():
        new_keys = distinct[~found]
        norms = []
        for index in first[~found].tolist():
            word = raw[starts[index] : starts[index] + lengths[index]].decode("utf-8", errors="ignore")
            # Our words hold no apostrophes or commas: plain ASCII needs
            # only lower-casing, the rest the full normalisation.
            norms.append(word.lower() if word.isascii() else normalise(word))
        content = [n for n, norm in enumerate(norms) if norm and norm not in STOPWORDS]
        new_stems = np.zeros(len(new_keys), dtype=np.uint32)
        stems = stem_many([norms[n] for n in content])
        new_stems[content] = [stem_hash(stemmed) for stemmed in stems]
        merged = np.concatenate((_known_words, new_keys))
        order = np.argsort(merged, kind="stable")
        _known_words = merged[order]
        _known_stems = np.concatenate((_known_stems, new_stems))[order]
        position = np.searchsorted(_known_words, distinct)
    return _known_stems[position][inverse]


#: Non-ASCII spaces, dashes and quotation marks, as the ASCII the byte scan splits words at. Bytes
#: above 127 are word bytes to it, and scraped pages are full of no-break spaces (&nbsp;): without
#: this, "police\u00a0appeal" would be one word and a copy differing only in spacing would share no shingle.
_SEPARATORS = {
    **dict.fromkeys(["\u00a0", "\u1680", "\u202f", "\u205f", "\u3000", "\u2028", "\u2029", "\u0085"], " "),
    **dict.fromkeys([chr(c) for c in range(0x2000, 0x200B)], " "),
    **dict.fromkeys([chr(c) for c in range(0x2010, 0x2016)], " "),
    **dict.fromkeys(["\u2018", "\u2019", "\u201a", "\u201b", "\u2032"], "'"),
    **dict.fromkeys(["\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb", "\u2033"], '"'),
}
# A pattern, not str.translate: on the Reuters set (16 M characters) translate takes 0.84 s, this 0.05 s.
_SEPARATOR = re.compile("[" + "".join(_SEPARATORS) + "]")


def _ascii_separators(text: str) -> str:
    return _SEPARATOR.sub(lambda found: _SEPARATORS[found.group()], text)


def _batch(texts: list[str]) -> tuple[list[int], list[int], np.ndarray]:
    """Passage lengths and passages per article (as lists) and the content hashes of a batch."""
    raw = (_ascii_separators("\x00".join(texts)) + "\x00").encode("utf-8")
    data = np.frombuffer(raw, dtype=np.uint8)
    is_word = _IS_WORD[data]
    edges = np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    lengths = np.flatnonzero(edges == -1) - starts
    values = _stem_hashes(_word_hashes(_LOWER[data], starts, lengths), raw, starts, lengths)
    # A sentence ends at . ! or ? followed (after closing quotes) by white space.
    padded = np.concatenate((data, [32, 32]))
    stops = np.flatnonzero(_IS_STOP[data])
    following, after_closer = padded[stops + 1], padded[stops + 2]
    ends = stops[_IS_SPACE[following] | (_IS_CLOSER[following] & _IS_SPACE[after_closer])]
    boundaries = np.flatnonzero(data == 0)
    content = values != 0
    hashes = values[content]
    word_starts = starts[content]
    # Content words of each (article, sentence): sentences are cut by ends
    # and by article boundaries alike.
    cuts = np.union1d(ends, boundaries)
    sentence_of = np.searchsorted(cuts, word_starts)
    counts = np.bincount(sentence_of, minlength=len(cuts) + 1)[: len(cuts)]
    closes_article = np.isin(cuts, boundaries)
    passage_lengths: list[int] = []
    passages: list[int] = []
    pending = 0
    in_article = 0
    for count, article_end in zip(counts.tolist(), closes_article.tolist()):
        pending += count
        if pending >= MIN_PASSAGE_WORDS:
            passage_lengths.append(pending)
            in_article += 1
            pending = 0
        if article_end:
            if pending:
                # A short last sentence joins the passage before it.
                if in_article:
                    passage_lengths[-1] += pending
                else:
                    passage_lengths.append(pending)
                    in_article = 1
                pending = 0
            passages.append(in_article)
            in_article = 0
    return passage_lengths, passages, hashes


def shingle_many(texts: list[str]) -> Shingled:
    """Split articles into passages and hash each passage's content stems.

    Args:
        texts: Article texts.

    Returns:
        The batch's shingles.
    """
    lengths: list[int] = []
    passages: list[int] = []
    hashes: list[np.ndarray] = []
    batch: list[str] = []
    size = 0
    for text in [*texts, None]:
        if text is not None:
            batch.append(text.replace("\x00", " "))
            size += len(text)
        if batch and (text is None or size >= _BATCH_BYTES):
            batch_lengths, batch_passages, batch_hashes = _batch(batch)
            lengths += batch_lengths
            passages += batch_passages
            hashes.append(batch_hashes)
            batch, size = [], 0
    return Shingled(
        np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint32),
        np.asarray(lengths, dtype=np.int64),
        np.asarray(passages, dtype=np.int64),
    )


def shingle(text: str) -> Shingled:
    """:func:`shingle_many` for one article."""
    return shingle_many([text])


def stem_postings(shingled: Shingled, owners: np.ndarray) -> Postings:
    """Which articles hold which stems: ``owners`` gives each article's number."""
    return Postings.build(shingled.hashes.astype(np.uint64), np.repeat(np.asarray(owners), shingled.article_lengths()))


def common_limit(articles: int, share: float, floor: int) -> float | None:
    """How many articles a stem may be in and not be common: ``max(floor, share * articles)``.

    None when the corpus is too small for any stem to be common. Both
    engines ask this, so that they agree on which stems are common.
    """
    limit = max(floor, share * articles)
    return None if articles <= limit else limit


def common_in(postings: Postings, articles: int, share: float, floor: int) -> frozenset[int]:
    """Stem hashes held by more than :func:`common_limit` of the articles.

    Such stems (the wording of a formula, the vocabulary of a beat) say
    nothing about which article copied which. In a small corpus no stem is
    common: every shared word counts.
    """
    limit = common_limit(articles, share, floor)
    if limit is None:
        return frozenset()
    starts, sizes = postings.runs()
    return frozenset(postings.keys[starts[sizes > limit]].tolist())


def common_stems(shingled: Shingled, share: float, floor: int) -> frozenset[int]:
    """:func:`common_in` for a batch of articles shingled at once."""
    articles = len(shingled.passages)
    return common_in(stem_postings(shingled, np.arange(articles)), articles, share, floor)
