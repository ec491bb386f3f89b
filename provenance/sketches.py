"""MinHash signatures, computed in bulk, identical to datasketch's own.

datasketch's ``MinHash.update_batch`` hashes each shingle in Python and
builds a new permutation table per object; over a corpus that is most of
the cost of a scan. Here the shingles of many sets are hashed once each
(a memoised CRC-32 of the stem), mixed and permuted as one numpy array, and
reduced to one signature per set with ``np.minimum.reduceat``. The result
is bit for bit what ``datasketch.MinHash(num_perm, seed, hashfunc=shingle_hash,
scheme="affine32").update_batch(shingles)`` gives (a test checks it), so
signatures can go into datasketch's LSH indexes and be compared with its
``jaccard``.

A signature means nothing without the settings that made it (datasketch
2.0 changed its default scheme): :class:`SketchSettings` is stored beside
the signatures in the database.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SCHEME = "affine32"
_MAX_HASH = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer: datasketch applies it to every shingle
# hash before the affine permutations, so that weak hashes spread well.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_CHUNK = 1 << 16


@dataclass(frozen=True)
class SketchSettings:
    """How signatures are made; stored with them.

    Attributes:
        num_perm: Permutations per signature.
        seed: Seed of the permutations (datasketch's ``seed``).
        scheme: datasketch's permutation scheme.
        hash: The shingle hash function.
        shingle: What a shingle is: the Porter2 stem of a content word.
    """

    num_perm: int = 64
    seed: int = 1
    scheme: str = SCHEME
    hash: str = "crc32"
    # v2: Unicode spaces, dashes and quotation marks split words as their ASCII forms do.
    shingle: str = "content-stem-unigram/snowball-porter2/v2"

    def as_dict(self) -> dict[str, object]:
        """The settings as a plain dict, for storage."""
        return asdict(self)


def shingle_hash(shingle: bytes) -> int:
    """The 32-bit hash of one shingle: CRC-32, stable across processes and machines.

    Pass it as ``hashfunc`` to datasketch's ``MinHash`` to get the same
    signatures as :func:`signatures`.
    """
    return zlib.crc32(shingle)


@lru_cache(maxsize=None)
def stem_hash(stem: str) -> int:
    """:func:`shingle_hash` of a stem's UTF-8 bytes, memoised per stem."""
    return zlib.crc32(stem.encode("utf-8"))


_PERMUTATIONS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutation parameters ``(a, b)`` for these settings, made once."""
    if (num_perm, seed) not in _PERMUTATIONS:
        # datasketch is imported where used: it pulls in scipy, half a
        # second a scheduled scan must not pay (see known_permutations).
        from datasketch import MinHash

        a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
        _PERMUTATIONS[(num_perm, seed)] = (a.astype(np.uint32), b.astype(np.uint32))
    return _PERMUTATIONS[(num_perm, seed)]


def known_permutations(num_perm: int, seed: int, a: np.ndarray, b: np.ndarray) -> None:
    """Permutations kept in the store, so that they are not made again with datasketch."""
    _PERMUTATIONS[(num_perm, seed)] = (a.astype(np.uint32), b.astype(np.uint32))


def _fmix(values: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    return values ^ (values >> s3)


def signatures(hashes: np.ndarray, lengths: np.ndarray, settings: SketchSettings | None = None) -> np.ndarray:
    """MinHash signatures of many shingle sets at once.

    Args:
        hashes: Shingle hashes (:func:`shingle_hash`) of all sets, set after
            set, as one array; repeats within a set are harmless.
        lengths: How many hashes belong to each set, in order.
        settings: Number of permutations and seed.

    Returns:
        A ``(len(lengths), num_perm)`` array of ``uint32``; an empty set
        has datasketch's empty signature (every value ``2**32 - 1``).
    """
    settings = settings or SketchSettings()
    a, b = permutations(settings.num_perm, settings.seed)
    lengths = np.asarray(lengths, dtype=np.int64)
    result = np.full((len(lengths), settings.num_perm), _MAX_HASH, dtype=np.uint32)
    if not len(lengths) or not lengths.sum():
        return result
    mixed = _fmix(np.asarray(hashes, dtype=np.uint32))
    nonempty = np.flatnonzero(lengths)
    ends = np.cumsum(lengths[nonempty])
    starts = ends - lengths[nonempty]
    # Chunks of whole sets keep the (permutations x shingles) array small;
    # permutation-major layout makes the reduction run along contiguous
    # memory, four times faster than shingle-major.
    a_column, b_column = a[:, None], b[:, None]
    first = 0
    while first < len(nonempty):
        last = max(first, int(np.searchsorted(ends, starts[first] + _CHUNK, side="right")) - 1)
        begin, end = starts[first], ends[last]
        with np.errstate(over="ignore"):
            permuted = a_column * mixed[None, begin:end] + b_column
        reduced = np.minimum.reduceat(permuted, starts[first : last + 1] - begin, axis=1)
        result[nonempty[first : last + 1]] = reduced.T
        first = last + 1
    return result


def as_minhash(signature: np.ndarray, settings: SketchSettings | None = None) -> LeanMinHash:
    """A signature as a datasketch ``LeanMinHash``, for its LSH indexes."""
    from datasketch import LeanMinHash

    settings = settings or SketchSettings()
    return LeanMinHash(seed=settings.seed, hashvalues=signature, scheme=settings.scheme)
