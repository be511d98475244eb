"""Security forces: one lexicon (security_forces.txt), its words and phrases found once per document."""
from __future__ import annotations

import spacy

from protestwatch.extract.syntax import is_security_force, names_security_force, security_force_tokens


def make(text: str):
    return spacy.blank("en")(text)


def test_security_force_phrases_and_words_from_one_lexicon():
    doc = make("Riot police and security forces detained students; an officer watched the market forces.")
    forces = [t.text for t in doc if is_security_force(t)]
    # a phrase marks its head word; "market forces" too: a known limit of a word list
    assert forces == ["police", "forces", "officer", "forces"]
    assert names_security_force(doc[3:5])
    assert not names_security_force(doc[3:4])  # "security" alone
    assert not names_security_force(make("Riot gear and a security camera were found."))
    assert security_force_tokens(doc) is doc.user_data["pw_force_tokens"]


def test_an_army_veteran_is_no_security_force():
    doc = make("Marcus Hill, an Army veteran, was shot.")
    assert not any(is_security_force(t) for t in doc)
