"""Hypothesis strategies: text nobody wrote by hand, and the ways copy changes in the wild.

Three families:

* **Unicode** that breaks naive text code: combining marks, right-to-left
  scripts, zero-width characters, homoglyphs, emoji, control characters.
* **Article-like text**: sentences of words and numbers, some quoted,
  grouped into paragraphs. Vocabulary is our own; two stories drawn apart
  share words but, in practice, no run of five.
* **Mutations** that model what republishers do to copy: word insertions,
  deletions and substitutions at a chosen rate, sentence and paragraph
  reordering and dropping, changes of case, whitespace, punctuation and
  quotation style, an added credit line or page furniture, wrapping in
  HTML. Each takes a :class:`random.Random` seeded from a drawn integer,
  so a failing example replays exactly and a stated rate is a true rate
  (hypothesis's own ``randoms`` let it steer every draw, and an edit rate
  of 15% would become whatever rate breaks the property).

Plus article metadata with missing, date-only, zone-less and zoned times.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

# ---- Unicode -------------------------------------------------------------

COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
RIGHT_TO_LEFT = st.one_of(
    st.characters(min_codepoint=0x05D0, max_codepoint=0x05EA),  # Hebrew
    st.characters(min_codepoint=0x0621, max_codepoint=0x064A),  # Arabic
    st.sampled_from(["\u200f", "\u202e", "\u2067"]),  # right-to-left mark, override, isolate
)
ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
#: Latin letters and the Cyrillic or Greek letters drawn the same.
HOMOGLYPHS = {"a": "\u0430", "c": "\u0441", "e": "\u0435", "i": "\u0456", "o": "\u043e", "p": "\u0440", "x": "\u0445", "y": "\u0443", "A": "\u0391", "B": "\u0392", "H": "\u0397"}
EMOJI = st.one_of(
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.sampled_from(["\U0001f1ec\U0001f1e7", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f", "\U0001f44d\U0001f3fd"]),
)
CONTROL = st.one_of(
    st.characters(min_codepoint=0x00, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(["\u2028", "\u2029", "\x85"]),
)
TRICKY = st.one_of(COMBINING, RIGHT_TO_LEFT, ZERO_WIDTH, st.sampled_from(sorted(HOMOGLYPHS.values())), EMOJI, CONTROL)


def unicode_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any text, weighted towards what breaks text code: the tricky characters, and words to put them in."""
    pieces = st.one_of(st.characters(codec="utf-8"), TRICKY, st.sampled_from(list("abcdefghij .,\n\"'")), st.sampled_from(WORDS))
    return st.lists(pieces, max_size=max_size // 2).map("".join)


def unicode_words() -> st.SearchStrategy[str]:
    """One word with tricky characters inside it."""
    return st.lists(st.one_of(st.sampled_from(WORDS), TRICKY), min_size=1, max_size=4).map("".join)


def seeded() -> st.SearchStrategy[random.Random]:
    """A pseudo-random generator seeded from a drawn integer: hypothesis picks the seed, not each draw."""
    return st.integers(0, 2**32).map(random.Random)


# ---- Article-like text ---------------------------------------------------

WORDS = """
harbour council ferry bridge tide pier crane warden budget engineer survey cable quay storm lantern
island mainland road closure repair inspector minister report contract weather river valley town
school hospital clinic market farmer harvest price grain shipment port vessel captain crew cargo
court judge ruling appeal lawyer witness police officer station arrest charge hearing verdict trial
election vote ballot candidate mayor district ward turnout campaign debate poll result recount seat
company share profit loss quarter investor factory worker strike union wage pension plan board
museum gallery painting artist festival concert stage audience ticket season theatre library archive
""".split()
VERBS = "said announced confirmed warned reported closed opened approved rejected delayed repaired inspected funded questioned".split()
SPEAKERS = ["the minister", "a spokesperson", "the mayor", "an engineer", "the captain", "a resident", "the chair"]
CREDITS = ["Originally reported by {}.", "({}) -", "{} contributed to this report.", "Source: {}", "As first reported by {}."]
FURNITURE = ["Advertisement", "Share this article", "Subscribe to our newsletter", "Read more:", "Sign up for alerts", "Most read"]


@dataclass(frozen=True)
class Story:
    """An article as paragraphs of sentences, so that mutations can work on either."""

    paragraphs: tuple[tuple[str, ...], ...]

    @property
    def text(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs)

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]


#: Three thirds of the vocabulary: text drawn from one shares no word with text drawn from another.
VOCABULARIES = (WORDS[0::3], WORDS[1::3], WORDS[2::3])


