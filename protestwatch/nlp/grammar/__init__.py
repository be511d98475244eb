"""Syntax questions asked of a parse, whatever its label set.

Extraction rules ask "the subject of this verb", "the agent of this passive", "the objects of
its prepositions" through a `Grammar`, never by parser label, so a pipeline with other labels
(Universal Dependencies, e.g. Natasha for Russian) answers the same rules. `grammar_for(doc)`
picks the grammar of a Doc: `doc.user_data["pw_grammar"]` (a name or a Grammar) when set,
else by `doc.lang_` ("en": ClearNLP labels of spaCy's English models; other languages: UD).

Every question is a plain function of the parse (no model). Relations are named by the
abstract names in `RELATIONS`; `dependents(head)` folds a preposition and its object (ClearNLP
`prep` + `pobj`, UD `obl`/`nmod` + `case`) into one ("prep", "on", object) triple.
"""
from __future__ import annotations

from typing import Iterable, Protocol, runtime_checkable

from spacy.tokens import Doc, Token

# Abstract relations a grammar reports (`relation(tok)`, first member of `dependents`).
RELATIONS = frozenset({
    "subject", "passive_subject", "clausal_subject", "clausal_passive_subject", "expletive",
    "object", "indirect_object", "attribute", "predicate", "adjective_complement",
    "agent", "agent_marker", "prep", "prep_marker", "prep_object", "prep_clause", "oblique",
    "complement", "open_complement", "adverbial_clause", "relative_clause", "clausal_modifier",
    "conjunct", "coordinator", "negation", "aux", "passive_aux", "copula", "marker",
    "possessor", "determiner", "predeterminer", "preconjunct", "apposition", "adjective_modifier", "adverb_modifier", "number",
    "number_modifier",  # "about 200", "more than 300": what qualifies a number
    "noun_adverbial", "noun_modifier", "compound", "name_part", "particle", "case", "punct", "root", "other",
})

# Word forms a grammar reports (`form(tok)`): number of nouns and names, tense and form of verbs.
FORMS = frozenset({
    "noun", "plural_noun", "name", "plural_name",
    "base", "past", "past_participle", "gerund", "present", "present_3sg", "other",
})


@runtime_checkable
class Grammar(Protocol):
    """The syntax questions extraction asks. Never rename these; add new ones."""

    name: str

    def relation(self, tok: Token) -> str:
        """Abstract name (one of RELATIONS) of the arc from `tok` to its head."""
        ...

    def dependents(self, head: Token) -> list[tuple[str, str, Token]]:
        """(relation, marker, token) for each dependent of `head`, in surface order; a preposition
        and its object come as one ("prep" or "agent", preposition lower-cased, object)."""
        ...

    def subjects(self, verb: Token) -> list[Token]:
        """Active subjects (conjuncts included), shared across conjoined verbs."""
        ...

    def objects(self, verb: Token) -> list[Token]:
        """Direct objects (conjuncts included)."""
        ...

    def passive_subjects(self, verb: Token) -> list[Token]:
        """Subjects of a passive (conjuncts included), shared across conjoined verbs."""
        ...

    def agents(self, verb: Token) -> list[Token]:
        """Who does a passive: "by X" (UD: obl:agent, or an instrumental oblique)."""
        ...

    def is_passive(self, verb: Token) -> bool:
        ...

    def prep_objects(self, head: Token) -> list[tuple[str, Token]]:
        """(preposition lower-cased, its object) for the prepositional dependents of `head`."""
        ...

    def preposition_of(self, tok: Token) -> str:
        """The preposition (lower-cased) whose object `tok` is; "" when it is none."""
        ...

    def prep_governor(self, tok: Token) -> Token:
        """What the phrase of `tok` attaches to: past its preposition when it has one."""
        ...

    def clause_head(self, tok: Token) -> Token:
        """The verb whose clause holds `tok` (itself when it is a verb)."""
        ...

    def is_negated(self, verb: Token) -> bool:
        """A negation depends on `verb` ("not", "never", "не")."""
        ...

    def form(self, tok: Token) -> str:
        """Word form (one of FORMS): "plural_noun" ("protesters"), "past_participle" ("detained",
        "задержан"), "past", "gerund", "present" / "present_3sg" (the simple present), ..."""
        ...


def _grammars() -> dict[str, Grammar]:
    from .clear import ClearGrammar
    from .ud import UDGrammar

    return {"clear": ClearGrammar(), "ud": UDGrammar()}


_BY_NAME: dict[str, Grammar] = {}
# Languages whose spaCy models use ClearNLP labels; the rest are taken to use UD.
CLEAR_LANGUAGES = frozenset({"en"})


def grammar_named(name: str) -> Grammar:
    if not _BY_NAME:
        _BY_NAME.update(_grammars())
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown grammar {name!r}: one of {', '.join(sorted(_BY_NAME))}") from None


def grammar_for(doc: Doc) -> Grammar:
    """The grammar that reads `doc`'s parse."""
    chosen = doc.user_data.get("pw_grammar")
    if chosen is None:
        return grammar_named("clear" if doc.lang_ in CLEAR_LANGUAGES else "ud")
    return grammar_named(chosen) if isinstance(chosen, str) else chosen


def with_conjuncts(tokens: Iterable[Token], grammar: Grammar) -> list[Token]:
    """`tokens` and the tokens conjoined to each ("X and Y"), in order, without repeats."""
    out: list[Token] = []
    seen: set[int] = set()

    def add(tok: Token) -> None:
        if tok.i in seen:
            return
        seen.add(tok.i)
        out.append(tok)
        for child in tok.children:
            if grammar.relation(child) == "conjunct":
                add(child)

    for tok in tokens:
        add(tok)
    return out


__all__ = ["FORMS", "Grammar", "RELATIONS", "grammar_for", "grammar_named", "with_conjuncts"]
