"""What every ``provenance`` command shares: the database option, one-line errors, the store.

Library errors reach a user as one ``Error: ...`` line and an exit
status, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional, TextIO

import typer

from provenance.errors import ProvenanceError
from provenance.scanner import EXIT_FAILED
from provenance.settings import DB_ENV, resolve_db_path
from provenance.store import Store

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar=DB_ENV, help="SQLite database file \\[default: ./provenance.db]."),
]


def error(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    """Print ``Error: message`` on stderr; returns the exit to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def open_store(db: Path | None, *, create: bool = False) -> Iterator[Store]:
    """Open the store, turning library errors into one line and exit 1."""
    try:
        store = Store(resolve_db_path(db), create=create)
    except ProvenanceError as failure:
        raise error(str(failure)) from None
    try:
        yield store
    except ProvenanceError as failure:
        raise error(str(failure)) from None
    finally:
        store.close()


def count(number: int, noun: str) -> str:
    """"1 match", "2 matches"."""
    return f"{number} {noun}{'' if number == 1 else ('es' if noun.endswith('ch') else 's')}"


def tabulate(rows: list, **options: object) -> str:
    """tabulate's table; imported when a table is printed, not by every scan.

    Columns are as wide as their widest value or header: tabulate's default
    two spaces of padding after each header would cost a table of eight
    columns 16 of the 80 a terminal has.
    """
    import tabulate as module

    module.MIN_PADDING = 0
    return module.tabulate(rows, **options)


def clip(value: str | None, width: int) -> str:
    """One line per row in an 80-column terminal: long values end in an ellipsis."""
    text = " ".join((value or "").split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def short_time(value: str | None) -> str:
    """An ISO time as "YYYY-MM-DD HH:MM" for a table."""
    return value.replace("T", " ")[:16] if value else ""


def write_file(out: Path, write: Callable[[TextIO], int]) -> int:
    """Write a file whole or not at all: a failed or interrupted run leaves any earlier file as it was.

    ``write`` fills a ``.partial`` file beside ``out``, which then replaces
    ``out`` in one rename. Returns what ``write`` returns.
    """
    temporary = out.with_name(out.name + ".partial")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            written = write(stream)
        temporary.replace(out)
    except OSError as failure:
        temporary.unlink(missing_ok=True)
        raise error(f"cannot write {out} ({failure.strerror or failure})") from None
    except BaseException:
        temporary.unlink(missing_ok=True)  # Ctrl-C or a failure while writing: no half file left behind
        raise
    return written
