"""The benchmark command runs end to end and writes its table and plot.

Run here on a small corpus of stories we generate (a few of them copied),
so that ``scripts/bench`` is known to work before anyone spends minutes on
the Reuters set; the figures themselves are the benchmark's business, not
the test's.
"""

import json
import random
import subprocess
import sys
from xml.etree import ElementTree

from conftest import ROOT
from strategies import VOCABULARIES, _sentence

sys.path.insert(0, str(ROOT / "scripts"))

from bench_plot import plot


def _corpus(path, count=90):
    """JSON Lines of dated stories; every tenth one copies the story before it, with a line of its own."""
    pick = random.Random(7)
    records = []
    for number in range(count):
        if number % 10 == 9:
            text = records[-1]["text"] + "\n\n" + _sentence(pick, VOCABULARIES[1])
        else:
            text = "\n\n".join(" ".join(_sentence(pick, VOCABULARIES[0]) for _ in range(3)) for _ in range(4))
        records.append({"id": f"story-{number}", "outlet": f"outlet-{number % 4}",
                        "published": f"2026-03-{1 + number % 28:02d}T09:00:00Z", "text": text})  # fmt: skip
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def test_the_benchmark_writes_a_row_per_size_and_the_plot(tmp_path):
    source, out = tmp_path / "stories.jsonl", tmp_path / "reports"
    _corpus(source)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmarks.py"), str(source),
         "--sizes", "50,all", "--new", "10", "--repeat", "1", "--no-browser", "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = (out / "benchmarks.md").read_text()
    for heading in ("## Fingerprinting", "## Full scans", "## Scheduled scans", "## Reports"):
        section = table[table.index(heading) :].split("\n## ")[0]
        rows = [line for line in section.splitlines() if line.startswith(("| 50 |", "| 90 |"))]
        assert len(rows) == 2, (heading, section)
    full_scan = next(line for line in table[table.index("## Full scans") :].splitlines() if line.startswith("| 90 |"))
    assert int(full_scan.split("|")[7].replace(",", "")) >= 9, full_scan  # every planted copy matched
    assert "The browser timings were left out (--no-browser)." in table
    svg = ElementTree.parse(out / "benchmarks.svg").getroot()
    words = " ".join(svg.itertext())
    assert "full scan (ingest and detection)" in words and "fingerprinting, datasketch (in process)" in words


def test_the_benchmark_names_a_missing_corpus(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmarks.py"), str(tmp_path / "absent.jsonl")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"{tmp_path / 'absent.jsonl'}: not found")
    assert "Traceback" not in result.stderr


def test_the_plot_is_the_same_file_for_the_same_figures(tmp_path):
    times = {"full scan": [(100, 1.0), (200, 2.1)], "adds nothing": [(100, 0.3), (200, 0.3)]}
    memory = {"full scan": [(100, 150.0), (200, 180.0)]}
    plot(times, memory, tmp_path / "one.svg", "a title")
    plot(times, memory, tmp_path / "two.svg", "a title")
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()
    plot({**times, "adds nothing": [(100, 0.3), (200, 0.9)]}, memory, tmp_path / "three.svg", "a title")
    assert (tmp_path / "three.svg").read_bytes() != (tmp_path / "one.svg").read_bytes()
