"""Fill one mention's details from its sentence: date and place phrases (venue apart), size,
claims and targets, placard text, and the legal facts (charges, plea, sentence terms, fines)."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..data import load_currency_words, load_lexicon
from ..data.triggers import trigger_index
from ..drafts import Arg, Draft, Mention, Span
from ..vocab import AGENT_ROLE, CLAIM_TYPES, PATIENT_ROLE, PERSON_CENTRED, SCENE_TYPES
from .names import _is_headline
from .quotes import in_quote, mark_class, quote_marks
from .triggers import PERSON_HEADS
from .syntax import (doc_text, entity_of, form, name_kind, phrase_span, prep_governor, prep_objects_of, preposition_of,
                     relation)

DATE_LEAD = {"late", "early", "earlier", "later", "on", "in", "since", "for", "during", "until", "by", "from",
             "over", "throughout", "this", "last", "next"}
LOC_PREPS = {"in", "at", "outside", "near", "inside", "within", "across", "opposite", "before", "through", "along",
             "around", "on", "into", "to", "toward", "towards", "from", "behind", "beside"}
FRONT_WORDS = {"front", "outside", "near", "vicinity", "steps", "gates", "entrance",
               "meters", "metres", "kilometres", "kilometers", "km", "miles", "yards", "feet"}  # "within 50 meters of X"
VENUE_HEADS = {"place", "plaza", "square", "bridge", "avenue", "club", "house", "hall", "park", "street", "stadium",
               "station", "prospekt", "boulevard", "maidan"}
SETTLEMENT_NOUNS = {"city", "town", "village", "region", "province", "district", "capital", "port", "oblast"}
OWNED_VENUES = {"headquarters", "office", "offices", "building", "residence", "compound", "premises"}
VAGUE_VENUES = {"streets", "street", "area", "areas", "roads", "road", "neighbourhood", "neighborhood", "downtown"}
SOLO_WORDS = {"alone", "single-handedly", "one-man", "one-woman", "one-person", "single-person", "single-man", "solo", "lone", "solitary",
              "individual"}
VAGUE_NUMBERS = {"dozens", "hundreds", "thousands", "millions", "scores", "tens", "dozen", "hundred", "thousand", "million"}
CLAIM_PREPS = {"over", "against", "about", "regarding", "concerning"}
LEGAL_TYPES = {"charge", "trial", "conviction", "sentence", "investigation", "detention"}
OPEN, CLOSE, ANY = mark_class("opens"), mark_class("closes"), mark_class()
SIGN_READ = re.compile(r"(?:read|reading|reads|saying|said|says|that said|with the words|bearing|inscribed)\s*[:,]?\s*"
                       rf"[{OPEN}]([^{ANY}]+)[{CLOSE}]")
MORE_QUOTED = re.compile(rf"\s*(?:,\s*and|,|and|or)\s+[{OPEN}]([^{ANY}]+)[{CLOSE}]")
CHANT = re.compile(rf"(?:chant|chanted|chanting|shout|shouted|shouting)[^{OPEN}\n]{{0,40}}?[{OPEN}]([^{ANY}]+)[{CLOSE}]")
MONEY_WORDS = re.compile(r"(?:[$€£¥₸₽]|US\$|HK\$)\s?\d[\d,.]*(?:\s?(?:million|billion|thousand))?|\d[\d,.]*(?:\s?(?:million|billion|thousand))?\s?[A-Za-z]+", re.I)


def _text_span(doc: Doc, toks: list[Token]) -> Span:
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return Span(text=doc_text(doc)[start:end], start=start, end=end)


def _anchors(head: Token) -> list[Token]:
    """Tokens whose modifiers belong to the event: the trigger, its clause verb, a light verb."""
    out = [head]
    cur = head
    for _ in range(3):
        if relation(cur) in ("object", "prep_object", "passive_subject", "attribute", "prep_marker", "prep_clause",
                             "compound") and cur.head.i != cur.i:
            cur = cur.head
            out.append(cur)
            if cur.pos_ == "VERB":
                break
        else:
            break
    if relation(head) in ("open_complement", "conjunct") and head.head.pos_ == "VERB":
        out.append(head.head)
    return out


def _inside(tok: Token, roots: list[Token]) -> bool:
    return any(tok.i in {t.i for t in r.subtree} for r in roots)


def _claim_roots(head: Token) -> list[Token]:
    roots = []
    for a in _anchors(head):
        for c in a.children:
            if relation(c) == "prep_marker" and c.lower_ in CLAIM_PREPS:
                roots.extend(p for p in c.children if relation(p) in ("prep_object", "prep_clause"))
            if a.lemma_ in ("protest", "denounce", "oppose", "condemn") and a.pos_ == "VERB" and relation(c) == "object":
                roots.append(c)
    return roots


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
            "tonight"}
REASON_PREPS = {"for", "over", "against", "about"}
RELATIVE_TIME = {"after", "before", "earlier", "later", "ago"}
FREQUENCY = {"weekly", "daily", "monthly", "annual", "annually", "yearly", "nightly", "every", "each"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}


def _specificity(span: Span) -> int:
    words = set(re.findall(r"[a-z]+", span.text.lower()))
    if words & WEEKDAYS or (words & MONTHS and re.search(r"\d", span.text)):
        return 3
    if words & MONTHS or words & {"week", "month", "weekend"}:
        return 2
    if re.search(r"\d{4}", span.text) or "year" in words:
        return 1
    return 0


def _date_phrase(doc: Doc, head: Token, excluded: list[Token]) -> tuple[Span | None, bool, int]:
    """(phrase, attached, days to add): a when-clause's date, a date relative to another clause,
    else the event's own date phrase."""
    when = _when_clause_date(doc, head)
    if when is not None:
        return when, True, 0
    relative = _relative_clause_date(doc, head, excluded)
    if relative is not None:
        return relative
    return (*_own_date_phrase(doc, head, excluded), 0)


