"""The HTML report: one self-contained file a reader opens in any browser.

Everything is inside the file: the data as JSON, the script that draws it,
the styles. Nothing is fetched, so the report opens offline, from an email
attachment or a shared drive, and keeps working when the store is gone.

Article text and metadata are untrusted: a scraped page can hold
``<script>`` or an ``onerror`` attribute in its title. Three walls keep it
text. Jinja escapes what the template writes; the JSON is written with
``<``, ``>`` and ``&`` escaped so nothing can close its script element;
the script builds the page with ``textContent`` and ``setAttribute`` on
fixed attribute names, never ``innerHTML``. Behind them, a Content Security
Policy lets only the report's own script (by hash) run, and nothing load.

Big corpora: only clustered articles carry their text, and the page draws
the cluster list a page at a time and a cluster's graph, timeline and
texts only when it is opened. The articles in no cluster that credit a
source are a plain table written with the page, without their text.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from typing import Any, TextIO

from provenance import lineage_store
from provenance.graph_layout import NODE_HEIGHT, NODE_WIDTH, layered
from provenance.report import ClusterSummary, cluster_summaries
from provenance.store import Store, in_chunks
from provenance.timeline import describe

MATCH_FIELDS = ("a", "b", "kind", "score", "a_coverage", "b_coverage", "verbatim_share")


def _utf16(text: str) -> Any:
    """A function turning offsets in ``text`` (code points) into the UTF-16 units a browser counts.

    They differ only after a character beyond the Basic Multilingual Plane
    (most emoji), so most texts need no table.
    """
    if text.isascii() or max(text) <= "\uffff":
        return lambda offset: offset
    units = [0]
    for char in text:
        units.append(units[-1] + (2 if char > "\uffff" else 1))
    return lambda offset: units[min(offset, len(text))]


def _articles(store: Store, wanted: set[str]) -> dict[str, dict[str, Any]]:
    found = {}
    ids = sorted(wanted)
    rows = (
        row
        # Only the reported articles' texts are read: most of a large corpus is in no cluster.
        for start in range(0, len(ids), 500)
        for row in store.db.query(
            "select id, title, outlet, url, published, published_utc, published_precision, tz_assumed, credit, words, text "
            f"from articles where id in ({', '.join('?' * len(ids[start : start + 500]))})",
            ids[start : start + 500],
        )
    )
    for row in rows:
        found[row["id"]] = {
            "title": row["title"] or "",
            "outlet": row["outlet"] or "",
            "url": row["url"] or "",
            "when": describe(row["published"], row["published_precision"], bool(row["tz_assumed"])),
            "utc": row["published_utc"],
            "exact": row["published_precision"] != "date" and not row["tz_assumed"],
            "credit": row["credit"] or "",
            "words": row["words"],
            "text": row["text"],
        }
    return found


def _matches(store: Store, articles: dict[str, dict[str, Any]], matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The matches between reported articles, passages as browser offsets ``[a0, a1, b0, b1, kind, similarity]``."""
    passages: dict[tuple[str, str], list[list[Any]]] = {}
    units = {}
    for row in store.db.query("select * from passages order by a, b, n"):
        a, b = row["a"], row["b"]
        if a not in articles or b not in articles:
            continue
        for side in (a, b):
            if side not in units:
                units[side] = _utf16(articles[side]["text"])
        passages.setdefault((a, b), []).append(
            [
                units[a](row["a_begin"]),
                units[a](row["a_end"]),
                units[b](row["b_begin"]),
                units[b](row["b_end"]),
                row["kind"],
                round(row["similarity"], 3),
            ]
        )
    return [
        {**{name: row[name] for name in MATCH_FIELDS}, "passages": passages.get((row["a"], row["b"]), [])}
        for row in matches
        if row["a"] in articles and row["b"] in articles
    ]


