"""Alignment: which passages of two articles correspond, and how closely.

LSH only proposes pairs; alignment decides. Each sentence is reduced to the
set of its content-word stems, which survives the edits rewriters make
(synonyms for function words, reordered clauses, changed tense) and still
tells one sentence from another. Sentences are matched one to one, best
first, above a similarity floor; a sentence that a rewriter split in two or
merged with its neighbour joins the match of that neighbour. Runs of
matched sentences that follow each other on both sides become passages.
Matches that do not follow each other are kept too, as passages of their
own: a rewrite that moves paragraphs around is still a rewrite.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

import numpy as np

from provenance.runs import Words, shared_run_counts
from provenance.sketches import stem_hash
from provenance.tokens import Analysis, Sentence

VERBATIM = "verbatim"
REWRITTEN = "rewritten"
QUOTATION = "quotation"


@dataclass(frozen=True)
class AlignSettings:
    """Knobs of alignment (defaults chosen by cross-validation, see scripts/evaluate.py).

    Attributes:
        min_content: Sentences with fewer content words are not aligned on
            their own: headings, bylines, "Read more" carry no evidence.
        min_similarity: Cosine similarity of two sentences' stem sets for a
            one-to-one match.
        min_containment: Share of a sentence's stems found in a neighbour's
            match for it to join that match (a split or merged sentence).
        verbatim_ngram: Length of the word runs that count as verbatim.
        short_ngram: Length of the shortest shared word run (see ``intact``).
        long_ngram: Length of an unbroken copied run (see ``intact``).
        common_share: A stem in more than this share of the corpus's
            articles (and in more than ``common_floor``) is common (see
            ``Alignment.specific``).
        common_floor: Articles a stem must be in, at least, to be common.
    """

    min_content: int = 4
    min_similarity: float = 0.35
    min_containment: float = 0.6
    verbatim_ngram: int = 5
    short_ngram: int = 3
    long_ngram: int = 8
    common_share: float = 0.005
    common_floor: int = 50


@dataclass(frozen=True)
class Passage:
    """A stretch of one article that corresponds to a stretch of another.

    Attributes:
        a_begin: Start offset in article A's text.
        a_end: End offset in article A's text.
        b_begin: Start offset in article B's text.
        b_end: End offset in article B's text.
        kind: ``verbatim``, ``rewritten`` or ``quotation``.
        similarity: Cosine similarity of the two stretches' content stems, in [0, 1].
        verbatim_share: Share of the stretch's words inside word runs both
            sides have verbatim.
    """

    a_begin: int
    a_end: int
    b_begin: int
    b_end: int
    kind: str
    similarity: float
    verbatim_share: float


@dataclass(frozen=True)
class Alignment:
    """Everything two articles share.

    Attributes:
        passages: Corresponding stretches, in A's order.
        a_coverage: Share of A's content words inside aligned passages.
        b_coverage: Share of B's content words inside aligned passages.
        verbatim_share: Share of the aligned words that are verbatim.
        similarity: Mean similarity of the aligned passages, weighted by size.
            This and the measures below count only passages that are not
            quotations: quoting a statement is evidence of a common source,
            not of copying.
        in_order: Share of aligned sentences that keep their order on both sides.
        quoted_share: Share of the aligned words that are quotations on both sides.
        sentences: Number of aligned sentence pairs outside quotation passages.
        word_order: Share of the shorter side's words that the two sides
            keep in the same order (longest matching blocks of the aligned
            passages): a light rewrite keeps most of a sentence's words in
            place, a heavy one reorders and replaces them.
        a_matched: Share of A's content words that lie inside aligned passages
            and whose stem the partner passage in B has too: how much of A
            the alignment accounts for, word by word.
        b_matched: The same for B.
        intact: Of the aligned words inside word runs of ``short_ngram`` that
            both sides have, the share inside runs of ``long_ngram``: near 1
            when shared text comes in unbroken blocks (cut and paste), low
            when small edits break it up.
        specific: Distinct stems the two sides share (outside quotations)
            that are not common in the corpus: names, figures, rare words.
            Articles cast in one formula (an earnings table, a bond
            announcement) share their wording and nothing specific.
        shared: Distinct stems the two sides share (outside quotations),
            common ones included: the size of the evidence for a rewrite
            that keeps neither word runs nor word order.
        own_figures: Figures of the aligned passages (outside quotations)
            that each side has and the other lacks, the fewer of the two
            counts. A copy keeps its source's figures and a rewrite keeps
            or drops them; two reports cast in one formula (two bond
            issues, two days' money-market operations) each have their own.
    """

    passages: tuple[Passage, ...]
    a_coverage: float
    b_coverage: float
    verbatim_share: float
    similarity: float
    in_order: float
    quoted_share: float
    sentences: int
    word_order: float = 0.0
    a_matched: float = 0.0
    b_matched: float = 0.0
    intact: float = 0.0
    specific: int = 0
    shared: int = 0
    own_figures: int = 0


@dataclass(frozen=True)
class _Unit:
    sentence: Sentence
    stems: frozenset[str]
    content: int
    numbers: frozenset[str]


def _units(analysis: Analysis, skip: Sequence[tuple[int, int]]) -> list[_Unit]:
    units = []
    for sentence in analysis.sentences:
        tokens = analysis.sentence_tokens(sentence)
        if any(begin <= sentence.begin and sentence.end <= end for begin, end in skip):
            units.append(_Unit(sentence, frozenset(), 0, frozenset()))
            continue
        content = [token for token in tokens if token.content]
        numbers = frozenset(token.norm for token in content if token.number)
        units.append(_Unit(sentence, frozenset(token.stem for token in content), len(content), numbers))
    return units


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _stem_index(units: Sequence[_Unit], min_content: int) -> dict[str, list[int]]:
    """Stem -> the sentences (long enough to align) that hold it."""
    index: dict[str, list[int]] = {}
    for j, unit in enumerate(units):
        if unit.content >= min_content:
            for stem in unit.stems:
                index.setdefault(stem, []).append(j)
    return index


def _match_sentences(
    a: list[_Unit], b: list[_Unit], index: dict[str, list[int]], settings: AlignSettings
) -> list[tuple[int, int]]:
    """One-to-one matches, best first, then split and merged sentences joined to them.

    ``index`` is B's :func:`_stem_index`.
    """
    scored = []
    for i, unit in enumerate(a):
        if unit.content < settings.min_content:
            continue
        shared: dict[int, int] = {}
        for stem in unit.stems:
            for j in index.get(stem, ()):
                shared[j] = shared.get(j, 0) + 1
        for j, count in shared.items():
            similarity = count / math.sqrt(len(unit.stems) * len(b[j].stems))
            if unit.numbers and b[j].numbers and not unit.numbers & b[j].numbers:
                # A rewrite keeps the figures; two sentences of a formula
                # ("Net profit 12 mln vs 9 mln") with other figures are
                # different facts.
                similarity /= 2
            if similarity >= settings.min_similarity:
                scored.append((similarity, i, j))
    # Ties broken by position, so the result never depends on dict order.
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_a: dict[int, int] = {}
    used_b: dict[int, int] = {}
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a[i] = j
            used_b[j] = i
    pairs = set(used_a.items())
    pairs |= _joined(a, b, used_a, settings)
    pairs |= {(i, j) for j, i in _joined(b, a, used_b, settings)}
    return sorted(pairs)


def _joined(a: list[_Unit], b: list[_Unit], matched: dict[int, int], settings: AlignSettings) -> set[tuple[int, int]]:
    """Unmatched sentences of ``a`` mostly contained in a neighbour's partner."""
    joined = set()
    for i, unit in enumerate(a):
        if i in matched or len(unit.stems) < 2:
            continue
        for neighbour in (i - 1, i + 1):
            j = matched.get(neighbour)
            if j is None:
                continue
            if len(unit.stems & b[j].stems) / len(unit.stems) >= settings.min_containment:
                joined.add((i, j))
                break
    return joined


def _runs(pairs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group matched sentence pairs into runs that advance together on both sides."""
    runs: list[list[tuple[int, int]]] = []
    for i, j in pairs:
        if runs:
            last_i, last_j = runs[-1][-1]
            if 0 <= i - last_i <= 1 and 0 <= j - last_j <= 1:
                runs[-1].append((i, j))
                continue
        runs.append([(i, j)])
    return runs


def _longest_increasing(values: list[int]) -> int:
    """Length of the longest non-decreasing subsequence (patience sorting)."""
    tails: list[int] = []
    for value in values:
        position = bisect.bisect_right(tails, value)
        if position == len(tails):
            tails.append(value)
        else:
            tails[position] = value
    return len(tails)


@dataclass(frozen=True)
class Prepared:
    """An article ready to be aligned many times: its sentences reduced to stem sets once.

    Make one with :func:`prepare`.
    """

    analysis: Analysis
    units: tuple[_Unit, ...]
    words: Words
    indexes: dict[int, dict[str, list[int]]] = field(default_factory=dict, compare=False, repr=False)

    def stem_index(self, min_content: int) -> dict[str, list[int]]:
        """Which sentences hold each stem: made once, used in every pair the article is in."""
        if min_content not in self.indexes:
            self.indexes[min_content] = _stem_index(self.units, min_content)
        return self.indexes[min_content]


def prepare(analysis: Analysis, skip: Sequence[tuple[int, int]] = ()) -> Prepared:
    """Reduce an article's sentences to what alignment compares.

    Args:
        analysis: The article's analysis.
        skip: Character spans of page furniture, never aligned.
    """
    words = Words((token.norm for token in analysis.tokens), len(analysis.tokens))
    return Prepared(analysis, tuple(_units(analysis, skip)), words)


def _quoted_share(analysis: Analysis, span: range, shared: frozenset[str]) -> float:
    """Of the words in ``span`` whose stem both sides share, the share inside quotation marks."""
    quoted = total = 0
    for k in span:
        token = analysis.tokens[k]
        if token.content and token.stem in shared:
            total += 1
            quoted += token.quoted
    return quoted / total if total else 0.0


def _within(prefix: np.ndarray, span: range) -> int:
    return int(prefix[span.stop] - prefix[span.start])


def align(
    a: Analysis | Prepared,
    b: Analysis | Prepared,
    settings: AlignSettings | None = None,
    a_skip: Sequence[tuple[int, int]] = (),
    b_skip: Sequence[tuple[int, int]] = (),
    common: frozenset[int] = frozenset(),
    screen: Callable[[Alignment], bool] | None = None,
) -> Alignment:
    """Align two articles.

    Args:
        a: One article's analysis (or its :func:`prepare` result, when it
            is aligned with many others).
        b: The other's.
        settings: Thresholds; defaults if omitted.
        a_skip: Character spans of A known to be page furniture (see
            :mod:`provenance.boilerplate`): sentences inside them are never
            aligned. Ignored for a prepared article, which has its own.
        b_skip: The same for B.
        common: Stem hashes (:func:`provenance.sketches.stem_hash`) too
            common in the corpus to tell one story from another; see
            ``Alignment.specific``.
        screen: Called with a preliminary alignment (passages, coverage,
            sentences, matched shares, stems and figures; no verbatim runs or
            word order, every non-quotation passage ``rewritten``); when it
            returns false, that preliminary alignment is the result. Most
            candidate pairs LSH proposes in a large corpus are dismissed
            this way at a fraction of the cost.

    Returns:
        The alignment; with no passages when the articles share nothing.
    """
    settings = settings or AlignSettings()
    prepared_a = a if isinstance(a, Prepared) else prepare(a, a_skip)
    prepared_b = b if isinstance(b, Prepared) else prepare(b, b_skip)
    a, b = prepared_a.analysis, prepared_b.analysis
    a_units, b_units = list(prepared_a.units), list(prepared_b.units)
    pairs = _match_sentences(a_units, b_units, prepared_b.stem_index(settings.min_content), settings)
    if not pairs:
        # The common case for candidates LSH proposed by chance.
        return Alignment((), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
    # First what every decision needs: spans, stems, quotations, and the
    # words each side accounts for. Verbatim runs and word order cost far
    # more and are worked out only when ``screen`` lets the pair through.
    spans = []
    a_aligned: set[int] = set()
    b_aligned: set[int] = set()
    evidence_stems: set[str] = set()
    a_figures: set[str] = set()
    b_figures: set[str] = set()
    evidence_pairs = a_hits = b_hits = 0
    for run in _runs(pairs):
        a_first, a_last = min(i for i, _ in run), max(i for i, _ in run)
        b_first, b_last = min(j for _, j in run), max(j for _, j in run)
        a_stems = frozenset().union(*(a_units[i].stems for i in range(a_first, a_last + 1)))
        b_stems = frozenset().union(*(b_units[j].stems for j in range(b_first, b_last + 1)))
        a_span = range(a_units[a_first].sentence.first, a_units[a_last].sentence.last)
        b_span = range(b_units[b_first].sentence.first, b_units[b_last].sentence.last)
        # A quotation passage: what the two sides share is mostly words
        # both of them put inside quotation marks. Counted in words, not
        # distinct stems: a quotation that repeats the words of the
        # reporting around it must not turn the whole passage into quotation.
        shared = a_stems & b_stems
        quote = min(_quoted_share(a, a_span, shared), _quoted_share(b, b_span, shared))
        similarity = _cosine(a_stems, b_stems)
        # Every passage is ``rewritten`` until its verbatim runs are known.
        outline = Passage(
            a_units[a_first].sentence.begin,
            a_units[a_last].sentence.end,
            b_units[b_first].sentence.begin,
            b_units[b_last].sentence.end,
            QUOTATION if quote >= 0.5 else REWRITTEN,
            round(similarity, 4),
            0.0,
        )
        spans.append((outline, a_span, b_span, similarity, quote))
        a_aligned.update(range(a_first, a_last + 1))
        b_aligned.update(range(b_first, b_last + 1))
        if quote >= 0.5:
            # Quoting one statement is evidence of a common source, not of
            # copying: the measures below count only the other passages.
            continue
        evidence_pairs += len(run)
        evidence_stems |= shared
        a_figures.update(*(a_units[i].numbers for i in range(a_first, a_last + 1)))
        b_figures.update(*(b_units[j].numbers for j in range(b_first, b_last + 1)))
        a_hits += sum(1 for k in a_span if a.tokens[k].content and a.tokens[k].stem in b_stems)
        b_hits += sum(1 for k in b_span if b.tokens[k].content and b.tokens[k].stem in a_stems)
    a_total = sum(unit.content for unit in a_units) or 1
    b_total = sum(unit.content for unit in b_units) or 1
    order = _longest_increasing([j for _, j in pairs]) / len(pairs) if pairs else 0.0
    measures = {
        "a_coverage": round(sum(a_units[i].content for i in a_aligned) / a_total, 4),
        "b_coverage": round(sum(b_units[j].content for j in b_aligned) / b_total, 4),
        "in_order": round(order, 4),
        "sentences": evidence_pairs,
        "a_matched": round(a_hits / a_total, 4),
        "b_matched": round(b_hits / b_total, 4),
        "specific": sum(1 for stem in evidence_stems if stem_hash(stem) not in common),
        "shared": len(evidence_stems),
        "own_figures": min(len(a_figures - b_figures), len(b_figures - a_figures)),
    }
    if screen is not None:
        outline = tuple(span[0] for span in spans)
        preliminary = Alignment(outline, verbatim_share=0.0, similarity=0.0, quoted_share=0.0, **measures)
        if not screen(preliminary):
            return preliminary
    a_flags, b_flags = shared_run_counts(prepared_a.words, prepared_b.words, settings.verbatim_ngram)
    a_short, b_short = shared_run_counts(prepared_a.words, prepared_b.words, settings.short_ngram)
    a_long, b_long = shared_run_counts(prepared_a.words, prepared_b.words, settings.long_ngram)
    passages = []
    weighted = verbatim = quoted = total = evidence = 0.0
    in_place = shorter = short_runs = long_runs = 0
    for outline, a_span, b_span, similarity, quote in spans:
        words = len(a_span) + len(b_span)
        share = float(_within(a_flags, a_span) + _within(b_flags, b_span)) / words if words else 0.0
        kind = QUOTATION if quote >= 0.5 else VERBATIM if share >= 0.8 else REWRITTEN
        passages.append(replace(outline, kind=kind, verbatim_share=round(share, 4)))
        quoted += quote * words
        total += words
        if kind == QUOTATION:
            continue
        matcher = SequenceMatcher(
            None, [a.tokens[k].norm for k in a_span], [b.tokens[k].norm for k in b_span], autojunk=False
        )
        in_place += sum(block.size for block in matcher.get_matching_blocks())
        shorter += min(len(a_span), len(b_span))
        short_runs += int(_within(a_short, a_span) + _within(b_short, b_span))
        long_runs += int(_within(a_long, a_span) + _within(b_long, b_span))
        weighted += similarity * words
        verbatim += share * words
        evidence += words
    return Alignment(
        passages=tuple(passages),
        verbatim_share=round(verbatim / evidence, 4) if evidence else 0.0,
        similarity=round(weighted / evidence, 4) if evidence else 0.0,
        quoted_share=round(quoted / total, 4) if total else 0.0,
        word_order=round(in_place / shorter, 4) if shorter else 0.0,
        intact=round(long_runs / short_runs, 4) if short_runs else 0.0,
        **measures,
    )