# relations a date climbs through to reach its event: prepositions, adverbials, modifiers
DATE_PATH = ("prep_object", "prep_marker", "prep_clause", "noun_adverbial", "adverb_modifier", "number",
             "compound", "adjective_modifier", "possessor")


def _own_date_phrase(doc: Doc, head: Token, excluded: list[Token],
                     within: Token | None = None) -> tuple[Span | None, bool]:
    """The most specific date phrase attached to the event; else the main clause's date, else the
    first date of the sentence (or of the `within` clause)."""
    sent = head.sent
    inside = {t.i for t in within.subtree} if within is not None else None
    anchors = {t.i for t in _anchors(head)}
    attached_spans: list[Span] = []
    best, best_main = None, False
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not (sent.start <= ent.start < sent.end):
            continue
        if _inside(ent.root, excluded) or _is_duration(ent) or _not_a_date(ent) or \
                in_quote(doc, ent.start_char) or (inside is not None and ent.root.i not in inside):
            continue  # a date on a placard or in a quote is not the event's
        # attached to the event (through prepositions/adverbials only), else a fallback
        cur, attached, previous, reason, nested = ent.root, False, None, False, False
        for _ in range(5):
            if cur.i in anchors:
                attached = True
                break
            # "barred from leaving the country since March"; "to boycott Saturday's election"
            if relation(cur) not in DATE_PATH and not (relation(cur) == "object" and previous == "possessor"):
                break
            previous, cur = relation(cur), cur.head
            nested = nested or (cur.i not in anchors and _event_noun(cur))
            if cur.pos_ in ("NOUN", "PROPN") and preposition_of(cur) in REASON_PREPS \
                    and cur.i not in anchors:
                reason = nested
                break  # "sentenced for sedition over the July 11, 2021 protests": the reason's date
        if reason and ent.label_ == "DATE":
            continue  # nor a guess for the event: "sentenced ... for their part in a protest in March"
        main_clause = cur.i == sent.root.i
        start = ent.start
        if ent.label_ == "TIME":  # "on Tuesday evening": the day and the time of day together
            day = next((e for e in doc.ents if e.label_ == "DATE" and e.end == ent.start), None)
            if day is not None:
                start = day.start
        while start > sent.start and doc[start - 1].lower_ in DATE_LEAD:
            start -= 1
        toks = [t for t in doc[start:ent.end] if not t.is_space]
        span = _text_span(doc, toks)
        if attached:
            attached_spans.append(span)
        elif ent.label_ == "DATE" and (best is None or (main_clause and not best_main)):
            # the main clause's date is the better guess: "detained 11 people on Saturday as
            # members of a group whose relatives disappeared in the 1980s tried to hold a vigil"
            best, best_main = span, main_clause
    if attached_spans:
        return max(attached_spans, key=_specificity), True
    return best, False


def _event_noun(tok: Token) -> bool:
    """A noun that names an event of its own ("protest", "strike"), by the trigger lexicon."""
    return tok.pos_ == "NOUN" and any(row[1] == "NOUN" for row in trigger_index().get(tok.lower_, ()))


def _not_a_date(ent) -> bool:
    """"their weekly vigil", "hours before the vigil": how often or how long before, not when."""
    words = {t.lower_ for t in ent}
    if re.fullmatch(r"(\d+|\w+)\s?-\s?(minute|hour|day|week|month|year)s?(\s?-\s?long|\s?-\s?old)?", ent.text.lower()):
        return True  # "a 24-hour strike", "an 18-month trial": how long, not when
    if words & FREQUENCY or (len(ent) == 1 and re.fullmatch(r"\d{1,3}", ent.text)):
        return True  # "weekly"; "Vivian Lam, 36,": an age
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    # a bare length ("hours", "two days") right before "before"/"after"; not "last year after a trial"
    length = ent[-1].lower_ in ("minutes", "hours", "hour", "day", "days", "weeks", "week", "months", "month",
                                "years", "year") and not words & {"last", "this", "next", "earlier", "later", "that"}
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in ("after", "within") and length:
        return True  # "detained after about ten minutes"
    return nxt is not None and nxt.lower_ in ("before", "after") and length


def _when_clause_date(doc: Doc, head: Token) -> Span | None:
    """"since 2018, when police broke up their vigil": the date a when-clause hangs on."""
    verb = head if head.pos_ in ("VERB", "AUX") else next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    if verb is None or relation(verb) not in ("relative_clause", "adverbial_clause") or not any(
            relation(c) == "adverb_modifier" and c.lower_ == "when" for c in verb.children):
        return None
    ent = next((e for e in doc.ents if e.label_ == "DATE" and e.start <= verb.head.i < e.end), None)
    return None if ent is None else Span(text=ent.text, start=ent.start_char, end=ent.end_char)


NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def _clause_shift(sub: Token) -> int | None:
    """Days from the main clause to an adverbial clause "a day after ..." (-1) or "two days
    before ..." (+2); None for any other clause."""
    mark = next((c for c in sub.children if relation(c) == "marker" and c.lower_ in ("after", "before")), None)
    unit = next((c for c in sub.children if relation(c) == "noun_adverbial" and c.lower_ in DAY_UNITS), None)
    if mark is None or unit is None:
        return None
    count = next((c for c in unit.children if c.lower_ in NUMBER_WORDS or c.like_num), None)
    n = None if count is None else NUMBER_WORDS.get(count.lower_) or (int(count.text) if count.text.isdigit() else None)
    if not n:
        return None
    days = n * DAY_UNITS[unit.lower_]
    return -days if mark.lower_ == "after" else days


def _years_since(head: Token) -> int | None:
    """"gathered to mark four years since soldiers opened fire": the since-clause's event happened
    that many years before the clause it hangs on."""
    if head.pos_ not in ("VERB", "AUX") or relation(head) != "adverbial_clause" or not any(
            relation(c) == "marker" and c.lower_ == "since" for c in head.children):
        return None
    unit = next((c for c in head.head.children if relation(c) in ("object", "noun_adverbial")
                 and c.lower_ in ("year", "years") and c.i < head.i), None)
    count = None if unit is None else next((c for c in unit.children if c.lower_ in NUMBER_WORDS or c.like_num), None)
    if count is None:
        return None
    return NUMBER_WORDS.get(count.lower_) or (int(count.text) if count.text.isdigit() else None)


