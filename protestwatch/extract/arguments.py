"""Participants of a mention by dependency role: subject and object of a verb trigger, "of",
"by" and possessives of a noun trigger, the subject of a light verb ("staged a protest"), with
pronouns and relative clauses resolved to the names they stand for."""
from __future__ import annotations

import functools

from spacy.tokens import Token

from ..data import load_currency_words, load_lexicon
from ..data.triggers import word_forms
from ..drafts import Arg, Draft
from ..nlp.grammar import grammar_for
from ..vocab import AGENT_ROLE, PATIENT_ROLE, POSSESSOR_ACTS
from .names import resolve_token
from .quotes import quote_marks
from .syntax import antecedent, children_in, form, is_security_force, name_kind, phrase_span, prep_governor, \
    prep_objects_of, preposition_of, relation, security_force_words, subject_of
from .triggers import Trigger


# The roles a verb's subject and object take, per type, and the types whose "X's <event>" and
# "<event> of X" name the one who acts, not the one acted on: data/event_types.json.
AGENT, PATIENT = AGENT_ROLE, PATIENT_ROLE


NAMED_PATIENT_TYPES = {"sentence", "conviction", "charge", "detention", "release"}
PATIENT_ROLES = {"detainee", "defendant", "released", "suspect"}
ACTOR_NOMINALS = POSSESSOR_ACTS
# "the Supreme Court rejected his appeal": a court acting on a trial, appeal or hearing.


COURT_VERBS = {"reject", "uphold", "hear", "overturn", "dismiss", "consider", "grant", "deny", "quash", "adjourn",
               "postpone", "open", "begin", "start", "hold", "resume", "review"}
# "X faces trial", "X received a sentence": the subject is the one the event happens to.


PATIENT_LIGHT_VERBS = {"face", "undergo", "suffer", "avoid", "await", "stand", "go", "win", "receive", "get", "serve"}


GIVING_VERBS = {"give", "hand", "impose"}  # "gave eight members suspended sentences": to whom it is given


PARTICIPANT_NOUNS = {"protester", "protesters", "demonstrator", "demonstrators", "picketer", "picketers",
                     "marcher", "marchers", "striker", "strikers"}


CONFINING_VERBS = {"hold", "keep", "place", "put", "take", "remand", "send", "force", "throw", "detain", "lock",
                   "confine", "intern", "die", "torture"}


FORCE_VERBS = {"fire", "use", "deploy", "spray", "shoot", "lob", "throw", "launch", "turn"}


def _is_organization(tok: Token | None) -> bool:
    """A party, union or group as a whole organises; its members protest."""
    if tok is None:
        return False
    words = {t.lower_ for t in tok.subtree}
    return tok.ent_type_ == "ORG" or tok.lower_ in ("party", "union", "movement", "alliance", "coalition", "group") \
        and not words & {"members", "supporters"}


ORDER_VERBS = {"order", "instruct", "direct", "tell", "require", "force", "compel"}
AGAINST_TYPES = {"investigation", "charge", "sanction", "ban"}
HOME_NOUNS = {"apartment", "flat", "home", "house", "office", "premises", "car", "phone", "laptop", "computer"}


