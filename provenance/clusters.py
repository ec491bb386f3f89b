"""Copy clusters: articles joined by copying, directly or through others.

Two articles are in one cluster when a chain of ``copy``, ``light`` or
``heavy`` matches joins them. ``quotes`` matches do not join: quoting one
statement makes two articles siblings of a source, not copies.

A cluster's id is made from its smallest member id, so it does not depend
on the order articles were scanned in, and stays the same while the
cluster grows by articles with larger ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cluster:
    """A copy cluster.

    Attributes:
        id: Stable id (``c`` and ten hex digits).
        articles: Member ids, sorted.
    """

    id: str
    articles: tuple[str, ...]


def cluster_id(members: Iterable[str]) -> str:
    """The id of a cluster with these members."""
    anchor = min(members)
    return "c" + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:10]


def build_clusters(edges: Iterable[tuple[str, str]]) -> list[Cluster]:
    """Connected components of the copy graph.

    Args:
        edges: Pairs of article ids joined by a derived match.

    Returns:
        Clusters of two or more articles, largest first, then by id.
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            # The smaller id wins, so the result is the same in any order.
            low, high = sorted((root_a, root_b))
            parent[high] = low
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    clusters = [Cluster(cluster_id(members), tuple(sorted(members))) for members in groups.values()]
    return sorted(clusters, key=lambda cluster: (-len(cluster.articles), cluster.id))