def _relative_clause_date(doc: Doc, head: Token, excluded: list[Token]) -> tuple[Span, bool, int] | None:
    """Dates told relative to another clause of the sentence, as (phrase, attached, days to add):
    "placed X under house arrest on Thursday, a day after authorities deported Y" dates the
    deportation from Thursday minus one; "the rally came a day after police detained students
    late on Friday" dates the rally from Friday plus one. Only a verb trigger in the "after"
    clause, or the main clause's verb or subject, is dated so: "fined a day after for a protest"
    dates the fine, not the protest."""
    if head.pos_ in ("VERB", "AUX") and relation(head) == "adverbial_clause" and head.head.i != head.i:
        shift = _clause_shift(head)
        if shift is None:
            return None
        anchor, attached = _own_date_phrase(doc, head.head, excluded + [head])
        return None if anchor is None else (anchor, attached, shift)
    main = head if head.pos_ in ("VERB", "AUX") else head.head if relation(head) == "subject" else None
    if main is None or main.pos_ not in ("VERB", "AUX"):
        return None
    for sub in (c for c in main.children if relation(c) == "adverbial_clause" and c.pos_ == "VERB"):
        shift = _clause_shift(sub)
        if shift is None:
            continue
        own, attached = _own_date_phrase(doc, head, excluded + [sub])
        if own is not None and attached:
            return None  # the main clause states its own date
        anchor, _ = _own_date_phrase(doc, sub, excluded, within=sub)
        return None if anchor is None else (anchor, True, -shift)
    return None


def _is_duration(ent) -> bool:
    """"15 days" after "sentenced to" or "for two months": a term, not a date."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    words = {t.lower_ for t in ent}
    units = {"day", "days", "week", "weeks", "month", "months", "year", "years", "hours", "hour", "decade", "decades"}
    if prev is not None and prev.lower_ == "for" and words & units and (
            any(t.like_num for t in ent) or words & {"hours", "hour", "minutes"}):
        return True  # "for two months", "for several hours": how long, not when
    if prev is not None and prev.lower_ in ("to", "of") and words & units and any(t.like_num for t in ent):
        return True
    if prev is not None and prev.lemma_ in load_lexicon("duration_verbs") and prev.pos_ in ("VERB", "AUX"):
        return True  # "will last five years"
    if any(t.like_num for t in ent) and words & units and ent.root.head.lemma_ in ("sentence", "jail", "imprison", "detain", "serve"):
        return prev is not None and prev.lower_ in ("for", "to")
    return False


def _place(doc: Doc, anchors: list[Token], excluded: list[Token], mention: Mention,
           preps: set[str] | None = None) -> None:
    venues = load_lexicon("venues")
    candidates: list[Token] = []
    if preps is None:
        preps = LOC_PREPS - {"to"} if mention.type in ("sentence", "conviction", "charge", "trial") else LOC_PREPS
    nested = [t for a in anchors for t in a.subtree if relation(t) == "prep_marker" and t.lower_ in preps] \
        if len(preps) == 1 else []
    for a in anchors + [p.head for p in nested]:
        subjects = [c for c in a.children if relation(c) == "subject"]
        if len(subjects) > 1:  # the parse of "In the capital, Ankara, relatives held ..."
            candidates.extend(c for c in subjects if c.ent_type_ in ("GPE", "LOC"))
        for c in a.children:
            if relation(c) == "prep_marker" and c.lower_ in preps:
                candidates.extend(p for p in c.children if relation(p) == "prep_object")
            elif relation(c) == "adverb_modifier" and c.lower_ in ("outside", "near"):
                candidates.extend(p for p in c.children if relation(p) == "prep_object")
    seen = set()
    while candidates:
        tok = candidates.pop(0)
        if tok.i in seen or _inside(tok, excluded):
            continue
        seen.add(tok.i)
        if tok.lower_ in FRONT_WORDS:  # "in front of the consulate"
            for c in tok.children:
                if relation(c) == "prep_marker":
                    candidates.extend(p for p in c.children if relation(p) == "prep_object")
            continue
        proper_place = tok.pos_ == "PROPN" and tok.lower_ in VENUE_HEADS
        if mention.venue is None and (tok.lower_ in venues or tok.lemma_.lower() in venues or proper_place or
                                      (tok.i > 0 and f"{tok.nbor(-1).lower_} {tok.lower_}" in venues)):
            own = entity_of(tok)
            toks = [t for t in tok.subtree if t.i <= tok.i and relation(t) not in ("determiner", "possessor", "case")
                    and not t.is_punct and not (t.i < tok.i and t.ent_type_ == "GPE" and relation(t) != "adjective_modifier"
                                                and not (own is not None and own.start <= t.i))]
            toks = [t for t in toks if t.i >= min(x.i for x in toks if relation(x) != "determiner")]
            owner = next((p for c in tok.children if relation(c) == "prep_marker" and c.lower_ == "of" for p in c.children
                          if relation(p) == "prep_object" and (p.pos_ == "PROPN" or p.ent_type_ in ("ORG", "FAC"))), None)
            if toks and owner is not None and tok.lower_ in OWNED_VENUES:
                # "the headquarters of the Federal Security Service (FSB)": whose building it is
                toks = toks + list(doc[tok.i + 1:max(t.i for t in owner.subtree) + 1])
                while toks and (toks[-1].is_punct and toks[-1].text != ")"):
                    toks.pop()
            if toks:
                mention.venue = _text_span(doc, toks)
            for c in tok.children:  # "the consulate in Almaty"
                if relation(c) == "prep_marker" and c.lower_ in ("in", "of", "at"):
                    candidates.extend(p for p in c.children if relation(p) == "prep_object")
            for c in tok.children:
                if relation(c) == "possessor" and _names_place(c) and mention.place_phrase is None and \
                        tok.lower_ not in ("consulate", "embassy", "ministry", "mission"):
                    # "Istanbul's Galatasaray Square" is in Istanbul; "China's consulate" is China's
                    town = [t for t in c.subtree if relation(t) == "compound" and t.i < c.i] + [c]
                    mention.place_phrase = _text_span(doc, town)
            continue
        if tok.ent_type_ in ("GPE", "LOC", "FAC") and mention.place_phrase is None:
            ent = next(e for e in doc.ents if e.start <= tok.i < e.end)
            # "Victoria Park" tagged as a town: a name ending in a venue word is a venue
            venue_named = len(ent) > 1 and ent[-1].lower_ in VENUE_HEADS
            generic = mention.venue is not None and mention.venue.text.lower() in VAGUE_VENUES
            if (ent.label_ == "FAC" or venue_named) and (mention.venue is None or generic):
                # "the streets around Victoria Park": the named venue says more
                toks = [t for t in ent if relation(t) != "determiner"]
                cut = next((k for k, t in enumerate(toks) if t.lower_ == "in" and k + 1 < len(toks)
                            and toks[k + 1].ent_type_ == "GPE"), None)
                if cut:  # "the Presidential Secretariat in Colombo": the city is the place, not the venue
                    if mention.place_phrase is None:
                        mention.place_phrase = _text_span(doc, toks[cut + 1:])
                    toks = toks[:cut]
                mention.venue = _text_span(doc, toks)
                continue
            mention.place_phrase = Span(text=ent.text, start=ent.start_char, end=ent.end_char)
            continue
        named_town = tok.head.lower_ == "of" and tok.head.head.lower_ in SETTLEMENT_NOUNS  # "the city of Tomsk"
        if tok.pos_ == "PROPN" and (tok.ent_type_ in ("", "PERSON") or (tok.ent_type_ == "ORG" and tok.ent_iob_ == "B" and (
                tok.i + 1 == len(doc) or doc[tok.i + 1].ent_iob_ != "I"))) and (tok.head.lower_ in ("in", "at", "near", "through")
                                                                                or named_town) \
                and mention.place_phrase is None and tok.text[:1].isupper():
            toks = [t for t in tok.subtree if t.i <= tok.i and relation(t) == "compound"] + [tok]
            mention.place_phrase = _text_span(doc, toks)  # "in Vilnius" tagged as a person
            continue
        if tok.pos_ in ("NOUN", "PROPN"):
            for c in tok.children:  # "towns and cities in Kazakhstan", "region of X"
                if relation(c) in ("prep_marker",) and c.lower_ in ("in", "of"):
                    candidates.extend(p for p in c.children if relation(p) == "prep_object")
                if relation(c) == "apposition" and c.ent_type_ in ("GPE", "LOC"):
                    candidates.insert(0, c)  # "in the capital, Ankara"
                if relation(c) in ("compound", "adjective_modifier") and c.ent_type_ in ("GPE", "LOC"):
                    candidates.insert(0, c)  # "China's Xinjiang region": the region, not the owner
                elif relation(c) == "possessor" and c.ent_type_ in ("GPE", "LOC"):
                    candidates.append(c)


def _in_other_time_clause(tok: Token, head: Token) -> bool:
    """"The arrests came a week after lawmakers in Atlanta passed a bill": the place of what
    happened before or after is not the event's."""
    clause = next((a for a in tok.ancestors if relation(a) == "adverbial_clause"), None)
    return clause is not None and head not in clause.subtree and any(
        relation(c) == "marker" and c.lower_ in ("after", "before", "since", "until", "when", "while")
        for c in clause.children)


