"""extract stage: a parsed Doc and its Article in, a Draft of event mentions out.

Each trigger (extract/triggers.py) becomes one Mention with its participants by dependency role,
modality, raw date/place/size phrases, claims, placard text and legal details, each with the
character span that supports it. Normalising the phrases and merging mentions come later.
"""
from __future__ import annotations

import functools
import sys
import types

from spacy.tokens import Doc, Token

from ..data import load_lexicon, load_table
from ..data.triggers import word_forms
from ..drafts import Arg, Draft, Mention, Span
from ..records import Article
from .details import attach_claims_from_followups, details_for
from .modality import mention_modality
from .names import collect_names, dateline_of, resolve_token
from .quotes import QUOTE, find_quotes
from .syntax import _antecedent, name_kind, passive_subject, phrase_span, subject_of, doc_text
from .triggers import Trigger, find_triggers

AGENT = {"protest": "protester", "detention": "authority", "investigation": "authority", "charge": "authority",
         "trial": "court", "conviction": "court", "sentence": "court", "release": "authority",
         "police_violence": "perpetrator", "ban": "authority", "diplomatic_protest": "actor", "sanction": "actor"}
PATIENT = {"protest": "target", "detention": "detainee", "investigation": "suspect", "charge": "defendant",
           "trial": "defendant", "conviction": "defendant", "sentence": "defendant", "release": "released",
           "police_violence": "victim", "ban": "target", "diplomatic_protest": "target", "sanction": "target"}
# For these, "X's <event>" and "<event> of X" name the one who acts, not the one acted on.
ACTOR_NOMINALS = {"protest", "sanction", "diplomatic_protest"}
# "the Supreme Court rejected his appeal": a court acting on a trial, appeal or hearing.
COURT_VERBS = {"reject", "uphold", "hear", "overturn", "dismiss", "consider", "grant", "deny", "quash", "adjourn",
               "postpone", "open", "begin", "start", "hold", "resume", "review"}
# "X faces trial", "X received a sentence": the subject is the one the event happens to.
PATIENT_LIGHT_VERBS = {"face", "undergo", "suffer", "avoid", "await", "stand", "go", "win", "receive", "get", "serve"}
GIVING_VERBS = {"give", "hand", "impose"}  # "gave eight members suspended sentences": to whom it is given
CLAIM_GOVERNORS = {"demand", "seek", "urge", "call", "want", "push", "ask", "petition", "appeal", "press"}
PARTICIPANT_NOUNS = {"protester", "protesters", "demonstrator", "demonstrators", "picketer", "picketers",
                     "marcher", "marchers", "striker", "strikers"}
CONFINING_VERBS = {"hold", "keep", "place", "put", "take", "remand", "send", "force", "throw", "detain", "lock",
                   "confine", "intern", "die", "torture"}
SECONDARY_NOUNS = {"placard", "sign", "banner", "poster", "candle"}
FORCE_VERBS = {"fire", "use", "deploy", "spray", "shoot", "lob", "throw", "launch", "turn"}


class _CallableStage(types.ModuleType):
    """Importing this package replaces the `protestwatch.extract` function attribute; keep it callable."""

    def __call__(self, text: str, **kwargs):
        from .. import extract_text
        return extract_text(text, **kwargs)


sys.modules[__name__].__class__ = _CallableStage


