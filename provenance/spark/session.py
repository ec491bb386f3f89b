"""A Spark session for provenance: quiet, and with executors that run this Python.

In local mode the executors are child processes of this interpreter, and
they must import provenance and its dependencies: ``PYSPARK_PYTHON`` is
set to the running interpreter unless the user set it (in local mode only). On a cluster, the
user's Spark configuration says where Python and provenance are.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class SparkMissing(RuntimeError):
    """PySpark (or Java) is not installed: the message says how to install it."""


def describe(failure: BaseException) -> str:
    """One line for a Spark or Java failure, whose text runs to a stack trace.

    A Java exception's own message is taken when there is one (a missing
    path, a file system without its connector); otherwise the first line.
    """
    java = getattr(failure, "java_exception", None)
    message = ""
    if java is not None:
        try:
            message = str(java.getMessage() or "")
        except Exception:  # noqa: BLE001 - the gateway may be gone; fall back to the Python text
            message = ""
    message = message or str(failure) or type(failure).__name__
    return " ".join(message.strip().splitlines()[0].split())[:300]


def start(
    master: str = "local[*]",
    app_name: str = "provenance",
    partitions: int | None = None,
) -> SparkSession:
    """Start (or join) a Spark session.

    Args:
        master: Spark master URL: ``local[*]`` for every core of this machine.
        app_name: The name Spark shows for the job.
        partitions: Shuffle partitions; defaults to twice the cores in local mode.

    Raises:
        SparkMissing: PySpark is not importable.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkMissing(
            "the Spark engine needs PySpark: pip install 'provenance[spark]' (and Java 17)"
        ) from error
    if master.startswith("local"):
        # On a cluster this interpreter's path means nothing to the workers.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Spark's start-up notices and progress bars would bury the scan's own
    # report; the JVM is started with our quiet logging unless told otherwise.
    quiet = Path(__file__).with_name("log4j2.properties")
    os.environ.setdefault(
        "PYSPARK_SUBMIT_ARGS",
        f'--driver-java-options "-Dlog4j2.configurationFile={quiet.as_uri()}" pyspark-shell',
    )
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Rows here are small and their work is large (an article's alignment):
        # partitions merged for being few bytes would leave cores idle.
        .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if partitions is None and master.startswith("local"):
        partitions = 2 * (os.cpu_count() or 1)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    try:
        session = builder.getOrCreate()
    except Exception as failure:
        if "JAVA_GATEWAY_EXITED" in str(failure) or "JAVA_HOME" in str(failure):
            raise SparkMissing(
                f"Spark could not start Java ({describe(failure)}): install Java 17 or set JAVA_HOME"
            ) from failure
        raise
    session.sparkContext.setLogLevel("ERROR")
    return session