def _sentence(pick: random.Random, vocabulary: list[str]) -> str:
    """A sentence: capitalised, 6 to 18 different words with the odd number, sometimes a quotation."""
    words = pick.sample(vocabulary, min(len(vocabulary), pick.randint(6, 18)))
    if pick.random() < 0.25:
        words.insert(pick.randint(0, len(words)), str(pick.randint(2, 250_000)))
    body = " ".join(words)
    if pick.random() < 0.2:
        return f'"{body[:1].upper()}{body[1:]}," {pick.choice(SPEAKERS)} {pick.choice(VERBS)}.'
    return f"{body[:1].upper()}{body[1:]}{pick.choice(['.', '.', '.', '?', '!'])}"


def sentences(vocabulary: list[str] = WORDS) -> st.SearchStrategy[str]:
    """One sentence (see :func:`stories`)."""
    return seeded().map(lambda pick: _sentence(pick, vocabulary))


@st.composite
def stories(draw: st.DrawFn, min_paragraphs: int = 2, max_paragraphs: int = 8, vocabulary: list[str] = WORDS) -> Story:
    """A news story: paragraphs of one to four sentences.

    Hypothesis draws the shape and a seed; the words come from a
    pseudo-random sample of the vocabulary seeded with it. Drawn word by
    word (or from hypothesis's own ``randoms``), shrinking would turn every
    sentence into the vocabulary's first few words, and a text whose
    sentences all say the same words is a formula, which detection rightly
    ignores. A seed shrinks to 0, which still gives varied text.
    """
    sizes = draw(st.lists(st.integers(1, 4), min_size=min_paragraphs, max_size=max_paragraphs))
    pick = draw(seeded())
    return Story(tuple(tuple(_sentence(pick, vocabulary) for _ in range(size)) for size in sizes))


# ---- Mutations -----------------------------------------------------------

Mutation = Callable[[Story, random.Random], Story]


def _each_sentence(story: Story, change: Callable[[str], str]) -> Story:
    return Story(tuple(tuple(change(s) for s in p) for p in story.paragraphs))


def edit_words(rate: float) -> Mutation:
    """Insert, delete or substitute words, each word edited with probability ``rate``."""

    def mutate(story: Story, pick: random.Random) -> Story:
        def change(sentence: str) -> str:
            out = []
            for word in sentence.split(" "):
                if pick.random() >= rate:
                    out.append(word)
                    continue
                action = pick.choice(("insert", "delete", "substitute"))
                if action == "insert":
                    out += [word, pick.choice(WORDS)]
                elif action == "substitute":
                    out.append(pick.choice(WORDS))
            return " ".join(out) or sentence
        return _each_sentence(story, change)

    return mutate


def reorder_sentences(story: Story, pick: random.Random) -> Story:
    """Shuffle the sentences inside each paragraph."""
    return Story(tuple(tuple(pick.sample(p, len(p))) for p in story.paragraphs))


def reorder_paragraphs(story: Story, pick: random.Random) -> Story:
    """Tell the story in another order."""
    return Story(tuple(pick.sample(story.paragraphs, len(story.paragraphs))))


def drop_sentences(rate: float) -> Mutation:
    """Leave out sentences, each with probability ``rate`` (keeping one per paragraph)."""

    def mutate(story: Story, pick: random.Random) -> Story:
        return Story(tuple(tuple(s for s in p if pick.random() >= rate) or p[:1] for p in story.paragraphs))

    return mutate


def change_case(story: Story, pick: random.Random) -> Story:
    """Upper-case a headline-like sentence here and there, lower-case others."""
    return _each_sentence(story, lambda s: s.upper() if pick.random() < 0.2 else s.lower() if pick.random() < 0.2 else s)


def change_whitespace(story: Story, pick: random.Random) -> Story:
    """Double spaces, tabs and non-breaking spaces between words.

    Not line breaks inside a paragraph: hard-wrapped text is a case of its
    own (sentences never cross a line break), and the thorough profile
    showed that a copy broken every few words is no longer found.
    """
    spaces = ["  ", "\t", "\u00a0", " \u00a0", " "]
    return _each_sentence(story, lambda s: "".join(pick.choice(spaces) if c == " " else c for c in s))


def change_punctuation(story: Story, pick: random.Random) -> Story:
    """Drop commas, turn full stops into semicolons or ellipses."""
    return _each_sentence(story, lambda s: s.replace(",", "").replace(".", pick.choice([".", ";", "\u2026", "."])))


