import re
import textwrap

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import OUTLETS, stories

from provenance import find_credit, find_credits


@pytest.mark.parametrize(
    "text, line, source, kind",
    [
        ("Skip\n\nOriginally reported bytheverge\n\nBody text here.", "Originally reported bytheverge", "theverge", "originally"),
        ("PORT ELLISON (AP) \u2014 The bridge closed.", "PORT ELLISON (AP) \u2014", "AP", "dateline"),
        ("(Wire) - The bridge closed on Tuesday.", "(Wire) -", "Wire", "dateline"),
        ("Headline\n\n(CNN)The bridge closed on Tuesday.", "(CNN)", "CNN", "dateline"),
        ("Bridge shut after storm\nPORT ELLISON (CWS) \u2014 The bridge closed.", "PORT ELLISON (CWS) \u2014", "CWS", "dateline"),
        # What a scraped page puts before a dateline: a title, a byline, a date, a standfirst.
        (
            "Ferry company adds night crossings to Kessick Island\nOct. 15, 2025\n\nKESSICK ISLAND (CWS) \u2014 Boats run.",
            "KESSICK ISLAND (CWS) \u2014",
            "CWS",
            "dateline",
        ),
        (
            "By JANE DOE and JOHN SMITH Associated Press\nUpdated Oct. 15, 2025 3:45 PM\n\nWASHINGTON (AP) \u2014 A vote.",
            "WASHINGTON (AP) \u2014",
            "AP",
            "dateline",
        ),
        (
            (
                "Will the island be cut off for the rest of the winter?\n\nIslanders fear the worst. Ferries are full.\n\n"
                "KESSICK ISLAND (CWS) \u2014 Boats run."
            ),
            "KESSICK ISLAND (CWS) \u2014",
            "CWS",
            "dateline",
        ),
        ("Senate passes ferry bill\n(CNN)Senate Democrats passed it.", "(CNN)", "CNN", "dateline"),
        ("NEW YORK, Oct 14 (Reuters) - Stocks rose.", "NEW YORK, Oct 14 (Reuters) -", "Reuters", "dateline"),
        ("Markets fell.\nSource: the Associated Press", "Source: the Associated Press", "the Associated Press", "source"),
        ("Markets fell.\nSource: dpa, AFP", "Source: dpa, AFP", "dpa, AFP", "source"),
        ("The fair opened.\n\nOriginally reported by A.P.", "Originally reported by A.P.", "A.P", "originally"),
        ("Body.\n\nReuters contributed to this report.", "Reuters contributed to this report.", "Reuters", "contributed"),
        ("By Reuters\nLONDON - Markets fell.", "By Reuters", "Reuters", "byline"),
        ("Markets fell.\nSource: AFP", "Source: AFP", "AFP", "source"),
        ("Markets fell.\nvia Bloomberg", "via Bloomberg", "Bloomberg", "via"),
        (
            "The deal, as first reported by The Wall Street Journal, was large.",
            "as first reported by The Wall Street Journal",
            "The Wall Street Journal",
            "originally",
        ),
        # Standing alone as the article's first line, and the name stops at the line's end.
        ("As first reported by Coastal Wire.\n\nThe bridge closed.", "As first reported by Coastal Wire.", "Coastal Wire", "originally"),
        ("This article was originally published on The Conversation.", None, "The Conversation", "originally"),
        ("Shares fell sharply, according to Reuters.", "according to Reuters", "Reuters", "according"),
        (
            "According to a report in The Verge, the phone ships late.",
            "According to a report in The Verge",
            "The Verge",
            "according",
        ),
        # A report's writer names no outlet: the outlet she writes for does.
        (
            "The phone ships late, according to a report by Jane Roe of The Kessick Gazette.",
            "according to a report by Jane Roe of The Kessick Gazette",
            "The Kessick Gazette",
            "according",
        ),
        # Hard-wrapped: the name runs across the line break, and is read as one line.
        (
            "The phone ships late, according to a report by Jane Roe of The\nKessick Gazette.",
            "according to a report by Jane Roe of The\nKessick Gazette",
            "The Kessick Gazette",
            "according",
        ),
        # Initials' full stops do not end the name.
        ("Originally reported by U.S. News.\n\nThe fair opened.", "Originally reported by U.S. News.", "U.S. News", "originally"),
    ],
)
def test_credit_lines(text, line, source, kind):
    credit = find_credit(text)
    assert credit is not None
    assert (credit.source, credit.kind) == (source, kind)
    if line is not None:
        assert credit.line == line
    assert text[credit.begin : credit.end] == credit.line


