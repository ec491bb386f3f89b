"""Quality of lineage, measured on the bundled corpus and the shared data.

Prints a table per data set and writes them to reports/lineage-quality.md:

* corpus/: every parent in corpus/truth.json, including the credited wire
  that is not in the corpus, and no other parent.
* ../shared/seeds: 001's source is The Verge (external, from its credit
  line); 000's is 001 or The Verge; CNN's 002 has no source among the
  seeds; no seed is the parent of an article published before it.
* ../shared/data/clough-stevenson (no dates, no credits): every derived
  answer's parent is its task's orig_ file; no non-derived answer, and no
  orig_ file, gets a parent.

Usage: .venv/bin/python scripts/evaluate_lineage.py
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import clough
from clough import CLOUGH, RUN, word_runs
from report_tables import say, table, write

from provenance import Store, lineage_store, scan
from provenance.detect import DetectSettings
from provenance.names import same_source
from provenance.timeline import before, window
from provenance.tokens import content_stems

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: How many verbatim runs (of ``clough.RUN`` words) an answer must share with
#: another answer of its task, absent from the task's orig_ file, to have
#: drawn on text beyond that file.
BEYOND = 10


def lineage_of(paths: list[str]) -> tuple[Store, dict[str, dict], dict[str, list[dict]]]:
    """The store, each article's main source row, and its further source rows (articles that combine sources)."""
    store = Store(Path(tempfile.mkdtemp()) / "lineage.db")
    scan(paths, store, detect_settings=DetectSettings())
    main, further = {}, defaultdict(list)
    for row in lineage_store.lineage_rows(store):
        if row["n"] == 1:
            main[row["article"]] = row
        else:
            further[row["article"]].append(row)
    return store, main, further


def evaluate_corpus() -> None:
    say("## corpus/ against corpus/truth.json")
    truth = json.loads((ROOT / "corpus" / "truth.json").read_text())
    aliases = {s["name"]: [s["name"], *s["aliases"]] for s in truth["external_sources"]}
    _, found, further = lineage_of([str(ROOT / "corpus")])

    def same(row: dict, expected: dict) -> bool:
        if expected["parent_type"] == "external":
            return row["parent_type"] == "external" and same_source(row["parent"], aliases[expected["parent"]])
        return (row["parent"], row["parent_type"]) == (expected["parent"], expected["parent_type"])

    rows, right = [], 0
    for article in truth["articles"]:
        expected = article["parents"]
        got = ([found[article["id"]]] if article["id"] in found else []) + further[article["id"]]
        # Every true parent found, the main one first, and no other parent.
        ok = len(got) == len(expected) and all(same(row, truth_row) for row, truth_row in zip(got, expected))
        right += ok
        rows.append([
            article["id"],
            "; ".join(f"{e['parent']} ({e['parent_type']})" for e in expected) or "none",
            "; ".join(f"{row['parent']} ({row['parent_type']}, {row['confidence']:.2f})" for row in got) or "none",
            "yes" if ok else "NO",
        ])
    table(["article", "true parent", "found", "right"], rows)
    say(f"Articles with the true parent (or rightly none): {right} of {len(truth['articles'])}.")
    say()


