"""Name mentions of a Doc (people, states, organisations), pronoun resolution and the dateline."""
from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz
from spacy.tokens import Doc, Token

from ..data import load_lexicon, load_table
from ..data.triggers import trigger_index
from ..drafts import Draft, NameMention, Span
from ..nlp.first_names import first_name_gender
from .quotes import in_quote
from .syntax import PRONOUNS_PERSON, PRONOUNS_PLURAL, doc_text, form, phrase_span, preposition_of, relation

DATELINE = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Z.'\- ]{2,40}?)(?:,[ \t]*([A-Z][A-Za-z.' \-]{1,40}?))?"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:--|—|–|-)[ \t]")
# "Phnom Penh (AFP) - ...": a title-case city is a dateline only with the agency's name after it
DATELINE_TITLE = re.compile(
    r"(?m)^[ \t]*([A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3})(?:,[ \t]*[A-Z][A-Za-z.' ]{1,30}?)?[ \t]*"
    r"\((?:AFP|AP|Reuters|VOA|RFE/RL|BBC|dpa|Xinhua|Anadolu|UPI|Bloomberg)\)[ \t]*(?:--|—|–|-)[ \t]")


def dateline_of(doc: Doc) -> Span | None:
    """The city of a wire dateline ("ALMATY, Kazakhstan -- ...") in the first paragraphs, if any."""
    head = doc_text(doc)[:600]
    m = DATELINE.search(head) or DATELINE_TITLE.search(head)
    if not m:
        return None
    city = m.group(1).strip()
    return Span(text=city.title() if city.isupper() else city, start=m.start(1), end=m.start(1) + len(city))


def _is_headline(sent) -> bool:
    """A title-cased line, or the text's first line when it has no closing punctuation (a
    sentence-case headline); cached per sentence, since every name and trigger asks."""
    cache = sent.doc.user_data.setdefault("pw_headline", {})
    if sent.start not in cache:
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        titled = len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) > 0.7
        text = doc_text(sent.doc)
        first_line = text.lstrip()[:text.lstrip().find("\n")] if "\n" in text.strip() else ""
        untitled = sent.start_char <= len(text) - len(text.lstrip()) and first_line \
            and first_line.rstrip()[-1:] not in ".!?\"”" and len(first_line) < 160
        cache[sent.start] = titled or bool(untitled)
    return cache[sent.start]


def _strip_title(tokens: list[Token]) -> tuple[list[Token], str | None]:
    titles = load_lexicon("titles")
    title = []
    while tokens and (tokens[0].lower_ in titles or tokens[0].lower_ in ("the",)):
        if tokens[0].lower_ != "the":
            title.append(tokens[0].text)
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'"):
        tokens = tokens[:-1]
    return tokens, " ".join(title) or None


def _title_before(doc: Doc, start: int) -> str | None:
    titles = load_lexicon("titles")
    words = []
    i = start - 1
    while i >= 0 and (doc[i].lower_ in titles or (doc[i].ent_type_ == "NORP" and words)):
        words.insert(0, doc[i].text)
        i -= 1
    if i >= 0 and doc[i].ent_type_ == "NORP" and words:
        words.insert(0, doc[i].text)
    return " ".join(words) or None


ORG_WORDS = {"ministry", "media", "committee", "court", "service", "party", "union", "department", "office",
             "council", "agency", "news", "tv", "radio", "embassy", "consulate", "police", "bureau", "front",
             "movement", "alliance", "association", "foundation", "university", "group", "company", "bank",
             "international", "watch", "network", "institute", "centre", "center", "commission", "coalition",
             "federation", "society", "forum", "amnesty", "initiative", "campaign", "project"}


PLACE_PREPS = {"in", "at", "near", "outside", "inside"}
NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def is_demonym(word: str) -> bool:
    """'Kazakh', 'Kazakhs', 'Uyghurs': a people, not a person."""
    low = word.lower().rstrip("s") if word.lower().endswith("s") else word.lower()
    table = _demonyms()
    return word.lower() in table or low in table or word.lower() in load_lexicon("group_nouns")


@functools.cache
def _demonyms() -> frozenset[str]:
    return frozenset(row[0].lower() for row in load_table("demonyms"))


