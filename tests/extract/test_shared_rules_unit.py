"""Shared discourse rules on parses built by hand (no model), asked through the grammar: the same
sentence in ClearNLP labels with Penn tags and in UD labels with UD features gives the same answer."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

import protestwatch
from protestwatch.data import load_table
from protestwatch.extract.discourse import _habitual_object, _in_condition, _reference
from protestwatch.extract.modality import _past_clause
from protestwatch.extract.syntax import name_kind


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parse(vocab, rows, grammar):
    """rows: (word, head, label, pos, Penn tag or UD features[, lemma]); `grammar` "clear" or "ud"."""
    rows = [tuple(r) + ("",) * (6 - len(r)) for r in rows]
    tagged = {"tags": [r[4] for r in rows]} if grammar == "clear" else {"morphs": [r[4] for r in rows]}
    doc = Doc(vocab, words=[r[0] for r in rows], heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[5] or r[0].lower() for r in rows], **tagged)
    doc.user_data["pw_grammar"] = grammar
    return doc


CUES = {row[0]: row[1] for row in load_table("reference")}


def test_an_event_noun_named_by_a_habit_is_a_kind_of_event(vocab):
    # "a group that monitors arrests": bare plural object of a simple present
    clear = parse(vocab, [("group", 0, "ROOT", "NOUN", "NN"), ("that", 2, "nsubj", "PRON", "WDT"),
                          ("monitors", 0, "relcl", "VERB", "VBZ"), ("arrests", 2, "dobj", "NOUN", "NNS")], "clear")
    ud = parse(vocab, [("group", 0, "root", "NOUN", "Number=Sing"), ("that", 2, "nsubj", "PRON", ""),
                       ("monitors", 0, "acl:relcl", "VERB", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
                       ("arrests", 2, "obj", "NOUN", "Number=Plur")], "ud")
    assert _habitual_object(clear[3]) and _habitual_object(ud[3])
    # "police made the arrests": a past verb and a determiner, so the arrests happened
    told = parse(vocab, [("police", 1, "nsubj", "NOUN", "Number=Plur"),
                         ("made", 1, "root", "VERB", "Tense=Past|VerbForm=Fin"), ("the", 3, "det", "DET", ""),
                         ("arrests", 1, "obj", "NOUN", "Number=Plur")], "ud")
    assert not _habitual_object(told[3])


def test_the_rally_and_those_detained_point_back(vocab):
    # "the rally"; "those detained"
    clear = parse(vocab, [("the", 1, "det", "DET", "DT"), ("rally", 1, "ROOT", "NOUN", "NN"),
                          ("those", 2, "nsubj", "PRON", "DT"), ("detained", 2, "acl", "VERB", "VBN")], "clear")
    ud = parse(vocab, [("the", 1, "det", "DET", "Definite=Def"), ("rally", 1, "root", "NOUN", "Number=Sing"),
                       ("those", 2, "nsubj", "PRON", ""),
                       ("detained", 2, "acl", "VERB", "Tense=Past|VerbForm=Part")], "ud")
    for doc in (clear, ud):
        assert _reference(doc[1], CUES) == "definite"
        assert _reference(doc[3], CUES) == "definite"
    # "rallies" with no determiner refers to no event told before
    bare = parse(vocab, [("rallies", 0, "root", "NOUN", "Number=Plur")], "ud")
    assert _reference(bare[0], CUES) is None


def test_an_event_inside_an_if_clause_is_a_condition(vocab):
    # "they would be arrested if they marched"
    rows = [("they", 3, "nsubjpass", "PRON", "PRP"), ("would", 3, "aux", "AUX", "MD"),
            ("be", 3, "auxpass", "AUX", "VB"), ("arrested", 3, "ROOT", "VERB", "VBN"),
            ("if", 6, "mark", "SCONJ", "IN"), ("they", 6, "nsubj", "PRON", "PRP"),
            ("marched", 3, "advcl", "VERB", "VBD")]
    clear = parse(vocab, rows, "clear")
    ud = parse(vocab, [(w, h, {"nsubjpass": "nsubj:pass", "auxpass": "aux:pass", "ROOT": "root"}.get(d, d), p, "")
                       for w, h, d, p, _ in rows], "ud")
    for doc in (clear, ud):
        assert _in_condition(doc[6], [doc[3]])      # the march is the condition of the arrest
        assert not _in_condition(doc[3], [doc[6]])  # the arrest is not inside the condition


def test_the_kind_of_a_party_and_the_tense_of_a_clause(vocab):
    # "a mechanic and Greens had marched": one person, a group (a plural name), a past perfect clause
    clear = parse(vocab, [("a", 1, "det", "DET", "DT"), ("mechanic", 4, "nsubj", "NOUN", "NN"),
                          ("Greens", 1, "conj", "PROPN", "NNPS"), ("had", 4, "aux", "AUX", "VBD", "have"),
                          ("marched", 4, "ROOT", "VERB", "VBN", "march")], "clear")
    ud = parse(vocab, [("a", 1, "det", "DET", "Definite=Ind"), ("mechanic", 4, "nsubj", "NOUN", "Number=Sing"),
                       ("Greens", 1, "conj", "PROPN", "Number=Plur"),
                       ("had", 4, "aux", "AUX", "Tense=Past|VerbForm=Fin", "have"),
                       ("marched", 4, "root", "VERB", "Tense=Past|VerbForm=Part", "march")], "ud")
    for doc in (clear, ud):
        assert name_kind(doc[1], "a mechanic") == "person"
        assert name_kind(doc[2], "Greens") == "group"
        assert _past_clause(doc[4])
    # "will march": no past
    future = parse(vocab, [("they", 2, "nsubj", "PRON", ""), ("will", 2, "aux", "AUX", "VerbForm=Fin"),
                           ("march", 2, "root", "VERB", "VerbForm=Inf")], "ud")
    assert not _past_clause(future[2])


def test_no_shared_rule_reads_parser_labels_or_tags():
    """Shared extract/ and link/ modules ask the grammar (nlp/grammar); only a language pack
    (extract/lang/) may read its own parser's labels."""
    root = Path(protestwatch.__file__).parent
    files = [p for d in ("extract", "link") for p in (root / d).rglob("*.py") if "lang" not in p.parts]
    assert files
    reads = [f"{p.relative_to(root)}:{i}" for p in files
             for i, line in enumerate(p.read_text("utf-8").splitlines(), 1) if re.search(r"\.(dep|tag)_?\b", line)]
    assert reads == []
