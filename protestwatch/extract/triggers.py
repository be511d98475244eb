"""Find event trigger words in a parsed Doc: lexicon words (lexicons/triggers.tsv) and multi-word
patterns (patterns/triggers.jsonl), each filtered by a named guard that rejects non-event senses."""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..data import load_lexicon, load_patterns
from ..data.triggers import trigger_index
from .syntax import AGENT_RELATIONS, children_in, form, is_security_force, names_security_force, prep_governor, \
    prep_objects_of, preposition_of, relation, subject_of

VERB_POS = {"VERB", "AUX"}
NOUN_POS = {"NOUN", "PROPN"}
@dataclass
class Trigger:
    start: int          # token index
    end: int            # token index, exclusive
    head: Token         # the token whose syntax carries the event
    type: str
    subtype: str | None
    source: str         # "lexicon" or a pattern id


@functools.cache
def _matcher(vocab_id: int, vocab) -> Matcher:
    matcher = Matcher(vocab)
    for row in load_patterns("triggers"):
        matcher.add(row["id"], [row["pattern"]])
    return matcher


def _pattern_labels() -> dict[str, str]:
    return {row["id"]: row["label"] for row in load_patterns("triggers")}


def _pos_ok(token: Token, pos: str) -> bool:
    if pos == "VERB":
        if token.pos_ == "PROPN" and token.text[:1].isupper() and token.lower_.endswith(("s", "ed")) \
                and relation(token) in ("root", "conjunct", "apposition"):
            return True  # a title-case headline verb: "Court Convicts Friend Of Suspect"
        return token.pos_ in VERB_POS or form(token) in ("past_participle", "past", "gerund")
    if pos == "NOUN":
        return token.pos_ in NOUN_POS or form(token) in ("noun", "plural_noun")
    return True


# --- guards: each returns True when the token is an event trigger in this context ---

def _object(tok: Token) -> Token | None:
    """The patient of a verb: its direct object, or its passive subject (shared along "and")."""
    for c in tok.children:
        if relation(c) in ("object", "passive_subject"):
            return c
    if relation(tok) == "conjunct" and form(tok) == "past_participle":
        for c in tok.head.children:  # "was detained and released", "paid the fine and was released"
            if relation(c) == "passive_subject" or (relation(c) == "subject" and children_in(tok, "passive_aux")):
                return c
    if relation(tok) in ("clausal_modifier", "relative_clause") and form(tok) == "past_participle":
        return tok.head  # "protesters detained on Monday", "those arrested"
    return None


NOT_PEOPLE = {"states", "state", "cities", "countries", "districts", "provinces", "regions", "seats", "votes",
              "points", "percent", "years", "months", "days", "weeks", "hours", "towns", "villages", "territory",
              "areas", "caucuses", "primaries", "delegates"}


def _is_personish(tok: Token) -> bool:
    if tok is None:
        return False
    if tok.ent_type_ in ("PERSON", "NORP") or tok.lower_ in ("him", "her", "them", "he", "she", "they", "who", "whom"):
        return True
    low = tok.lower_
    if low in load_lexicon("group_nouns") or low in load_lexicon("person_descriptors"):
        return True
    if low in NOT_PEOPLE:
        return False
    if tok.like_num or any(c.like_num for c in tok.children):
        return True
    if low in ("several", "many", "some", "most", "dozens", "hundreds", "thousands", "scores", "all", "one",
               "others", "those", "everyone", "anyone", "nobody", "none", "rest", "remainder"):
        of = list(prep_objects_of(tok, "of"))
        return not of or _is_personish(of[0])  # "some of the 18 states" is not people
    if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ not in ("GPE", "LOC", "DATE", "FAC"):
        return True  # a name NER did not label
    return low.endswith(("ists", "ers", "ants", "ents")) or tok.ent_type_ in ("ORG",)


def guard_person_object(tok: Token) -> bool:
    if tok.pos_ in NOUN_POS:  # "the release of X", "his release"
        poss = children_in(tok, "possessor")
        if poss:
            return _is_personish(poss[0])
        of = next(prep_objects_of(tok, "of"), None)
        return of is not None and _is_personish(of)
    return _is_personish(_object(tok))


def guard_crowd_object(tok: Token) -> bool:
    obj = _object(tok)
    return obj is not None and (_is_personish(obj) or obj.lemma_ in (
        "crowd", "rally", "protest", "demonstration", "gathering", "march", "picket", "sit", "camp"))


def guard_not_month(tok: Token) -> bool:
    if tok.ent_type_ == "DATE" or not guard_not_commemoration(tok) or not guard_not_person_modifier(tok):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.text[0].isupper() and not tok.is_sent_start:
        return False
    return not (nxt is not None and nxt.like_num)


