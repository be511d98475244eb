"""Small helpers over spaCy tokens: noun-phrase spans, subjects across clauses, name kinds."""
from __future__ import annotations

import functools

from spacy.tokens import Token

from ..data import load_lexicon
from ..nlp.grammar import grammar_for

PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
PRONOUNS_PLURAL = {"they", "them", "their", "theirs", "themselves"}
RELATIVE = {"who", "whom", "which", "that", "whose"}
# what a noun phrase leaves out: clauses, appositions, coordination, prepositions, articles
DROP_RELATIONS = {"relative_clause", "clausal_modifier", "apposition", "adverbial_clause", "punct", "coordinator",
                  "conjunct", "prep_marker", "case", "determiner", "predeterminer"}
NAME_ENTS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


def relations(doc) -> list[str]:
    """Every token's abstract relation (see nlp.grammar), computed once per Doc: the rules ask
    it some hundred thousand times per hundred articles."""
    found = doc.user_data.get("pw_relations")
    if found is None:
        g = grammar_for(doc)
        found = doc.user_data["pw_relations"] = [g.relation(t) for t in doc]
    return found


def relation(tok: Token) -> str:
    """The abstract relation of `tok` to its head, whatever the parser's labels (see nlp.grammar)."""
    return relations(tok.doc)[tok.i]


def form(tok: Token) -> str:
    """The word form of `tok` ("plural_noun", "past_participle", ...; see nlp.grammar), whatever
    the parser's tags; computed once per Doc like the relations."""
    found = tok.doc.user_data.get("pw_forms")
    if found is None:
        g = grammar_for(tok.doc)
        found = tok.doc.user_data["pw_forms"] = [g.form(t) for t in tok.doc]
    return found[tok.i]


def children_in(head: Token, *wanted: str) -> list[Token]:
    """The children of `head` in the relations `wanted`, in order (no conjuncts, no sharing)."""
    rel = relations(head.doc)
    return [c for c in head.children if rel[c.i] in wanted]


def prep_objects_of(head: Token, *markers: str):
    """Objects of the prepositions `markers` that depend on `head`, in order."""
    return (p for marker, p in grammar_for(head.doc).prep_objects(head) if marker in markers)


def preposition_of(tok: Token) -> str:
    """The preposition whose object `tok` is ("" when none): "on" for "strike" in "went on strike"."""
    return grammar_for(tok.doc).preposition_of(tok)


def prep_governor(tok: Token) -> Token:
    """What the phrase of `tok` attaches to, past its preposition: "went" for "strike" in "went on strike"."""
    return grammar_for(tok.doc).prep_governor(tok)


AGENT_RELATIONS = ("agent_marker", "agent")  # ClearNLP: the "by" node; UD: the agent noun itself


def security_force_tokens(doc) -> frozenset[int]:
    """Indices of the tokens naming a security force (lexicons/security_forces.txt: "police",
    "riot police", "security forces"), found once per Doc; a phrase marks its last word."""
    found = doc.user_data.get("pw_force_tokens")
    if found is None:
        found = doc.user_data["pw_force_tokens"] = _find_forces(doc)
    return found


@functools.cache
def _force_phrases() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """(single words, first word -> longer phrases) of the security-force lexicon."""
    single, longer = set(), {}
    for entry in load_lexicon("security_forces"):
        words = tuple(entry.split())
        if len(words) == 1:
            single.add(words[0])
        else:
            longer.setdefault(words[0], []).append(words)
    return frozenset(single), {k: tuple(v) for k, v in longer.items()}


def _find_forces(doc) -> frozenset[int]:
    single, longer = _force_phrases()
    out: set[int] = set()
    for tok in doc:
        low = tok.lower_
        if low in single:
            out.add(tok.i)
        for words in longer.get(low, ()):
            end = tok.i + len(words)
            if end <= len(doc) and all(doc[tok.i + k].lower_ == w for k, w in enumerate(words)):
                out.add(end - 1)  # the phrase's head: "forces" of "security forces", not "security"
    return frozenset(out)


