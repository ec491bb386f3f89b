"""Alignment and kinds on texts written for the test, and properties on fuzzed text."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from provenance.alignment import QUOTATION, VERBATIM, align
from provenance.kinds import (
    COPY,
    HEAVY,
    LIGHT,
    QUOTES,
    KindThresholds,
    classify,
    may_be_classified,
)
from provenance.tokens import analyse

SOURCE = (
    "Port officials closed the northern quay on Tuesday after inspectors found cracks in two mooring posts.\n"
    "The harbour master said repairs would take at least three weeks and cost about 2 million dollars.\n"
    "Ferries to the outer islands will dock at the southern terminal until the work is finished.\n"
    '"We will not take risks with heavy ships," said harbour master Lena Ostrova.\n'
    "Fishing crews were told to use the old pier at Kettle Bay for the time being."
)
LIGHT_REWRITE = (
    "Port officials shut the northern quay on Tuesday after inspectors discovered cracks in two mooring posts.\n"
    "The harbour master said the repairs would last at least three weeks and cost roughly 2 million dollars.\n"
    "Ferries to the outer islands are to dock at the southern terminal until the work is done.\n"
    '"We will not take risks with heavy ships," said harbour master Lena Ostrova.\n'
    "Fishing crews were asked to use the old pier at Kettle Bay for now."
)
HEAVY_REWRITE = (
    "Mooring posts cracked: that is why the northern quay stays closed, officials at the port explained on Tuesday.\n"
    "Island ferries now use the southern terminal, and will until the repair work ends.\n"
    "Lena Ostrova, who runs the harbour, put the cost near 2 million dollars and the time at three weeks or more.\n"
    '"We will not take risks with heavy ships," she said.\n'
    "For fishing boats, the Kettle Bay pier serves in the meantime."
)
INDEPENDENT = (
    "At the fish market the mood was grim as boats crowded into Kettle Bay.\n"
    '"We will not take risks with heavy ships," said harbour master Lena Ostrova at a briefing.\n'
    "Traders said the cold store near the old pier was already full by noon."
)
#: On the subject of the source, written apart: how quay inspections go in general.
EXPLAINER = (
    "Inspectors check the mooring posts of every quay once a year, looking for cracks.\n"
    "When they find some, officials close the quay and ships dock elsewhere.\n"
    "Repairs take weeks and cost port authorities millions of dollars."
)
UNRELATED = "The town council approved a new cycle lane along the river.\nWork on the lane starts in spring next year."


def kind_of(first, second):
    return classify(align(analyse(first), analyse(second)))


def test_identical_texts_align_fully_and_are_copies():
    alignment = align(analyse(SOURCE), analyse(SOURCE))
    assert alignment.a_coverage == alignment.b_coverage == 1.0
    assert alignment.verbatim_share == 1.0
    assert classify(alignment) == COPY
    assert {p.kind for p in alignment.passages} <= {VERBATIM, QUOTATION}


def test_kinds_of_reuse():
    assert kind_of(SOURCE, LIGHT_REWRITE) == LIGHT
    assert kind_of(SOURCE, HEAVY_REWRITE) == HEAVY
    assert kind_of(SOURCE, INDEPENDENT) == QUOTES
    assert kind_of(SOURCE, UNRELATED) is None


def test_a_text_on_the_subject_written_apart_is_not_a_heavy_rewrite():
    """Sharing a dozen stems and neither runs nor word order is what one subject gives, not a rewrite."""
    alignment = align(analyse(SOURCE), analyse(EXPLAINER))
    thresholds = KindThresholds()
    # Every other test of reuse passes: only the size of the shared vocabulary tells.
    assert alignment.sentences >= thresholds.min_sentences
    assert max(alignment.a_matched, alignment.b_matched) >= thresholds.matched
    assert alignment.word_order < thresholds.light_word_order
    assert alignment.shared < thresholds.heavy_shared
    assert classify(alignment) is None
    assert classify(alignment, replace(thresholds, heavy_shared=alignment.shared)) == HEAVY
    assert align(analyse(SOURCE), analyse(HEAVY_REWRITE)).shared >= thresholds.heavy_shared


def test_a_short_copy_needs_no_more_shared_stems_than_it_has():
    """Verbatim runs and kept word order are evidence of their own: a two-line copy is a copy."""
    alignment = align(analyse(UNRELATED), analyse("Breaking.\n" + UNRELATED))
    assert alignment.shared < KindThresholds().heavy_shared
    assert classify(alignment) == COPY


def test_passage_offsets_cover_the_corresponding_text():
    alignment = align(analyse(SOURCE), analyse(LIGHT_REWRITE))
    for passage in alignment.passages:
        assert "quay" in SOURCE[passage.a_begin : passage.a_end] or "Kettle" in SOURCE[passage.a_begin : passage.a_end]
        assert 0 <= passage.b_begin < passage.b_end <= len(LIGHT_REWRITE)


def test_reordered_paragraphs_lose_no_passage():
    lines = SOURCE.split("\n")
    shuffled = "\n".join(lines[3:] + lines[:3])
    alignment = align(analyse(SOURCE), analyse(shuffled))
    assert alignment.a_coverage == 1.0 and alignment.b_coverage == 1.0


def test_furniture_spans_are_not_aligned():
    page = "Skip to main content and read our latest quay news now\n" + SOURCE
    other = "Skip to main content and read our latest quay news now\n" + UNRELATED
    span = (0, page.index("\n"))
    alignment = align(analyse(page), analyse(other), a_skip=[span], b_skip=[span])
    assert alignment.passages == ()


sentences = st.lists(
    st.text(alphabet="abcdefghij klmnop", min_size=20, max_size=80).map(lambda s: s.strip() + "."),
    min_size=1,
    max_size=6,
).map("\n".join)
# Sentences that may hold quotations, for the screening properties.
quoting = st.lists(
    st.text(alphabet='abcdefghij klmnop"', min_size=20, max_size=80).map(lambda s: s.strip() + "."),
    min_size=1,
    max_size=6,
).map("\n".join)


@given(sentences, sentences)
def test_alignment_is_symmetric_and_bounded(first, second):
    forward = align(analyse(first), analyse(second))
    backward = align(analyse(second), analyse(first))
    assert forward.similarity == backward.similarity
    assert (forward.a_coverage, forward.b_coverage) == (backward.b_coverage, backward.a_coverage)
    for value in (forward.similarity, forward.a_coverage, forward.verbatim_share, forward.word_order, forward.intact):
        assert 0.0 <= value <= 1.0
    for passage in forward.passages:
        assert 0 <= passage.a_begin < passage.a_end <= len(first)
        assert 0 <= passage.b_begin < passage.b_end <= len(second)
        assert 0.0 <= passage.similarity <= 1.0


@given(sentences)
def test_a_text_aligned_with_itself_is_fully_covered(text):
    alignment = align(analyse(text), analyse(text))
    long_enough = [s for s in analyse(text).sentences if len([t for t in analyse(text).sentence_tokens(s) if t.content]) >= 4]
    if long_enough:
        assert alignment.verbatim_share > 0 or alignment.similarity == 1.0
        assert alignment.similarity == 1.0


def test_a_formula_shared_without_anything_specific_is_not_reuse():
    from provenance.sketches import stem_hash
    from provenance.tokens import content_stems

    template = (
        "{} is issuing a eurobond through its finance unit, lead manager {} said.\n"
        "The bonds are listed in Luxembourg and guaranteed by the parent company.\n"
        "The issue is callable after three years and sold in denominations of ten thousand."
    )
    first = template.format("Acme Corp", "Smith Brothers")
    second = template.format("Zenith Ltd", "Jones Securities")
    formula = frozenset(stem_hash(s) for s in content_stems(first) if s in set(content_stems(second)))
    assert classify(align(analyse(first), analyse(second))) is not None
    formulaic = align(analyse(first), analyse(second), common=formula)
    assert formulaic.specific == 0
    assert classify(formulaic) is None


BOND = (
    "{issuer} is issuing a {amount} mln dlr eurobond due {year} paying {coupon} pct, lead manager Harbour Securities said.\n"
    "The bonds are listed in Luxembourg and sold in denominations of 1,000 and 10,000 dlrs.\n"
    "Payment date is May {day} and fees total {fees} pct."
)


def test_two_reports_in_one_formula_with_their_own_figures_are_not_reuse():
    """Each has figures the other lacks at the same places: two bond issues, not a copy of one."""
    first = BOND.format(issuer="Acme Corp", amount=100, year=1995, coupon=8, day=12, fees=2)
    second = BOND.format(issuer="Acme Corp", amount=150, year=1997, coupon=9, day=19, fees=2)
    alignment = align(analyse(first), analyse(second))
    assert alignment.own_figures > KindThresholds().own_figures
    assert classify(alignment) is None
    assert classify(alignment, replace(KindThresholds(), own_figures=alignment.own_figures)) is not None


def test_a_copy_that_drops_or_changes_a_figure_is_still_reuse():
    """A rewrite keeps its source's figures or leaves some out; one changed figure is an edit, not another event."""
    source = BOND.format(issuer="Acme Corp", amount=100, year=1995, coupon=8, day=12, fees=2)
    shorter = source.replace(" and fees total 2 pct", "")
    corrected = source.replace("paying 8 pct", "paying 8.5 pct")
    assert align(analyse(source), analyse(shorter)).own_figures == 0
    assert align(analyse(source), analyse(corrected)).own_figures == 1
    assert classify(align(analyse(source), analyse(shorter))) == COPY
    assert classify(align(analyse(source), analyse(corrected))) in (COPY, LIGHT)


