"""read_inputs: files, directories, stdin -> Articles, and one InputError per bad input."""
import io
import json

import pytest

from protestwatch.errors import InputError
from protestwatch.ingest import files
from protestwatch.ingest.files import (format_size, normalize_published, parse_size, read_inputs,
                                       read_named_inputs, sniff_kind)
from protestwatch.records import Article

GOOD = ("Police in Almaty detained activist Serik Azhibai on Monday after he staged a one-man protest "
        "outside the Chinese consulate, his lawyer said.")
RUSSIAN = "Полиция задержала активиста в Алматы в понедельник. Суд оштрафовал его на 50 тысяч тенге."
UKRAINIAN = "Поліція затримала активіста в Києві в понеділок. Суд оштрафував його на 50 тисяч гривень."


def read_all(paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def only(items):
    assert len(items) == 1, items
    return items[0]


def test_read_inputs_text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD.replace(". ", ".\r\n").encode("utf-8"))
    article = only(read_all([path], published="2020-08-04", title="T", source="RFE/RL", url="u"))
    assert isinstance(article, Article)
    assert article.text == GOOD.replace(". ", ".\n")
    assert (article.published, article.title, article.source, article.url, article.language) == (
        "2020-08-04", "T", "RFE/RL", "u", "en")


def test_read_inputs_markdown_and_text_extensions(tmp_path):
    (tmp_path / "a.md").write_text("# Headline\n\n" + GOOD, encoding="utf-8")
    (tmp_path / "b.text").write_text(GOOD, encoding="utf-8")
    items = read_all([tmp_path / "a.md", tmp_path / "b.text"])
    assert [type(i) for i in items] == [Article, Article]
    assert items[0].text.startswith("# Headline")


def test_read_inputs_html_file_uses_metadata_unless_overridden(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(f"""<html><head><title>Activist detained</title>
        <meta property="article:published_time" content="2020-08-04T10:00:00Z"></head>
        <body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>""", encoding="utf-8")
    article = only(read_all([path]))
    assert article.title == "Activist detained"
    assert article.published == "2020-08-04"
    assert "<p>" not in article.text and "Serik Azhibai" in article.text
    article = only(read_all([path], published="2020-08-05", title="Mine"))
    assert (article.published, article.title) == ("2020-08-05", "Mine")


def test_read_inputs_broken_html(tmp_path):
    path = tmp_path / "broken.htm"
    path.write_text("<html><head><title>Police detain activists<body><div><p>Police in Almaty detained three "
                    "activists on Monday after a protest <b>outside the akimat.<p>They were fined", encoding="utf-8")
    article = only(read_all([path]))
    assert "detained three activists" in article.text


def test_read_inputs_html_without_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><img src=x></body></html>")
    error = only(read_all([path]))
    assert isinstance(error, InputError) and error.reason == "no text found in the HTML"


def test_read_inputs_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"body": GOOD, "title": "T", "url": "https://x.org", "date": "Tue, 04 Aug 2020 10:00:00 +0000",
                               "source": "RFE/RL"}), encoding="utf-8")
    article = only(read_all([one]))
    assert (article.text, article.title, article.url, article.published, article.source) == (
        GOOD, "T", "https://x.org", "2020-08-04", "RFE/RL")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"content": GOOD, "published": "2020-08-04"}, {"title": "no text"}, "x",
                                {"text": UKRAINIAN}]), encoding="utf-8")
    named = list(read_named_inputs([str(many)]))
    assert [name.rsplit("/", 1)[-1] for name, _ in named] == ["many.json[0]", "many.json[1]", "many.json[2]", "many.json[3]"]
    items = [item for _, item in named]
    assert isinstance(items[0], Article) and items[0].published == "2020-08-04"
    assert items[1].reason == "JSON object has no text (expected a 'text', 'body' or 'content' field)"
    assert items[2].reason == "expected a JSON object with a 'text' field, found a JSON string"
    assert items[3].reason.startswith("not English or Russian (looks like Ukrainian/Cyrillic text)")


def test_read_inputs_json_html_body(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": f"<html><body><p>{GOOD}</p></body></html>", "title": "T"}))
    article = only(read_all([path]))
    assert article.text == GOOD and article.title == "T"


def test_read_inputs_json_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "unterminated', encoding="utf-8")
    notext = tmp_path / "notext.json"
    notext.write_text('{"headline": "x"}', encoding="utf-8")
    number = tmp_path / "number.json"
    number.write_text('{"text": 5}', encoding="utf-8")
    empty_list = tmp_path / "list.json"
    empty_list.write_text("[]", encoding="utf-8")
    reasons = [e.reason for e in read_all([bad, notext, number, empty_list])]
    assert reasons[0].startswith("invalid JSON: ")
    assert reasons[1:] == ["JSON object has no text (expected a 'text', 'body' or 'content' field)",
                           "JSON field 'text' is a number, not a string", "empty JSON list, no articles"]


def test_read_inputs_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([json.dumps({"text": GOOD}), "", "{not json", json.dumps({"text": GOOD + " More."})]) + "\n")
    named = list(read_named_inputs([str(path)]))
    assert [n.rsplit("/", 1)[-1] for n, _ in named] == ["feed.jsonl:1", "feed.jsonl:3", "feed.jsonl:4"]
    assert [type(i).__name__ for _, i in named] == ["Article", "InputError", "Article"]


