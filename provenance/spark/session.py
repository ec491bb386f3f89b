"""A Spark session for provenance: quiet, and with executors that run this Python.

In local mode the executors are child processes of this interpreter, and
they must import provenance and its dependencies: ``PYSPARK_PYTHON`` is
set to the running interpreter unless the user set it. On a cluster, the
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
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
