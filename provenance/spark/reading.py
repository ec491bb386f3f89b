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
from dataclasses import asdict, replace
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
_ITEM_SCHEMA = f"kind string, {ARTICLE_SCHEMA}, line long, message string, fatal boolean, file_rank long, block long, row long"
#: The columns that order what was read, as the embedded scan reads it: the last record of an id is kept.
READ_ORDER = ("file_rank", "path", "block", "row")
_LINE_FORMATS = ("jsonl",)


def _canonical(uri: str) -> str:
    """One spelling of a local file's URI: Spark writes ``file:/x`` in one place and ``file:///x`` in another."""
    if uri.startswith("file:"):
        return Path(unquote(urlparse(uri).path)).as_uri()
    return uri


def _source(uri: str, named: dict[str, tuple[str, str]]) -> tuple[Source, str]:
    """The embedded ingest's view of one input file, named by its URI, and the id an article takes from it.

    Its ``path`` is the URI's path: a file, not standard input, so that a
    file of one article takes its id from the file's name. Its bytes come
    from Spark, never from that path. A local file keeps the name the user
    gave it (its ``label``), as in the embedded scan.
    """
    uri = _canonical(uri)
    path = Path(unquote(urlparse(uri).path))
    stem, format = split_name(path.name)
    article_id, label = named.get(uri, (stem, uri))
    return Source(
        label=label, path=path, stem=stem, relative=path.name, format=format
    ), article_id


def inputs(paths: list[str]) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """The files to read, as URIs with the id an article takes from its file and the file's name, and the paths that cannot be read.

    Local paths are expanded by :func:`provenance.ingest.discover`, with
    the ids of :func:`provenance.scanner.default_ids` and the names the
    embedded scan gives; any other URI is given to Spark as it is, with its
    file name's stem.
    """
    from provenance.ingest import discover
    from provenance.scanner import default_ids

    local: list[Source] = []
    problems: list[Problem] = []
    remote: dict[str, tuple[str, str]] = {}
    for path in paths:
        if "://" in path and not path.startswith("file:"):
            remote[path] = (_source(path, {})[0].stem, path)
            continue
        for found in discover(
            [unquote(urlparse(path).path) if path.startswith("file:") else path]
        ):
            if isinstance(found, Problem):
                problems.append(found)
            elif found.path is not None:
                local.append(found)
    ids = default_ids(local)
    named = {
        source.path.resolve().as_uri(): (ids[source], source.label)
        for source in local
        if source.path
    }
    return {**named, **remote}, problems


#: Where an item was read: its file's place among the inputs, the file's block, the row in the block.
Order = tuple[int, int, int]


def _rows(items: Iterator[tuple[Article | Problem, Order]]) -> Iterator[dict[str, Any]]:
    for item, (rank, block, row) in items:
        order = {"file_rank": rank, "block": block, "row": row}
        if isinstance(item, Article):
            yield {"kind": "article", **asdict(item), **order}
        else:
            yield {"kind": "problem", "path": item.path, "line": item.line, "message": item.message,
                   "fatal": item.fatal, **order}  # fmt: skip


def _located(
    items: Iterator[Article | Problem], uri: str, source: Source
) -> Iterator[Article | Problem]:
    """Articles with the path the embedded scan gives them: a local file's absolute path, else its URI."""
    where = source.path.as_posix() if uri.startswith("file:") and source.path else uri
    for item in items:
        yield replace(item, path=where) if isinstance(item, Article) else item


