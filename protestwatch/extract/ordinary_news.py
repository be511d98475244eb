"""What an ordinary news stream says about events without reporting one of ours (issue 10).

Run at the end of `precision.not_events`; syntax through nlp.grammar, words in lexicons:
- a forecast is not a protest: "protests against the summit are expected to be muted";
- a called-off event did not happen: "campaigners have called off a demonstration" (negated);
- a told event that acts on something carries its verb's negation, not its own: "his sentence
  would not dent their resolve" names the sentence told, it does not deny one;
- a prison term is the sentence: "jailed for 14 years" is no new detention besides it;
- a company fined by a regulator is no sentence of ours: "its subsidiary, which has been fined";
- a hearing in a bankruptcy or other civil case, with no defendant, is no trial of ours.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..data import load_lexicon
from ..drafts import Draft, Mention
from ..nlp.grammar import grammar_for
from .syntax import antecedent, children_in, doc_text, relation

FINE_FORMS = {"fine", "fined", "fines", "fining"}
SHORT_TERM_UNITS = ("day", "days", "week", "weeks")  # "jailed for 15 days": an arrest served, kept as one


def _forecast(m: Mention, head: Token) -> bool:
    """A protest noun that is what a forecast verb predicts ("protests are expected")."""
    if m.type != "protest" or head.pos_ not in ("NOUN", "PROPN"):
        return False
    if relation(head) not in ("passive_subject", "object"):
        return False
    return head.head.lemma_.lower() in load_lexicon("expectation_verbs")


def _cancelled(head: Token) -> bool:
    """The event noun is the object of a verb that calls it off ("called off a march")."""
    if head.pos_ not in ("NOUN", "PROPN") or relation(head) not in ("object", "passive_subject"):
        return False
    verb = head.head
    particles = [c.lower_ for c in children_in(verb, "particle")]
    cancels = load_lexicon("cancel_verbs")
    lemma = verb.lemma_.lower()
    return lemma in cancels or any(f"{lemma} {p}" in cancels for p in particles)


def _negation_of_its_verb(m: Mention, head: Token, heads: set[int]) -> bool:
    """"X's sentence would not dent the resolve": the told event is the subject of another,
    negated verb with an object of its own; the negation is that verb's."""
    if m.modality != "negated" or head.pos_ not in ("NOUN", "PROPN") or relation(head) != "subject":
        return False
    verb = head.head
    if verb.i in heads or verb.lemma_.lower() in load_lexicon("light_verbs"):
        return False  # "the rally did not go ahead", "the protest did not take place": its own negation
    told = bool(children_in(head, "possessor")) or any(c.lower_ in ("the", "this", "that") for c in children_in(head, "determiner"))
    return told and bool(grammar_for(head.doc).objects(verb))


def _prison_term(doc: Doc, m: Mention) -> bool:
    """A detention that is a custodial term of months or years ("jailed for 14 years")."""
    if m.type != "detention" or m.sentence_kind != "custodial" or m.term_phrase is None:
        return False
    text = doc_text(doc)
    term = text[m.term_phrase.start:m.term_phrase.end].lower().split()
    after = " ".join(text[m.trigger.start:m.trigger.start + 120].lower().split(".")[0].split())
    return not any(w in SHORT_TERM_UNITS for w in term) and not any(w in after for w in load_lexicon("untried_markers"))


def _company_fined(m: Mention, head: Token) -> bool:
    # the lemmatizer gives "fin" for "fined": ask the word form
    if m.type != "sentence" or head.lower_ not in FINE_FORMS or head.pos_ != "VERB":
        return False
    g = grammar_for(head.doc)
    fined = g.passive_subjects(head) + g.objects(head)
    if relation(head) == "relative_clause":
        fined.append(antecedent(head))
    companies = load_lexicon("company_nouns")
    return bool(fined) and all(t.lemma_.lower() in companies for t in fined if t.lower_ not in ("which", "that", "who"))


def _civil_case(doc: Doc) -> bool:
    text = doc_text(doc).lower()
    return any(w in text for w in load_lexicon("civil_case_words"))


def _civil_hearing(m: Mention, civil_case: bool) -> bool:
    return civil_case and m.type == "trial" and not any(a.role == "defendant" for a in m.args)


def ordinary_news_readings(doc: Doc, draft: Draft, heads: dict[str, Token]) -> None:
    """Drop, mark supposed or correct the mentions above, in place."""
    head_ids = {h.i for h in heads.values()}
    # the article is read once, not once per hearing, and only when it tells a hearing
    civil_case = any(m.type == "trial" for m in draft.mentions) and _civil_case(doc)
    keep = []
    for m in draft.mentions:
        head = heads.get(m.id)
        if _prison_term(doc, m):
            m.type, m.subtype = "sentence", None
            m.args = [a.model_copy(update={"role": "defendant"}) if a.role == "detainee" else a for a in m.args]
        if head is not None:
            if _company_fined(m, head):
                continue
            if _forecast(m, head):
                m.modality = "hypothetical"
                m.supposed = True  # evidence for a protest told elsewhere, never one of its own
            elif _cancelled(head):
                m.modality = "negated"
            if _negation_of_its_verb(m, head, head_ids - {head.i}):
                m.modality = "asserted"
                m.reference = "definite"
        if _civil_hearing(m, civil_case):
            continue
        keep.append(m)
    draft.mentions = keep
