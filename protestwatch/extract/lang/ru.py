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
def _triggers() -> dict[tuple[str, str], tuple[str, str | None, str | None]]:
    out = {}
    for row in load_table("ru/triggers"):
        lemma, pos, etype = row[0], row[1], row[2]
        subtype = row[3] if len(row) > 3 and row[3] else None
        guard = row[4] if len(row) > 4 and row[4] else None
        out[(lemma, pos)] = (etype, subtype, guard)
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
        stems.add(prefix if len(prefix) >= 3 else lemma)
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
            draft.mentions.append(m)
    _inherit(draft)
    draft.quotes = _quotes(ctx)
    return draft


def _headline_end(text: str) -> int:
    """End of a first line that is a headline (no sentence end, more text after it), else 0."""
    first, _, rest = text.partition("\n")
    return len(first) if rest.strip() and not first.rstrip().endswith((".", "!", "?", "»", ":")) else 0


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
    row = _triggers().get((tok.lemma_, pos)) or _triggers().get((tok.lemma_, "ANY"))
    if row is None:
        return None
    etype, subtype, guard = row
    sent = tok.sent
    lemmas = {t.lemma_ for t in sent}
    near = {t.lemma_ for t in tok.children} | {tok.head.lemma_}
    if guard == "police_station" and not any(t.lemma_ in _lex("police_station") for t in tok.subtree):
        return None
    if guard == "case_object" and not any(t.lemma_ == "дело" for t in tok.children):
        return None
    if guard == "guilty" and not any(t.lemma_ == "виновный" for t in tok.subtree):
        return None
    if guard == "term" and not (_find("term", sent.text) or _find("term_years", sent.text)):
        return None
    if guard == "not_term" and _find("term", sent.text):
        return "sentence", None  # "арестован на 10 суток": an administrative arrest is a sentence
    if guard == "protest_words" and not (near & {"протест", "протестный", "протестовать", "солидарность", "поддержка",
                                                   "пикет", "митинг", "уличный", "массовый"}
                                         or tok.lemma_ == "протест"):
        return None
    if guard == "force" and not any(t.lemma_ in ("сила", "дубинка", "газ", "электрошокер") for t in tok.children):
        return None
    if guard == "freedom" and not any(t.lemma_ == "свобода" for t in tok.children):
        return None
    if guard == "protest_object" and not any(_trigger_type(t) == "protest" for t in tok.subtree if t is not tok):
        return None
    if etype == "sentence" and tok.lemma_ == "штраф" and not (lemmas & {"суд", "судья", "назначить", "приговорить",
                                                                         "оштрафовать", "получить"}):
        return None
    if etype == "protest" and tok.lemma_ in ("акция", "протест") and tok.dep_ == "nmod" and \
            tok.head.lemma_ in ("участник", "организатор"):
        pass  # "участники акции": still the protest
    return etype, subtype


