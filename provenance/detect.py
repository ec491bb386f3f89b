"""Detection: from stored articles to verified matches and copy clusters.

The stages, in reading order (each a function of its own module):

1. learn the page furniture of the whole corpus (:mod:`boilerplate`);
2. fingerprint the articles that are new or changed, load the others'
   (:mod:`fingerprints`);
3. propose candidate pairs by LSH over passages and articles (:mod:`candidates`);
4. verify each candidate that involves a new or changed article by
   aligning the two texts (:mod:`alignment`) and naming the kind of reuse
   (:mod:`kinds`);
5. rebuild the copy clusters (:mod:`clusters`).

Work is incremental: an article whose text, furniture and detection
settings are unchanged since it was last checked is only a partner of new
pairs; its existing matches stand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import chain

import numpy as np

from provenance import findings, index_tables, lineage_store
from provenance.alignment import AlignSettings, Passage, Prepared, align, prepare
from provenance.boilerplate import BoilerplateSettings, Furniture, furniture_spans
from provenance.candidates import LshSettings
from provenance.clusters import Cluster, build_clusters, reconcile
from provenance.corpus_index import CorpusIndex
from provenance.errors import Interrupted
from provenance.fingerprints import Fingerprints, fingerprint_shingles
from provenance.kinds import (
    DERIVED,
    KindThresholds,
    classify,
    may_be_classified,
    may_be_reuse,
    score,
)
from provenance.lineage import trace, trace_alone
from provenance.screening import Profile, bounds, profile
from provenance.shingles import Shingled, shingle_many
from provenance.sketches import SketchSettings
from provenance.store import Store
from provenance.tokens import analyse


@dataclass(frozen=True)
class DetectSettings:
    """Every setting that changes what detection finds.

    A change of any of them makes the next scan check every article again.
    """

    sketch: SketchSettings = field(default_factory=SketchSettings)
    lsh: LshSettings = field(default_factory=LshSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    kinds: KindThresholds = field(default_factory=KindThresholds)
    boilerplate: BoilerplateSettings = field(default_factory=BoilerplateSettings)

    def key(self) -> str:
        """A hash of all the settings."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Match:
    """Two articles that share copied or rewritten text.

    Attributes:
        a: The id that sorts first.
        b: The other id.
        kind: ``copy``, ``light``, ``heavy`` or ``quotes``.
        score: Strength of the evidence in [0, 1].
        a_coverage: Share of A's content words in aligned passages.
        b_coverage: Share of B's.
        verbatim_share: Share of the aligned words that are verbatim.
        similarity: Mean similarity of the aligned passages.
        word_order: Share of words kept in order within aligned passages.
        sentences: Aligned sentence pairs.
        passages: The aligned passages, offsets into A's and B's texts.
    """

    a: str
    b: str
    kind: str
    score: float
    a_coverage: float
    b_coverage: float
    verbatim_share: float
    similarity: float
    word_order: float
    sentences: int
    passages: tuple[Passage, ...]


@dataclass
class DetectionSummary:
    """What a detection run did.

    Attributes:
        checked_articles: Articles new or changed since they were last checked.
        candidates: Candidate pairs proposed by LSH.
        verified: Candidate pairs verified (those with a checked article).
        dismissed: Verified pairs dismissed without aligning: what they
            share as wholes is too little for reuse (see :mod:`provenance.screening`).
        matches: Matches now stored.
        new_matches: Matches found in this run.
        clusters: Copy clusters now stored.
        furniture: Furniture lines learned.
        new_clusters: Ids of the clusters that appeared in this run.
        changed_clusters: Ids of older clusters that grew, shrank, absorbed
            others or hold an article changed in this run.
        merges: ``[merged id, surviving id]`` of clusters joined into one.
    """

    checked_articles: int = 0
    candidates: int = 0
    verified: int = 0
    dismissed: int = 0
    matches: int = 0
    new_matches: int = 0
    clusters: int = 0
    furniture: int = 0
    new_clusters: list[str] = field(default_factory=list)
    changed_clusters: list[str] = field(default_factory=list)
    merges: list[list[str]] = field(default_factory=list)


def furniture_hash(spans_text: list[str]) -> str:
    """What is recorded of an article's furniture lines: it changes when the furniture it holds changes."""
    return hashlib.sha1("\n".join(sorted(spans_text)).encode("utf-8")).hexdigest()[:16]


