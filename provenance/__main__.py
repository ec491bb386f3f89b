"""``python -m provenance``."""

from provenance.cli import app

app(prog_name="provenance")
