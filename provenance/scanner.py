"""A scan: read the inputs, store what they hold, record how it went.

Each input file is one unit of work: its articles and its problems land in
the store together or not at all, so an interrupted scan leaves every file
either fully stored or untouched, and the next scan completes the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from provenance.article import Article
from provenance.ingest import Problem, Source, discover, read_source
from provenance.settings import Settings
from provenance.store import AddCounts, Store

_BATCH = 1000
#: Problems printed per input file; the rest are counted and stored.
PROBLEMS_SHOWN_PER_FILE = 20

#: Exit statuses of ``provenance scan`` (documented in the README).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130


@dataclass
class ScanSummary:
    """What a scan did.

    Attributes:
        scan_id: The scan's row in the ``scans`` table.
        files: Inputs read (files, or standard input).
        records: Articles read from them.
        counts: What storing them did (added, versions, updated, unchanged).
        problems: Everything skipped, and every warning, in the order met.
        status: ``ok``, ``partial`` (something was skipped), ``interrupted``.
    """

    scan_id: int
    files: int = 0
    records: int = 0
    counts: AddCounts = field(default_factory=AddCounts)
    problems: list[Problem] = field(default_factory=list)
    status: str = "running"

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

    def as_counts(self) -> dict[str, int]:
        """The figures kept in the ``scans`` table."""
        return {
            "files": self.files,
            "records": self.records,
            "added": self.counts.added,
            "versions": self.counts.versions,
            "updated": self.counts.updated,
            "unchanged": self.counts.unchanged,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def _default_ids(sources: list[Source]) -> dict[Source, str]:
    """File stems as ids, but the relative path for stems shared in one scan."""
    stems = Counter(source.stem for source in sources)
    return {source: source.stem if stems[source.stem] == 1 else source.relative for source in sources}


def _resolve_collision(article: Article, source: Source, default_id: str, store: Store) -> Article:
    """Give a file-named article a longer id when its name is taken.

    An id made from a file name that an earlier scan stored from another
    file with other text names a different article: it gets the file's path
    below the scanned folder, or failing that the path as given. The same
    text at a new path is the same article moved, and keeps its id.
    """
    if article.id != default_id or source.path is None:
        return article
    stored = store.article_path(article.id)
    if stored is None or stored[0] == article.path or stored[1] == article.content_hash:
        return article
    longer = source.relative
    if longer == default_id:
        longer = source.path.with_name(source.stem).as_posix()
    return replace(article, id=longer)


def _absolute(source: Source) -> str:
    return "-" if source.path is None else source.path.resolve().as_posix()


def scan(
    paths: list[str],
    store: Store,
    settings: Settings | None = None,
    *,
    on_problem: Callable[[Problem], None] | None = None,
    stdin: BinaryIO | None = None,
    tool_version: str = "",
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

    Returns:
        The summary, also kept in the ``scans`` table.
    """
    settings = settings or Settings()
    summary = ScanSummary(scan_id=store.begin_scan(list(paths), tool_version))
    report = on_problem or (lambda problem: None)

    def note(problem: Problem) -> None:
        summary.problems.append(problem)
        report(problem)

    found = list(discover(list(paths)))
    sources = [item for item in found if isinstance(item, Source)]
    for item in found:
        if isinstance(item, Problem):
            note(item)
    default_ids = _default_ids(sources)
    try:
        for source in sources:
            summary.files += 1
            _scan_file(source, default_ids[source], store, settings, summary, report, stdin)
    except KeyboardInterrupt:
        summary.status = "interrupted"
        store.finish_scan(summary.scan_id, summary.status, summary.as_counts())
        raise
    summary.status = "partial" if summary.skipped else "ok"
    store.finish_scan(summary.scan_id, summary.status, summary.as_counts())
    return summary


def _scan_file(
    source: Source,
    default_id: str,
    store: Store,
    settings: Settings,
    summary: ScanSummary,
    report: Callable[[Problem], None],
    stdin: BinaryIO | None,
) -> None:
    path = _absolute(source)
    file_problems: list[Problem] = []
    batch: list[Article] = []
    with store.transaction():
        for item in read_source(source, settings, default_id, stdin):
            if isinstance(item, Problem):
                file_problems.append(item)
                summary.problems.append(item)
                if len(file_problems) <= PROBLEMS_SHOWN_PER_FILE:
                    report(item)
                continue
            article = replace(item, path=path)
            batch.append(_resolve_collision(article, source, default_id, store))
            summary.records += 1
            if len(batch) >= _BATCH:
                summary.counts += store.add_articles(batch, summary.scan_id)
                batch.clear()
        summary.counts += store.add_articles(batch, summary.scan_id)
        store.add_problems(summary.scan_id, file_problems)
    hidden = len(file_problems) - PROBLEMS_SHOWN_PER_FILE
    if hidden > 0:
        report(
            Problem(
                source.label,
                f"{hidden} more problems in this file not shown: 'provenance scans --problems {summary.scan_id}' lists them",
                fatal=False,
            )
        )
