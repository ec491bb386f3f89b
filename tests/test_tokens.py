from provenance.tokens import STOPWORDS, analyse, content_stems, normalise, stem


def test_offsets_point_at_the_token_text():
    text = "Anthropic\u2019s Claude said \u201cthe window is narrow.\u201d Mr. Smith counted 24,000 accounts."
    analysis = analyse(text)
    for token in analysis.tokens:
        assert normalise(text[token.begin : token.end]) == token.norm
    norms = [token.norm for token in analysis.tokens]
    assert "anthropic" in norms and "24000" in norms


def test_quotations_and_numbers_are_flagged():
    analysis = analyse('He said "the bridge stays shut" on 14 October.')
    quoted = [token.norm for token in analysis.tokens if token.quoted]
    assert quoted == ["the", "bridge", "stays", "shut"]
    assert [token.norm for token in analysis.tokens if token.number] == ["14"]


def test_sentences_do_not_split_at_abbreviations_or_cross_lines():
    text = "Mr. Smith of the U.S. Senate spoke. Then he left.\nA heading\nNext line here."
    spans = [text[s.begin : s.end] for s in analyse(text).sentences]
    assert spans == ["Mr. Smith of the U.S. Senate spoke.", "Then he left.", "A heading", "Next line here."]


def test_stems_and_stopwords():
    assert stem("accused") == stem("accuses") == "accus"
    assert "the" in STOPWORDS and "bridge" not in STOPWORDS
    assert content_stems("The bridges were closed") == ["bridg", "close"]


def test_unicode_normalisation():
    assert normalise("\uff21\uff22\uff23") == "abc"  # full-width letters
    assert normalise("Caf\u00e9") == normalise("Cafe\u0301")
