"""A whole scan on Spark, as ``provenance scan --engine spark`` runs it.

Start the session, read and detect (:func:`.engine.scan`), write the
tables as Parquet (:func:`.engine.write`), and, when asked, load them into
a SQLite store (:mod:`.loading`) so that the report commands read them.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.errors import ProvenanceError
from provenance.ingest import Problem

if TYPE_CHECKING:
    from provenance.detect import DetectSettings
    from provenance.settings import Settings
    from provenance.spark.loading import Loaded
    from provenance.store import Store

#: Problems listed in a run's summary; the rest are in the ``problems`` table.
SHOWN_PROBLEMS = 50


@dataclass
class SparkRun:
    """What a Spark scan did.

    Attributes:
        out: Where the tables are.
        counts: Rows of each table.
        problems: The first :data:`SHOWN_PROBLEMS` problems met in reading.
        seconds: Time from the session's start to the tables' writing.
        loaded: What loading into the store did, when asked.
    """

    out: str
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    loaded: Loaded | None = None

    @property
    def skipped(self) -> int:
        """Records and files skipped (problems that are not warnings)."""
        return self.counts.get("skipped", 0)

    def as_dict(self) -> dict[str, Any]:
        """The summary ``--json`` prints."""
        return {
            "engine": "spark",
            "tables": self.out,
            "counts": self.counts,
            "problems": [
                {"path": p.path, "line": p.line, "reason": p.message, "fatal": p.fatal}
                for p in self.problems
            ],
            "seconds": round(self.seconds, 3),
            "loaded": None
            if self.loaded is None
            else {**asdict(self.loaded), "counts": asdict(self.loaded.counts)},
        }


class SparkFailed(ProvenanceError):
    """Spark or its JVM failed: a path it cannot read, a job that died."""


def run(
    paths: list[str],
    out: str,
    *,
    master: str = "local[*]",
    settings: Settings | None = None,
    detect_settings: DetectSettings | None = None,
    overwrite: bool = False,
    store: Store | None = None,
    tool_version: str = "",
) -> SparkRun:
    """Scan ``paths`` on Spark and write the tables under ``out``; load them into ``store`` if one is given.

    Raises:
        provenance.spark.session.SparkMissing: PySpark is not installed.
        ProvenanceError: ``out`` holds tables already (without ``overwrite``),
            or ``store`` holds articles the scan did not read.
        SparkFailed: Spark failed; its message is kept to one line.
    """
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from provenance.detect import DetectSettings
    from provenance.spark import engine, session
    from provenance.spark.loading import load

    detect_settings = detect_settings or DetectSettings()
    started = time.monotonic()
    # A session already running (a notebook's, a test's) is used and left running.
    ours = SparkSession.getActiveSession() is None
    spark = session.start(master)
    try:
        if not overwrite:
            engine.refuse_written(spark, out)  # before the work, not after it
        written = engine.write(
            engine.scan(spark, paths, settings, detect_settings), out, overwrite
        )
        counts = {name: table.count() for name, table in written.items()}
        counts["skipped"] = written.problems.where(F.col("fatal")).count()
        problems = [
            Problem(row.path, row.message, row.line, bool(row.fatal))
            for row in written.problems.orderBy("path", "line")
            .limit(SHOWN_PROBLEMS)
            .collect()
        ]
        result = SparkRun(out, counts, problems, time.monotonic() - started)
        if store is not None:
            result.loaded = load(store, written, paths, tool_version, detect_settings)
        return result
    except (PySparkException, Py4JError) as failure:
        raise SparkFailed(
            f"the Spark scan failed: {session.describe(failure)}; "
            "check the paths, --out and the Spark configuration, then run it again with --overwrite"
        ) from failure
    finally:
        if ours:
            spark.stop()
