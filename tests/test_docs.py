"""The README documents every command, and the public API is what __all__ says."""

import re

from conftest import ROOT

import provenance
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


def test_every_command_has_a_row_and_an_example():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"| `provenance {name}" in README, f"no row for {name} in the README's table of commands"
        assert re.search(rf"^\$ provenance {name}\b", README, re.MULTILINE), f"no example of 'provenance {name}'"


def _examples():
    """The README's example session on corpus/: command line -> the output shown under it."""
    block = README[README.index("```console\n$ provenance scan corpus/") :]
    block = block[len("```console\n") : block.index("\n```")]
    examples = {}
    for part in re.split(r"^(?=\$ provenance )", block, flags=re.MULTILINE):
        if part.strip():
            command, _, output = part.partition("\n")
            examples.setdefault(command[2:], output)
    return examples


def test_the_example_outputs_are_what_the_commands_print(tmp_path, monkeypatch):
    """Every example of the session that does not depend on the clock or the machine is printed as shown."""
    from conftest import CORPUS
    from test_cli import invoke

    from provenance.settings import DB_ENV

    (tmp_path / "corpus").symlink_to(CORPUS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)  # the default database, ./provenance.db, as in the README
    invoke("scan", "corpus/", "-q")
    checked = 0
    for line, shown in _examples().items():
        words = line.split("|")[0].split()[1:]
        if words[0] in ("scan", "scans"):
            continue  # timestamps and the database's path
        printed = invoke(*words).output.splitlines()  # with what goes to stderr, such as "Wrote ..."
        if "| head -" in line:
            printed = printed[: int(line.rsplit("-", 1)[1])]
        expected = [text for text in shown.splitlines() if not text.startswith("read from:")]
        assert [text for text in printed if not text.startswith("read from:")] == expected, line
        checked += 1
    assert checked >= 6
