"""What the ClearNLP and UD grammars share: questions built on `relation` and `dependents`."""
from __future__ import annotations

from spacy.tokens import Token

from . import with_conjuncts

VERBAL_POS = ("VERB", "AUX")


class LabelGrammar:
    """A grammar given by a table from parser labels to abstract relations."""

    name = "base"
    LABELS: dict[str, str] = {}
    NEGATION_WORDS: frozenset[str] = frozenset()

    def relation(self, tok: Token) -> str:
        if tok.head.i == tok.i:
            return "root"
        return self.LABELS.get(tok.dep_, self.LABELS.get(tok.dep_.split(":")[0], "other"))

    def dependents(self, head: Token) -> list[tuple[str, str, Token]]:
        return [(self.relation(c), "", c) for c in head.children]

    def _own(self, verb: Token, relations: tuple[str, ...]) -> list[Token]:
        return [t for rel, _, t in self.dependents(verb) if rel in relations]

    def _shared(self, verb: Token, relations: tuple[str, ...]) -> list[Token]:
        """Dependents in `relations` of `verb`, else of the verb it is conjoined to, when `verb`
        has no subject of its own ("police detained and beat them")."""
        cur = verb
        for _ in range(8):
            found = self._own(cur, relations)
            if found:
                return with_conjuncts(found, self)
            if self._own(cur, ("subject", "passive_subject", "clausal_subject", "clausal_passive_subject")):
                return []
            if self.relation(cur) != "conjunct":
                return []
            cur = cur.head
        return []

    def subjects(self, verb: Token) -> list[Token]:
        return self._shared(verb, ("subject",))

    def passive_subjects(self, verb: Token) -> list[Token]:
        return self._shared(verb, ("passive_subject",))

    def objects(self, verb: Token) -> list[Token]:
        return with_conjuncts(self._own(verb, ("object",)), self)

    def agents(self, verb: Token) -> list[Token]:
        return with_conjuncts(self._own(verb, ("agent",)), self)

    def is_passive(self, verb: Token) -> bool:
        return any(self.relation(c) in ("passive_subject", "passive_aux", "clausal_passive_subject")
                   for c in verb.children)

    def prep_objects(self, head: Token) -> list[tuple[str, Token]]:
        return [(marker, t) for rel, marker, t in self.dependents(head) if rel == "prep"]

    def clause_head(self, tok: Token) -> Token:
        cur = tok
        for _ in range(6):
            if cur.pos_ in VERBAL_POS or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def is_negated(self, verb: Token) -> bool:
        return any(self.relation(c) == "negation" or c.lower_ in self.NEGATION_WORDS
                   and self.relation(c) == "adverb_modifier" for c in verb.children)
