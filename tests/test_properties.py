"""Properties of ingestion on text nobody wrote by hand."""

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import VOCABULARIES, sentences

from provenance import Article, Settings, Store
from provenance.ingest import Problem, Source, read_source
from provenance.ingest.decoding import decode
from provenance.ingest.fields import clean_text

FORMATS = ["text", "html", "json", "jsonl", "csv", "tsv", "warc", None]


@given(st.binary(max_size=2000))
def test_decode_never_fails(data):
    decoded = decode(data)
    assert isinstance(decoded.text, str) and decoded.encoding
    assert all(1 <= line <= data.count(b"\n") + 1 for line in decoded.fallback_lines)


@given(st.binary(max_size=3000), st.sampled_from(FORMATS))
def test_any_bytes_in_any_format_give_articles_or_problems(data, format):
    source = Source(label="-", path=None, stem="fuzz", relative="fuzz", format=format)
    for item in read_source(source, Settings(), stdin=io.BytesIO(data)):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Article):
            assert item.text.strip()


json_text = st.text(min_size=1, max_size=200).filter(lambda t: t.strip())


@given(
    st.lists(st.one_of(json_text.map(lambda t: json.dumps({"text": t})), st.text(max_size=30)), max_size=12),
    st.sampled_from(["json", "jsonl"]),
)
def test_bad_json_lines_never_lose_good_ones(lines, format):
    lines = [line.replace("\n", " ").replace("\r", " ").replace("\x0b", " ").replace("\x0c", " ") for line in lines]
    lines = [line.replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ") for line in lines]
    lines = [line.replace("\u2028", " ").replace("\u2029", " ") for line in lines]
    data = "\n".join(lines).encode("utf-8")
    source = Source(label="-", path=None, stem="fuzz", relative="fuzz", format=format)
    items = list(read_source(source, Settings(), stdin=io.BytesIO(data)))
    good = 0
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and clean_text(str(record.get("text", ""))):
            good += 1
    assert sum(isinstance(item, Article) for item in items) == good


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(min_size=1).filter(lambda t: t.strip()),
    title=st.none() | st.text(),
    outlet=st.none() | st.text(),
    tz_assumed=st.booleans(),
)
def test_every_article_field_survives_the_database(tmp_path_factory, text, title, outlet, tz_assumed):
    original = Article(id="x", text=text, title=title, outlet=outlet, tz_assumed=tz_assumed)
    with Store(tmp_path_factory.mktemp("db") / "p.db") as store:
        store.add_articles([original])
        assert store.article("x") == original




@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    # Sentences of varied words (tests/strategies.py): of eleven words, the thorough profile drew one
    # sentence twice, then the same words in two orders, and that is a formula, which detection ignores.
    shared=st.lists(sentences(VOCABULARIES[0]), min_size=2, max_size=5, unique=True),
    own=st.lists(sentences(VOCABULARIES[1]), max_size=3),
    prefix=st.text(alphabet="xyz \n\u201c\u00e9", max_size=30),
)
def test_passage_offsets_round_trip_through_the_store(tmp_path_factory, shared, own, prefix):
    """Whatever the text around them, stored passages point into both texts and hold what alignment found."""
    from provenance import findings
    from provenance.detect import DetectSettings, detect

    first = " ".join(shared)
    second = prefix + "\n" + " ".join(own + shared)
    with Store(tmp_path_factory.mktemp("db") / "p.db") as store:
        store.add_articles([Article(id="a", text=first), Article(id="b", text=second)])
        detect(store, DetectSettings())
        matches = list(findings.match_rows(store))
        assert matches, "the shared sentences are a copy"
        for match in matches:
            passages = findings.passage_rows(store, match["a"], match["b"])
            assert passages
            texts = {"a": first, "b": second}
            for passage in passages:
                assert 0 <= passage["a_begin"] < passage["a_end"] <= len(texts[match["a"]])
                assert 0 <= passage["b_begin"] < passage["b_end"] <= len(texts[match["b"]])
                assert texts[match["a"]][passage["a_begin"] : passage["a_end"]].strip()
