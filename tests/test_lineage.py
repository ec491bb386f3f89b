"""Lineage: the corpus truth, the seeds, the rules of evidence, and properties of the result."""

import json
import random as stdlib_random
from datetime import datetime, timedelta, timezone

import pytest
from conftest import CORPUS, SEEDS, needs_shared, results
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import VOCABULARIES, Copy, seeded, stories, syndicate

from provenance import Article, Store, findings, lineage_store, scan, trees
from provenance.dates import parse_published
from provenance.derivations import Derivation
from provenance.detect import DetectSettings, detect
from provenance.direction import Node, SourceCredit
from provenance.intermediaries import through_copies
from provenance.lineage import ARTICLE, EXTERNAL, UNKNOWN, Link, infer, node
from provenance.names import same_source
from provenance.readings import Readings, wording
from provenance.siblings import lost_source
from provenance.timeline import before, window
from provenance.tokens import content_stems

TRUTH = json.loads((CORPUS / "truth.json").read_text())
T0 = datetime(2025, 10, 14, 9, 0, tzinfo=timezone.utc)


def at(hours):
    return window((T0 + timedelta(hours=hours)).isoformat(), "time")


def credit(name, kind="originally"):
    return (SourceCredit(name, kind, f"Originally reported by {name}"),)


def test_names_of_one_outlet():
    assert same_source("The Verge", "theverge")
    assert same_source("theverge.com", "The Verge")
    assert same_source("CWS", "Coastal Wire Service")
    assert same_source("Coastal Wire", "Coastal Wire Service")
    assert same_source("AP", ("Associated Press",))
    assert not same_source("Mara Quint", ("NewsPulse Digest", "newspulse.example"))
    assert not same_source("Reuters", "The Verge")


def test_windows_order_only_what_is_certain():
    assert before(at(0), at(2)) is True
    assert before(at(2), at(0)) is False
    assert before(at(0), at(0)) is None
    day = window("2025-10-14T00:00:00+00:00", "date")
    assert before(day, at(10)) is None  # a date is a whole day somewhere on Earth
    assert before(day, at(24 * 3)) is True
    assert before(None, at(0)) is None
    assumed = window(T0.isoformat(), "time", tz_assumed=True)
    assert before(assumed, at(3)) is None


def test_a_later_article_is_never_the_source_of_an_earlier_one():
    nodes = [Node("early", ("A",), at(0), "0"), Node("late", ("B",), at(5), "5")]
    # Content alone would point the other way: the early one is inside the late one.
    [derivation] = infer("c", nodes, [Link("early", "late", "light", 0.95, 0.5)])
    assert (derivation.article, derivation.parent, derivation.parent_type) == ("late", "early", ARTICLE)


def test_a_credit_line_names_the_source():
    nodes = [Node("post", ("The Island Post",), None, "?"), Node("digest", ("Digest",), None, "?", credit("islandpost"))]
    [derivation] = infer("c", nodes, [Link("digest", "post", "heavy", 0.6, 0.6)])
    assert (derivation.article, derivation.parent) == ("digest", "post")
    assert any("credits it" in reason for reason in derivation.evidence)


def test_articles_crediting_one_outside_source_are_siblings():
    nodes = [
        Node("one", ("One",), at(0), "0", credit("CWS", "dateline")),
        Node("two", ("Two",), at(1), "1", credit("Coastal Wire Service", "contributed")),
    ]
    result = infer("c", nodes, [Link("one", "two", "copy", 1.0, 0.9)])
    assert {(d.article, d.parent, d.parent_type) for d in result} == {
        ("one", "Coastal Wire Service", EXTERNAL),
        ("two", "Coastal Wire Service", EXTERNAL),
    }


def test_according_to_credits_an_outlet_but_not_a_person():
    def according(name, line):
        return (SourceCredit(name, "according", line),)

    person = [
        Node("one", ("One",), None, "?", according("Chief Dunmore", "according to Chief Dunmore")),
        Node("two", ("Two",), None, "?", according("Chief Dunmore", "According to Chief Dunmore")),
    ]
    # A statement both attribute to one person makes neither a sibling of an outside source.
    assert all(d.parent_type != EXTERNAL for d in infer("c", person, [Link("one", "two", "copy", 0.9, 0.9)]))
    outlet = [Node("one", ("One",), None, "?", according("Tidewater Times", "according to a report in Tidewater Times"))]
    [derivation] = infer("c", outlet, [])
    assert (derivation.parent, derivation.parent_type, derivation.relation) == ("Tidewater Times", EXTERNAL, "credited")
    # "according to U.S. Attorney Giuliani" names an office of the U.S., not a site called U.S.
    office = [Node("one", ("One",), None, "?", according("U.S", "according to U.S"))]
    assert infer("c", office, []) == []
    assert [d.parent for d in infer("c", [node({"id": "one", "text": "Fines rose, according to Verge.com."})], [])] == [
        "Verge.com"
    ]


def test_a_sibling_that_credits_nothing_gets_the_credited_source():
    nodes = [Node("credited", ("A",), None, "?", credit("theverge")), Node("silent", ("B",), None, "?")]
    result = {d.article: d for d in infer("c", nodes, [Link("credited", "silent", "heavy", 0.55, 0.7)])}
    assert result["credited"].parent == "theverge"
    assert result["silent"].parent in ("theverge", "credited")


def test_two_undated_uncredited_articles_share_an_unknown_source():
    nodes = [Node("x", ("X",), None, "?"), Node("y", ("Y",), None, "?")]
    result = infer("c9", nodes, [Link("x", "y", "heavy", 0.5, 0.45)])
    assert {d.parent_type for d in result} == {UNKNOWN}
    assert len({d.parent for d in result}) == 1


def test_an_outlet_updating_its_own_article_is_a_version():
    nodes = [Node("v1", ("Daily",), at(0), "0"), Node("v2", ("daily.example",), at(3), "3")]
    [derivation] = infer("c", nodes, [Link("v1", "v2", "light", 0.9, 0.95)])
    assert derivation.relation == "version" and derivation.parent == "v1"


