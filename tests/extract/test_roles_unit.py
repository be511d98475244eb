"""Role rules and their guards on parses built by hand (no model): who is detained, who detains,
who protests, for ClearNLP-labelled parses and the same sentences in UD labels."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from protestwatch.drafts import Draft, NameMention
from protestwatch.extract.arguments import _is_money, add_participant, mention_arguments
from protestwatch.extract.triggers import Trigger
from protestwatch.records import Article


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parse(vocab, rows, grammar=None):
    """rows: (word, head index, label, pos, tag[, entity IOB label]); spaces between all words."""
    rows = [tuple(r) + ("O",) * (6 - len(r)) for r in rows]
    doc = Doc(vocab, words=[r[0] for r in rows], heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], tags=[r[4] for r in rows], lemmas=[_lemma(r[0]) for r in rows],
              ents=[r[5] for r in rows])
    if grammar:
        doc.user_data["pw_grammar"] = grammar
    return doc


LEMMAS = {"detained": "detain", "was": "be", "were": "be", "beat": "beat", "staged": "stage", "charged": "charge",
          "held": "hold", "planned": "plan", "protesters": "protester", "relatives": "relative", "officers": "officer"}


def _lemma(word: str) -> str:
    return LEMMAS.get(word.lower(), word.lower())


def draft_for(doc, *names: tuple[str, str]) -> Draft:
    """A draft over `doc`'s text knowing the given (name, kind) mentions."""
    text = doc.text
    mentions = [NameMention(text=n, start=text.index(n), end=text.index(n) + len(n), kind=k) for n, k in names]
    return Draft(article=Article(id="unit", text=text), names=mentions)


def roles(doc, head_i, etype, draft, subtype=None):
    trig = Trigger(start=head_i, end=head_i + 1, head=doc[head_i], type=etype, subtype=subtype, source="lexicon")
    return sorted((a.role, a.name) for a in mention_arguments(doc[head_i], trig, etype, draft))


PASSIVE_CLEAR = [("Ana", 1, "compound", "PROPN", "NNP", "B-PERSON"), ("Lee", 3, "nsubjpass", "PROPN", "NNP", "I-PERSON"),
                 ("was", 3, "auxpass", "AUX", "VBD"), ("detained", 3, "ROOT", "VERB", "VBN"),
                 ("by", 3, "agent", "ADP", "IN"), ("police", 4, "pobj", "NOUN", "NNS"), (".", 3, "punct", "PUNCT", ".")]
PASSIVE_UD = [("Ana", 1, "flat:name", "PROPN", "NNP", "B-PERSON"), ("Lee", 3, "nsubj:pass", "PROPN", "NNP", "I-PERSON"),
              ("was", 3, "aux:pass", "AUX", "VBD"), ("detained", 3, "root", "VERB", "VBN"),
              ("by", 5, "case", "ADP", "IN"), ("police", 3, "obl:agent", "NOUN", "NNS"), (".", 3, "punct", "PUNCT", ".")]


@pytest.mark.parametrize("rows, grammar", [(PASSIVE_CLEAR, None), (PASSIVE_UD, "ud")], ids=["clear", "ud"])
def test_passive_detention_names_detainee_and_agent(vocab, rows, grammar):
    doc = parse(vocab, rows, grammar)
    draft = draft_for(doc, ("Ana Lee", "person"))
    assert roles(doc, 3, "detention", draft) == [("authority", "police"), ("detainee", "Ana Lee")]


CONJOINED_CLEAR = [("Police", 1, "nsubj", "NOUN", "NNS"), ("detained", 1, "ROOT", "VERB", "VBD"),
                   ("and", 1, "cc", "CCONJ", "CC"), ("beat", 1, "conj", "VERB", "VBD"),
                   ("protesters", 3, "dobj", "NOUN", "NNS"), (".", 1, "punct", "PUNCT", ".")]
CONJOINED_UD = [("Police", 1, "nsubj", "NOUN", "NNS"), ("detained", 1, "root", "VERB", "VBD"),
                ("and", 3, "cc", "CCONJ", "CC"), ("beat", 1, "conj", "VERB", "VBD"),
                ("protesters", 3, "obj", "NOUN", "NNS"), (".", 1, "punct", "PUNCT", ".")]


@pytest.mark.parametrize("rows, grammar", [(CONJOINED_CLEAR, None), (CONJOINED_UD, "ud")], ids=["clear", "ud"])
def test_conjoined_verb_takes_the_shared_subject(vocab, rows, grammar):
    doc = parse(vocab, rows, grammar)
    assert roles(doc, 3, "police_violence", draft_for(doc)) == [("perpetrator", "Police"), ("victim", "protesters")]


