"""The ClearNLP labels of spaCy's English models (nsubj, nsubjpass, dobj, agent, prep/pobj, ...)."""
from __future__ import annotations

from spacy.tokens import Token

from .base import LabelGrammar

CLEAR_LABELS = {
    "nsubj": "subject", "nsubjpass": "passive_subject", "csubj": "clausal_subject",
    "csubjpass": "clausal_passive_subject", "expl": "expletive",
    "dobj": "object", "dative": "indirect_object", "attr": "attribute", "oprd": "predicate",
    "acomp": "adjective_complement", "agent": "agent_marker", "prep": "prep_marker",
    "pobj": "prep_object", "pcomp": "prep_clause", "ccomp": "complement", "xcomp": "open_complement",
    "advcl": "adverbial_clause", "relcl": "relative_clause", "acl": "clausal_modifier",
    "conj": "conjunct", "cc": "coordinator", "preconj": "preconjunct", "neg": "negation", "aux": "aux",
    "auxpass": "passive_aux", "mark": "marker", "poss": "possessor", "det": "determiner",
    "predet": "predeterminer", "appos": "apposition", "amod": "adjective_modifier",
    "advmod": "adverb_modifier", "nummod": "number", "quantmod": "number_modifier", "npadvmod": "noun_adverbial",
    "compound": "compound", "nmod": "noun_modifier", "prt": "particle", "case": "case", "punct": "punct", "ROOT": "root",
}

# Penn Treebank tags of spaCy's English models -> word forms.
PTB_FORMS = {
    "NN": "noun", "NNS": "plural_noun", "NNP": "name", "NNPS": "plural_name",
    "VB": "base", "VBD": "past", "VBN": "past_participle", "VBG": "gerund", "VBP": "present", "VBZ": "present_3sg",
}


class ClearGrammar(LabelGrammar):
    name = "clear"
    LABELS = CLEAR_LABELS

    def form(self, tok: Token) -> str:
        return PTB_FORMS.get(tok.tag_, "other")

    def dependents(self, head: Token) -> list[tuple[str, str, Token]]:
        out: list[tuple[str, str, Token]] = []
        for c in head.children:
            rel = self.relation(c)
            if rel in ("prep_marker", "agent_marker"):
                folded = "agent" if rel == "agent_marker" else "prep"
                out += [(folded, c.lower_, p) for p in c.children if p.dep_ == "pobj"]
            else:
                out.append((rel, "", c))
        return out

    def preposition_of(self, tok: Token) -> str:
        return tok.head.lower_ if tok.dep_ == "pobj" else ""

    def prep_governor(self, tok: Token) -> Token:
        return tok.head.head if tok.dep_ == "pobj" else tok.head
