"""The report commands: copy clusters, lineage trees, one article's record, two articles compared.

Each opens the store, asks one library function (:mod:`provenance.report`,
:mod:`provenance.trees`, :mod:`provenance.article_report`,
:mod:`provenance.comparison`) and renders the result for a terminal, a pipe
or a program. :mod:`provenance.cli` registers them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from provenance.cli_support import (
    DbOption,
    clip,
    count,
    error,
    open_store,
    short_time,
    tabulate,
    write_file,
)

if TYPE_CHECKING:
    from provenance.report import ClusterSummary


def _since(value: str | None) -> tuple[int | None, str | None]:
    """``--since`` as ``(scan number, UTC time)``: a whole number is a scan, anything else a time."""
    if value is None:
        return None, None
    if value.strip().isdigit():
        return int(value), None
    from provenance.dates import parse_published

    try:
        published = parse_published(value)
    except ValueError:
        published = None
    if published is None:
        raise error(f"cannot read --since {value!r}: give a scan number or a time such as 2025-10-14 or 2025-10-14T12:00Z", 2)
    return None, published.utc


def clusters(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, markdown, csv or json.")] = "table",
    new: Annotated[bool, typer.Option("--new", help="Only clusters that appeared or changed in the last scan.")] = False,
    since: Annotated[
        Optional[str],
        typer.Option(
            help="A scan number: only clusters that appeared or changed in it or later. "
            "A date or time: only clusters with an article published then or later.",
        ),
    ] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only clusters with an article from this outlet.")] = None,
    min_size: Annotated[int, typer.Option("--min-size", help="Only clusters of at least this many articles.", min=0)] = 0,
    kind: Annotated[
        Optional[str], typer.Option(help="Only clusters with a match of this kind: copy, light or heavy.")
    ] = None,
    sort: Annotated[str, typer.Option(help="size, first, span, outlets or id.")] = "size",
) -> None:
    """Print the copy clusters: articles joined by copying or rewriting.

    Example: provenance clusters --outlet "Island Post" --sort first
    """
    from provenance.kinds import DERIVED
    from provenance.report import SORTS, cluster_summaries, select

    if format not in ("table", "markdown", "csv", "json"):
        raise error(f"unknown format {format!r}: use table, markdown, csv or json", 2)
    if kind is not None and kind not in DERIVED:
        raise error(f"unknown kind {kind!r}: use {', '.join(DERIVED)}", 2)
    if sort not in SORTS:
        raise error(f"unknown sort {sort!r}: use {', '.join(SORTS)}", 2)
    scan, published_since = _since(since)
    with open_store(db) as store:
        if new:
            last = store.db.execute("select max(id) from scans where status != 'running'").fetchone()[0]
            scan = last or 1
        if scan is not None and not store.has_scan(scan):
            raise error(f"no scan {scan}: 'provenance scans' lists them", 2)
        summaries = select(cluster_summaries(store, scan), outlet, min_size, kind, sort, published_since)
    if format == "json":
        typer.echo(json.dumps([s.as_dict() for s in summaries], ensure_ascii=False, indent=2))
        return
    if format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(
            ["id", "size", "first", "first_outlet", "first_published", "root", "root_type", "outlets", "copy", "light", "heavy", "span_hours"]
        )
        for s in summaries:
            writer.writerow(
                [
                    s.id, s.size, s.first, s.first_outlet, s.first_published, s.root, s.root_type,
                    "; ".join(s.outlets), *s.kinds.values(), s.span_hours,
                ]
            )
        return
    if not summaries:
        typer.echo("No copy clusters" + (" match." if outlet or min_size or kind or since else "."))
        return
    typer.echo(_cluster_table(summaries, scan is not None, format == "markdown"))
    articles = sum(s.size for s in summaries)
    outlets = len({name for s in summaries for name in s.outlets})
    typer.echo(f"\n{count(len(summaries), 'copy cluster')} holding {count(articles, 'article')} from {count(outlets, 'outlet')}.")
    typer.echo("c/l/h: copy, light and heavy rewrite matches. Times in UTC.")
    typer.echo("root: the source atop the largest lineage tree (ext: credited, not in corpus).")
    if scan is not None:
        typer.echo("scans: the scan it appeared in, the last that changed it, clusters merged in.")


#: Narrowest the outlet and root columns of the cluster table get.
MIN_NAME = 8


def _root(summary: ClusterSummary) -> str:
    if summary.root_type == "unknown":
        return "unknown"
    if summary.root_type == "external":
        return f"{summary.root} (ext)"
    return summary.root or ""


def _cluster_table(summaries: list[ClusterSummary], history: bool, markdown: bool) -> str:
    """The cluster table, its two free-text columns clipped to fit the terminal (80 columns when piped)."""
    import shutil

    fixed = [
        [
            s.id,
            str(s.size),
            short_time(s.first_published),
            str(len(s.outlets)),
            "/".join(str(count) for count in s.kinds.values()),
            "" if s.span_hours is None else f"{s.span_hours:g}h",
        ]
        for s in summaries
    ]
    headers = ["cluster", "size", "first (UTC)", "from", "root", "outlets", "c/l/h", "span"]
    if history:
        # What a scheduled run asks: when each appeared, changed, absorbed others.
        headers.append("scans")

    def render(width: int) -> str:
        rows = [
            [*row[:3], clip(s.first_outlet or s.first, width), clip(_root(s), width), *row[3:]]
            + ([_history(s)] if history else [])
            for row, s in zip(fixed, summaries)
        ]
        return tabulate(rows, headers=headers, tablefmt="github" if markdown else "simple", disable_numparse=True)

    # The two names share what the other columns leave of the terminal.
    narrow = render(MIN_NAME)
    spare = shutil.get_terminal_size((80, 24)).columns - max(map(len, narrow.splitlines()), default=0)
    return render(MIN_NAME + spare // 2) if spare > 1 else narrow


def _history(summary: ClusterSummary) -> str:
    """When a cluster appeared and last changed, and what it absorbed: "3, changed 5, merged c1a2b3"."""
    text = str(summary.created_scan or "")
    if summary.changed_scan and summary.changed_scan != summary.created_scan:
        text += f", changed {summary.changed_scan}"
    if summary.merged:
        text += ", merged " + " ".join(merged for merged, _ in summary.merged)
    return text


def lineage(
    key: Annotated[Optional[str], typer.Argument(help="A cluster id, or an article id (its cluster is shown).")] = None,
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="tree or json.")] = "tree",
) -> None:
    """Print who copied whom: each copy cluster as a tree of sources and derivatives.

    Example: provenance lineage newspulse-halvard-bridge
    """
    if format not in ("tree", "json"):
        raise error(f"unknown format {format!r}: use tree or json", 2)
    from provenance.trees import cluster_of, lone_tree, tree, trees

    with open_store(db) as store:
        if key is None:
            found = trees(store)
        else:
            cluster = cluster_of(store, key)
            alone = lone_tree(store, key) if cluster is None else None
            if cluster is None and alone is None:
                known = store.db.execute("select 1 from articles where id = ?", [key]).fetchone()
                reason = (
                    "is in no copy cluster: it shares no copied text and credits no source"
                    if known
                    else "is neither an article nor a cluster"
                )
                raise error(f"{key} {reason}; list clusters with: provenance clusters", 1)
            found = [alone or tree(store, cluster)]
    if format == "json":
        typer.echo(json.dumps([t.as_dict() for t in found], ensure_ascii=False, indent=2))
        return
    typer.echo("\n\n".join("\n".join(t.lines()) for t in found) or "No copy clusters.")


def show(
    article: Annotated[str, typer.Argument(help="The article's id.")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Print one article: its metadata and credit line, its sources with evidence, what derives from it, its matches.

    Example: provenance show island-post-bridge
    """
    if format not in ("text", "json"):
        raise error(f"unknown format {format!r}: use text or json", 2)
    from provenance.article_report import article_report

    with open_store(db) as store:
        found = article_report(store, article)
    if found is None:
        raise error(f"no article {article!r}: list them with: provenance articles", 1)
    if format == "json":
        typer.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo("\n".join(found.lines()))


