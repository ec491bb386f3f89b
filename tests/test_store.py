"""The store: idempotent ingest, versions, migrations, refusing what it cannot read."""

import sqlite3

import pytest

from provenance import Article, SchemaTooNewError, Store, StoreError


def article(id="a", text="Some article text.", **metadata):
    return Article(id=id, text=text, **metadata)


def test_new_store_has_schema_and_wal(fresh_db):
    assert {"articles", "article_versions", "scans", "problems"} <= set(fresh_db.db.table_names())
    assert fresh_db.db.journal_mode == "wal"


def test_adding_the_same_article_twice_adds_nothing(fresh_db):
    first = fresh_db.add_articles([article()])
    second = fresh_db.add_articles([article()])
    assert (first.added, second.added, second.unchanged) == (1, 0, 1)
    assert fresh_db.count("articles") == 1


def test_changed_text_is_a_new_version_and_the_old_one_is_kept(fresh_db):
    fresh_db.add_articles([article(text="First text.")])
    counts = fresh_db.add_articles([article(text="Corrected text.")])
    assert counts.versions == 1
    stored = fresh_db.article("a")
    assert stored.text == "Corrected text."
    assert fresh_db.db["articles"].get("a")["version"] == 2
    [old] = fresh_db.versions("a")
    assert (old["version"], old["text"]) == (1, "First text.")


def test_two_versions_in_one_batch(fresh_db):
    counts = fresh_db.add_articles([article(text="One."), article(text="Two."), article(text="Two.")])
    assert (counts.added, counts.versions, counts.unchanged) == (1, 1, 1)
    assert fresh_db.article("a").text == "Two."
    assert [v["text"] for v in fresh_db.versions("a")] == ["One."]


def test_metadata_change_updates_in_place(fresh_db):
    fresh_db.add_articles([article(title="Old")])
    counts = fresh_db.add_articles([article(title="New")])
    assert counts.updated == 1
    assert fresh_db.article("a").title == "New"
    assert fresh_db.versions("a") == []


def test_article_round_trip(fresh_db):
    original = article(
        text="Body\nwith lines \u2014 and \u00fcnicode.",
        title="T",
        outlet="ledger.example",
        url="https://ledger.example/a",
        published="2025-10-14T07:02:00-04:00",
        published_precision="time",
        published_utc="2025-10-14T11:02:00+00:00",
        tz_assumed=True,
        credit="(AP) -",
        credited="AP",
        byline="Jane Roe",
        path="/x/a.txt",
        format="text",
        encoding="cp1252",
    )
    fresh_db.add_articles([original])
    assert fresh_db.article("a") == original


def test_failed_unit_leaves_store_unchanged(fresh_db):
    fresh_db.add_articles([article(id="kept")])
    with pytest.raises(RuntimeError):
        with fresh_db.transaction():
            fresh_db.add_articles([article(id="lost")])
            raise RuntimeError("disk went away")
    assert [a.id for a in fresh_db.articles()] == ["kept"]


def test_reopening_applies_no_migration_twice(isolated_db):
    with Store(isolated_db) as store:
        store.add_articles([article()])
    with Store(isolated_db) as store:
        assert store.count("articles") == 1


def test_newer_schema_is_refused_without_change(isolated_db):
    with Store(isolated_db) as store:
        store.db["_sqlite_migrations"].insert({"migration_set": "provenance", "name": "m999_future", "applied_at": "x"})
    before = isolated_db.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer provenance"):
        Store(isolated_db)
    assert isolated_db.read_bytes() == before


def test_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a provenance database"):
        Store(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_missing_database_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="run 'provenance scan' first"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "x.db")


def test_readers_see_committed_data_while_a_writer_holds_a_transaction(isolated_db):
    with Store(isolated_db) as writer:
        writer.add_articles([article(id="first")])
        with writer.transaction():
            writer.add_articles([article(id="second")])
            reader = sqlite3.connect(isolated_db)
            assert [row[0] for row in reader.execute("select id from articles")] == ["first"]
            reader.close()
