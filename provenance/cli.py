"""The ``provenance`` command: a thin layer over the library.

Each command opens the store, calls one library function, and renders the
result: data on stdout, problems and progress on stderr. Library errors
become one ``Error: ...`` line and exit status 1.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from provenance import __version__
from provenance.errors import BusyError, Interrupted, ProvenanceError
from provenance.export import FORMATS, SECTIONS, write_export
from provenance.ingest import Problem
from provenance.scanner import EXIT_BUSY, EXIT_FAILED, EXIT_INTERRUPTED, ScanSummary, scan as run_scan
from provenance.signals import stop_requests
from provenance.settings import DB_ENV, Settings, resolve_db_path
from provenance.store import Store

if TYPE_CHECKING:
    from provenance.config import Alert
    from provenance.report import ClusterSummary

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Find who copied whom among news articles.")

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar=DB_ENV, help="SQLite database file [default: ./provenance.db]."),
]


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


def _error(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def _store(db: Path | None, *, create: bool = False) -> Iterator[Store]:
    """Open the store, turning library errors into one line and exit 1."""
    try:
        store = Store(resolve_db_path(db), create=create)
    except ProvenanceError as error:
        raise _error(str(error)) from None
    try:
        yield store
    except ProvenanceError as error:
        raise _error(str(error)) from None
    finally:
        store.close()


def tabulate(rows: list, **options: object) -> str:
    """tabulate's table; imported when a table is printed, not by every scan."""
    from tabulate import tabulate as render

    return render(rows, **options)


def _clip(value: str | None, width: int) -> str:
    """One line per row in an 80-column terminal: long values end in an ellipsis."""
    text = " ".join((value or "").split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else ('es' if noun.endswith('ch') else 's')}"


def _short_time(value: str | None) -> str:
    return value.replace("T", " ")[:16] if value else ""


@app.command()
def scan(
    paths: Annotated[
        Optional[list[str]], typer.Argument(help="Files and folders of articles; - reads standard input.")
    ] = None,
    db: DbOption = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="A provenance.toml naming sources, database and settings.")
    ] = None,
    max_file_mb: Annotated[Optional[int], typer.Option(help="Skip files larger than this many MiB [50].", min=1)] = None,
    timezone: Annotated[
        Optional[str], typer.Option(help="Zone assumed for publication times written without one [UTC].")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but problems (for cron).")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a machine-readable summary on stdout (problems still go to stderr).")
    ] = False,
    detect: Annotated[
        bool, typer.Option("--detect/--no-detect", help="Find copied passages and clusters after reading.")
    ] = True,
    wait: Annotated[
        Optional[float], typer.Option(help="Seconds to wait for another scan of this database to finish [0].", min=0)
    ] = None,
    reread: Annotated[bool, typer.Option("--reread", help="Read every input, even those unchanged since the last scan.")] = False,
    watch: Annotated[
        Optional[list[str]], typer.Option("--watch", help="Alert on new derivatives of this outlet (repeatable).")
    ] = None,
    alert_file: Annotated[Optional[Path], typer.Option(help="Write the alert JSON here when there is news.")] = None,
    alert_command: Annotated[
        Optional[str], typer.Option(help="Run this shell command with the alert JSON on stdin when there is news.")
    ] = None,
) -> None:
    """Read articles into the database, then find copies among them.

    Reads .txt/.md (with a header block or front matter), .html, .json,
    .jsonl, .csv and .warc(.gz); folders recursively. Inputs unchanged since
    an earlier scan are passed over, articles already stored add nothing,
    and only new or changed articles are compared. Exit status: 0 all
    stored, 1 failed, 2 bad usage or configuration, 3 finished with skipped
    inputs, 75 another scan was running, 130 interrupted.

    Example: provenance scan corpus/
    """
    from provenance.config import Alert, load

    try:
        setup = load(config) if config else None
    except ProvenanceError as error:
        raise _error(str(error), 2) from None
    sources = [*(setup.sources if setup else ()), *(paths or [])]
    if not sources:
        raise _error("nothing to scan: give files or folders, or --config with sources", 2)
    settings = setup.settings if setup else Settings()
    if max_file_mb is not None:
        settings = replace(settings, max_file_bytes=max_file_mb * 1024 * 1024)
    if timezone is not None:
        settings = replace(settings, default_timezone=timezone)
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(settings.default_timezone)
    except (KeyError, ValueError):
        raise _error(
            f"unknown time zone {settings.default_timezone!r}: give an IANA name such as UTC or Europe/Paris", 2
        ) from None
    alert = setup.alert if setup else None
    if watch or alert_file or alert_command:
        alert = Alert(
            outlets=tuple(watch or (alert.outlets if alert else ())),
            file=alert_file or (alert.file if alert else None),
            command=alert_command or (alert.command if alert else None),
        )
    if db is None and not os.environ.get(DB_ENV) and setup and setup.database:
        db = setup.database

    def report(problem: Problem) -> None:
        typer.echo(str(problem), err=True)

    # Detection pulls in numpy, nltk and datasketch: loaded only when used.
    from provenance.detect import DetectSettings

    detect_settings = ((setup.detection if setup else None) or DetectSettings()) if detect else None
    with _store(db, create=True) as store, stop_requests() as should_stop:
        try:
            summary = run_scan(
                sources,
                store,
                settings,
                on_problem=report,
                tool_version=__version__,
                detect_settings=detect_settings,
                reread=reread,
                should_stop=should_stop,
                wait=wait if wait is not None else (setup.wait if setup and setup.wait is not None else 0.0),
            )
        except BusyError as error:
            raise _error(str(error), EXIT_BUSY) from None
        except (KeyboardInterrupt, Interrupted):
            raise _error("interrupted: files stored so far are kept; run the scan again to finish", EXIT_INTERRUPTED)
        if alert is not None:
            _alert(store, summary, alert)
        if as_json:
            typer.echo(json.dumps(summary.as_dict(), indent=2))
        elif not quiet:
            _print_scan(summary, store)
    raise typer.Exit(summary.exit_code)


