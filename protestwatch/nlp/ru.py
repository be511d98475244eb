"""The Russian pipeline: Natasha's segmentation, morphology, lemmas, UD syntax and NER, wrapped as
a spaCy `Doc` (lang "ru") so the shared stages read Russian the way they read English.

Words keep their character offsets (`token.idx` points into the original text), so evidence spans
built from the Doc point into `Article.text`. Natasha's models ship inside its pip packages
(navec, slovnet); nothing downloads. Built once per process (`build_russian`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

# Natasha's NER labels -> the English model's labels, which the shared code reads.
ENT_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
NORMAL_KEY = "pw_ru_normal"  # doc.user_data: (start_char, end_char) -> the nominative of a named span


@dataclass(frozen=True)
class _Word:
    id: str
    head_id: str
    start: int
    stop: int
    text: str
    pos: str | None
    lemma: str | None
    feats: dict | None
    rel: str | None


class RussianPipeline:
    """`pipe`/`__call__` like a spaCy Language: text in, spaCy Doc out."""

    lang = "ru"

    def __init__(self) -> None:
        import spacy
        from natasha import (MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser,
                             Segmenter)

        emb = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph_vocab = MorphVocab()
        self.morph_tagger = NewsMorphTagger(emb)
        self.syntax_parser = NewsSyntaxParser(emb)
        self.ner_tagger = NewsNERTagger(emb)
        self.vocab = spacy.blank("ru").vocab
        self.pipe_names = ["natasha"]

    def __call__(self, text: str) -> Doc:
        return self.to_spacy(text, *self.analyse(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def analyse(self, text: str) -> tuple[list[_Word], list[tuple[int, int, str, str]]]:
        """Words and named spans (start, end, type, nominative) of the text, line by line: a
        headline or a paragraph never runs into the next line's sentence."""
        from natasha import Doc as NatashaDoc

        words: list[_Word] = []
        spans: list[tuple[int, int, str, str]] = []
        offset = 0
        for n, line in enumerate(text.split("\n")):
            if line.strip():
                ndoc = NatashaDoc(line)
                ndoc.segment(self.segmenter)
                ndoc.sents = _mend_sentences(ndoc.sents, line)
                ndoc.tag_morph(self.morph_tagger)
                ndoc.parse_syntax(self.syntax_parser)
                ndoc.tag_ner(self.ner_tagger)
                for tok in ndoc.tokens:
                    tok.lemmatize(self.morph_vocab)
                    words.append(_Word(f"{n}:{tok.id}", f"{n}:{tok.head_id}", offset + tok.start, offset + tok.stop,
                                       tok.text, tok.pos, tok.lemma, tok.feats, tok.rel))
                for span in ndoc.spans:
                    span.normalize(self.morph_vocab)
                    spans.append((offset + span.start, offset + span.stop, span.type, span.normal or span.text))
            offset += len(line) + 1
        return words, spans

    def to_spacy(self, text: str, tokens: list[_Word], named: list[tuple[int, int, str, str]]) -> Doc:
        """Build the spaCy Doc; whitespace between words becomes token whitespace or space tokens."""
        words, spaces, pos, lemmas, morphs, deps, heads, starts = [], [], [], [], [], [], [], []
        index: dict[str, int] = {}
        natasha_head: list[str | None] = []
        cursor = 0

        def add_gap(gap: str, at: int) -> None:
            if words and gap.startswith(" ") and not spaces[-1]:
                spaces[-1] = True  # one plain space is the previous word's whitespace
                gap, at = gap[1:], at + 1
            if gap:
                words.append(gap)
                spaces.append(False)
                pos.append("SPACE")
                lemmas.append(gap)
                morphs.append("")
                deps.append("dep")
                natasha_head.append(None)
                starts.append(at)

        for tok in tokens:
            if tok.start > cursor:
                add_gap(text[cursor:tok.start], cursor)
            index[tok.id] = len(words)
            words.append(tok.text)
            spaces.append(False)
            pos.append(tok.pos or "X")
            lemmas.append(tok.lemma or tok.text.lower())
            morphs.append("|".join(f"{k}={v}" for k, v in sorted((tok.feats or {}).items())))
            deps.append(tok.rel or "dep")
            natasha_head.append(tok.head_id)
            starts.append(tok.start)
            cursor = tok.stop
        if cursor < len(text):
            add_gap(text[cursor:], cursor)
        # a sentence root heads itself ("ROOT"); whitespace hangs on the word before it, as in spaCy
        for i, h in enumerate(natasha_head):
            if pos[i] == "SPACE":
                heads.append(i - 1 if i else (1 if len(words) > 1 else 0))
                continue
            j = index.get(h) if h else None
            heads.append(j if j is not None else i)
            if j is None:
                deps[i] = "ROOT"
        _break_cycles(heads, deps, natasha_head, index)
        doc = Doc(self.vocab, words=words, spaces=spaces, pos=pos, lemmas=lemmas, morphs=morphs,
                  deps=deps, heads=heads)
        _check_offsets(doc, text)
        ents, normals = [], {}
        for start, stop, kind, normal in named:
            first, last = _token_at(doc, start), _token_at(doc, stop - 1)
            label = ENT_LABELS.get(kind)
            if first is None or last is None or label is None:
                continue
            ents.append(Span(doc, first, last + 1, label=label))
            if kind == "PER":
                as_written = all("Nom" in t.morph.get("Case") for t in doc[first:last + 1])
                # written in the nominative already: keep it as written ("Серик Даулетов")
                normal = doc[first:last + 1].text if as_written else nominative_name(normal)
            normals[(start, stop)] = normal
        doc.ents = _non_overlapping(ents)
        doc.user_data[NORMAL_KEY] = normals
        return doc


