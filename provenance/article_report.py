"""One article's record: what it is, where it came from, and what came from it.

This is the page an editor opens for a single story: its metadata and
credit line, its sources with the evidence for each, the articles that
derive from it, and every match with another article, strongest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provenance import lineage_store
from provenance.store import Store
from provenance.timeline import describe

#: Article fields the record shows, in order.
FIELDS = ("id", "title", "outlet", "url", "published", "byline", "credit", "credited", "words", "path", "format")


@dataclass(frozen=True)
class ArticleReport:
    """An article with its lineage and matches.

    Attributes:
        article: The stored fields named in :data:`FIELDS`, and ``when``
            (the publication time in words, with its precision).
        cluster: The copy cluster it belongs to, if any.
        sources: Its lineage rows: where it came from.
        derivatives: The lineage rows that name it as their source.
        matches: Each match with another article: ``other``, ``kind``,
            ``score``, the share of this article covered (``coverage``) and
            of the other (``other_coverage``), the other's outlet and time.
    """

    article: dict[str, Any]
    cluster: str | None
    sources: list[dict[str, Any]]
    derivatives: list[dict[str, Any]]
    matches: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """Plain data, for ``--format json``."""
        return {
            "article": self.article,
            "cluster": self.cluster,
            "sources": self.sources,
            "derivatives": self.derivatives,
            "matches": self.matches,
        }

    def lines(self) -> list[str]:
        """The record as text: metadata, then sources, derivatives and matches."""
        a = self.article
        lines = [a["title"] or a["id"], ""]
        for label, key in (
            ("id", "id"),
            ("outlet", "outlet"),
            ("published", "when"),
            ("url", "url"),
            ("byline", "byline"),
            ("credit line", "credit"),
            ("words", "words"),
            ("read from", "path"),
        ):
            if a.get(key) not in (None, ""):
                lines.append(f"{label + ':':<13}{a[key]}")
        lines.append(f"{'cluster:':<13}{self.cluster or 'none (shares no copied text)'}")
        lines += ["", "Sources:"]
        if not self.sources:
            lines.append("  none found: an original, as far as this corpus shows")
        for row in self.sources:
            lines.append(f"  {row['parent']} ({row['parent_type']}, {row['relation']}, confidence {row['confidence']:.2f})")
            lines += [f"    - {reason}" for reason in row["evidence"]]
        lines += ["", "Derived from it:"]
        if not self.derivatives:
            lines.append("  none")
        for row in self.derivatives:
            lines.append(f"  {row['article']} ({row['relation']}, confidence {row['confidence']:.2f})")
        lines += ["", "Matches:"]
        if not self.matches:
            lines.append("  none")
        for m in self.matches:
            lines.append(
                f"  {m['other']}: {m['kind']}, score {m['score']:.2f}, "
                f"covers {m['coverage']:.0%} of this, {m['other_coverage']:.0%} of it"
            )
            lines.append(f"    {m['other_outlet'] or 'no outlet'}, {m['other_when']}")
        if self.matches:
            lines += ["", f"Side by side: provenance compare {a['id']} {self.matches[0]['other']}"]
        return lines


def article_report(store: Store, article_id: str) -> ArticleReport | None:
    """The record of one stored article, or None if there is no such article."""
    row = store.db.execute(
        f"select {', '.join(FIELDS)}, published_precision, tz_assumed from articles where id = ?", [article_id]
    ).fetchone()
    if row is None:
        return None
    article = dict(zip((*FIELDS, "published_precision", "tz_assumed"), row))
    article["when"] = describe(article["published"], article.pop("published_precision"), bool(article.pop("tz_assumed")))
    found = store.db.execute("select cluster_id from cluster_members where article_id = ?", [article_id]).fetchone()
    cluster = found[0] if found else None
    # An article in no cluster still has the outside sources it credits.
    lineage = lineage_store.lineage_rows(store, cluster) if cluster else lineage_store.lineage_rows(store, article=article_id)
    matches = []
    for m in store.db.query(
        "select m.*, o.outlet as other_outlet, o.published as other_published, "
        "o.published_precision as precision, o.tz_assumed as assumed from matches m "
        "join articles o on o.id = (case when m.a = ?1 then m.b else m.a end) where m.a = ?1 or m.b = ?1",
        [article_id],
    ):
        mine = m["a"] == article_id
        matches.append(
            {
                "other": m["b"] if mine else m["a"],
                "kind": m["kind"],
                "score": m["score"],
                "coverage": m["a_coverage"] if mine else m["b_coverage"],
                "other_coverage": m["b_coverage"] if mine else m["a_coverage"],
                "other_outlet": m["other_outlet"],
                "other_when": describe(m["other_published"], m["precision"], bool(m["assumed"])),
            }
        )
    matches.sort(key=lambda m: (-m["score"], m["other"]))
    return ArticleReport(
        article=article,
        cluster=cluster,
        sources=[row for row in lineage if row["article"] == article_id],
        derivatives=[row for row in lineage if row["parent"] == article_id and row["parent_type"] == "article"],
        matches=matches,
    )