def security_force_words() -> frozenset[str]:
    """The one-word entries of the security-force lexicon ("police", "troops")."""
    return _force_phrases()[0]


def is_security_force(tok: Token) -> bool:
    return tok.i in security_force_tokens(tok.doc)


def names_security_force(tokens) -> bool:
    """Whether any of `tokens` (a subtree, a sentence) names a security force."""
    found = None
    for tok in tokens:
        if found is None:
            found = security_force_tokens(tok.doc)
        if tok.i in found:
            return True
    return False


def trigger_span(doc, mention):
    """The tokens of a mention's trigger word (None when its characters cut no token boundary)."""
    return doc.char_span(mention.trigger.start, mention.trigger.end, alignment_mode="expand")


def doc_text(doc) -> str:
    """The Doc's text, built once: spaCy's `Doc.text` joins every token on each access."""
    text = doc.user_data.get("pw_text")
    if text is None:
        text = doc.user_data["pw_text"] = doc.text
    return text


def entity_of(tok: Token):
    """The named-entity span containing `tok`, if any."""
    if not tok.ent_type_:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


PRONOUN_HEADS = {"those", "anyone", "everyone", "some", "many", "several", "others", "all", "most", "few"}


def phrase_tokens(head: Token, keep_conj: bool = False) -> list[Token]:
    """Tokens of the noun phrase headed by `head`: modifiers, "of" complements; no clauses
    (except the short participle that gives "those arrested" its meaning)."""
    keep: list[Token] = []
    # "All but seven of the detainees": the exception and its "of" belong to the phrase
    all_but = head.lower_ in PRONOUN_HEADS and any(c.lower_ == "but" for c in children_in(head, "coordinator"))

    def walk(tok: Token, top: bool) -> None:
        for child in tok.children:
            if relation(child) in ("determiner", "predeterminer") and top and child.i < head.i:
                if child.lower_ not in ("a", "an", "the"):
                    keep.append(child)
                continue
            if relation(child) == "prep_marker" and child.lower_ == "of" and (tok.i == head.i or (
                    all_but and relation(tok) == "conjunct" and tok.head.i == head.i)):
                keep.append(child)
                walk(child, False)
                continue
            if relation(child) in ("conjunct", "coordinator") and (keep_conj or all_but) and tok.i == head.i:
                keep.append(child)
                walk(child, False)
                continue
            if tok.i == head.i and head.lower_ in PRONOUN_HEADS and relation(child) in ("clausal_modifier", "prep_marker") \
                    and child.i == head.i + 1:
                keep.append(child)  # "those arrested", "all but seven of the detainees"
                walk(child, False)
                continue
            if relation(child) in DROP_RELATIONS or child.is_space:
                continue
            keep.append(child)
            walk(child, False)

    keep.append(head)
    walk(head, True)
    keep.sort(key=lambda t: t.i)
    # keep a contiguous run around the head
    out = [t for t in keep if not t.is_space]
    while out and (out[0].is_punct or relation(out[0]) == "case"):
        out.pop(0)
    while out and (out[-1].is_punct or relation(out[-1]) == "case"):
        out.pop()
    return out


def phrase_span(head: Token, keep_conj: bool = False) -> tuple[int, int, str]:
    """(start_char, end_char, text) of the noun phrase headed by `head`."""
    ent = entity_of(head)
    if ent is not None and ent.label_ in NAME_ENTS and ent.root == head and len(ent) <= 5:
        toks = [t for t in ent if not t.is_space]
        owner = next((c for c in children_in(head, "possessor") if c.ent_type_ == "GPE"), None)
        if owner is not None and ent.label_ == "ORG" and owner.i < ent.start:
            toks = [t for t in head.doc[owner.i:ent.end] if not t.is_space]  # "Lithuania's Foreign Ministry"
        if toks and "\n" not in ent.text:
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            return start, end, doc_text(head.doc)[start:end]
    toks = phrase_tokens(head, keep_conj)
    if not toks:
        toks = [head]
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc_text(head.doc)[start:end]
    if "\n" in text:
        start, end, text = head.idx, head.idx + len(head.text), head.text
    return start, end, text


