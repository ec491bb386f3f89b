"""The ``provenance`` command: a thin layer over the library.

Each command opens the store, calls one library function, and renders the
result: data on stdout, problems and progress on stderr. Library errors
become one ``Error: ...`` line and exit status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from provenance import __version__, report_commands
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
from provenance.export import FORMATS, SECTIONS, write_export
from provenance.scan_command import scan

if TYPE_CHECKING:
    from typing import TextIO

    from provenance.store import Store

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Find who copied whom among news articles.")
app.command()(scan)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find who copied whom among news articles."""


@app.command()
def articles(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """List the stored articles, oldest first (undated last).

    Example: provenance articles --format json
    """
    with open_store(db) as store:
        rows = list(store.article_rows("id, outlet, published, words, credit, title"))
        if format == "json":
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        elif format == "csv":
            write_export(store, sys.stdout, "csv", "articles")
        elif format == "table":
            table = [
                [
                    clip(r["id"], 24),
                    clip(r["outlet"], 18),
                    short_time(r["published"]),
                    r["words"],
                    clip(r["credit"], 22),
                ]
                for r in rows
            ]
            typer.echo(tabulate(table, headers=["id", "outlet", "published", "words", "credit"]))
            typer.echo(f"{len(rows)} articles in {store.path}")
        else:
            raise error(f"unknown format {format!r}: use table, json or csv", 2)


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, jsonl or csv; dot or graphml for the lineage graph.")
    ] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    table: Annotated[str, typer.Option(help="With csv: articles, matches, clusters or lineage.")] = "articles",
) -> None:
    """Export the articles, matches, clusters and lineage.

    Example: provenance export --format jsonl --out results.jsonl
    """
    from provenance.lineage_graph import GRAPH_FORMATS, write_graph

    if format not in (*FORMATS, *GRAPH_FORMATS):
        raise error(f"unknown format {format!r}: use one of {', '.join((*FORMATS, *GRAPH_FORMATS))}", 2)

    def write(store: Store, stream: TextIO) -> int:
        if format in GRAPH_FORMATS:
            return write_graph(store, stream, format)
        return write_export(store, stream, format, table)

    if format == "csv" and table not in SECTIONS:
        raise error(f"unknown table {table!r}: use one of {', '.join(SECTIONS)}", 2)
    with open_store(db) as store:
        if out is None:
            write(store, sys.stdout)
            return
        written = write_file(out, lambda stream: write(store, stream))
        typer.echo(f"Wrote {written} records to {out}", err=True)


@app.command()
def scans(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many scans to show, newest first.", min=1)] = 20,
    problems: Annotated[Optional[int], typer.Option(help="Show the problems met by this scan id.")] = None,
) -> None:
    """Show the history of scans, or the problems one scan met.

    Example: provenance scans --problems 3
    """
    with open_store(db) as store:
        if problems is not None:
            if not store.has_scan(problems):
                raise error(f"no scan {problems}: 'provenance scans' lists them")
            rows = store.problems(problems)
            for row in rows:
                where = f"{row['path']}:{row['line']}" if row["line"] is not None else row["path"]
                typer.echo(f"{where}: {'skipped' if row['fatal'] else 'warning'}: {row['message']}")
            typer.echo(f"{len(rows)} problems in scan {problems}", err=True)
            return
        table = [
            [
                r["id"],
                short_time(r["started_at"]),
                r["status"],
                r["files"],
                r["records"],
                r["added"],
                r["versions"],
                r["skipped"],
            ]
            for r in store.scans(limit)
        ]
        typer.echo(tabulate(table, headers=["scan", "started (UTC)", "status", "files", "read", "added", "versions", "skipped"]))


@app.command()
def boilerplate(db: DbOption = None) -> None:
    """List the page furniture learned from the corpus: lines never counted as copying.

    Example: provenance boilerplate
    """
    from provenance.findings import furniture_rows

    with open_store(db) as store:
        rows = furniture_rows(store)
    table = [[clip(row["text"], 50), row["articles"], row["outlets"], row["reason"]] for row in rows]
    typer.echo(tabulate(table, headers=["line", "articles", "outlets", "why"]))
    typer.echo(count(len(rows), "furniture line"))


for command in (
    report_commands.clusters,
    report_commands.lineage,
    report_commands.show,
    report_commands.compare,
    report_commands.report,
):
    app.command()(command)