def _names_place(tok: Token) -> bool:
    """A town, even where the tagger took it for a person or a firm ("Alexandria's main port") when the
    article tags the same word a place elsewhere."""
    if tok.ent_type_ == "GPE":
        return True
    return tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON", "ORG") and any(
        e.label_ in ("GPE", "LOC") and e[-1].text == tok.text for e in tok.doc.ents)


def _town_of_venue(doc: Doc, venue: Span) -> Span | None:
    """"Tehran University", "the Dushanbe airport": an institution named after its town names the
    town (normalize keeps it only when the gazetteer knows it). A square or park named after
    someone ("Victoria Park") does not."""
    span = doc.char_span(venue.start, venue.end, alignment_mode="expand")
    if span is None or span.root.lower_ not in load_lexicon("town_named_venues"):
        return None
    lead = []
    for t in span:
        if t.i >= span.root.i or t.pos_ != "PROPN" or t.ent_type_ == "PERSON" or not t.text[:1].isupper():
            break
        lead.append(t)
    return _text_span(doc, lead) if lead else None


def _size_phrase(doc: Doc, head: Token, mention: Mention) -> Span | None:
    mods = [t for t in head.subtree if t.i < head.i and head.i - t.i <= 4]
    text = doc_text(doc)[mods[0].idx:head.idx].strip().lower() if mods else ""
    for word in SOLO_WORDS:
        if word in text or word.replace("-", " ") in text:
            start = doc_text(doc).lower().index(word if word in text else word.replace("-", " "), mods[0].idx)
            return Span(text=doc_text(doc)[start:start + len(word)], start=start, end=start + len(word))
    if mention.type == "protest":  # "stood alone outside the ministry holding a placard"
        verbs = [head] + [a for a in head.ancestors][:3]
        # not a sign's words: "holding signs reading 'Gibara is not alone'"
        alone = next((c for v in verbs for c in v.children if c.lower_ in ("alone", "single-handedly")
                      and not in_quote(doc, c.idx)), None)
        if alone is not None:
            return Span(text=alone.text, start=alone.idx, end=alone.idx + len(alone.text))
    main_role = {"protest": "protester", "detention": "detainee", "police_violence": "victim",
                 "release": "released", "sentence": "defendant", "conviction": "defendant",
                 "charge": "defendant"}.get(mention.type)
    for arg in mention.args:
        if arg.role != main_role:
            continue
        span = doc.char_span(arg.start, arg.end, alignment_mode="expand")
        if span is None:
            continue
        ages = {t.i for t in span if t.like_num and t.i + 2 < len(doc) and "old" in doc[t.i + 1:t.i + 4].text.lower()}
        toks = [t for t in span if t.i not in ages and (t.like_num or t.lower_ in VAGUE_NUMBERS or relation(t) == "number_modifier"
                or t.lower_ in ("more", "than", "over", "about", "around", "some", "nearly", "almost", "least",
                                "at", "up", "to", "estimated", "an", "of", "tens", "hundreds", "between", "and"))]
        nums = [t for t in toks if t.like_num or t.lower_ in VAGUE_NUMBERS]
        if not nums:
            continue
        first = min(t.i for t in toks)
        last = max(t.i for t in nums)
        seq = [t for t in doc[first:last + 1]]
        if seq:
            return _text_span(doc, seq)
    if mention.type == "protest" and head.pos_ == "VERB":  # "marched with tens of thousands of others"
        for c in head.children:
            if relation(c) == "prep_marker" and c.lower_ == "with":
                obj = next((p for p in c.children if relation(p) == "prep_object"), None)
                if obj is not None and (obj.lower_ in VAGUE_NUMBERS or obj.like_num):
                    toks = [t for t in obj.subtree if t.i <= obj.i]
                    return _text_span(doc, toks)
    return None


