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

import numpy as np

from provenance import findings
from provenance.alignment import AlignSettings, Passage, Prepared, align, prepare
from provenance.boilerplate import BoilerplateSettings, furniture_spans, learn
from provenance.candidates import LshSettings, article_candidates, passage_candidates
from provenance.clusters import Cluster, build_clusters, reconcile
from provenance.errors import Interrupted
from provenance.fingerprints import Fingerprints, fingerprint_shingles
from provenance.kinds import DERIVED, KindThresholds, classify, may_be_reuse, score
from provenance.lineage import trace
from provenance.screening import Profile, bounds, profile
from provenance.shingles import Shingled, common_stems, shingle_many
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


def _furniture_hash(spans_text: list[str]) -> str:
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
    # Whether a pair is reuse at all never depends on verbatim runs or
    # word order: pairs that are not are dismissed before those are found.
    alignment = align(
        a, b, settings.align, common=common, screen=lambda preliminary: classify(preliminary, settings.kinds) is not None
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
    # Articles this scan stored: new texts, or new metadata that lineage weighs.
    stored = findings.stored_in_scan(store, scan_id)
    if findings.get_meta(store, "detect_settings") == settings.key() and not stored and not findings.unchecked_count(store):
        # Nothing new or changed since the last run: a scheduled scan of an
        # unchanged drop folder costs a query, not a pass over the corpus.
        summary.matches = store.count("matches")
        summary.clusters = store.count("clusters")
        summary.furniture = store.count("furniture")
        return summary
    rows = findings.detection_rows(store)
    ids = [row["id"] for row in rows]
    texts = [row["text"] for row in rows]
    furniture = learn(((row["id"], row["outlet"], row["text"]) for row in rows), settings.boilerplate)
    skips = [furniture_spans(text, furniture) for text in texts]
    furniture_hashes = [_furniture_hash([text[b:e] for b, e in spans]) for text, spans in zip(texts, skips)]
    settings_changed = findings.get_meta(store, "detect_settings") != settings.key()
    checked = [
        settings_changed or row["detected_hash"] != row["content_hash"] or row["furniture_hash"] != furniture_hashes[n]
        for n, row in enumerate(rows)
    ]
    summary.checked_articles = sum(checked)
    summary.furniture = len(furniture)
    shingled: list[Shingled] = []

    def corpus_shingles() -> Shingled:
        # Made once, when needed: for fresh fingerprints and common stems.
        if not shingled:
            shingled.append(shingle_many(texts))
        return shingled[0]

    prints = _fingerprints(store, rows, checked, settings, corpus_shingles)
    pairs = _candidate_pairs(prints, ids, settings)
    summary.candidates = len(pairs)
    to_verify = [(i, j) for i, j in pairs if checked[i] or checked[j]]
    summary.verified = len(to_verify)
    prepared: dict[int, tuple[Prepared, Profile]] = {}

    def ready(index: int) -> tuple[Prepared, Profile]:
        # Each article is analysed once per run, however many pairs it is in.
        if index not in prepared:
            article = prepare(analyse(texts[index]), skips[index])
            prepared[index] = (article, profile(article))
        return prepared[index]

    common = frozenset()
    if to_verify:
        common = common_stems(corpus_shingles(), settings.align.common_share, settings.align.common_floor)
    found = []
    for number, (i, j) in enumerate(to_verify):
        if number % 256 == 0 and should_stop():
            raise Interrupted()
        first, second = (i, j) if ids[i] < ids[j] else (j, i)
        (a, a_profile), (b, b_profile) = ready(first), ready(second)
        if not may_be_reuse(bounds(a_profile, b_profile, common), settings.kinds):
            summary.dismissed += 1
            continue
        match = verify(ids[first], ids[second], a, b, settings, common)
        if match is not None:
            found.append(match)
    checked_ids = [ids[n] for n in range(len(ids)) if checked[n]]
    hashes = {row["id"]: row["content_hash"] for row in rows}
    with store.transaction():
        findings.replace_matches(store, checked_ids, found, hashes, scan_id)
        findings.mark_checked(store, [(ids[n], rows[n]["content_hash"], furniture_hashes[n]) for n in range(len(ids)) if checked[n]])
        findings.save_furniture(store, furniture.values())
        clusters = build_clusters((m["a"], m["b"]) for m in findings.match_rows(store) if m["kind"] in DERIVED)
        reconciled = reconcile(findings.stored_clusters(store), clusters, set(checked_ids) | stored)
        findings.save_clusters(store, reconciled, scan_id)
        # Only clusters that are new or changed have their lineage worked out again.
        findings.save_lineage(store, trace(findings.lineage_inputs(store, reconciled.changed)), reconciled.changed)
        findings.set_meta(store, "detect_settings", settings.key())
    summary.new_matches = len(found)
    summary.matches = store.count("matches")
    summary.clusters = len(reconciled.clusters)
    summary.new_clusters = sorted(reconciled.created)
    summary.changed_clusters = sorted(reconciled.changed - reconciled.created)
    summary.merges = [list(merge) for merge in reconciled.merges]
    return summary


def _fingerprints(
    store: Store, rows: list[dict], checked: list[bool], settings: DetectSettings, shingles: Callable[[], Shingled]
) -> Fingerprints:
    """Stored fingerprints of unchanged articles, fresh ones for the rest (and stored)."""
    stored = findings.load_fingerprints(store, settings.sketch)
    fresh_indexes = [
        n for n, row in enumerate(rows) if checked[n] or stored.get(row["id"], (None,))[0] != row["content_hash"]
    ]
    fresh = fingerprint_shingles(shingles().select(fresh_indexes) if fresh_indexes else shingle_many([]), settings.sketch)
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


def _candidate_pairs(prints: Fingerprints, ids: list[str], settings: DetectSettings) -> list[tuple[int, int]]:
    passage = passage_candidates(prints.passages, prints.passage_owner(), settings.lsh)
    pairs = {(int(i), int(j)) for i, j in passage.pairs.tolist()}
    pairs |= article_candidates(prints.articles, ids, settings.lsh, settings.sketch)
    return sorted(pairs)


__all__ = ["Cluster", "DetectSettings", "DetectionSummary", "Match", "detect", "verify"]