def _stems(prefix, count):
    return frozenset(f"{prefix}{k}" for k in range(count))


@pytest.mark.parametrize(
    ("added_used", "credits", "parent"), [(8, (), "copy"), (2, (), "original"), (0, credit("P", "dateline"), "copy")]
)
def test_a_copy_of_a_copy_must_carry_more_of_the_middle_copy_than_chance(added_used, credits, parent):
    """X is offered the copy P, which added ten words to the original Q; X kept none of Q's words P left out.

    Eight of P's words can only have come through P. Two are what a rewrite
    of Q picks up by chance from the story's wider vocabulary: X is Q's copy,
    unless it credits P, which no count of words overrules.
    """
    original = _stems("q", 40)
    copy = original | _stems("p", 10)
    derived = _stems("q", 30) | _stems("p", added_used) | _stems("x", 5)
    nodes = [
        Node("original", ("Q",), at(0), "0", stems=original),
        Node("copy", ("P",), at(1), "1", stems=copy),
        Node("x", ("X",), at(2), "2", credits, stems=derived),
    ]
    links = [Link("copy", "original", "copy", 0.8, 1.0), Link("copy", "x", "heavy", 0.7, 0.8), Link("original", "x", "heavy", 0.7, 0.7)]
    result = {d.article: d for d in infer("c", nodes, links)}
    assert result["copy"].parent == "original"
    assert result["x"].parent == parent


#: The other copy of the wire beside the fuller one, crediting the wire or
#: undated, crediting nobody and with words of its own (so it has no
#: source); and the shares its links cover: of itself beside the fuller
#: copy, and of itself and X.
_OTHER_COPIES = {
    "credited": (Node("plain", ("B",), at(1), "1", credit("Coastal Wire", "dateline"), stems=_stems("w", 40)), 1.0, (0.9, 0.85)),
    "sourceless": (Node("plain", ("B",), None, "?", stems=_stems("w", 40) | _stems("b", 10)), 0.8, (0.75, 1.0)),
}


@pytest.mark.parametrize("other", sorted(_OTHER_COPIES))
@pytest.mark.parametrize(("added_used", "parent"), [(0, ("Coastal Wire", EXTERNAL)), (8, ("fuller", ARTICLE))])
def test_an_uncredited_copy_of_a_wire_copy_came_from_the_wire_unless_it_carries_that_copy_s_own(added_used, parent, other):
    """The fuller copy credits the wire and added ten words of its own; X, later and uncredited, is inside it.

    Another copy of the wire stands for the wire's text: one that credits
    it, or one that has no source and credits none (nothing shows it came
    from the fuller copy). Using none of the
    fuller copy's own words, X is one more copy of the wire, a sibling of
    both; using eight, it can only have come through the fuller copy.
    """
    plain, plain_covered, (with_x, x_covered) = _OTHER_COPIES[other]
    nodes = [
        Node("fuller", ("A",), at(0), "0", credit("Coastal Wire", "originally"), stems=_stems("w", 40) | _stems("a", 10)),
        plain,
        Node("x", ("X",), at(2), "2", stems=_stems("w", 36) | _stems("a", added_used)),
    ]
    links = [
        Link("fuller", "plain", "copy", 0.8, plain_covered),
        Link("fuller", "x", "copy", 0.75, 1.0),
        Link("plain", "x", "copy", with_x, x_covered),
    ]
    result = {d.article: d for d in infer("c", nodes, links)}
    assert (result["fuller"].parent, result["plain"].parent) == ("Coastal Wire", "Coastal Wire")
    assert (result["x"].parent, result["x"].parent_type) == parent


@pytest.mark.parametrize(("kind", "parent"), [("light", ("Coastal Wire", EXTERNAL)), ("copy", ("credited", ARTICLE))])
def test_with_no_other_copy_of_the_wire_a_rewording_cannot_be_shown_to_come_through_the_wire_s_copy(kind, parent):
    """X, later and uncredited, words the wire's story differently from the one copy that credits the wire.

    Nothing shows whose wording is the wire's, so X is another copy of it; a
    verbatim copy carries whatever the credited copy changed, and stays.
    """
    nodes = [
        Node("credited", ("A",), at(0), "0", credit("Coastal Wire", "originally"), stems=_stems("w", 40)),
        Node("x", ("X",), at(2), "2", stems=_stems("w", 38)),
    ]
    result = {d.article: d for d in infer("c", nodes, [Link("credited", "x", kind, 0.9, 0.95)])}
    assert (result["x"].parent, result["x"].parent_type) == parent


def _placed(*runs):
    """A node's stems at ascending offsets, ten characters apart: each run is ``(prefix, count)``."""
    found, at = [], 0
    for prefix, count in runs:
        for k in range(count):
            found.append((at, f"{prefix}{k}"))
            at += 10
    return tuple(found)


def _undated(name, *runs):
    placed = _placed(*runs)
    return Node(name, (name.title(),), None, "?", stems=frozenset(s for _, s in placed), placed=placed)


def test_an_introduction_of_its_own_does_not_make_a_copy_the_source():
    """Undated: a digest put eight words of its own above the whole wire story; a brief cut the story's bottom.

    By material alone the digest has all the wire has and more. Outlets cut
    at the bottom and write their own introductions: the lead says the
    digest added to the story, not that the wire cut it.
    """
    nodes = [_undated("wire", ("w", 40)), _undated("digest", ("d", 8), ("w", 40)), _undated("brief", ("w", 30))]
    links = [
        Link("digest", "wire", "copy", 40 / 48, 1.0, ((80, 480),), ((0, 400),)),
        Link("digest", "brief", "copy", 30 / 48, 1.0, ((80, 380),), ((0, 300),)),
        Link("wire", "brief", "copy", 0.75, 1.0, ((0, 300),), ((0, 300),)),
    ]
    result = {d.article: d for d in infer("c", nodes, links)}
    assert "wire" not in result or result["wire"].parent_type != ARTICLE


