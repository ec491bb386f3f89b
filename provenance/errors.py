"""Errors that reach a user as one line, never as a traceback.

The CLI catches :class:`ProvenanceError` and prints ``Error: <message>``;
anything else is a bug. Problems with one input are not errors: readers
report them as :class:`provenance.ingest.Problem` and the scan goes on.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class: something the user can act on went wrong."""


class StoreError(ProvenanceError):
    """The database cannot be opened, read or written."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer provenance than this one."""



class BusyError(ProvenanceError):
    """Another scan is writing to the database and did not finish in time."""


class Interrupted(Exception):  # noqa: N818 - it names what happened, as KeyboardInterrupt does
    """A scan was asked to stop (SIGINT or SIGTERM) and stopped at a safe point."""
