"""Finding the inputs of a scan: files, folders walked recursively, standard input.

A folder may hold files that are not articles (notes, answer keys): a
``.provenanceignore`` file at its top lists them in .gitignore syntax, read
with pathspec. Hidden files and folders are passed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pathspec

from provenance.ingest.fetch import is_url
from provenance.ingest.model import Problem, Source

IGNORE_FILE = ".provenanceignore"

#: File endings and the reader for each; compound endings first.
FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".arc.gz", "warc"),
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".json.gz", "json"),
    (".csv.gz", "csv"),
    (".tsv.gz", "tsv"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".rss.gz", "feed"),
    (".atom.gz", "feed"),
    (".xml.gz", "feed"),
    (".txt.gz", "text"),
    (".md.gz", "text"),
    (".warc", "warc"),
    (".arc", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".csv", "csv"),
    (".tsv", "tsv"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".shtml", "html"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".markdown", "text"),
)


def split_name(name: str) -> tuple[str, str | None]:
    """A file name's stem (without its known endings) and its format.

    ``"feed.jsonl.gz"`` gives ``("feed", "jsonl")``; an unknown ending keeps
    the whole name and gives no format, so the content decides.
    """
    lowered = name.lower()
    for ending, format in FORMATS:
        if lowered.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)], format
    return name, None


def _source(path: Path, root: Path | None) -> Source:
    stem, format = split_name(path.name)
    if root is None:
        # A file named on its own: its folder's name tells it from a file
        # of the same name elsewhere, whatever the working folder.
        parent = path.resolve().parent.name
        relative = f"{parent}/{path.name}" if parent else path.name
    else:
        relative = path.relative_to(root).as_posix()
    return Source(label=str(path), path=path, stem=stem, relative=relative, format=format)


def _ignore_spec(root: Path) -> tuple[pathspec.PathSpec | None, Problem | None]:
    ignore_file = root / IGNORE_FILE
    if not ignore_file.is_file():
        return None, None
    try:
        lines = ignore_file.read_text(errors="replace").splitlines()
    except OSError as error:
        return None, Problem(str(ignore_file), f"cannot be read ({error.strerror or error}): nothing in {root} is ignored")
    return pathspec.GitIgnoreSpec.from_lines(lines), None


def _walk(root: Path) -> Iterator[Source | Problem]:
    spec, problem = _ignore_spec(root)
    if problem:
        yield problem
    unreadable: list[OSError] = []
    for folder, subfolders, files in os.walk(root, onerror=unreadable.append):
        yield from (Problem(e.filename or str(root), f"folder cannot be read ({e.strerror or e})") for e in unreadable)
        unreadable.clear()
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if spec is not None and spec.match_file(path.relative_to(root).as_posix()):
                continue
            if not path.is_file():
                # A pipe or socket would block the scan forever; a broken link has nothing to read.
                yield Problem(str(path), "not a regular file (a pipe, socket or broken link): skipped")
                continue
            yield _source(path, root)
    yield from (Problem(e.filename or str(root), f"folder cannot be read ({e.strerror or e})") for e in unreadable)


def discover(paths: list[str]) -> Iterator[Source | Problem]:
    """The inputs named by the user, folders expanded, in a stable order.

    Args:
        paths: Files, folders, http(s) URLs (feeds), or ``-`` for
            standard input.

    Yields:
        A :class:`Source` per input file, or a :class:`Problem` for a path
        that cannot be read.
    """
    for name in paths:
        if name == "-":
            yield Source(label="-", path=None, stem="stdin", relative="stdin", format=None)
            continue
        if is_url(name):
            # The content decides the reader: a feed, or one article's page.
            yield Source(label=name, path=None, stem=name, relative=name, format=None, url=name)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield _source(path, None)
        elif path.exists():
            yield Problem(name, "not a regular file or folder: give files or folders of articles")
        elif path.is_symlink():
            yield Problem(name, "broken link: its target does not exist")
        else:
            yield Problem(name, "no such file or folder: check the path")
