"""One article that breaks the extractor must not stop a batch: it is reported and left empty."""
import logging

import pytest

import protestwatch.extract as extract_stage
from protestwatch.ingest import make_article
from protestwatch.pipeline import get_nlp, process_many
from protestwatch.settings import load_settings

GOOD = "Police in Almaty detained activist Serik Azhibai on Monday after he staged a protest outside the consulate."
BROKEN = "Police in Tbilisi detained 20 protesters on Sunday, the interior ministry said. BREAKS-THE-EXTRACTOR"


@pytest.mark.slow
def test_a_failing_article_is_reported_and_the_rest_still_extracted(monkeypatch, caplog):
    real = extract_stage.extract_document

    def flaky(doc, article, model=None):
        if "BREAKS-THE-EXTRACTOR" in article.text:
            raise RuntimeError("simulated extractor bug")
        return real(doc, article, model)

    monkeypatch.setattr(extract_stage, "extract_document", flaky)
    settings = load_settings()
    articles = [make_article(BROKEN, title="broken one"), make_article(GOOD, title="good one")]
    with caplog.at_level(logging.ERROR, logger="protestwatch"):
        results = list(process_many(articles, nlp=get_nlp(settings), settings=settings))
    assert [r.article.title for r in results] == ["broken one", "good one"]
    assert results[0].events == ()
    assert any(e.type == "detention" for e in results[1].events)
    assert "broken one: extraction failed (RuntimeError: simulated extractor bug)" in caplog.text