MILITARY = {"missile", "missiles", "drone", "drones", "airstrike", "airstrikes", "coalition", "bomb", "bombs",
            "warplanes", "jets", "military", "troops", "artillery", "rocket", "rockets", "forces", "carrier", "navy",
            "army", "militants", "isis", "taliban", "target", "targets", "gunmen", "attack", "attacked",
            "attackers", "attacks", "bombing", "insurgents", "fighters", "rebels", "jihadists", "weapons",
            "chemical", "retaliation", "shabaab", "extremists", "defend"}
LABOUR = {"workers", "union", "unions", "employees", "staff", "teachers", "doctors", "nurses", "miners", "drivers",
          "wage", "wages", "pay", "pension", "pensions", "general", "hunger", "strikers", "walkout", "labor", "labour"}


def guard_not_military(tok: Token) -> bool:
    """Fighters blocking roads or striking targets are waging war, not protesting."""
    words = _context_words(tok)
    if any(t.text == "IS" for t in tok.sent):  # the Islamic State, not the verb
        words = words | {"isis"}
    if len(words & MILITARY) >= 2 and not words & {"protesters", "demonstrators", "protest", "union", "unions"}:
        return False  # "Militants strike in Kenya - gunmen attacked workers"
    return not (words & MILITARY and not words & LABOUR and not words & {"protesters", "demonstrators", "protest"})


PERSON_HEADS = {"leader", "leaders", "organizer", "organizers", "organiser", "organisers", "movement",
                "movements", "group", "groups", "participant", "participants", "activist", "activists"}


def guard_not_person_modifier(tok: Token) -> bool:
    """"protest leaders", "strike organizers": people, not an event."""
    return not (relation(tok) == "compound" and tok.head.lower_ in PERSON_HEADS)


def guard_labour_strike(tok: Token) -> bool:
    if not guard_not_person_modifier(tok):
        return False
    if not guard_not_military(tok):
        return False
    if relation(tok) == "compound" and tok.head.lower_ in ("force", "forces", "group", "aircraft", "fighter"):
        return False
    if any(p.ent_type_ in ("GPE", "ORG", "NORP") or p.lower_ in MILITARY for p in prep_objects_of(tok, "on", "against")):
        return False  # "a strike on Syria", "strikes against IS forces"
    mods = {c.lower_ for c in tok.children if relation(c) in ("compound", "adjective_modifier", "noun_modifier")}
    return not mods & {"air", "missile", "drone", "military", "rocket", "israeli", "russian", "u.s.", "us",
                       "american", "preemptive", "pre-emptive", "lightning", "first", "retaliatory", "nuclear"}


WORKERS = {"workers", "employees", "staff", "teachers", "doctors", "nurses", "miners", "drivers", "union", "unions",
           "members", "strikers"}


def guard_workers_subject(tok: Token) -> bool:
    """"hundreds of dockworkers stopped work", "miners downed tools": a strike only when workers stop."""
    subj = next((c for c in tok.children if relation(c) in ("subject", "passive_subject")), None)
    if subj is None:
        return False
    return any(t.lower_ in WORKERS or t.lower_.endswith("workers") for t in subj.subtree)


CALL_VERBS = {"call", "urge", "ask", "announce", "vow", "threaten"}
TRADERS = WORKERS | {"traders", "shopkeepers", "merchants", "shop", "owners", "businesses", "teachers"}


def guard_stoppage_call(tok: Token) -> bool:
    """"called on teachers to close schools from Sunday", "shopkeepers shut their shops": a stoppage
    called by a union or done by those who work there; not "the ministry closed schools for snow"."""
    cur = tok
    for _ in range(2):
        if relation(cur) in ("open_complement", "complement", "adverbial_clause") and cur.head.lemma_.lower() in CALL_VERBS:
            return True
        cur = cur.head
    subj = next((c for c in tok.children if relation(c) == "subject"), None)
    return subj is not None and any(t.lower_ in TRADERS or t.lower_.endswith("workers") for t in subj.subtree)


def guard_labour_context(tok: Token) -> bool:
    """"strikers" are workers on strike only beside labour words; a team's "striker" is a player."""
    if any(c.lower_ == "hunger" for c in tok.children):
        return True
    return bool(_context_words(tok) & (LABOUR - {"strikers", "general"}))


def guard_not_modifier(tok: Token) -> bool:
    """"riot police", "riot gear": a modifier, not an event."""
    return relation(tok) not in ("compound", "adjective_modifier", "noun_modifier")