def _graph(summary: ClusterSummary, lineage: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A cluster's lineage picture: outside sources and articles placed, edges from the lineage rows."""
    outside = {_node(row): (row["parent"], row["parent_type"]) for row in lineage if row["parent_type"] != "article"}
    order = list(outside) + list(summary.articles)
    # The main source of each article first, then the others by confidence: where edges
    # could close a cycle, the layout keeps the ones it meets first.
    ranked = sorted(lineage, key=lambda row: (row.get("n", 1) != 1, -row["confidence"], row["article"], _node(row)))
    layout = layered(order, [(_node(row), row["article"]) for row in ranked])
    nodes = []
    for node in order:
        x, y = layout.positions[node]
        if node in outside:
            name, kind = outside[node]
            label, sub = ("unknown common source", "not in the corpus") if kind == "unknown" else (name, "credited, not in the corpus")
            nodes.append({"id": node, "type": kind, "x": x, "y": y, "label": label, "sub": sub})
        else:
            article = articles[node]
            nodes.append({"id": node, "type": "article", "x": x, "y": y, "label": article["outlet"] or node, "sub": node})
    return {"width": layout.width, "height": layout.height, "node_width": NODE_WIDTH, "node_height": NODE_HEIGHT, "nodes": nodes}


def _node(row: dict[str, Any]) -> str:
    """The graph node of a lineage row's source: outside sources get ids of their own, so none can be taken for an article."""
    return row["parent"] if row["parent_type"] == "article" else "source:" + row["parent"]


def _quotations(matches: Iterable[dict[str, Any]], member_of: dict[str, str]) -> dict[str, list[list[str]]]:
    """Per cluster, ``[member, other]`` pairs that share only quotations with an article outside it."""
    found: dict[str, list[list[str]]] = {}
    for m in matches:
        if m["kind"] != "quotes":
            continue
        for inside, other in ((m["a"], m["b"]), (m["b"], m["a"])):
            cluster = member_of.get(inside)
            if cluster and member_of.get(other) != cluster:
                found.setdefault(cluster, []).append([inside, other])
    return found


def report_data(store: Store) -> dict[str, Any]:
    """Everything the page shows, as plain data.

    Returns:
        ``summary`` (counts), ``clusters`` (each cluster's summary with its
        lineage rows, graph layout and quotation-only partners),
        ``articles`` (the clustered articles, with text), ``matches``
        (between them, with passages in browser offsets) and ``alone``
        (the articles in no cluster that credit a source).
    """
    summaries = cluster_summaries(store)
    member_of = {article: s.id for s in summaries for article in s.articles}
    all_matches = list(store.db.query(f"select {', '.join(MATCH_FIELDS)} from matches order by a, b"))
    quotations = _quotations(all_matches, member_of)
    # The quotation-only partners come along so their side-by-side view works too.
    wanted = set(member_of) | {other for pairs in quotations.values() for _, other in pairs}
    articles = _articles(store, wanted)
    lineage: dict[str, list[dict[str, Any]]] = {}
    alone = []
    for row in lineage_store.lineage_rows(store):
        if row["cluster_id"] is None:
            alone.append(row)
            continue
        lineage.setdefault(row["cluster_id"], []).append(
            {name: row[name] for name in ("article", "n", "parent", "parent_type", "confidence", "relation", "evidence")}
        )
    clusters = []
    for s in summaries:
        rows = lineage.get(s.id, [])
        clusters.append(
            {
                **s.as_dict(),
                "lineage": rows,
                "graph": _graph(s, rows, articles),
                "quotations": quotations.get(s.id, []),
            }
        )
    kinds = Counter(m["kind"] for m in all_matches)
    listed = _alone(store, alone)
    outside = {(row["parent"], row["parent_type"]) for rows in lineage.values() for row in rows if row["parent_type"] != "article"}
    return {
        "summary": {
            "articles": store.count("articles"),
            "clustered": len(member_of),
            "clusters": len(summaries),
            "outlets": len({outlet for s in summaries for outlet in s.outlets}),
            "matches": dict(sorted(kinds.items())),
            "derivations": sum(len(rows) for rows in lineage.values()),
            "external": sorted(name for name, kind in outside if kind == "external"),
            "unknown": sum(1 for _, kind in outside if kind == "unknown"),
            "alone": len(listed),
        },
        "clusters": clusters,
        "articles": articles,
        "matches": _matches(store, articles, all_matches),
        "alone": listed,
    }


def _alone(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The articles in no cluster that credit a source, each with its sources and its credit line.

    Listed below the clusters: a wire reading the page sees who republished
    its copy alone, sharing text with nothing else in the corpus.
    """
    sources: dict[str, list[str]] = {}
    for row in rows:
        sources.setdefault(row["article"], []).append(row["parent"])
    listed = []
    for chunk, marks in in_chunks(sorted(sources)):
        for row in store.db.query(
            f"select id, outlet, published, published_precision, tz_assumed, title, credit from articles where id in ({marks})",
            chunk,
        ):
            when = describe(row["published"], row["published_precision"], bool(row["tz_assumed"]))
            listed.append(
                {
                    "id": row["id"],
                    "outlet": row["outlet"] or "",
                    "when": when,
                    "title": row["title"] or "",
                    "sources": sources[row["id"]],
                    "credit": row["credit"] or "",
                }
            )
    return sorted(listed, key=lambda article: article["id"])


def _asset(name: str) -> str:
    return resources.files("provenance").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render(data: dict[str, Any], database: str, generated: dt.datetime | None = None) -> str:
    """The page for :func:`report_data`'s result.

    Args:
        data: What to show.
        database: The store's name, shown in the heading.
        generated: When the report was made (now, if not given).
    """
    import jinja2
    from markupsafe import Markup

    script, style = _asset("report.js"), _asset("report.css")
    environment = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    # tojson escapes <, >, & and ' whatever these say; compact and unescaped non-ASCII keep the file small.
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    template = environment.from_string(_asset("report.html"))
    generated = generated or dt.datetime.now(dt.timezone.utc)
    return template.render(
        # The page's script has no use for the articles in no cluster: the page lists them as it is.
        data={key: value for key, value in data.items() if key != "alone"},
        alone=data["alone"],
        summary=data["summary"],
        database=database,
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
        script=Markup(script),
        style=Markup(style),
        policy=f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; img-src data:",
    )


def write_html_report(store: Store, out: TextIO) -> dict[str, int]:
    """Write the report of a store; returns how many clusters and articles it holds."""
    data = report_data(store)
    out.write(render(data, store.path.name))
    return {"clusters": len(data["clusters"]), "articles": len(data["articles"])}