def _claims(doc: Doc, head: Token, mention: Mention, draft: Draft) -> list[Token]:
    roots = _claim_roots(head)
    for r in roots:
        toks = [t for t in r.subtree if not t.is_space]
        if toks:
            mention.claims.append(_text_span(doc, toks))
    for a in _anchors(head):  # "... demanding X", "to demand X", "calling for X"
        for c in list(a.children):
            if relation(c) in ("adverbial_clause", "open_complement", "clausal_modifier", "conjunct") \
                    and c.lemma_ in load_lexicon("claim_verbs") and c.i != head.i:
                roots.extend(_claim_objects(doc, c, mention))
    if not mention.claims and mention.type == "protest":
        # the parse hung "to demand a higher wage" on another verb of the sentence
        for t in head.sent:
            if ((t.lemma_ in ("demand", "seek", "urge") and t.pos_ == "VERB") or _calls_on(t)) and t.i != head.i:
                roots.extend(_claim_objects(doc, t, mention))
                break
    if not mention.claims and mention.type == "diplomatic_protest":
        for a in _anchors(head):  # "deeply concerned by the abductions", "summoned ... over X"
            for c in a.subtree:
                if relation(c) in ("prep_marker", "agent_marker") and c.lower_ in ("by", "over", "about") and c.i > head.i:
                    obj = next((p for p in c.children if relation(p) in ("prep_object", "prep_clause")), None)
                    if obj is not None:
                        mention.claims.append(_text_span(doc, [t for t in obj.subtree if not t.is_space]))
                        roots.append(obj)
                        break
            if mention.claims:
                break
    if mention.type == "protest" and not any(a.role == "target" for a in mention.args):
        for r in roots:
            target = _target_in(r)
            if target is not None:
                start, end, text = phrase_span(target)
                mention.args.append(Arg(role="target", name=text, kind=name_kind(target, text), start=start, end=end))
                break
        else:
            for c in head.children:  # "anti-China protests"
                if relation(c) in ("adjective_modifier", "compound") and c.lower_.startswith("anti-") and len(c.text) > 5:
                    name = c.text[5:]
                    mention.args.append(Arg(role="target", name=name, kind="state", start=c.idx + 5, end=c.idx + len(c.text)))
    return roots


def _calls_on(verb: Token) -> bool:
    """"calling on the government to cut ties", "urged the authorities to free them"."""
    return verb.lemma_ in ("call", "urge") and any(relation(c) == "open_complement" for c in verb.children) and (
        verb.lemma_ == "urge" or any(relation(c) in ("prep_marker", "particle") and c.lower_ == "on" for c in verb.children))


def _claim_objects(doc: Doc, verb: Token, mention: Mention) -> list[Token]:
    out = []
    for c in verb.children:
        if relation(c) == "open_complement" and _calls_on(verb) and not any(
                mention.trigger.start <= t.idx < mention.trigger.end for t in c.subtree):  # not "called on X to boycott"
            # "calling on the government to cut ties with Israel": what the government should do
            toks = [t for t in c.subtree if not t.is_space]
            mention.claims.append(_text_span(doc, toks))
            out.append(c)
            continue
        if relation(c) == "object" or (relation(c) == "prep_marker" and c.lower_ in ("for", "against")):
            root = c if relation(c) == "object" else next((p for p in c.children if relation(p) == "prep_object"), None)
            if root is None:
                continue
            toks = [t for t in root.subtree if not t.is_space]
            mention.claims.append(_text_span(doc, toks))
            out.append(root)
    return out


def _target_in(root: Token) -> Token | None:
    """The named actor a claim is about: its "by X" agent, else its first person, state or org."""
    for t in root.subtree:
        if relation(t) == "prep_object" and relation(t.head) == "agent_marker":
            return t
    for t in root.subtree:
        if t.ent_type_ in ("PERSON", "GPE", "ORG") and relation(t) not in ("compound",):
            return t
    return None


def _signs(doc: Doc, head: Token, mention: Mention) -> None:
    sent = head.sent
    lowered = {t.lower_ for t in sent}
    if not lowered & load_lexicon("sign_nouns") and not lowered & {"chanted", "chanting", "shouted", "shouting"}:
        return
    # the quoted slogan may run past the parser's sentence end
    end = doc_text(doc).find("\n", sent.end_char)
    text = doc_text(doc)[sent.start_char:end if end != -1 else len(doc_text(doc))]
    for pattern in (SIGN_READ, CHANT):
        for m in pattern.finditer(text):
            start = sent.start_char + m.start(1)
            mention.sign_text.append(Span(text=m.group(1), start=start, end=start + len(m.group(1))))
            end = m.end()
            while (more := MORE_QUOTED.match(text, end)) is not None:  # 'reading "X" and "Y"'
                start = sent.start_char + more.start(1)
                mention.sign_text.append(Span(text=more.group(1), start=start, end=start + len(more.group(1))))
                end = more.end()