def add_participant(args: list[Arg], role: str, tok: Token | None, draft: Draft, keep_conj: bool = False) -> None:
    if tok is None or tok.is_punct or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
        return
    if tok.pos_ == "NOUN" and any(c.lower_ == "pending" for c in tok.children):
        return  # "held pending investigation", parsed as the verb's object: a state, no one
    if relation(tok) == "subject" and tok.ent_type_ in ("GPE", "LOC") and len(children_in(tok.head, "subject")) > 1:
        return  # "In the capital, Ankara, relatives held ...": the city is where, not who
    if tok.lower_ in ("who", "whom", "that", "which") and relation(tok.head) == "relative_clause":
        tok = antecedent(tok.head)  # "Rosa Quispe, who was convicted ..."
    elif tok.lower_ == "whose":  # "The Hirak, whose mass protests forced ...": the Hirak's
        clause = next((a for a in tok.ancestors if relation(a) == "relative_clause"), None)
        if clause is not None:
            tok = antecedent(clause)
    if relation(tok) == "apposition" and tok.head.pos_ == "PROPN":
        tok = tok.head  # "Shirin Afkhami, an Iranian lawyer serving ...": the named person
    appos = next((c for c in children_in(tok, "apposition") if (c.ent_type_ == "PERSON" or c.pos_ == "PROPN" or any(
        n.kind == "person" and n.start <= c.idx < n.end for n in draft.names))), None)
    if appos is None and form(tok) == "plural_noun" and children_in(tok, "number"):
        appos = _loose_appositive(tok, draft)
        # "two organizers, local activists X and Y": the named phrase within the describing one
        appos = appos or next((n for c in children_in(tok, "apposition") if c.pos_ == "NOUN"
                               for n in children_in(c, "apposition") if _person_like(n, draft)), None)
    if appos is not None and tok.ent_type_ != "PERSON":
        tok = appos  # "One of them, Jessica Moore, ..."
    owner = next(iter(children_in(tok, "possessor")), None)
    if role in PATIENT_ROLES and tok.lemma_.lower() in HOME_NOUNS and owner is not None:
        tok = owner  # "searched his apartment": he is the suspect, not the flat
    if tok.lemma_ in ("release", "arrest", "detention") and tok.pos_ == "NOUN":
        of = next(prep_objects_of(tok, "of"), None)
        if of is not None:
            tok = of
    resolved = resolve_token(tok, draft)
    if resolved is not None:
        start, end, text, kind, key = resolved
    else:
        start, end, text = phrase_span(tok, keep_conj=keep_conj)
        kind, key = name_kind(tok, text), None
    if not text.strip() or text.lower() in ("who", "which", "that", "it"):
        return
    if (role in ("protester", "organizer") and kind == "authority") or _is_money(text):
        return
    low = text.lower()
    if any(low == w or low.endswith(" " + w) for w in load_lexicon("not_people")):
        return  # "tear gas injured marchers", "seized three boats": a weapon or a vehicle, no one
    last = text.lower().split()[-1:]
    if role in PATIENT_ROLES and kind == "authority" and last and (last[0] == "authorities"
                                                                   or last[0] in security_force_words()):
        return  # the police are not the ones detained, charged or freed: a misattached subject
    if len(text) < 3 and text.islower() and text not in ("he", "we", "us"):
        return  # a fragment such as "co" of "co-defendant"; "EU" and "The 28" stay
    if any(a.role == role and a.start == start for a in args):
        return
    args.append(Arg(role=role, name=text, kind=kind, start=start, end=end, entity=key))
    # "X and Y were detained": every conjunct takes the role
    for child in children_in(tok, "conjunct"):
        if child.pos_ in ("PROPN", "NOUN") and not keep_conj:
            add_participant(args, role, child, draft)


def _loose_appositive(tok: Token, draft: Draft) -> Token | None:
    """"sentenced two organizers of a protest, local activists X and Y, to ...": the named phrase
    after the comma, which the parser hangs on the verb rather than on the counted group."""
    end = tok.right_edge.i
    if end + 2 >= len(tok.doc) or tok.doc[end + 1].text != ",":
        return None
    nxt = tok.doc[end + 2]
    phrase = next((a for a in [nxt, *nxt.ancestors] if a.head.i == tok.head.i), None)
    if phrase is None or relation(phrase) not in ("noun_adverbial", "apposition") or phrase.left_edge.i != end + 2:
        return None
    if _person_like(phrase, draft):
        return phrase
    return next((c for c in children_in(phrase, "apposition") if _person_like(c, draft)), None)


NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "fifty",
                "hundred", "thousand", "million", "billion"}


def _is_money(text: str) -> bool:
    words = text.lower().replace("(", " ").split()
    if any(ch in text for ch in "$€£₸₽"):
        return True
    if not words or not any(w[0].isdigit() or w in NUMBER_WORDS for w in words):
        return False
    last = words[-1]
    return any(form in load_currency_words() for form in (last, last.rstrip("s"), last[:-2]))


# an act told by its object noun: who leaves the leaflets or holds the gatherings protests
OBJECT_ACT_NOUNS = {"leaflet", "gathering", "blockade"}