def test_an_introduction_of_its_own_is_no_material_its_source_lacks():
    """A brief wrote eight words of introduction above the top half of a wire story: the wire is still its source."""
    nodes = [_undated("wire", ("w", 40)), _undated("brief", ("d", 8), ("w", 20))]
    [derivation] = infer("c", nodes, [Link("brief", "wire", "copy", 20 / 28, 0.5, ((80, 280),), ((0, 200),))])
    assert (derivation.article, derivation.parent) == ("brief", "wire")
    # The shares the evidence gives leave the introduction out, and the evidence says so.
    assert "brief is more inside the other (100% vs 50%" in derivation.evidence[0]
    assert "counted without the opening above the text they share (brief's 8 content stems)" in derivation.evidence[1]


def test_a_lead_carried_from_a_third_article_says_where_a_copy_came_from():
    """A digest wrote an introduction above a trimmed wire story; a brief kept the introduction and trimmed again.

    The brief's lead is not its own: the digest has it and the wire has not,
    so the fuller wire is not the brief's source. The digest's introduction,
    which only its own copy carries, makes it no source of the wire.
    """
    nodes = [_undated("wire", ("w", 40)), _undated("digest", ("d", 8), ("w", 30)), _undated("brief", ("d", 8), ("w", 10))]
    links = [
        Link("digest", "wire", "copy", 30 / 38, 0.75, ((80, 380),), ((0, 300),)),
        Link("digest", "brief", "copy", 18 / 38, 1.0, ((0, 180),), ((0, 180),)),
        Link("wire", "brief", "copy", 0.25, 10 / 18, ((0, 100),), ((80, 180),)),
    ]
    result = {d.article: d for d in infer("c", nodes, links)}
    assert (result["brief"].parent, result["digest"].parent) == ("digest", "wire")
    assert "wire" not in result


def test_of_two_identical_undated_texts_the_one_others_credit_is_the_source():
    """A wire story and a reprint of it word for word, neither dated; a digest says it took the story from the wire.

    Content and time cannot order the two. The digest's credit names the
    wire as the story's source, and that makes it the reprint's as well.
    """
    nodes = [
        Node("wire", ("Coastline Wire",), None, "?", stems=_stems("w", 40)),
        Node("reprint", ("Herald",), None, "?", stems=_stems("w", 40)),
        Node("digest", ("Digest",), None, "?", credit("Coastline Wire"), stems=_stems("w", 30)),
    ]
    links = [Link("reprint", "wire", "copy", 1.0, 1.0), Link("digest", "wire", "copy", 1.0, 0.75), Link("digest", "reprint", "copy", 1.0, 0.75)]
    result = {d.article: d for d in infer("c", nodes, links)}
    assert "wire" not in result
    assert result["reprint"].parent == "wire"
    assert "another article of the cluster credits its outlet: the source it names" in result["reprint"].evidence


def test_a_credit_line_is_not_material_of_the_article():
    row = {"id": "copy", "outlet": "Digest", "text": "Originally reported by Coastal Wire.\n\nThe ferry stops on Sundays."}
    found = node(row)
    assert same_source(found.credits[0].name, ["Coastal Wire"])
    assert found.stems == frozenset(content_stems("The ferry stops on Sundays."))
    # Each stem stands where its word does in the stored text, which is what passages' offsets count.
    assert [row["text"][at : at + 5] for at, _ in found.placed] == ["ferry", "stops", "Sunda"]


def test_a_copy_crediting_the_wire_came_from_the_wire_not_from_an_uncredited_copy_of_it():
    """The reprint says "(Coastal Wire) -"; the earlier, fuller digest credits nobody, so it cannot have passed that on."""
    nodes = [
        Node("digest", ("Digest",), at(0), "0", stems=_stems("w", 40) | _stems("d", 10)),
        Node("reprint", ("Herald",), at(2), "2", credit("Coastal Wire", "dateline"), stems=_stems("w", 30)),
    ]
    result = {d.article: d for d in infer("c", nodes, [Link("digest", "reprint", "copy", 0.6, 1.0)])}
    assert (result["reprint"].parent, result["reprint"].parent_type) == ("Coastal Wire", EXTERNAL)
    assert (result["digest"].parent, result["digest"].relation) == ("Coastal Wire", "common source")


def test_a_credit_names_its_source_in_the_cluster_beyond_anything_content_or_time_says():
    """X credits Y ("Gazette contributed"), though Q is earlier and fuller; Z credits Q's outlet but shares no aligned passage with it."""
    nodes = [
        Node("q", ("Wire",), at(0), "0", stems=_stems("q", 60)),
        Node("y", ("Gazette",), at(1), "1", stems=_stems("q", 30)),
        Node("x", ("Digest",), at(3), "3", credit("Gazette", "contributed"), stems=_stems("q", 40)),
        Node("z", ("Courier",), at(4), "4", credit("Wire"), stems=_stems("q", 20)),
    ]
    links = [
        Link("q", "y", "copy", 0.5, 1.0),
        Link("q", "x", "light", 0.7, 1.0),
        Link("x", "y", "light", 0.6, 0.9),
        Link("x", "z", "heavy", 0.4, 0.8),
    ]
    result = {d.article: d for d in infer("c", nodes, links)}
    assert result["x"].parent == "y" and result["x"].evidence[0] == 'x credits it: "Originally reported by Gazette"'
    assert result["z"].parent == "q" and "shares no aligned passage" in result["z"].evidence[1]


