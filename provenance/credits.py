"""Credit lines: where an article says its copy came from.

Syndicated copy names its source in a handful of set phrases: a wire
dateline ("PORT ELLISON (AP) -"), "Originally reported by The Verge",
"Reuters contributed to this report", "Source: AFP", "according to a
report by Reuters", a byline naming an agency. Scrapers mangle them ("Originally reported bytheverge"), so the
patterns tolerate missing spaces. Only the head and the tail of an article
are searched: that is where credits stand, and a credit phrase in the middle
of a long story ("as first reported by our rival") is reporting, not a credit.
A short article is all head and tail, so there any phrase counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.names import agency

#: Small words a name may hold in lower case ("Ministry of Defence", "Agence France-Presse and the AP").
_JOINING = frozenset({"of", "the", "and", "for", "de", "du", "la", "le", "van", "von", "der", "y", "&"})
#: A line broken in the middle of a sentence: hard-wrapped prose.
_WRAPPED = re.compile(r"[^\s.!?:;\"\u201d)]\n[ \t]*[a-z]")
#: Initials a name may open with ("U.S. News", "J. Roe"): their full stops end no sentence.
_INITIALS = re.compile(r"^(?:[A-Z]\.)+\s+")
#: "Jane Roe of the Gazette" in "according to a report by ...": the reporter's outlet is the source.
#: (Only there: "according to Chief Roe of the Harbour Authority" attributes a statement.)
_REPORTER_OF = re.compile(r"(?:[A-Z][a-z'-]+\s+){1,2}[A-Z][a-z'-]+\s+of\s+(?P<outlet>(?:the\s+)?[A-Z].*)")
_HEAD_CHARS = 2500
_TAIL_CHARS = 1200
_NAME = r"(?P<src>[^\n]{2,80}?)"
_END = r"\s*[.,;:!]?\s*$"

# In order of trust: an explicit statement of origin beats a dateline,
# which beats a byline. Each pattern runs only when its cue word is in the
# window: most articles hold none, and the scan of a large feed is dominated
# by this search otherwise.
_CUES = {
    "originally": ("originally", "first"),
    "contributed": ("contributed", "reporting by"),
    "source": ("source", "via", "credit"),
    "via": ("via",),
    "dateline": ("(",),
    "according": ("according to",),
    "byline": ("by",),
}
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "originally",
        re.compile(
            r"^[ \t]*(?:this\s+(?:article|story)\s+(?:was\s+)?)?(?:originally|first)\s+"
            r"(?:reported|published|appeared)\s*(?:by|in|on|at)\s*" + _NAME + _END,
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    (
        "originally",
        re.compile(
            r"\b[Aa]s\s+(?:first|originally)\s+reported\s+(?:by|in)\s+"
            r"(?P<src>[A-Z][\w&.'-]*(?:[ \t]+[A-Z][\w&.'-]*){0,4})"
        ),
    ),
    (
        "contributed",
        re.compile(
            r"^\s*" + _NAME + r"\s+contributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story)" + _END,
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    (
        "contributed",
        re.compile(r"^\s*(?:additional\s+)?reporting\s+by\s+(?P<src>[^\n;]{2,60}?)\s*(?:;|$)", re.IGNORECASE | re.MULTILINE),
    ),
    (
        "source",
        re.compile(r"^\s*(?:source|sources|via|credit)\s*:\s*" + _NAME + _END, re.IGNORECASE | re.MULTILINE),
    ),
    (
        "via",
        re.compile(r"^\s*via\s+" + _NAME + _END, re.IGNORECASE | re.MULTILINE),
    ),
    (
        "dateline",
        re.compile(
            # The place, perhaps with a date: "NEW YORK, Oct 14 (Reuters) -".
            r"^[ \t]*(?:[A-Z][\w'.,-]*(?:[ \t]+(?:[A-Z][\w'.,-]*|\d{1,4},?)){0,6}[ \t]*)?"
            r"\((?P<src>[A-Z][\w&.' -]{0,40}?)\)[ \t]*[-\u2013\u2014:]",
            re.MULTILINE,
        ),
    ),
    (
        "dateline",
        # CNN's style: "(CNN)" opens the first paragraph, with no dash.
        re.compile(r"^[ \t]*\((?P<src>[A-Z]{2,8})\)(?=[ \t]*[A-Z\u201c\"])", re.MULTILINE),
    ),
    (
        "according",
        # "according to police" is attribution, not a credit: the name must
        # be capitalised, and lineage keeps it only when it names an outlet
        # (see provenance.lineage), or the phrase says it is a report.
        re.compile(
            r"\b[Aa]ccording\s+to\s+(?:(?:a|an|the)\s+(?:report|story|article)\s+(?:(?P<report>by)|from|in|on)\s+)?"
            r"(?P<src>[A-Z][\w&'-]*(?:\.[\w&'-]+)*(?:\s+(?:of\s+(?:the\s+)?|the\s+)?[A-Z][\w&'-]*(?:\.[\w&'-]+)*){0,4})"
        ),
    ),
    (
        "byline",
        # A name: every word capitalised but for small joining words, so
        # "By clicking accept you agree" is not a byline.
        re.compile(
            r"^\s*[Bb][Yy]\s+(?P<src>[A-Z][\w.'-]*(?:(?:,?\s+|\s+(?:and|of|the|de|van|von)\s+)[A-Z][\w.'-]*){0,7})"
            + _END,
            re.MULTILINE,
        ),
    ),
)


@dataclass(frozen=True)
class Credit:
    """A credit line found in an article.

    Attributes:
        line: The credit as written, trimmed ("Originally reported bytheverge").
        source: The name it credits ("theverge").
        kind: Which pattern found it: originally, contributed, source, via,
            according, dateline or byline.
        begin: Offset of the credit in the text.
        end: Offset just past the credit in the text.
    """

    line: str
    source: str
    kind: str
    begin: int
    end: int


def _search_windows(text: str) -> list[tuple[int, str]]:
    if len(text) <= _HEAD_CHARS + _TAIL_CHARS:
        return [(0, text)]
    tail_start = len(text) - _TAIL_CHARS
    return [(0, text[:_HEAD_CHARS]), (tail_start, text[tail_start:])]


def _names_a_source(kind: str, source: str, line: str, text: str, begin: int, cut: bool) -> bool:
    """Whether a phrase that reads as a credit names a source, rather than being a sentence that looks like one.

    Hard-wrapped wire text starts lines mid-sentence: "(B) - Ultimate
    destination" in a list, "Gould Inc (GLD) - Offering", "The
    International Cocoa Organization\n(ICCO) Council reached", "via
    Bundesbank securities repurchase agreements may be cut next". So a
    dateline opens the article (:func:`_opens_article`), its source is not
    one letter, and it is not the initials of the words before it
    ("Interstate Commerce Commission (ICC) -"); a name is mostly capitalised
    words; and "according to" a name cut at an abbreviation ("according to
    a report from U.S. intelligence": ``cut``, the name is followed by a
    full stop) is not the name, unless it is an agency's ("A.P.").
    """
    words = source.split()
    if not source or len(words) > 8 or ". " in _INITIALS.sub("", source):
        return False
    if kind in ("source", "via") and sum(word[0].islower() and word not in _JOINING for word in words) > 1:
        return False
    if kind == "according" and cut and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", source) and not agency(source):
        return False
    if kind == "dateline":
        initials = "".join(word[0] for word in line[: line.index("(")].split() if word[0].isupper())
        return len(source) > 1 and initials != source and _opens_article(text[:begin], line, text[begin + len(line) :][:1])
    return True


def _opens_article(before: str, line: str, after: str) -> bool:
    """Whether a dateline ``line``, with ``before`` it and ``after`` it, opens the article.

    Page furniture, a title, a standfirst, a byline and a date may stand
    before it, but no hard-wrapped prose: "Gould Inc (GLD) - Offering of
    two mln shares", deep in a list of offerings, is a company and its
    ticker. "(CNN)" without a dash must also run on into its first word
    ("(CNN)Senate Democrats") or start a paragraph: after a single line
    break, "(ICCO) Council reached" is as likely a wrapped line opening
    with an organisation's initials.
    """
    if _WRAPPED.search(before):
        return False
    if not line.endswith(")"):
        return True
    return not after.startswith((" ", "\t")) or not before.strip() or re.search(r"\n[ \t]*\n[ \t]*\Z", before) is not None


def find_credits(text: str) -> list[Credit]:
    """Every credit line in the head and tail of ``text``, most trusted first.

    Args:
        text: Article text.

    Returns:
        Credits ordered by kind (explicit statements first), then position.
    """
    found: list[Credit] = []
    windows = [(offset, window, window.lower()) for offset, window in _search_windows(text)]
    for kind, pattern in _PATTERNS:
        for offset, window, lowered in windows:
            if not any(cue in lowered for cue in _CUES[kind]):
                continue
            for match in pattern.finditer(window):
                # A hard-wrapped name runs across a line break: it is one name all the same.
                source = " ".join(match.group("src").split()).strip(" \t\"'\u201c\u201d.,;:")
                reporter = _REPORTER_OF.fullmatch(source) if match.groupdict().get("report") else None
                if reporter:
                    source = reporter.group("outlet")
                begin, end = offset + match.start(), offset + match.end()
                cut = window[match.end("src") : match.end("src") + 1] == "."
                line = text[begin:end].strip()
                begin = text.index(line, begin)
                if not _names_a_source(kind, source, line, text, begin, cut):
                    continue
                found.append(Credit(line, source, kind, begin, begin + len(line)))
    return found


def find_credit(text: str, byline: str | None = None) -> Credit | None:
    """The most trusted credit of an article.

    Args:
        text: Article text.
        byline: The source's author field; used when the text itself holds
            no credit line.

    Returns:
        The credit, or ``None`` when neither the text nor the byline has one.
    """
    credits = find_credits(text)
    if credits:
        return credits[0]
    if byline and byline.strip():
        name = byline.strip()
        if re.match(r"by\s", name, re.IGNORECASE):
            name = name[3:].strip()
        return Credit(f"By {name}", name, "byline", -1, -1)
    return None