def _verdict_subject(head: Token) -> Token | None:
    """"The court found X guilty and sentenced him": who sentences is the subject of "found", not
    X, the subject the parse gives the small clause "X guilty" that "sentenced" is conjoined to."""
    first = head.head
    if relation(head) != "conjunct" or first.pos_ != "ADJ" or relation(first) != "complement":
        return None
    return subject_of(first.head)


def mention_arguments(head: Token, trig: Trigger, etype: str, draft: Draft) -> list[Arg]:
    args: list[Arg] = []
    agent_role, patient_role = AGENT[etype], PATIENT[etype]
    keep_conj = etype == "detention" and trig.subtype == "internment"
    deferred_poss = None  # "tried to hold their vigil": the subject says whose, better than "their"
    g = grammar_for(head.doc)
    if head.pos_ in ("VERB", "AUX") or form(head) in ("past_participle", "past", "gerund"):
        passive = g.is_passive(head)
        # "she received a suspended sentence", "he walked free": the subject is the one it happens to
        receiving = (head.lemma_.lower() in PATIENT_LIGHT_VERBS and etype != "protest") or (
            etype == "release" and head.lemma_.lower() in ("walk", "emerge", "leave"))
        for rel, marker, c in g.dependents(head):
            if rel == "subject":
                subj = subject_of(head) if c.lower_ in ("who", "which", "that") else c
                role = "organizer" if etype == "protest" and _is_organization(subj) else agent_role
                if passive or receiving:  # "who was convicted", parsed with an active subject
                    role = patient_role
                add_participant(args, role, subj, draft)
            elif rel == "passive_subject":
                add_participant(args, patient_role, c, draft, keep_conj)
            elif rel == "agent":
                # "broke up a march by thousands of students": an active verb's "by" phrase after
                # its object belongs to the object
                if passive or not any(o.i < c.i for o in g.objects(head)):
                    add_participant(args, agent_role, c, draft)
            elif rel in ("object", "indirect_object") and etype != "protest" and not receiving and not (
                    trig.start <= c.i < trig.end and c.pos_ == "NOUN" and trig.end - trig.start <= 4):
                # "opened fire on": not "fire"; a long pattern's object is the patient
                # ("designated the Rachad movement ... as terrorist organisations")
                add_participant(args, patient_role, c, draft, keep_conj)
            elif rel == "prep" and marker in ("on", "at") and etype == "police_violence":
                add_participant(args, patient_role, c, draft)
            elif rel == "complement" and etype == "conviction":
                for s in children_in(c, "subject", "passive_subject"):  # "found X guilty" parsed as a clause
                    add_participant(args, patient_role, s, draft)
            elif rel == "prep" and marker in ("on", "against") and etype in ("sanction", "ban"):
                add_participant(args, patient_role, c, draft)
        if etype in AGAINST_TYPES and not any(a.role == patient_role for a in args):
            # "opened a criminal investigation against Toktogulov": the PP hangs on the pattern's noun
            for t in head.doc[trig.start:trig.end]:
                if t.i != head.i:
                    for p in prep_objects_of(t, "against", "into"):
                        add_participant(args, patient_role, p, draft)
        shared_passive = relation(head) == "conjunct" and form(head) == "past_participle" and g.is_passive(head.head)
        causative = form(head) == "past_participle" and not children_in(head, "aux", "passive_aux") \
            and children_in(head, "subject") and relation(head) in ("complement", "open_complement")
        if causative:  # "to have anyone still inside arrested": the subject is the patient
            args = [a.model_copy(update={"role": patient_role}) if a.role == agent_role else a for a in args]
            add_participant(args, agent_role, subject_of(head.head), draft)
        if not any(a.role == agent_role for a in args) and not passive and not shared_passive:
            add_participant(args, agent_role, _verdict_subject(head) or subject_of(head), draft)
        if (shared_passive or (passive and relation(head) == "conjunct")) \
                and not any(a.role == patient_role for a in args):
            add_participant(args, patient_role, subject_of(head), draft)  # "was detained and charged",
            # "paid the fine and was freed"
        if etype == "trial" and head.lemma_ == "appeal":
            # "he would appeal the verdict": the appellant is the defendant; the object is a ruling
            args = [a.model_copy(update={"role": "defendant"}) if a.role == agent_role else a for a in args
                    if not (a.role == patient_role and a.kind != "person")]
        if relation(head) in ("clausal_modifier", "relative_clause") and form(head) == "past_participle" \
                and not any(a.role == patient_role for a in args) and not children_in(head, "subject", "aux"):
            noun = head.head
            if name_kind(noun, noun.text) == "authority" and g.preposition_of(noun) \
                    and g.prep_governor(noun).pos_ == "VERB":
                noun = subject_of(g.prep_governor(noun)) or noun  # "X appeared before a judge charged with ...": X
            add_participant(args, patient_role, noun, draft)  # "protesters detained on Monday"
        if etype == "trial" and head.lemma_ == "appear":
            # "X appeared before a judge": X is tried; the judge or court is the object of "before"
            args = [a.model_copy(update={"role": "defendant"}) if a.role == agent_role and a.kind != "authority"
                    else a for a in args]
            for p in prep_objects_of(head, "before", "in"):
                if not any(a.role == "court" for a in args) and name_kind(p, p.text) == "authority":
                    add_participant(args, "court", p, draft)
        if etype == "trial" and trig.source == "pleaded":
            args = [Arg(**{**a.model_dump(), "role": "defendant"}) if a.role == agent_role else a for a in args]
    elif etype == "protest" and head.lemma_.lower() in OBJECT_ACT_NOUNS and relation(head) == "object":
        add_participant(args, agent_role, subject_of(head.head), draft)  # "X left leaflets reading ...": X
    elif head.lemma_.lower() in PARTICIPANT_NOUNS or head.lower_ in PARTICIPANT_NOUNS:
        add_participant(args, agent_role, head, draft)  # "protesters": the trigger names who protests
    else:
        actor_nominal = etype in ACTOR_NOMINALS
        for rel, marker, c in g.dependents(head):
            if rel == "possessor" and actor_nominal and c.lower_ in ("their", "his", "her", "its"):
                deferred_poss = c
            elif rel == "possessor":
                add_participant(args, agent_role if actor_nominal else patient_role, c, draft)
            elif rel == "prep" and marker == "of":
                quoted = c.i > 0 and c.doc[c.i - 1].text in quote_marks("opens")
                if c.lower_ != "protest" and not quoted:  # 'of "disturbances"': a charge
                    add_participant(args, agent_role if actor_nominal else patient_role, c, draft, keep_conj)
            elif rel == "prep" and marker == "by":
                add_participant(args, agent_role, c, draft)
            elif rel == "prep" and marker in ("against", "on", "to", "into") and etype in (
                    "sanction", "ban", "diplomatic_protest", "charge", "investigation") \
                    and c.lower_ not in CHARGE_NOUNS:
                add_participant(args, patient_role, c, draft)  # "on charges of ...": the offence, no one
            elif rel in ("compound", "adjective_modifier", "noun_modifier") and etype == "protest" \
                    and c.pos_ in ("NOUN", "PROPN") \
                    and form(c) in ("plural_noun", "plural_name") and c.lower_ not in ("hunger", "protest"):
                add_participant(args, agent_role, c, draft)  # "student protests"
        nominal = head.head if relation(head) == "compound" else head  # "holding a protest sign"
        if etype == "protest" and g.preposition_of(head) == "of" and \
                g.prep_governor(head).lemma_.lower() in ("organizer", "organiser", "leader", "initiator"):
            add_participant(args, "organizer", g.prep_governor(head), draft)  # "the organizer of a rally"
        gov = nominal.head
        hops = 0
        while relation(gov) in ("prep_object", "prep_marker") and hops < 3 and gov.i != gov.head.i:
            gov = gov.head  # "a note of protest" -> "note"
            hops += 1
        light = gov if gov.pos_ in ("VERB", "AUX") and is_light_verb(gov) else None
        if light is None and etype == "protest" and g.preposition_of(nominal) in ("on", "in") \
                and gov.pos_ in ("VERB", "AUX"):
            light = gov  # "workers have been on strike", "took part in the rally"
        if light is None and etype == "trial" and gov.pos_ == "VERB" and gov.lemma_ in COURT_VERBS:
            light = gov
        if light is None and etype == "police_violence" and gov.pos_ == "VERB" and gov.lemma_ in FORCE_VERBS:
            light = gov
        on_or_in = (etype == "protest" and g.preposition_of(nominal) in ("on", "in")) or (
            g.preposition_of(nominal) == "with" and gov.lemma_.lower() in ("respond", "react", "reply"))
        if light is not None and not (relation(nominal) in ("object", "passive_subject", "attribute") or on_or_in):
            light = None  # "held ... on charges": not the one who charges
        if light is not None:
            if not any(a.role == agent_role for a in args):
                subj = subject_of(light)
                if subj is not None and subj.i != nominal.i and not (etype == "detention" and g.is_passive(light)):
                    role = agent_role
                    if etype == "protest" and (light.lemma_.lower() in ("organize", "organise", "call", "lead", "plan", "announce")
                                               or _is_organization(subj)):
                        role = "organizer"
                    if etype in ("detention", "release", "trial", "conviction", "sentence", "charge") and \
                            light.lemma_ in PATIENT_LIGHT_VERBS:
                        role = patient_role  # "X faces trial", "X received a sentence"
                    add_participant(args, role, subj, draft)
            if etype in ("sentence", "detention") and light.lemma_.lower() in GIVING_VERBS:
                for rel, marker, target in g.dependents(light):  # "gave them", "imposed on them"
                    if rel == "indirect_object" or (rel == "prep" and marker in ("on", "to")):
                        if not any(a.role == patient_role for a in args):
                            add_participant(args, patient_role, target, draft)
            if etype in ("diplomatic_protest", "sanction", "ban", "charge", "investigation"):
                for marker, p in g.prep_objects(light) + [x for t in doc_span(trig, head) for x in g.prep_objects(t)]:
                    if marker in ("to", "on", "against", "into") and not any(a.role == patient_role for a in args):
                        add_participant(args, patient_role, p, draft)
        if g.preposition_of(head) in ("in", "into", "under") and etype == "detention" \
                and g.prep_governor(head).lemma_.lower() in CONFINING_VERBS:
            # "held in custody", "forced into camps": the detainee is the verb's patient
            verb = g.prep_governor(head)
            # "a judge ordered him held in custody": a bare participle's subject is the one held
            causative = form(verb) == "past_participle" and relation(verb) in ("complement", "open_complement") \
                and not children_in(verb, "aux", "passive_aux")
            for c in verb.children:
                if (relation(c) in ("passive_subject", "object") or (causative and relation(c) == "subject")) and not any(
                        a.role == patient_role for a in args):
                    add_participant(args, patient_role, c, draft, keep_conj)
                elif relation(c) == "subject" and verb.pos_ == "VERB" and not any(a.role == agent_role for a in args):
                    add_participant(args, agent_role, c, draft)  # "a court placed X under house arrest"
            if causative and not any(a.role == agent_role for a in args):
                add_participant(args, agent_role, subject_of(verb.head), draft)
    if etype in NAMED_PATIENT_TYPES and head.pos_ == "VERB" and not any(a.role == patient_role for a in args):
        # a broken parse ("fined" as an adjective): the person named right after the verb
        after = head.doc[head.i + 1:min(head.i + 7, head.sent.end)]
        name = next((n for n in draft.names if n.kind == "person" and after.start_char <= n.start < after.end_char), None)
        if name is not None:
            args.append(Arg(role=patient_role, name=name.text, kind="person", start=name.start, end=name.end,
                            entity=name.key))
    for member in listed_members(head, draft):
        add_participant(args, patient_role if etype != "protest" else agent_role, member, draft)
    if etype == "police_violence":
        # "raided the protest camp": the people in it, not the camp, are the victims
        args = [a for a in args if not (a.role == "victim" and a.name.lower().split()[-1:] and
                                        a.name.lower().split()[-1] in ("camp", "camps", "encampment", "site", "tents"))]
        _force_fallbacks(head, args, draft)
    if etype == "protest":
        _organizers(head, args, draft)
        # "Organisers said they would hold another rally": the organisers, by the word that names them
        # (who "plan to march" themselves are marchers)
        if head.pos_ == "NOUN":
            args = [a.model_copy(update={"role": "organizer"}) if a.role == "protester" and a.name.lower().split()[-1:]
                    and a.name.lower().split()[-1] in ORGANIZER_NOUNS - {"leader", "leaders"} else a for a in args]
    if etype == "protest" and head.pos_ == "NOUN" and relation(head) == "object" and not any(
            a.role == agent_role for a in args):
        # "to break up a march by thousands of students": an active verb has no agent, so the
        # misattached "by" phrase is the march's
        verb = head.head
        g = grammar_for(head.doc)
        if not g.is_passive(verb):
            for rel, _, p in g.dependents(verb):
                if rel == "agent" and p.i > head.i:
                    add_participant(args, agent_role, p, draft)
    if deferred_poss is not None and not any(a.role == agent_role for a in args):
        add_participant(args, agent_role, deferred_poss, draft)
    if etype == "diplomatic_protest" and not any(a.role == "target" for a in args):
        actors = {a.name.lower() for a in args}
        for tok in head.sent:  # the other state the statement addresses
            if tok.ent_type_ in ("GPE", "NORP") and tok.i > head.i and tok.text.lower() not in actors \
                    and not any(tok.text.lower() in a for a in actors):
                add_participant(args, "target", tok, draft)
                break
    if etype == "protest" and not any(a.role == "protester" for a in args):
        for verb in (head.head, head.head.head):  # "to break up a rally by thousands of people"
            for p in prep_objects_of(verb, "by"):
                add_participant(args, "protester", p, draft)
    if etype == "protest" and relation(head) in ("open_complement", "adverbial_clause") \
            and head.head.lemma_.lower() in ("call", "urge"):
        # "the Hirak has called on Algerians to boycott the vote": the caller organises, the called protest
        caller = next(iter(children_in(head.head, "subject")), None)
        if caller is not None:
            start, end, _ = phrase_span(caller)
            args = [a.model_copy(update={"role": "organizer"}) if a.role == "protester" and a.start == start else a
                    for a in args]
            if not any(a.role == "organizer" for a in args):
                add_participant(args, "organizer", caller, draft)
        called = next(prep_objects_of(head.head, "on"), None)
        if called is not None:
            add_participant(args, "protester", called, draft)
    if etype == "investigation":
        args = _pending_investigation(head, args, draft)
    under = head if head.lower_ == "under" else head.head if head.head.lower_ == "under" else None
    if etype == "investigation" and under is not None and under.head.pos_ in ("VERB", "AUX"):
        # "The seven remain under investigation": the subject is investigated, not investigating
        subj = next(iter(children_in(under.head, "subject", "passive_subject")), None)
        if subj is not None:
            start = phrase_span(subj)[0]
            args = [a for a in args if a.start != start]
            add_participant(args, "suspect", subj, draft)
    verb = head if head.pos_ == "VERB" else head.head
    if etype == "detention" and not any(a.role == "authority" for a in args):
        # "police prevented the march, and dozens of people were detained": the police of the other clause
        first = verb
        while relation(first) == "conjunct":
            first = first.head
        clauses = [first] + [t for t in first.subtree if relation(t) == "conjunct" and t.pos_ in ("VERB", "AUX")]
        subj = next((c for v in clauses for c in children_in(v, "subject") if is_security_force(c)), None)
        if subj is not None:
            add_participant(args, "authority", subj, draft)
    if etype == "ban" and relation(verb) == "open_complement" and verb.head.lemma_.lower() in ORDER_VERBS:
        # "the Culture Ministry ordered internet providers to block access": who ordered it bans
        orderer = next(iter(children_in(verb.head, "subject")), None)
        if orderer is not None:
            args = [a for a in args if a.role != "authority"]
            add_participant(args, "authority", orderer, draft)
    if etype == "trial" and head.pos_ == "ADJ" and not any(a.role == "court" for a in args):
        # "he is due to appear at Leeds Crown Court": the court of the appearance under "due"
        for verb in (c for c in head.children if c.lemma_ == "appear"):
            court = next((p for p in prep_objects_of(verb, "at", "before", "in") if name_kind(p, p.text) == "authority"), None)
            if court is not None:
                add_participant(args, "court", court, draft)
                break
    return args


