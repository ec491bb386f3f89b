"""Source names: telling when two spellings name one outlet.

Credit lines name outlets loosely: "The Verge", "theverge", "theverge.com"
and "Originally reported bytheverge" all mean one outlet; "CWS" is the
Coastal Wire Service; "AP" the Associated Press. A name is reduced to a
few keys (case, accents, punctuation, a leading "the", a domain's suffix
and a multi-word name's initials removed or added) and two names are one
source when they share a key, or when one key starts another ("Coastal
Wire" and "Coastal Wire Service"). Outlets in the corpus are named the same
way, from their outlet field and their URL's domain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from provenance.outlets import outlet_from_domain

#: News agencies whose name in a byline ("By Reuters") is a credit, not an author.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Associated Press": ("AP",),
    "Reuters": (),
    "Agence France-Presse": ("AFP",),
    "Bloomberg": (),
    "United Press International": ("UPI",),
    "Deutsche Presse-Agentur": ("dpa",),
    "Press Association": ("PA", "PA Media"),
    "Xinhua": (),
    "Kyodo": (),
    "ANSA": (),
    "EFE": (),
}
_SMALL_WORDS = {"the", "of", "and", "for", "a", "an", "&"}
# A top-level domain has two letters or more: "U.S" and "N.Y" are abbreviations, not sites.
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}$")
# Shortest key that may stand for a longer one by being its start.
_MIN_PREFIX = 6


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def name_keys(name: str) -> frozenset[str]:
    """The keys a source name is known by (memoised: lineage compares every credit with every outlet of a cluster).

    Examples: "The Verge" -> {"theverge", "verge"}; "theverge.com" -> the
    same; "Coastal Wire Service" -> {"coastalwireservice", "cws"}.
    """
    folded = _fold(name).strip()
    if is_domain(folded):
        folded = (outlet_from_domain(folded) or folded).split(".")[0]
    words = [w for w in re.split(r"[^\w&]+", folded) if w]
    joined = "".join(w for w in words if w != "&")
    keys = {joined} if joined else set()
    if joined.startswith("the") and len(joined) > 5:
        keys.add(joined[3:])
    significant = [w for w in words if w not in _SMALL_WORDS]
    if len(significant) >= 2:
        keys.add("".join(w[0] for w in significant))
    return frozenset(keys)


def same_source(first: str | Iterable[str], second: str | Iterable[str]) -> bool:
    """Whether two names (or two sets of names of one outlet each) name one source."""
    a = _all_keys(first)
    b = _all_keys(second)
    if a & b:
        return True
    return any(_starts(x, y) or _starts(y, x) for x in a for y in b)


def _starts(longer: str, shorter: str) -> bool:
    return len(shorter) >= _MIN_PREFIX and len(longer) > len(shorter) and longer.startswith(shorter)


def _all_keys(names: str | Iterable[str]) -> frozenset[str]:
    if isinstance(names, str):
        return name_keys(names)
    return frozenset().union(*(name_keys(name) for name in names if name))


def is_domain(name: str) -> bool:
    """Whether a name is written as a domain ("theverge.com")."""
    return bool(_DOMAIN.match(_fold(name).strip()))


def agency(name: str) -> str | None:
    """The agency a name stands for ("AP" -> "Associated Press"), or ``None``."""
    for canonical, aliases in AGENCIES.items():
        if same_source(name, (canonical, *aliases)) and len(_fold(name)) >= 2:
            return canonical
    return None


def display_name(names: Iterable[str]) -> str:
    """The clearest of several names of one source: an agency's own name,
    else the longest written as words rather than a domain or handle."""
    names = sorted({name.strip() for name in names if name and name.strip()})
    for name in names:
        known = agency(name)
        if known:
            return known
    spaced = [name for name in names if " " in name]
    return max(spaced or names, key=lambda name: (len(name), name)) if names else "unknown"
