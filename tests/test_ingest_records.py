"""JSON Lines, JSON arrays and CSV, with the field names the wild uses."""

import json

from provenance.ingest.model import RawArticle, RecordError
from provenance.ingest.records import read_csv, read_json, read_json_lines


def articles(items):
    return [item for item in items if isinstance(item, RawArticle)]


def errors(items):
    return [item for item in items if isinstance(item, RecordError)]


def test_json_lines_with_aliases():
    lines = [
        {"id": 7, "body": "First text.", "publisher": "Ledger", "pubdate": "2025-01-02", "link": "https://l.example/a"},
        {"_id": "b", "content": "Second text.", "site": "Herald", "scrape_time": "2025-01-03T10:00:00Z", "headline": "H"},
    ]
    items = list(read_json_lines("\n".join(json.dumps(line) for line in lines)))
    first, second = articles(items)
    assert (first.id, first.text, first.outlet, first.published, first.url) == ("7", "First text.", "Ledger", "2025-01-02", "https://l.example/a")
    assert (second.id, second.outlet, second.title, second.published) == ("b", "Herald", "H", "2025-01-03T10:00:00Z")
    assert first.line == 1 and second.line == 2


def test_bad_json_line_is_reported_with_its_line_and_the_rest_kept():
    text = '{"text": "one"}\n{"text": "two",\n\n{"body": "three"}\n["not", "an", "object"]\n{"title": "no text"}'
    items = list(read_json_lines(text))
    assert [raw.text for raw in articles(items)] == ["one", "three"]
    assert [(error.line, error.message.split(" ")[0]) for error in errors(items)] == [(2, "invalid"), (5, "expected"), (6, "record")]


def test_json_array_and_wrapped_array():
    array = json.dumps([{"text": "a"}, {"text": "b"}, {"nope": 1}])
    items = list(read_json(array))
    assert [raw.text for raw in articles(items)] == ["a", "b"]
    assert "record 3" in errors(items)[0].message
    wrapped = json.dumps({"articles": [{"text": "c"}]})
    assert [raw.text for raw in articles(read_json(wrapped))] == ["c"]


def test_dot_json_file_holding_json_lines():
    assert [raw.text for raw in articles(read_json('{"text": "a"}\n{"text": "b"}\n'))] == ["a", "b"]


def test_nested_values_flattened():
    record = {"text": "t", "authors": ["Ann", {"name": "Bo"}], "source": {"name": "Ledger"}}
    raw = articles(read_json(json.dumps(record)))[0]
    assert (raw.byline, raw.outlet) == ("Ann, Bo", "Ledger")


def test_html_field_is_extracted_when_there_is_no_text():
    page = "<html><head><title>T</title></head><body><article>" + "<p>" + "Sentence about the harbour and its cranes. " * 8 + "</p></article></body></html>"
    raw = articles(read_json(json.dumps({"id": "p", "html": page})))[0]
    assert "harbour and its cranes" in raw.text


def test_csv_with_header_aliases_and_quoted_newlines():
    text = 'id,site,link,headline,body\nr1,Valley Sports,https://v.example/r,Regatta,"Line one, with comma\n""quoted"" line two"\n'
    raw = articles(read_csv(text))[0]
    assert (raw.id, raw.outlet, raw.url, raw.title) == ("r1", "Valley Sports", "https://v.example/r", "Regatta")
    assert raw.text == 'Line one, with comma\n"quoted" line two'


def test_csv_rows_with_missing_or_extra_fields():
    text = "id,title,text\na,T,Good text\nb,T\nc,T,More text,extra\nd,T,Last text\n"
    items = list(read_csv(text))
    assert [raw.id for raw in articles(items)] == ["a", "d"]
    assert [error.line for error in errors(items)] == [3, 4]
    assert "2 fields but the header names 3" in errors(items)[0].message
    assert "4 fields" in errors(items)[1].message


def test_csv_line_numbers_count_embedded_newlines():
    text = 'id,text\na,"two\nlines"\nb,\n'
    assert [error.line for error in errors(read_csv(text))] == [4]


def test_csv_unclosed_quote_is_named():
    text = 'id,title,text\na,T,hi\nb,"Unclosed,x\nc,T,hi c\nd,T,hi d\n'
    [error] = errors(read_csv(text))
    assert error.line == 3 and "unclosed quote" in error.message


def test_tsv():
    raw = articles(read_csv("id\ttext\nx\tTabbed text\n", delimiter="\t"))[0]
    assert (raw.id, raw.text) == ("x", "Tabbed text")


def test_csv_without_a_text_column_is_one_problem_for_the_file():
    items = list(read_csv("File,Task,Category\na.txt,a,cut\nb.txt,b,non\n"))
    assert len(items) == 1
    assert "no text column" in items[0].message and "File, Task, Category" in items[0].message


def test_half_a_surrogate_pair_is_replaced_and_loses_no_record(fresh_db, inputs):
    r"""JSON may escape half an emoji ("\ud83d"), which no UTF-8 text can hold: shown as U+FFFD, and the next record kept."""
    from provenance import scan

    path = inputs / "halves.jsonl"
    path.write_text('{"id": "x\\udc00", "title": "\\ud83d", "text": "A lone \\ud83d half."}\n{"id": "y", "text": "The next one."}\n')
    report = scan([str(path)], fresh_db)
    assert report.counts.added == 2
    assert [row["text"] for row in fresh_db.article_rows("text")] == ["A lone \ufffd half.", "The next one."]
    assert {row["id"] for row in fresh_db.article_rows("id")} == {"x\ufffd", "y"}
