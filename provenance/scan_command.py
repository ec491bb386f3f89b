"""``provenance scan``: read inputs into the database, find copies, tell the scheduler.

The command is the part of the tool that cron and systemd run, so beside
reading and detecting it takes its settings from ``provenance.toml``,
stops cleanly on SIGINT and SIGTERM, prints a JSON summary for the
scheduler and sends the alerts the configuration asks for.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from provenance import __version__
from provenance.cli_support import DbOption, count, error, open_store
from provenance.errors import BusyError, Interrupted, ProvenanceError
from provenance.ingest import Problem
from provenance.scanner import EXIT_BUSY, EXIT_INTERRUPTED, ScanSummary
from provenance.scanner import scan as run_scan
from provenance.settings import DB_ENV, Settings
from provenance.signals import stop_requests
from provenance.store import Store

if TYPE_CHECKING:
    from provenance.config import Alert
    from provenance.detect import DetectSettings


def scan(
    paths: Annotated[
        Optional[list[str]], typer.Argument(help="Files and folders of articles, feed URLs; - reads standard input.")
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
    engine: Annotated[
        str, typer.Option(help="embedded (this machine, into the database) or spark (Parquet tables; needs provenance\\[spark]).")
    ] = "embedded",
    master: Annotated[str, typer.Option(help="Spark master URL, with --engine spark.")] = "local[*]",
    out: Annotated[
        str, typer.Option(help="Folder (any path Spark writes) for the Parquet tables, with --engine spark.")
    ] = "provenance-tables",
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the tables of an earlier Spark scan in --out.")] = False,
    load_db: Annotated[
        bool, typer.Option("--load", help="Also store a Spark scan's tables in the database, for the report commands.")
    ] = False,
) -> None:
    """Read articles into the database, then find copies among them.

    Reads .txt/.md (with a header block or front matter), .html, .json,
    .jsonl, .csv, .warc(.gz) and RSS/Atom feeds (files or http(s) URLs);
    folders recursively. Inputs unchanged since
    an earlier scan are passed over, articles already stored add nothing,
    and only new or changed articles are compared. Exit status: 0 all
    stored, 1 failed, 2 bad usage or configuration, 3 finished with skipped
    inputs, 75 another scan was running, 130 interrupted.

    With --engine spark the same detection runs on Apache Spark and ends
    in Parquet tables under --out (articles, matches, passages, clusters,
    lineage, furniture, problems); --load stores them in the database too.

    Example: provenance scan corpus/
    """
    from provenance.config import Alert, load

    try:
        setup = load(config) if config else None
    except ProvenanceError as failure:
        raise error(str(failure), 2) from None
    sources = [*(setup.sources if setup else ()), *(paths or [])]
    if not sources:
        raise error("nothing to scan: give files or folders, or --config with sources", 2)
    settings = setup.settings if setup else Settings()
    if max_file_mb is not None:
        settings = replace(settings, max_file_bytes=max_file_mb * 1024 * 1024)
    if timezone is not None:
        settings = replace(settings, default_timezone=timezone)
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(settings.default_timezone)
    except (KeyError, ValueError):
        raise error(
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
    if engine == "spark":
        unused = [name for name, given in (("--no-detect", not detect), ("--reread", reread), ("--wait", wait is not None),
                                           ("--watch/--alert-file/--alert-command", bool(watch or alert_file or alert_command)))
                  if given]  # fmt: skip
        if unused:
            raise error(f"{unused[0]} does not apply to --engine spark: leave it out", 2)
        _scan_on_spark(sources, db, load_db, settings, detect_settings or DetectSettings(), master, out,
                       overwrite, quiet, as_json)  # fmt: skip
        return
    if engine != "embedded":
        raise error(f"unknown engine {engine!r}: use embedded or spark", 2)
    if load_db or overwrite:
        raise error("--load and --overwrite are for --engine spark", 2)
    with open_store(db, create=True) as store, stop_requests() as should_stop:
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
        except BusyError as failure:
            raise error(str(failure), EXIT_BUSY) from None
        except (KeyboardInterrupt, Interrupted):
            raise error("interrupted: files stored so far are kept; run the scan again to finish", EXIT_INTERRUPTED)
        if alert is not None:
            _alert(store, summary, alert)
        if as_json:
            typer.echo(json.dumps(summary.as_dict(), indent=2))
        elif not quiet:
            _print_scan(summary, store)
    raise typer.Exit(summary.exit_code)


def _scan_on_spark(
    sources: list[str],
    db: Optional[Path],
    load: bool,
    settings: Settings,
    detect_settings: DetectSettings,
    master: str,
    out: str,
    overwrite: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Run the scan on Spark, load it if asked, and report as the embedded scan reports."""
    from contextlib import nullcontext

    from provenance.spark.session import SparkMissing

    unreadable = [source for source in sources if source == "-" or source.lower().startswith(("http://", "https://"))]
    if unreadable:
        raise error(
            f"--engine spark reads files (local, HDFS, S3), not {unreadable[0]!r}: "
            "scan standard input and feed URLs with the embedded engine",
            2,
        )
    try:
        from provenance.spark.run import run
    except ImportError as failure:
        raise error(f"the Spark engine needs PySpark ({failure}): pip install 'provenance[spark]'", 2) from None
    with open_store(db, create=True) if load else nullcontext() as store:
        try:
            result = run(sources, out, master=master, settings=settings, detect_settings=detect_settings,
                         overwrite=overwrite, store=store, tool_version=__version__)  # fmt: skip
        except SparkMissing as failure:
            raise error(str(failure), 2) from None
        except BusyError as failure:
            raise error(str(failure), EXIT_BUSY) from None
        except ProvenanceError as failure:
            raise error(str(failure)) from None
        except (KeyboardInterrupt, Interrupted):
            raise error("interrupted: the tables are not complete; run the scan again with --overwrite", EXIT_INTERRUPTED)
    for problem in result.problems:
        typer.echo(str(problem), err=True)
    unshown = result.counts["problems"] - len(result.problems)
    if unshown > 0:
        typer.echo(f"... and {count(unshown, 'more problem')}: see the problems table in {out}", err=True)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    elif not quiet:
        c = result.counts
        typer.echo(
            f"Spark scan: {count(c['articles'], 'article')} ({c['skipped']} skipped), {count(c['matches'], 'match')}, "
            f"{count(c['clusters'], 'copy cluster')}, {c['lineage']} lineage rows in {result.seconds:.1f} s. Tables: {out}"
        )
        if result.loaded is not None:
            loaded = result.loaded
            typer.echo(f"Loaded into the database as scan {loaded.scan_id}: {loaded.counts.added} added, "
                       f"{loaded.counts.versions} new versions, {loaded.counts.unchanged} unchanged.")  # fmt: skip
    raise typer.Exit(3 if result.skipped else 0)


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
            f"verified ({d.dismissed} dismissed unaligned), {count(d.new_matches, 'match')} found; "
            f"{count(d.matches, 'match')} and {count(d.clusters, 'copy cluster')} stored."
        )