def test_a_copy_that_credits_an_agency_as_well_has_both_sources():
    contributed = credit("Wire Agency", "contributed")
    nodes = [Node("report", ("Gazette",), at(0), "0"), Node("copy", ("Digest",), at(3), "3", contributed)]
    result = infer("c", nodes, [Link("report", "copy", "heavy", 0.5, 0.6)])
    assert [(d.article, d.parent, d.parent_type) for d in result] == [
        ("copy", "report", ARTICLE),
        ("copy", "Wire Agency", EXTERNAL),
    ]
    assert result[1].evidence[0].startswith("combines sources")
    # The agency already stands above the report it copied: its credit adds no source.
    upstream = [
        Node("wire", ("Herald",), at(0), "0", credit("Wire Agency")),
        Node("report", ("Gazette",), at(1), "1"),
        Node("copy", ("Digest",), at(3), "3", contributed),
    ]
    links = [Link("report", "wire", "copy", 1.0, 1.0), Link("copy", "report", "heavy", 0.6, 0.5)]
    chain = [(d.article, d.parent) for d in infer("c", upstream, links)]
    assert chain == [("copy", "report"), ("report", "wire"), ("wire", "Wire Agency")]


def test_every_parent_in_the_corpus_truth(corpus_store):
    external = {s["name"]: [s["name"], *s["aliases"]] for s in TRUTH["external_sources"]}
    found = {}
    for row in lineage_store.lineage_rows(corpus_store):
        found.setdefault(row["article"], []).append(row)
    for article in TRUTH["articles"]:
        rows = found.get(article["id"], [])
        assert len(rows) == len(article["parents"]), article["id"]
        for expected, row in zip(article["parents"], rows):
            assert row["parent_type"] == expected["parent_type"]
            if expected["parent_type"] == "external":
                assert same_source(row["parent"], external[expected["parent"]])
            else:
                assert row["parent"] == expected["parent"]
            assert 0.0 <= row["confidence"] <= 1.0 and row["evidence"]


def test_scanning_in_two_halves_gives_the_same_lineage(fresh_db, tmp_path):

    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in {".html", ".txt", ".md", ".jsonl", ".csv"})
    stdlib_random.Random(7).shuffle(files)
    scan([str(p) for p in files[:3]], fresh_db, detect_settings=DetectSettings())
    scan([str(p) for p in files[3:]], fresh_db, detect_settings=DetectSettings())
    with Store(tmp_path / "whole.db") as whole:
        scan([str(CORPUS)], whole, detect_settings=DetectSettings())
        assert results(fresh_db)["lineage"] == results(whole)["lineage"]


@needs_shared(SEEDS)
def test_seed_lineage(fresh_db):
    scan([str(SEEDS)], fresh_db, detect_settings=DetectSettings())
    parents = {row["article"][:3]: row for row in lineage_store.lineage_rows(fresh_db) if row["n"] == 1}
    assert parents["001"]["parent_type"] == EXTERNAL and same_source(parents["001"]["parent"], "The Verge")
    assert parents["000"]["parent"].startswith("001") or same_source(parents["000"]["parent"], "The Verge")
    assert "002" not in parents


# Property tests: random clusters with random times, credits and links.
_names = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta", "Coastal Wire", "CWS"])
_node_ids = [f"n{k}" for k in range(6)]
_words = st.sampled_from(["ferry", "landing", "council", "river", "vote", "piles", "rotted"])


@st.composite
def clusters(draw):
    count = draw(st.integers(2, 6))
    nodes, texts = [], {}
    for k in range(count):
        hours = draw(st.none() | st.integers(0, 72))
        credits = tuple(SourceCredit(name, "originally", name) for name in draw(st.lists(_names, max_size=2)))
        outlet = draw(_names)
        # A few words from a small vocabulary, so that wording and readings overlap.
        text = texts[_node_ids[k]] = " ".join(draw(st.lists(_words, max_size=30)))
        nodes.append(
            Node(
                _node_ids[k],
                (outlet,),
                None if hours is None else at(hours),
                str(hours),
                credits,
                frozenset(text.split()),
                wording(text),
            )
        )
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), min_size=1, max_size=12))
    links = {}
    for i, j in pairs:
        if i != j:
            a, b = sorted((_node_ids[i], _node_ids[j]))
            shares = draw(st.tuples(st.floats(0.2, 1.0), st.floats(0.2, 1.0)))
            # Some links cover whole texts, others a stretch: an article may combine sources.
            spans = [(tuple(sorted(draw(st.tuples(*[st.integers(0, len(text))] * 2)))),) for text in (texts[a], texts[b])]
            links[(a, b)] = Link(a, b, draw(st.sampled_from(["copy", "light", "heavy"])), *shares, *spans)
    return nodes, list(links.values())


@given(clusters(), st.randoms(use_true_random=False))
def test_lineage_is_acyclic_deterministic_and_true_to_time(cluster, shuffle):
    nodes, links = cluster
    result = infer("c", nodes, links)
    sources = {}
    for d in result:
        assert 0.0 <= d.confidence <= 1.0 and d.evidence
        assert d.parent not in sources.setdefault(d.article, []), "each source once"
        sources[d.article].append(d.parent)
    assert [d.article for d in result] == sorted(d.article for d in result), "an article's rows together"
    by_id = {node.id: node for node in nodes}
    edges = {(d.parent, d.article) for d in result if d.parent_type == ARTICLE}
    for d in result:
        if d.parent_type == ARTICLE:
            assert before(by_id[d.parent].window, by_id[d.article].window) is not False
    # No cycles through any of the sources: peeling off articles with no article source empties the graph.
    left = set(by_id)
    while left:
        free = {a for a in left if not any(p in left for p, child in edges if child == a)}
        assert free, f"a cycle among {sorted(left)}"
        left -= free
    # The main sources (each article's first row) form a forest.
    main = {}
    for d in result:
        main.setdefault(d.article, d)
    for article in main:
        seen, current = set(), article
        while current in main and main[current].parent_type == ARTICLE:
            assert current not in seen
            seen.add(current)
            current = main[current].parent
    shuffled_nodes, shuffled_links = nodes[:], links[:]
    shuffle.shuffle(shuffled_nodes)
    shuffle.shuffle(shuffled_links)
    assert infer("c", shuffled_nodes, shuffled_links) == result


