"""The Russian extractor: a Natasha-parsed Doc (nlp/ru.py) in, the same Draft the English
extractor builds out (mentions with participants by UD role, modality, raw date/place/venue/size
phrases, charges and sentence phrases, names in the nominative, quotes), each with the character
span of the original text that supports it. normalize/ru.py reads the Russian phrases.

Rules here are generic to Russian grammar; the words are data (lexicons/ru/*.tsv|txt).
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Token

from ...data import load_lexicon, load_table
from ...drafts import Arg, Draft, Mention, NameMention, RawQuote, Span
from ...nlp.grammar import grammar_for
from ...nlp.ru import NORMAL_KEY
from ...records import Article

SUBJECT_DEPS = ("nsubj",)
PASSIVE_SUBJECT_DEPS = ("nsubj:pass",)
OBJECT_DEPS = ("obj",)
PERSON_PRONOUNS = {"он", "она"}
PLURAL_PRONOUNS = {"они"}
RELATIVE = {"который"}
# how far up the tree a modality governor or a negation still counts
GOVERNOR_DEPTH = 3


# --- data --------------------------------------------------------------------------------------

@functools.cache
def _triggers() -> dict[tuple[str, str], list[tuple[str, str | None, str | None]]]:
    """(lemma, pos) -> its readings in file order; the first whose guard holds is the trigger."""
    out: dict[tuple[str, str], list[tuple[str, str | None, str | None]]] = {}
    for row in load_table("ru/triggers"):
        lemma, pos, etype = row[0], row[1], row[2]
        subtype = row[3] if len(row) > 3 and row[3] else None
        guard = row[4] if len(row) > 4 and row[4] else None
        out.setdefault((lemma, pos), []).append((etype, subtype, guard))
    return out


@functools.cache
def _roles() -> dict[str, tuple[str, str, str]]:
    return {row[0]: (row[1], row[2], row[3]) for row in load_table("ru/roles")}


@functools.cache
def _modality_words() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in load_table("ru/modality")}


@functools.cache
def _patterns() -> dict[str, list[re.Pattern]]:
    out: dict[str, list[re.Pattern]] = {}
    for row in load_table("ru/patterns"):
        out.setdefault(row[0], []).append(re.compile(row[1], re.IGNORECASE))
    return out


def _lex(name: str) -> frozenset[str]:
    return load_lexicon(f"ru/{name}")


@functools.cache
def _stems() -> re.Pattern:
    """One regex of the stems of every trigger lemma: the common prefix of its forms (pymorphy3)."""
    from ...normalize.ru import _morph

    stems = set()
    for lemma, _pos in _triggers():
        parse = _morph().parse(lemma)[0]
        forms = [f.word for f in parse.lexeme] or [lemma]
        prefix = forms[0]
        for f in forms[1:]:
            while not f.startswith(prefix):
                prefix = prefix[:-1]
        # a short common prefix ("обы" of обыскать/обыщу) would admit "обыграл": the lemma's stem then
        stems.add(prefix if len(prefix) >= 4 else lemma[:-2] if len(lemma) >= 6 else lemma)
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, stems), key=len, reverse=True)) + r")\w*",
                      re.IGNORECASE)


def trigger_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word that may be a trigger: the Russian sense step's rules."""
    return [(m.start(), m.end(), m.group(0).lower()) for m in _stems().finditer(text)]


# --- the extractor -------------------------------------------------------------------------------

class _Context:
    def __init__(self, doc: Doc, draft: Draft):
        self.doc = doc
        self.draft = draft
        self.text = doc.text
        self.normals: dict[tuple[int, int], str] = doc.user_data.get(NORMAL_KEY, {})
        self.person_at: dict[int, NameMention] = {}  # token index -> the person name it is part of
        self.participation: set[int] = set()  # protester starts read off a verb of taking part
        self.size_of: dict[int, Token] = {}  # a group participant's start -> the token its count hangs on
        self.named_groups: dict[str, list[Arg]] = {}  # "журналистов X и Y": the people a plural noun named
        self.quotes = [(m.start(1), m.end(1)) for p in _patterns().get("quote_after", [])
                       for m in p.finditer(self.text)]
        self.quotes += [(m.start(), m.end()) for m in re.finditer(r"«[^«»]{40,}»", self.text)]


def extract_russian(doc: Doc, article: Article, model: str | None = None) -> Draft:
    """Return the event mentions, names and quotes of one parsed Russian article."""
    draft = Draft(article=article, model=model)
    ctx = _Context(doc, draft)
    draft.names = _names(ctx)
    sents = list(doc.sents)
    sent_index = {s.start: i for i, s in enumerate(sents)}
    paragraphs = _paragraphs(doc, sents)
    n = 0
    headline = _headline_end(doc.text)
    for tok in doc:
        found = _trigger(tok, ctx)
        if found is None:
            continue
        etype, subtype = found
        if any(s <= tok.idx < e for s, e in ctx.quotes):
            continue  # someone's words about an event are evidence, not a report of it
        n += 1
        m = _mention(tok, etype, subtype, f"m{n}", ctx, sent_index[tok.sent.start], paragraphs[tok.sent.start])
        if m is not None:
            m.headline = tok.idx < headline
            m.supposed = m.supposed and not m.headline  # a headline joins the story's events anyway
            draft.mentions.append(m)
    _signs_told_after(ctx, sents)
    _reasons_told_elsewhere(draft)
    _fold_among(draft)
    _accounts_of_one_crowd(draft)
    _victims_of_the_scene(draft)
    _inherit(draft, _lede_place(ctx, sents))
    _background_years(draft)
    _claims(ctx)
    _denials(draft)
    draft.quotes = _quotes(ctx)
    return draft


def _reasons_told_elsewhere(draft: Draft) -> None:
    """"оштрафовал X за участие в митинге" when the story tells X's rally itself: evidence of that
    rally (its date is the fine's, not the rally's); with no such account it is the rally's report."""
    for m in draft.mentions:
        if m.reference != "reason":
            continue
        m.reference = None
        mine = _surnames(m)
        if any(o.type == "protest" and o is not m and o.reference != "reason" and not o.headline and mine & _surnames(o)
               for o in draft.mentions):
            m.supposed = not m.headline


def _fold_among(draft: Draft) -> None:
    """"Среди задержанных – X и Y": people of the group's event told before, its participants too
    (a named person among a crowd is a second participant of that event, not an event of its own)."""
    kept: list[Mention] = []
    for m in draft.mentions:
        if m.reference == "among":
            m.reference = None
            crowd = next((o for o in reversed(kept) if o.type == m.type and not o.headline and any(
                a.kind == "group" for a in o.args)), None)
            if crowd is not None and m.args:
                crowd.args += [a for a in m.args if a.kind == "person"]
                continue
        kept.append(m)
    draft.mentions = kept


def _accounts_of_one_crowd(draft: Draft) -> None:
    """"Двое задержанных рассказали, что их избили. По словам студента X, полицейские били его": a
    person's account of violence right after a group's, with no date of its own, is one of that
    group telling the same violence (the linker joins a crowd event's named members to it)."""
    for i, m in enumerate(draft.mentions):
        if m.type != "police_violence" or m.headline or m.date_phrase is not None:
            continue
        victims = [a for a in m.args if a.role == "victim"]
        if not victims or any(a.kind != "person" for a in victims):
            continue
        crowd = next((o for o in reversed(draft.mentions[:i]) if o.type == m.type and not o.headline), None)
        if crowd is not None and 0 < m.sent - crowd.sent <= 1 and crowd.subtype == m.subtype and any(
                a.role == "victim" and a.kind == "group" for a in crowd.args):
            m.secondary = True


def _victims_of_the_scene(draft: Draft) -> None:
    """"ОМОН разогнал шествие. ... силовики применяли дубинки": force told with no victim is used on
    those of the violence told just before."""
    for i, m in enumerate(draft.mentions):
        if m.type != "police_violence" or m.headline or any(a.role == "victim" for a in m.args):
            continue
        before = next((o for o in reversed(draft.mentions[:i]) if o.type == m.type and not o.headline), None)
        if before is not None and 0 <= m.sent - before.sent <= 1:
            m.args += [a.model_copy() for a in before.args if a.role == "victim"]


