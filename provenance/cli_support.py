"""What every ``provenance`` command shares: the database option, one-line errors, the store.

Library errors reach a user as one ``Error: ...`` line and an exit
status, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from provenance.errors import ProvenanceError
from provenance.scanner import EXIT_FAILED
from provenance.settings import DB_ENV, resolve_db_path
from provenance.store import Store

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar=DB_ENV, help="SQLite database file [default: ./provenance.db]."),
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
