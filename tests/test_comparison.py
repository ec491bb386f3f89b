"""Side-by-side comparisons and article records, from the library and the command line."""

import json
import re

from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st
from test_cli import invoke

from provenance.comparison import segments


def _no_space(text):
    return re.sub(r"\s", "", text)


@st.composite
def texts_with_passages(draw):
    """Two texts and passages between them: in order in A, in any order in B."""
    a = draw(st.text(st.sampled_from("ab \n"), min_size=1, max_size=60))
    # B's characters are all different, so "each shown once" can be checked in any order.
    gaps = draw(st.lists(st.sampled_from(["", " ", "\n"]), min_size=1, max_size=60))
    b = "".join(chr(0x4E00 + k) + gap for k, gap in enumerate(gaps))
    count = draw(st.integers(0, 4))
    a_cuts = sorted(draw(st.lists(st.integers(0, len(a)), min_size=2 * count, max_size=2 * count)))
    b_cuts = sorted(draw(st.lists(st.integers(0, len(b)), min_size=2 * count, max_size=2 * count)))
    b_spans = [(b_cuts[2 * k], b_cuts[2 * k + 1]) for k in range(count)]
    order = draw(st.permutations(range(count)))
    passages = [
        {
            "n": k + 1,
            "a_begin": a_cuts[2 * k],
            "a_end": a_cuts[2 * k + 1],
            "b_begin": b_spans[order[k]][0],
            "b_end": b_spans[order[k]][1],
            "kind": "rewritten",
            "similarity": 0.5,
        }
        for k in range(count)
    ]
    return a, b, passages


@given(texts_with_passages())
def test_every_character_of_both_texts_is_shown_once(case):
    a, b, passages = case
    found = segments(a, b, passages)
    assert _no_space("".join(s.left for s in found)) == _no_space(a)
    # B's passages follow A's order, so B's text is shown in another order, each character once.
    assert sorted(_no_space("".join(s.right for s in found))) == sorted(_no_space(b))
    assert [s.number for s in found if s.number] == list(range(1, len(passages) + 1))


def test_show_an_article_of_the_corpus(isolated_db):
    invoke("scan", CORPUS, "-q")
    text = invoke("show", "island-post-bridge")
    assert text.exit_code == 0
    assert "Coastal Wire Service (external, credited" in text.stdout
    assert "Derived from it:\n  newspulse-halvard-bridge" in text.stdout
    record = json.loads(invoke("show", "island-post-bridge", "-f", "json").stdout)
    assert record["article"]["outlet"] == "The Island Post" and record["cluster"]
    assert record["matches"][0]["other"] == "newspulse-halvard-bridge"
    assert {m["kind"] for m in record["matches"]} == {"heavy", "quotes"}
    missing = invoke("show", "no-such-article")
    assert missing.exit_code == 1 and "no article 'no-such-article'" in missing.output


def test_compare_two_articles_of_the_corpus(isolated_db):
    invoke("scan", CORPUS, "-q")
    piped = invoke("compare", "island-post-bridge", "newspulse-halvard-bridge")
    assert piped.exit_code == 0
    assert "\x1b[" not in piped.stdout  # plain when piped
    assert "cover 88% of A and 87% of B" in piped.stdout
    assert "passage 1: rewritten" in piped.stdout and " │ " in piped.stdout
    assert all(len(line) <= 80 for line in piped.stdout.splitlines())
    # Turned round, the figures follow the sides.
    assert "cover 87% of A and 88% of B" in invoke("compare", "newspulse-halvard-bridge", "island-post-bridge").stdout
    narrow = invoke("compare", "island-post-bridge", "newspulse-halvard-bridge", "--width", "60")
    assert "\nA │ " in narrow.stdout and "\nB │ " in narrow.stdout
    coloured = invoke("compare", "island-post-bridge", "newspulse-halvard-bridge", color=True)
    assert "\x1b[33m" in coloured.stdout  # rewritten passages in yellow on a terminal
    unrelated = invoke("compare", "courier-harvest-fair", "bayline-daily-bridge")
    assert "They share no passage that counts as reuse." in unrelated.stdout
    assert invoke("compare", "island-post-bridge", "nowhere").exit_code == 1