def guard_detention_noun(tok: Token) -> bool:
    """Not "cardiac arrest", "arrest warrants" (a warrant is not yet an arrest), "released from custody",
    "sentenced to 15 days of administrative arrest" (the sentence's term)."""
    if {c.lower_ for c in tok.children} & {"cardiac", "heart", "respiratory"}:
        return False
    if _in_sentence_term(tok):
        return False
    if relation(tok) == "compound" and tok.head.lemma_.lower() in ("warrant", "record", "quota", "power", "list"):
        return False
    return not (preposition_of(tok) == "from" and prep_governor(tok).lemma_ in ("release", "free", "escape"))


def guard_not_sentence_term(tok: Token) -> bool:
    # "sentenced to 10 days' detention" names the sentence, not a separate detention
    return not _in_sentence_term(tok)


TERM_UNITS = {"hour", "day", "week", "month", "year"}
SENTENCING_VERBS = {"sentence", "jail", "condemn", "give", "hand"}


def _in_sentence_term(tok: Token) -> bool:
    """The custody a sentence imposes: "sentenced to 10 days' detention", "sentenced him to 15 days
    in a detention center", "jailed for 15 days of arrest"; not "sentenced after his arrest"."""
    through_term = False
    child = tok
    for cur in tok.ancestors:
        if cur.lemma_.lower() in TERM_UNITS:
            through_term = True
        if cur.lemma_.lower() in SENTENCING_VERBS and cur.pos_ in ("VERB", "NOUN"):
            # "sentenced to 15 days in a detention center": where the term is served
            served_in = child.lower_ == "in" and any(t.lemma_.lower() in TERM_UNITS for t in cur.subtree)
            return through_term or served_in or child.lower_ in ("to", "for")
        child = cur
    return False


def guard_intransitive(tok: Token) -> bool:
    # "demonstrated that...", "rallied support": a transitive use is not a protest
    return not children_in(tok, "object", "complement")


def guard_held_in_custody(tok: Token) -> bool:
    words = {t.lower_ for t in tok.subtree}
    if any(relation(c) in AGENT_RELATIONS and (names_security_force(c.subtree) or {t.lower_ for t in c.subtree}
                                               & {"security", "authorities"}) for c in tok.children):
        return True  # "held by police"
    places = {"station", "stations", "precinct", "charges", "charge", "suspicion", "custody", "detention", "prison", "prisons", "jail", "jails", "camp", "camps", "captivity",
              "incommunicado", "hostage", "centers", "centres", "center", "centre", "cell", "cells", "colony"}
    passive = bool(children_in(tok, "passive_aux", "passive_subject")) \
        or relation(tok) in ("clausal_modifier", "relative_clause")
    return passive and bool(words & places) or bool(words & {"without", "incommunicado"} and words & {"charge", "trial"})


def guard_criminal_context(tok: Token) -> bool:
    if form(tok) == "gerund" and relation(tok) in ("adjective_modifier", "compound"):
        return False  # "an investigating judge", "the investigating officer": an office, not an act
    sent = {t.lemma_ for t in tok.sent}
    return bool(sent & {"prosecution", "interrogate", "question", "security", "police", "prosecutor", "criminal", "investigator", "charge", "suspect", "arrest",
                        "detain", "crime", "murder", "committee", "fsb", "kgb", "case", "allegation",
                        "corruption", "fraud", "extremism", "terrorism", "treason", "judge", "custody", "court"})


CHARGED_HEADS = {"those", "people", "anyone", "others", "all", "none", "many", "most", "some"}


DECISION_VERBS = {"decide", "decline", "refuse", "agree", "opt", "choose"}


def guard_charged_with(tok: Token) -> bool:
    if tok.pos_ in NOUN_POS:
        return guard_criminal_charges(tok)
    kids = {c.lower_ for c in tok.children}
    if "with" in kids:
        return True
    if relation(tok) == "conjunct" and any(relation(c) in ("passive_subject", "passive_aux") for c in tok.head.children):
        return form(tok) == "past_participle"  # "was detained ... and charged days later"
    if form(tok) == "past_participle" and any(relation(c) == "passive_aux" for c in tok.children):
        return True  # "..., and was charged days later"
    if form(tok) == "past_participle" and relation(tok) == "clausal_modifier" and tok.head.lower_ in CHARGED_HEADS:
        return True  # "Those charged included X and Y": the people charged
    if relation(tok) == "open_complement" and tok.head.lemma_.lower() in DECISION_VERBS and _is_personish(_object(tok)):
        return True  # "prosecutors decided not to charge her"
    return relation(tok) in ("root", "conjunct", "relative_clause", "complement") \
        and bool(children_in(tok, "passive_subject"))


