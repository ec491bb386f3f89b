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
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".markdown", "text"),
)


def split_name(name: str) -> tuple[str, str | None]:
    """A file name's stem (without its known endings) and its format.

    ``"feed.jsonl.gz"`` gives ``("feed", "json")``; an unknown ending keeps
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
        # A file named on its own: the path as given tells it from another
        # file with the same name elsewhere.
        relative = path.with_name(stem).as_posix().lstrip("./") or stem
    else:
        parent = path.parent.relative_to(root).as_posix()
        relative = stem if parent == "." else f"{parent}/{stem}"
    return Source(label=str(path), path=path, stem=stem, relative=relative, format=format)


def _walk(root: Path) -> Iterator[Source]:
    ignore_file = root / IGNORE_FILE
    spec = None
    if ignore_file.is_file():
        spec = pathspec.GitIgnoreSpec.from_lines(ignore_file.read_text(errors="replace").splitlines())
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if spec is not None and spec.match_file(path.relative_to(root).as_posix()):
                continue
            yield _source(path, root)


def discover(paths: list[str]) -> Iterator[Source | Problem]:
    """The inputs named by the user, folders expanded, in a stable order.

    Args:
        paths: Files, folders, or ``-`` for standard input.

    Yields:
        A :class:`Source` per input file, or a :class:`Problem` for a path
        that does not exist.
    """
    for name in paths:
        if name == "-":
            yield Source(label="-", path=None, stem="stdin", relative="stdin", format=None)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield _source(path, None)
        elif path.exists():
            yield Problem(name, "not a regular file or folder: give files or folders of articles")
        else:
            yield Problem(name, "no such file or folder: check the path")