#: Colour of a passage's text on a terminal, by kind.
KIND_COLOURS = {"verbatim": "red", "rewritten": "yellow", "quotation": "cyan"}
#: Narrowest terminal that shows two columns; below it the texts alternate.
SIDE_BY_SIDE = 80


def compare(
    a: Annotated[str, typer.Argument(help="One article's id (shown on the left).")],
    b: Annotated[str, typer.Argument(help="The other's (on the right).")],
    db: DbOption = None,
    width: Annotated[
        Optional[int], typer.Option(help="Line width (default: the terminal's, 80 when piped).", min=40)
    ] = None,
    layout: Annotated[str, typer.Option(help="auto, columns or interleaved.")] = "auto",
) -> None:
    """Print two articles side by side, each shared passage beside its counterpart with its kind and similarity.

    Passages are coloured by kind on a terminal (red verbatim, yellow
    rewritten, cyan quotation) and plain when piped. Below 80 columns the
    texts alternate, A then B, instead of standing side by side.

    Example: provenance compare island-post-bridge newspulse-halvard-bridge
    """
    import shutil

    from provenance.comparison import compare as build

    if layout not in ("auto", "columns", "interleaved"):
        raise error(f"unknown layout {layout!r}: use auto, columns or interleaved", 2)
    with open_store(db) as store:
        found = build(store, a, b)
    if isinstance(found, str):
        raise error(f"no article {found!r}: list them with: provenance articles", 1)
    width = width or shutil.get_terminal_size((80, 24)).columns

    def style(text: str, kind: str | None) -> str:
        return typer.style(text, fg=KIND_COLOURS[kind]) if kind in KIND_COLOURS else text

    columns = layout == "columns" or (layout == "auto" and width >= SIDE_BY_SIDE)
    lines = found.side_by_side(width, style) if columns else found.interleaved(width, style)
    typer.echo("\n".join(lines))


def report(
    html: Annotated[Path, typer.Option("--html", help="Write the report to this HTML file.")],
    db: DbOption = None,
) -> None:
    """Write the whole report as one self-contained HTML file: clusters, lineage graphs, timelines, any pair side by side.

    The file needs nothing else: no network, fonts or scripts from
    elsewhere. Open it in any browser; article text in it is shown as text,
    never run.

    Example: provenance report --html report.html
    """
    from provenance.html_report import write_html_report

    with open_store(db) as store:
        shown = write_file(html, lambda stream: write_html_report(store, stream))
    size = html.stat().st_size
    typer.echo(
        f"Wrote {html}: {count(shown['clusters'], 'copy cluster')} and {count(shown['articles'], 'article')}, "
        f"{size / 1e6:.1f} MB",
        err=True,
    )