def verify(
    a_id: str, b_id: str, a: Prepared, b: Prepared, settings: DetectSettings, common: frozenset[int] = frozenset()
) -> Match | None:
    """Align two articles and decide the kind of reuse.

    Args:
        a_id: Id of A (must sort before ``b_id``).
        b_id: Id of B.
        a: A, prepared (with its furniture spans) by :func:`provenance.alignment.prepare`.
        b: B, prepared.
        settings: Detection settings.
        common: Stem hashes common in the corpus.

    Returns:
        The match, or ``None`` when the two share nothing that counts.
    """
    # Whether a pair can be reuse at all is known without verbatim runs or
    # word order: pairs that cannot are dismissed before those are found.
    alignment = align(
        a, b, settings.align, common=common, screen=lambda preliminary: may_be_classified(preliminary, settings.kinds)
    )
    kind = classify(alignment, settings.kinds)
    if kind is None:
        return None
    return Match(
        a_id,
        b_id,
        kind,
        score(alignment),
        alignment.a_coverage,
        alignment.b_coverage,
        alignment.verbatim_share,
        alignment.similarity,
        alignment.word_order,
        alignment.sentences,
        alignment.passages,
    )


def detect(
    store: Store,
    settings: DetectSettings | None = None,
    scan_id: int | None = None,
    *,
    should_stop: Callable[[], bool] = lambda: False,
) -> DetectionSummary:
    """Bring the store's matches and clusters up to date with its articles.

    Args:
        store: The store.
        settings: Detection settings; defaults if omitted.
        scan_id: The scan this run belongs to, recorded on new matches.
        should_stop: Asked between verified pairs. When it says so,
            detection stops before writing anything and raises
            :class:`provenance.errors.Interrupted`; the next run does the
            work again.

    Returns:
        What was done.
    """
    settings = settings or DetectSettings()
    summary = DetectionSummary()
    key = settings.key()
    # Articles stored since the last detection: new texts, or new metadata that lineage weighs.
    stored = findings.stored_since_detection(store, scan_id)
    settings_changed = findings.get_meta(store, "detect_settings") != key
    traced_alone = findings.get_meta(store, lineage_store.LONE_LINEAGE) is not None
    if not settings_changed and not stored and traced_alone and not findings.unchecked_count(store):
        # Nothing new or changed since the last run: a scheduled scan of an
        # unchanged drop folder costs a query, not a pass over the corpus.
        summary.matches = store.count("matches")
        summary.clusters = store.count("clusters")
        summary.furniture = store.count("furniture")
        return summary
    work = _plan(store, settings, key, stored, settings_changed)
    rows, ids, texts, skips = work.rows, work.ids, work.texts, work.skips
    summary.checked_articles = int(work.checked.sum())
    summary.furniture = len(work.furniture)
    checked_numbers = work.numbers[work.checked]
    pairs = sorted(
        tuple(sorted((int(work.row_of[i]), int(work.row_of[j]))))
        for i, j in work.index.pairs(checked_numbers, len(work.row_of), settings.lsh)
    )
    summary.candidates = summary.verified = len(pairs)
    in_pairs = sorted({n for pair in pairs for n in pair})
    texts.update(findings.texts(store, [ids[n] for n in in_pairs if ids[n] not in texts]))
    validity = {ids[n]: f"{rows[n]['content_hash']}:{work.furniture_hashes[n]}:{key}" for n in in_pairs}
    profiles = index_tables.load_profiles(store, validity)
    fresh_profiles: list[tuple[str, str, Profile]] = []
    prepared: dict[int, Prepared] = {}

    def ready(index: int) -> Prepared:
        # Each article is analysed once per run, however many pairs it is in.
        if index not in prepared:
            prepared[index] = prepare(analyse(texts[ids[index]]), skips(index))
        return prepared[index]

    def profiled(index: int) -> Profile:
        if ids[index] not in profiles:
            profiles[ids[index]] = profile(ready(index))
            fresh_profiles.append((ids[index], validity[ids[index]], profiles[ids[index]]))
        return profiles[ids[index]]

    common = frozenset()
    if pairs:
        common = work.index.common_stems(len(ids), settings.align.common_share, settings.align.common_floor)
    found = []
    for number, (first, second) in enumerate(pairs):
        if number % 256 == 0 and should_stop():
            raise Interrupted()
        if not may_be_reuse(bounds(profiled(first), profiled(second), common), settings.kinds):
            summary.dismissed += 1
            continue
        match = verify(ids[first], ids[second], ready(first), ready(second), settings, common)
        if match is not None:
            found.append(match)
    checked_ids = [ids[n] for n in np.flatnonzero(work.checked).tolist()]
    hashes = {row["id"]: row["content_hash"] for row in rows}
    with store.transaction():
        findings.replace_matches(store, checked_ids, found, hashes, scan_id)
        findings.mark_checked(
            store, [(ids[n], rows[n]["content_hash"], work.furniture_hashes[n]) for n in np.flatnonzero(work.checked).tolist()]
        )
        findings.update_furniture(store, work.judged, work.dropped)
        work.index.save(store, key, len(ids))
        index_tables.save_profiles(store, fresh_profiles)
        clusters = build_clusters((m["a"], m["b"]) for m in findings.match_rows(store) if m["kind"] in DERIVED)
        before = findings.stored_clusters(store)
        reconciled = reconcile(before, clusters, set(checked_ids) | stored)
        findings.save_clusters(store, reconciled, scan_id)
        # Only clusters that are new or changed have their lineage worked out again. Outside any cluster, only
        # articles new or changed, or members of clusters changed or gone, do: all of them in a store made before
        # this was kept.
        kept = {cluster.id for cluster in reconciled.clusters} - reconciled.changed
        left = chain(*(members for cluster, members in before.items() if cluster not in kept))
        alone = {*checked_ids, *stored, *left} if traced_alone else None
        lineage_store.save_lineage(
            store,
            [*trace(lineage_store.lineage_inputs(store, reconciled.changed)), *trace_alone(lineage_store.lone_inputs(store, alone))],
            reconciled.changed,
            alone,
        )
        findings.set_meta(store, lineage_store.LONE_LINEAGE, "1")
        findings.set_meta(store, "detect_settings", key)
        if scan_id is not None:
            findings.set_meta(store, findings.DETECTED_SCAN, str(scan_id))
    summary.new_matches = len(found)
    summary.matches = store.count("matches")
    summary.clusters = len(reconciled.clusters)
    summary.new_clusters = sorted(reconciled.created)
    summary.changed_clusters = sorted(reconciled.changed - reconciled.created)
    summary.merges = [list(merge) for merge in reconciled.merges]
    return summary


