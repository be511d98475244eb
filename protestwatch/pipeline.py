"""The single path from an Article to a Result: nlp -> extract -> normalize -> link.

`process_many` batches parsing with `nlp.pipe`. Before parsing, the sense step (nlp/sense.py)
judges every trigger word the prefilter finds: an article none of whose trigger words keeps its
event sense ("striker", a price "rally") skips spaCy; the rest are parsed only near the kept
words (nlp/prefilter.py: `event_window`; character offsets are unchanged), and the trigger finder
drops triggers judged non-event (the judgement rides on `doc.user_data`).
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator

from . import __version__
from .records import Article, Extractor, Result
from .settings import Settings

log = logging.getLogger("protestwatch")


@functools.cache
def _cached_nlp(model: str):
    from .nlp.build import build_nlp
    return build_nlp(model)


def get_nlp(settings: Settings, language: str = "en"):
    """Return the pipeline of `language` for these settings, built once per process."""
    if language in (None, "en"):
        return _cached_nlp(settings.resolved_model())
    from .errors import ModelError
    name = settings.language_models.get(language)
    if name == "natasha":
        from .nlp.ru import build_russian
        return build_russian()
    if name is None:
        raise ModelError(f"no pipeline is configured for language {language!r}")
    return _cached_nlp(name)


def model_name(settings: Settings, language: str | None) -> str:
    """The model an article of this language is read with (Result.extractor.model)."""
    if language in (None, "en"):
        return settings.resolved_model()
    return settings.language_models.get(language, language)


def build_nlp(model: str | None = None):
    from .nlp.build import build_nlp as _build
    from .settings import default_model
    return _build(model or default_model())


def empty_result(article: Article, model: str | None) -> Result:
    return Result(article=article, extractor=Extractor(version=__version__, model=model))


def process(article: Article, *, nlp, settings: Settings) -> Result:
    """Extract, normalise and link the events of one article."""
    return next(process_many([article], nlp=nlp, settings=settings))


def process_many(articles: Iterable[Article], *, nlp, settings: Settings) -> Iterator[Result]:
    """Yield one Result per article, in input order; parse only articles that pass the prefilter."""
    from .extract import extract_document
    from .link import link_draft
    from .nlp.prefilter import event_window
    from .nlp.sense import SENSE_KEY, judge
    from .normalize import normalize_draft

    pending: list[tuple[Article, object]] = []
    language = ["en"]  # the language of what is pending: one pipeline per batch

    def flush() -> Iterator[Result]:
        lang = language[0]
        model = model_name(settings, lang)
        pipe = nlp if lang == "en" else get_nlp(settings, lang)
        # English parses only near the kept trigger words; other languages read the whole text
        texts = (event_window(a.text, sense.kept_starts()) if lang == "en" else a.text for a, sense in pending)
        for (article, sense), doc in zip(pending, pipe.pipe(texts, batch_size=settings.batch_size)):
            doc.user_data[SENSE_KEY] = sense
            try:
                result = link_draft(normalize_draft(extract_document(doc, article, model)))
            except Exception as exc:  # one article's failure must not stop the run
                log.error("%s: extraction failed (%s: %s); no events kept for it",
                          article.url or article.title or article.id[:12], type(exc).__name__, exc)
                result = empty_result(article, model)
            yield result
        pending.clear()

    for article in articles:
        lang = article.language if article.language in settings.language_models else "en"
        if lang != language[0]:
            yield from flush()
            language[0] = lang
        sense = judge(article.text, settings.sense, settings.sense_threshold, language=lang)
        if sense.admits:
            pending.append((article, sense))
            if len(pending) >= settings.batch_size:
                yield from flush()
        else:
            # Keep input order: emit what is pending before the skipped article.
            yield from flush()
            yield empty_result(article, model_name(settings, lang))
    yield from flush()