QUOTED_CHARGES = re.compile(
    r"\b(?:charged with|charges? of|convicted of|guilty of|guilty to|accused of|acquitted of|cleared of|suspicion of|"
    r"sentenced for|fined for|jailed for|arrested for|detained for|prosecution for|for|with|of)\s+"
    rf"(?P<list>[{OPEN}][^{CLOSE}]{{3,80}}[{CLOSE}](?:,?\s*(?:and|or)\s+[{OPEN}][^{CLOSE}]{{3,80}}[{CLOSE}])*)", re.I)
QUOTED = re.compile(rf"[{OPEN}]([^{CLOSE}]{{3,80}})[{CLOSE}]")


def _quoted_charges(doc: Doc, sent) -> list[Span]:
    """'charged with "inciting violence" and "unlawful assembly"': each quoted offence, verbatim."""
    out: list[Span] = []
    text = doc_text(doc)[sent.start_char:sent.end_char + 2]
    for m in QUOTED_CHARGES.finditer(text):
        for q in QUOTED.finditer(m.group("list")):
            start = sent.start_char + m.start("list") + q.start(1)
            phrase = q.group(1).strip(" ,.")
            out.append(Span(text=phrase, start=start, end=start + len(phrase)))
    return out


PENALTY_VERBS = {"sentence", "jail", "imprison", "fine", "convict", "arrest", "detain", "punish", "prosecute",
                 "charge", "try", "acquit", "find", "hold"}
MAXIMUM_WORDS = ("up to", "maximum of", "as many as", "as much as", "at most")


def _charges(doc: Doc, head: Token) -> list[Span]:
    quoted = _quoted_charges(doc, head.sent)
    if quoted:
        return quoted
    out: list[Span] = []
    laws: list[Span] = []  # "under a wartime censorship law": the law, kept only when no offence is named
    for tok in head.sent:
        if tok.lower_ not in ("of", "with", "under", "for") or relation(tok) != "prep_marker":
            continue
        gov = tok.head
        if tok.lower_ == "for":
            # "sentenced to two years for spreading false information": the offence as a gerund
            anchor = next((a for a in [gov] + list(gov.ancestors)[:3] if a.lemma_ in PENALTY_VERBS), None)
            if anchor is None or not any(relation(c) == "prep_clause" and form(c) == "gerund" for c in tok.children):
                continue
        elif not (gov.lemma_ in ("charge", "accuse", "convict", "guilty", "suspicion", "indict", "count", "acquit",
                                 "find", "clear", "arrest", "detain", "prosecute", "try")
                  or (tok.lower_ == "under" and any(t.lower_ in ("article", "law", "code") for t in tok.subtree))):
            continue
        for obj in (c for c in tok.children if relation(c) in ("prep_object", "prep_clause")):
            items = [obj] + [c for c in obj.children if relation(c) == "conjunct"]
            for item in items:
                toks = [t for t in item.subtree if not t.is_space and not (t.head == item and relation(t) in ("conjunct", "coordinator"))
                        and not any(a.head == item and relation(a) in ("conjunct", "coordinator") and t.i in {x.i for x in a.subtree}
                                    for a in item.children)]
                toks = [t for t in toks if not t.is_punct or (toks[0].i < t.i < toks[-1].i)]
                closing = next((k for k, t in enumerate(toks) if k and t.text in quote_marks("closes")), None)
                if closing is not None:  # 'of "calls for mass riots" over a video': the quoted name
                    toks = toks[:closing]
                toks = [t for t in toks if t.text not in quote_marks()]
                clause = {t.i for t in item.subtree if relation(t) == "relative_clause" for t in t.subtree}
                if tok.lower_ != "under":  # the offence, not the law it falls under nor the day
                    cut = {x.i for c in item.subtree if relation(c) == "prep_marker" and (c.lower_ == "under" or any(
                        p.ent_type_ in ("DATE", "TIME") for p in c.children)) for x in c.subtree}
                    toks = [t for t in toks if t.i not in cut]
                if tok.lower_ == "under":  # not what the law carries: "that carries up to 10 years"
                    toks = [t for t in toks if t.i not in clause and relation(t) != "determiner"]
                    while toks and toks[-1].is_punct:
                        toks.pop()
                if toks:
                    (laws if tok.lower_ == "under" else out).append(_text_span(doc, toks))
    return out or laws


