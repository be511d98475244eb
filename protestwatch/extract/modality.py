"""Modality of an event mention from its syntax: negation, denial, attribution, plans, threats,
conditionals. Cues live in lexicons/modality.tsv; the nearest cue above the trigger wins."""
from __future__ import annotations

import functools

from spacy.tokens import Token

from ..data import load_lexicon, load_table
from ..data.triggers import word_forms
from ..nlp.grammar import grammar_for
from .syntax import children_in, form, relation

# Only a complement carries a governor's modality: "said he was protesting" (ccomp), not
# "before his arrest, he said" (an adjunct of "said").
COMPLEMENT_RELATIONS = {"complement", "open_complement", "object", "prep_clause", "predicate", "attribute", "conjunct",
                        "adjective_complement"}
# a preposition's object: ClearNLP hangs it on the preposition, UD on the governor ("oblique")
PREP_RELATIONS = {"prep_object", "prep_marker", "oblique"}
NEGATORS = {"no", "never", "neither", "nor", "nobody", "none"}


@functools.cache
def _cues() -> dict[str, dict[str, str]]:
    cues: dict[str, dict[str, str]] = {"governor": {}, "aux": {}, "modifier": {}, "mark": {}}
    for cue, modality, where in load_table("modality"):
        cues[where][cue] = modality
    return cues


def _clause_verb(tok: Token) -> Token:
    """The verb heading the clause of `tok` (itself when it is a verb)."""
    return grammar_for(tok.doc).clause_head(tok)


CAPACITY_NOUNS = {"power", "powers", "right", "rights", "authority", "ability", "permission", "license", "licence",
                  "mandate", "freedom", "law", "laws"}
REPORTING = {"say", "tell", "announce", "vow", "pledge", "promise", "add", "insist", "write", "confirm"}


def _reported_future(verb: Token) -> bool:
    """'would' in the complement of a reporting verb, with no condition: a future in the past."""
    if any(t.lower_ in ("if", "unless") for t in verb.sent):
        return False
    while relation(verb) == "conjunct" and verb.head.i != verb.i:
        verb = verb.head  # "said the gathering was unlawful and that those detained would be charged"
    return relation(verb) == "complement" and verb.head.lemma_.lower() in REPORTING


STATE_ACTS = {"arrest", "detain", "detention", "charge", "sentence", "fine", "release", "ban", "jail", "convict",
              "deport", "summon", "sanction", "investigate", "investigation", "free", "custody"}


# a release or a court's ruling is on the public record, whoever reports it
UNCONTESTED = {"release", "free", "pardon", "parole", "bail", "sentence", "convict", "conviction", "acquit",
               "find", "fine", "charge", "trial", "hearing", "appeal",
               # a state's public statement, as its news agency reports it
               "reject", "condemn", "denounce"}


FIRST_HAND = {"lawyer", "lawyers", "attorney", "attorneys", "wife", "husband", "mother", "father", "son", "daughter",
              "brother", "sister", "family", "relatives", "parents", "colleagues"}


@functools.cache
def _uncontested() -> frozenset[str]:
    return frozenset(f for lemma in UNCONTESTED for f in word_forms(lemma))


def _authority_reports_itself(verb: Token, head: Token) -> bool:
    """An authority reporting its own act, or a detainee's lawyer or family reporting what
    happened to them, is reporting fact; rights groups' counts and accusations stay alleged."""
    if verb.lemma_.lower() not in ("say", "report", "announce", "confirm", "tell") or head.lemma_.lower() not in STATE_ACTS:
        return False
    subj = next(iter(children_in(verb, "subject")), None)
    if subj is None:
        return False
    words = {t.lower_ for t in subj.subtree}
    return bool(words & load_lexicon("authorities")) or bool(words & FIRST_HAND) or _described_first_hand(subj)


def _described_first_hand(subj: Token) -> bool:
    """"Gharbi said" after "his lawyer, Sonia Gharbi, told AFP": a name the story calls a lawyer
    or a relative elsewhere."""
    if subj.pos_ != "PROPN":
        return False
    for t in subj.doc:
        if t.text != subj.text or t.i == subj.i:
            continue
        if (relation(t) == "apposition" and t.head.lower_ in FIRST_HAND) or any(
                relation(c) == "apposition" and c.lower_ in FIRST_HAND for c in t.children):
            return True
    return False


def is_reported(head: Token) -> bool:
    """The event's clause is what someone said: "the minister said no officer had used ..."."""
    verb = _clause_verb(head)
    return relation(verb) == "complement" and verb.head.lemma_.lower() in ("say", "insist", "state", "tell")


def is_negated(head: Token) -> bool:
    g = grammar_for(head.doc)
    verb = g.clause_head(head)
    if g.is_negated(head) or g.is_negated(verb):
        return True
    if any(c.lower_ in NEGATORS for c in children_in(head, "determiner")):
        return True
    for c in children_in(verb, "subject", "passive_subject"):  # "no one was detained", "nobody was hurt"
        if c.lower_ in NEGATORS or any(d.lower_ in NEGATORS for d in children_in(c, "determiner")):
            return True
    return False


