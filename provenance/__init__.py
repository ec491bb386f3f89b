"""provenance: find who copied whom among syndicated news articles.

The library is the product; the ``provenance`` command is a thin layer over
it::

    from provenance import Store, scan

    with Store("provenance.db") as store:
        summary = scan(["corpus/"], store)
        print(summary.counts.added, "articles added")
"""

from __future__ import annotations

__version__ = "0.1.0"

from provenance.article import Article, content_hash
from provenance.credits import Credit, find_credit, find_credits
from provenance.dates import Published, parse_published
from provenance.errors import ProvenanceError, SchemaTooNewError, StoreError
from provenance.export import collect, write_export
from provenance.ingest import Problem, Source, discover, read_source
from provenance.outlets import outlet_from_domain, outlet_from_url
from provenance.scanner import ScanSummary, scan
from provenance.settings import Settings, resolve_db_path
from provenance.store import AddCounts, Store

__all__ = [
    "AddCounts",
    "Article",
    "Credit",
    "Problem",
    "ProvenanceError",
    "Published",
    "ScanSummary",
    "SchemaTooNewError",
    "Settings",
    "Source",
    "Store",
    "StoreError",
    "__version__",
    "collect",
    "content_hash",
    "discover",
    "find_credit",
    "find_credits",
    "outlet_from_domain",
    "outlet_from_url",
    "parse_published",
    "read_source",
    "resolve_db_path",
    "scan",
    "write_export",
]