def _legal(doc: Doc, head: Token, mention: Mention) -> None:
    sent = head.sent
    if mention.type in LEGAL_TYPES:
        mention.charges = _charges(doc, head)
    low = sent.text.lower()
    for m in re.finditer(r"plead(?:ed|s)?\s+(not\s+)?guilty", low):
        mention.plea = Span(text=sent.text[m.start():m.end()], start=sent.start_char + m.start(),
                            end=sent.start_char + m.end())
        mention.plea_value = "not_guilty" if m.group(1) else "guilty"
    if mention.type not in ("sentence", "detention"):
        return
    if mention.type == "detention" and not (head.lemma_ in ("jail", "imprison") and any(
            c.lower_ == "for" for c in head.children)):
        return
    custodial = load_lexicon("custodial_words")
    root = head if head.pos_ == "VERB" else head.head
    # "sentenced X to 10 days and fined 12 others 75,000 tenge": the conjoined verb has its own terms
    other = {t.i for c in root.children if relation(c) == "conjunct" and c.pos_ == "VERB" for t in c.subtree}
    scope = sorted((t for t in root.subtree if t.i not in other), key=lambda t: t.i)
    words = [t.lower_ for t in scope]
    units = ("day", "days", "week", "weeks", "month", "months", "year", "years")
    for tok in scope:
        after = doc[tok.i + 1:tok.i + 3].text.lower()
        if after.startswith(("-old", "- old", "old")):
            continue  # "a 24-year-old activist": an age, not a term
        if tok.lower_ in units or re.fullmatch(r"\d+-(day|week|month|year)s?", tok.lower_):
            # the amount is the run of number words right before the unit: "two and a half years"
            first = tok.i
            while first - 1 >= scope[0].i and (doc[first - 1].like_num or doc[first - 1].lower_ in (
                    "and", "a", "half", "one", "-")):
                first -= 1
            while first < tok.i and (doc[first].lower_ in ("and", "-") or (
                    doc[first].lower_ in ("a", "an") and doc[first + 1].like_num)):
                first += 1  # "a three-year sentence": three years, not one and three
            if first == tok.i and "-" not in tok.text:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in RELATIVE_TIME:
                continue  # "a day after he was fined": when, not how long
            if doc[max(0, first - 3):first].text.lower().endswith(MAXIMUM_WORDS):
                continue  # "a law that carries up to 10 years": the law's maximum, no sentence
            mention.term_phrase = _text_span(doc, list(doc[first:tok.i + 1]))
            break
    if "death" in words and "sentenced" in words:
        mention.sentence_kind = "death"
    elif "probation" in words or "suspended" in words:
        mention.sentence_kind = "probation" if "probation" in words else "custodial"
        mention.suspended = "suspended" in words or None
    elif "community" in words and "service" in words:
        mention.sentence_kind = "community_service"
    elif "restricted" in words or "restriction" in words:
        mention.sentence_kind = "restricted_freedom"
    elif mention.term_phrase is not None and (set(words) & custodial or head.lemma_ in ("jail", "imprison")):
        mention.sentence_kind = "custodial"
    if head.lemma_ == "fine" or "fined" in words or "fine" in words:
        mention.money_phrase = _money_phrase(doc, scope) or _money_phrase(
            doc, list(doc[head.i:min(head.i + 9, sent.end)]))  # a parse that loses the object
        if mention.money_phrase is not None and mention.sentence_kind is None:
            mention.sentence_kind = "fine"
    if mention.sentence_kind is None and mention.term_phrase is not None:
        mention.sentence_kind = "custodial"
    if mention.sentence_kind is None and mention.type == "sentence" and any(
            t.lower_ in custodial and preposition_of(t) == "to" for t in scope):
        mention.sentence_kind = "custodial"  # "sentenced 26 workers to prison": a term not stated


def _money_phrase(doc: Doc, scope: list[Token]) -> Span | None:
    """The first amount with its currency: "150,000 tenge", "$345", "5,000 rubles", "1.5 million rupees"."""
    currencies = load_currency_words()
    for tok in scope:
        if tok.text in ("$", "€", "£", "US$", "HK$") and tok.i + 1 < len(doc) and doc[tok.i + 1].like_num:
            end = doc[tok.i + 2] if tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ in ("million", "thousand") else doc[tok.i + 1]
            return _text_span(doc, [tok, end])
        if tok.like_num and tok.i + 1 < len(doc):
            nxt = doc[tok.i + 1]
            if nxt.lower_ in ("million", "thousand", "billion") and tok.i + 2 < len(doc):
                nxt = doc[tok.i + 2]
            if nxt.lower_ in currencies or nxt.text in currencies or nxt.lower_.rstrip("s") in currencies \
                    or nxt.lower_[:-2] in currencies:
                return _text_span(doc, [tok, nxt])
            if nxt.text in ("Belarusian", "Hong", "New") and tok.i + 2 < len(doc):
                return _text_span(doc, [tok, doc[tok.i + 2]])
    return None


def _generic(doc: Doc, head: Token) -> bool:
    """Habitual or generic: "protests have become frequent", "authorities routinely dispersed ..."."""
    predicates = load_lexicon("generic_predicates")
    verb = head if head.pos_ == "VERB" else head.head
    if head.pos_ == "NOUN" and verb.lower_ == "to" and verb.head.lemma_ == "be" and any(
            c.lower_ in ("never", "ever") for c in verb.head.children):
        return True  # "he had never been to a demonstration before": a life's experience, no event
    if any(relation(c) == "adverb_modifier" and c.lower_ in predicates for c in verb.children):
        return True
    if form(head) not in ("plural_noun", "plural_name"):
        return False
    text = head.sent.text.lower()
    return any(p in text for p in predicates if " " in p)


GROUND_TYPES = SCENE_TYPES  # the sentence's place is the event's (data/event_types.json, place: scene)


