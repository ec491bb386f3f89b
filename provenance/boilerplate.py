"""Boilerplate: page furniture learned from the corpus.

Scraped articles carry lines that are not the article: "Skip to main
content", "Advertisement", comment prompts, author boxes, newsletter
pleas. Identical across unrelated pages of one publisher (or of every
site built on one platform), they would make those pages look like copies
of each other. A line is furniture when

* it is short (at most ``short_words`` words) and stands in at least
  ``min_articles`` articles: copied prose is long, furniture is short and
  everywhere; or it stands twice in one article ("Advertisement");
* it is longer but stands in at least ``min_articles`` articles of one
  outlet: an author box or a standard disclaimer. A copied story is
  republished by other outlets, not three times by the same one.

Furniture lines are never aligned, except where they read as copied
paragraphs: two or more furniture lines in a row, each ending a sentence,
in an article of prose. The prose of an article is its lines that have
``prose_line_words`` words or end a sentence; it must hold at least
``prose_words`` words and ``prose_sentences`` sentence ends. A wire brief
of one-sentence paragraphs that three outlets republish is such an
article, every line of it short and common. A menu, share buttons,
"Advertisement" or "Read more:" are not prose and never released; a lone
newsletter plea between two paragraphs is one line, not two; and the
fragments of hard-wrapped formula copy ("The non-callable bond is
available in denominations of", standing in hundreds of Reuters bond
announcements) end no sentence, so they stay furniture: releasing them
made 454 new matches on the Reuters set, most of them announcements that
share only their formula. The lines are kept in the store and listed by
``provenance boilerplate``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from provenance.postings import Postings

_SPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")
# A sentence ends at a full stop, question or exclamation mark after a letter
# (not the point of "3.4"), before a closing quote, a space or the line's end.
_SENTENCE_END = re.compile(r"(?<=[^\W\d_])[.?!]+[\"'\u2019\u201d)]*(?=\s|$)")
_ENDS_SENTENCE = re.compile(_SENTENCE_END.pattern + r"\Z")
#: Payload bit of a line's entry: the article holds the line more than once.
REPEATED = 1 << 16


@dataclass(frozen=True)
class BoilerplateSettings:
    """When a repeated line counts as furniture.

    Attributes:
        min_articles: Articles a line must stand in.
        short_words: Lines up to this many words are furniture when repeated.
        prose_words: Words a block of prose holds at least.
        prose_sentences: Sentence ends a block of prose holds at least.
        prose_line_words: Words a line of a block has, unless it ends a sentence.
    """

    min_articles: int = 3
    short_words: int = 12
    prose_words: int = 40
    prose_sentences: int = 2
    prose_line_words: int = 5


@dataclass(frozen=True)
class Furniture:
    """A line learned as page furniture.

    Attributes:
        key: Hash of the normalised line.
        text: The line as it stands in one article.
        articles: Articles it stands in.
        outlets: Outlets whose articles hold it.
        reason: ``short and common``, ``repeated in one article`` or ``common in one outlet``.
    """

    key: str
    text: str
    articles: int
    outlets: int
    reason: str


def line_hash(line: str) -> int:
    """The 64-bit hash of a line: case, spacing and punctuation do not matter."""
    normalised = _SPACE.sub(" ", _PUNCTUATION.sub("", line.casefold())).strip()
    return int.from_bytes(hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest(), "big")


def line_key(line: str) -> str:
    """The key of a line, as stored and listed: its hash in hexadecimal."""
    return f"{line_hash(line):016x}"


def lines(text: str) -> Iterable[tuple[int, int, str]]:
    """The non-blank lines of a text with their offsets: ``(begin, end, line)``."""
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            begin = offset + line.index(stripped[0])
            yield begin, begin + len(stripped), stripped
        offset += len(line) + 1


def line_postings(articles: Iterable[tuple[int, str]]) -> tuple[Postings, dict[int, str]]:
    """Which articles hold which lines.

    Args:
        articles: ``(article number, text)``.

    Returns:
        The postings (payload: the line's words, plus ``REPEATED`` when the
        article holds it twice) and each line's text as first met.
    """
    keys: list[int] = []
    owners: list[int] = []
    payload: list[int] = []
    sample: dict[int, str] = {}
    for number, text in articles:
        first: dict[int, int] = {}
        for _, _, line in lines(text):
            key = line_hash(line)
            if key in first:
                payload[first[key]] |= REPEATED
                continue
            first[key] = len(keys)
            keys.append(key)
            owners.append(number)
            payload.append(min(len(line.split()), REPEATED - 1))
            sample.setdefault(key, line)
    return Postings.build(np.array(keys, dtype=np.uint64), np.array(owners, dtype=np.uint32), np.array(payload, dtype=np.uint32)), sample


def judge(
    postings: Postings, keys: np.ndarray, outlet_of: np.ndarray, settings: BoilerplateSettings | None = None
) -> dict[int, tuple[int, int, str]]:
    """Which of these lines are furniture, by the rules above.

    Args:
        postings: Every article's lines (see :func:`line_postings`).
        keys: The distinct line keys to judge.
        outlet_of: Outlet number of each article number; -1 for none.
        settings: Thresholds.

    Returns:
        ``(articles, outlets, reason)`` by line key, for the furniture lines.
    """
    settings = settings or BoilerplateSettings()
    keys = np.asarray(keys, dtype=np.uint64)
    low, high = postings.ranges(keys)
    sizes = high - low
    present = sizes > 0
    keys, low, sizes = keys[present], low[present], sizes[present]
    if not len(keys):
        return {}
    segment = np.repeat(np.arange(len(keys)), sizes)
    starts = np.cumsum(sizes) - sizes
    entries = low[segment] + (np.arange(int(sizes.sum())) - starts[segment])
    assert postings.payload is not None
    payload = postings.payload[entries]
    words = np.minimum.reduceat(payload & (REPEATED - 1), starts)
    repeated = np.maximum.reduceat(payload & REPEATED, starts) > 0
    outlets = outlet_of[postings.owners[entries]]
    named = outlets >= 0
    width = int(outlet_of.max()) + 2 if len(outlet_of) else 1
    pairs, per_outlet = np.unique(segment[named].astype(np.int64) * width + outlets[named], return_counts=True)
    top = np.zeros(len(keys), dtype=np.int64)
    np.maximum.at(top, pairs // width, per_outlet)
    distinct_outlets = np.bincount(pairs // width, minlength=len(keys))
    found = reasons(sizes, words, repeated, top, settings)
    return {int(keys[n]): (int(sizes[n]), int(distinct_outlets[n]), found[n]) for n in np.flatnonzero(found != "").tolist()}


def reasons(
    articles: np.ndarray, words: np.ndarray, repeated: np.ndarray, top_outlet: np.ndarray, settings: BoilerplateSettings
) -> np.ndarray:
    """Why each line is furniture, by the rules above, or ``""`` when it is not.

    Args:
        articles: Articles holding each line.
        words: The line's words (the fewest of any article's form of it).
        repeated: Whether some article holds it twice.
        top_outlet: The most articles of one outlet holding it.
        settings: Thresholds.
    """
    short = words <= settings.short_words
    common = articles >= settings.min_articles
    found = np.full(len(articles), "", dtype=object)
    found[top_outlet >= settings.min_articles] = "common in one outlet"
    found[short & repeated] = "repeated in one article"
    found[short & common] = "short and common"
    return found


def learn(articles: Iterable[tuple[str, str | None, str]], settings: BoilerplateSettings | None = None) -> dict[str, Furniture]:
    """Learn the furniture of a corpus at once (detection keeps the postings and updates them).

    Args:
        articles: ``(id, outlet, text)`` of every article.
        settings: Thresholds.

    Returns:
        Furniture by line key.
    """
    listed = list(articles)
    outlet_numbers: dict[str, int] = {}
    outlet_of = np.array(
        [outlet_numbers.setdefault(outlet, len(outlet_numbers)) if outlet else -1 for _, outlet, _ in listed],
        dtype=np.int64,
    )
    postings, sample = line_postings((number, text) for number, (_, _, text) in enumerate(listed))
    judged = judge(postings, np.unique(postings.keys), outlet_of, settings)
    return {
        f"{key:016x}": Furniture(f"{key:016x}", sample[key], articles_, outlets, reason)
        for key, (articles_, outlets, reason) in judged.items()
    }


def furniture_spans(
    text: str, furniture: dict[str, Furniture] | set[str], settings: BoilerplateSettings | None = None
) -> list[tuple[int, int]]:
    """The character spans of an article's furniture lines, less those that read as prose (see above).

    A line of prose has ``prose_line_words`` words or ends a sentence. The
    others ("Advertisement", "Read more:", menus) are passed over when runs
    are found: placed between two paragraphs of a copy, they must not cut
    it into pieces too short to count (found by the clustering property).
    """
    settings = settings or BoilerplateSettings()
    spans: list[tuple[int, int]] = []
    prose: list[tuple[int, int, str, bool]] = []
    for begin, end, line in lines(text):
        held = line_key(line) in furniture
        if len(line.split()) >= settings.prose_line_words or _SENTENCE_END.search(line):
            prose.append((begin, end, line, held))
        elif held:
            spans.append((begin, end))
    if any(held for *_, held in prose):
        spans += _held_in_prose(prose, settings)
    return sorted(spans)


def _held_in_prose(prose: list[tuple[int, int, str, bool]], settings: BoilerplateSettings) -> list[tuple[int, int]]:
    """The furniture spans among an article's prose lines: all but runs of two or more that each end a sentence."""
    words = sum(len(line.split()) for _, _, line, _ in prose)
    ends = sum(len(_SENTENCE_END.findall(line)) for _, _, line, _ in prose)
    long_enough = words >= settings.prose_words and ends >= settings.prose_sentences
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int, bool]] = []
    for begin, end, line, held in [*prose, (0, 0, "", False)]:
        if held:
            run.append((begin, end, _ENDS_SENTENCE.search(line) is not None))
            continue
        if not (long_enough and len(run) >= 2 and all(ending for _, _, ending in run)):
            spans.extend((b, e) for b, e, _ in run)
        run = []
    return spans