def _alert(store: Store, summary: ScanSummary, alert: Alert) -> None:
    """Tell whoever the alert names about the scan's news; its problems are warnings."""
    from provenance.alerts import news, send

    payload = news(store, summary, alert.outlets)
    if payload is None:
        return
    for problem in send(alert, payload):
        typer.echo(f"Warning: {problem}", err=True)


def _print_scan(summary: ScanSummary, store: Store) -> None:
    c = summary.counts
    unchanged = f" ({summary.unchanged_files} unchanged since the last scan, passed over)" if summary.unchanged_files else ""
    typer.echo(
        f"Scan {summary.scan_id}: {summary.files} files{unchanged}, {summary.records} articles read: "
        f"{c.added} added, {c.versions} new versions, {c.updated} updated, {c.unchanged} unchanged; "
        f"{summary.skipped} skipped, {summary.warnings} warnings. Database: {store.path}"
    )
    if summary.detection:
        d = summary.detection
        typer.echo(
            f"Detection: {d.checked_articles} articles checked, {d.verified} of {d.candidates} candidate pairs "
            f"verified ({d.dismissed} dismissed unaligned), {_count(d.new_matches, 'match')} found; "
            f"{_count(d.matches, 'match')} and {_count(d.clusters, 'copy cluster')} stored."
        )


