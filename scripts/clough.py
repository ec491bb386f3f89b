"""The Clough-Stevenson corpus as the evaluation scripts read it: its labels and its verbatim word runs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

CLOUGH = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clough-stevenson"
#: Length of a verbatim run that two answers written apart never share.
RUN = 8


def labels() -> dict[str, tuple[str, str]]:
    """Each file's name (without ``.txt``) and its task and category (non, cut, light, heavy or orig)."""
    with open(CLOUGH / "file_information.csv", newline="") as stream:
        return {Path(row["File"]).stem: (row["Task"], row["Category"]) for row in csv.DictReader(stream)}


def text(name: str) -> str:
    """A file's text (some are cp1252: undecodable bytes are replaced)."""
    return (CLOUGH / f"{name}.txt").read_text(errors="replace")


def words(name: str) -> list[str]:
    """A file's words, lower-cased."""
    return re.findall(r"\w+", text(name).lower())


def word_runs(name: str, size: int = RUN) -> set[tuple[str, ...]]:
    """The runs of ``size`` words in a file."""
    found = words(name)
    return {tuple(found[i : i + size]) for i in range(len(found) - size + 1)}
