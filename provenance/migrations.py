"""The database schema, as numbered migrations applied when a store opens.

Never edit a migration that has shipped: add the next one. A database that
has migrations this code does not know was written by a newer provenance,
and is refused rather than half-understood.
"""

from __future__ import annotations

from collections.abc import Callable

from provenance.sqlite import Database, Migrations

migrations = Migrations("provenance")
#: The names of every schema step this version knows, in order.
STEPS: list[str] = []


def step(function: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register a schema step (``mNNN_name``) and remember its name."""
    STEPS.append(function.__name__)
    return migrations()(function)


@step
def m001_articles_and_scans(db: Database) -> None:
    """Articles (current version), superseded versions, scans and their problems."""
    db["articles"].create(
        {
            "id": str,
            "version": int,
            "title": str,
            "outlet": str,
            "url": str,
            "published": str,
            "published_precision": str,
            "published_utc": str,
            "tz_assumed": int,
            "credit": str,
            "credited": str,
            "byline": str,
            "path": str,
            "format": str,
            "encoding": str,
            "words": int,
            "content_hash": str,
            "text": str,
            "first_seen_at": str,
            "ingested_at": str,
            "scan_id": int,
        },
        pk="id",
        not_null={"text", "content_hash", "version"},
    )
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["outlet"])
    db["articles"].create_index(["published_utc"])
    db["articles"].create_index(["path"])
    db["article_versions"].create(
        {
            "article_id": str,
            "version": int,
            "content_hash": str,
            "title": str,
            "published": str,
            "path": str,
            "text": str,
            "ingested_at": str,
            "superseded_at": str,
            "scan_id": int,
        },
        pk=("article_id", "version"),
    )
    db["scans"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "inputs": str,
            "files": int,
            "records": int,
            "added": int,
            "versions": int,
            "updated": int,
            "unchanged": int,
            "skipped": int,
            "warnings": int,
            "tool_version": str,
        },
        pk="id",
    )
    db["problems"].create(
        {"id": int, "scan_id": int, "path": str, "line": int, "fatal": int, "message": str},
        pk="id",
        foreign_keys=[("scan_id", "scans", "id")],
    )
    db["problems"].create_index(["scan_id"])


@step
def m002_detection(db: Database) -> None:
    """Fingerprints with their settings, matches and their passages, clusters, furniture."""
    db["articles"].add_column("detected_hash", str)
    db["articles"].add_column("furniture_hash", str)
    db["fingerprint_settings"].create(
        {"id": int, "num_perm": int, "seed": int, "scheme": str, "hash": str, "shingle": str, "created_at": str},
        pk="id",
    )
    db["fingerprints"].create(
        {
            "article_id": str,
            "content_hash": str,
            "settings_id": int,
            "passage_count": int,
            "passages": bytes,
            "article": bytes,
        },
        pk="article_id",
        foreign_keys=[("settings_id", "fingerprint_settings", "id")],
    )
    db["matches"].create(
        {
            "a": str,
            "b": str,
            "kind": str,
            "score": float,
            "a_coverage": float,
            "b_coverage": float,
            "verbatim_share": float,
            "similarity": float,
            "word_order": float,
            "sentences": int,
            "a_hash": str,
            "b_hash": str,
            "scan_id": int,
            "detected_at": str,
        },
        pk=("a", "b"),
    )
    db["matches"].create_index(["b"])
    db["passages"].create(
        {
            "a": str,
            "b": str,
            "n": int,
            "a_begin": int,
            "a_end": int,
            "b_begin": int,
            "b_end": int,
            "kind": str,
            "similarity": float,
            "verbatim_share": float,
        },
        pk=("a", "b", "n"),
    )
    db["clusters"].create({"id": str, "size": int, "first_published": str, "last_published": str}, pk="id")
    db["cluster_members"].create({"cluster_id": str, "article_id": str}, pk=("cluster_id", "article_id"))
    db["cluster_members"].create_index(["article_id"])
    db["furniture"].create(
        {"key": str, "text": str, "articles": int, "outlets": int, "reason": str}, pk="key"
    )
    db["meta"].create({"key": str, "value": str}, pk="key")


@step
def m003_lineage(db: Database) -> None:
    """Lineage: each article's source(s) with confidence and evidence."""
    db["lineage"].create(
        {
            "article": str,
            "n": int,
            "parent": str,
            "parent_type": str,
            "confidence": float,
            "relation": str,
            "evidence": str,
            "cluster_id": str,
        },
        pk=("article", "n"),
    )
    db["lineage"].create_index(["cluster_id"])
    db["lineage"].create_index(["parent"])


@step
def m004_scheduled_scans(db: Database) -> None:
    """What scheduled scans need: inputs already read, cluster history, scan summaries."""
    db["inputs"].create(
        {
            "path": str,
            "size": int,
            "mtime_ns": int,
            "looked_ns": int,
            "content_hash": str,
            "settings_key": str,
            "scan_id": int,
            "read_at": str,
        },
        pk="path",
    )
    db["clusters"].add_column("created_scan", int)
    db["clusters"].add_column("changed_scan", int)
    db["cluster_merges"].create(
        {"scan_id": int, "merged": str, "into": str, "at": str},
        pk=("scan_id", "merged"),
    )
    db["scans"].add_column("summary", str)


@step
def m005_feed_validators(db: Database) -> None:
    """The ``ETag`` and ``Last-Modified`` of inputs fetched by URL, for conditional requests."""
    db["inputs"].add_column("etag", str)
    db["inputs"].add_column("last_modified", str)


@step
def m006_postings(db: Database) -> None:
    """What lets a scan look up only its new articles: article numbers, postings, screening profiles,
    and the MinHash permutations and banding made once with datasketch."""
    db["article_numbers"].create({"id": str, "number": int}, pk="id")
    db["article_numbers"].create_index(["number"], unique=True)
    db["postings"].create(
        {
            "name": str,
            "segment": int,
            "settings_key": str,
            "articles": int,
            "keys": bytes,
            "owners": bytes,
            "payload": bytes,
            "removed": bytes,
        },
        pk=("name", "segment"),
    )
    db["profiles"].create({"id": str, "valid": str, "profile": bytes}, pk="id")
    db["sketch_parameters"].create({"key": str, "value": bytes}, pk="key")


@step
def m007_views(db: Database) -> None:
    """Views for people browsing the database with sqlite3 or Datasette, who should not need the schema.

    ``match_list``: each match with both articles' titles, outlets and
    times. ``lineage_list``: each derivation with the article's and the
    parent's titles and outlets (the parent's are empty when it is outside
    the corpus). ``cluster_list``: each cluster member with its outlet,
    time and title, oldest first.
    """
    db.create_view(
        "match_list",
        """select m.a, a.outlet as a_outlet, a.published as a_published, a.title as a_title,
                  m.b, b.outlet as b_outlet, b.published as b_published, b.title as b_title,
                  m.kind, m.score, m.a_coverage, m.b_coverage, m.verbatim_share, m.similarity
           from matches m join articles a on a.id = m.a join articles b on b.id = m.b""",
    )
    db.create_view(
        "lineage_list",
        """select l.cluster_id, l.article, a.outlet as article_outlet, a.published as article_published,
                  a.title as article_title, l.parent, l.parent_type, p.outlet as parent_outlet,
                  p.published as parent_published, p.title as parent_title,
                  l.relation, l.confidence, l.evidence
           from lineage l join articles a on a.id = l.article
           left join articles p on l.parent_type = 'article' and p.id = l.parent""",
    )
    db.create_view(
        "cluster_list",
        """select c.cluster_id, c.article_id, a.outlet, a.published, a.published_utc, a.title
           from cluster_members c join articles a on a.id = c.article_id
           order by c.cluster_id, a.published_utc is null, a.published_utc""",
    )