def guard_criminal_charges(tok: Token) -> bool:
    if tok.lower_ in ("charge",) and tok.head.lower_ in ("in",):  # "in charge of"
        return False
    kids = {c.lower_ for c in tok.children}
    head = tok.head
    return bool(kids & {"of", "against", "criminal", "administrative", "terrorism", "extremism"}) or \
        head.lemma_ in ("face", "file", "bring", "drop", "deny", "press", "level", "dismiss") or \
        (head.lower_ == "on" and head.head.lemma_ in ("arrest", "detain", "guilty", "convict", "find", "jail", "sentence", "hold"))


COURT_WORDS = {"court", "judge", "verdict", "sentence", "trial", "prosecutor", "lawyer", "defendant", "guilty",
               "appeal", "tribunal", "hearing", "conviction", "convict", "charge", "acquit", "jail", "prison",
               "ruling", "decision", "lawyer", "attorney", "defence", "defense", "pardon", "serve", "colony",
               "parole", "prisoner", "custody", "detention", "arrest", "fine", "penalty", "case", "adjourn",
               "postpone", "schedule", "set", "bail", "magistrate", "prosecution", "client", "ruling"}


def guard_court_context(tok: Token) -> bool:
    lemmas = {t.lemma_.lower() for t in tok.sent} - {tok.lemma_.lower()}
    if tok.text[:1].isupper() and tok.i >= 2 and tok.nbor(-1).lower_ == "of" and tok.nbor(-2).lower_ in ("court", "courts"):
        return False  # "the Court of Appeal ruled": the court's name, not an appeal
    if tok.lemma_ == "conviction":
        mods = {c.lower_ for c in tok.children}
        if mods & {"political", "religious", "personal", "deep", "strong", "moral", "my", "our", "their"}:
            return False
    return bool(lemmas & COURT_WORDS)


def guard_not_clinical(tok: Token) -> bool:
    """A court trial, not a test of a drug or device: "a late-stage trial enrolled 1,740 patients",
    "tested in a trial with volunteers"; a court word in the sentence keeps it ("his trial on drug charges")."""
    mods = {c.lower_ for c in tok.children} | {tok.head.lower_}
    if mods & {"clinical", "drug", "vaccine", "free", "trial-and-error"}:
        return False
    words = {t.lower_ for t in tok.sent} | {t.lemma_.lower() for t in tok.sent}
    if not words & load_lexicon("test_trial_words"):
        return True
    return bool(words - {tok.lower_, tok.lemma_.lower(), "trial", "trials"} & COURT_WORDS)


def guard_envoy_object(tok: Token) -> bool:
    obj = _object(tok)
    if obj is None:
        return False
    words = {t.lower_ for t in obj.subtree}
    return bool(words & {"ambassador", "envoy", "charge", "chargé", "diplomat", "diplomats", "consul", "attache"})


SIGN_VERBS = {"hold", "carry", "wave", "display", "raise", "unfurl", "brandish", "hang", "put"}
PROTESTER_HEADS = {"protesters", "demonstrators", "people", "activists", "students", "workers", "residents",
                   "thousands", "hundreds", "dozens", "crowd", "crowds", "supporters", "women", "men", "mothers",
                   "relatives", "families", "farmers", "opponents"}


def guard_held_sign(tok: Token) -> bool:
    """"holding a placard": a sign held up is a protest, a road sign is not."""
    if preposition_of(tok) == "with":
        governor = prep_governor(tok)
        return governor.pos_ in ("VERB", "NOUN") and governor.lower_ != "along"  # not "along with a banner"
    head = tok.head
    return relation(tok) == "object" and (head.lemma_.lower() in SIGN_VERBS
                                          or head.lower_ in ("holding", "held", "carrying", "waving"))


def guard_speech_object(tok: Token) -> bool:
    """"criminalizes statements about the military": a law against speech is censorship; one
    that "criminalizes drunk driving" is not."""
    obj = _object(tok)
    return obj is not None and bool({t.lower_ for t in obj.subtree} & load_lexicon("speech_objects"))


HOLDING_VERBS = {"hold", "stage", "organize", "organise"}


def guard_held_gathering(tok: Token) -> bool:
    """"students have held gatherings on campus every week": gatherings held by people in a
    protest story; not a family gathering, nor the gathering of evidence."""
    if relation(tok) != "object" or tok.head.lemma_.lower() not in HOLDING_VERBS:
        return False
    if _context_words(tok) & NOT_PROTEST_GATHERINGS:
        return False
    subj = subject_of(tok.head)
    return subj is not None and (bool({t.lower_ for t in subj.subtree} & PROTESTER_HEADS) or _is_personish(subj))


STAGING_VERBS = {"stage", "hold", "mount", "set", "maintain", "man", "erect", "organize", "organise"}