NAME_TAGS = {"Name", "Surn", "Patr"}


def nominative_name(name: str) -> str:
    """"Анна Петрову" -> "Анна Петрова": each part of a person's name in the nominative, the surname
    in the first name's gender (Natasha's own normal form is sometimes half done)."""
    from ..normalize.ru import _morph

    words = name.split()
    every = [_morph().parse(w) for w in words]
    parses = [[p for p in ps if NAME_TAGS & set(map(str, p.tag.grammemes))] for ps in every]
    gender = next((("femn" if "femn" in p.tag else "masc") for ps in parses for p in ps
                   if "Name" in p.tag and p.is_known and ("femn" in p.tag or "masc" in p.tag)), None)
    out = []
    for w, ps, all_ in zip(words, parses, every):
        # a word that can be a nominative of the name's gender stays as written ("Ерлан", "Анна")
        if not ps or any("nomn" in p.tag and (gender is None or gender in p.tag or "Fixd" in p.tag) for p in all_):
            out.append(w)
            continue
        fitting = [p for p in ps if gender is None or gender in p.tag] or ps
        form = fitting[0].inflect({"nomn"} | ({gender} if gender else set()))
        out.append(form.word.capitalize() if form else w)
    return " ".join(out)


ABBREVIATIONS = ("ч.", "ст.", "п.", "пп.", "г.", "им.", "ул.", "д.", "т.", "гг.", "руб.", "тыс.", "млн.")


def _mend_sentences(sents: list, line: str) -> list:
    """Join what the splitter cut inside a quotation («Нет росту тарифов!» к зданию ...) or after an
    abbreviation ("ч. 2 ст. 282.2 УК"): one sentence, one parse."""
    from natasha.doc import DocSent

    out: list = []
    for sent in sents:
        if out:
            prev = out[-1]
            text = prev.text.rstrip()
            open_quote = text.count("«") > text.count("»")
            # a whole word: "КоАП." ends a sentence, though it ends like "п."
            abbreviated = text.lower().rsplit(None, 1)[-1].lstrip("(«") in ABBREVIATIONS
            open_paren = text.count("(") > text.count(")")
            # a sentence never starts in lower case: "(ч. 2 | ст. 282.2 УК РФ)" is one
            if open_quote or open_paren or abbreviated or sent.text[:1].islower():
                out[-1] = DocSent(prev.start, sent.stop, line[prev.start:sent.stop], tokens=prev.tokens + sent.tokens)
                continue
        out.append(sent)
    return out


def _break_cycles(heads: list[int], deps: list[str], natasha_head: list[str | None], index: dict[str, int]) -> None:
    """The parser now and then links two words to each other; a word on such a loop hangs on its
    sentence's root instead, so every walk up the tree ends."""
    roots: dict[str, int] = {}
    for nid, i in sorted(index.items(), key=lambda item: item[1]):
        if heads[i] != i:
            continue
        sent = nid.rsplit("_", 1)[0]
        if sent in roots:  # a second root in one sentence hangs on the first: one sentence, one tree
            heads[i], deps[i] = roots[sent], "parataxis"
        else:
            roots[sent] = i
    for start in range(len(heads)):
        seen, cur = [], start
        while heads[cur] != cur and cur not in seen:
            seen.append(cur)
            cur = heads[cur]
        if heads[cur] != cur:  # came back to a word already on the path: a loop
            sent = (natasha_head[cur] or "").rsplit("_", 1)[0]
            root = roots.get(sent)
            if root is None or root == cur:
                heads[cur], deps[cur] = cur, "ROOT"
                roots[sent] = cur
            else:
                heads[cur] = root


def _token_at(doc: Doc, char: int) -> int | None:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok.i
    return None


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out, last_end = [], -1
    for s in sorted(spans, key=lambda s: s.start):
        if s.start >= last_end:
            out.append(s)
            last_end = s.end
    return out


def _check_offsets(doc: Doc, text: str) -> None:
    if doc.text != text:
        raise ValueError("the Russian Doc does not reproduce its text; evidence offsets would drift")


@functools.cache
def build_russian() -> RussianPipeline:
    return RussianPipeline()