def extract_document(doc: Doc, article: Article, model: str | None = None) -> Draft:
    """Return the event mentions, names and quotes of one parsed article."""
    draft = Draft(article=article, model=model)
    draft.dateline = dateline_of(doc)
    draft.names = collect_names(doc)
    paragraphs = _paragraph_index(doc)
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    quotes = find_quotes(doc, draft.names)
    quoted = [(m.start(1), m.end(1)) for m in QUOTE.finditer(doc_text(doc))]
    for n, trig in enumerate(find_triggers(doc)):
        mention = _mention(doc, trig, n, draft, sent_index, paragraphs)
        if mention is None:
            continue
        if mention.modality == "asserted" and any(s <= mention.trigger.start < e for s, e in quoted):
            mention.modality = "alleged"  # someone's words: "an active participant in the riots"
        draft.mentions.append(mention)
    sign_spans = {(s.start, s.end) for m in draft.mentions for s in m.sign_text}
    draft.quotes = [q for q in quotes if not any(q.start <= s < q.end + 2 for s, _ in sign_spans)]
    # "on suspicion of calls for mass riots": an offence's name; "a placard reading 'Release our
    # people'": a slogan; "they cannot arrest the truth" in a quote: rhetoric, not an event
    named = [(c.start, c.end) for m in draft.mentions for c in m.charges + m.sign_text]
    draft.mentions = [m for m in draft.mentions if not any(s <= m.trigger.start < e for s, e in named)
                      and not (m.modality in ("negated", "hypothetical") and any(
                          s <= m.trigger.start < e for s, e in quoted))]
    attach_claims_from_followups(doc, draft)
    _court_fallback(doc, draft)
    _victims_from_context(draft)
    _clients_are_defendants(draft)
    _denials_of_previous(doc, draft, sent_index)
    _reporting_authority(doc, draft)
    _protest_of_party(doc, draft)
    _share_legal_parties(draft)
    _inherit_context(draft)
    return draft


def _paragraph_index(doc: Doc) -> dict[int, int]:
    """Sentence start token -> paragraph number (paragraphs are separated by blank lines)."""
    out, para = {}, 0
    for sent in doc.sents:
        before = doc_text(doc)[max(0, sent.start_char - 3):sent.start_char]
        if "\n\n" in before or before.endswith("\n\n"):
            para += 1
        out[sent.start] = para
    return out


def _span(tok_or_span_text: tuple[int, int, str]) -> Span:
    start, end, text = tok_or_span_text
    return Span(text=text, start=start, end=end)


def _mention(doc: Doc, trig: Trigger, n: int, draft: Draft, sent_index, paragraphs) -> Mention | None:
    head = trig.head
    sent = head.sent
    span = doc[trig.start:trig.end]
    etype, subtype = trig.type, trig.subtype
    if etype != "protest" and _is_demanded(head):
        return None  # "demanding the release of ...": a claim, not an event
    if etype == "protest" and head.lemma_ == "protest" and head.pos_ == "VERB" and _is_state(subject_of(head)):
        etype, subtype = "diplomatic_protest", "statement"  # "the ministry protested ..."
    if etype == "protest" and head.lemma_ == "protest" and head.pos_ == "NOUN" and any(
            c.lower_ in ("diplomatic", "formal", "official") or (c.dep_ == "compound" and c.ent_type_ == "GPE")
            for c in head.children):
        etype, subtype = "diplomatic_protest", "statement"  # "made a diplomatic protest", "no US protest"
    mention = Mention(
        id=f"m{n + 1}", type=etype, subtype=subtype, modality=mention_modality(head),
        sent=sent_index[sent.start], para=paragraphs[sent.start],
        trigger=Span(text=span.text, start=span.start_char, end=span.end_char),
    )
    mention.secondary = head.lower_ in PARTICIPANT_NOUNS or head.lemma_.lower() in SECONDARY_NOUNS
    if trig.source == "found_not_guilty" or head.lemma_ in ("acquit", "acquittal"):
        mention.outcome = "acquitted"
    elif etype == "conviction":
        mention.outcome = "guilty"
    if trig.source == "without_charge":  # "released without charge": no charge was brought
        mention.modality = "negated"
        mention.args = _without_charge_parties(head, draft)
    else:
        mention.args = _arguments(head, trig, etype, draft)
    details_for(doc, head, trig, mention, draft)
    if mention.modality == "planned" or any(c.lower_ in ("will", "'ll") for c in head.children):
        mention.tense = "future"
    return mention


DEMAND_WORDS = {"demand", "demanded", "demanding", "demands", "sought", "seek", "seeking", "urged", "urging"}


def _without_charge_parties(head: Token, draft: Draft) -> list[Arg]:
    args: list[Arg] = []
    verb = head if head.pos_ == "VERB" else next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    if verb is not None:  # "released him without charge": him; "he was freed without charge": he
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        _add(args, "defendant", obj if obj is not None else subject_of(verb), draft)
    return args


