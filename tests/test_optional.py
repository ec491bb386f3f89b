"""Libraries load without the optional modules whose features we never use."""

import importlib.util
import subprocess
import sys

import pytest

from provenance.optional import without


def test_a_hidden_module_cannot_be_imported_within_the_block_and_can_after():
    name = "json.tool"  # in the standard library, and not loaded by the test run
    sys.modules.pop(name, None)
    with without(name), pytest.raises(ImportError):
        importlib.import_module(name)
    assert importlib.import_module(name).__name__ == name


def test_a_module_loaded_already_is_left_alone():
    with without("json"):
        assert importlib.import_module("json") is sys.modules["json"]


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas is not installed, so nothing loads it")
def test_the_store_and_the_text_pipeline_load_neither_pandas_nor_scipy():
    code = (
        "import sys, provenance.cli, provenance.store, provenance.tokens\n"
        "list(provenance.tokens.sentence_spans('One. Two.'))\n"
        "print(sorted(m for m in ('pandas', 'scipy') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