CHARGE_NOUNS = {"charge", "charges", "suspicion", "accusation", "accusations", "count", "counts"}


def _pending_investigation(head: Token, args: list[Arg], draft: Draft) -> list[Arg]:
    """"Prosecutors ordered the workers held pending investigation on charges of ...": who is held is
    investigated, who ordered it investigates; the charges are no one."""
    if preposition_of(head) == "pending":
        held = prep_governor(head)
    elif any(c.lower_ == "pending" for c in head.children):
        held = head.head
    else:
        return args
    if held.pos_ != "VERB":
        return args
    if relation(held) == "clausal_modifier":  # "the workers held pending ...": parsed on the noun
        suspect, orderer = held.head, subject_of(held.head.head) if relation(held.head) == "object" else None
    else:
        # "ordered the 14 fishermen held ... pending investigation", parsed with both on "ordered"
        suspect = next(iter(children_in(held, "passive_subject", "object")), None)
        orderer = subject_of(held) if held.lemma_.lower() in ORDER_VERBS else None
    if suspect is None:
        return args
    args = [a for a in args if a.role != "suspect"]
    add_participant(args, "suspect", suspect, draft)
    if orderer is not None and not any(a.role == "authority" for a in args):
        add_participant(args, "authority", orderer, draft)
    return args


