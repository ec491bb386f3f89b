"""Markdown tables for the evaluation scripts: printed as they are made and kept for the report file."""

from __future__ import annotations

from pathlib import Path

lines: list[str] = []


def say(text: str = "") -> None:
    """Print a line and keep it for the report."""
    print(text)
    lines.append(text)


def table(headers: list[str], rows: list[list[object]]) -> None:
    """Print a Markdown table and keep it for the report."""
    say("| " + " | ".join(headers) + " |")
    say("|" + "---|" * len(headers))
    for row in rows:
        say("| " + " | ".join("" if value is None else str(value) for value in row) + " |")
    say()


def write(path: Path) -> None:
    """Write what was said to ``path``."""
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
