"""Direct quotes and their speakers: a quoted passage of four words or more, attributed by a
speech verb in its sentence ("..., Azhibai said") or continuing the previous quote's speaker."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..data import load_lexicon
from ..drafts import NameMention, RawQuote
from .syntax import doc_text

QUOTE = re.compile(r"[\"“]([^\"“”\n]{3,}?)[\"”]")


def _speaker(doc: Doc, start: int, end: int, names: list[NameMention]) -> NameMention | None:
    speech = load_lexicon("speech_verbs")
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sents = {span[0].sent.start: span[0].sent, span[-1].sent.start: span[-1].sent}
    for sent in sents.values():
        for tok in sent:
            if start <= tok.idx < end or tok.lemma_.lower() not in speech:
                continue
            for subj in tok.children:
                if subj.dep_ != "nsubj":
                    continue
                for n in names:
                    if n.start <= subj.idx < n.end:
                        return n
                if subj.lower_ in ("he", "she"):
                    before = [n for n in names if n.kind == "person" and n.end <= subj.idx]
                    if before:
                        return before[-1]
    return None


def find_quotes(doc: Doc, names: list[NameMention]) -> list[RawQuote]:
    """Return attributed or continuing quotes; scare quotes of one to three words are skipped."""
    quotes: list[RawQuote] = []
    text = doc_text(doc)
    for m in QUOTE.finditer(text):
        inner = m.group(1).strip(" ,.")
        if len(inner.split()) < 4:
            continue
        start, end = m.start(1), m.end(1)
        speaker = _speaker(doc, start, end, names)
        if speaker is None and quotes and quotes[-1].speaker is not None:
            gap = text[quotes[-1].end:m.start()]
            if "\n\n" not in gap and len(gap) < 120:
                speaker = quotes[-1].speaker
        quotes.append(RawQuote(text=text[start:end], start=start, end=end, speaker=speaker))
    return quotes