def change_quotes(story: Story, pick: random.Random) -> Story:
    """Straight quotation marks become curly, guillemets or single ones."""
    opening, closing = pick.choice([("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("'", "'"), ("\u201e", "\u201c")])

    def change(sentence: str) -> str:
        parts = sentence.split('"')
        return "".join(part + (opening if i % 2 == 0 else closing) for i, part in enumerate(parts[:-1])) + parts[-1]

    return _each_sentence(story, change)


def add_credit(outlet: str) -> Mutation:
    """A credit line at the top or the bottom; a dateline only at the top, where datelines stand."""

    def mutate(story: Story, pick: random.Random) -> Story:
        form = pick.choice(CREDITS)
        line = (form.format(outlet),)
        top = pick.random() < 0.5 or form.startswith("(")
        return Story((line, *story.paragraphs) if top else (*story.paragraphs, line))

    return mutate


def add_furniture(story: Story, pick: random.Random) -> Story:
    """Page furniture between paragraphs."""
    paragraphs = list(story.paragraphs)
    for _ in range(pick.randint(1, 3)):
        paragraphs.insert(pick.randint(0, len(paragraphs)), (pick.choice(FURNITURE),))
    return Story(tuple(paragraphs))


def wrap_in_html(story: Story, title: str = "A story") -> str:
    """The story as a web page: escaped paragraphs in an article, with navigation and a footer around it."""
    body = "\n".join(f"<p>{html.escape(' '.join(p))}</p>" for p in story.paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>\n{body}\n</article>"
        "<footer>Copyright the publisher. All rights reserved.</footer></body></html>"
    )


#: Mutations that keep the story's wording: only its form, order or surroundings change.
SURFACE = (reorder_paragraphs, change_case, change_whitespace, change_punctuation, change_quotes, add_furniture)


@st.composite
def mutated(draw: st.DrawFn, story: Story, mutations: tuple[Mutation, ...] = SURFACE, at_most: int = 3) -> Story:
    """``story`` after a few of ``mutations``, chosen and applied in a drawn order."""
    chosen = draw(st.lists(st.sampled_from(mutations), max_size=at_most))
    pick = draw(seeded())
    for mutation in chosen:
        story = mutation(story, pick)
    return story


# ---- Metadata ------------------------------------------------------------

@st.composite
def published(draw: st.DrawFn) -> str | None:
    """A publication time as sources write it: missing, a bare date, a time without a zone, or with one."""
    moment = draw(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2035, 12, 31)))
    form = draw(st.sampled_from(["missing", "date", "naive", "zoned", "utc", "rfc2822"]))
    if form == "missing":
        return None
    if form == "date":
        return moment.strftime("%Y-%m-%d")
    if form == "naive":
        return moment.strftime("%Y-%m-%d %H:%M")
    if form == "utc":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    offset = draw(st.integers(-12 * 60, 14 * 60).map(lambda m: m - m % 15))
    sign, hours, minutes = "+" if offset >= 0 else "-", abs(offset) // 60, abs(offset) % 60
    if form == "zoned":
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hours:02d}:{minutes:02d}"
    return moment.strftime("%a, %d %b %Y %H:%M:%S ") + f"{sign}{hours:02d}{minutes:02d}"


@st.composite
def metadata(draw: st.DrawFn) -> dict[str, str]:
    """Article metadata as a record carries it: any field may be missing, and any may hold tricky text."""
    fields = {
        "title": draw(st.one_of(st.none(), unicode_words(), st.sampled_from(["", "Breaking"]))),
        "outlet": draw(st.one_of(st.none(), st.sampled_from(["The Island Post", "islandpost.example", "CWS"]), unicode_words())),
        "published": draw(published()),
        "url": draw(st.one_of(st.none(), st.just("https://news.example/story"))),
    }
    return {key: value for key, value in fields.items() if value is not None}


# ---- Syndication ---------------------------------------------------------

#: Outlets of a simulated syndication; the first publishes the original.
OUTLETS = [
    "Coastline Wire", "The Island Post", "Harbour Herald", "Valley Courier", "Bayline Daily", "Northgate News",
    "Kessick Gazette", "Riverside Record", "The Marrow Star", "Tollan Times", "Ferrybank Journal", "Upland Echo",
]
#: What a republisher does to the copy it takes (see :func:`syndicate`).
OPERATIONS = ("republish", "trim", "rewrite")


