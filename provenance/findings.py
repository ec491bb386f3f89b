"""What detection found, in the store: fingerprints, matches, passages, clusters, furniture.

The SQL of detection lives here, beside :mod:`provenance.store` (articles
and scans), so that the detection stages stay free of storage details.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from provenance.boilerplate import Furniture
from provenance.clusters import Reconciled
from provenance.sketches import SketchSettings
from provenance.store import Store, in_chunks, utc_now

if TYPE_CHECKING:
    from provenance.detect import Match
    from provenance.fingerprints import Fingerprints


def detection_rows(store: Store) -> list[dict[str, Any]]:
    """Every article with what detection needs but its text, in id order."""
    return list(
        store.db.query(
            "select id, outlet, content_hash, detected_hash, furniture_hash, published_utc from articles order by id"
        )
    )


def unchecked_count(store: Store) -> int:
    """Articles whose current text detection has not yet checked."""
    row = store.db.execute(
        "select count(*) from articles where detected_hash is null or detected_hash != content_hash"
    ).fetchone()
    return int(row[0])


def get_meta(store: Store, key: str) -> str | None:
    """A value kept in the ``meta`` table."""
    row = store.db.execute("select value from meta where key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(store: Store, key: str, value: str) -> None:
    """Keep a value in the ``meta`` table."""
    store.db["meta"].upsert({"key": key, "value": value}, pk="key")


def _settings_id(store: Store, settings: SketchSettings, create: bool) -> int | None:
    values = settings.as_dict()
    where = " and ".join(f"{name} = ?" for name in values)
    row = store.db.execute(f"select id from fingerprint_settings where {where}", list(values.values())).fetchone()
    if row:
        return int(row[0])
    if not create:
        return None
    table = store.db["fingerprint_settings"]
    table.insert({**values, "created_at": utc_now()})
    return int(table.last_pk)  # type: ignore[arg-type]


def load_fingerprints(store: Store, settings: SketchSettings) -> dict[str, tuple[str, np.ndarray, np.ndarray]]:
    """Stored fingerprints made with these settings: id -> (content hash, passages, article)."""
    settings_id = _settings_id(store, settings, create=False)
    if settings_id is None:
        return {}
    width = settings.num_perm
    loaded = {}
    for row in store.db.query(
        "select article_id, content_hash, passage_count, passages, article from fingerprints where settings_id = ?",
        [settings_id],
    ):
        passages = np.frombuffer(row["passages"], dtype=np.uint32).reshape(row["passage_count"], width)
        article = np.frombuffer(row["article"], dtype=np.uint32)
        loaded[row["article_id"]] = (row["content_hash"], passages, article)
    return loaded


def save_fingerprints(store: Store, rows: list[dict[str, Any]], prints: Fingerprints, settings: SketchSettings) -> None:
    """Store fresh fingerprints, replacing older ones of the same articles."""
    if not rows:
        return
    with store.transaction():
        settings_id = _settings_id(store, settings, create=True)
        starts = np.concatenate(([0], np.cumsum(prints.passage_counts)))
        records = (
            {
                "article_id": row["id"],
                "content_hash": row["content_hash"],
                "settings_id": settings_id,
                "passage_count": int(prints.passage_counts[n]),
                "passages": prints.passages[starts[n] : starts[n + 1]].tobytes(),
                "article": prints.articles[n].tobytes(),
            }
            for n, row in enumerate(rows)
        )
        store.db["fingerprints"].insert_all(records, pk="article_id", replace=True, batch_size=500)


def replace_matches(
    store: Store, checked: list[str], matches: list[Match], hashes: dict[str, str], scan_id: int | None
) -> None:
    """Drop the matches of re-checked articles and store the new ones with their passages."""
    for chunk, marks in in_chunks(checked):
        for table in ("matches", "passages"):
            store.db.execute(f"delete from {table} where a in ({marks}) or b in ({marks})", chunk + chunk)
    now = utc_now()
    store.db["matches"].insert_all(
        (
            {
                "a": m.a,
                "b": m.b,
                "kind": m.kind,
                "score": m.score,
                "a_coverage": m.a_coverage,
                "b_coverage": m.b_coverage,
                "verbatim_share": m.verbatim_share,
                "similarity": m.similarity,
                "word_order": m.word_order,
                "sentences": m.sentences,
                "a_hash": hashes[m.a],
                "b_hash": hashes[m.b],
                "scan_id": scan_id,
                "detected_at": now,
            }
            for m in matches
        ),
        pk=("a", "b"),
        replace=True,
        batch_size=500,
    )
    store.db["passages"].insert_all(
        (
            {
                "a": m.a,
                "b": m.b,
                "n": n,
                "a_begin": p.a_begin,
                "a_end": p.a_end,
                "b_begin": p.b_begin,
                "b_end": p.b_end,
                "kind": p.kind,
                "similarity": p.similarity,
                "verbatim_share": p.verbatim_share,
            }
            for m in matches
            for n, p in enumerate(m.passages)
        ),
        pk=("a", "b", "n"),
        replace=True,
        batch_size=500,
    )


def mark_checked(store: Store, checked: list[tuple[str, str, str]]) -> None:
    """Record that these articles (id, content hash, furniture hash) are up to date."""
    store.db.conn.executemany(
        "update articles set detected_hash = ?, furniture_hash = ? where id = ?",
        [(content, furniture, article_id) for article_id, content, furniture in checked],
    )


def save_furniture(store: Store, furniture: Iterable[Furniture]) -> None:
    """Replace the learned furniture."""
    store.db.execute("delete from furniture")
    store.db["furniture"].insert_all(
        ({"key": f.key, "text": f.text, "articles": f.articles, "outlets": f.outlets, "reason": f.reason} for f in furniture),
        pk="key",
        batch_size=500,
    )


def furniture_rows(store: Store) -> list[dict[str, Any]]:
    """Learned furniture, most widespread first."""
    return list(store.db.query("select * from furniture order by articles desc, text"))


def match_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored match, in (a, b) order."""
    yield from store.db.query("select * from matches order by a, b")


