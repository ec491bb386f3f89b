"""Readings: whose wording the other copies follow, and what lineage makes of it."""

from hypothesis import given
from hypothesis import strategies as st

from provenance import lineage_store, scan
from provenance.derivations import Link
from provenance.detect import DetectSettings
from provenance.readings import Agreement, Readings, agreement, wording

ORIGINAL = """The town council of Marrowby voted on Tuesday night to close the old ferry landing on the west bank of the Tallis river after engineers found that its timber piles had rotted well below the waterline.

The landing, built in 1931, carried foot passengers to the market quarter until the new footbridge opened downstream. Council members said the structure could no longer be kept safe for the fishermen who still tie up there in the early morning.

Deputy mayor Hester Coyle said the decision had not been easy for a town that grew up around the crossing. She told the meeting that repairs would cost more than the whole of next year's harbour budget and that no grant had been offered to cover them.

A group of residents has asked the council to keep the stone steps at the top of the landing as a memorial to the ferrymen. The council agreed to consider the request at its next meeting in November.
"""
MUSEUM = (
    "The ferry company that ran the crossing for forty years was wound up in 1974, and its last boat now stands "
    "in the yard of the maritime museum in Pell Harbour, where volunteers repaint it every spring."
)


def edit(text, *changes):
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_pair_s_readings_are_the_same_whichever_way_round_it_is_asked():
    """Lineage asks of a link from either side: the counts follow the link's own order, the lean the side asked for."""
    copy = edit(ORIGINAL, ("voted on Tuesday night", "decided late on Tuesday"), ("had rotted", "were rotten"))
    rewrite = edit(ORIGINAL, ("had rotted", "were rotten"), ("stone steps", "granite stairs"))
    texts = {"original": ORIGINAL, "copy": copy, "rewrite": rewrite}
    words = {name: wording(text) for name, text in texts.items()}
    whole = {name: ((0, len(text)),) for name, text in texts.items()}
    readings = Readings(words, [Link("copy", "original", "light", 1.0, 1.0, whole["copy"], whole["original"])])
    expected = agreement(words["copy"], whole["copy"], words["original"], whole["original"], [words["rewrite"]])
    for asked in (("copy", "original"), ("original", "copy")):
        link, found = readings.followed(*asked, ["rewrite"])
        assert (link.a, found) == ("copy", expected)
    # The rewrite follows the copy at "were rotten" and the original at "voted on Tuesday night".
    assert expected.a and expected.b
    assert readings.toward("copy", "original", ["rewrite"]) == -readings.toward("original", "copy", ["rewrite"])
    assert readings.followed("copy", "rewrite", ["original"]) is None  # no link, no readings
    assert readings.toward("copy", "rewrite", ["original"]) == 0.0


def test_runs_are_taken_from_the_spans_given():
    text = "one two three four five six"
    found = wording(text)
    assert len(found.runs) == 4
    assert found.within([(0, len(text))]) == found.every
    assert found.within([(0, 3)]) == {found.runs[0]}  # only "one two three" begins there
    assert found.within([]) == frozenset()
    assert wording("two words").runs == ()


def test_the_others_follow_the_unedited_version():
    edited = edit(ORIGINAL, ("voted on Tuesday night to close", "decided late on Tuesday to shut"))
    follower = edit(ORIGINAL, ("A group of residents", "Several residents"))
    whole = [(0, len(ORIGINAL))]
    found = agreement(wording(ORIGINAL), whole, wording(edited), [(0, len(edited))], [wording(follower)])
    assert found.a > 0 and found.b == 0
    assert found.lean() == 1.0


def test_a_lead_within_chance_says_nothing():
    assert Agreement(9, 6).lean() == 0.0
    assert Agreement(0, 0).lean() == 0.0
    assert Agreement(12, 0).lean() == 1.0


@given(st.integers(0, 200), st.integers(0, 200))
def test_lean_is_bounded_and_antisymmetric(a, b):
    lean = Agreement(a, b).lean()
    assert -1.0 <= lean <= 1.0
    assert Agreement(b, a).lean() == -lean
    if lean:
        assert (lean > 0) == (a > b)


def test_a_copy_with_extra_material_is_not_taken_for_the_source(fresh_db, tmp_path):
    """P rewords the original and adds a paragraph; X1 has that paragraph too but the original's wording.

    By content alone P contains the original and more, so it looks like the
    source of all. The copies follow the original's wording where P changed
    it: the original is the root and each copy, P included, derives from it.
    """
    reworded = edit(
        ORIGINAL,
        ("voted on Tuesday night to close", "decided late on Tuesday to shut"),
        ("carried foot passengers to the market quarter", "took people on foot across to the market district"),
        ("could no longer be kept safe for", "was no longer safe enough for"),
        ("had not been easy for a town", "was a hard one for a community"),
    )
    texts = {
        "original": ORIGINAL,
        "reworded": reworded + "\n" + MUSEUM + "\n",
        "fuller": edit(
            ORIGINAL,
            ("after engineers found that its timber piles", "when engineers discovered its wooden piles"),
            ("A group of residents", "Several residents"),
        )
        + "\n"
        + MUSEUM.replace("was wound up in 1974, and its", "closed in 1974; its")
        + "\n",
        "plain": edit(
            ORIGINAL,
            ("Deputy mayor Hester Coyle said", "Hester Coyle, the deputy mayor, said"),
            ("The council agreed to consider", "Councillors will consider"),
        ),
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text)
    scan([str(tmp_path)], fresh_db, detect_settings=DetectSettings())
    parents = {row["article"]: row["parent"] for row in lineage_store.lineage_rows(fresh_db)}
    assert parents == {"reworded": "original", "fuller": "original", "plain": "original"}
