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


def _acyclic(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each node's sources, from the edges in the order given, leaving out any edge that would close a cycle.

    Lineage is a forest, but a picture must not hang on that. The caller
    puts the edges it trusts most first, so that a doubtful edge, not a
    sure one, is the one left out.
    """
    parents: dict[str, list[str]] = {node: [] for node in nodes}
    children: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        if source not in parents or target not in parents or source == target or source in parents[target]:
            continue
        if _reaches(children, target, source):
            continue
        parents[target].append(source)
        children[source].append(target)
    return parents


def _reaches(children: dict[str, list[str]], start: str, goal: str) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for child in children[node]:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def _generations(nodes: list[str], parents: dict[str, list[str]]) -> dict[str, int]:
    """Each node's column: the length of the longest chain of sources above it (Kahn's order, no recursion)."""
    waiting = {node: len(parents[node]) for node in nodes}
    children: dict[str, list[str]] = {node: [] for node in nodes}
    for node in nodes:
        for parent in parents[node]:
            children[parent].append(node)
    column = dict.fromkeys(nodes, 0)
    ready = [node for node in nodes if not waiting[node]]
    while ready:
        node = ready.pop()
        for child in children[node]:
            column[child] = max(column[child], column[node] + 1)
            waiting[child] -= 1
            if not waiting[child]:
                ready.append(child)
    return column


def layered(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> Layout:
    """Place a lineage graph: sources left of what derives from them, rows kept compact.

    Args:
        nodes: The nodes, roots in the order they should appear (earliest first).
        edges: ``(source, derivative)`` pairs, surest first; unknown nodes
            are ignored, and so is an edge that would close a cycle.

    Returns:
        A position for every node, none sharing a place, every derivative
        in a column right of each of its sources.
    """
    order = list(dict.fromkeys(nodes))
    parents = _acyclic(order, list(edges))
    column = _generations(order, parents)
    rank = {node: i for i, node in enumerate(order)}
    by_column: dict[int, list[str]] = {}
    for node in order:
        by_column.setdefault(column[node], []).append(node)
    row: dict[str, int] = {}
    for generation in sorted(by_column):
        members = by_column[generation]
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