def test_conjoined_passive_shares_its_patient(vocab):
    # "Ana Lee was detained and charged ."
    doc = parse(vocab, [("Ana", 1, "compound", "PROPN", "NNP", "B-PERSON"),
                        ("Lee", 3, "nsubjpass", "PROPN", "NNP", "I-PERSON"), ("was", 3, "auxpass", "AUX", "VBD"),
                        ("detained", 3, "ROOT", "VERB", "VBN"), ("and", 3, "cc", "CCONJ", "CC"),
                        ("charged", 3, "conj", "VERB", "VBN"), (".", 3, "punct", "PUNCT", ".")])
    assert roles(doc, 5, "charge", draft_for(doc, ("Ana Lee", "person"))) == [("defendant", "Ana Lee")]


def test_arrest_of_names_the_detainee(vocab):
    # "the arrest of Ana Lee"
    doc = parse(vocab, [("the", 1, "det", "DET", "DT"), ("arrest", 1, "ROOT", "NOUN", "NN"),
                        ("of", 1, "prep", "ADP", "IN"), ("Ana", 4, "compound", "PROPN", "NNP", "B-PERSON"),
                        ("Lee", 2, "pobj", "PROPN", "NNP", "I-PERSON")])
    assert roles(doc, 1, "detention", draft_for(doc, ("Ana Lee", "person"))) == [("detainee", "Ana Lee")]


def test_subject_of_a_light_verb_protests(vocab):
    # "Workers staged a protest ."
    doc = parse(vocab, [("Workers", 1, "nsubj", "NOUN", "NNS"), ("staged", 1, "ROOT", "VERB", "VBD"),
                        ("a", 3, "det", "DET", "DT"), ("protest", 1, "dobj", "NOUN", "NN"),
                        (".", 1, "punct", "PUNCT", ".")])
    assert roles(doc, 3, "protest", draft_for(doc)) == [("protester", "Workers")]


def test_a_city_among_two_subjects_is_where_not_who(vocab):
    # "Ankara , relatives held a vigil": the parser makes both subjects
    doc = parse(vocab, [("Ankara", 3, "nsubj", "PROPN", "NNP", "B-GPE"), (",", 3, "punct", "PUNCT", ","),
                        ("relatives", 3, "nsubj", "NOUN", "NNS"), ("held", 3, "ROOT", "VERB", "VBD"),
                        ("a", 5, "det", "DET", "DT"), ("vigil", 3, "dobj", "NOUN", "NN")])
    assert roles(doc, 5, "protest", draft_for(doc)) == [("protester", "relatives")]


def test_police_are_never_the_detainees(vocab):
    # "officers detained police" is a misparse: the guard drops the police as detainee
    doc = parse(vocab, [("officers", 1, "nsubj", "NOUN", "NNS"), ("detained", 1, "ROOT", "VERB", "VBD"),
                        ("police", 1, "dobj", "NOUN", "NNS")])
    args: list = []
    add_participant(args, "detainee", doc[2], draft_for(doc))
    assert args == []
    add_participant(args, "authority", doc[2], draft_for(doc))
    assert [(a.role, a.name) for a in args] == [("authority", "police")]


def test_money_is_no_participant():
    assert _is_money("$500")
    assert _is_money("two million tenge")
    assert not _is_money("two activists")


# --- trigger guards ------------------------------------------------------------------------------

from protestwatch.extract import triggers as trigger_rules  # noqa: E402


def test_release_needs_a_person_released(vocab):
    people = parse(vocab, [("Police", 1, "nsubj", "NOUN", "NNS"), ("released", 1, "ROOT", "VERB", "VBD"),
                           ("the", 3, "det", "DET", "DT"), ("prisoners", 1, "dobj", "NOUN", "NNS")])
    album = parse(vocab, [("The", 1, "det", "DET", "DT"), ("band", 2, "nsubj", "NOUN", "NN"),
                          ("released", 2, "ROOT", "VERB", "VBD"), ("an", 4, "det", "DET", "DT"),
                          ("album", 2, "dobj", "NOUN", "NN")])
    assert trigger_rules.guard_person_object(people[1])
    assert not trigger_rules.guard_person_object(album[2])


def test_protest_leaders_are_people_not_a_protest(vocab):
    leaders = parse(vocab, [("protest", 1, "compound", "NOUN", "NN"), ("leaders", 1, "ROOT", "NOUN", "NNS")])
    protest = parse(vocab, [("the", 1, "det", "DET", "DT"), ("protest", 1, "ROOT", "NOUN", "NN")])
    assert not trigger_rules.guard_not_person_modifier(leaders[0])
    assert trigger_rules.guard_not_person_modifier(protest[1])


