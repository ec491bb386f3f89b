"""The corpus index: what detection must know of every stored article, kept between scans.

Four :mod:`provenance.postings`, all keyed by article number:

* ``lines``: the lines of each article, for page furniture;
* ``passages``: the LSH buckets of each passage;
* ``articles``: the LSH buckets of each whole article;
* ``stems``: the content stems of each article, for common stems.

A scan re-indexes only the articles whose text (or metadata) it changed,
then asks the index what the whole corpus says about them: which lines
became or stopped being furniture, which articles share buckets with
them, which stems are common. Each entry depends on its article's text
alone, so the index equals one built from scratch (a property test
compares scans in parts with one scan). The index is saved with the
detection results, in one transaction; when it is missing or was made
with other settings, it is built from every article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from provenance import index_tables
from provenance.boilerplate import BoilerplateSettings, judge, line_postings
from provenance.candidates import LshSettings, article_postings, bucket_pairs, passage_pairs, passage_postings
from provenance.fingerprints import Fingerprints
from provenance.postings import Postings
from provenance.shingles import Shingled, common_in, stem_postings
from provenance.sketches import SketchSettings
from provenance.store import Store

NAMES = ("lines", "passages", "articles", "stems")


#: Changes kept as segments beside the base before they are merged into it.
MAX_SEGMENTS = 8
#: ... or before they hold this share of the base's entries.
MAX_CHANGED_SHARE = 0.2


@dataclass
class CorpusIndex:
    """The four postings, and how many articles they cover.

    Saving rewrites only what changed: a scan's removed article numbers
    and added entries are kept as a segment beside the base, as search
    engines keep segments, and merged into the base once there are
    ``MAX_SEGMENTS`` of them or they grow large. Writing the whole index
    (56 MB for the Reuters corpus) would cost a scan that adds 100
    articles half a second.
    """

    lines: Postings
    passages: Postings
    articles: Postings
    stems: Postings
    covered: int = 0
    segments: int = 0
    changed_entries: int = 0
    changes: dict[str, tuple[np.ndarray, Postings]] = field(default_factory=dict)
    rebuilt: bool = False

    @classmethod
    def empty(cls) -> CorpusIndex:
        """An index of no article, to be built from every article and saved whole."""
        return cls(Postings.empty(True), Postings.empty(), Postings.empty(), Postings.empty(), rebuilt=True)

    @classmethod
    def load(cls, store: Store, settings_key: str, expected: int) -> CorpusIndex | None:
        """The stored index, if made with these settings and covering ``expected`` articles."""
        loaded = {}
        segments = changed = 0
        for name in NAMES:
            stored = index_tables.load_postings(store, name, settings_key)
            if stored is None or stored[-1][0] != expected:
                return None
            postings = stored[0][1]
            for _, added, removed in stored[1:]:
                postings = postings.replaced(removed, added)
                changed += len(added) + len(removed)
            loaded[name] = postings
            segments = max(segments, len(stored) - 1)
        return cls(**loaded, covered=expected, segments=segments, changed_entries=changed)

    def save(self, store: Store, settings_key: str, covered: int) -> None:
        """Keep the index (inside detection's transaction): the changes as a segment, or everything."""
        changed = self.changed_entries + sum(len(added) + len(removed) for removed, added in self.changes.values())
        whole = (
            self.rebuilt
            or len(self.changes) < len(NAMES)
            or self.segments + 1 > MAX_SEGMENTS
            or changed > MAX_CHANGED_SHARE * max(len(self.passages), 1)
        )
        for name in NAMES:
            if whole:
                index_tables.save_postings(store, name, 0, settings_key, covered, getattr(self, name), np.zeros(0))
            else:
                removed, added = self.changes[name]
                index_tables.save_postings(store, name, self.segments + 1, settings_key, covered, added, removed)

    def reindex(
        self,
        numbers: np.ndarray,
        texts: list[str],
        prints: Fingerprints,
        shingled: Shingled,
        lsh: LshSettings,
        sketch: SketchSettings,
    ) -> tuple[np.ndarray, dict[int, str]]:
        """Replace the entries of these articles by those of their current texts.

        Args:
            numbers: The articles' numbers.
            texts: Their texts.
            prints: Their fingerprints, in the same order.
            shingled: Their shingles, in the same order.
            lsh: Banding.
            sketch: Signature settings.

        Returns:
            The line keys whose holders changed, and the text of each line
            of these articles.
        """
        before = self.lines.keys_of(numbers)
        lines, sample = line_postings(zip(numbers.tolist(), texts))
        passage_owners = np.repeat(numbers, prints.passage_counts)
        fresh = {
            "lines": lines,
            "passages": passage_postings(prints.passages, passage_owners, lsh),
            "articles": article_postings(prints.articles, numbers, lsh, sketch),
            "stems": stem_postings(shingled, numbers),
        }
        removed = np.asarray(numbers, dtype=np.uint32)
        for name, added in fresh.items():
            setattr(self, name, getattr(self, name).replaced(removed, added))
            self.changes[name] = (removed, added)
        return np.union1d(before, lines.keys), sample

    def furniture(
        self, keys: np.ndarray, outlet_of: np.ndarray, settings: BoilerplateSettings
    ) -> dict[int, tuple[int, int, str]]:
        """Which of these lines are furniture now (see :func:`provenance.boilerplate.judge`)."""
        return judge(self.lines, keys, outlet_of, settings)

    def holders(self, line_keys: np.ndarray) -> np.ndarray:
        """The articles holding any of these lines."""
        return np.unique(self.lines.owners[np.isin(self.lines.keys, line_keys)])

    def pairs(self, checked: np.ndarray, size: int, settings: LshSettings) -> set[tuple[int, int]]:
        """Candidate pairs, by article number, with at least one checked article.

        Args:
            checked: Numbers of the articles to check.
            size: One more than the largest article number.
            settings: Banding rules.
        """
        involved = np.zeros(size, dtype=bool)
        involved[checked] = True
        passage = passage_pairs(self.passages, self.passages.keys_of(checked), involved, settings)
        found = {(int(i), int(j)) for i, j in passage.pairs.tolist()}
        whole, _, _ = bucket_pairs(self.articles, self.articles.keys_of(checked), involved)
        found.update((int(i), int(j)) for i, j in whole.tolist())
        return found

    def common_stems(self, articles: int, share: float, floor: int) -> frozenset[int]:
        """The stems common in a corpus of ``articles`` (see :func:`provenance.shingles.common_in`)."""
        return common_in(self.stems, articles, share, floor)
