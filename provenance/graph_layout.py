"""Where each node of a cluster's lineage goes in a picture.

Sources stand on the left and what derives from them to their right, one
column per generation, so that reading left to right is reading forward
in the story's spread. Within a column each node sits level with its
sources where there is room (a tree reads as a tree), else just below the
node above it; roots go in the order given, which the caller makes
chronological. Coordinates are pixels, ready for SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Horizontal distance between generations, and vertical between rows.
COLUMN = 270
ROW = 58
#: A node's box.
NODE_WIDTH = 170
NODE_HEIGHT = 40
MARGIN = 12


@dataclass(frozen=True)
class Layout:
    """Positions of a graph's nodes.

    Attributes:
        positions: Node -> top-left corner of its box, in pixels.
        width: Width of the picture.
        height: Height of the picture.
    """

    positions: dict[str, tuple[int, int]]
    width: int
    height: int


def _generations(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Each node's column: the length of the longest chain of sources above it.

    Lineage is a forest, but a picture must not hang on that: an edge that
    would close a cycle is left out of the reckoning.
    """
    parents: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        if source in parents and target in parents and source != target:
            parents[target].append(source)
    column: dict[str, int] = {}
    for node in nodes:
        if node not in column:
            _depth_iteratively(node, parents, column)
    return column


def _depth_iteratively(start: str, parents: dict[str, list[str]], column: dict[str, int]) -> None:
    """Fill ``column`` for ``start`` and its ancestors without recursion (long chains are possible)."""
    stack = [(start, iter(parents[start]))]
    on_path = {start}
    best = {start: 0}
    while stack:
        node, pending = stack[-1]
        for parent in pending:
            if parent in column:
                best[node] = max(best[node], column[parent] + 1)
            elif parent not in on_path:
                on_path.add(parent)
                best[parent] = 0
                stack.append((parent, iter(parents[parent])))
                break
        else:
            stack.pop()
            on_path.discard(node)
            column[node] = best[node]
            if stack:
                child = stack[-1][0]
                best[child] = max(best[child], column[node] + 1)


def layered(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> Layout:
    """Place a lineage graph: sources left of what derives from them, rows kept compact.

    Args:
        nodes: The nodes, roots in the order they should appear (earliest first).
        edges: ``(source, derivative)`` pairs; unknown nodes are ignored.

    Returns:
        A position for every node, none sharing a place, every derivative
        in a column right of each of its sources (save an edge that closes
        a cycle).
    """
    order = list(dict.fromkeys(nodes))
    pairs = [(s, t) for s, t in edges if s != t]
    column = _generations(order, pairs)
    rank = {node: i for i, node in enumerate(order)}
    parents: dict[str, list[str]] = {node: [] for node in order}
    for source, target in pairs:
        if source in parents and target in parents and column[source] < column[target]:
            parents[target].append(source)
    row: dict[str, int] = {}
    for generation in range(max(column.values(), default=-1) + 1):
        members = [node for node in order if column[node] == generation]
        wanted = {
            node: min((row[p] for p in parents[node]), default=0) if parents[node] else 0 for node in members
        }
        members.sort(key=lambda node: (wanted[node], rank[node]))
        next_free = 0
        for node in members:
            row[node] = max(next_free, wanted[node])
            next_free = row[node] + 1
    positions = {node: (MARGIN + column[node] * COLUMN, MARGIN + row[node] * ROW) for node in order}
    width = MARGIN * 2 + NODE_WIDTH + COLUMN * max(column.values(), default=0)
    height = MARGIN * 2 + NODE_HEIGHT + ROW * max(row.values(), default=0)
    return Layout(positions, width, height)
