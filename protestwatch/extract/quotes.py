"""Direct quotes and their speakers: a quoted passage of four words or more, attributed by a
speech verb in its sentence ("..., Azhibai said") or continuing the previous quote's speaker."""
from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from spacy.tokens import Doc

from ..data import load_lexicon, load_table
from ..drafts import NameMention, RawQuote
from .syntax import doc_text


@functools.cache
def quote_marks(role: str = "any") -> frozenset[str]:
    """Quotation marks from lexicons/quote_marks.tsv: "opens", "closes" (each with the "both"
    marks) or "any"."""
    return frozenset(mark for mark, mark_role in load_table("quote_marks")
                     if role == "any" or mark_role in (role, "both"))


@functools.cache
def mark_class(role: str = "any") -> str:
    """The marks of `role` as the inside of a regex character class."""
    return "".join(re.escape(m) for m in sorted(quote_marks(role)))


class QuoteSpan(NamedTuple):
    start: int      # first character inside the marks
    end: int        # the closing mark (or the line's end when the quote runs on)
    closed: bool    # a closing mark on the same line ends it


def quote_spans(doc: Doc) -> list[QuoteSpan]:
    """The quoted stretches of the text, computed once per Doc: on each line, a mark opens a quote
    and the next mark closes it; a quote still open at the line's end runs to it (a quoted
    paragraph that continues in the next)."""
    spans = doc.user_data.get("pw_quote_spans")
    if spans is None:
        spans = doc.user_data["pw_quote_spans"] = _spans(doc_text(doc))
    return spans


def _spans(text: str) -> list[QuoteSpan]:
    marks = quote_marks()
    out: list[QuoteSpan] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and opened is not None:
            out.append(QuoteSpan(opened, i, False))
            opened = None
        elif ch in marks:
            if opened is None:
                opened = i + 1
            else:
                out.append(QuoteSpan(opened, i, True))
                opened = None
    if opened is not None:
        out.append(QuoteSpan(opened, len(text), False))
    return out


def in_quote(doc: Doc, pos: int) -> bool:
    """Whether character `pos` lies inside a quote (closed or running to its line's end)."""
    spans = quote_spans(doc)
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k].start <= pos < spans[k].end


def closed_quotes(doc: Doc, min_chars: int = 3) -> list[QuoteSpan]:
    """Quotes closed on their line, with at least `min_chars` characters inside."""
    return [q for q in quote_spans(doc) if q.closed and q.end - q.start >= min_chars]


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
    for q in closed_quotes(doc):
        inner = text[q.start:q.end].strip(" ,.")
        if len(inner.split()) < 4:
            continue
        start, end = q.start, q.end
        speaker = _speaker(doc, start, end, names)
        if speaker is None and quotes and quotes[-1].speaker is not None:
            gap = text[quotes[-1].end:start - 1]
            if "\n\n" not in gap and len(gap) < 120:
                speaker = quotes[-1].speaker
        quotes.append(RawQuote(text=text[start:end], start=start, end=end, speaker=speaker))
    return quotes