def test_read_inputs_directory_recursive_sorted_known_extensions(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(GOOD + " z")
    (tmp_path / "b" / "a.html").write_text(f"<p>{GOOD} a</p>")
    (tmp_path / "c.json").write_text(json.dumps({"text": GOOD + " c"}))
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden.txt").write_text(GOOD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(GOOD)
    items = list(read_named_inputs([str(tmp_path)]))
    assert [name[len(str(tmp_path)) + 1:] for name, _ in items] == ["b/a.html", "b/z.txt", "c.json"]
    assert all(isinstance(item, Article) for _, item in items)


def test_read_inputs_empty_directory(tmp_path):
    error = only(read_all([tmp_path]))
    assert error.reason == "no .txt, .md, .html, .json or .jsonl files in this directory"


def test_read_inputs_bad_inputs_each_one_error(tmp_path):
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    ukrainian = tmp_path / "uk.txt"
    ukrainian.write_text(UKRAINIAN, encoding="utf-8")
    greek = tmp_path / "greek.txt"  # cp1253: no candidate codec gives plausible text
    greek.write_bytes("Η αστυνομία συνέλαβε τους διαδηλωτές στην Αθήνα τη Δευτέρα.".encode("cp1253"))
    items = read_all([missing, empty, blank, binary, ukrainian, greek])
    assert all(isinstance(i, InputError) for i in items)
    assert [(i.name, i.reason) for i in items[:5]] == [
        (str(missing), "no such file or directory"),
        (str(empty), "empty file"),
        (str(blank), "empty file"),
        (str(binary), "binary file, not text"),
        (str(ukrainian), "not English or Russian (looks like Ukrainian/Cyrillic text); "
                         "protestwatch reads English and Russian news"),
    ]
    assert items[5].reason.startswith("could not decode the text")


def test_read_inputs_size_limit_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: 20 MB on paper, no disk used

    def refuse_open(*args, **kwargs):
        raise AssertionError("the oversized file was opened")

    monkeypatch.setattr(files, "open", refuse_open, raising=False)
    error = only(read_all([big]))
    assert error.reason == "20.0 MB, over the 5 MB limit; raise it with --max-bytes"


def test_read_inputs_size_limit_setting(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    assert only(read_all([path], max_bytes=50)).reason == f"{len(GOOD)} bytes, over the 50 bytes limit; raise it with --max-bytes"
    monkeypatch.setenv("PROTESTWATCH_MAX_BYTES", "50")
    assert isinstance(only(read_all([path])), InputError)
    assert isinstance(only(read_all([path], max_bytes=10_000)), Article)
    monkeypatch.setenv("PROTESTWATCH_MAX_BYTES", "1MB")
    assert isinstance(only(read_all([path])), Article)


@pytest.mark.parametrize(("data", "kind"), [
    (GOOD.encode(), "text"),
    (f"<!doctype html><html><body><p>{GOOD}</p></body></html>".encode(), "html"),
    (json.dumps({"text": GOOD}).encode(), "json"),
    (json.dumps([{"text": GOOD}]).encode(), "json"),
    ((json.dumps({"text": GOOD}) + "\n" + json.dumps({"text": GOOD})).encode(), "jsonl"),
    (b"[Reuters] " + GOOD.encode(), "text"),
])
def test_read_inputs_stdin_sniffed(data, kind):
    assert sniff_kind(data.decode()) == kind
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert items and all(isinstance(i, Article) for i in items)
    assert all("<p>" not in i.text for i in items)


def test_read_inputs_stdin_errors():
    assert only(list(read_inputs(["-"], stdin=io.BytesIO(b"")))).reason == "empty input"
    error = only(list(read_inputs(["-"], stdin=io.BytesIO(b"x" * 100), max_bytes=10)))
    assert (error.name, error.reason) == ("-", "more than 10 bytes of input, over the 10 bytes limit; raise it with --max-bytes")


def test_read_inputs_mixed_encodings(tmp_path):
    cyr = tmp_path / "cp1251.txt"
    cyr_text = "Activist Серик Ажибай said «no» — police detained him in Almaty on Monday, his lawyer said."
    cyr.write_bytes(cyr_text.encode("cp1251"))
    lat = tmp_path / "latin1.txt"
    lat_text = "Protesters gathered outside the café near the Élysée Palace on Saturday, police said."
    lat.write_bytes(lat_text.encode("latin-1"))
    assert [a.text for a in read_all([cyr, lat])] == [cyr_text, lat_text]


def test_read_inputs_unknown_language_is_kept_as_null(tmp_path):
    path = tmp_path / "headline.txt"
    path.write_text("Kazakh police detain activist")
    assert only(read_all([path])).language is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-08-04", "2020-08-04"), ("2020-08-04T23:10:00+06:00", "2020-08-04"), ("2020-08-04 10:00", "2020-08-04"),
    ("Tue, 04 Aug 2020 10:00:00 GMT", "2020-08-04"), ("2020-02-30", None), ("last week", None), ("", None), (2020, None),
])
def test_normalize_published(value, expected):
    assert normalize_published(value) == expected


def test_sizes():
    assert parse_size("5000000") == 5_000_000
    assert parse_size("5MB") == parse_size("5 mib") == 5 * 1024 * 1024
    assert parse_size("512k") == 512 * 1024
    with pytest.raises(ValueError):
        parse_size("lots")
    assert format_size(20 * 1024 * 1024) == "20.0 MB"
    assert format_size(5 * 1024 * 1024, whole=True) == "5 MB"
