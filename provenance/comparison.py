"""Two articles side by side, their shared passages marked.

What an editor checks before calling something a copy: the two texts, each
aligned passage next to its counterpart with its kind and similarity, and
what each article has that the other lacks. The text between passages is
shown where it falls, so that an added paragraph or a dropped one is as
visible as a copied one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from provenance import findings
from provenance.store import Store
from provenance.timeline import describe

#: How a renderer colours text: ``style(text, passage kind or None)``.
Style = Callable[[str, "str | None"], str]


def plain(text: str, kind: str | None) -> str:
    """No colour: for files and pipes."""
    return text


@dataclass(frozen=True)
class Segment:
    """A stretch of the comparison: a shared passage, or text only one side has.

    Attributes:
        left: A's text in it ("" when only B has text here).
        right: B's text.
        number: The passage's number (1-based), None for unshared text.
        kind: ``verbatim``, ``rewritten`` or ``quotation``; None for unshared text.
        similarity: The passage's similarity.
    """

    left: str
    right: str
    number: int | None = None
    kind: str | None = None
    similarity: float | None = None

    def label(self) -> str:
        if self.number is None:
            return "not aligned" if self.left and self.right else "only in A" if self.left else "only in B"
        return f"passage {self.number}: {self.kind}, similarity {self.similarity:.2f}"


@dataclass(frozen=True)
class Comparison:
    """Two stored articles and what they share.

    Attributes:
        a: A's id, title, outlet and publication time in words.
        b: Likewise for B.
        match: The stored match (kind, score, coverage of each side,
            verbatim share), or None when they share nothing that counts.
        segments: The texts cut into shared passages and unshared stretches.
    """

    a: dict[str, Any]
    b: dict[str, Any]
    match: dict[str, Any] | None
    segments: list[Segment] = field(default_factory=list)

    def summary(self) -> list[str]:
        """Who is who, and how much they share."""
        lines = [f"{side}  {row['id']}  [{row['outlet'] or 'no outlet'}, {row['when']}]" for side, row in (("A", self.a), ("B", self.b))]
        m = self.match
        if m is None:
            lines.append("They share no passage that counts as reuse.")
        else:
            passages = sum(1 for s in self.segments if s.number is not None)
            lines.append(
                f"{m['kind']}, score {m['score']:.2f}: {passages} passage{'s' * (passages != 1)} cover "
                f"{m['a_coverage']:.0%} of A and {m['b_coverage']:.0%} of B; {m['verbatim_share']:.0%} of it verbatim"
            )
        return lines

    def side_by_side(self, width: int, style: Style = plain) -> list[str]:
        """Columns: A on the left, B on the right, each passage beside its counterpart."""
        column = max(20, (width - 3) // 2)
        lines = self.summary()
        for segment in self.segments:
            lines += ["", _rule(segment.label(), width)]
            left, right = _wrap(segment.left, column), _wrap(segment.right, column)
            for l, r in zip_longest(left, right, fillvalue=""):
                lines.append(f"{style(l.ljust(column), segment.kind)} │ {style(r, segment.kind)}".rstrip())
        return lines

    def interleaved(self, width: int, style: Style = plain) -> list[str]:
        """For a narrow terminal: each passage's A text, then its B text."""
        lines = self.summary()
        for segment in self.segments:
            lines += ["", _rule(segment.label(), width)]
            for side, text in (("A", segment.left), ("B", segment.right)):
                lines += [f"{side} │ {style(line, segment.kind)}" for line in _wrap(text, width - 4)]
        return lines


def _rule(label: str, width: int) -> str:
    return f"── {label} " + "─" * max(0, width - len(label) - 4)


def _wrap(text: str, width: int) -> list[str]:
    """Wrapped lines, paragraph by paragraph."""
    lines: list[str] = []
    for paragraph in text.strip().split("\n"):
        if paragraph.strip():
            lines += textwrap.wrap(" ".join(paragraph.split()), width) or [""]
    return lines


def _side(store: Store, article_id: str) -> dict[str, Any] | None:
    row = store.db.execute(
        "select id, title, outlet, published, published_precision, tz_assumed, text from articles where id = ?", [article_id]
    ).fetchone()
    if row is None:
        return None
    id_, title, outlet, published, precision, assumed, text = row
    return {"id": id_, "title": title, "outlet": outlet, "when": describe(published, precision, bool(assumed)), "text": text}


def segments(a_text: str, b_text: str, passages: list[dict[str, Any]]) -> list[Segment]:
    """Cut both texts into passages (in A's order) and the stretches between them.

    Each stretch of B outside every passage is shown just before the
    passage that follows it in B, so every character of both texts appears
    once, whatever order B tells the story in.
    """
    by_a = sorted(passages, key=lambda p: p["a_begin"])
    by_b = sorted(passages, key=lambda p: p["b_begin"])
    before_in_b = {}
    cursor = 0
    for p in by_b:
        before_in_b[p["n"]] = b_text[cursor : p["b_begin"]] if p["b_begin"] > cursor else ""
        cursor = max(cursor, p["b_end"])
    b_tail = b_text[cursor:]
    found = []
    cursor = 0
    for number, p in enumerate(by_a, 1):
        a_gap = a_text[cursor : p["a_begin"]] if p["a_begin"] > cursor else ""
        b_gap = before_in_b[p["n"]]
        if a_gap.strip() or b_gap.strip():
            # Side by side: what each tells between two passages, often a rewrite too loose to align.
            found.append(Segment(a_gap.strip() and a_gap, b_gap.strip() and b_gap))
        found.append(
            Segment(a_text[p["a_begin"] : p["a_end"]], b_text[p["b_begin"] : p["b_end"]], number, p["kind"], p["similarity"])
        )
        cursor = max(cursor, p["a_end"])
    a_tail = a_text[cursor:]
    if a_tail.strip() or b_tail.strip():
        found.append(Segment(a_tail.strip() and a_tail, b_tail.strip() and b_tail))
    return found


def compare(store: Store, a_id: str, b_id: str) -> Comparison | str:
    """The comparison of two stored articles, or the id that is not stored."""
    a, b = _side(store, a_id), _side(store, b_id)
    if a is None or b is None:
        return a_id if a is None else b_id
    stored_a, stored_b = sorted((a_id, b_id))
    row = store.db.execute("select * from matches where a = ? and b = ?", [stored_a, stored_b]).fetchone()
    match = None
    passages = []
    if row is not None:
        columns = [c[0] for c in store.db.execute("select * from matches limit 0").description]
        match = dict(zip(columns, row))
        passages = findings.passage_rows(store, stored_a, stored_b)
        if stored_a != a_id:
            # Stored with the ids in order: turn it round to the order asked for.
            match["a_coverage"], match["b_coverage"] = match["b_coverage"], match["a_coverage"]
            passages = [
                {**p, "a_begin": p["b_begin"], "a_end": p["b_end"], "b_begin": p["a_begin"], "b_end": p["a_end"]}
                for p in passages
            ]
    found = segments(a["text"], b["text"], passages) if passages else [Segment(a["text"], ""), Segment("", b["text"])]
    return Comparison(
        {k: v for k, v in a.items() if k != "text"}, {k: v for k, v in b.items() if k != "text"}, match, found
    )