def details_for(doc: Doc, head: Token, trig, mention: Mention, draft: Draft) -> None:
    """Fill the phrases and facts of `mention` from the sentence of its trigger."""
    claim_roots = _claims(doc, head, mention, draft) if mention.type in CLAIM_TYPES else []
    participant_roots = []
    for a in mention.args:
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is not None and head.i not in {t.i for t in span.root.subtree}:
            participant_roots.append(span.root)  # not "Kazakhs who picketed outside X": X is the event's
    mention.date_phrase, attached, mention.date_offset_days = _date_phrase(doc, head, claim_roots)
    # a date elsewhere in the sentence is a weak guess: it never splits two mentions of one event;
    # nor is the date of a clause where the event only names something ("the strike's organizers")
    modifier = relation(head) in ("possessor", "compound") and head.head.pos_ == "NOUN"
    # "sentenced two organizers of a weekend protest": the protest names who is sentenced
    modifier = modifier or (preposition_of(head) == "of" and prep_governor(head).lower_ in PERSON_HEADS)
    mention.date_inherited = mention.date_phrase is not None and (not attached or modifier)
    years = _years_since(head)
    if years and mention.date_phrase is not None:
        mention.date_offset_years, mention.date_inherited = -years, False
    _place(doc, _anchors(head), claim_roots + participant_roots, mention)
    if mention.place_phrase is None:  # "members of communities in Xinjiang", "an activist in Kazakhstan"
        _place(doc, participant_roots, claim_roots, mention, preps={"in"})
    if (mention.place_phrase is None or mention.venue is None) and mention.type in GROUND_TYPES:
        # the parser often hangs "outside the parliament in Tbilisi" on a neighbouring noun
        # not "a doctoral candidate from Venezuela": where a person comes from
        others = [t for t in head.sent if relation(t) == "prep_marker" and t.lower_ in LOC_PREPS and t.head.pos_ != "VERB"
                  and not (t.lower_ == "from" and t.head.pos_ in ("NOUN", "PROPN")) and not _inside(t, claim_roots)
                  and not _in_other_time_clause(t, head)]
        _place(doc, [t.head for t in others], claim_roots, mention)
    if mention.place_phrase is None and mention.type in LEGAL_TYPES:
        for a in mention.args:  # "a Paris court fined ...": the court's city
            span = doc.char_span(a.start, a.end, alignment_mode="expand") if a.role in ("court", "authority") else None
            # "a Cuban court", "a Siberian court": the adjective places it, even one no gazetteer knows
            city = next((t for t in span or [] if (t.ent_type_ == "GPE" and relation(t) in ("compound", "possessor") or
                                                    t.ent_type_ == "NORP" and relation(t) == "adjective_modifier")
                         and t.head.lower_ in ("court", "tribunal")), None)
            if city is None and span is not None and span.root.lower_ in ("court", "tribunal"):
                # "the Provincial People's Court of Holguín": the court's seat, named after it
                city = next((p for p in prep_objects_of(span.root, "of") if p.ent_type_ in ("GPE", "LOC")
                             or (p.pos_ == "PROPN" and p.ent_type_ in ("", "ORG"))), None)
            if city is not None:
                mention.place_phrase = Span(text=city.text, start=city.idx, end=city.idx + len(city.text))
                break
    if mention.place_phrase is None and mention.venue is not None:
        mention.place_phrase = _town_of_venue(doc, mention.venue)
    size = _size_phrase(doc, head, mention)
    if size is not None:
        mention.size_phrase = size
        if mention.type == "protest" and size.text.lower() in SOLO_WORDS | {w.replace("-", " ") for w in SOLO_WORDS}:
            mention.subtype = "solo_picket"
    if mention.type == "protest":
        _signs(doc, head, mention)
    _legal(doc, head, mention)
    if mention.type in ("trial", "conviction", "sentence") and mention.venue is not None and \
            "court" in mention.venue.text.lower() and not any(a.role == "court" for a in mention.args):
        court = doc.char_span(mention.venue.start, mention.venue.end, alignment_mode="expand")
        if court is not None:  # "at a hearing in an Istanbul court"
            start, end, text = phrase_span(court.root)
            mention.args.append(Arg(role="court", name=text, kind="authority", start=start, end=end))
    if mention.type == "charge" and mention.subtype is None:
        words = {t.lower_ for t in head.sent}
        # an offence is criminal unless the report calls it administrative (a misdemeanour code)
        mention.subtype = "administrative" if words & {"administrative", "misdemeanour"} else "criminal"
    if mention.type == "release":
        words = {t.lower_ for t in head.sent}
        for word, subtype in (("bail", "bail"), ("bond", "bail"), ("parole", "parole"), ("paroled", "parole"),
                              ("pardon", "pardon"), ("pardoned", "pardon"), ("amnesty", "pardon")):
            if word in words:
                mention.subtype = subtype
                break
    mention.generic = _generic(doc, head) if mention.type in ("protest", "police_violence", "detention") else False
    mention.headline = _is_headline(head.sent) and head.sent.start == 0
    if mention.headline:
        _headline_passive(head, mention)
    mention.confidence = round(min(0.95, 0.5 + 0.15 * bool(mention.args) + 0.1 * bool(mention.date_phrase)
                                   + 0.1 * bool(mention.place_phrase or mention.venue)
                                   + 0.1 * (mention.modality == "asserted")), 2)


def attach_claims_from_followups(doc: Doc, draft: Draft) -> None:
    """"They have been demanding X" right after a protest: X is that protest's claim."""
    protests = [m for m in draft.mentions if m.type == "protest"]
    if not protests:
        return
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        for tok in sent:
            if tok.lemma_ not in ("demand", "call", "urge", "seek") or tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if relation(c) == "subject"), None)
            if subj is None or not (subj.lower_ in ("they", "he", "she") or subj.lower_ in load_lexicon("group_nouns")):
                continue
            earlier = [m for m in protests if m.sent in (i, i - 1) and m.args]
            if not earlier or any(m.sent == i for m in earlier if m.claims):
                continue
            target = earlier[-1]
            plural = subj.lower_ not in ("he", "she")
            if plural and not any(a.kind == "group" for a in target.args):
                continue
            for c in tok.children:
                if relation(c) == "object" or (relation(c) == "prep_marker" and c.lower_ == "for"):
                    root = c if relation(c) == "object" else next((p for p in c.children if relation(p) == "prep_object"), None)
                    if root is not None:
                        toks = [t for t in root.subtree if not t.is_space]
                        target.claims.append(_text_span(doc, toks))


def _headline_passive(head: Token, mention: Mention) -> None:
    """Headlines drop the auxiliary: "Kazakh activist jailed for 15 days", "artist charged, kept in
    custody" are passive, so the person before the participle is the patient, not the agent."""
    verb = head if head.pos_ == "VERB" else next((a for a in list(head.ancestors)[:2] if a.pos_ == "VERB"), None)
    if verb is None or form(verb) not in ("past_participle", "past") or any(relation(c) == "object" for c in verb.children):
        return
    if mention.type not in PERSON_CENTRED:
        return  # a ban, a sanction, a protest: their subject is no patient
    agent, patient = AGENT_ROLE[mention.type], PATIENT_ROLE[mention.type]
    for a in mention.args:
        if a.role == agent and a.kind in ("person", "group"):
            a.role = patient