def _is_demanded(head: Token) -> bool:
    # the parse of lower-cased or noisy text misses some: "they demanded the arrest of ..."
    window = {t.lower_ for t in head.doc[max(head.sent.start, head.i - 3):head.i]}
    if window & DEMAND_WORDS or ("for" in window and window & {"called", "calling", "call", "calls"}):
        return True
    cur = head
    if cur.dep_ == "pobj" and cur.head.lower_ == "for":
        cur = cur.head
    if cur.dep_ in ("dobj", "prep", "xcomp") and cur.head.lemma_ in CLAIM_GOVERNORS:
        return True
    return False


def _is_organization(tok: Token | None) -> bool:
    """A party, union or group as a whole organises; its members protest."""
    if tok is None:
        return False
    words = {t.lower_ for t in tok.subtree}
    return tok.ent_type_ == "ORG" or tok.lower_ in ("party", "union", "movement", "alliance", "coalition", "group") \
        and not words & {"members", "supporters"}


def _is_state(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.ent_type_ == "GPE" and tok.tag_ == "NNP" and not tok.text.endswith("s"):
        return True
    words = {t.lower_ for t in tok.subtree}
    return tok.lower_ in ("ministry", "government", "embassy") and bool(words & {"foreign", "ministry", "government"}) \
        and any(t.ent_type_ in ("GPE", "NORP") for t in tok.subtree)


def _add(args: list[Arg], role: str, tok: Token | None, draft: Draft, keep_conj: bool = False) -> None:
    if tok is None or tok.is_punct or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
        return
    if tok.lower_ in ("who", "whom", "that", "which") and tok.head.dep_ == "relcl":
        tok = _antecedent(tok.head)  # "Rosa Quispe, who was convicted ..."
    if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
        tok = tok.head  # "Shirin Afkhami, an Iranian lawyer serving ...": the named person
    appos = next((c for c in tok.children if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or any(
        n.kind == "person" and n.start <= c.idx < n.end for n in draft.names))), None)
    if appos is not None and tok.ent_type_ != "PERSON":
        tok = appos  # "One of them, Jessica Moore, ..."
    if tok.lemma_ in ("release", "arrest", "detention") and tok.pos_ == "NOUN":
        of = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj"), None)
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
    if any(a.role == role and a.start == start for a in args):
        return
    args.append(Arg(role=role, name=text, kind=kind, start=start, end=end, entity=key))
    # "X and Y were detained": every conjunct takes the role
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN") and not keep_conj:
            _add(args, role, child, draft)


NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "fifty",
                "hundred", "thousand", "million", "billion"}


@functools.cache
def _currency_words() -> frozenset[str]:
    """Currency words, singular and last word of multi-word names ("kenyan shilling" -> "shilling")."""
    return frozenset(w for row in load_table("currencies") for w in (row[0].lower(), row[0].lower().split()[-1]))


def _is_money(text: str) -> bool:
    words = text.lower().replace("(", " ").split()
    if any(ch in text for ch in "$€£₸₽"):
        return True
    if not words or not any(w[0].isdigit() or w in NUMBER_WORDS for w in words):
        return False
    last = words[-1]
    return any(form in _currency_words() for form in (last, last.rstrip("s"), last[:-2]))


