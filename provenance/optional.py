"""Importing a library without the optional modules it would load for features we never use.

Some libraries try an import at load time and do without it if it fails:
sqlite-utils maps pandas timestamps to a column type, nltk's collocation
statistics use scipy. Where such a module is installed (any environment
with the Spark extra, most data-science ones), the library loads it
whether we use the feature or not, and a scheduled scan that finds nothing
new pays for it: pandas alone is 0.3 s of a scan's start-up. Hiding the
module while the library loads makes its ``import`` fail the way it would
were the module absent; the module imports normally afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Within the block, importing any of ``names`` raises ImportError, unless it is loaded already."""
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