@dataclass
class _Work:
    """What a detection run must do, worked out from the corpus index.

    Attributes:
        rows: Every article (no texts), in id order.
        ids: Their ids.
        numbers: Their numbers in the index.
        row_of: Row of each article number (-1 for none).
        texts: Texts loaded so far, by id.
        index: The corpus index, brought up to date.
        checked: By row, whether the article is to be checked again.
        furniture_hashes: By row, the hash of the article's furniture lines.
        furniture: Keys of every furniture line.
        judged: Furniture lines whose standing was worked out again.
        dropped: Keys of lines no longer furniture.
        boilerplate: The furniture rules, for the runs of furniture that read as prose.
    """

    rows: list[dict]
    ids: list[str]
    numbers: np.ndarray
    row_of: np.ndarray
    texts: dict[str, str]
    index: CorpusIndex
    checked: np.ndarray
    furniture_hashes: list[str]
    furniture: set[str]
    judged: dict[str, Furniture]
    dropped: set[str]
    boilerplate: BoilerplateSettings

    def skips(self, n: int) -> list[tuple[int, int]]:
        """The furniture spans of an article (its text must be loaded)."""
        return furniture_spans(self.texts[self.ids[n]], self.furniture, self.boilerplate)


def _plan(store: Store, settings: DetectSettings, key: str, stored: set[str], settings_changed: bool) -> _Work:
    """Bring the corpus index up to date and decide which articles to check."""
    index_tables.prime_parameters(store, settings.sketch, settings.lsh.article_threshold)
    rows = findings.detection_rows(store)
    ids = [row["id"] for row in rows]
    numbers = index_tables.article_numbers(store, ids)
    row_of = np.full(int(numbers.max()) + 1 if len(numbers) else 0, -1, dtype=np.int64)
    row_of[numbers] = np.arange(len(ids))
    changed = np.array([row["detected_hash"] != row["content_hash"] for row in rows], dtype=bool)
    never = sum(1 for row in rows if row["detected_hash"] is None)
    index = None if settings_changed else CorpusIndex.load(store, key, len(ids) - never)
    if index is None:
        # No index yet, or one made with other settings: index everything.
        index = CorpusIndex.empty()
        reindexed = np.arange(len(ids))
        texts = dict(findings.detection_texts(store))
    else:
        reindexed = np.flatnonzero(changed | np.array([article_id in stored for article_id in ids], dtype=bool))
        texts = findings.texts(store, [ids[n] for n in reindexed])
    batch = [texts[ids[n]] for n in reindexed]
    shingled = shingle_many(batch)
    if index.rebuilt and not settings_changed:
        prints = _fingerprints(store, [rows[n] for n in reindexed], shingled, settings)
    else:
        prints = fingerprint_shingles(shingled, settings.sketch)
        findings.save_fingerprints(store, [rows[n] for n in reindexed], prints, settings.sketch)
    touched, sample = index.reindex(numbers[reindexed], batch, prints, shingled, settings.lsh, settings.sketch)
    outlet_numbers: dict[str, int] = {}
    outlet_of = np.full(len(row_of), -1, dtype=np.int64)
    outlet_of[numbers] = [outlet_numbers.setdefault(row["outlet"], len(outlet_numbers)) if row["outlet"] else -1 for row in rows]
    before = findings.furniture_texts(store)
    touched_hex = {f"{k:016x}" for k in touched.tolist()}
    if index.rebuilt:
        touched_hex |= set(before)
    judged = {
        f"{k:016x}": Furniture(f"{k:016x}", before.get(f"{k:016x}") or sample.get(k, ""), holders, outlets, reason)
        for k, (holders, outlets, reason) in index.furniture(touched, outlet_of, settings.boilerplate).items()
    }
    dropped = (set(before) & touched_hex) - set(judged)
    furniture = (set(before) - dropped) | set(judged)
    flipped = np.array([int(k, 16) for k in (set(judged) - set(before)) | dropped], dtype=np.uint64)
    affected = set(reindexed.tolist()) | set(row_of[index.holders(flipped)].tolist())
    if index.rebuilt:
        affected = set(range(len(ids)))
    texts.update(findings.texts(store, [ids[n] for n in affected if ids[n] not in texts]))
    furniture_hashes = [row["furniture_hash"] for row in rows]
    for n in affected:
        text = texts[ids[n]]
        furniture_hashes[n] = furniture_hash([text[b:e] for b, e in furniture_spans(text, furniture, settings.boilerplate)])
    checked = np.array(
        [settings_changed or changed[n] or rows[n]["furniture_hash"] != furniture_hashes[n] for n in range(len(ids))],
        dtype=bool,
    )
    return _Work(
        rows, ids, numbers, row_of, texts, index, checked, furniture_hashes, furniture, judged, dropped, settings.boilerplate
    )