def _past_clause(verb: Token) -> bool:
    """A clause told in the past: "had delayed", "has closed", "closed"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxiliaries = children_in(verb, "aux")
    if any(c.lower_ in ("will", "would", "could", "may", "might", "to", "shall") for c in auxiliaries):
        return False
    return form(verb) == "past" or (form(verb) == "past_participle" and any(c.lemma_ == "have" for c in auxiliaries))


def mention_modality(head: Token) -> str:
    """Return the contract modality of the event whose trigger head is `head`."""
    cues = _cues()
    if is_negated(head):
        return "negated"
    cur = head
    for _ in range(3):  # "the power to arrest", "the right to protest": a capacity, not an event
        if relation(cur) in {"open_complement", "clausal_modifier", "relative_clause", "object"} | PREP_RELATIONS \
                and cur.head.lemma_.lower() in CAPACITY_NOUNS:
            return "hypothetical"
        cur = cur.head
    for c in children_in(head, "adjective_modifier", "adverb_modifier"):
        if c.lower_ in cues["modifier"]:
            return cues["modifier"][c.lower_]
    verb = _clause_verb(head)
    for c in verb.children:
        rel = relation(c)
        if rel == "aux" and c.lower_ in cues["aux"]:
            if verb.lemma_.lower() in load_lexicon("duration_verbs") \
                    and relation(head) in ("subject", "passive_subject") \
                    and head.head.i == verb.i:
                continue  # "the entry ban will last five years": the ban is in force
            if c.lower_ == "would" and any(a.lower_ == "rather" for a in verb.children):
                return "hypothetical"  # "I would rather be arrested here than ...": a preference
            if c.lower_ == "would" and _reported_future(verb):
                return "planned"  # "he said he would appeal"
            return cues["aux"][c.lower_]
        if rel == "adverb_modifier" and c.lower_ in cues["modifier"]:
            return cues["modifier"][c.lower_]
        if rel == "marker" and c.lower_ in cues["mark"]:
            return cues["mark"][c.lower_]
        if rel == "prep_marker" and c.lower_ == "according" and head.lemma_.lower() not in UNCONTESTED:
            return "alleged"  # a court's ruling is on the record, whoever it is "according to"
    if any(t.lower_ == "need" and t.nbor(-1).lower_ == "if" for t in head.sent if t.i > 0):
        if verb.i < max(t.i for t in head.sent if t.lower_ == "need"):
            return "hypothetical"
    # "..., a claim the ministry denied": the whole report is denied; but "was convicted of X, a
    # charge his family denies": the verdict stands on the record, the family denies the offence
    verdict = head.lemma_.lower() in ("convict", "conviction", "sentence", "find")
    for t in head.sent:
        if not verdict and t.lemma_.lower() in ("claim", "accusation", "allegation", "report", "charge") and (
                head.i not in {x.i for x in t.subtree} or t.i > head.i):
            if any(c.lemma_.lower() in ("deny", "reject", "dismiss", "refute")
                   for c in children_in(t, "relative_clause", "clausal_modifier")):
                return "denied"
    child, cur = head, head.head
    while cur.i != child.i:
        child_rel = relation(child)
        if child_rel == "passive_subject" and cues["governor"].get(cur.lemma_.lower()) == "planned":
            return "planned"  # "a rally was planned for Saturday", "a hearing was scheduled"
        if cur.pos_ in ("VERB", "AUX", "NOUN") and child_rel in COMPLEMENT_RELATIONS | PREP_RELATIONS:
            modality = cues["governor"].get(cur.lemma_.lower())
            if modality == "alleged" and (_authority_reports_itself(cur, head) or head.lower_ in _uncontested()
                                          or head.lemma_.lower() in UNCONTESTED):
                # "X was arrested, police said"; "they were released, their lawyers said"
                modality = None  # "X was arrested, police said": the authority reports its own act
            if modality == "threatened" and _past_clause(child):
                modality = None  # "warned that a strike had delayed deliveries": a past fact, no threat
            if modality and cur.pos_ != "NOUN" and child_rel in COMPLEMENT_RELATIONS:
                if not is_negated(cur) or modality != "denied":
                    return modality
            if cur.pos_ == "VERB":
                for c in cur.children:
                    if relation(c) == "aux" and cues["aux"].get(c.lower_) == "hypothetical":
                        return "hypothetical"
                    if relation(c) == "marker" and c.lower_ in cues["mark"]:
                        return cues["mark"][c.lower_]
        child, cur = cur, cur.head
    for t in head.sent:  # "According to X, ..." at sentence level
        if t.lower_ == "according" and t.head == _clause_verb(t.head) and t.i < head.i:
            return "alleged"
    return "asserted"
