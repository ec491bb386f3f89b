"""A scan: read the inputs, store what they hold, record how it went.

Each input file is one unit of work: its articles and its problems land in
the store together or not at all, so an interrupted scan leaves every file
either fully stored or untouched, and the next scan completes the rest.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from provenance import inputs, writer
from provenance.article import Article
from provenance.errors import Interrupted, StoreError
from provenance.ingest import Problem, Source, discover, read_source
from provenance.settings import Settings
from provenance.store import AddCounts, Store

if TYPE_CHECKING:
    from provenance.detect import DetectionSummary, DetectSettings

_BATCH = 5000
#: Formats whose files hold one article, named after the file.
_SINGLE_ARTICLE_FORMATS = ("text", "html")
#: Problems printed per input file; the rest are counted and stored.
PROBLEMS_SHOWN_PER_FILE = 20

#: Exit statuses of ``provenance scan`` (documented in the README).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SKIPPED = 3
EXIT_BUSY = 75
EXIT_INTERRUPTED = 130


@dataclass
class ScanSummary:
    """What a scan did.

    Attributes:
        scan_id: The scan's row in the ``scans`` table.
        files: Inputs read (files, or standard input).
        unchanged_files: Inputs passed over: read by an earlier scan and
            unchanged since (see :mod:`provenance.inputs`).
        records: Articles read from them.
        counts: What storing them did (added, versions, updated, unchanged).
        problems: Everything skipped, and every warning, in the order met.
        status: ``ok``, ``partial`` (something was skipped), ``interrupted``
            or ``failed`` (the database could not be written).
    """

    scan_id: int
    files: int = 0
    unchanged_files: int = 0
    records: int = 0
    counts: AddCounts = field(default_factory=AddCounts)
    problems: list[Problem] = field(default_factory=list)
    status: str = "running"
    detection: DetectionSummary | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def skipped(self) -> int:
        """Inputs and records skipped."""
        return sum(1 for problem in self.problems if problem.fatal)

    @property
    def warnings(self) -> int:
        """Things stored with a caveat."""
        return sum(1 for problem in self.problems if not problem.fatal)

    @property
    def exit_code(self) -> int:
        """0 when all went in, 3 when something was skipped, 130 when interrupted."""
        if self.status == "interrupted":
            return EXIT_INTERRUPTED
        return EXIT_SKIPPED if self.skipped else EXIT_OK

    @property
    def seconds(self) -> float:
        """Time since the scan began."""
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, object]:
        """Everything a scheduler needs to know, as printed by ``provenance scan --json``."""
        detection = self.detection
        return {
            "scan": self.scan_id,
            "status": self.status,
            "exit_code": self.exit_code,
            "inputs": {
                "seen": self.files + self.unchanged_files,
                "read": self.files,
                "unchanged": self.unchanged_files,
                "failed": [
                    {"path": p.path, "line": p.line, "reason": p.message} for p in self.problems if p.fatal
                ],
                "warnings": self.warnings,
            },
            "articles": {"read": self.records, **asdict(self.counts)},
            "detection": asdict(detection) if detection else None,
            "seconds": round(self.seconds, 3),
        }

    def as_counts(self) -> dict[str, int]:
        """The figures kept in the ``scans`` table."""
        return {
            "files": self.files + self.unchanged_files,
            "records": self.records,
            "added": self.counts.added,
            "versions": self.counts.versions,
            "updated": self.counts.updated,
            "unchanged": self.counts.unchanged,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def default_ids(sources: list[Source]) -> dict[Source, str]:
    """File stems as ids, but the relative path for stems shared in one scan."""
    stems = Counter(source.stem for source in sources)
    return {source: source.stem if stems[source.stem] == 1 else source.relative for source in sources}


def _file_id(article: Article, source: Source, default_id: str, store: Store) -> Article:
    """The id of an article named after its file, stable from scan to scan.

    A file keeps the id it was first stored under, whatever else a later
    scan names. A new file whose name is taken by another file's article
    (with other text) gets its relative path. The same text at a new path
    is the same article moved, and keeps its id.
    """
    if article.id != default_id or source.path is None or article.format not in _SINGLE_ARTICLE_FORMATS:
        return article
    known = store.ids_from_path(article.path or "")
    if len(known) == 1:
        return replace(article, id=known[0])
    stored = store.article_path(article.id)
    if stored is None or stored[1] == article.content_hash:
        return article
    return replace(article, id=source.relative)


def _absolute(source: Source) -> str:
    if source.url is not None:
        return source.url
    return "-" if source.path is None else source.path.resolve().as_posix()


def _database_files(store: Store) -> set[Path]:
    base = store.path.resolve()
    return {base, *(base.with_name(base.name + suffix) for suffix in ("-wal", "-shm", "-journal", writer.SUFFIX))}


def _unique_sources(found: list[Source | Problem], store: Store) -> list[Source]:
    """Each file once, however often it is named, and never the database itself."""
    skip = _database_files(store)
    seen: set[Path] = set()
    sources = []
    for item in found:
        if not isinstance(item, Source):
            continue
        if item.path is not None:
            resolved = item.path.resolve()
            if resolved in skip or resolved in seen:
                continue
            seen.add(resolved)
        sources.append(item)
    return sources


def scan(
    paths: list[str],
    store: Store,
    settings: Settings | None = None,
    *,
    on_problem: Callable[[Problem], None] | None = None,
    stdin: BinaryIO | None = None,
    tool_version: str = "",
    detect_settings: DetectSettings | None = None,
    reread: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    wait: float = 0.0,
) -> ScanSummary:
    """Ingest files, folders and standard input into a store.

    Args:
        paths: Files, folders (read recursively) and ``-`` for standard input.
        store: Where the articles go.
        settings: Limits and defaults; :class:`Settings` defaults if omitted.
        on_problem: Called at once for each problem, so a long scan reports
            as it goes.
        stdin: Stream read for ``-``.
        tool_version: Recorded with the scan.
        detect_settings: When given, detection runs after ingest (see
            :func:`provenance.detect.detect`); ``None`` only ingests.
        reread: Read every input, even those unchanged since an earlier scan.
        should_stop: Asked between units of work; when it says so, the
            scan stops there, records itself as interrupted and raises
            :class:`Interrupted`. The CLI sets it from SIGINT and SIGTERM.
        wait: Seconds to wait for another scan of the same database to
            finish (see :mod:`provenance.writer`).

    Returns:
        The summary, also kept in the ``scans`` table.

    Raises:
        BusyError: Another scan kept the database for longer than ``wait``;
            nothing was done.
        StoreError: The database could not be written; the files stored
            before the failure are kept and the scan is recorded as failed.
        Interrupted: ``should_stop`` said so; what was stored is kept.
    """
    with writer.writing(store.path, wait):
        return _scan(
            paths,
            store,
            settings or Settings(),
            report=on_problem or (lambda problem: None),
            stdin=stdin,
            tool_version=tool_version,
            detect_settings=detect_settings,
            reread=reread,
            should_stop=should_stop,
        )


def _scan(
    paths: list[str],
    store: Store,
    settings: Settings,
    *,
    report: Callable[[Problem], None],
    stdin: BinaryIO | None,
    tool_version: str,
    detect_settings: DetectSettings | None,
    reread: bool,
    should_stop: Callable[[], bool],
) -> ScanSummary:
    """The scan itself, with the writer lock held."""
    summary = ScanSummary(scan_id=store.begin_scan(list(paths), tool_version))
    found = list(discover(list(paths)))
    for item in found:
        if isinstance(item, Problem):
            summary.problems.append(item)
            report(item)
    sources = _unique_sources(found, store)
    ids = default_ids(sources)
    settings_key = settings.key()
    try:
        for source in sources:
            if should_stop():
                raise Interrupted()
            if source.url is not None:
                _scan_url(source, ids[source], store, settings, summary, report, reread)
                continue
            seen = inputs.look(source.path) if source.path is not None else None
            if seen is not None and not reread and inputs.unchanged(store, seen, settings_key):
                summary.unchanged_files += 1
                continue
            summary.files += 1
            remember = None
            if seen is not None:
                # Hashed before reading: a file that changes while read is read again next time.
                remember = partial(inputs.remember, store, seen, inputs.file_hash(seen.path), settings_key, summary.scan_id)
            _scan_file(source, ids[source], store, settings, summary, report, stdin, remember)
        if should_stop():
            raise Interrupted()
        if detect_settings is not None:
            # Imported here: ingest alone must not pay for numpy and nltk.
            from provenance.detect import detect

            summary.detection = detect(store, detect_settings, summary.scan_id, should_stop=should_stop)
    except (KeyboardInterrupt, Interrupted, StoreError) as error:
        summary.status = "failed" if isinstance(error, StoreError) else "interrupted"
        try:
            store.finish_scan(summary.scan_id, summary.status, summary.as_counts(), summary.as_dict())
        except StoreError:
            pass  # the database that failed the scan may refuse this too
        raise
    summary.status = "partial" if summary.skipped else "ok"
    store.finish_scan(summary.scan_id, summary.status, summary.as_counts(), summary.as_dict())
    return summary


def _scan_url(
    source: Source,
    default_id: str,
    store: Store,
    settings: Settings,
    summary: ScanSummary,
    report: Callable[[Problem], None],
    reread: bool,
) -> None:
    """Fetch an input named by URL, and read it as a file if it changed."""
    assert source.url is not None
    got = inputs.fetch_new(store, source.url, settings, reread)
    if got is None:
        summary.unchanged_files += 1
        return
    summary.files += 1
    if isinstance(got, Problem):
        with store.transaction():
            store.add_problems(summary.scan_id, [got])
        summary.problems.append(got)
        report(got)
        return
    seen, answer, digest = got
    remember = partial(inputs.remember, store, seen, digest, settings.key(), summary.scan_id, answer)
    _scan_file(source, default_id, store, settings, summary, report, None, remember, answer.data)


def _scan_file(
    source: Source,
    default_id: str,
    store: Store,
    settings: Settings,
    summary: ScanSummary,
    report: Callable[[Problem], None],
    stdin: BinaryIO | None,
    remember: Callable[[], None] | None = None,
    data: bytes | None = None,
) -> None:
    """Read one input and store it as one unit; counts are added once it has landed.

    ``remember`` records the input as read, in the same unit; ``data`` is
    the input's bytes when they were fetched rather than read from disk.
    """
    path = _absolute(source)
    problems: list[Problem] = []
    counts = AddCounts()
    records = 0
    # Unstored articles by id: a later record with the same id in the same
    # file replaces an earlier one, so that re-reading the file is a no-op.
    pending: dict[str, Article] = {}
    seen: set[str] = set()

    def problem(item: Problem) -> None:
        problems.append(item)
        if len(problems) <= PROBLEMS_SHOWN_PER_FILE:
            report(item)

    with store.transaction():
        for item in read_source(source, settings, default_id, stdin, data):
            if isinstance(item, Problem):
                problem(item)
                continue
            article = _file_id(replace(item, path=path), source, default_id, store)
            records += 1
            if article.id in seen:
                problem(
                    Problem(
                        source.label,
                        f"id {article.id!r} is used by more than one record: the last one is kept",
                        fatal=False,
                    )
                )
            seen.add(article.id)
            pending.pop(article.id, None)
            pending[article.id] = article
            if len(pending) >= _BATCH:
                counts += store.add_articles(pending.values(), summary.scan_id)
                pending.clear()
        counts += store.add_articles(pending.values(), summary.scan_id)
        store.add_problems(summary.scan_id, problems)
        # A file that gave nothing but a fatal problem (empty, too large,
        # unreadable) is tried again, and reported again, by every scan.
        if remember is not None and (records or not any(p.fatal for p in problems)):
            remember()
    summary.records += records
    summary.counts += counts
    summary.problems.extend(problems)
    hidden = len(problems) - PROBLEMS_SHOWN_PER_FILE
    if hidden > 0:
        report(
            Problem(
                source.label,
                f"{hidden} more problems in this file not shown: 'provenance scans --problems {summary.scan_id}' lists them",
                fatal=False,
            )
        )