FERRY = [
    "The Tollan Sound ferry will stop running on Sundays from the first of March, the harbour board announced on Tuesday.",
    "Board chair Imelda Varga said falling winter passenger numbers left the Sunday crossings losing money every month.",
    "Islanders who commute to the mainland hospital on weekends will be offered a subsidised water taxi instead, she said.",
    "The decision follows a consultation in which two hundred and forty residents asked for the crossings to be kept.",
    "A petition organised by the Tollan Residents Association has gathered more than eleven hundred signatures since January.",
    "The board will review the timetable again in September, once the summer figures are known.",
]
LIBRARY = [
    "Marrow Street library reopened on Saturday after an eighteen-month restoration of its cast-iron reading room.",
    "Volunteers carried the last crates of the local history collection back up the spiral staircase on Friday evening.",
    "The restoration replaced three hundred panes of the glass roof and rebuilt the gallery railings by hand.",
    "Head librarian Tobias Renn said the room would stay open until nine o'clock on weekdays for the first time since 1987.",
    "A lottery grant of one point two million pounds paid for most of the work, with the rest raised by a book sale.",
    "The reading room's clock, silent since a storm in 2009, was wound again by the oldest member of the friends' group.",
]
ROUNDUP_OWN = [
    "Here is what happened around the county this week, in case you missed it.",
    "Our weekend planner returns next Friday with markets, walks and concerts.",
]


# Ids that loose outlet-name matching would take for one name ("art-001", "art-002") must stay apart.
@pytest.mark.parametrize("ids", [("ferry", "library", "roundup", "reprint"), ("art-001", "art-002", "art-003", "art-004")])
def test_a_roundup_has_a_row_for_each_source_it_combines(fresh_db, tmp_path, ids):
    ferry, library, roundup, reprint = ids

    def record(article_id, outlet, hours, sentences):
        published = (T0 + timedelta(hours=hours)).isoformat()
        return json.dumps({"id": article_id, "outlet": outlet, "published": published, "text": " ".join(sentences)})

    combined = [ROUNDUP_OWN[0], *FERRY[:4], *LIBRARY[:4], ROUNDUP_OWN[1]]
    (tmp_path / "week.jsonl").write_text(
        "\n".join([
            record(ferry, "Tollan Gazette", 0, FERRY),
            record(library, "Marrow Herald", 2, LIBRARY),
            record(roundup, "County Weekly", 30, combined),
            # A later reprint of the roundup shares text with both sources through it.
            record(reprint, "Shire Digest", 40, combined),
        ])
    )
    scan([str(tmp_path / "week.jsonl")], fresh_db, detect_settings=DetectSettings())
    lineage = lineage_store.lineage_rows(fresh_db)
    rows = [row for row in lineage if row["article"] == roundup]
    assert sorted(row["parent"] for row in rows) == sorted([ferry, library])
    assert [row["n"] for row in rows] == [1, 2]
    assert "combines sources" in rows[1]["evidence"][0]
    assert [(row["parent"], row["n"]) for row in lineage if row["article"] == reprint] == [(roundup, 1)]
    # Both sources stay originals: neither is given the other, nor a common source with the reprint.
    assert {row["article"] for row in lineage} == {roundup, reprint}
    drawn = trees.tree(fresh_db, trees.cluster_of(fresh_db, roundup)).lines()
    assert [line.split(":")[0].strip("└├─ ") for line in drawn if f"{roundup}:" in line] == [roundup, roundup]
    assert sum("also from" in line for line in drawn) == 1
    assert sum(f"{reprint}:" in line for line in drawn) == 1


def test_a_credit_naming_two_agencies_gives_both():

    text = "The ferry will stop on Sundays, the board said.\n\nReuters and The Associated Press contributed to this report."
    result = infer("c", [node({"id": "brief", "outlet": "Tollan Gazette", "text": text})], [])
    assert {(d.parent_type, d.relation) for d in result} == {(EXTERNAL, "credited")}
    assert sorted(d.parent for d in result) == ["Associated Press", "Reuters"]


def _article(copy: Copy) -> Article:
    parsed = parse_published(copy.published) if copy.published else None
    return Article(
        id=copy.id,
        text=copy.story.text,
        outlet=copy.outlet,
        published=parsed.iso if parsed else None,
        published_precision=parsed.precision if parsed else None,
        published_utc=parsed.utc if parsed else None,
    )


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(stories(min_paragraphs=4, max_paragraphs=8, vocabulary=VOCABULARIES[0]), seeded(), st.integers(2, 5))
def test_in_a_simulated_syndication_every_credited_copy_gets_the_source_it_credits(tmp_path_factory, root, pick, copies):
    """Copies made from the original or from each other, whole, cut or reworded, some crediting where they took it.

    A copy that credits its parent's outlet, and that detection put in one
    cluster with it, has that parent as its main source, whatever time and
    content say about the rest of the tree; and no article's source is one
    published after it.
    """
    made = syndicate(root, pick, copies)
    with Store(tmp_path_factory.mktemp("db") / "syndicated.db") as store:
        store.add_articles([_article(c) for c in made])
        detect(store, DetectSettings())
        where = {a: cluster for cluster, articles in findings.stored_clusters(store).items() for a in articles}
        found = {row["article"]: row for row in lineage_store.lineage_rows(store) if row["n"] == 1}
    by_id = {c.id: c for c in made}
    for copy in made:
        if copy.credited and copy.id in where and where[copy.id] == where.get(copy.parent):
            assert found[copy.id]["parent"] == copy.parent, found[copy.id]["evidence"]
    for row in found.values():
        if row["parent_type"] == ARTICLE:
            parent, child = _article(by_id[row["parent"]]), _article(by_id[row["article"]])
            assert before(window(parent.published_utc, parent.published_precision), window(child.published_utc, child.published_precision)) is not False


def _readings(nodes, links):
    """The readings of every linked pair, as lineage works them out once per cluster."""
    return Readings({name: found.wording for name, found in nodes.items()}, links)


