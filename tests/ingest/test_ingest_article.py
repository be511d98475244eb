"""make_article: id from the normalised text, text kept as given (line endings aside)."""
import hashlib

from protestwatch.ingest import article_id, make_article


def test_make_article_keeps_text_and_hashes_normalised_text():
    text = "  Police  detained\tthe activist.\n\nHe was fined.  "
    article = make_article(text, published="2020-08-04", title="T", source="RFE/RL", url="https://x.org/a")
    assert article.text == text
    normal = "Police detained the activist. He was fined."
    assert article.id == hashlib.sha256(normal.encode("utf-8")).hexdigest()
    assert (article.published, article.title, article.source, article.url, article.language) == (
        "2020-08-04", "T", "RFE/RL", "https://x.org/a", "en")


def test_make_article_normalises_line_endings():
    article = make_article("one\r\ntwo\rthree\n")
    assert article.text == "one\ntwo\nthree\n"


def test_article_id_ignores_whitespace_and_unicode_composition():
    composed, decomposed = "Caf\u00e9 protest", "Cafe\u0301 protest"
    assert article_id(composed) == article_id(decomposed) == article_id(" Caf\u00e9\n\n protest ")
    assert article_id("a b") != article_id("ab")


def test_make_article_json_shape():
    data = make_article("Text.", language=None).model_dump(mode="json")
    assert set(data) == {"id", "title", "url", "source", "published", "language", "text"}
    assert data["language"] is None
