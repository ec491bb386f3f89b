"""The text pipeline: normalised tokens with offsets, sentences, stems, quotations.

Every later stage compares articles through this view of their text, and
reports what it finds as character offsets into the stored text, so tokens
keep their ``begin``/``end`` in the original string while their ``norm``
is the Unicode-normalised, case-folded form that comparisons use.

Nothing needs downloaded data. Words are matches of one regular
expression, found with :mod:`re` directly: nltk's ``RegexpTokenizer`` finds
the same spans through a ReDoS guard that costs more than the matching.
Sentences are nltk's Punkt boundaries with an abbreviation list of our own
instead of a trained model. Stems come from PyStemmer, the Snowball
project's own C build of the Porter2 stemmer: nltk's pure-Python port of
the same algorithm is three times slower, and stemming the new words of a
batch is the slowest step of fingerprinting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

import Stemmer

from provenance.optional import without

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# A number keeps its separators ("24,000", "3.4"); a word keeps inner
# apostrophes ("don't", "Anthropic's").
TOKEN_PATTERN = r"\d+(?:[.,]\d+)*|\w+(?:['\u2019]\w+)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)

#: Function words: they carry no content, so a rewrite changes them freely.
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "like", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "rather", "same", "shall", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "s", "t", "said", "says", "say", "told", "according", "also", "just", "one"]
)

# Abbreviations that end in a full stop without ending a sentence: Punkt
# learns these from a trained model, which would have to be downloaded.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "col", "lt", "capt",
    "sgt", "rev", "hon", "pres", "u.s", "u.k", "u.n", "e.u", "u.s.a", "inc", "corp", "co", "ltd", "plc", "llc",
    "bros", "dept", "univ", "assn", "no", "nos", "vs", "etc", "e.g", "i.e", "approx", "est", "fig", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun", "a.m", "p.m", "ft", "km", "mln", "bln", "pct", "cts",
})


@lru_cache(maxsize=1)
def _nltk_tokenize() -> ModuleType:
    """``nltk.tokenize``, imported on first use and without scipy.

    Importing any part of nltk runs its ``__init__``, which imports its
    parsers and collocation statistics, and they import ``scipy.sparse`` and
    ``scipy.stats`` when scipy is installed: 0.15 s of a scheduled scan that
    adds a hundred articles, for code we never call. nltk treats scipy as
    optional (those imports sit in ``try``/``except ImportError``), so scipy
    is hidden while nltk loads (see :mod:`provenance.optional`).
    """
    with without("scipy"):
        import nltk.tokenize
        import nltk.tokenize.punkt
    return nltk.tokenize


@lru_cache(maxsize=1)
def _sentences() -> PunktSentenceTokenizer:
    punkt = _nltk_tokenize().punkt
    PunktParameters, PunktSentenceTokenizer = punkt.PunktParameters, punkt.PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)

_STEMMER = Stemmer.Stemmer("english")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", ",": ""})
# Opening and closing marks of a quotation; straight double quotes pair up
# within a paragraph.
_QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_PARAGRAPH = re.compile(r"[^\n]+")
_QUOTE_MARK = re.compile('["\u201c\u201d\u00ab\u00bb\u201e]')


@cache
def normalise(word: str) -> str:
    """The form tokens are compared in: NFKC, case-folded, one apostrophe,
    no thousands separators, no possessive ``'s``."""
    folded = unicodedata.normalize("NFKC", word).casefold().translate(_FOLD)
    return folded.removesuffix("'s")


@cache
def stem(norm: str) -> str:
    """Porter2 stem of a normalised word; numbers are their own stem.

    Memoised: a news corpus has a few tens of thousands of distinct words
    and millions of tokens, and stemming anew is the slowest step of a
    naive pipeline.
    """
    if norm[:1].isdigit():
        return norm
    return _STEMMER.stemWord(norm)


def stem_many(norms: list[str]) -> list[str]:
    """:func:`stem` of many words in one call, for words not seen before."""
    stems = _STEMMER.stemWords(norms)
    return [norm if norm[:1].isdigit() else stemmed for norm, stemmed in zip(norms, stems)]