def collect_names(doc: Doc) -> list[NameMention]:
    """Person, state and organisation mentions; persons also where NER mislabels a known surname."""
    names: list[NameMention] = []
    person_tokens: set[str] = set()
    group_nouns = load_lexicon("group_nouns")
    for ent in doc.ents:
        if ent.label_ != "PERSON" or _is_headline(ent.sent) or "\n" in ent.text:
            continue
        toks, title = _strip_title([t for t in ent])
        if not toks or (len(toks) == 1 and (toks[0].lower_ in group_nouns or form(toks[0]) == "plural_name"
                                             or is_demonym(toks[0].text))):
            continue
        if not all(t.text[:1].isupper() or (t.i > 0 and t.nbor(-1).text == "-" and not t.nbor(-1).whitespace_)
                   or _inner_particle(t, toks) for t in toks if t.is_alpha):  # "Tam Ka-ming", "Sainz de la Peña"
            continue
        if {t.lower_ for t in toks} & (ORG_WORDS | load_lexicon("venues")):
            continue  # "Interior Ministry", "Aigine Media", "Galatasaray Square" labelled as people
        after = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
        if after is not None and after.lower_ in load_lexicon("venues"):
            continue  # "Prey Sar prison"
        if len(toks) == 1 and (toks[0].lower_ in NOT_NAMES or toks[0].lower_ in trigger_index()):
            continue  # "Riot police", "Saturday"
        if preposition_of(ent.root) in PLACE_PREPS:
            continue  # "the embassy in Vilnius", "the border at Kamenny Log": places NER took for people
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        names.append(NameMention(text=doc_text(doc)[start:end], start=start, end=end, kind="person",
                                 title=title or _title_before(doc, toks[0].i)))
        if len(toks) > 1:  # a full name seeds surname-only mentions that NER mislabels
            person_tokens.update(t.text for t in toks if len(t.text) >= 3)
    for run in _name_runs(doc, names):
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        names.append(NameMention(text=doc_text(doc)[start:end], start=start, end=end, kind="person",
                                 title=_title_before(doc, run[0].i)))
        person_tokens.update(t.text for t in run if len(t.text) >= 3)
    taken = {(n.start, n.end) for n in names}
    for tok in doc:
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or len(tok.text) < 4 or tok.ent_type_ == "PERSON":
            continue
        if _is_headline(tok.sent) or any(n.start <= tok.idx < n.end for n in names):
            continue
        if tok.text in person_tokens or any(fuzz.ratio(tok.text, p) >= 85 for p in person_tokens if len(p) >= 5):
            names.append(NameMention(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), kind="person",
                                     title=_title_before(doc, tok.i)))
            taken.add((tok.idx, tok.idx + len(tok.text)))
    for ent in doc.ents:
        if ent.label_ in ("GPE", "ORG") and "\n" not in ent.text and (ent.start_char, ent.end_char) not in taken:
            if any(n.start <= ent.start_char < n.end for n in names):
                continue
            toks, _ = _strip_title([t for t in ent])
            if not toks:
                continue
            owner = next((c for c in ent.root.children if relation(c) == "possessor" and c.ent_type_ == "GPE"), None)
            if ent.label_ == "ORG" and owner is not None and owner.i < toks[0].i:
                toks = [owner] + toks  # "Lithuania's Foreign Ministry" names the state's ministry
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            kind = "state" if ent.label_ == "GPE" else "organization"
            if len(toks) == 1 and toks[0].text.endswith("s") and is_demonym(toks[0].text):
                kind = "group"  # "Kazakhs" tagged as a place
            names.append(NameMention(text=doc_text(doc)[start:end], start=start, end=end, kind=kind))
    names.sort(key=lambda n: n.start)
    names = _join_particles(doc, names)
    for i, n in enumerate(names):
        n.key = f"n{i}"
    return names