def evaluate_seeds() -> None:
    say("## ../shared/seeds")
    seeds = SHARED / "seeds"
    if not seeds.exists():
        say(f"Skipped: {seeds} is absent.")
        return
    store, found, further = lineage_of([str(seeds)])
    windows = {
        row["id"]: window(row["published_utc"], row["published_precision"], bool(row["tz_assumed"]))
        for row in store.db.query("select id, published_utc, published_precision, tz_assumed from articles")
    }
    short = {row_id[:3]: row_id for row_id in windows}
    checks = []
    first = found.get(short["001"])
    checks.append(["001's source is The Verge (external)", bool(first) and first["parent_type"] == "external"
                   and same_source(first["parent"], "The Verge")])
    zero = found.get(short["000"])
    checks.append(["000's source is 001 or The Verge", bool(zero) and (zero["parent"] == short["001"]
                   or same_source(zero["parent"], "The Verge"))])
    cnn = found.get(short["002"])
    checks.append(["002 (CNN) has no source among the seeds", not cnn or cnn["parent"] not in windows])
    every = [*found.values(), *(row for rows in further.values() for row in rows)]
    later = [row for row in every if row["parent"] in windows
             and before(windows[row["parent"]], windows[row["article"]]) is False]
    checks.append(["no seed is the parent of an article published before it", not later])
    rows = [[row["article"][:3], row["parent"][:24], row["parent_type"], f"{row['confidence']:.2f}", row["relation"]]
            for row in every]
    table(["article", "parent", "type", "confidence", "relation"], rows)
    table(["rule", "holds"], [[name, "yes" if ok else "NO"] for name, ok in checks])


def beyond_orig(labels: dict[str, tuple[str, str]]) -> set[str]:
    """Answers that share verbatim runs with another answer that their orig_ file lacks.

    Each orig_ file is an excerpt of a Wikipedia article; some students
    copied from the whole article. Two answers sharing sentences the excerpt
    lacks drew on a source beyond it, and content rightly makes them closer
    to each other than to the excerpt.
    """
    carriers = set()
    for task in sorted({task for task, _ in labels.values()}):
        orig = word_runs(f"orig_task{task}")
        holders: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for name, (answer_task, category) in labels.items():
            if answer_task == task and category != "orig":
                for run in word_runs(name) - orig:
                    holders[run].add(name)
        counts = Counter(name for names in holders.values() if len(names) > 1 for name in names)
        carriers |= {name for name, count in counts.items() if count >= BEYOND}
    return carriers


def evaluate_clough() -> None:
    say("## ../shared/data/clough-stevenson (no dates, no credits: direction from content alone)")
    if not CLOUGH.exists():
        say(f"Skipped: {CLOUGH} is absent.")
        return
    labels = clough.labels()
    store, found, further = lineage_of([str(CLOUGH / f"{name}.txt") for name in sorted(labels)])
    outcome: Counter[tuple[str, str]] = Counter()
    for name, (task, category) in labels.items():
        row = found.get(name)
        group = "orig" if category == "orig" else "non-derived" if category == "non" else "derived"
        if row is None:
            result = "no parent"
        elif row["parent"] == f"orig_task{task}":
            result = "its orig_ file"
        elif row["parent_type"] == "article":
            result = "another answer" if not row["parent"].startswith("orig_") else "another task's orig_"
        else:
            result = f"{row['parent_type']} source"
        outcome[(group, result)] += 1
    results = sorted({result for _, result in outcome})
    table(["answers \\ parent", *results], [[g, *(outcome[(g, r)] for r in results)] for g in ("derived", "non-derived", "orig")])
    derived = sum(v for (g, _), v in outcome.items() if g == "derived")
    say(f"Derived answers whose (main) parent is their orig_ file: {outcome[('derived', 'its orig_ file')]} of {derived}. "
        f"Non-derived answers with no parent: {outcome[('non-derived', 'no parent')]} of "
        f"{sum(v for (g, _), v in outcome.items() if g == 'non-derived')}"
        + (f"; {common} more have only an unknown common source, shared with other non-derived answers: "
           "a source that is none of the corpus's answers (see the misses below)" if (common := outcome[('non-derived', 'unknown source')]) else "")
        + ".")
    say()
    extra = [(name, row["parent"]) for name in sorted(further) for row in further[name]]
    say(f"Further sources (an answer combining passages of several): {len(extra)}"
        + (": " + ", ".join(f"{name} also from {parent}" for name, parent in extra) if extra else "") + ".")
    say()
    beyond = beyond_orig(labels)
    derived_beyond = sorted(name for name in beyond if labels[name][1] not in ("non", "orig"))
    say(f"Answers sharing at least {BEYOND} verbatim {RUN}-word runs with another answer of their task that "
        f"the orig_ file lacks (they drew on the full article the file is an excerpt of): {len(beyond)}, "
        f"{len(derived_beyond)} of them derived ({', '.join(derived_beyond)}).")
    clean = [name for name, (_, category) in labels.items() if category not in ("non", "orig") and name not in beyond]
    right = sum(1 for name in clean if name in found and found[name]["parent"] == f"orig_task{labels[name][0]}")
    say(f"Derived answers drawing only on their orig_ file whose parent is that file: {right} of {len(clean)}.")
    say()
    calibration(labels, found)
    explain_misses(store, labels, found, beyond)


