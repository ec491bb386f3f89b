"""Alerts: telling someone when a scheduled scan finds news.

News is a copy cluster that appeared in this scan, or an article stored in
this scan whose lineage names a watched outlet as its source ("tell me when
anyone republishes our articles"). The alert is one JSON document, written
to a file (replaced whole, so a reader never sees half of it) or given on
standard input to a command. A failing command is reported, never fatal:
the scan's results are already stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import TYPE_CHECKING, Any

from provenance import findings, lineage_store
from provenance.names import same_source

if TYPE_CHECKING:
    from provenance.config import Alert
    from provenance.scanner import ScanSummary
    from provenance.store import Store

COMMAND_TIMEOUT_SECONDS = 120


def news(store: Store, summary: ScanSummary, outlets: tuple[str, ...]) -> dict[str, Any] | None:
    """What a scan found worth telling, or ``None`` when it found nothing."""
    detection = summary.detection
    if detection is None:
        return None
    members = findings.stored_clusters(store)
    new_clusters = [{"id": cluster, "articles": members.get(cluster, [])} for cluster in detection.new_clusters]
    derivations = []
    if outlets:
        fresh = findings.stored_in_scan(store, summary.scan_id)
        outlet_of = {row["id"]: row["outlet"] for row in store.article_rows("id, outlet")}
        for row in lineage_store.lineage_rows(store):
            if row["article"] not in fresh:
                continue
            source = outlet_of.get(row["parent"]) if row["parent_type"] == "article" else row["parent"]
            if source and same_source(source, outlets):
                derivations.append(
                    {
                        "article": row["article"],
                        "outlet": outlet_of.get(row["article"]),
                        "source": row["parent"],
                        "source_outlet": source,
                        "relation": row["relation"],
                        "confidence": row["confidence"],
                        "cluster": row["cluster_id"],
                    }
                )
    if not new_clusters and not derivations:
        return None
    return {"scan": summary.scan_id, "new_clusters": new_clusters, "derivations": derivations}


def send(alert: Alert, payload: dict[str, Any]) -> list[str]:
    """Write the file and run the command; returns the problems met (none when all went well)."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    problems = []
    if alert.file is not None:
        try:
            alert.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=alert.file.parent, prefix=".alert-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, alert.file)
        except OSError as error:
            problems.append(f"alert file {alert.file} not written ({error})")
    if alert.command:
        try:
            done = subprocess.run(
                alert.command, shell=True, input=text, text=True, capture_output=True, timeout=COMMAND_TIMEOUT_SECONDS
            )
            if done.returncode != 0:
                detail = (done.stderr or "").strip().splitlines()[-1:] or ["no message"]
                problems.append(f"alert command exited {done.returncode}: {detail[0]}")
        except subprocess.TimeoutExpired:
            problems.append(f"alert command still running after {COMMAND_TIMEOUT_SECONDS} s: stopped")
        except OSError as error:
            problems.append(f"alert command could not run ({error})")
    return problems
