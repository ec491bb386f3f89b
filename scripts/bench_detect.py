"""Benchmark: fingerprinting against plain datasketch, and full scans at growing sizes.

1. Fingerprinting throughput, in one process on the same Reuters articles:
   ours (tokenising, stemming, passage and article signatures) against the
   plain datasketch baseline (one ``MinHash(num_perm=128)`` per article fed
   with ``update_batch`` over its lower-cased word 5-grams), and the ratio.
   The baseline's LSH insert and query are timed separately.
2. ``provenance scan`` of the first 2k, 5k, 10k and all 19,043 articles
   into a fresh database, each in a child process: wall time and peak memory.

Writes reports/detection-benchmark.md. Usage:
    .venv/bin/python scripts/bench_detect.py [PATH_TO_JSONL]
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from provenance.fingerprints import fingerprint

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
SIZES = (2000, 5000, 10000, 19043)


def baseline(texts: list[str]) -> tuple[float, float]:
    """Seconds to fingerprint with plain datasketch, and to insert and query its LSH."""
    start = time.perf_counter()
    minhashes = []
    for text in texts:
        words = text.lower().split()
        shingles = [" ".join(words[i : i + 5]).encode("utf-8") for i in range(max(1, len(words) - 4))]
        minhash = MinHash(num_perm=128)
        minhash.update_batch(shingles)
        minhashes.append(minhash)
    fingerprinting = time.perf_counter() - start
    start = time.perf_counter()
    index = MinHashLSH(threshold=0.5, num_perm=128)
    for number, minhash in enumerate(minhashes):
        index.insert(str(number), minhash)
    for minhash in minhashes:
        index.query(minhash)
    return fingerprinting, time.perf_counter() - start


def scan_child(source: Path, count: int, folder: Path) -> tuple[float, float, str]:
    """Scan the first ``count`` articles in a child process: seconds, peak MiB, summary."""
    part = folder / f"first-{count}.jsonl"
    with source.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as out:
        for number, line in enumerate(src):
            if number >= count:
                break
            out.write(line)
    db = folder / f"scan-{count}.db"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "scan", "--db", str(db), str(part)], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 3):
        sys.exit(f"scan of {count} articles failed: {result.stderr.strip()[-500:]}")
    # The largest child so far; sizes grow, so it is this one.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = " ".join(line.split(": ", 1)[-1] for line in result.stdout.splitlines() if line.startswith("Detection"))
    return seconds, peak, summary


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not source.exists():
        sys.exit(f"{source} not found: give the path of reuters21578.jsonl")
    texts = [json.loads(line)["text"] for line in source.open(encoding="utf-8") if line.strip()]
    start = time.perf_counter()
    fingerprint(texts)
    ours = time.perf_counter() - start
    theirs, lsh = baseline(texts)
    lines = [
        "# Detection benchmark",
        "",
        f"`.venv/bin/python scripts/bench_detect.py` on {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {len(texts):,} Reuters-21578 articles.",
        "",
        "## Fingerprinting, one process, same articles",
        "",
        "| method | seconds | articles/s |",
        "|---|---:|---:|",
        f"| provenance: tokenise, stem, passage and article MinHash (64 perm.) | {ours:.2f} | {len(texts) / ours:,.0f} |",
        f"| datasketch: `MinHash(128)` + `update_batch` of word 5-grams | {theirs:.2f} | {len(texts) / theirs:,.0f} |",
        f"| ratio (datasketch time / ours) | {theirs / ours:.2f}x | |",
        f"| datasketch `MinHashLSH` insert and query (not in the ratio) | {lsh:.2f} | |",
        "",
        "## Full scans into a fresh database (ingest and detection)",
        "",
        "| articles | seconds | peak memory (MiB) | summary |",
        "|---:|---:|---:|---|",
    ]
    print("\n".join(lines))
    with tempfile.TemporaryDirectory() as folder:
        for count in SIZES:
            if count > len(texts):
                continue
            seconds, peak, summary = scan_child(source, count, Path(folder))
            row = f"| {count:,} | {seconds:.1f} | {peak:.0f} | {summary} |"
            print(row)
            lines.append(row)
    lines.append("")
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "detection-benchmark.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