INCLUDING_VERBS = {"include", "comprise"}
COUNT_WORDS = {"one", "two", "three", "four", "five", "some", "several", "many", "most", "all", "each"}


def _person_like(tok: Token, draft: Draft) -> bool:
    return tok.ent_type_ == "PERSON" or any(n.kind == "person" and n.start <= tok.idx < n.end for n in draft.names) \
        or (tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "NORP", "ORG", "FAC", "DATE"))


def _named(tok: Token, draft: Draft) -> Token | None:
    """The person a noun phrase names: itself, or its appositive ("the artist Maykel Castillo")."""
    if tok.lower_ in ("who", "that") and relation(tok.head) == "relative_clause":
        tok = tok.head.head  # "Leila Haddad, a student who was among those arrested"
        for _ in range(4):  # "Sadia Baloch, one of the march's organisers, who was among ..."
            if _person_like(tok, draft) or relation(tok) not in ("apposition", "prep_object", "prep_marker"):
                break
            tok = tok.head
    if _person_like(tok, draft):
        return tok
    return next((c for c in children_in(tok, "apposition") if _person_like(c, draft)), None)


def listed_members(head: Token, draft: Draft) -> list[Token]:
    """People named as members of the group a trigger describes: "Those detained included X and
    Y", "Among those arrested were X", "X was one of 12 people detained", "X and Y were among the
    detainees", "detained 11 people, including X". Conjoined names follow from add_participant."""
    g = grammar_for(head.doc)
    group = head.head if relation(head) == "clausal_modifier" else head
    found: list[Token] = []
    verb = group.head
    if relation(group) in ("subject", "passive_subject") and verb.lemma_ in INCLUDING_VERBS:
        found += children_in(verb, "object", "attribute", "predicate")
    preposition, governor = g.preposition_of(group), g.prep_governor(group)
    if preposition == "among" and governor.lemma_ == "be":
        found += children_in(governor, "subject", "attribute")
    if preposition == "of" and governor.lower_ in COUNT_WORDS:
        found += _count_subjects(governor)
    if relation(head) == "clausal_modifier" and group.lower_ in COUNT_WORDS:  # "one of 12 people detained" on "one"
        found += _count_subjects(group)
    found += prep_objects_of(group, "including")  # "11 people, including X"
    out = []
    for tok in found:
        named = _named(tok, draft)
        if named is not None and named.i != head.i:
            out.append(named)
    return out