def test_demonstrated_that_is_no_demonstration(vocab):
    # "The study demonstrated that it works" / "Thousands demonstrated"
    clause = parse(vocab, [("study", 1, "nsubj", "NOUN", "NN"), ("demonstrated", 1, "ROOT", "VERB", "VBD"),
                           ("that", 4, "mark", "SCONJ", "IN"), ("it", 4, "nsubj", "PRON", "PRP"),
                           ("works", 1, "ccomp", "VERB", "VBZ")])
    crowd = parse(vocab, [("Thousands", 1, "nsubj", "NOUN", "NNS"), ("demonstrated", 1, "ROOT", "VERB", "VBD")])
    assert not trigger_rules.guard_intransitive(clause[1])
    assert trigger_rules.guard_intransitive(crowd[1])


def test_cardiac_arrest_and_arrest_warrants_are_no_detention(vocab):
    cardiac = parse(vocab, [("cardiac", 1, "amod", "ADJ", "JJ"), ("arrest", 1, "ROOT", "NOUN", "NN")])
    warrant = parse(vocab, [("arrest", 1, "compound", "NOUN", "NN"), ("warrant", 1, "ROOT", "NOUN", "NN")])
    arrest = parse(vocab, [("the", 1, "det", "DET", "DT"), ("arrest", 1, "ROOT", "NOUN", "NN")])
    assert not trigger_rules.guard_detention_noun(cardiac[1])
    assert not trigger_rules.guard_detention_noun(warrant[0])
    assert trigger_rules.guard_detention_noun(arrest[1])


def test_held_is_custody_only_by_police_or_in_a_place_of_custody(vocab):
    by_police = parse(vocab, [("He", 2, "nsubjpass", "PRON", "PRP"), ("was", 2, "auxpass", "AUX", "VBD"),
                              ("held", 2, "ROOT", "VERB", "VBN"), ("by", 2, "agent", "ADP", "IN"),
                              ("police", 3, "pobj", "NOUN", "NNS")])
    rally = parse(vocab, [("They", 1, "nsubj", "PRON", "PRP"), ("held", 1, "ROOT", "VERB", "VBD"),
                          ("a", 3, "det", "DET", "DT"), ("rally", 1, "dobj", "NOUN", "NN")])
    assert trigger_rules.guard_held_in_custody(by_police[2])
    assert not trigger_rules.guard_held_in_custody(rally[1])



# --- modality -------------------------------------------------------------------------------------

from protestwatch.extract.modality import mention_modality  # noqa: E402


@pytest.mark.parametrize("grammar, neg_label, subj_label", [(None, "neg", "nsubj"), ("ud", "advmod", "nsubj")])
def test_not_detained_is_negated(vocab, grammar, neg_label, subj_label):
    # "Police did not detain anyone"
    doc = parse(vocab, [("Police", 3, subj_label, "NOUN", "NNS"), ("did", 3, "aux", "AUX", "VBD"),
                        ("not", 3, neg_label, "PART", "RB"), ("detain", 3, "ROOT", "VERB", "VB")], grammar)
    assert mention_modality(doc[3]) == "negated"


def test_no_one_was_detained_is_negated_and_a_plain_detention_asserted(vocab):
    nobody = parse(vocab, [("No", 1, "det", "DET", "DT"), ("one", 3, "nsubjpass", "PRON", "NN"),
                           ("was", 3, "auxpass", "AUX", "VBD"), ("detained", 3, "ROOT", "VERB", "VBN")])
    some = parse(vocab, [("Ten", 1, "nummod", "NUM", "CD"), ("people", 3, "nsubjpass", "NOUN", "NNS"),
                         ("were", 3, "auxpass", "AUX", "VBD"), ("detained", 3, "ROOT", "VERB", "VBN")])
    assert mention_modality(nobody[3]) == "negated"
    assert mention_modality(some[3]) == "asserted"


def test_a_rally_planned_for_saturday_is_planned(vocab):
    # "A rally was planned": the event is the passive subject of a planning verb
    doc = parse(vocab, [("A", 1, "det", "DET", "DT"), ("rally", 3, "nsubjpass", "NOUN", "NN"),
                        ("was", 3, "auxpass", "AUX", "VBD"), ("planned", 3, "ROOT", "VERB", "VBN")])
    assert mention_modality(doc[1]) == "planned"