@app.command()
def articles(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """List the stored articles, oldest first (undated last).

    Example: provenance articles --format json
    """
    with _store(db) as store:
        rows = list(store.article_rows("id, outlet, published, words, credit, title"))
        if format == "json":
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        elif format == "csv":
            write_export(store, sys.stdout, "csv", "articles")
        elif format == "table":
            table = [
                [
                    _clip(r["id"], 24),
                    _clip(r["outlet"], 18),
                    _short_time(r["published"]),
                    r["words"],
                    _clip(r["credit"], 22),
                ]
                for r in rows
            ]
            typer.echo(tabulate(table, headers=["id", "outlet", "published", "words", "credit"]))
            typer.echo(f"{len(rows)} articles in {store.path}")
        else:
            raise _error(f"unknown format {format!r}: use table, json or csv", 2)


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json, jsonl or csv.")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    table: Annotated[str, typer.Option(help="With csv: articles, matches, clusters or lineage.")] = "articles",
) -> None:
    """Export the articles, matches, clusters and lineage.

    Example: provenance export --format jsonl --out results.jsonl
    """
    if format not in FORMATS:
        raise _error(f"unknown format {format!r}: use one of {', '.join(FORMATS)}", 2)
    if format == "csv" and table not in SECTIONS:
        raise _error(f"unknown table {table!r}: use one of {', '.join(SECTIONS)}", 2)
    with _store(db) as store:
        if out is None:
            write_export(store, sys.stdout, format, table)
            return
        temporary = out.with_name(out.name + ".partial")
        try:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                written = write_export(store, stream, format, table)
            temporary.replace(out)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise _error(f"cannot write {out} ({error.strerror or error})") from None
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
    with _store(db) as store:
        if problems is not None:
            if not store.has_scan(problems):
                raise _error(f"no scan {problems}: 'provenance scans' lists them")
            rows = store.problems(problems)
            for row in rows:
                where = f"{row['path']}:{row['line']}" if row["line"] is not None else row["path"]
                typer.echo(f"{where}: {'skipped' if row['fatal'] else 'warning'}: {row['message']}")
            typer.echo(f"{len(rows)} problems in scan {problems}", err=True)
            return
        table = [
            [
                r["id"],
                _short_time(r["started_at"]),
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
def clusters(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, markdown, csv or json.")] = "table",
    new: Annotated[bool, typer.Option("--new", help="Only clusters that appeared or changed in the last scan.")] = False,
    since: Annotated[
        Optional[int], typer.Option(help="Only clusters that appeared or changed in this scan or later.", min=1)
    ] = None,
) -> None:
    """Print the copy clusters: articles joined by copying or rewriting.

    Example: provenance clusters --format markdown
    """
    if format not in ("table", "markdown", "csv", "json"):
        raise _error(f"unknown format {format!r}: use table, markdown, csv or json", 2)
    from provenance.report import cluster_summaries

    with _store(db) as store:
        if new:
            last = store.db.execute("select max(id) from scans where status != 'running'").fetchone()[0]
            since = last or 1
        if since is not None and not store.has_scan(since):
            raise _error(f"no scan {since}: 'provenance scans' lists them", 2)
        summaries = cluster_summaries(store, since)
    if format == "json":
        typer.echo(json.dumps([s.as_dict() for s in summaries], ensure_ascii=False, indent=2))
        return
    if format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["id", "size", "first", "first_outlet", "first_published", "outlets", "copy", "light", "heavy", "span_hours"])
        for s in summaries:
            writer.writerow(
                [s.id, s.size, s.first, s.first_outlet, s.first_published, "; ".join(s.outlets), *s.kinds.values(), s.span_hours]
            )
        return
    rows = [
        [
            s.id,
            s.size,
            _short_time(s.first_published),
            _clip(s.first_outlet or s.first, 16),
            len(s.outlets),
            "/".join(str(count) for count in s.kinds.values()),
            "" if s.span_hours is None else f"{s.span_hours:g}h",
        ]
        + ([_history(s)] if since is not None else [])
        for s in summaries
    ]
    headers = ["cluster", "size", "first (UTC)", "from", "outlets", "c/l/h", "span"]
    if since is not None:
        # What a scheduled run asks: when each appeared, changed, absorbed others.
        headers.append("scans")
    typer.echo(
        tabulate(rows, headers=headers, tablefmt="github" if format == "markdown" else "simple", disable_numparse=True)
    )
    articles = sum(s.size for s in summaries)
    typer.echo(f"\n{_count(len(summaries), 'copy cluster')} holding {_count(articles, 'article')}.")
    typer.echo("c/l/h: copy, light and heavy rewrite matches in the cluster. Times in UTC.")
    if since is not None:
        typer.echo("scans: the scan it appeared in, the last that changed it, clusters merged in.")


def _history(summary: ClusterSummary) -> str:
    """When a cluster appeared and last changed, and what it absorbed: "3, changed 5, merged c1a2b3"."""
    text = str(summary.created_scan or "")
    if summary.changed_scan and summary.changed_scan != summary.created_scan:
        text += f", changed {summary.changed_scan}"
    if summary.merged:
        text += ", merged " + " ".join(merged for merged, _ in summary.merged)
    return text


@app.command()
def boilerplate(db: DbOption = None) -> None:
    """List the page furniture learned from the corpus: lines never counted as copying.

    Example: provenance boilerplate
    """
    from provenance.findings import furniture_rows

    with _store(db) as store:
        rows = furniture_rows(store)
    table = [[_clip(row["text"], 50), row["articles"], row["outlets"], row["reason"]] for row in rows]
    typer.echo(tabulate(table, headers=["line", "articles", "outlets", "why"]))
    typer.echo(_count(len(rows), "furniture line"))


@app.command()
def lineage(
    key: Annotated[Optional[str], typer.Argument(help="A cluster id, or an article id (its cluster is shown).")] = None,
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="tree or json.")] = "tree",
) -> None:
    """Print who copied whom: each copy cluster as a tree of sources and derivatives.

    Example: provenance lineage newspulse-halvard-bridge
    """
    if format not in ("tree", "json"):
        raise _error(f"unknown format {format!r}: use tree or json", 2)
    from provenance.trees import cluster_of, tree, trees

    with _store(db) as store:
        if key is None:
            found = trees(store)
        else:
            cluster = cluster_of(store, key)
            if cluster is None:
                known = store.db.execute("select 1 from articles where id = ?", [key]).fetchone()
                reason = "is in no copy cluster: it shares no copied text" if known else "is neither an article nor a cluster"
                raise _error(f"{key} {reason}; list clusters with: provenance clusters", 1)
            found = [tree(store, cluster)]
    if format == "json":
        typer.echo(json.dumps([t.as_dict() for t in found], ensure_ascii=False, indent=2))
        return
    typer.echo("\n\n".join("\n".join(t.lines()) for t in found) or "No copy clusters.")