def _count_subjects(count: Token) -> list[Token]:
    """"X was one of ...": the subject of the copula "one" is the attribute of."""
    if relation(count) == "attribute" and count.head.lemma_ == "be":
        return children_in(count.head, "subject")
    return []


ORGANIZING = {"lead", "organise", "organize", "call", "stage", "head", "coordinate"}
PLANNING = {"plan", "call", "announce", "organise", "organize", "schedule", "hold", "stage"}
LEADING = {"lead", "organise", "organize", "coordinate"}
ORGANIZER_NOUNS = {"organizer", "organizers", "organiser", "organisers", "leader", "leaders", "initiator"}


def _organizers(head: Token, args: list[Arg], draft: Draft) -> None:
    """"The march, organised by the Baloch Yakjehti Committee", "the protesters, led by Arsen
    Galoyan", "one of the march's organizers, Viktoria Radvanyi"."""
    g = grammar_for(head.doc)
    # "The protest was organized by the group Forest Guardians": the passive's agent
    verbs = children_in(head, "clausal_modifier") + ([head.head] if relation(head) == "passive_subject" else [])
    for c in verbs:
        if c.lemma_.lower() in ORGANIZING:
            for rel, _, p in g.dependents(c):
                if rel == "agent":
                    add_participant(args, "organizer", p, draft)
    if relation(head) == "object" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in LEADING:
        # "X, a union organiser who led a march of thousands": who leads it organises it (who stage it march)
        add_participant(args, "organizer", subject_of(head.head), draft)
    if relation(head) == "possessor" and head.head.lower_ in ORGANIZER_NOUNS:
        named = head.head
        count = prep_governor(named) if preposition_of(named) == "of" else None
        if count is not None and count.lower_ in COUNT_WORDS and relation(count) == "apposition" \
                and _person_like(count.head, draft):
            named = count.head  # "X, 26, one of the protest's organizers, and Y": X alone
        add_participant(args, "organizer", named, draft, keep_conj=named is not head.head)
    if not any(a.role in ("organizer", "protester") for a in args):
        cur = head  # "Unions plan a tenth day of strikes": who plans or calls it
        for _ in range(4):
            if relation(cur) not in ("object", "prep_object", "prep_marker", "compound"):
                break
            cur = cur.head
            if cur.pos_ == "VERB" and cur.lemma_.lower() in PLANNING:
                subj = next(iter(children_in(cur, "subject")), None)
                if subj is not None:
                    # bodies that call strikes organise them: "Unions plan a tenth day of strikes"
                    body = _is_organization(subj) or subj.lower_ in ("unions", "groups", "parties")
                    add_participant(args, "organizer" if body else "protester", subj, draft)
                break