def guard_staged_blockade(tok: Token) -> bool:
    """"has staged blockades at logging sites": protesters' blockades; not a naval or an economic
    blockade, which is imposed, not staged."""
    if {c.lower_ for c in tok.children} & {"naval", "military", "economic", "israeli", "maritime", "air"}:
        return False
    verb = tok.head  # the tagger lemmatizes "staged" as "stag"
    return relation(tok) == "object" and (verb.lemma_.lower() in STAGING_VERBS
                                          or verb.lower_ in ("staged", "stages", "staging"))


MESSAGE_VERBS = {"read", "say", "call", "urge", "demand", "denounce", "condemn", "oppose", "protest"}


def guard_leaflet_message(tok: Token) -> bool:
    """"left leaflets reading 'No to war' in mailboxes": leafleting with a message is a protest;
    "a leaflet advertising a sale" is not."""
    if any(relation(c) in ("clausal_modifier", "relative_clause") and c.lemma_.lower() in MESSAGE_VERBS
           for c in tok.children):
        return True
    # the parse often hangs "reading ..." on the verb: the word right after the noun says it
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and form(nxt) == "gerund" and nxt.lemma_.lower() in MESSAGE_VERBS


def guard_sign_in_sentence(tok: Token) -> bool:
    """"stood alone outside the FSB holding a placard": standing is a protest when a sign is held."""
    return bool({t.lower_ for t in tok.sent} & load_lexicon("sign_nouns"))


NOT_PROTEST_GATHERINGS = {"funeral", "funerals", "mourn", "mourners", "memorial", "ceremony", "celebrate",
                          "celebration", "worship", "prayer", "prayers", "wedding", "concert", "festival", "party",
                          "match", "game", "fans", "service", "mass", "burial", "vote", "voting", "caucus"}


def _context_words(tok: Token) -> set[str]:
    """Words of the sentence and the one before it."""
    sent = tok.sent
    before = tok.doc[sent.start - 1].sent if sent.start > 0 else sent
    return {t.lower_ for t in sent} | {t.lower_ for t in before}


GATHERING_PURPOSE = {"demand", "protest", "condemn", "denounce", "oppose", "petition"}


def guard_protester_subject(tok: Token) -> bool:
    if _context_words(tok) & NOT_PROTEST_GATHERINGS:
        return False
    subj = next((c for c in tok.children if relation(c) == "subject"), None)
    if subj is None:
        return False
    words = {t.lower_ for t in subj.subtree}
    if words & PROTESTER_HEADS or subj.like_num:
        return True
    # people of any kind who gather "to demand" something: "several dozen journalists gathered ... to demand",
    # or who hold signs as they gather: "exiles gathered outside the restaurant, some holding signs"
    return _is_personish(subj) and (bool({t.lemma_.lower() for t in tok.sent} & GATHERING_PURPOSE)
                                    or guard_sign_in_sentence(tok))


STATE_WORDS = {"ambassador", "ambassadors", "envoy", "envoys", "diplomats", "embassies",
               "ministry", "government", "embassy", "consulate", "department", "foreign", "kremlin", "president",
               "spokesman", "spokeswoman", "spokesperson", "office", "union", "commission", "council"}


def guard_state_subject(tok: Token) -> bool:
    """A state speaking: "the Chinese Foreign Ministry condemned ...", "Washington denounced ..."."""
    subj = next((c for c in tok.children if relation(c) == "subject"), None)
    if subj is None:
        return False
    words = {t.lower_ for t in subj.subtree}
    if subj.ent_type_ == "GPE" and not subj.text.endswith("s"):
        return True
    return bool(words & STATE_WORDS) and (any(t.ent_type_ in ("GPE", "NORP", "ORG") for t in subj.subtree)
                                          or bool(words & {"ambassadors", "envoys", "diplomats", "embassies"}))


REJECTED_WORDS = {"statement", "statements", "remarks", "criticism", "accusations", "accusation", "claims",
                  "resolution", "report", "comments", "condemnation"}


def guard_state_rejects_words(tok: Token) -> bool:
    """"Iran's Foreign Ministry rejected the U.S. statement as interference": a state answering
    another's words; not "the court rejected her appeal"."""
    obj = _object(tok)
    return guard_state_subject(tok) and obj is not None and bool({t.lower_ for t in obj.subtree} & REJECTED_WORDS)


ORG_NOUNS = {"chapter", "group", "party", "organization", "organisation", "newspaper", "movement", "union",
             "association", "foundation", "licence", "license", "outlet", "channel", "club", "society", "ngo",
             "network", "branch", "fund", "center", "centre", "station"}


