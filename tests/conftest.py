"""Shared fixtures. Every test gets its own database location: nothing a
test does can touch a real ``provenance.db``."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from provenance import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "corpus"

hypothesis_settings.register_profile("ci", max_examples=50, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("PROVENANCE_HYPOTHESIS", "ci"))


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``$PROVENANCE_DB`` at a fresh path and work in a fresh folder."""
    path = tmp_path / "test.db"
    monkeypatch.setenv("PROVENANCE_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def fresh_db(isolated_db: Path) -> Iterator[Store]:
    """An open, empty store."""
    with Store(isolated_db) as store:
        yield store


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """An empty folder for input files."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip a test whose data in ../shared is absent (it is never copied into the project)."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent: shared test data is not part of the project")


@pytest.fixture
def corpus_store(fresh_db: Store) -> Store:
    """A store holding the bundled corpus, scanned and detected."""
    from provenance import scan
    from provenance.detect import DetectSettings

    scan([str(CORPUS)], fresh_db, detect_settings=DetectSettings())
    return fresh_db


def results(store: Store) -> dict[str, object]:
    """What detection and lineage concluded, with cluster ids replaced by their members.

    Cluster ids are identities that depend on the order clusters formed in
    (a cluster keeps its id as it grows); everything else must not.
    """
    from provenance import findings, lineage_store

    members = {cluster: tuple(articles) for cluster, articles in findings.stored_clusters(store).items()}

    def named(value: str) -> object:
        if value.startswith("unknown:"):
            return ("unknown", members.get(value.split(":", 1)[1], value))
        return value

    return {
        "matches": [
            (m["a"], m["b"], m["kind"], m["score"], m["a_coverage"], m["b_coverage"]) for m in findings.match_rows(store)
        ],
        "passages": list(store.db.execute("select a, b, n, a_begin, a_end, b_begin, b_end, kind from passages order by a, b, n")),
        "clusters": sorted(members.values()),
        "lineage": sorted(
            (r["article"], named(r["parent"]), r["parent_type"], r["confidence"], r["relation"], tuple(r["evidence"]), members.get(r["cluster_id"], ()))
            for r in lineage_store.lineage_rows(store)
        ),
    }


_NOUNS = "harbour council ferry bridge tide pier crane warden budget engineer survey cable quay storm lantern".split()
_VERBS = "inspected delayed approved repaired closed reopened funded measured questioned rebuilt".split()
_PLACES = "Kessick Halvard Port Ellison Marrow Bay Tillings Oakcliff Wendle".split()


def story(seed: int, sentences: int = 9) -> str:
    """A made-up news story: distinct seeds share no sentences."""
    pick = random.Random(seed)
    lines = []
    for number in range(sentences):
        noun, other = pick.sample(_NOUNS, 2)
        lines.append(
            f"The {noun} of {pick.choice(_PLACES)} {pick.choice(_VERBS)} the {other} "
            f"for the {number + seed * 7 + 3}th time since {1900 + pick.randrange(120)}, officials in {pick.choice(_PLACES)} noted."
        )
    return " ".join(lines)
