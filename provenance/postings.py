"""Postings: a persisted map from 64-bit keys to the articles holding them.

Three lookups of detection need the whole corpus, not just the new
articles: which articles share an LSH bucket with a new passage, how many
articles hold a line (page furniture), how many hold a stem (common
stems). Recomputing them from every stored text made a scan that adds 100
articles to 19,000 cost a quarter of a full scan. They are kept instead
as postings, the inverted lists of search engines: one sorted array of
keys with the article number beside each, stored as two blobs. A scan
removes the entries of the articles it re-reads, adds theirs, and looks
up the keys it touched; a merge of two sorted arrays and binary searches,
with no pass over the corpus's texts.

``(key, article)`` entries are unique: an article holding a key twice is
one entry (a payload keeps what the caller needs to know of it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_EMPTY_KEYS = np.zeros(0, dtype=np.uint64)
_EMPTY_OWNERS = np.zeros(0, dtype=np.uint32)


@dataclass(frozen=True)
class Postings:
    """Sorted ``(key, owner)`` entries, with an optional payload per entry.

    Attributes:
        keys: Keys, ascending.
        owners: The article number of each entry.
        payload: One ``uint32`` per entry, or ``None``.
    """

    keys: np.ndarray
    owners: np.ndarray
    payload: np.ndarray | None = None

    @classmethod
    def empty(cls, with_payload: bool = False) -> Postings:
        """No entries."""
        return cls(_EMPTY_KEYS, _EMPTY_OWNERS, np.zeros(0, dtype=np.uint32) if with_payload else None)

    @classmethod
    def build(cls, keys: np.ndarray, owners: np.ndarray, payload: np.ndarray | None = None) -> Postings:
        """Entries from unsorted keys and owners; of duplicate pairs the first is kept."""
        keys = np.asarray(keys, dtype=np.uint64)
        owners = np.asarray(owners, dtype=np.uint32)
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        distinct = np.ones(len(keys), dtype=bool)
        distinct[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        kept = None if payload is None else np.asarray(payload, dtype=np.uint32)[order][distinct]
        return cls(keys[distinct], owners[distinct], kept)

    def __len__(self) -> int:
        return len(self.keys)

    def replaced(self, owners: np.ndarray, added: Postings) -> Postings:
        """These entries without those of ``owners``, with ``added`` merged in."""
        if len(owners):
            keep = ~np.isin(self.owners, np.asarray(owners, dtype=np.uint32))
            kept = Postings(self.keys[keep], self.owners[keep], None if self.payload is None else self.payload[keep])
        else:
            kept = self
        # Both are sorted: inserting the few new entries where they belong
        # costs one copy, where sorting all again would cost a sort.
        where = np.searchsorted(kept.keys, added.keys)
        payload = None
        if kept.payload is not None and added.payload is not None:
            payload = np.insert(kept.payload, where, added.payload)
        return Postings(np.insert(kept.keys, where, added.keys), np.insert(kept.owners, where, added.owners), payload)

    def ranges(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each key asked, where its entries begin and end."""
        keys = np.asarray(keys, dtype=np.uint64)
        return np.searchsorted(self.keys, keys, "left"), np.searchsorted(self.keys, keys, "right")

    def runs(self) -> tuple[np.ndarray, np.ndarray]:
        """Each distinct key's first entry and its number of entries (articles)."""
        if not len(self.keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(np.concatenate(([True], self.keys[1:] != self.keys[:-1])))
        return starts, np.diff(np.concatenate((starts, [len(self.keys)])))

    def keys_of(self, owners: np.ndarray) -> np.ndarray:
        """The distinct keys held by these articles."""
        return np.unique(self.keys[np.isin(self.owners, owners)])

    def to_blobs(self) -> tuple[bytes, bytes, bytes | None]:
        """The arrays as bytes, for the store."""
        payload = None if self.payload is None else self.payload.astype("<u4").tobytes()
        return self.keys.astype("<u8").tobytes(), self.owners.astype("<u4").tobytes(), payload

    @classmethod
    def from_blobs(cls, keys: bytes, owners: bytes, payload: bytes | None) -> Postings:
        """Arrays read back from the store."""
        return cls(
            np.frombuffer(keys, dtype="<u8").astype(np.uint64),
            np.frombuffer(owners, dtype="<u4").astype(np.uint32),
            None if payload is None else np.frombuffer(payload, dtype="<u4").astype(np.uint32),
        )