def _arguments(head: Token, trig: Trigger, etype: str, draft: Draft) -> list[Arg]:
    args: list[Arg] = []
    agent_role, patient_role = AGENT[etype], PATIENT[etype]
    keep_conj = etype == "detention" and trig.subtype == "internment"
    if head.pos_ in ("VERB", "AUX") or head.tag_ in ("VBN", "VBD", "VBG"):
        passive = passive_subject(head)
        for c in head.children:
            if c.dep_ == "nsubj":
                subj = subject_of(head) if c.lower_ in ("who", "which", "that") else c
                role = "organizer" if etype == "protest" and _is_organization(subj) else agent_role
                _add(args, role, subj, draft)
            elif c.dep_ == "nsubjpass":
                _add(args, patient_role, c, draft, keep_conj)
            elif c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        _add(args, agent_role, p, draft)
            elif c.dep_ in ("dobj", "dative") and etype != "protest" and not (
                    trig.start <= c.i < trig.end and c.pos_ == "NOUN"):  # "opened fire on": not "fire"
                _add(args, patient_role, c, draft, keep_conj)
            elif c.dep_ == "prep" and c.lower_ in ("on", "at") and etype == "police_violence":
                for p in c.children:
                    if p.dep_ == "pobj":
                        _add(args, patient_role, p, draft)
            elif c.dep_ == "ccomp" and etype == "conviction":
                for s in c.children:  # "found X guilty" parsed as a clause
                    if s.dep_ in ("nsubj", "nsubjpass"):
                        _add(args, patient_role, s, draft)
            elif c.dep_ == "prep" and c.lower_ in ("on", "against") and etype in ("sanction", "ban"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        _add(args, patient_role, p, draft)
        shared_passive = head.dep_ == "conj" and head.tag_ == "VBN" and passive_subject(head.head)
        causative = head.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in head.children) \
            and any(c.dep_ == "nsubj" for c in head.children) and head.dep_ in ("ccomp", "xcomp")
        if causative:  # "to have anyone still inside arrested": the subject is the patient
            args = [a.model_copy(update={"role": patient_role}) if a.role == agent_role else a for a in args]
            _add(args, agent_role, subject_of(head.head), draft)
        if not any(a.role == agent_role for a in args) and not passive and not shared_passive:
            _add(args, agent_role, subject_of(head), draft)
        if shared_passive and not any(a.role == patient_role for a in args):
            _add(args, patient_role, subject_of(head), draft)  # "was detained and charged"
        if etype == "trial" and head.lemma_ == "appeal":
            # "he would appeal the verdict": the appellant is the defendant; the object is a ruling
            args = [a.model_copy(update={"role": "defendant"}) if a.role == agent_role else a for a in args
                    if not (a.role == patient_role and a.kind != "person")]
        if head.dep_ in ("acl", "relcl") and head.tag_ == "VBN" and not any(a.role == patient_role for a in args) \
                and not any(c.dep_ in ("nsubj", "aux") for c in head.children):
            _add(args, patient_role, head.head, draft)  # "protesters detained on Monday"
        if etype == "trial" and trig.source == "pleaded":
            args = [Arg(**{**a.model_dump(), "role": "defendant"}) if a.role == agent_role else a for a in args]
    elif head.lemma_.lower() in PARTICIPANT_NOUNS or head.lower_ in PARTICIPANT_NOUNS:
        _add(args, agent_role, head, draft)  # "protesters": the trigger names who protests
    else:
        actor_nominal = etype in ACTOR_NOMINALS
        for c in head.children:
            if c.dep_ == "poss":
                _add(args, agent_role if actor_nominal else patient_role, c, draft)
            elif c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    quoted = p.i > 0 and p.doc[p.i - 1].text in ('"', "“")
                    if p.dep_ == "pobj" and p.lower_ != "protest" and not quoted:  # 'of "disturbances"': a charge
                        _add(args, agent_role if actor_nominal else patient_role, p, draft, keep_conj)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    if p.dep_ == "pobj":
                        _add(args, agent_role, p, draft)
            elif c.dep_ == "prep" and c.lower_ in ("against", "on", "to", "into") and etype in (
                    "sanction", "ban", "diplomatic_protest", "charge", "investigation"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        _add(args, patient_role, p, draft)
            elif c.dep_ in ("compound", "amod", "nmod") and etype == "protest" and c.pos_ in ("NOUN", "PROPN") \
                    and c.tag_ in ("NNS", "NNPS") and c.lower_ not in ("hunger", "protest"):
                _add(args, agent_role, c, draft)  # "student protests"
        nominal = head.head if head.dep_ == "compound" else head  # "holding a protest sign"
        if etype == "protest" and head.dep_ == "pobj" and head.head.lower_ == "of" and \
                head.head.head.lemma_.lower() in ("organizer", "organiser", "leader", "initiator"):
            _add(args, "organizer", head.head.head, draft)  # "the organizer of a rally"
        gov = nominal.head
        hops = 0
        while gov.dep_ in ("pobj", "prep") and hops < 3 and gov.i != gov.head.i:
            gov = gov.head  # "a note of protest" -> "note"
            hops += 1
        light = gov if gov.pos_ in ("VERB", "AUX") and is_light_verb(gov) else None
        if light is None and etype == "protest" and nominal.dep_ == "pobj" and nominal.head.lower_ in ("on", "in") \
                and gov.pos_ in ("VERB", "AUX"):
            light = gov  # "workers have been on strike", "took part in the rally"
        if light is None and etype == "trial" and gov.pos_ == "VERB" and gov.lemma_ in COURT_VERBS:
            light = gov
        if light is None and etype == "police_violence" and gov.pos_ == "VERB" and gov.lemma_ in FORCE_VERBS:
            light = gov
        on_or_in = etype == "protest" and nominal.dep_ == "pobj" and nominal.head.lower_ in ("on", "in")
        if light is not None and not (nominal.dep_ in ("dobj", "nsubjpass", "attr") or on_or_in):
            light = None  # "held ... on charges": not the one who charges
        if light is not None:
            if not any(a.role == agent_role for a in args):
                subj = subject_of(light)
                if subj is not None and subj.i != nominal.i and not (etype == "detention" and passive_subject(light)):
                    role = agent_role
                    if etype == "protest" and (light.lemma_.lower() in ("organize", "organise", "call", "lead")
                                               or _is_organization(subj)):
                        role = "organizer"
                    if etype in ("detention", "release", "trial", "conviction", "sentence", "charge") and \
                            light.lemma_ in PATIENT_LIGHT_VERBS:
                        role = patient_role  # "X faces trial", "X received a sentence"
                    _add(args, role, subj, draft)
            if etype in ("sentence", "detention") and light.lemma_.lower() in GIVING_VERBS:
                for c in light.children:
                    if c.dep_ in ("dative",) or (c.dep_ == "prep" and c.lower_ in ("on", "to")):
                        target = c if c.dep_ == "dative" else next((p for p in c.children if p.dep_ == "pobj"), None)
                        if target is not None and not any(a.role == patient_role for a in args):
                            _add(args, patient_role, target, draft)
            for c in list(light.children) + [c for t in doc_span(trig, head) for c in t.children]:
                if c.dep_ == "prep" and c.lower_ in ("to", "on", "against", "into") and etype in (
                        "diplomatic_protest", "sanction", "ban", "charge", "investigation"):
                    for p in c.children:
                        if p.dep_ == "pobj" and not any(a.role == patient_role for a in args):
                            _add(args, patient_role, p, draft)
        if head.dep_ == "pobj" and head.head.lower_ in ("in", "into", "under") and etype == "detention" \
                and head.head.head.lemma_.lower() in CONFINING_VERBS:
            # "held in custody", "forced into camps": the detainee is the verb's patient
            verb = head.head.head
            for c in verb.children:
                if c.dep_ in ("nsubjpass", "dobj") and not any(a.role == patient_role for a in args):
                    _add(args, patient_role, c, draft, keep_conj)
                elif c.dep_ == "nsubj" and verb.pos_ == "VERB" and not any(a.role == agent_role for a in args):
                    _add(args, agent_role, c, draft)  # "a court placed X under house arrest"
    if etype == "police_violence":
        _force_fallbacks(head, args, draft)
    if etype == "diplomatic_protest" and not any(a.role == "target" for a in args):
        actors = {a.name.lower() for a in args}
        for tok in head.sent:  # the other state the statement addresses
            if tok.ent_type_ in ("GPE", "NORP") and tok.i > head.i and tok.text.lower() not in actors \
                    and not any(tok.text.lower() in a for a in actors):
                _add(args, "target", tok, draft)
                break
    if etype == "protest" and not any(a.role == "protester" for a in args):
        for verb in (head.head, head.head.head):  # "to break up a rally by thousands of people"
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    _add(args, "protester", next((p for p in c.children if p.dep_ == "pobj"), None), draft)
    return args


def _force_fallbacks(head: Token, args: list[Arg], draft: Draft) -> None:
    """Tear gas and rubber bullets name no one: take the sentence's security force and crowd."""
    forces = load_lexicon("security_forces") | {"police", "officer", "officers", "agents", "troops", "soldiers"}
    if not any(a.role == "perpetrator" for a in args):
        tok = next((t for t in head.sent if t.lower_ in forces and t.pos_ in ("NOUN", "PROPN")), None)
        if tok is not None:
            _add(args, "perpetrator", tok, draft)
    if not any(a.role == "victim" for a in args):
        victims = {"protesters", "demonstrators", "crowd", "crowds", "people", "marchers", "picketers", "students",
                   "activists", "residents", "supporters", "farmers", "workers", "mothers"}
        tok = next((t for t in head.sent if t.lower_ in victims and t.pos_ == "NOUN"), None)
        if tok is None:
            tok = next((t for t in head.sent if t.dep_ == "nsubjpass" and t.pos_ in ("PROPN", "PRON")), None)
        if tok is not None:
            _add(args, "victim", tok, draft)


@functools.cache
def _light_forms() -> frozenset[str]:
    return frozenset(f for v in load_lexicon("light_verbs") | PATIENT_LIGHT_VERBS for f in word_forms(v))


def is_light_verb(tok: Token) -> bool:
    """By word form too: the small model lemmatises "staging" as "stag"."""
    return tok.lemma_.lower() in _light_forms() or tok.lower_ in _light_forms()


def doc_span(trig: Trigger, head: Token):
    return head.doc[trig.start:trig.end]


COURT_NOUNS = {"court", "judge", "magistrate", "tribunal", "courts", "judges"}
AT_EVENT_PREPS = {"during", "at", "after", "for"}


def _court_fallback(doc: Doc, draft: Draft) -> None:
    """"a Nairobi magistrate fined X" when the parse loses the subject: the court word just before."""
    for m in draft.mentions:
        if m.type not in ("sentence", "conviction", "trial") or any(a.role == "court" for a in m.args):
            continue
        tok = doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
        if tok is None:
            continue
        sent = tok.root.sent
        court = next((t for t in reversed(list(doc[sent.start:tok.start])) if t.lower_ in COURT_NOUNS), None)
        if court is not None:
            _add(m.args, "court", court, draft)


DENY_VERBS = {"deny", "reject", "dismiss", "refute"}
DISPUTABLE = {"detention", "police_violence", "ban"}


def _denials_of_previous(doc: Doc, draft: Draft, sent_index) -> None:
    """"He said he was beaten. The ministry denied that any officers had been involved.": an
    official denial of a claim reported just before it."""
    authorities = load_lexicon("authorities")
    for sent in doc.sents:
        deny = next((t for t in sent if t.lemma_.lower() in DENY_VERBS and t.pos_ == "VERB"), None)
        if deny is None:
            continue
        subj = next((c for c in deny.children if c.dep_ == "nsubj"), None)
        if subj is None or not ({t.lower_ for t in subj.subtree} & (authorities | {"ministry", "spokesman", "spokeswoman"})):
            continue
        i = sent_index[sent.start]
        if any(m.sent == i and m.type in DISPUTABLE for m in draft.mentions):
            continue  # it denies something in its own sentence
        for m in draft.mentions:
            if i - 2 <= m.sent < i and m.type in DISPUTABLE and m.modality == "alleged":
                m.modality = "denied"


CLIENT_WORDS = {"client", "clients"}


def _victims_from_context(draft: Draft) -> None:
    """"Officers later used tear gas to clear the highway": the crowd of the sentence before."""
    crowd = None
    for m in draft.mentions:
        if m.type == "police_violence" and not any(a.role == "victim" for a in m.args) and crowd is not None \
                and 0 < m.sent - crowd[0] <= 2:
            m.args.append(crowd[1].model_copy(update={"role": "victim"}))
        for a in m.args:
            if a.role in ("protester", "victim") and a.kind == "group":
                crowd = (m.sent, a)


def _clients_are_defendants(draft: Draft) -> None:
    """"her lawyer said her client would appeal", "a hearing on a fresh bail petition is set":
    the client, or a court step naming no one, concerns the defendant last named nearby."""
    last, last_para = None, -9
    for m in draft.mentions:
        for i, a in enumerate(m.args):
            if a.role == "defendant" and a.name.lower().split()[-1:] and a.name.lower().split()[-1] in CLIENT_WORDS:
                if last is not None:
                    m.args[i] = last.model_copy()
        if m.type in ("trial", "sentence", "conviction") and not any(a.role == "defendant" for a in m.args) \
                and last is not None and m.para - last_para <= 1:
            m.args.append(last.model_copy())
        for a in m.args:
            if a.role in ("defendant", "detainee") and a.kind == "person":
                last, last_para = a.model_copy(update={"role": "defendant"}), m.para


def _reporting_authority(doc: Doc, draft: Draft) -> None:
    """"police said no one was detained": the police speak for the detentions they report."""
    authorities = load_lexicon("authorities")
    for m in draft.mentions:
        if m.type != "detention" or any(a.role == "authority" for a in m.args):
            continue
        span = doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
        if span is None:
            continue
        for anc in span.root.ancestors:
            if anc.lemma_.lower() in ("say", "report", "confirm", "announce", "deny"):
                subj = next((c for c in anc.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ in authorities:
                    _add(m.args, "authority", subj, draft)
                break


def _protest_of_party(doc: Doc, draft: Draft) -> None:
    """"fined X for ... during a protest", "arrested at the protest": X took part in it."""
    by_sent: dict[int, list[Mention]] = {}
    for m in draft.mentions:
        by_sent.setdefault(m.sent, []).append(m)
    patients = {"detention": "detainee", "sentence": "defendant", "conviction": "defendant", "charge": "defendant",
                "police_violence": "victim"}
    for m in draft.mentions:
        if m.type != "protest" or any(a.role == "protester" for a in m.args):
            continue
        span = doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
        if span is None or span.root.dep_ != "pobj" or span.root.head.lower_ not in AT_EVENT_PREPS:
            continue
        for other in by_sent.get(m.sent, []):
            arg = next((a for a in other.args if a.role == patients.get(other.type)), None)
            if arg is not None:
                m.args.append(arg.model_copy(update={"role": "protester"}))
                break


def _share_legal_parties(draft: Draft) -> None:
    """Court events of one sentence ("found X guilty on charges of ...") share defendant and court."""
    legal = ("charge", "trial", "conviction", "sentence")
    by_sent: dict[int, list[Mention]] = {}
    for m in draft.mentions:
        if m.type in legal:
            by_sent.setdefault(m.sent, []).append(m)
    for group in by_sent.values():
        for role in ("defendant", "court"):
            donor = next((a for m in group for a in m.args if a.role == role), None)
            if donor is None:
                continue
            for m in group:
                if not any(a.role == role for a in m.args) and (role == "defendant" or m.type != "charge"):
                    m.args.append(donor.model_copy())


def _inherit_context(draft: Draft) -> None:
    """A mention without a date or place of its own takes those of the previous mention in the
    same paragraph (wire copy states the date once: "X was detained on Monday. He was fined...")."""
    prev: Mention | None = None
    stated: set[str] = set()  # mentions whose date was stated for them or passed on from one that was
    for m in draft.mentions:
        if m.date_phrase is not None and not m.date_inherited:
            stated.add(m.id)
        # same paragraph, or the next paragraph's opening sentence continuing the story
        if prev is not None and m.sent - prev.sent <= 2 and (prev.para == m.para or m.para == prev.para + 1):
            weak = m.date_phrase is not None and m.id not in stated
            if (m.date_phrase is None or weak) and prev.date_phrase is not None and (prev.id in stated or not weak):
                m.date_phrase, m.date_inherited, m.tense = prev.date_phrase, True, prev.tense
                if prev.id in stated:
                    stated.add(m.id)
            if m.place_phrase is None and prev.place_phrase is not None and m.type not in ("sanction", "diplomatic_protest"):
                m.place_phrase, m.place_inherited = prev.place_phrase, True
        prev = m
