"""extract stage: a parsed Doc and its Article in, a Draft of event mentions out.

Each trigger (extract/triggers.py) becomes one Mention with its participants by dependency role,
modality, raw date/place/size phrases, claims, placard text and legal details, each with the
character span that supports it. Normalising the phrases and merging mentions come later.
"""
from __future__ import annotations

import sys
import types

from spacy.tokens import Doc, Token

from ..drafts import Arg, Draft, Mention, Span
from ..nlp.grammar import grammar_for
from ..records import Article
from .arguments import PARTICIPANT_NOUNS, add_participant, mention_arguments
from .details import attach_claims_from_followups, details_for
from .discourse import (clients_are_defendants, court_fallback, denials_of_previous, inherit_context,
                        mark_references, named_among_group, protest_of_party, reporting_authority,
                        share_legal_parties, statements_not_facts, victims_from_context)
from .groups import counted_group_members, groups_named_later, parties_end_before_charges, respective_terms
from .modality import is_reported, mention_modality
from .names import collect_names, dateline_of
from .precision import not_events
from .quotes import find_quotes, in_quote
from .scene import announcers_organize, scene_dates
from .syntax import children_in, doc_text, form, relation, subject_of
from .triggers import Trigger, find_triggers

CLAIM_GOVERNORS = {"demand", "seek", "urge", "call", "want", "push", "ask", "petition", "appeal", "press"}
SECONDARY_NOUNS = {"placard", "sign", "banner", "poster", "candle"}


class _CallableStage(types.ModuleType):
    """Importing this package replaces the `protestwatch.extract` function attribute; keep it callable."""

    def __call__(self, text: str, **kwargs):
        from .. import extract_text
        return extract_text(text, **kwargs)


sys.modules[__name__].__class__ = _CallableStage


def extract_document(doc: Doc, article: Article, model: str | None = None) -> Draft:
    """Return the event mentions, names and quotes of one parsed article."""
    if doc.lang_ == "ru":  # the Russian pack reads its own grammar and words into the same Draft
        from .lang.ru import extract_russian
        return extract_russian(doc, article, model)
    draft = Draft(article=article, model=model)
    draft.dateline = dateline_of(doc)
    draft.names = collect_names(doc)
    paragraphs = _paragraph_index(doc)
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    quotes = find_quotes(doc, draft.names)
    for n, trig in enumerate(find_triggers(doc)):
        mention = _mention(doc, trig, n, draft, sent_index, paragraphs)
        if mention is None:
            continue
        if mention.modality == "asserted" and in_quote(doc, mention.trigger.start):
            mention.modality = "alleged"  # someone's words: "an active participant in the riots"
        draft.mentions.append(mention)
    sign_spans = {(s.start, s.end) for m in draft.mentions for s in m.sign_text}
    draft.quotes = [q for q in quotes if not any(q.start <= s < q.end + 2 for s, _ in sign_spans)]
    # "on suspicion of calls for mass riots": an offence's name; "a placard reading 'Release our
    # people'": a slogan; "they cannot arrest the truth" in a quote: rhetoric, not an event
    named = [(c.start, c.end) for m in draft.mentions for c in m.charges + m.sign_text]
    draft.mentions = [m for m in draft.mentions if not any(s <= m.trigger.start < e for s, e in named)
                      and not (m.modality in ("negated", "denied", "hypothetical") and in_quote(doc, m.trigger.start))]
    attach_claims_from_followups(doc, draft)
    court_fallback(doc, draft)
    named_among_group(draft)
    parties_end_before_charges(draft)
    counted_group_members(draft)
    respective_terms(draft)
    groups_named_later(draft)
    victims_from_context(draft)
    clients_are_defendants(draft)
    denials_of_previous(doc, draft, sent_index)
    reporting_authority(doc, draft)
    protest_of_party(doc, draft)
    share_legal_parties(draft)
    announcers_organize(doc, draft)
    scene_dates(draft)
    inherit_context(draft)
    mark_references(doc, draft)
    statements_not_facts(doc, draft)
    not_events(doc, draft)
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
            c.lower_ in ("diplomatic", "formal", "official") or (relation(c) == "compound" and c.ent_type_ == "GPE")
            for c in head.children):
        etype, subtype = "diplomatic_protest", "statement"  # "made a diplomatic protest", "no US protest"
    mention = Mention(
        id=f"m{n + 1}", type=etype, subtype=subtype, modality=mention_modality(head),
        sent=sent_index[sent.start], para=paragraphs[sent.start],
        trigger=Span(text=span.text, start=span.start_char, end=span.end_char),
    )
    if etype == "police_violence" and mention.modality == "negated" and is_reported(head):
        mention.modality = "denied"  # "the minister said no officer had used rubber bullets": a denial
    mention.secondary = head.lower_ in PARTICIPANT_NOUNS or head.lemma_.lower() in SECONDARY_NOUNS
    if trig.source == "found_not_guilty" or head.lemma_ in ("acquit", "acquittal"):
        mention.outcome = "acquitted"
    elif etype == "conviction":
        mention.outcome = "guilty"
    if trig.source == "without_charge":  # "released without charge": no charge was brought
        mention.modality = "negated"
        mention.args = _without_charge_parties(head, draft)
    else:
        mention.args = mention_arguments(head, trig, etype, draft)
    if trig.source in ("due_before_court", "due_in_court"):  # "X and Y are due in court next month", "due to appear": a hearing to come
        mention.modality = "planned" if mention.modality == "asserted" else mention.modality
        subj = subject_of(head) or (subject_of(head.head) if relation(head) == "adjective_complement" else None)
        if not any(a.role == "defendant" for a in mention.args):
            add_participant(mention.args, "defendant", subj, draft, keep_conj=True)
        # "Kowalski and Nakamura are due in court": both, not the first alone
        clause_subj = next((subject_of(t) for t in [head, *head.ancestors] if subject_of(t) is not None), None)
        for other in clause_subj.conjuncts if clause_subj is not None else ():
            add_participant(mention.args, "defendant", other, draft)
    caller = _stoppage_caller(head) if trig.source == "closed_schools" else None
    if caller is not None:  # "the association called on teachers to close schools from Sunday"
        mention.modality = "planned"
        mention.args = [a for a in mention.args if a.role != "protester"]
        add_participant(mention.args, "organizer", _caller_subject(caller), draft)
    details_for(doc, head, trig, mention, draft)
    if trig.source == "stood_holding_sign":  # one person standing with a sign: a solo picket
        protesters = [a for a in mention.args if a.role == "protester"]
        if len(protesters) == 1 and protesters[0].kind == "person":
            mention.subtype = "solo_picket"
    if caller is not None:
        mention.tense = "future"
    if mention.modality in ("planned", "threatened") or any(c.lower_ in ("will", "'ll") for c in head.children):
        mention.tense = "future"  # "plan to march on Thursday", "threatened to arrest anyone who marches on Thursday"
    return mention