def _through(digest_hour=1, brief_with_digest=None, brief_credit=(), carried=8, digest_keeps=40, brief_keeps=30):
    """The wire at 0h; the digest, the top of the wire and a paragraph of its own below it; the brief at 3h, cut from the digest.

    The wire has 40 content stems; the digest keeps the first
    ``digest_keeps`` and adds 8 of its own, the brief the first
    ``brief_keeps`` of the wire's and ``carried`` of the digest's (in a
    passage it shares with the digest, unless ``brief_with_digest`` says
    otherwise). Lineage has given both the wire as source (as a tie between
    near-certain candidates may); returns where :func:`through_copies` puts
    the brief.
    """

    def dated(name, hour, *runs, credits=()):
        placed = _placed(*runs)
        when = at(hour) if hour is not None else None
        return Node(name, (name.title(),), when, str(hour), credits, stems=frozenset(s for _, s in placed), placed=placed)

    nodes = {
        "wire": dated("wire", 0, ("w", 40)),
        "digest": dated("digest", digest_hour, ("w", digest_keeps), ("d", 8)),
        "brief": dated("brief", 3, ("w", brief_keeps), ("d", carried), credits=brief_credit),
    }
    both = min(digest_keeps, brief_keeps) * 10
    brief_ends, digest_ends = brief_keeps * 10, digest_keeps * 10
    links = [
        Link("digest", "wire", "copy", digest_keeps / (digest_keeps + 8), digest_keeps / 40, ((0, digest_ends),), ((0, digest_ends),)),
        Link("brief", "wire", "copy", brief_keeps / (brief_keeps + carried), brief_keeps / 40, ((0, brief_ends),), ((0, brief_ends),)),
        Link(
            "brief",
            "digest",
            "copy",
            1.0,
            0.8,
            brief_with_digest or ((0, both), (brief_ends, brief_ends + 10 * carried)),
            ((0, both), (digest_ends, digest_ends + 10 * carried)),
        ),
    ]
    offer = {pair: Derivation(*pair, ARTICLE, 0.998, "copy", ("published earlier",)) for pair in
             (("digest", "wire"), ("brief", "wire"), ("brief", "digest"))}
    ranked = [(d.confidence, d.article, d) for d in offer.values()]
    parents = {"digest": offer[("digest", "wire")], "brief": offer[("brief", "wire")]}
    through_copies(nodes, links, ranked, parents, _readings(nodes, links))
    return parents["brief"]


def test_an_article_carrying_a_copy_s_own_paragraph_came_through_that_copy():
    """The brief carries the paragraph the digest wrote below the wire's story: an independent copy of the wire could not."""
    found = _through()
    assert found.parent == "digest"
    assert found.evidence[0].startswith("shares passages with digest that wire lacks (8 content stems, against 0")
    # Five carried, none kept of what the digest cut: a lead beyond chance.
    assert _through(carried=5).parent == "digest"
    # One stem kept of the wire the digest cut, against eight carried, is still a lead beyond chance (two is not).
    assert _through(digest_keeps=30, brief_keeps=31).parent == "digest"
    assert _through(digest_keeps=30, brief_keeps=32).parent == "wire"


@pytest.mark.parametrize(
    "case",
    [
        # The words of the digest's paragraph, but in no passage the brief shares with it: chance, not a copy.
        {"brief_with_digest": ((0, 300),)},
        # No time puts the digest first: it may as well be the brief's copy.
        {"digest_hour": None},
        # The brief credits the wire.
        {"brief_credit": credit("Wire")},
        # Four of the digest's stems are too few to tell a copy from chance (CARRIED is five).
        {"carried": 4},
        # The brief keeps the ten stems of the wire the digest cut, more than the eight it carries of the digest's.
        {"digest_keeps": 30, "brief_keeps": 40},
    ],
)
def test_an_article_stays_with_its_source_when_nothing_shows_it_came_through_the_copy(case):
    assert _through(**case).parent == "wire"


def test_an_article_goes_down_to_the_copy_whose_changes_it_carries_not_to_a_copy_of_that_copy():
    """Wire, then a digest with a paragraph of its own; alpha copies the digest and adds six stems; beta has the digest's paragraph only.

    Beta carries nothing of alpha's own, so it came through the digest,
    whichever order the articles are weighed in.
    """

    def dated(name, hour, *runs):
        placed = _placed(*runs)
        return Node(name, (name.title(),), at(hour), str(hour), stems=frozenset(s for _, s in placed), placed=placed)

    nodes = {
        "wire": dated("wire", 0, ("w", 40)),
        "digest": dated("digest", 1, ("w", 40), ("d", 8)),
        "alpha": dated("alpha", 2, ("w", 40), ("d", 8), ("a", 6)),
        "beta": dated("beta", 3, ("w", 40), ("d", 8)),
    }
    whole, with_d = ((0, 400),), ((0, 480),)
    links = [
        Link("digest", "wire", "copy", 40 / 48, 1.0, whole, whole),
        Link("alpha", "wire", "copy", 40 / 54, 1.0, whole, whole),
        Link("beta", "wire", "copy", 40 / 48, 1.0, whole, whole),
        Link("alpha", "digest", "copy", 48 / 54, 1.0, with_d, with_d),
        Link("beta", "digest", "copy", 1.0, 1.0, with_d, with_d),
        Link("beta", "alpha", "copy", 1.0, 48 / 54, with_d, with_d),
    ]
    offer = {
        pair: Derivation(*pair, ARTICLE, confidence, "copy", ())
        for pair, confidence in {
            ("digest", "wire"): 0.99, ("alpha", "wire"): 0.99, ("beta", "wire"): 0.99,
            ("alpha", "digest"): 0.98, ("beta", "digest"): 0.97, ("beta", "alpha"): 0.98,
        }.items()
    }
    parents = {article: offer[(article, "wire")] for article in ("digest", "alpha", "beta")}
    through_copies(nodes, links, [(d.confidence, d.article, d) for d in offer.values()], parents, _readings(nodes, links))
    assert (parents["alpha"].parent, parents["beta"].parent) == ("digest", "digest")