class Token(NamedTuple):
    """One word or number of an article.

    A named tuple rather than a frozen dataclass: an article has hundreds
    of tokens, and a tuple is made three times faster, which a scheduled
    scan re-analysing the stored partners of its new articles feels.

    Attributes:
        begin: Offset of its first character in the article text.
        end: Offset just past its last character.
        norm: Normalised form (see :func:`normalise`).
        stem: Stem of ``norm``.
        stop: A function word.
        number: Starts with a digit.
        quoted: Inside quotation marks.
    """

    begin: int
    end: int
    norm: str
    stem: str
    stop: bool
    number: bool
    quoted: bool

    @property
    def content(self) -> bool:
        """A word that carries meaning: not a function word."""
        return not self.stop


@dataclass(frozen=True)
class Sentence:
    """A sentence: its character span and the tokens in it.

    Attributes:
        begin: Offset of its first character.
        end: Offset just past its last character.
        first: Index of its first token in :attr:`Analysis.tokens`.
        last: Index just past its last token.
    """

    begin: int
    end: int
    first: int
    last: int


@dataclass(frozen=True)
class Analysis:
    """An article's text as the detector sees it.

    Attributes:
        text: The text analysed (offsets point into it).
        tokens: Every token, in order.
        sentences: Every sentence holding at least one token, in order;
            sentences never cross a line break, which in scraped text
            separates paragraphs and page furniture.
    """

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        """The tokens of one sentence."""
        return self.tokens[sentence.first : sentence.last]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, paragraph by paragraph."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        start = None
        closing = ""
        # Only the quotation marks matter: a regular expression finds them
        # far faster than a Python loop over every character.
        for mark in _QUOTE_MARK.finditer(text, paragraph.start(), paragraph.end()):
            position, char = mark.start(), mark.group()
            if start is None:
                if char in _QUOTE_PAIRS:
                    start, closing = position, _QUOTE_PAIRS[char]
                elif char == '"':
                    start, closing = position, '"'
            elif char == closing or (closing == "\u201d" and char == '"'):
                spans.append((start, position + 1))
                start = None
        if start is not None and paragraph.end() - start < 600:
            # An unclosed quotation runs to the end of its paragraph, as
            # news style does for a quote that continues in the next one.
            spans.append((start, paragraph.end()))
    return spans


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans: Punkt within each line of the text."""
    for paragraph in _PARAGRAPH.finditer(text):
        for begin, end in _sentences().span_tokenize(paragraph.group()):
            yield paragraph.start() + begin, paragraph.start() + end


def analyse(text: str) -> Analysis:
    """Tokenise an article, with offsets, stems, quotations and sentences.

    Args:
        text: The article text as stored.

    Returns:
        The analysis; its offsets index ``text``.
    """
    quoted = _quoted_spans(text)
    tokens: list[Token] = []
    span_index = 0
    for match in _TOKEN_RE.finditer(text):
        begin, end = match.span()
        while span_index < len(quoted) and quoted[span_index][1] <= begin:
            span_index += 1
        inside = span_index < len(quoted) and quoted[span_index][0] < begin
        norm = normalise(text[begin:end])
        tokens.append(Token(begin, end, norm, stem(norm), norm in STOPWORDS, norm[:1].isdigit(), inside))
    sentences = []
    index = 0
    for begin, end in sentence_spans(text):
        while index < len(tokens) and tokens[index].begin < begin:
            index += 1
        first = index
        while index < len(tokens) and tokens[index].end <= end:
            index += 1
        if index > first:
            sentences.append(Sentence(begin, end, first, index))
    return Analysis(text, tuple(tokens), tuple(sentences))


def words(text: str) -> Iterator[tuple[int, str]]:
    """Each word's start offset and normalised form: :func:`analyse` without stems or sentences."""
    for match in _TOKEN_RE.finditer(text):
        yield match.start(), normalise(match.group())


def placed_stems(text: str) -> list[tuple[int, str]]:
    """Each content word's start offset and stem, in order: where in an article its material stands."""
    placed = []
    for match in _TOKEN_RE.finditer(text):
        norm = normalise(match.group())
        if norm not in STOPWORDS:
            placed.append((match.start(), stem(norm)))
    return placed


def content_stems(text: str) -> list[str]:
    """The stems of an article's content words, in order: :func:`analyse` without offsets or sentences."""
    return [stemmed for _, stemmed in placed_stems(text)]
