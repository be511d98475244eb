"""The syntax interface on parses built by hand (no model): the same questions answered from
ClearNLP labels (spaCy's English models) and from Universal Dependencies (Natasha, UD treebanks)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from protestwatch.nlp.grammar import FORMS, RELATIONS, Grammar, grammar_for, grammar_named
from protestwatch.nlp.grammar.clear import ClearGrammar
from protestwatch.nlp.grammar.ud import UDGrammar


@pytest.fixture(scope="module")
def en_vocab():
    return spacy.blank("en").vocab


@pytest.fixture(scope="module")
def ru_vocab():
    return spacy.blank("ru").vocab


def parse(vocab, rows, **extra):
    """rows: (word, head index, label[, pos[, morph[, lemma]]])."""
    rows = [tuple(r) + ("",) * (6 - len(r)) for r in rows]
    return Doc(vocab, words=[r[0] for r in rows], heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] or "X" for r in rows], morphs=[r[4] for r in rows],
               lemmas=[r[5] or r[0].lower() for r in rows], **extra)


def texts(tokens):
    return [t.text for t in tokens]


# --- choosing a grammar ---------------------------------------------------------------------------

def test_english_docs_get_clear_labels_and_russian_ud(en_vocab, ru_vocab):
    en = parse(en_vocab, [("Police", 1, "nsubj"), ("came", 1, "ROOT")])
    ru = parse(ru_vocab, [("Полиция", 1, "nsubj"), ("пришла", 1, "root")])
    assert isinstance(grammar_for(en), ClearGrammar)
    assert isinstance(grammar_for(ru), UDGrammar)
    assert isinstance(grammar_for(en), Grammar)


def test_user_data_overrides_the_language(en_vocab):
    doc = parse(en_vocab, [("Police", 1, "nsubj"), ("came", 1, "root")])
    doc.user_data["pw_grammar"] = "ud"
    assert grammar_for(doc).name == "ud"
    doc.user_data["pw_grammar"] = ClearGrammar()
    assert grammar_for(doc).name == "clear"
    with pytest.raises(ValueError, match="unknown grammar 'stanford'"):
        grammar_named("stanford")


# --- passive with an agent ------------------------------------------------------------------------

def test_clear_passive_with_agent(en_vocab):
    # "Ana and Ben were detained by police ."
    doc = parse(en_vocab, [("Ana", 4, "nsubjpass", "PROPN"), ("and", 0, "cc"), ("Ben", 0, "conj", "PROPN"),
                           ("were", 4, "auxpass", "AUX"), ("detained", 4, "ROOT", "VERB"),
                           ("by", 4, "agent", "ADP"), ("police", 5, "pobj", "NOUN"), (".", 4, "punct")])
    g = grammar_for(doc)
    verb = doc[4]
    assert g.is_passive(verb)
    assert texts(g.passive_subjects(verb)) == ["Ana", "Ben"]
    assert g.subjects(verb) == []
    assert texts(g.agents(verb)) == ["police"]
    assert g.dependents(verb)[-2:] == [("agent", "by", doc[6]), ("punct", "", doc[7])]
    assert g.relation(doc[0]) == "passive_subject" and g.relation(doc[5]) == "agent_marker"


def test_ud_passive_with_agent(en_vocab):
    # the same sentence in UD: the agent is the noun, its "by" a case marker
    doc = parse(en_vocab, [("Ana", 4, "nsubj:pass", "PROPN"), ("and", 2, "cc"), ("Ben", 0, "conj", "PROPN"),
                           ("were", 4, "aux:pass", "AUX"), ("detained", 4, "root", "VERB"),
                           ("by", 6, "case", "ADP"), ("police", 4, "obl:agent", "NOUN")])
    doc.user_data["pw_grammar"] = "ud"
    g = grammar_for(doc)
    verb = doc[4]
    assert g.is_passive(verb)
    assert texts(g.passive_subjects(verb)) == ["Ana", "Ben"]
    assert texts(g.agents(verb)) == ["police"]
    assert ("agent", "by", doc[6]) in g.dependents(verb)


def test_ud_russian_instrumental_agent(ru_vocab):
    # "Активист задержан полицией": a short passive participle, the agent in the instrumental
    doc = parse(ru_vocab, [("Активист", 1, "nsubj:pass", "NOUN", "Case=Nom"),
                           ("задержан", 1, "root", "VERB", "Voice=Pass|VerbForm=Part"),
                           ("полицией", 1, "obl", "NOUN", "Case=Ins")])
    g = grammar_for(doc)
    assert g.is_passive(doc[1])
    assert texts(g.passive_subjects(doc[1])) == ["Активист"]
    assert texts(g.agents(doc[1])) == ["полицией"]
    assert g.prep_objects(doc[1]) == []


def test_instrumental_of_an_active_verb_is_no_agent(ru_vocab):
    # "Он разогнал толпу дубинкой": "with a baton" is how, not who
    doc = parse(ru_vocab, [("Он", 1, "nsubj", "PRON"), ("разогнал", 1, "root", "VERB", "Voice=Act"),
                           ("толпу", 1, "obj", "NOUN", "Case=Acc"), ("дубинкой", 1, "obl", "NOUN", "Case=Ins")])
    g = grammar_for(doc)
    assert not g.is_passive(doc[1])
    assert g.agents(doc[1]) == []
    assert texts(g.subjects(doc[1])) == ["Он"] and texts(g.objects(doc[1])) == ["толпу"]


# --- conjoined verbs sharing a subject ------------------------------------------------------------

def test_clear_conjoined_verbs_share_the_subject(en_vocab):
    # "Police detained and beat protesters and journalists ."
    doc = parse(en_vocab, [("Police", 1, "nsubj", "NOUN"), ("detained", 1, "ROOT", "VERB"), ("and", 1, "cc"),
                           ("beat", 1, "conj", "VERB"), ("protesters", 3, "dobj", "NOUN"), ("and", 4, "cc"),
                           ("journalists", 4, "conj", "NOUN"), (".", 1, "punct")])
    g = grammar_for(doc)
    assert texts(g.subjects(doc[3])) == ["Police"]
    assert texts(g.objects(doc[3])) == ["protesters", "journalists"]
    assert g.objects(doc[1]) == []


def test_a_conjoined_verb_with_its_own_subject_keeps_it(en_vocab):
    # "Police charged and the crowd fled": "fled" has its own subject
    doc = parse(en_vocab, [("Police", 1, "nsubj", "NOUN"), ("charged", 1, "ROOT", "VERB"), ("and", 1, "cc"),
                           ("the", 4, "det"), ("crowd", 5, "nsubj", "NOUN"), ("fled", 1, "conj", "VERB")])
    g = grammar_for(doc)
    assert texts(g.subjects(doc[5])) == ["crowd"]


def test_clear_passive_subject_shared_by_a_conjoined_passive(en_vocab):
    # "He was detained and charged ."
    doc = parse(en_vocab, [("He", 2, "nsubjpass", "PRON"), ("was", 2, "auxpass", "AUX"),
                           ("detained", 2, "ROOT", "VERB"), ("and", 2, "cc"), ("charged", 2, "conj", "VERB"),
                           (".", 2, "punct")])
    g = grammar_for(doc)
    assert texts(g.passive_subjects(doc[4])) == ["He"]
    assert g.subjects(doc[4]) == []
    assert not g.is_passive(doc[4])  # its own arcs say nothing; the shared subject does


def test_ud_conjoined_verbs_share_the_subject(ru_vocab):
    # "Полиция задержала и избила протестующих"
    doc = parse(ru_vocab, [("Полиция", 1, "nsubj", "NOUN"), ("задержала", 1, "root", "VERB"), ("и", 3, "cc"),
                           ("избила", 1, "conj", "VERB"), ("протестующих", 3, "obj", "NOUN")])
    g = grammar_for(doc)
    assert texts(g.subjects(doc[3])) == ["Полиция"]
    assert texts(g.objects(doc[3])) == ["протестующих"]


# --- prepositional objects ------------------------------------------------------------------------

def test_clear_prepositional_objects(en_vocab):
    # "They marched to the ministry on Monday ."
    doc = parse(en_vocab, [("They", 1, "nsubj", "PRON"), ("marched", 1, "ROOT", "VERB"), ("to", 1, "prep", "ADP"),
                           ("the", 4, "det"), ("ministry", 2, "pobj", "NOUN"), ("On", 1, "prep", "ADP"),
                           ("Monday", 5, "pobj", "PROPN"), (".", 1, "punct")])
    g = grammar_for(doc)
    assert g.prep_objects(doc[1]) == [("to", doc[4]), ("on", doc[6])]
    assert g.relation(doc[4]) == "prep_object"


def test_ud_prepositional_objects(ru_vocab):
    # "Они вышли на площадь во вторник": "во" is the form of "в"
    doc = parse(ru_vocab, [("Они", 1, "nsubj", "PRON"), ("вышли", 1, "root", "VERB"), ("на", 3, "case", "ADP"),
                           ("площадь", 1, "obl", "NOUN", "Case=Acc"), ("во", 5, "case", "ADP", "", "в"),
                           ("вторник", 1, "obl", "NOUN", "Case=Acc")])
    g = grammar_for(doc)
    assert g.prep_objects(doc[1]) == [("на", doc[3]), ("в", doc[5])]


def test_ud_multiword_preposition(en_vocab):
    # "arrested because of the post": "because of" is one preposition
    doc = parse(en_vocab, [("arrested", 0, "root", "VERB"), ("because", 4, "case", "SCONJ"),
                           ("of", 1, "fixed", "ADP"), ("the", 4, "det"), ("post", 0, "obl", "NOUN")])
    doc.user_data["pw_grammar"] = "ud"
    assert grammar_for(doc).prep_objects(doc[0]) == [("because of", doc[4])]


# --- negation and clause heads --------------------------------------------------------------------

def test_clear_negation(en_vocab):
    # "Police did not detain anyone ."
    doc = parse(en_vocab, [("Police", 3, "nsubj", "NOUN"), ("did", 3, "aux", "AUX"), ("not", 3, "neg", "PART"),
                           ("detain", 3, "ROOT", "VERB"), ("anyone", 3, "dobj", "PRON")])
    g = grammar_for(doc)
    assert g.is_negated(doc[3])
    assert not g.is_negated(doc[0])


def test_ud_negation_by_polarity(ru_vocab):
    # "Полиция не задержала никого"
    doc = parse(ru_vocab, [("Полиция", 2, "nsubj", "NOUN"), ("не", 2, "advmod", "PART", "Polarity=Neg"),
                           ("задержала", 2, "root", "VERB"), ("никого", 2, "obj", "PRON")])
    g = grammar_for(doc)
    assert g.is_negated(doc[2])
    # an adverb of manner is no negation
    plain = parse(ru_vocab, [("Полиция", 2, "nsubj", "NOUN"), ("быстро", 2, "advmod", "ADV"),
                             ("задержала", 2, "root", "VERB")])
    assert not grammar_for(plain).is_negated(plain[2])


def test_clause_head_climbs_to_the_verb(en_vocab):
    # "They marched to the ministry": the ministry's clause is "marched"
    doc = parse(en_vocab, [("They", 1, "nsubj", "PRON"), ("marched", 1, "ROOT", "VERB"), ("to", 1, "prep", "ADP"),
                           ("the", 4, "det", "DET"), ("ministry", 2, "pobj", "NOUN")])
    g = grammar_for(doc)
    assert g.clause_head(doc[4]) == doc[1]
    assert g.clause_head(doc[1]) == doc[1]


def test_preposition_of_a_nominal_and_what_it_attaches_to(en_vocab, ru_vocab):
    # "workers went on strike": "strike" is the object of "on", the phrase hangs on "went"
    en = parse(en_vocab, [("workers", 1, "nsubj", "NOUN"), ("went", 1, "ROOT", "VERB"), ("on", 1, "prep", "ADP"),
                          ("strike", 2, "pobj", "NOUN")])
    g = grammar_for(en)
    assert g.preposition_of(en[3]) == "on" and g.prep_governor(en[3]) == en[1]
    assert g.preposition_of(en[0]) == "" and g.prep_governor(en[0]) == en[1]
    ru = parse(ru_vocab, [("рабочие", 1, "nsubj", "NOUN"), ("вышли", 1, "root", "VERB"), ("на", 3, "case", "ADP"),
                          ("забастовку", 1, "obl", "NOUN")])
    g = grammar_for(ru)
    assert g.preposition_of(ru[3]) == "на" and g.prep_governor(ru[3]) == ru[1]
    assert g.preposition_of(ru[0]) == ""


# --- word forms and number modifiers --------------------------------------------------------------

def test_clear_word_forms_come_from_the_tags(en_vocab):
    # "Police have detained protesters and Ivanov, marching , as NGOs say : he marches ."
    rows = [("Police", 2, "nsubj", "NOUN"), ("have", 2, "aux", "AUX"), ("detained", 2, "ROOT", "VERB"),
            ("protesters", 2, "dobj", "NOUN"), ("Ivanov", 3, "conj", "PROPN"), ("marching", 3, "acl", "VERB"),
            ("NGOs", 7, "nsubj", "PROPN"), ("say", 2, "advcl", "VERB"), ("he", 9, "nsubj", "PRON"),
            ("marches", 2, "conj", "VERB"), ("marched", 9, "conj", "VERB")]
    tags = ["NNS", "VBP", "VBN", "NNS", "NNP", "VBG", "NNPS", "VBP", "PRP", "VBZ", "VBD"]
    doc = parse(en_vocab, rows, tags=tags)
    g = grammar_for(doc)
    assert [g.form(t) for t in doc] == ["plural_noun", "present", "past_participle", "plural_noun", "name",
                                        "gerund", "plural_name", "present", "other", "present_3sg", "past"]


def test_ud_word_forms_come_from_the_features(ru_vocab):
    # "Протестующие были задержаны полицией ; полиция задерживает , задержала , задерживая"
    doc = parse(ru_vocab, [
        ("Протестующие", 2, "nsubj:pass", "NOUN", "Case=Nom|Number=Plur"),
        ("были", 2, "aux:pass", "AUX", "Number=Plur|Tense=Past|VerbForm=Fin"),
        ("задержаны", 2, "root", "VERB", "Aspect=Perf|Number=Plur|Tense=Past|VerbForm=Part|Voice=Pass"),
        ("полицией", 2, "obl", "NOUN", "Case=Ins|Number=Sing"),
        ("Навальный", 5, "nsubj", "PROPN", "Case=Nom|Number=Sing"),
        ("задерживает", 2, "conj", "VERB", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
        ("задерживают", 2, "conj", "VERB", "Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
        ("задерживая", 2, "advcl", "VERB", "Aspect=Imp|Tense=Pres|VerbForm=Conv"),
        ("задержать", 2, "xcomp", "VERB", "Aspect=Perf|VerbForm=Inf"),
        ("быстро", 2, "advmod", "ADV", "Degree=Pos"),
    ])
    g = grammar_for(doc)
    assert [g.form(t) for t in doc] == ["plural_noun", "past", "past_participle", "noun", "name", "present_3sg",
                                        "present", "gerund", "base", "other"]


def test_every_form_and_relation_reported_is_a_named_one(en_vocab, ru_vocab):
    en = parse(en_vocab, [("about", 1, "quantmod", "ADV"), ("200", 2, "nummod", "NUM"),
                          ("people", 3, "nsubj", "NOUN"), ("rallied", 3, "ROOT", "VERB")],
               tags=["RB", "CD", "NNS", "VBD"])
    ru = parse(ru_vocab, [("около", 1, "case", "ADP"), ("200", 2, "nummod:gov", "NUM"),
                          ("человек", 3, "nsubj", "NOUN", "Number=Plur"), ("вышли", 3, "root", "VERB", "Tense=Past|VerbForm=Fin")])
    for doc in (en, ru):
        g = grammar_for(doc)
        assert {g.form(t) for t in doc} <= FORMS and {g.relation(t) for t in doc} <= RELATIONS
    # "about 200": what qualifies the number, not the number itself
    assert [grammar_for(en).relation(t) for t in en] == ["number_modifier", "number", "subject", "root"]
    assert grammar_for(ru).relation(ru[1]) == "number"