#: A council report that three outlets rewrote: each sentence has one phrase an outlet may reword, as ``(phrase, rewording)``.
MARKET = [
    ("The covered market on Quay Street will {} for repairs from the first week of April, the town council said.", ("close its doors", "shut down")),
    ("Engineers found that rain had {} above the fish hall over two wet winters.", ("rotted the oak beams", "weakened the timber frame")),
    ("Stallholders will trade from {} on the harbour car park while the work goes on.", ("a row of temporary tents", "marquees set up")),
    ("The council expects the repairs to cost {} and to take about nine months.", ("close to two million pounds", "roughly £2m")),
    ("Councillor Ruth Abara said the market had {} since it opened in 1886.", ("never once been closed for longer than a week", "rarely shut")),
    ("Traders were told of the plan at {} on Monday evening in the guildhall.", ("a crowded and at times angry meeting", "a tense gathering")),
    ("Several said {} during the busy summer season would cost them dearly.", ("losing their usual pitches", "moving outdoors")),
    ("The council promised {} for the months the hall stays shut.", ("to waive every stall rent", "a rent holiday")),
    ("A public exhibition of {} opens at the library next Tuesday.", ("the restored roof designs", "the repair plans")),
]


def _market(reworded):
    """The report with the phrases of the sentences numbered in ``reworded`` reworded."""
    return " ".join(sentence.format(phrases[i in reworded]) for i, (sentence, phrases) in enumerate(MARKET))


def _market_lineage(fresh_db, tmp_path, texts):
    lines = [json.dumps({"id": name, "outlet": name.title(), "text": text}) for name, text in texts.items()]
    (tmp_path / "market.jsonl").write_text("\n".join(lines))
    scan([str(tmp_path / "market.jsonl")], fresh_db, detect_settings=DetectSettings())
    return {row["article"]: row for row in lineage_store.lineage_rows(fresh_db) if row["n"] == 1}


def test_three_rewrites_of_a_report_nobody_scanned_are_siblings_not_copies_of_one_another(fresh_db, tmp_path):
    """Each outlet reworded other phrases of the council's report: each keeps the report's words where the other two changed them.

    No tree over the three alone puts that wording in all of them, so none
    is the others' source: they share one the corpus lacks.
    """
    texts = {"ayr": _market({0, 3, 6}), "brora": _market({1, 4, 7}), "crail": _market({2, 5, 8})}
    found = _market_lineage(fresh_db, tmp_path, texts)
    assert sorted(found) == sorted(texts)
    assert {row["parent_type"] for row in found.values()} == {UNKNOWN}
    assert len({row["parent"] for row in found.values()}) == 1
    assert all("each keep wording the other two changed" in row["evidence"][0] for row in found.values())


def test_rewrites_of_a_report_in_the_corpus_come_from_the_report(fresh_db, tmp_path):
    texts = {"ayr": _market({0, 3, 6}), "brora": _market({1, 4, 7}), "crail": _market({2, 5, 8}), "council": _market(set())}
    found = _market_lineage(fresh_db, tmp_path, texts)
    assert {name: row["parent"] for name, row in found.items()} == {"ayr": "council", "brora": "council", "crail": "council"}


def test_rewrites_of_one_rewrite_come_from_that_rewrite(fresh_db, tmp_path):
    """Brora and Crail each reworded Ayr's copy further: Ayr's wording is in both, and theirs in neither."""
    texts = {"ayr": _market({0, 3, 6}), "brora": _market({0, 3, 6, 1, 4, 7}), "crail": _market({0, 3, 6, 2, 5, 8})}
    found = _market_lineage(fresh_db, tmp_path, texts)
    assert {name: row["parent"] for name, row in found.items()} == {"brora": "ayr", "crail": "ayr"}


def _market_inputs(fresh_db, tmp_path, texts):
    """The scanned articles' lineage nodes and their links."""
    _market_lineage(fresh_db, tmp_path, texts)
    [(_, rows, matches)] = lineage_store.lineage_inputs(fresh_db)
    nodes = {row["id"]: node(row) for row in rows}
    links = [Link(m["a"], m["b"], m["kind"], m["a_coverage"], m["b_coverage"], tuple(m["a_spans"]), tuple(m["b_spans"])) for m in matches]
    return nodes, links


def test_rewrites_of_a_copy_in_the_corpus_are_not_freed_as_siblings_of_a_lost_text(fresh_db, tmp_path):
    """Three outlets each reworded a digest's copy of the report: their split wording is the digest's, which the corpus holds.

    Lineage makes the digest their source; were one of them given another
    as its source, the digest standing between all three keeps it from
    being taken for a sibling of a lost text.
    """
    digest = {0, 8}
    texts = {"digest": _market(digest), "ayr": _market(digest | {1, 4}), "brora": _market(digest | {2, 5}), "crail": _market(digest | {3, 6})}
    found = _market_lineage(fresh_db, tmp_path, texts)
    assert {name: row["parent"] for name, row in found.items()} == {"ayr": "digest", "brora": "digest", "crail": "digest"}
    nodes, links = _market_inputs(fresh_db, tmp_path, texts)
    parents = {"ayr": Derivation("ayr", "brora", ARTICLE, 0.6, "light", ())}
    assert lost_source(nodes, links, parents, _readings(nodes, links)) == {}
    assert parents["ayr"].parent == "brora"
    # Without the digest, nothing stands between them: the three are siblings.
    links = [link for link in links if "digest" not in (link.a, link.b)]
    assert sorted(lost_source(nodes, links, parents, _readings(nodes, links))) == ["ayr", "brora"]