def _name_runs(doc: Doc, names: list[NameMention]) -> list[list[Token]]:
    """Two or three title-case proper nouns NER missed, whose last word recurs alone (a surname)
    or which an age follows ("Marina Kolesnikova, 67,")."""
    counts: dict[str, int] = {}
    for tok in doc:
        if tok.pos_ == "PROPN":
            counts[tok.text] = counts.get(tok.text, 0) + 1
    titles = load_lexicon("titles")
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")  # "Amnesty International Nigeria"
              and not (len(e) == 1 and _given_name(e[0]))}
    runs, run = [], []
    for tok in list(doc) + [None]:
        if run and tok is not None and _particle_between(tok):
            run.append(tok)  # "María del Carmen Nadal"
            continue
        if tok is not None and tok.pos_ == "PROPN" and tok.is_title and tok.is_alpha and tok.lower_ not in titles \
                and (tok.ent_type_ not in ("GPE", "LOC", "NORP", "FAC", "DATE") or (not run and _given_name(tok))) \
                and not _is_headline(tok.sent):
            run.append(tok)
            continue
        before = doc[run[0].i - 1] if run and run[0].i > 0 else None
        placeish = before is not None and before.lower_ in ("in", "at", "from", "to", "near", "of", "outside", "across")
        words = [t for t in run if not t.is_lower]
        if 2 <= len(words) <= 4 and (len(words) <= 3 or len(words) < len(run)) and not any(n.start <= run[0].idx < n.end for n in names) and not placeish \
                and not {t.lower_ for t in run} & ORG_WORDS and (_given_name(run[0]) or not any(t.text in places for t in run)):
            nxt = doc[run[-1].i + 1: run[-1].i + 3]
            aged = len(nxt) == 2 and nxt[0].text == "," and nxt[1].like_num
            # "his mother, Gulbahor Sharipova,": a name in apposition to a person
            described = relation(run[-1]) == "apposition" and run[-1].head.lower_ in (
                load_lexicon("person_descriptors") | {"mother", "father", "son", "daughter", "wife", "husband",
                                                     "brother", "sister", "lawyer", "colleague", "friend"})
            if counts.get(run[-1].text, 0) >= 2 or aged or described:
                runs.append(run)
        run = []
    return runs


def _join_particles(doc: Doc, names: list[NameMention]) -> list[NameMention]:
    """"Lucía dos Santos" found as two people: one name when only a name particle stands between."""
    text = doc_text(doc)
    out: list[NameMention] = []
    for n in names:
        prev = out[-1] if out else None
        gap = text[prev.end:n.start].strip() if prev is not None else ""
        if prev is not None and prev.kind == n.kind == "person" and gap and " " not in gap \
                and gap in load_lexicon("name_particles") and n.start - prev.end == len(gap) + 2:
            out[-1] = prev.model_copy(update={"text": text[prev.start:n.end], "end": n.end})
            continue
        out.append(n)
    return out


