"""Lineage's cost on its worst case: one copy cluster where every article shares text with every other.

Lineage weighs every link of a cluster, and a link's evidence reads the
articles around it (reach, readings, leads, credits), so a cluster of n
articles all copying one story costs more than n times a cluster of one.
Real clusters are far sparser (the largest of Reuters-21578 holds 95
articles and 149 links); this bounds what a wire story republished
verbatim by a few hundred outlets costs. Each article is an introduction of its own above
one made-up 500-word story, undated; every fifth credits the first outlet.

Usage: .venv/bin/python scripts/bench_lineage.py [SIZE ...]   (default 50 100 150 200)
"""

from __future__ import annotations

import random
import sys
import time

from provenance.lineage import Link, infer, node

#: Cluster sizes measured by default.
SIZES = (50, 100, 150, 200)


def cluster(size: int) -> tuple[list, list[Link]]:
    """``size`` articles sharing one story below introductions of their own, and a link between every two."""
    pick = random.Random(size)
    vocabulary = [f"term{k}" for k in range(3000)]
    story = " ".join(pick.choice(vocabulary) for _ in range(500)) + "."
    rows, starts = [], []
    for k in range(size):
        intro = " ".join(pick.choice(vocabulary) for _ in range(30)) + ".\n\n"
        credit = "Originally reported by Outlet 0.\n\n" if k % 5 == 4 else ""
        text = credit + intro + story
        rows.append({"id": f"a{k:04d}", "outlet": f"Outlet {k}", "text": text})
        starts.append(text.index(story))
    links = []
    for i in range(size):
        for j in range(i + 1, size):
            a_spans = ((starts[i], starts[i] + len(story)),)
            b_spans = ((starts[j], starts[j] + len(story)),)
            links.append(Link(rows[i]["id"], rows[j]["id"], "copy", 0.9, 0.9, a_spans, b_spans))
    return [node(row) for row in rows], links


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or list(SIZES)
    print("| articles | links | lineage (s) |")
    print("|---|---|---|")
    for size in sizes:
        nodes, links = cluster(size)
        started = time.perf_counter()
        infer("bench", nodes, links)
        print(f"| {size} | {len(links)} | {time.perf_counter() - started:.2f} |")


if __name__ == "__main__":
    main()
