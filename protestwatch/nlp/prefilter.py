"""A cheap test run before parsing: does the text contain any word that can start an event?

An Aho-Corasick automaton over the lower-cased text finds trigger word forms; a hit counts only at
word boundaries. Articles with no hit skip spaCy entirely.
"""
from __future__ import annotations

import functools

import ahocorasick


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    from ..data.triggers import trigger_words

    auto = ahocorasick.Automaton()
    for word in trigger_words():
        auto.add_word(word, word)
    auto.make_automaton()
    return auto


def may_report_events(text: str) -> bool:
    """True when some trigger word form occurs as a whole word in `text`."""
    low = text.lower()
    n = len(low)
    for end, word in _automaton().iter(low):
        start = end - len(word) + 1
        if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == n or not low[end + 1].isalnum()):
            return True
    return False