def _trigger_type(tok: Token) -> str | None:
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ == "NOUN" else None
    row = _triggers().get((tok.lemma_, pos)) if pos else None
    return row[0] if row else None


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
    return "Pass" in verb.morph.get("Voice") or any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children)


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds a trigger noun ("вышла на пикет": вышла)."""
    cur = tok
    for _ in range(3):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def _mention(tok: Token, etype: str, subtype: str | None, mid: str, ctx: _Context, sent: int, para: int) -> Mention | None:
    sent_span = tok.sent
    m = Mention(id=mid, type=etype, subtype=subtype, sent=sent, para=para,
                trigger=Span(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text)))
    if etype == "protest" and subtype == "picket" and any(c.lemma_ == "одиночный" for c in tok.children):
        m.subtype = "solo_picket"
    subj_role, obj_role, mod_role = _roles()[etype]
    args: list[Arg] = []
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    if verb is not None:
        if _is_passive(verb) or verb.morph.get("VerbForm") == ["Part"] and verb.dep_ in ("ROOT", "conj", "acl"):
            for c in verb.children:
                if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS:
                    _add(args, obj_role, c, ctx)
                elif c.dep_ in ("obl:agent", "obl") and "Ins" in c.morph.get("Case") and _is_authority(c):
                    _add(args, subj_role, c, ctx)
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                _add(args, obj_role, verb.head, ctx)  # "активистка, задержанная в Казани"
        else:
            for c in verb.children:
                if c.dep_ in SUBJECT_DEPS:
                    _add(args, subj_role, c, ctx)
                elif c.dep_ in OBJECT_DEPS + ("iobj",):
                    _add(args, obj_role, c, ctx)
            if not any(a.role == subj_role for a in args) and verb.dep_ in ("conj", "xcomp"):
                for c in verb.head.children:  # "полицейские задержали и избили": shared subject
                    if c.dep_ in SUBJECT_DEPS:
                        _add(args, subj_role, c, ctx)
        if etype == "police_violence" and tok.lemma_ == "применить":
            for c in verb.children:  # "применили силу к задержанным"
                if c.dep_ == "obl" and any(k.lemma_ == "к" for k in c.children):
                    _add(args, obj_role, c, ctx)
    else:
        for c in tok.children:
            if c.dep_ == "nmod" and "Gen" in c.morph.get("Case") and not _is_place(c):
                _add(args, mod_role, c, ctx)
        head = tok.head
        if tok.dep_ in ("nmod",) and head.lemma_ in ("участник", "участница"):
            _add(args, "protester", head, ctx)  # "участников акции"
            head = head.head
        gov = _clause_verb(tok)
        if gov is not tok:
            _noun_trigger_parties(tok, gov, etype, args, ctx, subj_role, obj_role)
    _regarding(tok, args, ctx, obj_role)
    m.args = _dedupe(args)
    m.modality = _modality(tok, ctx)
    if m.modality in ("planned", "threatened") or _is_future(tok):
        m.tense = "future"
        if m.modality == "asserted":
            m.modality = "planned"
    _place_and_venue(tok, m, ctx)
    _date(tok, m, ctx)
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
        role = "organizer" if gov.lemma_ in ("организовать", "организатор", "провести") and any(
            s.lemma_ in _lex("group_nouns") or s.ent_type_ == "ORG" for s in subjects) and False else "protester"
        for s in subjects:
            _add(args, role, s, ctx)
        return
    if gov.lemma_ in ("получить", "отбыть", "отбывать", "провести"):
        for s in subjects:
            _add(args, obj_role, s, ctx)  # "получил 10 суток ареста": the one it is given to
        return
    passive = _is_passive(gov)
    for s in subjects:
        _add(args, obj_role if passive else subj_role, s, ctx)
    for o in indirect:
        _add(args, obj_role, o, ctx)


def _regarding(tok: Token, args: list[Arg], ctx: _Context, obj_role: str) -> None:
    """"в отношении Петровой", "против активиста", "на Петрову" (a protocol on her): the one it concerns."""
    scope = _clause_verb(tok)
    for t in list(scope.subtree):
        if t.lemma_ == "отношение" and any(c.lemma_ == "в" for c in t.children):
            for c in t.children:
                if c.dep_ == "nmod":
                    _add(args, obj_role, c, ctx)
        elif t.dep_ in ("obl", "nmod") and t.head in (tok, scope) and any(
                c.lemma_ == "против" for c in t.children):
            _add(args, obj_role, t, ctx)
        elif tok.lemma_ == "протокол" and t.head is tok and any(c.lemma_ == "на" for c in t.children):
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
        if arg is not None:
            args.append(arg)


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
        if gender:
            first = n.text.split()[-1]
            tag = _morph().parse(first)[0].tag
            g = "Fem" if "femn" in tag else "Masc" if "masc" in tag else None
            if g and g != gender:
                continue
        best = n
    return best


def _arg(role: str, tok: Token, ctx: _Context) -> Arg | None:
    if tok.i in ctx.person_at:
        name = ctx.person_at[tok.i]
        return Arg(role=role, name=name.text, kind="person", start=name.start, end=name.end, entity=name.key)
    flat = [c for c in tok.children if c.dep_ == "flat:name"]
    for c in flat:
        if c.i in ctx.person_at:
            name = ctx.person_at[c.i]
            return Arg(role=role, name=name.text, kind="person", start=name.start, end=name.end, entity=name.key)
    if tok.lemma_ in RELATIVE:  # "Петрову, которая вышла ...": the antecedent
        rel = next((a for a in tok.ancestors if a.dep_ == "acl:relcl"), None)
        return _arg(role, rel.head, ctx) if rel is not None else None
    if tok.pos_ == "PRON" and tok.lemma_ in PERSON_PRONOUNS:
        gender = (tok.morph.get("Gender") or [None])[0]
        name = _person_before(tok, ctx, gender)
        if name is None:
            return None
        return Arg(role=role, name=name.text, kind="person", start=tok.idx, end=tok.idx + len(tok.text),
                   entity=name.key)
    # "задержанных", "трое активистов": a group; a participle used as a noun counts too
    if tok.lemma_ in _lex("group_nouns") or tok.pos_ in ("NUM",) or (tok.pos_ in ("ADJ", "VERB") and tok.dep_ in (
            "obj", "nsubj", "nsubj:pass", "iobj", "obl") and tok.lemma_ in _lex("group_nouns")):
        name, start, end = _phrase(tok) if tok.pos_ == "NOUN" else (tok.text, tok.idx, tok.idx + len(tok.text))
        if tok.pos_ == "NUM":
            noun = next((c for c in tok.children if c.pos_ == "NOUN"), None)
            name = _nominative(noun) if noun is not None else "люди"
        return Arg(role=role, name=name, kind="group", start=start, end=end)
    if _is_authority(tok):
        name, start, end = _phrase(tok)
        kind = "authority"
        return Arg(role=role, name=name, kind=kind, start=start, end=end)
    if tok.ent_type_ == "ORG":
        ent = next(e for e in ctx.doc.ents if e.start <= tok.i < e.end)
        return Arg(role=role, name=ctx.normals.get((ent.start_char, ent.end_char), ent.text), kind="organization",
                   start=ent.start_char, end=ent.end_char)
    if tok.pos_ == "PRON" and tok.lemma_ in PLURAL_PRONOUNS:
        return None
    if tok.pos_ == "NOUN" and "Anim" in tok.morph.get("Animacy"):
        # "активистку", "журналиста": a person the story describes; the next or last name is them
        name = _person_before(tok, ctx, (tok.morph.get("Gender") or [None])[0])
        after = next((n for n in ctx.draft.names if n.kind == "person" and 0 <= n.start - (tok.idx + len(tok.text)) <= 2),
                     None)
        pick = after or None
        if pick is not None:
            return Arg(role=role, name=pick.text, kind="person", start=pick.start, end=pick.end, entity=pick.key)
        phrase, start, end = _phrase(tok)
        kind = "group" if "Plur" in tok.morph.get("Number") else "person"
        if kind == "person" and name is not None:
            return Arg(role=role, name=name.text, kind="person", start=start, end=end, entity=name.key)
        return Arg(role=role, name=phrase, kind=kind, start=start, end=end)
    return None


# --- modality ---------------------------------------------------------------------------------------

def _negated(tok: Token) -> bool:
    return any(c.lemma_ == "не" for c in tok.children) or (
        tok.pos_ == "NOUN" and tok.head.pos_ == "VERB" and any(c.lemma_ == "не" for c in tok.head.children))


def _modality(tok: Token, ctx: _Context) -> str:
    words = _modality_words()
    speech = _lex("speech_verbs")
    verb = tok if tok.pos_ in ("VERB", "AUX") else _clause_verb(tok)
    clause = [t for t in verb.subtree]
    if any(t.lemma_ in words and words[t.lemma_] == ("hypothetical", "marker") for t in clause if t.head is verb or t.head is tok):
        return "hypothetical"
    cur, negated = tok, _negated(tok) or _negated(verb)
    for _ in range(GOVERNOR_DEPTH + 1):
        if cur.dep_ == "ROOT" or cur.head is cur:
            break
        up = cur.head
        rule = words.get(up.lemma_)
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


def _is_future(tok: Token) -> bool:
    verb = tok if tok.pos_ in ("VERB", "AUX") else _clause_verb(tok)
    return "Fut" in verb.morph.get("Tense") or any(c.lemma_ == "быть" and "Fut" in c.morph.get("Tense")
                                                   for c in verb.children)


# --- phrases --------------------------------------------------------------------------------------

def _place_and_venue(tok: Token, m: Mention, ctx: _Context) -> None:
    sent = tok.sent
    verb = _clause_verb(tok)
    places = [e for e in ctx.doc.ents if e.label_ == "GPE" and e.start >= sent.start and e.end <= sent.end
              and _in_case(e.root, ("в", "во", "из"))]
    if places:
        own = [e for e in places if e.root.head in (tok, verb) or e.root.head.head in (tok, verb)]
        pick = (own or sorted(places, key=lambda e: abs(e.start - tok.i)))[0]
        m.place_phrase = Span(text=pick.text, start=pick.start_char, end=pick.end_char)
    venue_preps = _lex("venue_prepositions")
    venues = [t for t in sent if t.lemma_ in _lex("venues") and t.pos_ == "NOUN" and _in_case(t, venue_preps)
              and t.lemma_ not in ("суд", "отдел") or (t.lemma_ in ("суд",) and _in_case(t, ("у", "возле", "перед")))]
    if venues:
        near = [v for v in venues if v.head in (tok, verb)]
        v = (near or sorted(venues, key=lambda v: abs(v.i - tok.i)))[0]
        text, start, end = _venue_phrase(v)
        m.venue = Span(text=text, start=start, end=end)


def _in_case(tok: Token, preps) -> bool:
    return any(c.dep_ == "case" and c.lower_ in preps for c in tok.children)


def _venue_phrase(v: Token) -> tuple[str, int, int]:
    toks = [t for t in v.subtree if t.dep_ != "case" and not t.is_punct and t.pos_ != "SPACE"]
    toks = [t for t in toks if abs(t.i - v.i) <= 4 and not (t.dep_ == "acl:relcl" or t.pos_ == "VERB")]
    first, last = min(t.i for t in toks), max(t.i for t in toks)
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
    if found:
        s, e = min(found, key=lambda f: abs(f[0] - tok.idx))
        m.date_phrase = Span(text=ctx.text[s:e], start=s, end=e)


def _size(tok: Token, m: Mention, ctx: _Context) -> None:
    """"задержали около 50 человек", "на акцию вышли несколько сотен человек"."""
    groups = [a for a in m.args if a.kind == "group"]
    for a in groups:
        head = next((t for t in tok.doc if t.idx == a.start or (t.idx <= a.start < t.idx + len(t.text))), None)
        if head is None:
            continue
        # the noun the group is: its counting words come before it
        noun = next((t for t in tok.doc[head.i:head.i + 4] if t.lemma_ in _lex("group_nouns")), head)
        nums = [c for c in noun.subtree if c.pos_ == "NUM" or c.lemma_ in (
            "около", "более", "свыше", "порядка", "примерно", "несколько", "десяток", "сотня", "менее", "больше")]
        if not nums:
            continue
        first = min([t.i for t in nums] + [noun.i])
        span = tok.doc[first:noun.i + 1]
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
    if m.type == "charge" and m.subtype is None and any(t.lemma_ == "уголовный" for t in sent):
        m.subtype = "criminal"
    if m.type != "sentence":
        return
    term = _find("term", sent.text) or _find("term_years", sent.text)
    if term:
        m.term_phrase = Span(text=term.group(0), start=base + term.start(), end=base + term.end())
        m.sentence_kind = "custodial"
    money = _find("money", sent.text)
    if money and (tok.lemma_ in ("штраф", "оштрафовать") or not term):
        m.money_phrase = Span(text=money.group(0), start=base + money.start(), end=base + money.end())
        if not term or tok.lemma_ in ("штраф", "оштрафовать"):
            m.sentence_kind = "fine"
            if tok.lemma_ in ("штраф", "оштрафовать"):
                m.term_phrase = None
    if _find("suspended", sent.text):
        m.suspended = True
    if m.sentence_kind == "custodial" and not m.suspended:
        m.suspended = False if term and _find("term_years", sent.text) else None


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

def _inherit(draft: Draft) -> None:
    """A mention without its own date or place takes those of the story's last mention before it that
    has one (the lede states them once); the party of a charge, trial or sentence is the last named
    defendant or detainee when the sentence names none."""
    last_date = last_place = None
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