def _fingerprints(store: Store, rows: list[dict], shingled: Shingled, settings: DetectSettings) -> Fingerprints:
    """Fingerprints of these articles: stored ones where still valid, fresh ones (then stored) for the rest."""
    stored = findings.load_fingerprints(store, settings.sketch)
    fresh_indexes = [n for n, row in enumerate(rows) if stored.get(row["id"], (None,))[0] != row["content_hash"]]
    fresh = fingerprint_shingles(shingled.select(fresh_indexes) if fresh_indexes else shingle_many([]), settings.sketch)
    findings.save_fingerprints(store, [rows[n] for n in fresh_indexes], fresh, settings.sketch)
    fresh_position = {n: k for k, n in enumerate(fresh_indexes)}
    fresh_starts = np.concatenate(([0], np.cumsum(fresh.passage_counts)))
    passages: list[np.ndarray] = []
    counts = []
    articles = []
    for n, row in enumerate(rows):
        if n in fresh_position:
            k = fresh_position[n]
            passages.append(fresh.passages[fresh_starts[k] : fresh_starts[k + 1]])
            articles.append(fresh.articles[k])
        else:
            _, passage_signatures, article_signature = stored[row["id"]]
            passages.append(passage_signatures)
            articles.append(article_signature)
        counts.append(len(passages[-1]))
    width = settings.sketch.num_perm
    return Fingerprints(
        np.concatenate(passages) if passages else np.zeros((0, width), dtype=np.uint32),
        np.asarray(counts, dtype=np.int64),
        np.stack(articles) if articles else np.zeros((0, width), dtype=np.uint32),
    )


__all__ = ["Cluster", "DetectSettings", "DetectionSummary", "Match", "detect", "verify"]
