"""Reading articles into a DataFrame, with the embedded ingest's own readers.

Three routes, by the input's ending:

* JSON Lines (``.jsonl``, ``.ndjson``, gzipped or not) are read by Spark
  line by line, so one large file is split across executors; each line goes
  through the same record reader as the embedded scan (field aliases, HTML
  extraction, dates, credit lines).
* Parquet is read by Spark; each row is a record, as a JSON object would be.
* Anything else (text, Markdown, HTML, JSON, CSV, WARC, feeds) is read
  whole, one file per task, by :func:`provenance.ingest.read_source`.

Local folders are expanded as the embedded scan expands them (hidden
files and ``.provenanceignore`` passed over), and article ids are those the
embedded scan gives; folders elsewhere (HDFS, S3) are listed by Spark. What
cannot be read becomes a row of the problems DataFrame, never a failed
job. Line numbers of JSON Lines records are not known to Spark's line
reader: their problems name the file only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from provenance.article import Article
from provenance.ingest import Problem, Source, read_source
from provenance.ingest.sources import split_name
from provenance.settings import Settings
from provenance.spark.arrow import batches, columns

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

ARTICLE_SCHEMA = (
    "id string, text string, title string, outlet string, url string, published string, "
    "published_precision string, published_utc string, tz_assumed boolean, credit string, credited string, "
    "byline string, path string, format string, encoding string, content_hash string, words long"
)
PROBLEM_SCHEMA = "path string, line long, message string, fatal boolean"
_ITEM_SCHEMA = (
    f"kind string, {ARTICLE_SCHEMA}, line long, message string, fatal boolean"
)
_LINE_FORMATS = ("jsonl",)


def _source(uri: str) -> Source:
    """The embedded ingest's view of one input file, named by its URI.

    Its ``path`` is the URI's path: a file, not standard input, so that a
    file of one article takes its id from the file's name. Its bytes come
    from Spark, never from that path.
    """
    path = Path(unquote(urlparse(uri).path))
    stem, format = split_name(path.name)
    return Source(label=uri, path=path, stem=stem, relative=path.name, format=format)


def inputs(paths: list[str]) -> tuple[dict[str, str], list[Problem]]:
    """The files to read, as URIs with the id an article takes from its file, and the paths that cannot be read.

    Local paths are expanded by :func:`provenance.ingest.discover`, with
    the ids of :func:`provenance.scanner.default_ids`; any other URI is
    given to Spark as it is, with its file name's stem.
    """
    from provenance.ingest import discover
    from provenance.scanner import default_ids

    local: list[Source] = []
    problems: list[Problem] = []
    remote: dict[str, str] = {}
    for path in paths:
        if "://" in path and not path.startswith("file:"):
            remote[path] = _source(path).stem
            continue
        for found in discover(
            [unquote(urlparse(path).path) if path.startswith("file:") else path]
        ):
            if isinstance(found, Problem):
                problems.append(found)
            elif found.path is not None:
                local.append(found)
    ids = default_ids(local)
    return {
        **{
            source.path.resolve().as_uri(): ids[source]
            for source in local
            if source.path
        },
        **remote,
    }, problems


def _rows(items: Iterator[Article | Problem]) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, Article):
            yield {
                "kind": "article",
                **asdict(item),
                "line": None,
                "message": None,
                "fatal": None,
            }
        else:
            yield {
                "kind": "problem",
                "path": item.path,
                "line": item.line,
                "message": item.message,
                "fatal": item.fatal,
            }


def _records(
    records: Iterator[tuple[str, Any]], ids: dict[str, str], settings: Settings
) -> Iterator[Article | Problem]:
    """Records (one JSON object or Parquet row each, with the URI of its file) read as the embedded scan reads them."""
    from provenance.ingest import finish_articles
    from provenance.ingest.model import RecordError
    from provenance.ingest.records import record_to_raw

    for uri, record in records:
        source = _source(uri)
        try:
            raw = record_to_raw(record, None, "json")
        except RecordError as error:
            yield Problem(uri, error.message, error.line)
            continue
        yield from finish_articles(iter([raw]), source, ids.get(uri, source.stem), settings)


def read(
    spark: SparkSession, paths: list[str], settings: Settings | None = None
) -> tuple[DataFrame, DataFrame]:
    """Read the inputs into an articles DataFrame and a problems DataFrame.

    Args:
        spark: The session.
        paths: Files or folders, in any file system Spark reads.
        settings: Ingest settings (zone for times without one, size limit).

    Returns:
        ``(articles, problems)``, with the columns of
        :data:`ARTICLE_SCHEMA` and :data:`PROBLEM_SCHEMA`.
    """
    from pyspark.sql import functions as F

    settings = settings or Settings()
    ids, unreadable = inputs(paths)
    lines = [
        uri for uri in ids if split_name(PurePosixPath(uri).name)[1] in _LINE_FORMATS
    ]
    parquet = [uri for uri in ids if uri.lower().endswith(".parquet")]
    whole = [uri for uri in ids if uri not in lines and uri not in parquet]
    parts = [spark.createDataFrame([{"kind": "problem", "path": p.path, "line": p.line, "message": p.message, "fatal": p.fatal}
                                    for p in unreadable], _ITEM_SCHEMA)]  # fmt: skip
    if lines:
        frame = (
            spark.read.text(lines)
            .select(F.input_file_name().alias("uri"), "value")
            .where(F.trim("value") != "")
        )

        def parse_lines(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in incoming:
                records = []
                problems = []
                for uri, value in zip(
                    batch.column("uri").to_pylist(), batch.column("value").to_pylist()
                ):
                    try:
                        records.append((uri, json.loads(value)))
                    except (ValueError, RecursionError) as error:
                        problems.append(
                            Problem(
                                uri,
                                f"invalid JSON ({error}): fix the line or remove it",
                            )
                        )
                yield from batches(
                    _rows(iter([*problems, *_records(iter(records), ids, settings)])),
                    _ITEM_SCHEMA,
                )

        parts.append(frame.mapInArrow(parse_lines, _ITEM_SCHEMA))
    if parquet:
        frame = spark.read.parquet(*parquet)
        frame = frame.select(
            F.input_file_name().alias("__uri"),
            F.to_json(F.struct(*frame.columns)).alias("__record"),
        )

        def parse_rows(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in incoming:
                uris, values = (
                    batch.column("__uri").to_pylist(),
                    batch.column("__record").to_pylist(),
                )
                records = [(uri, json.loads(value)) for uri, value in zip(uris, values)]
                yield from batches(
                    _rows(_records(iter(records), ids, settings)), _ITEM_SCHEMA
                )

        parts.append(frame.mapInArrow(parse_rows, _ITEM_SCHEMA))
    if whole:
        frame = spark.read.format("binaryFile").load(whole).select("path", "content")

        def parse_files(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in incoming:
                for uri, content in zip(
                    batch.column("path").to_pylist(),
                    batch.column("content").to_pylist(),
                ):
                    source = _source(uri)
                    yield from batches(
                        _rows(
                            read_source(
                                source,
                                settings,
                                ids.get(uri, source.stem),
                                data=content,
                            )
                        ),
                        _ITEM_SCHEMA,
                    )

        parts.append(frame.mapInArrow(parse_files, _ITEM_SCHEMA))
    items = parts[0]
    for part in parts[1:]:
        items = items.unionByName(part)
    articles = items.where(F.col("kind") == "article").select(*columns(ARTICLE_SCHEMA))
    problems = items.where(F.col("kind") == "problem").select(*columns(PROBLEM_SCHEMA))
    return articles, problems