def guard_org_object(tok: Token) -> bool:
    obj = _object(tok)
    if obj is None:
        return False
    return obj.lower_ in ORG_NOUNS or obj.lemma_.lower() in ORG_NOUNS or obj.ent_type_ == "ORG"


def guard_passive_person(tok: Token) -> bool:
    """"he was tried", "has not been tried": a person in court, not "tried to hold a rally"."""
    subj = next((c for c in tok.children if relation(c) == "passive_subject"), None)
    return subj is not None and _is_personish(subj) and not any(relation(c) == "open_complement" for c in tok.children)


CAMPAIGN = {"campaign", "candidate", "candidates", "nominee", "caucus", "caucuses", "primary", "primaries",
            "delegates", "voters", "electoral", "battleground", "polls", "swing", "voted"}


SPEAKER_VERBS = {"speak", "address", "tell", "say", "cheer", "appear", "arrive", "headline", "hold"}
COMMEMORATION = {"commemorate", "commemorating", "commemoration", "honor", "honour", "mourn", "memorial",
                 "anniversary", "celebrate", "celebrating", "parade", "funeral", "remembrance"}
PROTEST_WORDS = {"protest", "protests", "protesters", "demand", "demanding", "against", "opposition", "condemn",
                 "denounce", "rights", "justice", "banned", "ban", "police", "detained", "arrested"}


def guard_not_campaign(tok: Token) -> bool:
    """An election rally where a candidate speaks is a meeting, not a protest; a memorial
    procession is a commemoration."""
    words = _context_words(tok)
    if words & CAMPAIGN or {c.lower_ for c in tok.children} & {"election", "campaign", "victory"}:
        return False
    if preposition_of(tok) in ("at", "during", "to") and prep_governor(tok).lemma_ in SPEAKER_VERBS:
        return False
    if relation(tok) == "object" and tok.head.lemma_ in ("tell", "address"):
        return False
    return guard_not_commemoration(tok)


def guard_not_commemoration(tok: Token) -> bool:
    words = {t.lower_ for t in tok.sent}
    return not (words & COMMEMORATION and not words & PROTEST_WORDS)


NOT_ARRESTABLE = {"slide", "decline", "downslide", "slump", "trend", "growth", "spread", "erosion", "fall", "rot",
                  "inflation", "deterioration", "momentum", "trouble", "danger", "threat", "violence", "tension",
                  "tensions", "situation", "attention", "loss", "losses", "fear", "fears", "problem", "build-up",
                  "buildup", "accumulation", "progression", "progress", "rise", "damage"}


def guard_arrest_person(tok: Token) -> bool:
    """"police arrested 20 people", "he was arrested"; not "arrest the slide", "apprehending trouble".
    Names in lower-cased text are not tagged as names, so only a plainly abstract object refuses."""
    obj = next((c for c in tok.children if relation(c) == "object"), None)
    if obj is None:
        return True
    left = min([c.i for c in obj.children if relation(c) in ("compound", "punct") and c.i < obj.i] + [obj.i])
    joined = "".join(t.text for t in obj.doc[left:obj.i + 1]).lower()  # "build-up" parses as three tokens
    return obj.lemma_.lower() not in NOT_ARRESTABLE and joined not in NOT_ARRESTABLE


def guard_authority_subject(tok: Token) -> bool:
    """"prosecutors accused him of ...", "she was accused of 'public disorder'": a charge;
    "rights groups accuse the government of ...": not."""
    if any(relation(c) == "passive_subject" and _is_personish(c) for c in tok.children) and any(
            relation(c) == "prep_marker" and c.lower_ == "of" for c in tok.children):
        return True
    subj = next((c for c in tok.children if relation(c) == "subject"), None)
    return subj is not None and ({t.lower_ for t in subj.subtree} & load_lexicon("authorities")) != set() \
        and _is_personish(_object(tok)) if _object(tok) is not None else False


def guard_home_object(tok: Token) -> bool:
    obj = _object(tok)
    return obj is not None and obj.lemma_.lower() in ("home", "apartment", "flat", "house", "office", "offices",
                                                      "premises", "headquarters", "residence") and guard_criminal_context(tok)


def guard_booked_under(tok: Token) -> bool:
    """Indian police usage: "booked under the Arms Act", "booked for murder"; not "booked a flight"."""
    kids = {c.lower_ for c in tok.children}
    return tok.pos_ == "VERB" and bool(kids & {"under", "for"}) and (passive_or_police(tok))


def passive_or_police(tok: Token) -> bool:
    return any(relation(c) in ("passive_subject", "passive_aux") for c in tok.children) or any(
        relation(c) == "subject" and is_security_force(c) for c in tok.children)


