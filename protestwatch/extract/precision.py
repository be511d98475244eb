"""Mentions that name an event without reporting one (issue 10, points 2 and 3).

Run after `discourse.statements_not_facts`; each rule asks the grammar (nlp.grammar), not parser
labels, and its words are lexicons:
- what someone is called on to do is a demand: "called on the government to free prisoners";
- a summons' purpose is the summons: "summoned the envoy to protest ..." is no protest;
- a quoted possibility is rhetoric: "they can arrest all of us";
- an event that another waits for is a condition: "a sit-in until all marchers are freed";
- a participant noun inside another event or a show of support names people, not a protest:
  "the release of 290 marchers", "in support of the protesters";
- "convicted on the same charge" names an offence already told, not a charge brought;
- "arrested with them" is one of the people of the arrest told (a definite reference);
- a count of people held now is a statistic, not a detention ("600 people are currently held on
  political charges"), and so are the charges it names;
- "have not commented on her hunger strike" does not negate the strike;
- a quoted label ("described him as 'a participant in the riots'") has no protester outside the quote;
- a bare plural event noun in a rule is a kind of event ("organisers of marches must declare them");
- a past relative clause about a named person is a fact whatever governs the sentence ("would not
  eat until she could see her son, Andrés Colmenares, who was arrested on July 31");
- a protest recalled by an anniversary is history told elsewhere ("the anniversary of the
  demonstrations"), and bare plural protests an arrest is for are a kind of act ("arrested over
  protests or social media posts");
- people described by what happens to their kind are a class, not an event ("who has defended
  women arrested for removing their headscarves");
- those a law has been used against are a tally ("a charge that has been used against hundreds of
  protesters"), not a protest;
- what a ban forbids did not happen by being banned: "street protests have been banned since 2013"
  ("banned the march" refers to the march told).
Dropped mentions are gone; supposed ones may still add evidence to an event told elsewhere.

`time_held_is_no_term` keeps time already held ("ending five months of pretrial detention")
out of a sentence's term.

`borrowed_dates` marks the date of a definite event noun inside another phrase ("rejected on
Tuesday an appeal against his sentence", "voiced support for the protests on Tuesday") as taken
from that phrase: the sentence and the protests are the ones told elsewhere, not Tuesday's.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..data import load_lexicon
from ..drafts import Draft, Mention
from ..nlp.grammar import grammar_for
from .quotes import in_quote
from .ordinary_news import ordinary_news_readings
from .syntax import PRONOUNS_PLURAL as PLURAL_PRONOUNS, children_in, doc_text, form, prep_governor, \
    preposition_of, relation, trigger_span

INFINITIVE_CLAUSES = ("open_complement", "adverbial_clause")


def _heads(doc: Doc, draft: Draft) -> dict[str, Token]:
    out = {}
    for m in draft.mentions:
        span = trigger_span(doc, m)
        if span is not None:
            out[m.id] = span.root
    return out


def _to_infinitive_of(head: Token) -> Token | None:
    """The verb whose to-infinitive clause `head` heads ("to free" in "called on X to free Y")."""
    if head.pos_ != "VERB" or relation(head) not in INFINITIVE_CLAUSES:
        return None
    if not any(c.lower_ == "to" for c in children_in(head, "aux", "marker")):
        return None
    return head.head


def _marker_of(head: Token) -> str | None:
    if relation(head) != "adverbial_clause":
        return None
    marks = children_in(head, "marker")
    return marks[0].lower_ if marks else None


def _is_demanded(m: Mention, head: Token) -> bool:
    gov = _to_infinitive_of(head)
    return m.type != "protest" and gov is not None and gov.lemma_.lower() in load_lexicon("appeal_verbs")


def _summons_purpose(m: Mention, head: Token, by_head: dict[int, Mention]) -> bool:
    gov = _to_infinitive_of(head)
    other = by_head.get(gov.i) if gov is not None else None
    return m.type == "protest" and other is not None and other.subtype == "summons"


def _quoted_possibility(doc: Doc, m: Mention, head: Token) -> bool:
    modals = load_lexicon("modal_rhetoric")
    verb = head
    while relation(verb) == "conjunct" and not children_in(verb, "aux"):
        verb = verb.head  # "they can arrest all of us, but cannot arrest the truth"
    return in_quote(doc, m.trigger.start) and any(c.lower_ in modals for c in children_in(verb, "aux"))


def _awaited(head: Token) -> bool:
    return _marker_of(head) in load_lexicon("awaited_markers")


def _banned_kind(m: Mention, head: Token, by_head: dict[int, Mention]) -> bool:
    """A protest noun that is what a ban mention forbids (its object or passive subject)."""
    if m.type != "protest" or head.pos_ not in ("NOUN", "PROPN") or m.secondary or m.reference == "definite":
        return False  # "police banned the march": the march told, which went ahead
    if relation(head) not in ("object", "passive_subject"):
        return False
    other = by_head.get(head.head.i)
    return other is not None and other.type == "ban"


DEFINITE_DETERMINERS = {"the", "these", "those"}


def _people_of_other_phrase(m: Mention, head: Token, by_head: dict[int, Mention]) -> bool:
    if m.type != "protest" or not preposition_of(head):
        return False
    gov = prep_governor(head)
    if gov.pos_ != "NOUN":
        return False
    support = gov.lemma_.lower() in load_lexicon("support_nouns")
    if not m.secondary:  # "voiced support for the protests": the protests told, named again
        return support and form(head) == "plural_noun" and any(
            c.lower_ in DEFINITE_DETERMINERS for c in children_in(head, "determiner"))
    other = by_head.get(gov.i)
    return (other is not None and other.type != "protest") or support


def _same_offence(m: Mention, head: Token) -> bool:
    return m.type == "charge" and head.pos_ == "NOUN" and bool(preposition_of(head)) and \
        any(c.lower_ in load_lexicon("same_words") for c in head.children)


def _taken_with_them(m: Mention, head: Token) -> bool:
    """"X was arrested with them": X joins the detention of the people just told."""
    return m.type == "detention" and head.pos_ == "VERB" and any(
        marker == "with" and obj.lower_ in PLURAL_PRONOUNS for marker, obj in grammar_for(head.doc).prep_objects(head))


STATISTIC_COUNT = 100  # people held, counted in the hundreds: a tally, not one detention
PRESENT_AUX = {"is", "are", "'re"}


def _count_held_now(m: Mention, head: Token) -> bool:
    if m.type != "detention" or head.lemma_.lower() not in load_lexicon("custody_states") and \
            head.lower_ not in load_lexicon("custody_states"):
        return False
    if not any(c.lower_ in PRESENT_AUX for c in children_in(head, "aux", "passive_aux")):
        return False
    people = [t for s in grammar_for(head.doc).passive_subjects(head) for t in s.subtree]
    return any(t.like_num and t.text.replace(",", "").isdigit() and int(t.text.replace(",", "")) >= STATISTIC_COUNT
               for t in people)


def _negated_comment(m: Mention, head: Token) -> bool:
    if m.modality != "negated" or m.reference != "definite" or head.pos_ != "NOUN":
        return False
    gov = prep_governor(head)
    return gov.lemma_.lower() in load_lexicon("comment_verbs")


def _outside_quote_label(doc: Doc, m: Mention) -> bool:
    return m.type == "protest" and in_quote(doc, m.trigger.start) and bool(m.args) and \
        not any(in_quote(doc, a.start) for a in m.args)


def _kind_in_rule(head: Token) -> bool:
    if form(head) != "plural_noun" or children_in(head, "determiner", "possessor", "number"):
        return False
    clause = grammar_for(head.doc).clause_head(head)
    return any(c.lower_ in load_lexicon("rule_modals") for c in children_in(clause, "aux"))


def _bare_definite_plural(m: Mention, head: Token) -> bool:
    """"dismissed the demonstrations as ...": with no one, no date and no place of its own, the
    protests named again as an object are those told ("since the protests began on Oct. 23" dates
    a wave of its own)."""
    return m.type == "protest" and not m.secondary and not m.args and m.reference is None and \
        (relation(head) == "object" or bool(preposition_of(head))) and \
        form(head) == "plural_noun" and (m.date_phrase is None or m.date_inherited) and \
        (m.place_phrase is None or m.place_inherited) and \
        any(c.lower_ in DEFINITE_DETERMINERS for c in children_in(head, "determiner"))


PAST_AUX = {"was", "were", "had"}
NON_FACT = {"hypothetical", "planned", "threatened"}


def _named_antecedent(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in children_in(tok, "apposition"))


def _past_about_named(m: Mention, head: Token) -> bool:
    if m.modality not in NON_FACT or head.pos_ != "VERB":
        return False
    verb = head
    while relation(verb) == "conjunct":
        verb = verb.head  # "who was arrested ... and charged two days later"
    if relation(verb) != "relative_clause" or not _named_antecedent(verb.head):
        return False
    return form(verb) == "past" or any(c.lower_ in PAST_AUX for c in children_in(verb, "aux", "passive_aux"))


def _recalled_or_reason(m: Mention, head: Token, by_head: dict[int, Mention]) -> bool:
    if m.type != "protest" or m.secondary or head.pos_ != "NOUN" or not preposition_of(head):
        return False
    gov = prep_governor(head)
    marker = grammar_for(head.doc).preposition_of(head)
    if marker == "of" and gov.lemma_.lower() in load_lexicon("anniversary_nouns"):
        # "the 2011 student protests" carry a year of their own: a dated past event, kept
        return not _has_own_year(head)
    other = by_head.get(gov.i)
    bare = form(head) == "plural_noun" and not children_in(head, "determiner", "possessor", "number")
    return bare and marker in load_lexicon("reason_prepositions") and other is not None and \
        other.type in ("detention", "charge", "investigation")


def _has_own_year(head: Token) -> bool:
    return any(c.like_num and len(c.text) == 4 and c.text.isdigit() and c.text[:2] in ("19", "20")
               for c in children_in(head, "number", "compound", "noun_modifier"))


def _class_described(head: Token) -> bool:
    """A participle on a bare plural noun that is the object of a verb in a relative clause."""
    if head.pos_ != "VERB" or form(head) != "past_participle" or relation(head) != "clausal_modifier":
        return False
    noun = head.head
    if form(noun) != "plural_noun" or children_in(noun, "determiner", "possessor", "number", "predeterminer"):
        return False
    return relation(noun) == "object" and relation(noun.head) == "relative_clause"


def _law_used_against(m: Mention, head: Token) -> bool:
    if m.type != "protest" or not m.secondary:
        return False
    cur = head
    for _ in range(4):
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur.lemma_.lower() in load_lexicon("law_use_verbs") and relation(cur) == "relative_clause"
    return False


def _only_names_an_event(doc: Doc, m: Mention, head: Token, by_head: dict[int, Mention]) -> bool:
    """Rules whose mentions are dropped: they add nothing to any event."""
    return (_is_demanded(m, head) or _summons_purpose(m, head, by_head) or _quoted_possibility(doc, m, head)
            or _people_of_other_phrase(m, head, by_head) or _recalled_or_reason(m, head, by_head)
            or _law_used_against(m, head) or _same_offence(m, head))


def _is_generic(m: Mention, head: Token) -> bool:
    """Rules whose mentions name a kind of event or a tally (link drops generic mentions)."""
    return (not m.secondary and _kind_in_rule(head)) or (m.type != "protest" and _class_described(head)) \
        or _count_held_now(m, head)


def not_events(doc: Doc, draft: Draft) -> None:
    """Drop the mentions that only name an event, mark generic and supposed ones, and correct the
    modality and reference of mentions whose clause misleads."""
    heads = _heads(doc, draft)
    by_head = {heads[m.id].i: m for m in draft.mentions if m.id in heads}
    keep = []
    tallied: set[int] = set()
    for m in draft.mentions:
        head = heads.get(m.id)
        if head is None:
            keep.append(m)
            continue
        if _only_names_an_event(doc, m, head, by_head):
            continue
        if _is_generic(m, head):
            m.generic = True
            if m.type == "detention":
                tallied.add(head.i)
        if _negated_comment(m, head) or _past_about_named(m, head):
            m.modality = "asserted"
        if _outside_quote_label(doc, m):
            m.args = []
        if _bare_definite_plural(m, head) or _taken_with_them(m, head):
            m.reference = "definite"
        if _awaited(head) or _banned_kind(m, head, by_head):
            m.supposed = True
        keep.append(m)
    for m in keep:  # "held on politically motivated charges": the tally's charges
        head = heads.get(m.id)
        if m.type == "charge" and head is not None and preposition_of(head) \
                and prep_governor(head).i in tallied:
            m.generic = True
    draft.mentions = keep
    ordinary_news_readings(doc, draft, heads)
    borrowed_dates(doc, draft)
    time_held_is_no_term(doc, draft)


def _borrows_date(doc: Doc, m: Mention, head: Token) -> bool:
    if m.reference != "definite" or head.pos_ not in ("NOUN", "PROPN") or m.date_phrase is None:
        return False
    if m.date_inherited or m.date_borrowed:
        return False
    # "leaflets advertising the rally": the object of a verb in a modifier clause, not of the
    # main clause the date belongs to
    object_of_modifier = relation(head) == "object" and relation(head.head) in ("clausal_modifier", "relative_clause")
    if not preposition_of(head) and not object_of_modifier:
        return False
    own = {t.i for t in head.subtree}
    phrase = doc.char_span(m.date_phrase.start, m.date_phrase.end, alignment_mode="expand")
    return phrase is not None and not any(t.i in own for t in phrase)


def borrowed_dates(doc: Doc, draft: Draft) -> None:
    """Mark the date a definite event noun only borrows from the phrase it sits in (link treats it
    as inherited; normalize still reads it, so "a day earlier" below keeps its anchor)."""
    heads = _heads(doc, draft)
    for m in draft.mentions:
        head = heads.get(m.id)
        if head is not None and _borrows_date(doc, m, head):
            m.date_borrowed = True


def time_held_is_no_term(doc: Doc, draft: Draft) -> None:
    """A length followed by pretrial custody is time held, not the sentence: the sentence keeps its
    fine ("fined them $200 each, ending five months of pretrial detention")."""
    markers = load_lexicon("time_held_markers")
    text = doc_text(doc)
    for m in draft.mentions:
        if m.type != "sentence" or m.term_phrase is None:
            continue
        after = " ".join(text[m.term_phrase.end:m.term_phrase.end + 40].lower().split())
        if any(after.startswith(w) for w in markers):
            m.term_phrase = None
            if m.sentence_kind == "custodial":
                m.sentence_kind = "fine" if m.money_phrase is not None else None
