"""sqlite-utils, loaded without pandas.

sqlite-utils imports pandas when it can, to store pandas timestamps as
text; the store never holds one (see :mod:`provenance.optional`).
"""

from __future__ import annotations

from provenance.optional import without

with without("pandas"):
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

__all__ = ["Database", "Migrations"]