#: Confidence bands of the calibration table: (lowest, below).
BANDS = ((0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def calibration(labels: dict[str, tuple[str, str]], found: dict[str, dict]) -> None:
    """How often an answer's main article parent is right, by the confidence lineage gives it.

    Right means the answer's own orig_ file; a non-derived answer given an
    article parent, or a derived one given another answer, is wrong. If
    confidence means anything, the higher bands are right more often.
    """
    rows = []
    for low, high in BANDS:
        band = [
            (name, row) for name, row in found.items()
            if name in labels and row["parent_type"] == "article" and low <= row["confidence"] < high
        ]
        right = sum(row["parent"] == f"orig_task{labels[name][0]}" and labels[name][1] != "non" for name, row in band)
        share = f"{right / len(band):.0%}" if band else "-"
        rows.append([f"{low:.1f} to {min(high, 1.0):.1f}", len(band), right, share])
    say("Main article parents by the confidence given them (right: the answer's own orig_ file):")
    say()
    table(["confidence", "parents", "right", "share right"], rows)


def _longest_run(a: str, b: str) -> int:
    words = [clough.words(name) for name in (a, b)]
    size = 0
    while True:
        runs = [{tuple(w[i : i + size + 1]) for i in range(len(w) - size)} for w in words]
        if not runs[0] & runs[1]:
            return size
        size += 1


def explain_misses(store: Store, labels: dict[str, tuple[str, str]], found: dict[str, dict], beyond: set[str]) -> None:
    """Each answer whose lineage differs from its label, with what the content says."""
    matched = {frozenset((row["a"], row["b"])) for row in store.db.query("select a, b from matches")}
    stems = {name: set(content_stems(clough.text(name))) for name in labels}
    rows = []
    for name, (task, category) in sorted(labels.items()):
        row, orig = found.get(name), f"orig_task{task}"
        if category == "orig" or (category == "non" and row is None) or (row and row["parent"] == orig):
            continue
        parent = row["parent"] if row else "none"
        if category != "non":
            only = len(stems[name] & stems.get(parent, set()) - stems[orig]) if row else 0
            why = [
                "never matched its orig_ file" if frozenset((name, orig)) not in matched else "",
                "drew beyond the orig_ file (8-word runs)" if name in beyond else "",
                f"{only} content stems shared with {parent} and absent from {orig}" if only else "",
            ]
        else:
            partners = sorted(other for pair in matched if name in pair for other in pair if other != name)
            run = max((_longest_run(name, other) for other in partners), default=0)
            why = [f"longest verbatim run with a partner: {run} words"]
            if row and row["parent_type"] == "unknown":
                why.append(f"unknown common source: {row['evidence'][0]}")
        rows.append([name, category, parent, "; ".join(w for w in why if w)])
    say("Answers whose lineage differs from their label, and what their content shows:")
    say()
    table(["answer", "label", "parent found", "content"], rows)


def main() -> None:
    say("# Lineage quality")
    say()
    say("Reproduce with `.venv/bin/python scripts/evaluate_lineage.py`.")
    say()
    evaluate_corpus()
    evaluate_seeds()
    evaluate_clough()
    write(ROOT / "reports" / "lineage-quality.md")


if __name__ == "__main__":
    main()