def _split_three(changes, parents=(("ayr", "brora"),)):
    """Three copies of a 200-word text, each changing ``changes[i]`` words the others keep; who is freed.

    Changed words stand five apart, so each takes three 3-word readings
    from the text: for each pair, the third follows one side three times
    for every word the other side changed.
    """
    slots = iter(range(2, 200, 5))
    texts = {}
    for name, count in zip(("ayr", "brora", "crail"), changes):
        words = [f"w{i}" for i in range(200)]
        for _ in range(count):
            at = next(slots)
            words[at] = f"{name}{at}"
        texts[name] = " ".join(words)
    nodes = {name: Node(name, (name.title(),), None, "?", wording=wording(text)) for name, text in texts.items()}
    links = [
        Link(a, b, "light", 1.0, 1.0, ((0, len(texts[a])),), ((0, len(texts[b])),))
        for a, b in (("ayr", "brora"), ("ayr", "crail"), ("brora", "crail"))
    ]
    tree = {article: Derivation(article, parent, ARTICLE, 0.6, "light", ()) for article, parent in parents}
    return sorted(lost_source(nodes, links, tree, _readings(nodes, links))), tree


@pytest.mark.parametrize(
    "changes, freed",
    [
        # Twelve readings on every side, evenly split: siblings.
        ((4, 4, 4), ["ayr", "brora"]),
        # Nine are as many as two rewrites of one text share by chance (BOTH_SIDES is ten).
        ((3, 3, 3), []),
        # Crail follows Ayr and Brora 48 times each where it differs from either, they follow Crail 12 times: a lead, not a split.
        ((4, 4, 16), []),
    ],
)
def test_only_readings_split_evenly_and_beyond_chance_make_siblings(changes, freed):
    assert _split_three(changes)[0] == freed


def test_siblings_freed_are_all_three_unless_a_credit_says_who_came_from_whom():
    """Brora given Ayr, Crail given Brora: the split readings free all three, and leave no edge between them."""
    freed, tree = _split_three((4, 4, 4), (("brora", "ayr"), ("crail", "brora")))
    assert (freed, tree) == (["ayr", "brora", "crail"], {})
    # So does a chain over the three, Ayr given Brora and Brora given Crail.
    assert _split_three((4, 4, 4), (("ayr", "brora"), ("brora", "crail")))[0] == ["ayr", "brora", "crail"]
    # A source given a source elsewhere in the cluster is not freed: that article may be the three's common source.
    assert _split_three((4, 4, 4), (("ayr", "brora"), ("brora", "digest")))[0] == []


def test_a_credit_between_the_three_keeps_them_where_they_are(fresh_db, tmp_path):
    texts = {"ayr": _market({0, 3, 6}), "brora": _market({1, 4, 7}), "crail": _market({2, 5, 8}) + "\n\nOriginally reported by Brora."}
    nodes, links = _market_inputs(fresh_db, tmp_path, texts)
    parents = {
        "brora": Derivation("brora", "ayr", ARTICLE, 0.6, "light", ()),
        "crail": Derivation("crail", "brora", ARTICLE, 0.9, "credited", ()),
    }
    assert lost_source(nodes, links, parents, _readings(nodes, links)) == {}
    assert sorted(parents) == ["brora", "crail"]


@pytest.mark.parametrize(
    "credit, who, parents",
    [
        # A sibling credits the wire it took the report from: the three share it.
        ("\n\nOriginally reported by Coastal Wire.", "crail", {"ayr": "Coastal Wire", "brora": "Coastal Wire", "crail": "Coastal Wire"}),
        # A freed article that names a source of its own keeps it.
        ("\n\nCoastal Wire contributed to this report.", "ayr", {"ayr": "Coastal Wire", "brora": "Coastal Wire", "crail": "Coastal Wire"}),
    ],
)
def test_siblings_of_a_lost_text_take_the_outside_source_one_credits(fresh_db, tmp_path, credit, who, parents):
    texts = {"ayr": _market({0, 3, 6}), "brora": _market({1, 4, 7}), "crail": _market({2, 5, 8})}
    texts[who] += credit
    found = _market_lineage(fresh_db, tmp_path, texts)
    assert {name: row["parent"] for name, row in found.items()} == parents
    assert {row["parent_type"] for row in found.values()} == {EXTERNAL}


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(stories(min_paragraphs=10, max_paragraphs=12, vocabulary=VOCABULARIES[0]), seeded(), st.booleans())
def test_copies_changing_other_words_of_a_lost_text_are_siblings_and_copies_of_a_copy_are_not(tmp_path_factory, story, pick, chain):
    """Three outlets each change as many words of a fuzzed story, other words each (one in five, Ayr, Brora, Crail in turn).

    Without the story, each keeps its words where the other two changed
    them: none is another's source, and all three share an unknown one.
    (A copy that changed far fewer words than the others is nearly the lost
    text, and may stand for it: the readings lean to it.) When Brora and
    Crail made their changes to Ayr's copy instead, Ayr's words are in both
    and theirs in neither: Ayr is their source.
    """
    words = story.text.split(" ")
    slots = [at for at in range(2, len(words), 5) if words[at].isalpha()]  # a word alone, no punctuation to keep
    assume(len(slots) >= 15)
    texts = {name: list(words) for name in ("ayr", "brora", "crail")}
    for turn, at in enumerate(slots[: len(slots) // 3 * 3]):
        name = ("ayr", "brora", "crail")[turn % 3]
        word = pick.choice(VOCABULARIES[1])
        for owner in ("ayr", "brora", "crail") if chain and name == "ayr" else (name,):
            texts[owner][at] = word
    articles = [Article(id=name, text=" ".join(text), outlet=name.title()) for name, text in texts.items()]
    with Store(tmp_path_factory.mktemp("db") / "lost.db") as store:
        store.add_articles(articles)
        detect(store, DetectSettings())
        found = {row["article"]: row for row in lineage_store.lineage_rows(store) if row["n"] == 1}
    if chain:
        assert {name: row["parent"] for name, row in found.items()} == {"brora": "ayr", "crail": "ayr"}
    else:
        assert {name: row["parent_type"] for name, row in found.items()} == dict.fromkeys(texts, UNKNOWN)
