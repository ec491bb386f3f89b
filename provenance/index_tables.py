"""The tables of the corpus index: article numbers, postings, screening profiles, sketch parameters.

What :mod:`provenance.corpus_index` and detection keep between scans so
that a scan adding a few articles reads no more than it needs, beside
:mod:`provenance.findings`, which holds what detection found.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from provenance.postings import Postings
from provenance.screening import Profile
from provenance.sketches import SketchSettings
from provenance.store import Store, in_chunks


def article_numbers(store: Store, ids: list[str]) -> np.ndarray:
    """Each article's number in the postings, given on first sight and kept for good."""
    known = dict(store.db.execute("select id, number from article_numbers").fetchall())
    missing = [article_id for article_id in ids if article_id not in known]
    if missing:
        start = max(known.values(), default=-1) + 1
        store.db["article_numbers"].insert_all(
            ({"id": article_id, "number": start + n} for n, article_id in enumerate(missing)), pk="id", batch_size=1000
        )
        known.update((article_id, start + n) for n, article_id in enumerate(missing))
    return np.array([known[article_id] for article_id in ids], dtype=np.int64)


def load_postings(store: Store, name: str, settings_key: str) -> list[tuple[int, Postings, np.ndarray]] | None:
    """Stored postings made with these settings: the base, then each later change.

    Returns:
        ``(articles covered, entries added, article numbers removed)`` per
        segment, base first; ``None`` when there are none.
    """
    rows = store.db.execute(
        "select settings_key, articles, keys, owners, payload, removed from postings where name = ? order by segment",
        [name],
    ).fetchall()
    if not rows or any(row[0] != settings_key for row in rows):
        return None
    return [
        (int(row[1]), Postings.from_blobs(row[2], row[3], row[4]), np.frombuffer(row[5] or b"", dtype="<u4").astype(np.uint32))
        for row in rows
    ]


def save_postings(
    store: Store, name: str, segment: int, settings_key: str, articles: int, postings: Postings, removed: np.ndarray
) -> None:
    """Keep postings, or a change to them (call inside detection's transaction); segment 0 replaces all."""
    if segment == 0:
        store.db.execute("delete from postings where name = ?", [name])
    keys, owners, payload = postings.to_blobs()
    store.db["postings"].insert(
        {
            "name": name,
            "segment": segment,
            "settings_key": settings_key,
            "articles": articles,
            "keys": keys,
            "owners": owners,
            "payload": payload,
            "removed": np.asarray(removed, dtype="<u4").tobytes(),
        },
        pk=("name", "segment"),
        replace=True,
    )


def load_profiles(store: Store, valid: dict[str, str]) -> dict[str, Profile]:
    """Stored screening profiles still valid: id -> profile, for the ids asked (id -> validity key)."""
    found = {}
    for chunk, marks in in_chunks(list(valid)):
        for article_id, key, blob in store.db.execute(f"select id, valid, profile from profiles where id in ({marks})", chunk):
            if valid[article_id] == key:
                found[article_id] = Profile.from_blob(blob)
    return found


def save_profiles(store: Store, profiles: Iterable[tuple[str, str, Profile]]) -> None:
    """Keep screening profiles: (id, validity key, profile)."""
    store.db["profiles"].insert_all(
        ({"id": article_id, "valid": key, "profile": profile.to_blob()} for article_id, key, profile in profiles),
        pk="id",
        replace=True,
        batch_size=500,
    )


def prime_parameters(store: Store, sketch: SketchSettings, threshold: float) -> None:
    """Load the permutations and article banding made by datasketch for these settings, or make and keep them.

    Making them imports datasketch, and with it scipy: half a second that
    a scheduled scan adding a few articles should not pay every time.
    """
    from provenance import candidates, sketches

    permutation_key = f"permutations:{sketch.num_perm}:{sketch.seed}:{sketch.scheme}"
    banding_key = f"banding:{threshold}:{sketch.num_perm}"
    known = dict(store.db.execute("select key, value from sketch_parameters where key in (?, ?)", [permutation_key, banding_key]))
    if permutation_key in known:
        both = np.frombuffer(known[permutation_key], dtype="<u4").reshape(2, -1)
        sketches.known_permutations(sketch.num_perm, sketch.seed, both[0], both[1])
    if banding_key in known:
        bands, rows = np.frombuffer(known[banding_key], dtype="<u4").tolist()
        candidates.known_banding(threshold, sketch.num_perm, bands, rows)
    if len(known) < 2:
        a, b = sketches.permutations(sketch.num_perm, sketch.seed)
        banding = candidates.article_banding(threshold, sketch.num_perm)
        with store.transaction():
            store.db["sketch_parameters"].insert_all(
                [
                    {"key": permutation_key, "value": np.stack((a, b)).astype("<u4").tobytes()},
                    {"key": banding_key, "value": np.array(banding, dtype="<u4").tobytes()},
                ],
                pk="key",
                replace=True,
            )