MEDIA = {"facebook", "twitter", "x", "youtube", "telegram", "whatsapp", "instagram", "tiktok", "signal", "website",
         "websites", "site", "sites", "newspaper", "channel", "channels", "internet", "vpn", "vpns", "app", "apps",
         "portal", "outlet", "outlets", "broadcaster", "messenger", "wikipedia", "google", "skype"}


def guard_media_object(tok: Token) -> bool:
    """"Facebook has been blocked", "blocked access to the website": censorship."""
    obj = _object(tok)
    if obj is None:
        return False
    # near the object only: not "blocked the entrance to the headquarters of the broadcaster"
    return any(t.lower_ in MEDIA and _depth_below(t, obj) <= 2 for t in obj.subtree)


def _depth_below(tok: Token, top: Token) -> int:
    """Arcs from `top` down to `tok`, which lies in its subtree."""
    depth = 0
    while tok.i != top.i:
        tok, depth = tok.head, depth + 1
    return depth


INVESTIGATORS = {"police", "investigators", "prosecutors", "prosecution", "prosecutor", "officers", "detectives",
                 "agents", "security", "fsb", "kgb", "committee"}


def guard_police_agent(tok: Token) -> bool:
    """"was questioned by police", "the prosecution questioned the detainees": an investigation;
    "questioned the decision": not."""
    for c in tok.children:
        if relation(c) in AGENT_RELATIONS and {t.lower_ for t in c.subtree} & INVESTIGATORS:
            return True
        if relation(c) == "subject" and {t.lower_ for t in c.subtree} & INVESTIGATORS:
            return _is_personish(_object(tok))
    return False


def guard_force_agent(tok: Token) -> bool:
    """"shot by security forces", "police shot two protesters": force by the state."""
    for c in tok.children:
        if relation(c) in AGENT_RELATIONS and names_security_force(c.subtree):
            return True
        if relation(c) == "subject" and names_security_force(c.subtree):
            return True
    return False


def guard_force_fire_without_target(tok: Token) -> bool:
    """"after security forces opened fire": shooting by the state, told with no one fired on
    ("opened fire on" has its own pattern)."""
    doc = tok.doc
    fire = next((t for t in doc[tok.i + 1:tok.i + 2] if t.lower_ == "fire"), None)
    return fire is not None and (fire.i + 1 >= len(doc) or doc[fire.i + 1].lower_ != "on") and guard_force_agent(tok)


def guard_not_force_subject(tok: Token) -> bool:
    """"a riot policeman blocks the gate": the police blocking a road are not protesting."""
    subj = next((c for c in tok.children if relation(c) in ("subject", *AGENT_RELATIONS)), None)
    return subj is None or not names_security_force(subj.subtree)


def guard_designation_verb(tok: Token) -> bool:
    """"designated [a long list of groups] as terrorist organisations": the verb names the ban."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in ("designate", "declare", "label", "list", "brand")


PROTEST_SITES = {"camp", "camps", "encampment", "protest", "protests", "sit-in", "tents", "barricades", "rally",
                 "protesters", "demonstrators", "crowd", "occupation"}


def guard_force_on_protest(tok: Token) -> bool:
    """"troops raided the main protest camp": force against a protest, not a raid on a home."""
    obj = _object(tok)
    return guard_force_agent(tok) and obj is not None and bool({t.lower_ for t in obj.subtree} & PROTEST_SITES)


WANTED = {"suspect", "suspects", "man", "men", "woman", "gunman", "gunmen", "attacker", "attackers", "bomber",
          "perpetrator", "perpetrators", "killer", "fugitive", "driver", "person", "people"}


def guard_manhunt(tok: Token) -> bool:
    """"police were searching for a man believed to be responsible", "police are hunting a suspect"."""
    subj = next((c for c in tok.children if relation(c) == "subject"), None)
    if subj is None or not ({t.lower_ for t in subj.subtree} & {"police", "officers", "investigators", "detectives",
                                                                  "authorities", "agents", "fbi"}):
        return False
    objs = [c for c in tok.children if relation(c) == "object"] + [
        *prep_objects_of(tok, "for")]
    return any(o.lower_ in WANTED for o in objs)


def guard_search(tok: Token) -> bool:
    """A search of someone's home, or a manhunt."""
    return guard_home_object(tok) or guard_manhunt(tok)


GATHERINGS = {"rally", "protest", "demonstration", "vigil", "march", "gathering", "picket", "sit-in", "crowd",
              "meeting", "camp", "protesters", "demonstrators", "assembly"}


