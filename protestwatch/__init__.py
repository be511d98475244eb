"""protestwatch: news reports in, verifiable protest, detention and court event records out.

Public entry points: `extract` (text in, Result out), `process` / `process_many` (Article records
in, Result records out), `build_nlp` (the spaCy pipeline, built once per process), `load_settings`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .records import Result


def extract_text(text: str, *, published: str | None = None, title: str | None = None,
            source: str | None = None, url: str | None = None, model: str | None = None,
            language: str | None = None) -> "Result":
    """Extract the events of one article given as plain text; `language` ("en", "ru") is
    detected when not given (a text in no language protestwatch reads is read as English)."""
    from .ingest import make_article
    from .ingest.language import SUPPORTED, detect_language
    from .pipeline import get_nlp, process
    from .settings import load_settings

    settings = load_settings(model=model)
    if language is None:
        language = detect_language(text)
        language = language if language in SUPPORTED else "en"
    article = make_article(text, published=published, title=title, source=source, url=url, language=language)
    return process(article, nlp=get_nlp(settings), settings=settings)


# `protestwatch.extract` is both this function and, once imported, the `extract` stage package;
# the package's module object forwards calls here, so `protestwatch.extract(text)` always works.
extract = extract_text


def __getattr__(name: str):
    if name in ("process", "process_many", "build_nlp"):
        from . import pipeline
        return getattr(pipeline, name)
    if name == "load_settings":
        from .settings import load_settings
        return load_settings
    raise AttributeError(name)
