"""Error analysis: which trigger words were missed, which were false alarms, and on what.

Feeds the lexicon work: counts by lower-cased word, with a few short examples each.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from .loaders import GoldSet
from .metrics import overlaps, type_spans

EXAMPLES_PER_WORD = 3
CONTEXT = 60
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
# Frequent words that say nothing about an arrest (for the sentence-level word ranking).
_STOP = frozenset("""the and for with that this from was were have has had are but not his her their they them
said also after into over its who which when where will would been being than then there what about
more some other under while all one two three four five said police""".split())


def _context(text: str, start: int, end: int) -> str:
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    snippet = text[a:start] + "[" + text[start:end] + "]" + text[end:b]
    return " ".join(snippet.split())


def _top(counter: Counter, examples: dict, n: int) -> list[dict]:
    return [{"word": w, "count": c, "examples": examples[w][:EXAMPLES_PER_WORD]} for w, c in counter.most_common(n)]


def mention_errors(gold: GoldSet, results: Sequence[dict], types: Sequence[str], n: int = 30) -> dict:
    """Per type: missed gold triggers and false predicted spans by word; false spans also say
    which other gold event type (if any) they landed on. A corpus that annotates only some
    events (RAMS) has no false spans."""
    out = {}
    for t in types:
        missed, false, confused = Counter(), Counter(), Counter()
        ex_m, ex_f = defaultdict(list), defaultdict(list)
        for doc, res in zip(gold.docs, results):
            spans = [(s, e) for ty, s, e, _ in type_spans(res) if ty == t]
            for m in doc.mentions:
                if m.type == t and not any(overlaps(m.start, m.end, s, e) for s, e in spans):
                    w = m.text.lower()
                    missed[w] += 1
                    ex_m[w].append(_context(doc.text, m.start, m.end))
            for s, e in spans if gold.exhaustive else ():  # unannotated events are not errors
                if any(m.type == t and overlaps(m.start, m.end, s, e) for m in doc.mentions):
                    continue
                w = doc.text[s:e].lower()
                false[w] += 1
                ex_f[w].append(_context(doc.text, s, e))
                other = next((m.gold_type for m in doc.mentions if overlaps(m.start, m.end, s, e)), None)
                confused[other or "(no gold event)"] += 1
        out[t] = {"missed": _top(missed, ex_m, n), "false": _top(false, ex_f, n),
                  "false_on_gold_type": dict(confused.most_common(n))}
    return out


def sentence_errors(gold: GoldSet, results: Sequence[dict], types: Sequence[str], n: int = 30) -> dict:
    """Per type: false spans by word; for missed sentences, the words most typical of them.

    Sentence gold has no trigger words, so a missed sentence is described by its words, ranked by
    (missed sentences containing the word) x (share of the word's sentences that are gold t).
    """
    out = {}
    for t in types:
        false, ex_f, ex_m = Counter(), defaultdict(list), defaultdict(list)
        in_missed, in_gold, in_any = Counter(), Counter(), Counter()
        for doc, res in zip(gold.docs, results):
            spans = [(s, e) for ty, s, e, _ in type_spans(res) if ty == t]
            for sent in doc.sentences or []:
                words = set(_WORD.findall(doc.text[sent.start:sent.end].lower())) - _STOP
                in_any.update(words)
                hit = [(s, e) for s, e in spans if overlaps(sent.start, sent.end, s, e)]
                if t in sent.types:
                    in_gold.update(words)
                    if not hit:
                        in_missed.update(words)
                        for w in words:
                            ex_m[w].append(" ".join(doc.text[sent.start:sent.end].split())[:200])
                elif hit:
                    for s, e in hit:
                        w = doc.text[s:e].lower()
                        false[w] += 1
                        ex_f[w].append(_context(doc.text, s, e))
        ranked = Counter({w: c * in_gold[w] / in_any[w] for w, c in in_missed.items() if c >= 2})
        missed = [{"word": w, "count": in_missed[w], "gold_share": round(in_gold[w] / in_any[w], 3),
                   "examples": ex_m[w][:EXAMPLES_PER_WORD]}
                  for w, _ in sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
        out[t] = {"missed_sentence_words": missed, "false": _top(false, ex_f, n)}
    return out


def document_errors(gold: GoldSet, results: Sequence[dict], types: Sequence[str], n: int = 20) -> dict:
    """Per type: ids (and gold labels) of missed and falsely flagged documents."""
    out = {}
    for t in types:
        missed, false = [], []
        for doc, res in zip(gold.docs, results):
            if not doc.labelled:
                continue
            g = t in doc.gold_doc_types()
            p = any(ev.get("type") == t for ev in res.get("events") or [])
            if g and not p:
                missed.append({"id": doc.id, "labels": list(doc.gold_labels), "text": doc.text[:160]})
            elif p and not g:
                words = sorted({doc.text[s:e].lower() for ty, s, e, _ in type_spans(res) if ty == t})
                false.append({"id": doc.id, "labels": list(doc.gold_labels), "words": words})
        out[t] = {"missed": missed[:n], "false": false[:n], "n_missed": len(missed), "n_false": len(false)}
    return out


def analyse(gold: GoldSet, results: Sequence[dict], types: Sequence[str], n: int = 30) -> dict:
    """Run every analysis that the corpus supports."""
    out = {}
    if "mention" in gold.levels:
        out["mention"] = mention_errors(gold, results, types, n)
    if "sentence" in gold.levels:
        out["sentence"] = sentence_errors(gold, results, types, n)
    if "document" in gold.levels:
        out["document"] = document_errors(gold, results, types)
    return out

