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

from typing import TYPE_CHECKING, Any

#: Where each public name lives. They are imported on first use (PEP 562),
#: so that ``provenance scan`` run by cron over nothing new does not pay for
#: the readers, detection and export it will not need.
_PUBLIC = {
    "Article": "provenance.article",
    "content_hash": "provenance.article",
    "Credit": "provenance.credits",
    "find_credit": "provenance.credits",
    "find_credits": "provenance.credits",
    "Published": "provenance.dates",
    "parse_published": "provenance.dates",
    "ProvenanceError": "provenance.errors",
    "SchemaTooNewError": "provenance.errors",
    "StoreError": "provenance.errors",
    "collect": "provenance.export",
    "write_export": "provenance.export",
    "Problem": "provenance.ingest",
    "Source": "provenance.ingest",
    "discover": "provenance.ingest",
    "read_source": "provenance.ingest",
    "outlet_from_domain": "provenance.outlets",
    "outlet_from_url": "provenance.outlets",
    "ScanSummary": "provenance.scanner",
    "scan": "provenance.scanner",
    "Settings": "provenance.settings",
    "resolve_db_path": "provenance.settings",
    "AddCounts": "provenance.store",
    "Store": "provenance.store",
}

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