def _records(
    records: Iterator[tuple[str, Any, Order]],
    named: dict[str, tuple[str, str]],
    settings: Settings,
) -> Iterator[tuple[Article | Problem, Order]]:
    """Records (one JSON object or Parquet row each, with the URI of its file) read as the embedded scan reads them."""
    from provenance.ingest import finish_articles
    from provenance.ingest.model import RecordError
    from provenance.ingest.records import record_to_raw

    for uri, record, order in records:
        source, article_id = _source(uri, named)
        try:
            raw = record_to_raw(record, None, "json")
        except RecordError as error:
            yield Problem(source.label, error.message, error.line), order
            continue
        for item in _located(
            finish_articles(iter([raw]), source, article_id, settings), uri, source
        ):
            yield item, order


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
        :data:`ARTICLE_SCHEMA` (and :data:`READ_ORDER`, for the articles)
        and :data:`PROBLEM_SCHEMA`.
    """
    from pyspark.sql import functions as F

    settings = settings or Settings()
    named, unreadable = inputs(paths)
    rank = {uri: n for n, uri in enumerate(named)}
    lines = [
        uri for uri in named if split_name(PurePosixPath(uri).name)[1] in _LINE_FORMATS
    ]
    parquet = [uri for uri in named if uri.lower().endswith(".parquet")]
    whole = [uri for uri in named if uri not in lines and uri not in parquet]
    parts = [spark.createDataFrame([{"kind": "problem", "path": p.path, "line": p.line, "message": p.message, "fatal": p.fatal}
                                    for p in unreadable], _ITEM_SCHEMA)]  # fmt: skip
    # A file's place among the inputs, then the row's place in the file: Spark keeps a block's rows in order.
    located = (
        F.input_file_name().alias("uri"),
        F.col("_metadata.file_block_start").alias("block"),
        F.monotonically_increasing_id().alias("row"),
    )

    def ordered(batch: pa.RecordBatch) -> Iterator[tuple[str, Order]]:
        uris = batch.column("uri").to_pylist()
        blocks, rows = (
            batch.column("block").to_pylist(),
            batch.column("row").to_pylist(),
        )
        for uri, block, row in zip(uris, blocks, rows):
            yield uri, (rank.get(_canonical(uri), len(rank)), block, row)

    if lines:
        frame = (
            spark.read.text(lines)
            .select(*located, "value")
            .where(F.trim("value") != "")
        )

        def parse_lines(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in incoming:
                records, problems = [], []
                for (uri, order), value in zip(
                    ordered(batch), batch.column("value").to_pylist()
                ):
                    try:
                        records.append((uri, json.loads(value), order))
                    except (ValueError, RecursionError) as error:
                        label = _source(uri, named)[0].label
                        problems.append(
                            (
                                Problem(
                                    label,
                                    f"invalid JSON ({error}): fix the line or remove it",
                                ),
                                order,
                            )
                        )
                yield from batches(
                    _rows(iter([*problems, *_records(iter(records), named, settings)])),
                    _ITEM_SCHEMA,
                )

        parts.append(frame.mapInArrow(parse_lines, _ITEM_SCHEMA))
    if parquet:
        frame = spark.read.parquet(*parquet)
        frame = frame.select(
            *located, F.to_json(F.struct(*frame.columns)).alias("__record")
        )

        def parse_rows(incoming: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in incoming:
                values = batch.column("__record").to_pylist()
                records = [
                    (uri, json.loads(value), order)
                    for (uri, order), value in zip(ordered(batch), values)
                ]
                yield from batches(
                    _rows(_records(iter(records), named, settings)), _ITEM_SCHEMA
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
                    source, article_id = _source(uri, named)
                    items = _located(
                        read_source(source, settings, article_id, data=content),
                        uri,
                        source,
                    )
                    file_rank = rank.get(_canonical(uri), len(rank))
                    yield from batches(
                        _rows(
                            (item, (file_rank, 0, n)) for n, item in enumerate(items)
                        ),
                        _ITEM_SCHEMA,
                    )

        parts.append(frame.mapInArrow(parse_files, _ITEM_SCHEMA))
    items = parts[0]
    for part in parts[1:]:
        items = items.unionByName(part)
    items = items.cache()  # articles and problems both come from one reading
    articles = items.where(F.col("kind") == "article").select(
        *columns(ARTICLE_SCHEMA), *READ_ORDER[:1], *READ_ORDER[2:]
    )
    problems = items.where(F.col("kind") == "problem").select(*columns(PROBLEM_SCHEMA))
    return articles, problems