def passage_rows(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """The passages of one match, in order."""
    return list(store.db.query("select * from passages where a = ? and b = ? order by n", [a, b]))


def stored_in_scan(store: Store, scan_id: int | None) -> set[str]:
    """Articles added or updated by a scan (new text, or new metadata such as a time or credit)."""
    if scan_id is None:
        return set()
    return {row[0] for row in store.db.execute("select id from articles where scan_id = ?", [scan_id])}


#: Meta key: the last scan whose detection ran to its end.
DETECTED_SCAN = "detected_scan"


def stored_since_detection(store: Store, scan_id: int | None) -> set[str]:
    """Articles stored since detection last ran to its end: by this scan, or by scans that skipped detection or stopped
    short of it (a new byline of an unchanged text is read only then, and lineage weighs it)."""
    last = get_meta(store, DETECTED_SCAN)
    if last is None:
        return stored_in_scan(store, scan_id)
    return {row[0] for row in store.db.execute("select id from articles where scan_id > ?", [int(last)])}


def stored_clusters(store: Store) -> dict[str, list[str]]:
    """Stored clusters: id to member ids."""
    members: dict[str, list[str]] = {}
    for row in store.db.query("select cluster_id, article_id from cluster_members order by article_id"):
        members.setdefault(row["cluster_id"], []).append(row["article_id"])
    return members


def save_clusters(store: Store, reconciled: Reconciled, scan_id: int | None) -> None:
    """Replace the copy clusters, keeping when each was created and last changed, and record merges."""
    history = {
        row["id"]: (row["created_scan"], row["changed_scan"])
        for row in store.db.query("select id, created_scan, changed_scan from clusters")
    }
    store.db.execute("delete from cluster_members")
    store.db.execute("delete from clusters")
    published = dict(
        store.db.execute("select id, published_utc from articles where published_utc is not null").fetchall()
    )
    rows = []
    for cluster in reconciled.clusters:
        created, changed = history.get(cluster.id, (scan_id, scan_id))
        rows.append(
            {
                "id": cluster.id,
                "size": len(cluster.articles),
                "first_published": min((published[a] for a in cluster.articles if a in published), default=None),
                "last_published": max((published[a] for a in cluster.articles if a in published), default=None),
                "created_scan": scan_id if cluster.id in reconciled.created else created,
                "changed_scan": scan_id if cluster.id in reconciled.changed else changed,
            }
        )
    store.db["clusters"].insert_all(rows, pk="id")
    store.db["cluster_members"].insert_all(
        ({"cluster_id": c.id, "article_id": article} for c in reconciled.clusters for article in c.articles),
        pk=("cluster_id", "article_id"),
        batch_size=500,
    )
    now = utc_now()
    store.db["cluster_merges"].insert_all(
        ({"scan_id": scan_id or 0, "merged": merged, "into": into, "at": now} for merged, into in reconciled.merges),
        pk=("scan_id", "merged"),
        replace=True,
    )


def cluster_rows(store: Store) -> list[dict[str, Any]]:
    """Clusters with their members, largest first."""
    members = stored_clusters(store)
    return [
        {**row, "articles": members.get(row["id"], [])}
        for row in store.db.query("select * from clusters order by size desc, id")
    ]


def texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The texts of these articles."""
    found = {}
    for chunk, marks in in_chunks(sorted(set(ids))):
        found.update(store.db.execute(f"select id, text from articles where id in ({marks})", chunk).fetchall())
    return found


def update_furniture(store: Store, judged: dict[str, Furniture], dropped: Iterable[str]) -> None:
    """Store lines judged furniture again, and drop those no longer furniture."""
    for chunk, marks in in_chunks(list(dropped)):
        store.db.execute(f"delete from furniture where key in ({marks})", chunk)
    store.db["furniture"].insert_all(
        ({"key": f.key, "text": f.text, "articles": f.articles, "outlets": f.outlets, "reason": f.reason} for f in judged.values()),
        pk="key",
        replace=True,
        batch_size=500,
    )


def furniture_texts(store: Store) -> dict[str, str]:
    """Stored furniture: key -> line."""
    return dict(store.db.execute("select key, text from furniture").fetchall())


def detection_texts(store: Store) -> Iterator[tuple[str, str]]:
    """Every article's id and text."""
    yield from store.db.execute("select id, text from articles")
