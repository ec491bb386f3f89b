"""The kind of reuse between two aligned articles.

* ``copy``: near-verbatim republication (most aligned words verbatim).
* ``light``: a sentence-by-sentence rewrite that keeps most words in place.
* ``heavy``: a substantial rewrite: the content follows the source, the
  wording and order do not.
* ``quotes``: only quotations are shared, the mark of a common source (a
  statement both articles quote), not of copying.

The thresholds were chosen by leave-one-task-out cross-validation on the
Clough-Stevenson corpus of rewritten texts (``scripts/evaluate.py`` reports
the figures); where the folds disagreed the median was taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.alignment import QUOTATION, Alignment
from provenance.screening import Bounds

COPY = "copy"
LIGHT = "light"
HEAVY = "heavy"
QUOTES = "quotes"
#: The kinds that join articles into a copy cluster.
DERIVED = (COPY, LIGHT, HEAVY)


@dataclass(frozen=True)
class KindThresholds:
    """Decision thresholds.

    Attributes:
        min_sentences: Aligned sentence pairs below which nothing is reused.
        matched: Share of the more-explained article's content words that
            the alignment accounts for (``Alignment.a_matched`` and
            ``b_matched``) below which nothing is reused: independent
            reports of one event share a few facts, a rewrite shares most
            of its text's substance.
        copy_intact: ``Alignment.intact`` of a copy: shared text in
            unbroken blocks.
        copy_verbatim: Verbatim share of a copy; keeps one long shared
            quotation from making a rewrite a copy.
        light_word_order: Word order kept (``Alignment.word_order``) by a
            light rewrite.
        min_specific: Shared stems that are not common in the corpus
            (``Alignment.specific``) below which there is no reuse: the
            mark of a formula rather than a copy.
        own_figures: Figures each side may have that the other lacks
            (``Alignment.own_figures``): beyond it, the pair is two reports
            in one formula, each with its own facts, not a copy.
        heavy_shared: Shared stems (``Alignment.shared``) below which a
            pair that keeps neither word runs nor word order is not a
            rewrite. Shared vocabulary is then all the evidence there is,
            and two texts written apart on one subject (two explanations of
            one idea, two reports in one formula) share a dozen stems or so.
    """

    min_sentences: int = 2
    matched: float = 0.25
    copy_intact: float = 0.80
    copy_verbatim: float = 0.35
    light_word_order: float = 0.70
    min_specific: int = 2
    own_figures: int = 1
    heavy_shared: int = 16


def _enough(alignment: Alignment, t: KindThresholds) -> bool:
    """Whether the pair shares enough, outside quotations, to be reuse of some kind."""
    return (
        alignment.sentences >= t.min_sentences
        and max(alignment.a_matched, alignment.b_matched) >= t.matched
        and alignment.specific >= t.min_specific
        and alignment.own_figures <= t.own_figures
    )


def classify(alignment: Alignment, thresholds: KindThresholds | None = None) -> str | None:
    """The kind of reuse, or ``None`` when the articles share nothing that counts.

    Args:
        alignment: The two articles' alignment.
        thresholds: Decision thresholds; defaults if omitted.

    Returns:
        ``copy``, ``light``, ``heavy``, ``quotes`` or ``None``.
    """
    t = thresholds or KindThresholds()
    passages = alignment.passages
    quoted = any(passage.kind == QUOTATION for passage in passages)
    if passages and all(passage.kind == QUOTATION for passage in passages):
        return QUOTES
    if _enough(alignment, t):
        if alignment.intact >= t.copy_intact and alignment.verbatim_share >= t.copy_verbatim:
            return COPY
        if alignment.word_order >= t.light_word_order:
            return LIGHT
        if alignment.shared >= t.heavy_shared:
            return HEAVY
    # Too little for a rewrite; a quotation among it still marks a common
    # source (a statement both quote), the rest is shared facts or topic.
    return QUOTES if quoted else None


def may_be_classified(preliminary: Alignment, thresholds: KindThresholds | None = None) -> bool:
    """Whether an alignment not yet finished (see ``screen`` in :func:`provenance.alignment.align`) can be reuse.

    Its verbatim runs and word order are unknown, so whether it is a copy,
    a light rewrite or a heavy one is too: only what every kind needs decides.
    """
    t = thresholds or KindThresholds()
    return any(passage.kind == QUOTATION for passage in preliminary.passages) or _enough(preliminary, t)


def may_be_reuse(bounds: Bounds, thresholds: KindThresholds | None = None) -> bool:
    """Whether an alignment within these bounds could be classified at all.

    False means :func:`classify` would return ``None`` whatever alignment
    finds, so the pair need not be aligned.
    """
    t = thresholds or KindThresholds()
    return bounds.quotations or (
        max(bounds.a_matched, bounds.b_matched) >= t.matched and bounds.specific >= t.min_specific
    )


def score(alignment: Alignment) -> float:
    """Strength of the evidence, in [0, 1]: the share of the more-explained article accounted for."""
    return round(max(alignment.a_matched, alignment.b_matched), 4)
