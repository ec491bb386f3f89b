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

Furniture lines are never aligned. They are kept in the store and listed
by ``provenance boilerplate``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class BoilerplateSettings:
    """When a repeated line counts as furniture.

    Attributes:
        min_articles: Articles a line must stand in.
        short_words: Lines up to this many words are furniture when repeated.
    """

    min_articles: int = 3
    short_words: int = 12


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


def line_key(line: str) -> str:
    """The key of a line: case, spacing and punctuation do not matter."""
    normalised = _SPACE.sub(" ", re.sub(r"[^\w\s]", "", line.casefold())).strip()
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def lines(text: str) -> Iterable[tuple[int, int, str]]:
    """The non-blank lines of a text with their offsets: ``(begin, end, line)``."""
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            begin = offset + line.index(stripped[0])
            yield begin, begin + len(stripped), stripped
        offset += len(line) + 1


def learn(articles: Iterable[tuple[str, str | None, str]], settings: BoilerplateSettings | None = None) -> dict[str, Furniture]:
    """Learn the furniture of a corpus.

    Args:
        articles: ``(id, outlet, text)`` of every article.
        settings: Thresholds.

    Returns:
        Furniture by line key.
    """
    settings = settings or BoilerplateSettings()
    holders: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, Counter[str]] = defaultdict(Counter)
    sample: dict[str, str] = {}
    words: dict[str, int] = {}
    repeated: set[str] = set()
    for article_id, outlet, text in articles:
        seen: set[str] = set()
        for _, _, line in lines(text):
            key = line_key(line)
            if key in seen:
                repeated.add(key)
                continue
            seen.add(key)
            holders[key].add(article_id)
            if outlet:
                outlets[key][outlet] += 1
            if key not in sample:
                sample[key] = line
                words[key] = len(line.split())
    furniture = {}
    for key, ids in holders.items():
        short = words[key] <= settings.short_words
        if short and len(ids) >= settings.min_articles:
            reason = "short and common"
        elif short and key in repeated:
            reason = "repeated in one article"
        elif outlets[key] and max(outlets[key].values()) >= settings.min_articles:
            reason = "common in one outlet"
        else:
            continue
        furniture[key] = Furniture(key, sample[key], len(ids), len(outlets[key]), reason)
    return furniture


def furniture_spans(text: str, furniture: dict[str, Furniture] | set[str]) -> list[tuple[int, int]]:
    """The character spans of an article's furniture lines."""
    return [(begin, end) for begin, end, line in lines(text) if line_key(line) in furniture]
