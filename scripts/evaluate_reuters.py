"""Precision of detection on Reuters-21578, against matches labelled by hand.

Reuters-21578 is one outlet's wire: no other outlet copies it, and most of
what looks alike is one formula filled in for another company, day or
issue. ``reports/reuters-labelled-matches.csv`` holds 100 matches of a scan
of all 19,043 stories (30 copies, 30 light and 40 heavy rewrites, drawn at
random), each labelled by reading both stories:

* REUSE: one repeats, updates or rewrites the other, sharing its passages;
* SAME_EVENT: one event, written up twice without shared passages;
* DIFFERENT: two events, often in one formula (two bond issues, two days'
  money-market operations);
* UNSURE.

The matches were drawn from a scan in which heavy rewrites already needed
16 shared stems, but before pairs where each side has figures of its own
stopped counting as reuse: the table shows what that rule took away and
what it kept.

Usage: .venv/bin/python scripts/evaluate_reuters.py [--db SCANNED.db]
(without ``--db`` it scans ../shared/data/reuters21578 into a temporary store,
about a minute).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import Counter
from pathlib import Path

from report_tables import say, table, write

from provenance import Store, findings, scan
from provenance.detect import DetectSettings
from provenance.kinds import DERIVED

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578"
LABELS = ROOT / "reports" / "reuters-labelled-matches.csv"
VERDICTS = ("REUSE", "SAME_EVENT", "DIFFERENT", "UNSURE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store that already holds a scan of the Reuters stories")
    args = parser.parse_args()
    say("# Detection precision on Reuters-21578")
    say()
    say("Reproduce with `.venv/bin/python scripts/evaluate_reuters.py`.")
    say()
    if args.db is None and not REUTERS.exists():
        say(f"Skipped: {REUTERS} is absent.")
        return
    if args.db is not None:
        store = Store(args.db)
    else:
        store = Store(Path(tempfile.mkdtemp()) / "reuters.db")
        scan([str(REUTERS)], store, detect_settings=DetectSettings())
    found = {frozenset((m["a"], m["b"])): m["kind"] for m in findings.match_rows(store)}
    with open(LABELS, newline="") as stream:
        labelled = list(csv.DictReader(stream))
    counts: Counter[tuple[str, str, bool]] = Counter()
    for row in labelled:
        counts[(row["kind"], row["label"], found.get(frozenset((row["a"], row["b"]))) in DERIVED)] += 1
    rows = []
    for kind in DERIVED:
        kept = [counts[(kind, verdict, True)] for verdict in VERDICTS]
        gone = [counts[(kind, verdict, False)] for verdict in VERDICTS]
        rows.append([kind, *(f"{k} kept, {g} gone" for k, g in zip(kept, gone))])
    say(f"{len(labelled)} labelled matches, by their kind when labelled and by label: how many are matches now.")
    table(["kind", *VERDICTS], rows)
    kept_pairs = [row for row in labelled if found.get(frozenset((row["a"], row["b"]))) in DERIVED]
    true = sum(row["label"] in ("REUSE", "SAME_EVENT") for row in kept_pairs)
    say(f"Of the {len(kept_pairs)} labelled pairs still matched, {true} are one event "
        f"({sum(row['label'] == 'REUSE' for row in kept_pairs)} of them reuse).")
    by_kind = Counter(found.values())
    say("Matches of the scan: " + ", ".join(f"{kind} {by_kind[kind]}" for kind in (*DERIVED, "quotes")) + ".")
    write(ROOT / "reports" / "reuters-precision.md")


if __name__ == "__main__":
    main()