def _caller_subject(verb: Token) -> Token | None:
    """Who calls: the subject of the calling verb, past an event noun a misparse lends it ("the
    association said the sit-in would continue and called on teachers ...": the association)."""
    from ..data.triggers import trigger_index
    events = trigger_index()
    for v in [verb, *verb.ancestors]:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        subj = subject_of(v)
        if subj is None:
            continue
        phrase = subj.doc[subj.left_edge.i:subj.right_edge.i + 1].text.lower().split()
        if not any(w in events for w in phrase):
            return subj
    return None


def _stoppage_caller(head: Token) -> Token | None:
    """The verb that calls the stoppage ("called on teachers to close schools"), if one does."""
    from .triggers import CALL_VERBS
    cur = head
    for _ in range(2):
        if relation(cur) in ("open_complement", "complement", "adverbial_clause") and cur.head.lemma_.lower() in CALL_VERBS:
            return cur.head
        cur = cur.head
    return None


DEMAND_WORDS = {"demand", "demanded", "demanding", "demands", "sought", "seek", "seeking", "urged", "urging"}


def _without_charge_parties(head: Token, draft: Draft) -> list[Arg]:
    args: list[Arg] = []
    verb = head if head.pos_ == "VERB" else next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    if verb is not None:  # "released him without charge": him; "he was freed without charge": he
        obj = next(iter(children_in(verb, "object")), None)
        add_participant(args, "defendant", obj if obj is not None else subject_of(verb), draft)
    return args


def _is_demanded(head: Token) -> bool:
    # the parse of lower-cased or noisy text misses some: "they demanded the arrest of ..."
    window = {t.lower_ for t in head.doc[max(head.sent.start, head.i - 3):head.i]}
    if window & DEMAND_WORDS or ("for" in window and window & {"called", "calling", "call", "calls"}):
        return True
    g = grammar_for(head.doc)
    if relation(head) == "clausal_modifier" and g.preposition_of(head.head) in ("of", "with") and \
            g.prep_governor(head.head).lemma_.lower() in ("support", "solidarity", "release", "defence", "defense"):
        return True  # "in support of a physicist jailed for treason": whom the protest is for
    if g.preposition_of(head) == "for":  # "called for the release of ..."
        return g.prep_governor(head).lemma_ in CLAIM_GOVERNORS
    return relation(head) in ("object", "prep_marker", "open_complement") and head.head.lemma_ in CLAIM_GOVERNORS


def _is_state(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.ent_type_ == "GPE" and form(tok) == "name" and not tok.text.endswith("s"):
        return True
    words = {t.lower_ for t in tok.subtree}
    return tok.lower_ in ("ministry", "government", "embassy") and bool(words & {"foreign", "ministry", "government"}) \
        and any(t.ent_type_ in ("GPE", "NORP") for t in tok.subtree)