def _particle_between(tok: Token) -> bool:
    """A lower-case name particle with a title-case proper noun right after it."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.is_lower and tok.lower_ in load_lexicon("name_particles") and nxt is not None \
        and nxt.is_title and nxt.pos_ == "PROPN"


def _inner_particle(tok: Token, toks: list[Token]) -> bool:
    """A name particle between two title-case words of the same name."""
    return toks[0].i < tok.i < toks[-1].i and tok.lower_ in load_lexicon("name_particles")


def _given_name(tok: Token) -> bool:
    """A one-word place NER made of a given name: "Galina Vorontsova", a title-case word with no
    entity of its own after it (two places are never written side by side without a comma)."""
    if tok.ent_type_ != "GPE" or tok.ent_iob_ != "B" or tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.nbor(1)
    return nxt.ent_type_ == "" and nxt.pos_ == "PROPN" and nxt.is_title and nxt.is_alpha and not tok.whitespace_ == ""


def resolve_token(tok: Token, draft: Draft) -> tuple[int, int, str, str, str | None] | None:
    """(start, end, text, kind, name key) for a pronoun or a token inside a known name, else None."""
    low = tok.lower_
    if low in PRONOUNS_PERSON:
        n = _person_pronouns(tok.doc, draft).get(tok.i)
        return None if n is None else (n.start, n.end, n.text, "person", n.key)
    if low in PRONOUNS_PLURAL:
        # "Student organizers said they plan to rally": the plural subject of the reporting clause
        if low == "they" and relation(tok) == "subject" and relation(tok.head) in ("complement", "open_complement"):
            reporter = next((t for t in tok.head.head.children if relation(t) == "subject"), None)
            if reporter is not None and form(reporter) in ("plural_noun", "plural_name"):
                start, end, text = phrase_span(reporter)
                return start, end, text, "group", None
        groups = [a for m in draft.mentions for a in m.args if a.kind == "group" and a.end <= tok.idx]
        if groups:
            a = groups[-1]
            return a.start, a.end, a.name, "group", a.entity
        return None
    for n in draft.names:
        if n.start <= tok.idx < n.end:
            return n.start, n.end, n.text, n.kind, n.key
    return None


MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}


def _person_pronouns(doc: Doc, draft: Draft) -> dict[int, NameMention]:
    """Each person pronoun's antecedent: the latest person named before it whose gender does not
    clash (a name takes the gender of its title, its descriptor or the first pronoun resolved to
    it), and which is not the subject of the pronoun's own clause ("Judge Chan convicted Tam and
    sentenced him": him is Tam). Computed once per document, in text order."""
    cache = doc.user_data.setdefault("pw_person_pronouns", {})
    if id(draft) in cache:
        return cache[id(draft)]
    # a name on a placard or in a quote ("Free Professor Gusev") is no antecedent outside it
    persons = [n for n in draft.names if n.kind == "person" and not in_quote(doc, n.start)]
    gender = {n.key: _stated_gender(doc, n) for n in persons}
    # all mentions of one person share a gender: surname-only mentions join full names
    surname_gender: dict[str, str] = {}
    out: dict[int, NameMention] = {}
    for tok in doc:
        low = tok.lower_
        if low not in PRONOUNS_PERSON:
            continue
        want = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
        subjects = _clause_subjects(tok)
        for n in reversed([n for n in persons if n.end <= tok.idx]):
            g = gender.get(n.key) or surname_gender.get(n.text.split()[-1])
            if g is not None and want is not None and g != want:
                continue
            if any(n.start <= s.idx < n.end for s in subjects):
                continue
            out[tok.i] = n
            if g is None and want is not None:
                gender[n.key] = want
                surname_gender[n.text.split()[-1]] = want
            break
    cache[id(draft)] = out
    return out


def _stated_gender(doc: Doc, name: NameMention) -> str | None:
    """'f' or 'm' from a title before the name or a descriptor in apposition after it."""
    span = doc.char_span(name.start, name.end, alignment_mode="expand")
    if span is None:
        return None
    words = {(name.title or "").lower().rstrip(".")}
    words |= {t.lower_.rstrip(".") for t in doc[max(span.start - 2, 0):span.start]}
    words |= {t.lower_ for t in span.root.children if relation(t) == "apposition" for t in t.subtree}
    genders = {_gender_words().get(w) for w in words} - {None}
    if not genders:
        parts = name.text.split()
        return _surname_gender(parts[-1]) or (first_name_gender(parts[0]) if len(parts) > 1 else None)
    return genders.pop() if len(genders) == 1 else None


def _surname_gender(word: str) -> str | None:
    low = word.lower()
    if len(low) < 5 or not word[:1].isupper():
        return None
    ends = sorted(((e, g) for e, g in load_table("surname_gender") if low.endswith(e)), key=lambda r: -len(r[0]))
    return ends[0][1] if ends else None


@functools.cache
def _gender_words() -> dict[str, str]:
    return dict(load_table("gender_words"))


def _clause_subjects(tok: Token) -> list[Token]:
    """Subjects of the clause an object pronoun sits in (through conjoined verbs), which it
    cannot refer to; empty for subject and possessive pronouns."""
    if relation(tok) not in ("object", "indirect_object") and not preposition_of(tok):
        return []
    verb = tok.head
    while relation(verb) in ("prep_marker", "agent_marker") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    clause = [verb]
    while relation(clause[-1]) == "conjunct" and clause[-1].head.i != clause[-1].i:
        clause.append(clause[-1].head)
    # "found Gabdullin guilty and sentenced him": the subject of "guilty" is the one found guilty,
    # the object of "found", not a subject "him" cannot be
    return [c for v in clause if v.pos_ != "ADJ" for c in v.children if relation(c) in ("subject", "passive_subject")]

