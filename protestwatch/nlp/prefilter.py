"""Cheap tests run before parsing.

`may_report_events`: does the text contain any word that can start an event? An Aho-Corasick
automaton over the lower-cased text finds trigger word forms; a hit counts only at word
boundaries, and "march"/"may" next to a number are months. Articles with no hit skip spaCy.

`event_window`: the text with sentences far from every hit blanked out (each character but
newlines becomes a space), so spaCy parses only what can hold an event while every character
offset stays the same. The first line, the sentences next to a hit and quoted sentences near a hit
are kept.
"""
from __future__ import annotations

import functools
import re

import ahocorasick

MONTH_WORDS = {"march", "may"}
# One sentence each side, not two, and one lede line, not three: the test articles score the same,
# 2600 of 2607 events on M2E2 dev + IndiaPoliceEvents stay (docs/performance.md). Trigger guards
# and antecedents read the sentence before; the one after holds "..., police said." and placards.
NEAR_UNITS = 1       # sentences kept on each side of one with a hit
QUOTE_UNITS = 4      # a quoted sentence this close to a hit is kept too (speakers, quotes)
LEDE_UNITS = 1       # the headline or dateline line is always kept (place and date of the report)
# A unit is a line or a sentence within it; a cheap split, good enough to decide what to parse.
UNIT = re.compile(r"[^\n]+?(?:[.!?][\"”’)]?(?=\s)|$)", re.M)


@functools.cache
def _automaton(common: bool = False) -> ahocorasick.Automaton:
    from ..data.triggers import trigger_words

    auto = ahocorasick.Automaton()
    for word in trigger_words(common):
        auto.add_word(word, word)
    auto.make_automaton()
    return auto


def _is_month(low: str, start: int, end: int) -> bool:
    after = low[end + 1:end + 4].lstrip()
    before = low[max(0, start - 4):start].rstrip()
    return bool(after[:1].isdigit() or before[-1:].isdigit())


def event_matches(text: str, common: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, word) of trigger word forms in `text` (whole words; months excluded), in text
    order. `common` adds the words too common to admit an article alone ("fined", "held"), which
    still mark where to parse."""
    low = text.lower()
    n = len(low)
    found = []
    for end, word in _automaton(common).iter(low):
        start = end - len(word) + 1
        if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == n or not low[end + 1].isalnum()):
            if word in MONTH_WORDS and _is_month(low, start, end):
                continue
            found.append((start, end + 1, word))
    found.sort()
    return found


def event_hits(text: str, common: bool = False) -> list[int]:
    """Start offsets of trigger words in `text` (see `event_matches`)."""
    return [start for start, _, _ in event_matches(text, common)]


def may_report_events(text: str) -> bool:
    """True when some trigger word form occurs as a whole word in `text`."""
    return bool(event_hits(text))


def event_window(text: str, hits: list[int] | None = None) -> str:
    """`text` with the sentences that cannot hold an event replaced by spaces (offsets kept).
    `hits`: the start offsets to keep sentences around (default: every trigger word, common ones
    included; the pipeline passes the hits that kept their event sense, nlp/sense.py)."""
    if hits is None:
        hits = event_hits(text, common=True)
    units = [(m.start(), m.end()) for m in UNIT.finditer(text) if m.end() > m.start()]
    if len(units) <= LEDE_UNITS + 2 * NEAR_UNITS + 1:
        return text
    hit_units = set()
    k = 0
    for h in sorted(hits):
        while k < len(units) - 1 and units[k][1] <= h:
            k += 1
        hit_units.add(k)
    keep = set(range(LEDE_UNITS))
    for i, (start, end) in enumerate(units):
        distance = min((abs(i - j) for j in hit_units), default=len(units))
        quoted = any(q in text[start:end] for q in ('"', "“", "”"))
        if distance <= NEAR_UNITS or (quoted and distance <= QUOTE_UNITS):
            keep.add(i)
    if len(keep) == len(units):
        return text
    out = list(text)
    for i, (start, end) in enumerate(units):
        if i not in keep:
            for j in range(start, end):
                if out[j] != "\n":
                    out[j] = " "
    return "".join(out)