def _headline_end(text: str) -> int:
    """End of a first line that is a headline (no sentence end, more text after it), else 0."""
    first, _, rest = text.partition("\n")
    return len(first) if rest.strip() and not first.rstrip().endswith((".", "!", "?", ":")) else 0


def _paragraphs(doc: Doc, sents) -> dict[int, int]:
    out, para = {}, 0
    for s in sents:
        if "\n\n" in doc.text[max(0, s.start_char - 3):s.start_char + 1]:
            para += 1
        out[s.start] = para
    return out


def _names(ctx: _Context) -> list[NameMention]:
    names = []
    for ent in ctx.doc.ents:
        if ent.label_ == "PERSON":
            kind = "person"
        elif ent.label_ == "ORG":
            kind = "organization"
        else:
            continue
        normal = ctx.normals.get((ent.start_char, ent.end_char), ent.text)
        name = NameMention(text=normal, start=ent.start_char, end=ent.end_char, kind=kind, key=f"n{ent.start_char}")
        names.append(name)
        if kind == "person":
            for t in ent:
                ctx.person_at[t.i] = name
    return names


def _trigger(tok: Token, ctx: _Context) -> tuple[str, str | None] | None:
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ == "NOUN" else None
    if pos is None:
        return None
    rows = _triggers().get((tok.lemma_, pos)) or _triggers().get((tok.lemma_, "ANY"))
    if not rows:
        return None
    if pos == "VERB" and "Part" in tok.morph.get("VerbForm") and tok.dep_ in (
            "nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "conj") and not _among(tok):
        return None  # "задержанных развезли": the people, not the event
    for etype, subtype, guard in rows:
        found = _reading(tok, etype, subtype, guard)
        if found is not None:
            return found
    return None


def _reading(tok: Token, etype: str, subtype: str | None, guard: str | None) -> tuple[str, str | None] | None:
    """The event this reading of the word names here, or None when its guard does not hold."""
    sent = tok.sent
    lemmas = {t.lemma_ for t in sent}
    near = {t.lemma_ for t in tok.children} | {tok.head.lemma_}
    if guard == "police_station" and not any(t.lemma_ in _lex("police_station") for t in tok.subtree):
        return None
    if guard == "case_object" and not any(t.lemma_ == "дело" for t in tok.children):
        return None
    if guard == "guilty" and not any(t.lemma_ == "виновный" for t in tok.subtree):
        return None
    if tok.lemma_ == "арест" and any(c.lemma_ == "домашний" for c in tok.children):
        return "detention", "house_arrest"
    if guard == "term" and not (_find("term", sent.text) or _find("term_years", sent.text)):
        return None
    if guard == "not_term" and _find("term", sent.text):
        return "sentence", None  # "арестован на 10 суток": an administrative arrest is a sentence
    if guard == "protest_words" and not (near & {"протест", "протестный", "протестовать", "солидарность", "поддержка",
                                                   "пикет", "митинг", "уличный", "массовый", "участник",
                                                   "участница", "организатор"}
                                         or tok.lemma_ == "протест"):
        return None
    if guard == "force" and not any(t.lemma_ in _lex("force_words") for t in tok.children):
        return None
    if guard == "freedom" and not any(t.lemma_ == "свобода" for t in tok.children):
        return None
    if guard == "custody" and not _in_custody_place(tok):
        return None
    if guard == "served" and (not (_find("term", sent.text) or _find("term_years", sent.text)) or any(
            _trigger_type(t) == "sentence" for t in tok.subtree if t.i != tok.i)):
        return None
    if guard == "protest_object" and not any(_trigger_type(t) == "protest" for t in tok.subtree if t is not tok):
        return None
    if guard == "ground" and not any(t.lemma_ in _lex("ground_words") and t.dep_ == "obl" and (
            t.head.i == tok.i or t.head.head.i == tok.i) for t in tok.subtree):  # "повалили её на землю и вырвали ..."
        return None
    if guard in ("placard", "purpose") and any(_trigger_type(c) == "protest" for c in tok.children):
        return None  # "вышла на пикет с плакатом": the noun reports it
    if guard == "placard" and any(_trigger_type(t) == "protest" for t in sent if t.pos_ == "NOUN"):
        return None  # "после пикета, где она стояла с плакатом": the picket told
    if guard == "placard" and not any(c.lemma_ in _lex("sign_nouns") and _in_case(c, ("с", "со"))
                                      for c in tok.children if c.dep_ == "obl"):
        return None
    if guard == "purpose" and not _purpose(tok):
        return None
    objects = [c for c in tok.children if c.dep_ == "obj" and c.lemma_ in _lex("tribute_objects")]
    if guard == "tribute" and not (objects and any(c.dep_ in ("obl", "nmod") and _in_case(c, ("к",))
                                                   for c in list(tok.children) + list(objects[0].children))):
        return None
    if etype == "sentence" and tok.lemma_ == "штраф" and not (lemmas & {"суд", "судья", "назначить", "приговорить",
                                                                         "оштрафовать", "получить", "выписать"}):
        return None
    if etype == "protest" and tok.lemma_ in ("акция", "протест") and tok.dep_ == "nmod" and \
            tok.head.lemma_ in ("участник", "организатор"):
        pass  # "участники акции": still the protest
    return etype, subtype


def _purpose(verb: Token) -> bool:
    """"в поддержку коллег", "с требованием", "против застройки", "чтобы выступить": a gathering's aim."""
    for c in verb.children:
        if c.dep_ in ("obl", "advcl", "xcomp", "nmod") and c.lemma_ in _lex("purpose_words"):
            return True
        if c.dep_ == "obl" and _in_case(c, ("против",)):
            return True
    return False


def _is_court(name: str) -> bool:
    words = name.lower().split()
    return bool(words) and (words[0] in ("суд", "судья") or "суд" in words)


def _in_custody_place(tok: Token) -> bool:
    """"в СИЗО", "под стражу", "в изолятор": where pre-trial custody is served."""
    return any(c.lemma_.lower() in _lex("custody_places") for c in tok.children if c.dep_ in ("obl", "obj"))


def _reason_of_penalty(tok: Token) -> bool:
    """"оштрафовал за участие в митинге", "арестовали за организацию забастовки": the protest is
    why a sentence or charge was given, not told here."""
    cur = tok
    for _ in range(3):
        if _in_case(cur, ("за",)) and _trigger_type(cur.head) in ("sentence", "charge", "conviction"):
            return True
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


def _among(tok: Token) -> bool:
    """"Среди задержанных оказался X": X is one of them."""
    return any(c.dep_ in ("case", "mark") and c.lemma_ == "среди" for c in tok.children)


def _trigger_type(tok: Token) -> str | None:
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ == "NOUN" else None
    rows = _triggers().get((tok.lemma_, pos)) if pos else None
    return rows[0][0] if rows else None


def _find(name: str, text: str) -> re.Match | None:
    for p in _patterns().get(name, []):
        m = p.search(text)
        if m:
            return m
    return None


def _finditer(name: str, text: str):
    for p in _patterns().get(name, []):
        yield from p.finditer(text)


# --- one mention ---------------------------------------------------------------------------------

def _is_passive(verb: Token) -> bool:
    return grammar_for(verb.doc).is_passive(verb)


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds a trigger noun ("вышла на пикет": вышла)."""
    cur = tok
    for _ in range(3):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def _mention(tok: Token, etype: str, subtype: str | None, mid: str, ctx: _Context, sent: int, para: int) -> Mention | None:
    if _not_an_event(tok):
        return None
    m = Mention(id=mid, type=etype, subtype=subtype, sent=sent, para=para,
                trigger=Span(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text)))
    if etype == "protest" and subtype == "picket" and any(c.lemma_ == "одиночный" for c in tok.children):
        m.subtype = "solo_picket"
    if etype == "protest" and tok.pos_ == "VERB" and subtype == "picket" and "Sing" in tok.morph.get("Number"):
        m.subtype = "solo_picket"  # "вышла с плакатом": one person with a sign
    subj_role, obj_role, mod_role = _roles()[etype]
    args: list[Arg] = []
    verb = tok if tok.pos_ in ("VERB", "AUX") and not _among(tok) else None
    g = grammar_for(tok.doc)
    if _among(tok):
        for c in g.subjects(tok.head) + [c for c in tok.head.children if c.dep_ == "nsubj"]:
            _add(args, obj_role, c, ctx)  # UD questions (nlp/grammar/ud.py): subjects, objects, passives, agents
    if verb is not None:
        if verb.morph.get("VerbForm") == ["Part"] and "Act" in verb.morph.get("Voice") and verb.dep_ == "acl" \
                and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            _add(args, subj_role, verb.head, ctx)  # "людей, принесших цветы": they did it
        elif g.is_passive(verb) or verb.morph.get("VerbForm") == ["Part"] and verb.dep_ in ("ROOT", "conj", "acl"):
            for c in g.passive_subjects(verb) + g.subjects(verb):
                _add(args, obj_role, c, ctx)
            for c in g.agents(verb):
                if _is_authority(c):
                    _add(args, subj_role, c, ctx)
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                _add(args, obj_role, verb.head, ctx)  # "активистка, задержанная в Казани"
        else:
            # "вышла на свободу Белова": the subject is the one released
            # "отбыл два года колонии": so is the one who served the term
            subject_as = obj_role if (etype == "release" and tok.lemma_ == "выйти") or \
                tok.lemma_ in ("отбыть", "отбывать") else subj_role
            for c in g.subjects(verb):
                # "Большинство задержанных отпустили": a count of people as subject of an
                # impersonal plural verb is its object; so is a "subject" in the accusative
                # ("сотрудники ... ударили Громова", parsed with two subjects)
                counted = c.lemma_ in _lex("quantity_words") or "Part" in c.morph.get("VerbForm") or \
                    c.morph.get("Case") == ["Acc"]
                _add(args, obj_role if counted and etype != "protest" else subject_as, c, ctx)
                if etype == "protest":
                    ctx.participation.update(a.start for a in args if a.role == "protester")
            # "принесли цветы к памятнику жертвам": whom a protest honours is no party of it
            indirect = [c for rel, _, c in g.dependents(verb) if rel == "indirect_object"] if etype != "protest" else []
            for c in g.objects(verb) + indirect:
                _add(args, obj_role, c, ctx)
            if not any(a.role == obj_role for a in args):
                for c in _left_person(verb, ("Acc",) if subject_as == subj_role else ("Nom",), ctx):
                    _add(args, obj_role, c, ctx)
        if etype == "police_violence" and tok.lemma_ == "применить":
            for c in verb.children:  # "применили силу к задержанным"
                if c.dep_ == "obl" and any(k.lemma_ == "к" for k in c.children):
                    _add(args, obj_role, c, ctx)
    elif not _among(tok):
        for c in tok.children:
            if c.dep_ == "nmod" and "Gen" in c.morph.get("Case") and not _is_place(c) and \
                    not any(k.dep_ == "case" for k in c.children):  # "у здания суда" is where, not whose
                before = len(args)
                _add(args, mod_role, c, ctx)
                if etype == "protest":  # a protest's genitive is its people, never an office
                    args[before:] = [a for a in args[before:] if a.kind in ("person", "group")]
        head = tok.head
        if tok.dep_ in ("nmod",) and head.lemma_ in ("участник", "участница"):
            _add(args, "protester", head, ctx)  # "участников акции"
            head = head.head
        gov = _clause_verb(tok)
        if gov is not tok:
            _noun_trigger_parties(tok, gov, etype, args, ctx, subj_role, obj_role)
    _regarding(tok, args, ctx, obj_role)
    if etype == "detention" and not any(a.role == "authority" for a in args):
        # "доставили в отдел полиции": the police held them, whoever the sentence names
        station = next((t for t in tok.children if t.lemma_ in _lex("police_station") and _is_authority(t)), None)
        if station is not None:
            name, start, end = _phrase(station)
            args.append(Arg(role="authority", name=name, kind="authority", start=start, end=end))
    m.args = _dedupe(args)
    if etype == "protest" and tok.dep_ == "nmod" and tok.head.lemma_ in _lex("participant_nouns"):
        m.secondary = True  # "организатор акции": the protest told, not another
    if etype == "protest" and tok.pos_ == "NOUN" and _reason_of_penalty(tok):
        m.reference = "reason"  # resolved by _reasons_told_elsewhere
    if _among(tok):
        m.reference = "among"  # folded into the group's mention by _fold_among
    custody_order = False
    if etype == "detention" and any(a.role == "authority" and _is_court(a.name) for a in m.args) and \
            not any(c.lemma_ == "домашний" for c in tok.children):
        if _find("term", tok.sent.text) or not (_find("term_years", tok.sent.text) or _find("custody_term", tok.sent.text)
                                                or _in_custody_place(tok)):
            m.type = "sentence"  # "суд арестовал её на 10 суток": an administrative arrest is a court's sentence
            m.args = [a.model_copy(update={"role": "court" if a.role == "authority" else "defendant"}) for a in m.args]
        else:
            # "суд арестовал на два месяца", "отправил в СИЗО": pre-trial custody continues the
            # detention told; the order's day is not the day the person was taken
            m.subtype, custody_order = "detention", True
    m.modality = _modality(tok, ctx)
    if etype == "police_violence" and m.modality == "asserted" and _attributed(tok):
        m.modality = "alleged"  # violence is an accusation: told on someone's word, it is their account
    if m.modality in ("planned", "threatened") or _is_future(tok) or (
            m.modality == "hypothetical" and _governed_by(tok, ("planned", "threatened"))):
        m.tense = "future"
        if m.modality == "asserted":
            m.modality = "planned"
        if etype in ("detention", "sentence", "conviction") and any(
                a.name.lower().startswith(("суд", "судья")) for a in m.args):
            return None  # what a court will decide is not yet an event, nor anyone's plan
    if etype == "protest" and m.modality in ("planned", "hypothetical"):
        m.args = [a.model_copy(update={"role": "organizer"}) if a.role == "protester" else a for a in m.args]
    _place_and_venue(tok, m, ctx)
    _date(tok, m, ctx)
    if custody_order and m.date_phrase is not None:
        m.date_inherited = True
    if m.reference == "reason" and m.date_phrase is not None:
        sub = [t.idx for t in tok.subtree]
        if not min(sub) <= m.date_phrase.start <= max(sub):
            m.date_phrase = None  # "во вторник оштрафовал за участие в митинге": the fine's day, not the rally's
    if tok.pos_ == "NOUN" and not m.args and m.date_phrase is None and m.reference is None:
        m.reference = "definite"  # a bare "задержание" with nothing of its own: the one told
    _size(tok, m, ctx)
    _legal(tok, m, ctx)
    if etype == "protest":
        _signs(tok, m, ctx)
    return m


def _signs(tok: Token, m: Mention, ctx: _Context) -> None:
    """«Нет войне» on a placard of the protest's sentence."""
    sent = tok.sent
    for t in sent:
        if t.lemma_ in _lex("sign_nouns"):
            for q in re.finditer(r"«([^«»]{2,80})»", ctx.text[t.idx:sent.end_char]):
                if q.start() > 40:
                    break
                start = t.idx + q.start(1)
                m.sign_text.append(Span(text=q.group(1), start=start, end=start + len(q.group(1))))
                break


def _signs_told_after(ctx: _Context, sents) -> None:
    """"Участники держали плакаты «...»" in the sentence after the protest: that protest's signs."""
    protests = [m for m in ctx.draft.mentions if m.type == "protest" and not m.headline]
    for i, sent in enumerate(sents):
        if any(sent.start_char <= m.trigger.start < sent.end_char for m in protests):
            continue
        before = [m for m in protests if m.sent == i - 1 and m.modality == "asserted"]
        if not before:
            continue
        probe = Mention(id="probe", type="protest", sent=i, para=0,
                        trigger=Span(text=sent[0].text, start=sent[0].idx, end=sent[0].idx + len(sent[0].text)))
        _signs(sent[0], probe, ctx)
        before[-1].sign_text += probe.sign_text


CLAIM_VERBS = {"требовать", "потребовать", "призвать", "призывать", "добиваться", "просить"}


def _not_an_event(tok: Token) -> bool:
    """"без составления протоколов", "никого не задерживала", "требовали освободить" (a claim),
    "продолжать забастовку" (the strike already told)."""
    if any(c.dep_ == "case" and c.lemma_ == "без" for c in tok.children):
        return True
    if tok.dep_ == "nmod" and tok.head.dep_ == "obl" and any(c.lemma_ == "без" for c in tok.head.children):
        return True
    if any(c.lemma_ in ("никто", "ничто") for c in tok.children):
        return True
    if _trigger_type(tok) == "release" and tok.pos_ == "NOUN" and any(
            c.dep_ == "case" and c.lemma_ in ("за", "о", "об") for c in tok.children):
        return True  # "митинг за освобождение политзаключенных": a demand
    up = tok.head if tok.head.i != tok.i else None
    if up is not None and up.lemma_ in CLAIM_VERBS and tok.dep_ in ("xcomp", "obj", "ccomp", "obl"):
        return True
    # "с требованием освободить арестованных журналистов": what is demanded, and who it is for
    cur = tok
    for _ in range(3):  # not through a subject: "Участники акции требовали ..." took part in it
        if cur.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.lemma_ == "требование" or cur.lemma_ in CLAIM_VERBS:
            return True
    if up is not None and up.lemma_ in ("продолжать", "продолжить", "прекратить", "прекращать") and \
            _trigger_type(tok) == "protest" and tok.dep_ in ("obj", "xcomp"):
        return True
    return False


def _claims(ctx: _Context) -> None:
    """"требовали освободить политических заключенных", "с требованием прекратить преследование":
    the demand goes to the protest of its sentence (else the last protest before it)."""
    protests = [m for m in ctx.draft.mentions if m.type == "protest"]
    for t in ctx.doc:
        if not (t.lemma_ in CLAIM_VERBS or (t.lemma_ == "требование" and any(c.lemma_ == "с" for c in t.children))):
            continue
        demand = [c for c in t.children if c.dep_ in ("xcomp", "obj", "ccomp", "nmod", "acl")]
        if not demand:
            continue
        toks = sorted({x.i for d in demand for x in d.subtree if not x.is_punct or x.i < max(d.i for d in demand)})
        if not toks:
            continue
        span = ctx.doc[toks[0]:toks[-1] + 1]
        claim = Span(text=span.text.rstrip(" ,."), start=span.start_char, end=span.start_char + len(span.text.rstrip(" ,.")))
        same = [m for m in protests if m.trigger.start >= t.sent.start_char and m.trigger.end <= t.sent.end_char]
        before = [m for m in protests if m.trigger.start < t.idx]
        for m in same or before[-1:]:
            m.claims.append(claim)
        # "забастовка ...: около 300 рабочих требуют ...": those demanding are the protest's people
        demanders = [c for c in t.children if c.dep_ in SUBJECT_DEPS and (
            "Anim" in c.morph.get("Animacy") or c.lemma_ in _lex("group_nouns"))]
        for m in same:
            if demanders and not any(a.role == "protester" for a in m.args):
                before_args = len(m.args)
                _add(m.args, "protester", demanders[0], ctx)
                ctx.participation.update(a.start for a in m.args[before_args:])
                if m.size_phrase is None:
                    _size(t, m, ctx)


def _denials(draft: Draft) -> None:
    """"в полиции заявили, что задержанных не избивали": the account denied is denied."""
    for d in draft.mentions:
        if d.modality != "denied":
            continue
        # "разогнали шествие ... спецсредства не применялись": the dispersal stays told; the force is denied
        denied = [m for m in draft.mentions if m is not d and m.type == d.type and m.modality in ("asserted", "alleged")
                  and m.trigger.start < d.trigger.start and (not (m.subtype and d.subtype) or m.subtype == d.subtype)]
        for m in denied:
            m.modality = "denied"
        if denied:
            d.generic = True  # the denial is told with the account it denies, not as an event of its own


def _noun_trigger_parties(tok: Token, gov: Token, etype: str, args: list[Arg], ctx: _Context,
                          subj_role: str, obj_role: str) -> None:
    """Parties of a trigger noun read off the verb it hangs on: "вышла на пикет", "назначил ей арест",
    "предъявили ему обвинение", "получил 10 суток ареста", "в акции приняли участие 50 человек"."""
    subjects = [c for c in gov.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS]
    if not subjects and gov.dep_ in ("conj", "xcomp", "acl:relcl", "acl"):
        subjects = [c for c in gov.head.children if c.dep_ in SUBJECT_DEPS]
        if gov.dep_ in ("acl:relcl", "acl"):
            subjects = subjects or [gov.head]
    indirect = [c for c in gov.children if c.dep_ in ("iobj",) or (c.dep_ == "obj" and c is not tok
                                                                    and c.pos_ in ("PRON", "PROPN", "NOUN")
                                                                    and _trigger_type(c) is None)]
    if etype == "protest":
        if gov.lemma_ in _lex("participation_verbs"):
            climbed = gov
            while not subjects and climbed.dep_ in ("xcomp", "ccomp", "conj") and climbed.head is not climbed:
                climbed = climbed.head  # "Организаторы заявили, что намерены провести шествие"
                subjects = [c for c in climbed.children if c.dep_ in SUBJECT_DEPS]
            subjects = subjects or _left_person(gov, ("Nom",), ctx)
            for s in subjects:
                before = len(args)
                _add(args, "protester", s, ctx)
                ctx.participation.update(a.start for a in args[before:])
        elif any(c.lemma_ in ("после", "за", "во", "в") for c in tok.children if c.dep_ == "case"):
            # "задержали после пикета", "оштрафовали за пикет": the one it happened to protested
            for c in gov.children:
                if c.dep_ in OBJECT_DEPS + PASSIVE_SUBJECT_DEPS or (c.dep_ in SUBJECT_DEPS and _is_passive(gov)):
                    _add(args, "protester", c, ctx)
            if not args:
                for c in _left_person(gov, ("Acc", "Nom"), ctx):
                    _add(args, "protester", c, ctx)
        return
    if gov.lemma_ in ("получить", "отбыть", "отбывать", "провести") and etype in ("sentence", "detention"):
        for s in subjects:
            _add(args, obj_role, s, ctx)  # "получил 10 суток ареста": the one it is given to
        return
    if etype == "investigation":  # "обыск в квартире журналиста X", "обыски у активистов"
        for c in list(gov.children) + list(tok.children):
            if c.dep_ in ("obl", "nmod") and (any(k.lemma_ == "у" for k in c.children) or c.lemma_ in _lex("premises")):
                target = next((n for n in c.children if n.dep_ == "nmod"), None) if c.lemma_ in _lex("premises") else c
                if target is not None:
                    _add(args, obj_role, target, ctx)
    passive = _is_passive(gov)
    for s in subjects:
        _add(args, obj_role if passive else subj_role, s, ctx)
    for o in indirect:
        _add(args, obj_role, o, ctx)
    if not any(a.role == obj_role for a in args):
        for c in _left_person(gov, ("Acc", "Dat"), ctx):
            _add(args, obj_role, c, ctx)


def _left_person(verb: Token, cases: tuple[str, ...], ctx: _Context) -> list[Token]:
    """"Козлова задержали", "Белову ... отпустили": a person before the verb in the case the verb
    wants, when the parse attached it elsewhere."""
    for t in reversed(list(verb.doc[verb.sent.start:verb.i])):
        if t.pos_ in ("PROPN", "PRON") and (set(t.morph.get("Case")) & set(cases)) and (
                t.i in ctx.person_at or "Anim" in t.morph.get("Animacy") or t.lemma_ in PERSON_PRONOUNS):
            return [t]
    return []


def _regarding(tok: Token, args: list[Arg], ctx: _Context, obj_role: str) -> None:
    """"в отношении Петровой", "против активиста", "на Петрову" (a protocol on her): the one it concerns."""
    scope = _clause_verb(tok)
    # "возбуждено уголовное дело против X": the case noun's dependents are the trigger's
    heads = {tok.i, scope.i} | {c.i for c in tok.children if c.lemma_ == "дело"}
    for t in list(scope.subtree):
        if t.lemma_ == "отношение" and any(c.lemma_ == "в" for c in t.children):
            for c in t.children:
                if c.dep_ == "nmod":
                    _add(args, obj_role, c, ctx)
        elif t.dep_ in ("obl", "nmod") and t.head.i in heads and any(
                c.lemma_ == "против" for c in t.children):
            _add(args, obj_role, t, ctx)
        elif tok.lemma_ == "протокол" and t.head in (tok, scope) and t is not tok and any(
                c.lemma_ == "на" and c.dep_ == "case" for c in t.children) and t.pos_ in ("PRON", "PROPN", "NOUN"):
            _add(args, obj_role, t, ctx)


def _dedupe(args: list[Arg]) -> list[Arg]:
    out, seen = [], set()
    for a in args:
        key = (a.role, a.name.lower())
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


# --- participants ---------------------------------------------------------------------------------

def _is_authority(tok: Token) -> bool:
    return tok.lemma_ in _lex("authorities") or any(c.lemma_ in _lex("authorities") for c in tok.children
                                                    if c.dep_ in ("nmod", "amod"))


def _is_place(tok: Token) -> bool:
    return tok.ent_type_ == "GPE"


def _add(args: list[Arg], role: str, tok: Token, ctx: _Context) -> None:
    for t in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
        arg = _arg(role, t, ctx)
        bare = not any(c.dep_ in ("amod", "nummod", "nummod:gov", "det", "nmod", "appos") for c in t.children)
        if arg is not None and arg.kind == "group" and bare and ctx.named_groups.get(t.lemma_):
            # "Журналистов задержали" after "журналистов X и Y": those two
            args += [p.model_copy(update={"role": role}) for p in ctx.named_groups[t.lemma_]]
            continue
        if arg is not None:
            args.append(arg)
            if arg.kind in ("group", "person"):
                before = len(args)
                _add_named_members(args, role, t, arg, ctx)
                counted = any(c.dep_ in ("nummod", "nummod:gov") for c in t.children) or any(
                    k.lemma_ == "число" for c in t.children for k in c.children)  # "в том числе"
                if arg.kind == "group" and len(args) > before and not counted:
                    args.remove(arg)  # "журналистов X и Y": the descriptor of those named, no crowd
                    ctx.named_groups[t.lemma_] = [a for a in args[before - 1:] if a.kind == "person"]


def _add_named_members(args: list[Arg], role: str, tok: Token, arg: Arg, ctx: _Context) -> None:
    """"пятерых активистов, в том числе эколога X", "журналистов X и Y": the people a group or a
    descriptor names are its participants too."""
    named = {arg.entity} if arg.entity else set()
    for c in tok.children:
        if c.dep_ != "appos" and not (arg.kind == "person" and c.dep_ == "conj"):
            continue
        member = _arg(role, c, ctx) if c.dep_ == "appos" else None
        people = [member] if member is not None and member.kind == "person" else []
        if c.i in ctx.person_at:  # "журналистов Бакыта Осмонова и Нургуль Алиеву": each conjunct
            people = [_person_arg(role, ctx.person_at[c.i])]
        for k in c.children:
            if k.dep_ == "conj" and k.i in ctx.person_at:
                people.append(_person_arg(role, ctx.person_at[k.i]))
        for p in people:
            if p.entity not in named:
                named.add(p.entity)
                args.append(p)


def _nominative(tok: Token) -> str:
    """The word in the nominative, its number kept ("активистов" -> "активисты")."""
    from ...normalize.ru import _morph

    parses = _morph().parse(tok.text)
    best = next((p for p in parses if p.normal_form == tok.lemma_), parses[0])
    plural = "Plur" in tok.morph.get("Number")
    form = best.inflect({"nomn", "plur"} if plural else {"nomn"})
    word = form.word if form else tok.lemma_
    return word.capitalize() if tok.text[:1].isupper() else word


def _phrase(tok: Token) -> tuple[str, int, int]:
    """The noun with its adjectives and genitive modifiers, head in the nominative: "сотрудники полиции"."""
    left = [c for c in tok.lefts if c.dep_ == "amod"]
    right = []
    for c in tok.rights:
        if c.dep_ == "nmod" and "Gen" in c.morph.get("Case") and c.i == (right[-1].i + 1 if right else tok.i + 1):
            right.append(c)
    words = [_nominative(a) if "Nom" not in a.morph.get("Case") else a.text for a in left]
    words.append(_nominative(tok))
    words += [c.text for c in right]
    first = left[0] if left else tok
    last = right[-1] if right else tok
    return " ".join(words), first.idx, last.idx + len(last.text)


def _person_before(tok: Token, ctx: _Context, gender: str | None) -> NameMention | None:
    from ...normalize.ru import _morph

    best = None
    for n in ctx.draft.names:
        if n.kind != "person" or n.start >= tok.idx:
            continue
        if gender in ("Fem", "Masc"):
            want = "femn" if gender == "Fem" else "masc"
            tags = [p.tag for w in n.text.split() for p in _morph().parse(w) if {"Name", "Surn"} & set(map(str, p.tag.grammemes))]
            if tags and not any(want in t for t in tags):
                continue
        best = n
    return best


def _person_arg(role: str, name: NameMention, tok: Token | None = None) -> Arg:
    start, end = (tok.idx, tok.idx + len(tok.text)) if tok is not None else (name.start, name.end)
    return Arg(role=role, name=name.text, kind="person", start=start, end=end, entity=name.key)


def _name_near(tok: Token, ctx: _Context) -> NameMention | None:
    """A name standing by a descriptor: "активиста Дмитрия Козлова", "журналиста Азамата Бекова"."""
    cases = set(tok.morph.get("Case"))
    for c in tok.children:
        if c.dep_ in ("flat:name", "appos", "nmod", "flat") and c.i in ctx.person_at and _agrees(c, cases):
            return ctx.person_at[c.i]
    end = tok.idx + len(tok.text)
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if after is not None and not _agrees(after, cases):
        return None
    return next((n for n in ctx.draft.names if n.kind == "person" and 0 <= n.start - end <= 2), None)


def _agrees(name_tok: Token, cases: set[str]) -> bool:
    """A name in the descriptor's case is its name ("активиста Дмитрия Козлова"); a plural noun's
    genitive name is whose they are ("Сторонники Жумабаева"), not who they are."""
    theirs = set(name_tok.morph.get("Case"))
    if not cases or not theirs or cases & theirs:
        return True
    return not ("Gen" in theirs and "Plur" in name_tok.head.morph.get("Number"))


def _arg(role: str, tok: Token, ctx: _Context) -> Arg | None:
    if role == "victim" and _trigger_type(tok) == "protest":
        # "разогнали акцию": those dispersed are the protest's participants
        from ...normalize.ru import _morph

        parse = next((p for p in _morph().parse(tok.text) if p.normal_form == tok.lemma_), _morph().parse(tok.text)[0])
        genitive = parse.inflect({"gent", "sing"})
        tail = [c.text for c in tok.rights if c.dep_ == "nmod" and c.i == tok.i + 1]
        name = " ".join(["участники", genitive.word if genitive else tok.text, *tail])
        return Arg(role=role, name=name, kind="group", start=tok.idx, end=tok.idx + len(tok.text))
    if tok.i in ctx.person_at:
        return _person_arg(role, ctx.person_at[tok.i])
    near = _name_near(tok, ctx)
    if near is not None:
        return _person_arg(role, near)
    if tok.lemma_ in RELATIVE:  # "Петрову, которая вышла ...": the antecedent
        rel = next((a for a in tok.ancestors if a.dep_ == "acl:relcl"), None)
        return _arg(role, rel.head, ctx) if rel is not None else None
    if tok.pos_ == "PRON" and tok.lemma_ in PERSON_PRONOUNS:
        name = _person_before(tok, ctx, (tok.morph.get("Gender") or [None])[0])
        return _person_arg(role, name, tok) if name is not None else None
    if tok.pos_ == "PRON" and tok.lemma_ in PLURAL_PRONOUNS:
        group = _group_before(tok, ctx)
        return group.model_copy(update={"role": role, "start": tok.idx, "end": tok.idx + len(tok.text)}) if group else None
    if tok.pos_ == "PROPN" and "Anim" in tok.morph.get("Animacy"):
        return _person_arg(role, _propn_name(tok, ctx))
    if tok.lemma_ in _lex("quantity_words"):
        # "большинство задержанных", "несколько сотен нефтяников": the people counted
        counted = next((c for c in tok.children if c.dep_ in ("nmod", "obl") and "Gen" in c.morph.get("Case")), None)
        if counted is not None:
            inner = _arg(role, counted, ctx)
            if inner is not None:
                ctx.size_of[inner.start] = tok
            return inner
    if _is_authority(tok):
        name, start, end = _phrase(tok)
        return Arg(role=role, name=name, kind="authority", start=start, end=end)
    if tok.ent_type_ == "ORG":
        ent = next(e for e in ctx.doc.ents if e.start <= tok.i < e.end)
        return Arg(role=role, name=ctx.normals.get((ent.start_char, ent.end_char), ent.text), kind="organization",
                   start=ent.start_char, end=ent.end_char)
    plural = "Plur" in tok.morph.get("Number") or tok.pos_ == "NUM"
    people = tok.lemma_ in _lex("group_nouns") or "Anim" in tok.morph.get("Animacy") or (
        "Part" in tok.morph.get("VerbForm") and tok.dep_ in ("nsubj", "nsubj:pass", "obj", "iobj", "nmod", "obl"))
    if tok.pos_ in ("NOUN", "ADJ", "VERB", "NUM") and people and plural:
        if tok.pos_ == "NUM":
            noun = next((c for c in tok.children if c.pos_ == "NOUN"), None)
            name, start, end = (_nominative(noun), tok.idx, noun.idx + len(noun.text)) if noun is not None else (
                "люди", tok.idx, tok.idx + len(tok.text))
        else:
            name, start, end = _phrase(tok)
            if any(t.i in ctx.person_at for t in tok.rights if t.idx < end):
                end = tok.idx + len(tok.text)  # "Сторонники Жумабаева" are not Zhumabaev: the span is theirs
        ctx.size_of.setdefault(start, tok)
        return Arg(role=role, name=name, kind="group", start=start, end=end)
    if tok.pos_ == "NOUN" and people:
        # "активистку", "журналиста": a person the story describes, named before (or it stays a description)
        gender = (tok.morph.get("Gender") or [None])[0]
        name = _person_before(tok, ctx, gender) or _person_after(tok, ctx, gender)
        phrase, start, end = _phrase(tok)
        if name is not None:
            return Arg(role=role, name=name.text, kind="person", start=start, end=end, entity=name.key)
        return Arg(role=role, name=phrase, kind="person", start=start, end=end)
    return None


LEDE_CHARS = 400  # a descriptor in the headline or lede names the person introduced right after it


def _person_after(tok: Token, ctx: _Context, gender: str | None) -> NameMention | None:
    if tok.idx > LEDE_CHARS:
        return None
    later = [n for n in ctx.draft.names if n.kind == "person" and n.start > tok.idx and len(n.text.split()) > 1]
    return later[0] if later else None


def _group_before(tok: Token, ctx: _Context) -> Arg | None:
    """"их", "них": a group named earlier in the sentence, else the last group of the story."""
    for t in reversed(list(tok.doc[tok.sent.start:tok.i])):
        if t.pos_ in ("NOUN", "ADJ", "VERB", "NUM") and ("Plur" in t.morph.get("Number") or t.pos_ == "NUM") and (
                t.lemma_ in _lex("group_nouns")) and t.dep_ != "nmod":
            return _arg("x", t, ctx)
    groups = [a for m in ctx.draft.mentions for a in m.args if a.kind == "group" and a.start < tok.idx]
    return groups[-1] if groups else None


def _propn_name(tok: Token, ctx: _Context) -> NameMention:
    """A person's name the NER missed ("Белова", "Козлова"): in the nominative, as the story's fuller
    form of it when it has one ("Белову" -> "Белова" of "Мария Белова")."""
    from ...normalize.ru import _morph

    parses = _morph().parse(tok.text)
    pick = next((p for p in parses if {"Surn", "Name"} & set(map(str, p.tag.grammemes))), parses[0])
    gender = (tok.morph.get("Gender") or [None])[0]
    want = {"nomn", "femn"} if gender == "Fem" and "Surn" in pick.tag else {"nomn"}
    form = pick.inflect(want)
    text = (form.word if form else tok.text).capitalize()
    name = NameMention(text=text, start=tok.idx, end=tok.idx + len(tok.text), kind="person", key=f"n{tok.idx}")
    for other in ctx.draft.names:
        last = other.text.split()[-1] if other.kind == "person" else ""
        if last and last[:-1].lower().startswith(tok.text[:max(3, len(tok.text) - 2)].lower()[:len(last) - 1]):
            name.text = other.text if len(other.text.split()) == 1 else last
            break
    ctx.draft.names.append(name)
    ctx.person_at[tok.i] = name
    return name


# --- modality ---------------------------------------------------------------------------------------

HAPPENING = {"состояться", "пройти", "проходить", "быть", "начаться", "случиться"}


def _negated(tok: Token) -> bool:
    """"не задерживали", "не выходили на пикет", "митинг не состоялся"; not "митинг не был согласован"
    (the rally was held, only without approval)."""
    g = grammar_for(tok.doc)
    if g.is_negated(tok):
        return True
    if tok.pos_ != "NOUN" or tok.head.pos_ not in ("VERB", "AUX") or not g.is_negated(tok.head):
        return False
    return tok.dep_ in ("obj", "obl") or tok.head.lemma_ in HAPPENING


def _modality(tok: Token, ctx: _Context) -> str:
    words = _modality_words()
    speech = _lex("speech_verbs")
    verb = tok if tok.pos_ in ("VERB", "AUX") else _clause_verb(tok)
    clause = [t for t in verb.subtree]
    above = {verb.i, tok.i} | {a.i for a in verb.ancestors}
    if any(t.lemma_ in words and words[t.lemma_] == ("hypothetical", "marker") for t in tok.sent
           if t.head.i in above or (t.head.dep_ == "advcl" and t.head.head.i in above)):
        return "hypothetical"
    cur, negated = tok, _negated(tok) if tok.pos_ == "NOUN" else _negated(verb)
    for _ in range(GOVERNOR_DEPTH + 1):
        if cur.dep_ == "ROOT" or cur.head is cur:
            break
        if cur.dep_ in ("nsubj", "nsubj:pass") and cur is not tok:
            break  # "Участники акции намерены ...": the plan is theirs, the action they took part in is past
        up = cur.head
        rule = words.get(up.lemma_)
        if cur.dep_ == "conj":
            rule = None  # "угрожали мужу и били его": the beating is told, not threatened
        if rule and rule[1] == "governor":
            if rule[0] == "denied":
                return "denied"
            return rule[0]
        if negated and up.lemma_ in speech and cur.dep_ in ("ccomp", "parataxis", "obj"):
            return "denied"  # "в полиции заявили, что задержанных не избивали"
        cur = up
    if negated:
        return "negated"
    if any(t.lemma_ in words and words[t.lemma_] == ("alleged", "marker") for t in clause):
        return "alleged"
    return "asserted"


def _attributed(tok: Token) -> bool:
    """"По словам адвоката, ...", "По данным правозащитников, ...", "Лебедев рассказал, что ...": the
    clause is someone's account; an authority's account ("по данным МВД") is the report's own fact."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else _clause_verb(tok)
    cur = verb
    for _ in range(GOVERNOR_DEPTH + 1):
        for c in cur.children:
            if c.lemma_ in _lex("attribution_nouns") and _in_case(c, ("по",)):
                source = next((n for n in c.children if n.dep_ == "nmod"), None)
                if source is None or not _is_authority(source):
                    return True
        up = cur.head
        if up.i == cur.i:
            break
        if cur.dep_ in ("ccomp", "parataxis") and up.lemma_ in _lex("speech_verbs") and "Pres" not in up.morph.get("Tense"):
            subjects = [c for c in up.children if c.dep_ in SUBJECT_DEPS]
            if subjects and not any(_is_authority(s) or s.ent_type_ == "ORG" for s in subjects):
                return True  # not "сообщает ОВД-Инфо", the outlet's line
        cur = up
    return False


def _governed_by(tok: Token, modalities: tuple[str, ...]) -> bool:
    """Is a word of these modalities ("намерены", "пригрозили") above the trigger?"""
    words = _modality_words()
    for up in list(tok.ancestors)[:GOVERNOR_DEPTH + 1]:
        if up.lemma_ in words and words[up.lemma_][0] in modalities:
            return True
    return False


def _is_future(tok: Token) -> bool:
    verb = tok if tok.pos_ in ("VERB", "AUX") else _clause_verb(tok)
    return "Fut" in verb.morph.get("Tense") or any(c.lemma_ == "быть" and "Fut" in c.morph.get("Tense")
                                                   for c in verb.children)


# --- phrases --------------------------------------------------------------------------------------

def _place_and_venue(tok: Token, m: Mention, ctx: _Context) -> None:
    sent = tok.sent
    verb = _clause_verb(tok)
    places = [e for e in ctx.doc.ents if e.label_ == "GPE" and e.start >= sent.start and e.end <= sent.end
              and (_in_case(e.root, ("в", "во")) or (e.root.dep_ == "nmod" and _is_authority(e.root.head)))]
    if places:
        own = [e for e in places if e.root.head in (tok, verb) or e.root.head.head in (tok, verb)]
        pick = (own or sorted(places, key=lambda e: abs(e.start - tok.i)))[0]
        m.place_phrase = Span(text=pick.text, start=pick.start_char, end=pick.end_char)
    venue_preps = _lex("venue_prepositions")
    landmark_preps = ("у", "возле", "перед", "напротив", "к")
    venues = [t for t in sent if t.pos_ in ("NOUN", "PROPN") and (
        (t.lemma_ in _lex("venues") and _in_case(t, venue_preps) and t.lemma_ not in ("суд", "отдел"))
        or (t.lemma_ == "суд" and _in_case(t, landmark_preps))
        # a named landmark: "у Гостиного двора", "возле Белого дома"
        or (_in_case(t, landmark_preps) and any(c.dep_ == "amod" and c.text[:1].isupper() for c in t.children)))]
    if venues:
        near = [v for v in venues if v.head in (tok, verb)]
        v = (near or sorted(venues, key=lambda v: abs(v.i - tok.i)))[0]
        text, start, end = _venue_phrase(v)
        m.venue = Span(text=text, start=start, end=end)


def _in_case(tok: Token, preps) -> bool:
    return any(c.dep_ == "case" and c.lower_ in preps for c in tok.children)


VENUE_DEPS = {"amod", "nmod", "flat", "flat:name", "nummod", "appos"}


def _venue_phrase(v: Token) -> tuple[str, int, int]:
    """"у здания мэрии" -> "здания мэрии", "на Манежной площади" -> "Манежной площади"."""
    keep = {v.i}
    frontier = [v]
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ in VENUE_DEPS and abs(c.i - v.i) <= 4 and not _is_place(c):
                keep.add(c.i)
                frontier.append(c)
    first, last = v.i, v.i
    while first - 1 in keep:
        first -= 1
    while last + 1 in keep or (last + 2 in keep and v.doc[last + 1].is_punct and v.doc[last + 1].text in "«»\""):
        last += 1
    if last + 1 < len(v.doc) and v.doc[last + 1].text == "»" and "«" in v.doc[first:last + 1].text:
        last += 1
    span = v.doc[first:last + 1]
    return span.text, span.start_char, span.end_char


def _date(tok: Token, m: Mention, ctx: _Context) -> None:
    sent = tok.sent
    found = []
    for p in _patterns().get("date", []):
        for d in p.finditer(sent.text):
            found.append((sent.start_char + d.start(), sent.start_char + d.end()))
    # the longest of overlapping matches, then the one nearest the trigger
    found = [f for f in found if not any(g != f and g[0] <= f[0] and f[1] <= g[1] for g in found)]
    found = [f for f in found if not _in_other_clause(tok, f[0])]
    if found:
        s, e = min(found, key=lambda f: abs(f[0] - tok.idx))
        m.date_phrase = Span(text=ctx.text[s:e], start=s, end=e)


COUNT_WORDS = {"около", "более", "свыше", "порядка", "примерно", "несколько", "десяток", "сотня", "тысяча",
               "менее", "больше", "до", "чем"}


SUBCLAUSES = {"acl:relcl", "acl", "advcl", "ccomp", "parataxis", "xcomp"}


def _in_other_clause(tok: Token, char: int) -> bool:
    """"суд арестовал активиста, который накануне вышел на пикет": "накануне" dates the picket."""
    word = next((t for t in tok.sent if t.idx <= char < t.idx + len(t.text)), None)
    if word is None:
        return False
    mine = {tok.i} | {a.i for a in tok.ancestors}
    for cur in [word, *word.ancestors]:
        if cur.i in mine:
            return False
        if cur.dep_ in SUBCLAUSES:
            return True
    return False


def _size(tok: Token, m: Mention, ctx: _Context) -> None:
    """"задержали около 50 человек", "вышли несколько сотен человек", "12 участников"."""
    for a in m.args:
        if a.kind != "group" or a.start not in ctx.size_of or (m.type == "protest" and a.role != "protester"):
            continue
        if m.type == "protest" and a.start not in ctx.participation:
            continue  # "оштрафовал троих участников митинга": how many were fined, not how many rallied
        head = ctx.size_of[a.start]
        while head.head is not head and (head.head.lemma_ in COUNT_WORDS or head.head.pos_ == "NUM") and \
                head.dep_ in ("nmod", "nummod", "nummod:gov"):
            head = head.head  # "несколько сотен человек": the count is the head of the people
        counted = [t for t in head.subtree if (t.pos_ == "NUM" or t.lemma_ in COUNT_WORDS) and t.i <= head.i + 2]
        if head.pos_ == "NUM" or head.lemma_ in COUNT_WORDS:
            counted.append(head)
        if not counted:
            continue
        first = min(t.i for t in counted)
        if first > 0 and tok.doc[first - 1].lower_ == "не":
            first -= 1  # "не менее 15 человек": at least 15
        last = max([t.i for t in counted] + [t.i for t in head.subtree if t.idx < a.end])
        span = tok.doc[first:last + 1]
        m.size_phrase = Span(text=span.text, start=span.start_char, end=span.end_char)
        return


def _legal(tok: Token, m: Mention, ctx: _Context) -> None:
    sent = tok.sent
    base = sent.start_char
    if m.type in ("charge", "investigation", "sentence", "conviction", "trial"):
        for a in _finditer("article", sent.text):
            m.charges.append(Span(text=a.group(0), start=base + a.start(), end=base + a.end()))
        if m.type == "charge" and m.charges and m.subtype is None:
            admin = any(_find("administrative_code", c.text) for c in m.charges)
            m.subtype = "administrative" if admin else "criminal"
        if m.type == "investigation" and not m.charges:
            about = _case_about(tok)
            if about:
                m.charges.append(about)
    if m.type == "charge" and not m.charges:
        offence = _charge_about(tok)
        if offence is not None:
            m.charges.append(offence)  # "обвинение в призывах к массовым беспорядкам"
    if m.type == "charge" and m.subtype is None and any(t.lemma_ == "уголовный" for t in sent):
        m.subtype = "criminal"
    if m.type == "charge" and m.subtype is None:
        # the article named in the sentence before or after ("Им предъявлено обвинение ... Дело
        # возбуждено по части 1 статьи 278 УК"): its code decides
        near = _neighbour_article(tok)
        codes = {bool(_find("administrative_code", a.group(0))) for a in _finditer("article", ctx.text)}
        if near is not None:
            m.subtype = "administrative" if _find("administrative_code", near) else "criminal"
        elif len(codes) == 1:  # every article the story names is of one code: the case's
            m.subtype = "administrative" if codes.pop() else "criminal"
    if m.type != "sentence":
        return
    term = _find("term", sent.text) or _find("term_years", sent.text)
    if term:
        m.term_phrase = Span(text=term.group(0), start=base + term.start(), end=base + term.end())
        # "два года ограничения свободы": restricted freedom, not prison
        m.sentence_kind = "restricted_freedom" if "ограничени" in term.group(0).lower() else "custodial"
    money = _find("money", sent.text)
    if money and (tok.lemma_ in ("штраф", "оштрафовать") or not term):
        m.money_phrase = Span(text=money.group(0), start=base + money.start(), end=base + money.end())
        if not term or tok.lemma_ in ("штраф", "оштрафовать"):
            m.sentence_kind = "fine"
            if tok.lemma_ in ("штраф", "оштрафовать"):
                m.term_phrase = None
    if m.sentence_kind is None and tok.lemma_ in ("штраф", "оштрафовать"):
        m.sentence_kind = "fine"
    if _find("suspended", sent.text):
        m.suspended = True
    if m.sentence_kind == "custodial" and not m.suspended:
        m.suspended = False if term and _find("term_years", sent.text) else None


def _charge_about(tok: Token) -> Span | None:
    """"обвинение в призывах к массовым беспорядкам": the offence charged, verbatim."""
    if tok.pos_ != "NOUN":
        return None
    about = next((c for c in tok.children if c.dep_ == "nmod" and _in_case(c, ("в", "во"))), None)
    if about is None:
        return None
    toks = [t for t in about.subtree if not t.is_punct and t.dep_ != "case" or t.i > about.i]
    toks = [t for t in toks if not t.is_punct]
    if not toks:
        return None
    span = tok.doc[toks[0].i:toks[-1].i + 1]
    return Span(text=span.text, start=span.start_char, end=span.end_char)


def _neighbour_article(tok: Token) -> str | None:
    """The code article of the sentence just before or after the trigger's, in its paragraph."""
    sents = list(tok.doc.sents)
    i = next(k for k, s in enumerate(sents) if s.start <= tok.i < s.end)
    for k in (i + 1, i - 1):
        if 0 <= k < len(sents) and "\n\n" not in tok.doc.text[min(sents[k].start_char, sents[i].start_char):
                                                                max(sents[k].start_char, sents[i].start_char)]:
            found = _find("article", sents[k].text)
            if found:
                return found.group(0)
    return None


def _case_about(tok: Token) -> Span | None:
    """"возбудили уголовное дело о дискредитации армии": what the case is about."""
    case = next((c for c in tok.children if c.lemma_ == "дело"), None)
    if case is None:
        return None
    about = next((c for c in case.children if c.dep_ == "nmod" and any(k.lemma_ in ("о", "об", "по") for k in c.children)),
                 None)
    if about is None:
        return None
    toks = [t for t in about.subtree if not t.is_punct]
    span = tok.doc[toks[0].i:toks[-1].i + 1]
    return Span(text=span.text, start=span.start_char, end=span.end_char)


# --- across mentions --------------------------------------------------------------------------------

def _lede_place(ctx: _Context, sents) -> Span | None:
    """The town of the headline or first sentences («В Москве суд ...»): where the story happens
    when a sentence names no place, as a wire dateline does."""
    for sent in sents[:3]:
        for e in ctx.doc.ents:
            if e.label_ == "GPE" and sent.start <= e.start < sent.end and _in_case(e.root, ("в", "во")):
                return Span(text=e.text, start=e.start_char, end=e.end_char)
    return None


def _inherit(draft: Draft, lede_place: Span | None = None) -> None:
    """A mention without its own date or place takes those of the story's last mention before it that
    has one (the lede states them once); the party of a charge, trial or sentence is the last named
    defendant or detainee when the sentence names none."""
    last_date = None
    last_place = lede_place
    last_person: Arg | None = None
    for m in draft.mentions:
        if m.date_phrase is None and last_date is not None and m.tense != "future":
            m.date_phrase, m.date_inherited = last_date, True
        elif m.date_phrase is not None and not m.date_inherited and m.tense != "future":
            last_date = m.date_phrase
        if m.place_phrase is None and last_place is not None:
            m.place_phrase, m.place_inherited = last_place, True
        elif m.place_phrase is not None and not m.place_inherited:
            last_place = m.place_phrase
        subject_role = {"charge": "defendant", "investigation": "suspect", "trial": "defendant",
                        "conviction": "defendant", "sentence": "defendant", "release": "released"}.get(m.type)
        if subject_role and last_person is not None and not any(a.role == subject_role for a in m.args):
            m.args.append(last_person.model_copy(update={"role": subject_role}))
        people = [a for a in m.args if a.kind == "person" and a.role in (
            "detainee", "defendant", "suspect", "protester", "released")]
        if people:
            last_person = people[0]


YEAR_ONLY = re.compile(r"^(?:в\s+)?(?:(?:19|20)\d\d|прошлом|позапрошлом)\s+(?:году|года|г\.)$", re.IGNORECASE)


def _background_years(draft: Draft) -> None:
    """"В прошлом году Ковалёв вышел на свободу" after "его отпустили" (dated by the story's day):
    a step dated by a year alone, for a person whose same step the story told on another date, is an
    earlier event of the background, not that one told again."""
    for i, m in enumerate(draft.mentions):
        if m.date_phrase is None or m.date_inherited or not YEAR_ONLY.match(m.date_phrase.text.strip()):
            continue
        mine = _surnames(m)
        for o in draft.mentions[:i]:
            if o.type == m.type and not o.headline and o.date_phrase is not None and \
                    o.date_phrase.text != m.date_phrase.text and mine & _surnames(o):
                m.reference = "distinct"
                break


def _surnames(m: Mention) -> set[str]:
    return {a.name.split()[-1].lower().replace("ё", "е") for a in m.args if a.kind == "person" and a.name.split()}


def _quotes(ctx: _Context) -> list[RawQuote]:
    out = []
    names = [n for n in ctx.draft.names if n.kind == "person"]
    for p in _patterns().get("quote_after", []):
        for q in p.finditer(ctx.text):
            speaker = next((n for n in names if q.start(2) <= n.start < q.end(2)), None)
            out.append(RawQuote(text=q.group(1), start=q.start(1), end=q.end(1), speaker=speaker))
    for p in _patterns().get("quote_before", []):
        for q in p.finditer(ctx.text):
            speaker = next((n for n in names if q.start(1) <= n.start < q.end(1)), None)
            out.append(RawQuote(text=q.group(2), start=q.start(2), end=q.end(2), speaker=speaker))
    return sorted(out, key=lambda q: q.start)