def guard_gathering_subject(tok: Token) -> bool:
    """"any unauthorised gathering would be broken up": the passive subject is a gathering."""
    verb = tok if relation(tok) != "particle" else tok.head
    for t in (verb, verb.head):
        subj = next((c for c in t.children if relation(c) in ("passive_subject", "subject")), None)
        if subj is not None:
            return subj.lemma_.lower() in GATHERINGS or subj.lower_ in GATHERINGS
    return False


GUARDS = {name[6:]: fn for name, fn in globals().items() if name.startswith("guard_")}


def find_triggers(doc: Doc) -> list[Trigger]:
    """Return the triggers of a Doc, longest match first, no two sharing a token."""
    found: list[Trigger] = []
    taken: set[int] = set()
    labels = _pattern_labels()
    guards = {row["id"]: row.get("guard") for row in load_patterns("triggers")}
    index = trigger_index()
    for match_id, start, end in sorted(_pattern_matches(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        if any(i in taken for i in range(start, end)):
            continue
        pid = doc.vocab.strings[match_id]
        etype, _, subtype = labels[pid].partition("/")
        span = doc[start:end]
        if etype == "protest" and not guard_not_military(span.root):
            continue
        guard = guards.get(pid)
        if guard and not GUARDS[guard](_pattern_head(span, etype)):
            continue
        found.append(Trigger(start, end, _pattern_head(span, etype), etype, subtype or None, pid))
        taken.update(range(start, end))
        embedded = EMBEDDED_EVENTS.get(etype)
        if embedded:  # "broke up a rally", "defied a ban": the rally, the ban are events of their own
            for tok in span:
                rows = index.get(tok.lower_) or []
                row = next((r for r in rows if r[2] == embedded and tok.pos_ in NOUN_POS), None)
                if row is not None:
                    found.append(Trigger(tok.i, tok.i + 1, tok, embedded, row[3], "lexicon"))
    for tok in doc:
        if tok.i in taken or tok.is_punct:
            continue
        rows = index.get(tok.lower_) or index.get(tok.lemma_.lower())
        if not rows:
            continue
        for lemma, pos, etype, subtype, guard in rows:
            if not _pos_ok(tok, pos):
                continue
            if guard and not GUARDS[guard](tok):
                continue
            found.append(Trigger(tok.i, tok.i + 1, tok, etype, subtype, "lexicon"))
            taken.add(tok.i)
            break
    found.sort(key=lambda t: t.start)
    return _in_event_sense(doc, found)


def _pattern_matches(doc: Doc) -> list[tuple[int, int, int]]:
    """Matcher hits over the Doc; when the sense step ran, over the sentences holding a word it
    kept (the Matcher's wildcard patterns cost more than parsing, and a sentence without such a
    word keeps no trigger anyway)."""
    from ..nlp.sense import SENSE_KEY
    matcher = _matcher(id(doc.vocab), doc.vocab)
    sense = doc.user_data.get(SENSE_KEY)
    if sense is None:
        return list(matcher(doc))
    starts = [t.idx for t in doc]
    sents: dict[int, Span] = {}
    for char in sense.kept_starts():
        i = max(0, bisect.bisect_right(starts, char) - 1)
        sent = doc[i].sent
        sents.setdefault(sent.start, sent)
    return [(m, sent.start + a, sent.start + b) for sent in sents.values() for m, a, b in matcher(sent)]


def _in_event_sense(doc: Doc, found: list[Trigger]) -> list[Trigger]:
    """Drop triggers whose words the sense step (nlp/sense.py) judged non-event: "striker" on a
    sports page, a price "rally". A Doc parsed without that step keeps every trigger."""
    from ..nlp.sense import SENSE_KEY
    sense = doc.user_data.get(SENSE_KEY)
    if sense is None:
        return found
    return [t for t in found if sense.keeps(doc[t.start].idx, doc[t.end - 1].idx + len(doc[t.end - 1]))]


EMBEDDED_EVENTS = {"police_violence": "protest", "protest": "ban"}


def _pattern_head(span: Span, etype: str) -> Token:
    """The token that carries the event's syntax: the verb of a verbal pattern, else the span root."""
    for tok in span:
        if tok.pos_ == "VERB" and tok.lemma_ in ("find", "open", "lodge", "take", "round", "plead", "block",
                                                 "bar", "forbid", "prohibit", "ban", "go", "stand", "put", "defy",
                                                 "launch", "initiate", "file", "issue", "refuse", "say", "release",
                                                 "publish", "sign", "call", "urge", "push", "bundle",
                                                 "receive", "get", "give", "hand",
                                                 "force", "drag", "shove", "throw", "haul"):
            return tok
    if span[0].lower_ == "as" and relation(span.root) == "prep_marker" and span.root.head.pos_ == "VERB":
        return span.root.head  # "... as terrorist organisations": the verb it completes
    return span.root
