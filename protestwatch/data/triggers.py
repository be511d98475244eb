"""Trigger word forms from lexicons/triggers.tsv and patterns/triggers.jsonl, shared by the
prefilter (nlp stage) and the trigger finder (extract stage)."""
from __future__ import annotations

import functools

from . import load_lexicon, load_patterns, load_table

IRREGULAR = {"hold": ("held",), "beat": ("beaten", "beat"), "free": ("freed",), "sentence": ("sentenced",),
             "find": ("found",), "lead": ("led",), "send": ("sent",), "go": ("went", "gone"),
             "stand": ("stood",), "take": ("took", "taken"), "fine": ("fined",)}


def word_forms(lemma: str) -> set[str]:
    """Inflected forms of a lemma, so a lemmatizer slip ("staging" -> "stag") still matches."""
    # no bare "+d" outside "-e" lemmas: "ban" + "d" is "band", not a form of "ban"
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms |= set(IRREGULAR.get(lemma, ()))
    return forms


@functools.cache
def trigger_index() -> dict[str, list[tuple[str, str, str, str | None, str]]]:
    """Map every word form to its lexicon rows (lemma, pos, type, subtype, guard)."""
    index: dict[str, list] = {}
    for row in load_table("triggers"):
        lemma, pos, etype, subtype, guard = (list(row) + ["", "", "", "", ""])[:5]
        for form in word_forms(lemma):
            index.setdefault(form, []).append((lemma, pos, etype, subtype or None, guard))
    return index


def trigger_words(common: bool = False) -> set[str]:
    """Word forms that make an article worth parsing: every lexicon word but those too common to
    signal an event alone (lexicons/prefilter_skip.txt: "hold", "free", "sign"...), and each
    pattern's literal `prefilter` phrases. With `common`, the too-common words are included too."""
    words: set[str] = set()
    skip = load_lexicon("prefilter_skip")
    for row in load_table("triggers"):
        lemma = row[0]
        if common or lemma not in skip:
            words |= word_forms(lemma)
    for row in load_patterns("triggers"):
        words |= {w.lower() for w in row.get("prefilter", ())}
    return words