@pytest.mark.parametrize(
    "text",
    [
        "The company (Anthropic) said it would act.",
        "He was first reported by the paper to be ill. More followed.",
        "Officials said the bridge would reopen by Friday.",
        "The span is safe, according to the harbour police.",
        # A hard-wrapped line that only continues a paragraph opens with a bracket, not a dateline.
        "The group said on Monday it\nwould sell stakes in Chemical Industries\n(FE) Ltd and two other firms.",
        "The company filed a brief with the\nInterstate Commerce Commission (ICC) -- to drop the plan.",
        "Sales are listed by kind --\n(A) - Firm sales.\n(B) - Sales made on own account.",
        "Its goals may be too ambitious, according to a report from U.S.\nintelligence agencies.",
        # Initials may open a name ("U.S. News"), but a sentence ending in them is no name.
        "Demand fell sharply across the U.S. Reuters contributed to this report.",
        "The bank added reserves\nvia two-day system repurchase agreements when fed funds were\nat six pct.",
        "Rates on liquidity added\nvia Bundesbank securities repurchase agreements may be cut next\nweek.",
        "The International Cocoa Organization\n(ICCO) Council reached agreement on buffer stock rules.",
        # A company and its ticker in a list of offerings, after hard-wrapped prose.
        (
            "Offerings filed with the Securities and Exchange Commission:\n    Baird Corp - 25 mln dlrs of convertible\n"
            "subordinated debentures.\n    Gould Inc (GLD) - Offering of two mln shares."
        ),
    ],
)
def test_reporting_is_not_a_credit(text):
    assert find_credits(text) == []


def test_explicit_origin_outranks_dateline():
    text = "KESSICK (Coastal Wire) - The bridge shut.\n\nOriginally reported by Coastal Wire Service."
    kinds = [credit.kind for credit in find_credits(text)]
    assert kinds == ["originally", "dateline"]


def test_dateline_outranks_according_to():
    text = "KESSICK (CWS) - The bridge shut, according to Reuters."
    assert [credit.kind for credit in find_credits(text)] == ["dateline", "according"]


def test_byline_field_used_when_text_has_no_credit():
    credit = find_credit("Plain text.", byline="Jane Roe")
    assert (credit.line, credit.source) == ("By Jane Roe", "Jane Roe")
    assert find_credit("Plain text.", byline="By Reuters").line == "By Reuters"


def test_credit_in_the_middle_of_a_long_article_is_ignored():
    filler = "Sentence of ordinary reporting. " * 200
    assert find_credits(filler + "\nSource: AFP\n" + filler) == []


@given(st.text(max_size=4000))
def test_every_credit_found_in_any_text_is_the_stretch_it_points_at(text):
    for credit in find_credits(text):
        assert credit.source and text[credit.begin : credit.end] == credit.line


@given(
    stories(),
    st.sampled_from(OUTLETS),
    st.sampled_from(["PORT ELLISON", "Kessick Island", "NEW YORK, Oct 14", ""]),
    st.sampled_from([" \u2014", " -", ":"]),
    st.sampled_from(["", "Ferry fares to rise\n", "Ferry fares to rise\nBy Jane Roe\nOct. 15, 2025\n\n"]),
)
def test_a_dateline_opening_a_story_credits_its_source_whatever_the_story_and_the_page_before_it(
    story, outlet, place, dash, before
):
    text = f"{before}{place} ({outlet}){dash} {story.text}".replace("\n ", "\n").lstrip()
    credit = find_credit(text)
    assert credit is not None and (credit.kind, credit.source) == ("dateline", outlet)


@given(stories(min_paragraphs=3), st.sampled_from(OUTLETS))
def test_a_bracketed_name_after_hard_wrapped_prose_is_no_dateline(story, outlet):
    """A line of a list deep in a wire story ("Gould Inc (GLD) - Offering ...") names a company, not a source."""
    prose = textwrap.fill(story.text.replace("\n\n", " "), 64)
    assume(re.search(r"[^\s.!?:;\"\u201d)]\n[a-z]", prose))
    text = f"{prose}\n    {outlet} Inc (XYZ) - Offering of two mln shares."
    assert all(c.kind != "dateline" for c in find_credits(text))
