"""Lineage trees: a cluster's stored lineage as a tree a person can read.

The roots of a tree are the sources nothing in the corpus precedes: an
outside source that credit lines name, an unknown common source, or an
original article. Each article hangs under its source with its outlet,
time, the kind of reuse, the confidence and the main evidence. Articles
that share only quotations with the cluster are listed beside the tree,
because they point to the quoted statement, not to any of its articles.

An article in no cluster has a tree when it credits a source: that source
is all the lineage it has. Listing every tree, the articles in no cluster
are drawn under each source they credit, so a wire sees at a glance who
republished its copy alone.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from provenance import findings, lineage_store
from provenance.store import Store, in_chunks
from provenance.timeline import describe

#: Width of the lines that are prose rather than tree.
WIDTH = 80


@dataclass(frozen=True)
class Tree:
    """One cluster's lineage.

    Attributes:
        cluster: The cluster id; None for an article in no cluster, whose tree holds the sources it credits.
        articles: The cluster's articles: id -> outlet, published, precision, tz_assumed.
        derivations: Its lineage rows.
        quotes: ``(article in the cluster, article outside it)`` pairs that share only quotations.
    """

    cluster: str | None
    articles: dict[str, dict[str, Any]]
    derivations: list[dict[str, Any]]
    quotes: list[tuple[str, str]]

    def as_dict(self) -> dict[str, Any]:
        """The tree as plain data, for ``--format json``."""
        return {
            "cluster": self.cluster,
            "articles": [{"id": key, **value} for key, value in self.articles.items()],
            "lineage": self.derivations,
            "shares_only_quotations": [{"article": a, "with": b} for a, b in self.quotes],
        }

    def lines(self) -> list[str]:
        """The tree drawn with box characters, roots first."""
        children: dict[str, list[dict[str, Any]]] = {}
        for d in self.derivations:
            children.setdefault(d["parent"], []).append(d)
        outside = {d["parent"]: d["parent_type"] for d in self.derivations if d["parent_type"] != "article"}
        has_parent = {d["article"] for d in self.derivations}
        main = {d["article"]: d["parent"] for d in self.derivations if d["n"] == 1}
        roots = sorted(outside) + [a for a in sorted(self.articles) if a not in has_parent]
        if self.cluster is None:
            [first, *more] = self.articles
            who = f"{first} (in no copy cluster: it shares" if not more else f"{len(self.articles)} articles (in no copy cluster: they share"
            lines = [f"{who} no copied text)"]
        else:
            lines = [f"cluster {self.cluster} ({len(self.articles)} articles)"]
        for root in roots:
            if root in outside:
                label = "unknown common source" if outside[root] == "unknown" else f"{root} (external: not in the corpus)"
                lines.append(label)
            else:
                lines.append(f"{root}  {self._about(root)}  original")
            self._draw(root, children, main, "", lines)
        quoting: dict[str, list[str]] = {}
        for inside, other in self.quotes:
            quoting.setdefault(other, []).append(inside)
        for other, insiders in sorted(quoting.items()):
            # Wrapped for an 80-column terminal: a wire story can be quoted by dozens.
            lines += textwrap.wrap(
                f"outside the tree: {other} shares only quotations with {', '.join(insiders)} "
                "(a common quoted statement, not a copy)",
                WIDTH,
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
        return lines

    def _about(self, article: str) -> str:
        row = self.articles[article]
        when = describe(row["published"], row["published_precision"], bool(row["tz_assumed"]))
        return f"[{row['outlet'] or 'no outlet'}, {when}]"

    def _draw(
        self, parent: str, children: dict[str, list[dict[str, Any]]], main: dict[str, str], indent: str, lines: list[str]
    ) -> None:
        below = sorted(children.get(parent, []), key=lambda d: d["article"])
        for number, d in enumerate(below):
            last = number == len(below) - 1
            # An article that combines sources hangs under each; what derives from it, under its main one only.
            further = d["n"] != 1
            role = f", also from {main[d['article']]} (drawn there)" if further and d["article"] in main else ""
            lines.append(
                f"{indent}{'└── ' if last else '├── '}{d['article']}: {d['relation']}, confidence {d['confidence']:.2f}{role}"
            )
            more = indent + ("    " if last else "│   ")
            lines.append(f"{more}  {self._about(d['article'])[1:-1]}")
            if d["evidence"]:
                # Each line fits 80 columns however deep the tree: the evidence wraps under itself.
                lines += textwrap.wrap(
                    f"because: {d['evidence'][0]}",
                    max(WIDTH, len(more) + 42),
                    break_on_hyphens=False,
                    initial_indent=f"{more}  ",
                    subsequent_indent=f"{more}    ",
                )
            if not further:
                self._draw(d["article"], children, main, more, lines)


def cluster_of(store: Store, key: str) -> str | None:
    """The cluster ``key`` names: a cluster id, or the id of an article in one."""
    row = store.db.execute(
        "select id from clusters where id = ? union select cluster_id from cluster_members where article_id = ?", [key, key]
    ).fetchone()
    return row[0] if row else None


def tree(store: Store, cluster: str) -> Tree:
    """The lineage tree of one cluster."""
    members = [row[0] for row in store.db.execute("select article_id from cluster_members where cluster_id = ?", [cluster])]
    return _tree(store, cluster, members, lineage_store.lineage_rows(store, cluster))


def lone_tree(store: Store, article: str) -> Tree | None:
    """The sources an article in no cluster credits, as a tree; None if it credits none."""
    derivations = lineage_store.lineage_rows(store, article=article)
    if not derivations or derivations[0]["cluster_id"] is not None:
        return None
    return _tree(store, None, [article], derivations)


def _tree(store: Store, cluster: str | None, members: list[str], derivations: list[dict[str, Any]]) -> Tree:
    articles = {}
    quotes = []
    inside = set(members)
    for chunk, marks in in_chunks(sorted(members)):
        for row in store.db.query(
            f"select id, outlet, published, published_precision, tz_assumed from articles where id in ({marks})", chunk
        ):
            articles[row["id"]] = {key: row[key] for key in ("outlet", "published", "published_precision", "tz_assumed")}
        quotes += [
            (a, b) if a in inside else (b, a)
            for a, b in store.db.execute(
                f"select a, b from matches where kind = 'quotes' and (a in ({marks}) or b in ({marks}))", chunk + chunk
            ).fetchall()
            if (a in inside) != (b in inside)
        ]
    return Tree(cluster, dict(sorted(articles.items())), derivations, sorted(quotes))


def trees(store: Store) -> list[Tree]:
    """Every cluster's tree, largest cluster first, then the articles in no cluster under each source they credit."""
    alone: dict[str, list[dict[str, Any]]] = {}
    for row in lineage_store.lineage_rows(store):
        if row["cluster_id"] is None:
            alone.setdefault(row["parent"], []).append(row)
    clustered = [tree(store, row["id"]) for row in findings.cluster_rows(store)]
    return clustered + [_tree(store, None, sorted({r["article"] for r in rows}), rows) for _, rows in sorted(alone.items())]