@given(quoting, quoting, st.lists(st.integers(0, 5), max_size=6))
def test_the_screen_never_changes_the_kind(first, other, copied):
    """Dismissing a pair early gives the kind the full alignment gives."""
    lines = first.split("\n")
    second = "\n".join([lines[n % len(lines)] for n in copied] + other.split("\n"))
    a, b = analyse(first), analyse(second)
    full = classify(align(a, b))
    screened = align(a, b, screen=may_be_classified)
    assert classify(screened) == full
    if full is not None:
        assert screened == align(a, b)


@given(quoting, quoting, st.lists(st.integers(0, 5), max_size=6))
def test_screening_bounds_what_alignment_finds(first, other, copied):
    """No pair that alignment would keep is dismissed by screening."""
    from provenance.alignment import prepare
    from provenance.kinds import may_be_reuse
    from provenance.screening import bounds, profile

    lines = first.split("\n")
    second = "\n".join([lines[n % len(lines)] for n in copied] + other.split("\n"))
    a, b = prepare(analyse(first)), prepare(analyse(second))
    alignment = align(a, b)
    limit = bounds(profile(a), profile(b))
    assert alignment.a_matched <= limit.a_matched + 1e-4
    assert alignment.b_matched <= limit.b_matched + 1e-4
    assert alignment.specific <= limit.specific
    if any(passage.kind == QUOTATION for passage in alignment.passages):
        assert limit.quotations
    if classify(alignment) is not None:
        assert may_be_reuse(limit)
