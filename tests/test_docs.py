"""The README documents every command, and the public API is what __all__ says."""

import re

import provenance
from conftest import ROOT

from provenance.cli import app

README = (ROOT / "README.md").read_text()


def test_every_command_is_in_the_readme():
    commands = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert commands
    for name in commands:
        assert re.search(rf"provenance {name}\b", README), f"README does not show 'provenance {name}'"


def test_readme_gives_the_two_commands():
    assert "./scripts/demo" in README and "./scripts/test" in README


def test_all_names_exist_and_public_modules_are_covered():
    for name in provenance.__all__:
        assert hasattr(provenance, name), name
    exported = set(provenance.__all__)
    assert {"Article", "Store", "scan", "Settings", "write_export", "read_source"} <= exported
