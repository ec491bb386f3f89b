"""Errors that reach a user as one line, never as a traceback.

The CLI catches :class:`ProvenanceError` and prints ``Error: <message>``;
anything else is a bug.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class: something the user can act on went wrong."""


class StoreError(ProvenanceError):
    """The database cannot be opened, read or written."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer provenance than this one."""


class InputError(ProvenanceError):
    """One input (a file, or one record in it) cannot be read.

    Args:
        path: The file, as the user named it (``-`` for standard input).
        message: What is wrong and what to do about it.
        line: The line (or record) number inside the file, when known.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"