@dataclass(frozen=True)
class Copy:
    """One article of a simulated syndication, and where its text truly came from.

    Attributes:
        id: Article id.
        outlet: Its outlet.
        story: Its text.
        published: Its publication time as written, or None when not given.
        parent: The article it was made from; None for the original.
        credited: Whether it credits its parent's outlet.
        operation: What it did to its parent's text (see :data:`OPERATIONS`).
        carries: The articles whose own changes (a paragraph written, a
            sentence reworded) its text still holds, itself included if it
            made any: a copy of a copy can be told from a copy of the
            original only by what the middle copy changed.
    """

    id: str
    outlet: str
    story: Story
    published: str | None
    parent: str | None
    credited: bool
    operation: str
    carries: frozenset[str]


#: A paragraph of sentences, each with the articles that wrote or reworded it.
_Marked = tuple[tuple[str, frozenset[str]], ...]


def _derive(paragraphs: tuple[_Marked, ...], me: str, operation: str, pick: random.Random) -> tuple[_Marked, ...]:
    """A republisher's version of ``paragraphs``: whole, cut at the bottom, or reworded; maybe with its own paragraph."""
    if operation == "trim" and len(paragraphs) > 2:
        paragraphs = paragraphs[: max(2, round(len(paragraphs) * pick.uniform(0.5, 0.9)))]
    if operation == "rewrite":
        reword = edit_words(0.15)
        out = []
        for paragraph in paragraphs:
            kept = [s for s in paragraph if pick.random() >= 0.15] or list(paragraph[:1])
            changed = []
            for sentence, marks in kept:
                new = reword(Story(((sentence,),)), pick).text
                changed.append((new, marks | {me}) if new != sentence else (sentence, marks))
            out.append(tuple(changed))
        paragraphs = tuple(out)
    if pick.random() < 0.5:
        own = tuple((_sentence(pick, WORDS), frozenset({me})) for _ in range(pick.randint(1, 2)))
        paragraphs = (own, *paragraphs) if pick.random() < 0.5 else (*paragraphs, own)
    return paragraphs


def _stamp(moment: dt.datetime, pick: random.Random) -> str:
    """A time as outlets write it: in UTC or in a zone of their own."""
    offset = dt.timedelta(hours=pick.choice([0, 0, 1, 2, -5]))
    return moment.astimezone(dt.timezone(offset)).isoformat()


def syndicate(root: Story, pick: random.Random, copies: int, undated: float = 0.25) -> list[Copy]:
    """An original and ``copies`` articles made from it or from each other, as a story spreads.

    Each copy takes an earlier article (the original more often than any
    other, and never more than three copies deep) and republishes it whole,
    cuts it at the bottom, or rewords it; half add a paragraph of their own
    and half credit the outlet they took it from. Each is published one to
    twelve hours after its parent; a share ``undated`` give no time at all.
    """
    start = dt.datetime(2025, 10, 14, 6, 0, tzinfo=dt.timezone.utc)
    marked = {"a0": tuple(tuple((s, frozenset()) for s in p) for p in root.paragraphs)}
    times, depth = {"a0": start}, {"a0": 0}
    made = [Copy("a0", OUTLETS[0], root, None if pick.random() < undated else _stamp(start, pick), None, False, "original", frozenset())]
    outlets = pick.sample(OUTLETS[1:], copies)
    for k, outlet in enumerate(outlets, 1):
        me = f"a{k}"
        open_ = [c for c in made if depth[c.id] < 3]
        parent = pick.choices(open_, weights=[3 if c.id == "a0" else 1 for c in open_])[0]
        operation = pick.choice(OPERATIONS)
        marked[me] = _derive(marked[parent.id], me, operation, pick)
        times[me] = times[parent.id] + dt.timedelta(hours=pick.randint(1, 12), minutes=pick.randint(0, 59))
        depth[me] = depth[parent.id] + 1
        story = Story(tuple(tuple(s for s, _ in p) for p in marked[me]))
        credited = pick.random() < 0.5
        if credited:
            story = add_credit(parent.outlet)(story, pick)
        carries = frozenset().union(*(marks for p in marked[me] for _, marks in p))
        published = None if pick.random() < undated else _stamp(times[me], pick)
        made.append(Copy(me, outlet, story, published, parent.id, credited, operation, carries))
    return made


def true_sources(copies: list[Copy], article: Copy) -> set[str]:
    """The parents lineage may rightly give ``article``: its parent, and any ancestor it shows nothing of the way to.

    An article that keeps nothing its parent changed (the parent republished
    the original whole, or its own paragraph and rewording were cut again)
    cannot be told from a copy of the grandparent, unless it credits its
    parent; the same holds further up.
    """
    by_id = {c.id: c for c in copies}
    found = {article.parent} if article.parent else set()
    current = by_id.get(article.parent) if article.parent else None
    while current and current.parent and not article.credited and current.id not in article.carries:
        found.add(current.parent)
        current = by_id[current.parent]
    return found
