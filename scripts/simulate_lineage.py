"""Lineage on simulated syndication: real stories spread by made-up republishers, where the true tree is known.

The labelled sets say how lineage does on a handful of stories; this
says how it does on many, across what republishers do. Each of TREES
Reuters stories (from ../shared) is the original of a tree: two to six
copies, each made from an earlier article by republishing it whole,
cutting it at the bottom or rewording it, half with a paragraph of their
own, half crediting the outlet they took it from, a quarter undated (see
``syndicate`` in tests/strategies.py, the generator the property tests
use). In a third of the trees the original is left out of the corpus, as
a wire story is that outlets credit but nobody scanned. All trees are
scanned as one pile.

An article's lineage is right when its main source is its true parent,
or an ancestor it keeps nothing of the way to (see ``true_sources``); for
a copy of an original left out, the credited outlet, or for a copy that
credits nothing, an unknown common source. Prints the share right by
what the article did and by the evidence it had, then each wrong one.

Usage: .venv/bin/python scripts/simulate_lineage.py [TREES] [SEED]
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from report_tables import say, table, write

from provenance import Store, lineage_store, scan
from provenance.detect import DetectSettings
from provenance.names import same_source
from provenance.tokens import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from strategies import OUTLETS, Copy, Story, syndicate, true_sources

REUTERS = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
#: Trees simulated by default, and the seed that picks their stories and copies.
TREES, SEED = 150, 7
#: Shortest story taken as an original, in words and sentences.
MIN_WORDS, MIN_SENTENCES = 150, 6


def story(text: str) -> Story:
    """A wire story as paragraphs of sentences: its lines unwrapped, a paragraph at each indented line."""
    paragraphs = []
    for block in re.split(r"\n\s{2,}", text.strip()):
        flat = " ".join(block.split())
        if flat:
            paragraphs.append(tuple(flat[begin:end] for begin, end in sentence_spans(flat)))
    return Story(tuple(paragraphs))


def originals(count: int, pick: random.Random) -> list[Story]:
    """``count`` Reuters stories long enough to copy, chosen at random, no two sharing an 8-word run.

    The wire re-sent stories and ran templates; two trees whose originals
    share text would make a copy in one a fair copy of the other.
    """
    stories = []
    with REUTERS.open() as lines:
        for line in lines:
            found = story(json.loads(line)["text"])
            if len(found.text.split()) >= MIN_WORDS and len(found.sentences) >= MIN_SENTENCES:
                stories.append(found)
    chosen, seen = [], set()
    for candidate in pick.sample(stories, len(stories)):
        words = re.findall(r"\w+", candidate.text.lower())
        runs = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
        if not runs & seen:
            chosen.append(candidate)
            seen |= runs
            if len(chosen) == count:
                break
    return chosen


def simulate(trees: int, seed: int) -> tuple[list[tuple[str, list[Copy], bool]], Store, float]:
    """The trees, the store they were scanned into, and the scan's seconds."""
    pick = random.Random(seed)
    made = []
    for n, root in enumerate(originals(trees, pick)):
        copies = syndicate(root, pick, pick.randint(2, 6))
        made.append((f"t{n:03d}", copies, pick.random() >= 1 / 3))
    path = Path(tempfile.mkdtemp()) / "simulated.jsonl"
    with path.open("w") as out:
        for tree, copies, whole in made:
            for c in copies[0 if whole else 1 :]:
                record = {"id": f"{tree}-{c.id}", "outlet": c.outlet, "text": c.story.text, "published": c.published}
                out.write(json.dumps(record) + "\n")
    store = Store(path.parent / "simulated.db")
    started = time.perf_counter()
    scan([str(path)], store, detect_settings=DetectSettings())
    return made, store, time.perf_counter() - started


def right(row: dict | None, tree: str, copies: list[Copy], article: Copy, whole: bool) -> bool:
    """Whether the main source found for ``article`` is one lineage may rightly give (see module docstring)."""
    sources = true_sources(copies, article)
    if not sources:
        return row is None
    if row is None:
        return False
    if row["parent_type"] == "article":
        return row["parent"] in {f"{tree}-{s}" for s in sources if whole or s != "a0"}
    if "a0" in sources and not whole:
        if row["parent_type"] == "external":
            return same_source(row["parent"], [OUTLETS[0]])
        return row["parent_type"] == "unknown" and not article.credited
    return False


def evidence(copies: list[Copy], article: Copy) -> str:
    """What an article offers lineage: a credit, times on both sides, or content alone."""
    if article.parent is None:
        return "original"
    parent = next(c for c in copies if c.id == article.parent)
    if article.credited:
        return "credits its parent"
    if article.published and parent.published:
        return "both dated, no credit"
    return "content alone"


def main() -> None:
    if not REUTERS.exists():
        print(f"skipped: {REUTERS} is absent (the Reuters stories are the originals of the simulated trees)")
        return
    trees = int(sys.argv[1]) if len(sys.argv) > 1 else TREES
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else SEED
    made, store, seconds = simulate(trees, seed)
    found = {row["article"]: row for row in lineage_store.lineage_rows(store) if row["n"] == 1}
    by_operation, by_evidence, wrong = Counter(), Counter(), []
    total = good = 0
    for tree, copies, whole in made:
        for article in copies[0 if whole else 1 :]:
            key = f"{tree}-{article.id}"
            ok = right(found.get(key), tree, copies, article, whole)
            total, good = total + 1, good + ok
            for counter, name in ((by_operation, article.operation), (by_evidence, evidence(copies, article))):
                counter[(name, ok)] += 1
            if not ok:
                row = found.get(key)
                got = f"{row['parent']} ({row['parent_type']}, {row['confidence']:.2f})" if row else "none"
                truth = ", ".join(sorted(true_sources(copies, article))) or "none"
                wrong.append([key, article.operation, evidence(copies, article), truth, got])
    say("# Lineage on simulated syndication")
    say()
    say(f"Reproduce with `.venv/bin/python scripts/simulate_lineage.py {trees} {seed}`.")
    say()
    say(f"{trees} Reuters stories spread to {total} articles; scanned in {seconds:.1f} s.")
    say(f"Articles whose main source is right: **{good} of {total}** ({good / total:.1%}).")
    say()
    for title, counter in (("what the article did", by_operation), ("the evidence it had", by_evidence)):
        names = sorted({name for name, _ in counter})
        rows = [[name, counter[(name, True)] + counter[(name, False)], counter[(name, True)]] for name in names]
        table([title, "articles", "right"], rows)
    if wrong:
        say("Wrong (tree-article, operation, evidence, true parent(s), main source found):")
        say()
        table(["article", "operation", "evidence", "true", "found"], wrong)
    write(ROOT / "reports" / "lineage-simulated.md")


if __name__ == "__main__":
    main()
