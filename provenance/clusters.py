"""Copy clusters: articles joined by copying, directly or through others.

Two articles are in one cluster when a chain of ``copy``, ``light`` or
``heavy`` matches joins them. ``quotes`` matches do not join: quoting one
statement makes two articles siblings of a source, not copies.

A new cluster's id is made from its smallest member id, so it does not
depend on the order articles were scanned in. From then on the id is the
cluster's identity, kept from scan to scan (:func:`reconcile`): a cluster
that grows or shrinks keeps it; when a new article joins clusters into one,
the largest of them (the smallest id among equals) survives and the merge
is recorded; when a cluster splits, the part with most of its old members
keeps the id. A scan over everything at once names each cluster after its
smallest member, so the two agree unless a later article sorts first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Reconciled:
    """The clusters of a scan, named after the clusters stored before it.

    Attributes:
        clusters: The clusters, with their lasting ids.
        merges: ``(merged id, surviving id)`` for each cluster absorbed into another.
        created: Ids of clusters that did not exist before.
        changed: Ids of clusters whose members changed, or that hold an
            article checked in this scan (its matches may have changed).
    """

    clusters: list[Cluster]
    merges: list[tuple[str, str]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)


def reconcile(previous: Mapping[str, Iterable[str]], current: list[Cluster], checked: Iterable[str] = ()) -> Reconciled:
    """Give this scan's clusters the ids of the stored clusters they continue.

    Args:
        previous: Stored clusters: id to member ids.
        current: The clusters found now (named by :func:`build_clusters`).
        checked: Articles checked in this scan.

    Returns:
        The clusters renamed, with merges, creations and changes.
    """
    old_members = {cluster_id: frozenset(members) for cluster_id, members in previous.items()}
    home = {article: cluster_id for cluster_id, members in old_members.items() for article in members}
    checked = set(checked)
    # Which new cluster continues each old one: the one holding most of its members.
    heirs: dict[str, tuple[int, str]] = {}
    for cluster in current:
        shares: dict[str, int] = {}
        for article in cluster.articles:
            if article in home:
                shares[home[article]] = shares.get(home[article], 0) + 1
        for old_id, count in shares.items():
            claim = (-count, cluster.id)
            if old_id not in heirs or claim < heirs[old_id]:
                heirs[old_id] = claim
    heir_of: dict[str, list[str]] = {}
    for old_id, (_, heir) in heirs.items():
        heir_of.setdefault(heir, []).append(old_id)
    result = Reconciled([])
    taken: set[str] = set()
    for cluster in sorted(current, key=lambda c: c.id):
        inherited = sorted(heir_of.get(cluster.id, ()), key=lambda old_id: (-len(old_members[old_id]), old_id))
        if inherited:
            identity = inherited[0]
            result.merges.extend((merged, identity) for merged in inherited[1:])
            if set(cluster.articles) != old_members[identity] or len(inherited) > 1 or checked & set(cluster.articles):
                result.changed.add(identity)
        else:
            identity = cluster.id
            while identity in taken or identity in old_members:
                identity = cluster_id([identity + "/"])
            result.created.add(identity)
            result.changed.add(identity)
        taken.add(identity)
        result.clusters.append(Cluster(identity, cluster.articles))
    result.clusters.sort(key=lambda c: (-len(c.articles), c.id))
    return result
