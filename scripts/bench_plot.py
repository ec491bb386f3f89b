"""The benchmark's plot: time and memory against corpus size, to see growth at a glance.

Both axes are logarithmic, with a dotted line of slope one through the
smallest full scan: a cost that grows in step with the corpus runs parallel
to it, one that grows faster climbs away from it. The SVG keeps its text as
text and carries no date, so a re-run with the same figures writes the same file.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

Series = dict[str, list[tuple[int, float]]]


def _plain(value: float, _position: int) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def _two_and_five(value: float, position: int) -> str:
    """Minor ticks labelled at 2, 3 and 5 times a power of ten only, so labels never crowd."""
    leading = value / 10 ** math.floor(math.log10(value)) if value > 0 else 0
    return _plain(value, position) if round(leading) in (2, 3, 5) and abs(leading - round(leading)) < 1e-6 else ""


def _axes(axes, title: str, label: str, series: Series, reference: str | None) -> None:
    for name, points in series.items():
        points = [(x, y) for x, y in points if y > 0]
        if points:
            axes.plot(*zip(*points), marker="o", label=name)
    if reference and series.get(reference):
        x0, y0 = series[reference][0]
        xs = [x0, max(x for points in series.values() for x, _ in points)]
        axes.plot(xs, [y0 * x / x0 for x in xs], linestyle=":", color="grey", label="grows in step with size")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_title(title)
    axes.set_xlabel("articles in the corpus")
    axes.set_ylabel(label)
    # Ticks at the sizes measured, not at powers of ten that may fall between them.
    axes.xaxis.set_major_locator(FixedLocator(sorted({x for points in series.values() for x, _ in points})))
    axes.xaxis.set_major_formatter(FuncFormatter(_plain))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.yaxis.set_major_formatter(FuncFormatter(_plain))
    axes.yaxis.set_minor_formatter(FuncFormatter(_two_and_five))
    axes.grid(True, which="both", alpha=0.25)
    axes.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)


def plot(times: Series, memory: Series, path: Path, title: str) -> None:
    """Write the two panels, seconds and peak MiB against articles, to ``path`` (SVG or PNG by its suffix)."""
    plt.rcParams["svg.hashsalt"] = "provenance"
    plt.rcParams["svg.fonttype"] = "none"
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 6.5), constrained_layout=True)
    first = next(iter(times), None)
    _axes(left, "Time", "seconds (log scale)", times, first)
    _axes(right, "Peak memory", "MiB (log scale)", memory, None)
    figure.suptitle(title)
    metadata = {"Date": None} if path.suffix == ".svg" else {}
    figure.savefig(path, metadata=metadata)
    plt.close(figure)