def _force_fallbacks(head: Token, args: list[Arg], draft: Draft) -> None:
    """Tear gas and rubber bullets name no one: take the sentence's security force and crowd."""
    if not any(a.role == "perpetrator" for a in args):
        tok = next((t for t in head.sent if is_security_force(t) and t.pos_ in ("NOUN", "PROPN")), None)
        if tok is not None:
            add_participant(args, "perpetrator", tok, draft)
    if not any(a.role == "victim" for a in args):
        victims = {"protesters", "demonstrators", "crowd", "crowds", "people", "marchers", "picketers", "students",
                   "activists", "residents", "supporters", "farmers", "workers", "mothers"}
        tok = next((t for t in head.sent if t.lower_ in victims and t.pos_ == "NOUN"), None)
        if tok is None:
            tok = next((t for t in head.sent if relation(t) == "passive_subject" and t.pos_ in ("PROPN", "PRON")), None)
        if tok is not None:
            add_participant(args, "victim", tok, draft)


@functools.cache
def _light_forms() -> frozenset[str]:
    return frozenset(f for v in load_lexicon("light_verbs") | PATIENT_LIGHT_VERBS for f in word_forms(v))


def is_light_verb(tok: Token) -> bool:
    """By word form too: the small model lemmatises "staging" as "stag"."""
    return tok.lemma_.lower() in _light_forms() or tok.lower_ in _light_forms()


def doc_span(trig: Trigger, head: Token):
    return head.doc[trig.start:trig.end]