def subject_of(verb: Token, depth: int = 4) -> Token | None:
    """The subject of `verb`, climbing through clauses that share it ("after staging", "to demand")."""
    g = grammar_for(verb.doc)
    tok = verb
    for _ in range(depth):
        subjects = [c for c in tok.children if g.relation(c) in ("subject", "passive_subject", "clausal_subject")]
        if len(subjects) > 1:  # "In the capital, Ankara, about 20 relatives held ...": not the city
            subjects = [c for c in subjects if c.ent_type_ not in ("GPE", "LOC")] or subjects
        for child in subjects:
            if child.lower_ in RELATIVE and g.relation(tok) == "relative_clause":
                return antecedent(tok)
            return child
        if g.relation(tok) in ("relative_clause", "clausal_modifier") and tok.head.pos_ in ("NOUN", "PROPN", "PRON") and form(tok) != "past_participle" \
                and tok.head.lemma_.lower() not in load_lexicon("venues"):
            return tok.head  # "protesters who marched", "a lawyer serving a sentence"; not "the FSB
                             # headquarters holding ...", a parse of "stood outside X holding a placard"
        if g.relation(tok) == "open_complement":  # "ordered X to pay a fine": the object of the order does it
            controller = next((c for c in tok.head.children if g.relation(c) in ("object", "indirect_object")), None)
            if controller is not None:
                return controller
        if g.relation(tok) in ("open_complement", "adverbial_clause", "conjunct", "prep_clause", "clausal_modifier",
                               "prep_marker", "complement"):
            tok = tok.head
            continue
        break
    return None


PLURAL_AUX = {"are", "were", "have"}


def antecedent(relcl: Token) -> Token:
    """The noun a relative clause describes; "members of the group, who are charged": the plural one."""
    head = relcl.head
    g = grammar_for(relcl.doc)
    plural_verb = any(c.lower_ in PLURAL_AUX for c in relcl.children if g.relation(c) in ("aux", "passive_aux")) \
        or form(relcl) == "present"
    if plural_verb and form(head) in ("noun", "name") and g.preposition_of(head) == "of":
        owner = g.prep_governor(head)
        if form(owner) in ("plural_noun", "plural_name"):
            return owner
    return head


def name_kind(tok: Token, text: str) -> str:
    """Contract participant kind of a noun phrase headed by `tok`."""
    low = text.lower()
    words = set(low.replace("'s", "").split())
    authorities = load_lexicon("authorities")
    if tok.lower_ in authorities or low in authorities or (words & {"police", "court", "ministry", "prosecutors"}):
        if any(c.ent_type_ == "GPE" for c in children_in(tok, "possessor")) and tok.lower_ == "government":
            return "state"
        return "authority"
    if tok.ent_type_ == "PERSON" or tok.lower_ in PRONOUNS_PERSON:
        return "person"
    if tok.ent_type_ in ("GPE", "NORP") and (form(tok) == "plural_name" or tok.text.endswith("s")):
        return "group"  # "Kazakhs", "Uyghurs"
    if tok.ent_type_ == "GPE":
        return "state"
    if tok.ent_type_ in ("ORG",) and not form(tok) == "plural_name":
        return "organization"
    if tok.lower_ in load_lexicon("group_nouns") or form(tok) in ("plural_noun", "plural_name") or tok.lower_ in PRONOUNS_PLURAL:
        return "group"
    if tok.lower_ in load_lexicon("person_descriptors"):
        return "person"
    if form(tok) == "noun" and any(c.lower_ in ("a", "an") for c in children_in(tok, "determiner")):
        return "person"  # "a 27-year-old IT specialist"
    if tok.pos_ == "PROPN":
        return "person"
    return "group"

