"""Universal Dependencies labels (nsubj, nsubj:pass, obj, iobj, obl + case, obl:agent, aux:pass,
flat:name, ...): Natasha's Russian parse, and any spaCy pipeline trained on a UD treebank."""
from __future__ import annotations

from spacy.tokens import Token

from .base import LabelGrammar

UD_LABELS = {
    "nsubj": "subject", "nsubj:pass": "passive_subject", "csubj": "clausal_subject",
    "csubj:pass": "clausal_passive_subject", "expl": "expletive",
    "obj": "object", "iobj": "indirect_object", "obl:agent": "agent", "obl": "oblique", "nmod": "oblique",
    "nmod:poss": "possessor", "case": "case", "ccomp": "complement", "xcomp": "open_complement",
    "advcl": "adverbial_clause", "acl:relcl": "relative_clause", "acl": "clausal_modifier",
    "conj": "conjunct", "cc": "coordinator", "aux": "aux", "aux:pass": "passive_aux", "cop": "copula",
    "mark": "marker", "det": "determiner", "appos": "apposition", "amod": "adjective_modifier",
    "advmod": "adverb_modifier", "nummod": "number", "compound": "compound", "flat": "name_part",
    "flat:name": "name_part", "fixed": "compound", "compound:prt": "particle", "punct": "punct",
    "root": "root", "ROOT": "root",
}


def _case_marker(tok: Token) -> str:
    """The preposition(s) of a nominal: "because of" -> "because of"."""
    words = [c for c in tok.children if c.dep_ == "case" and c.i < tok.i]
    if not words:
        return ""
    first = words[0]
    fixed = [f for f in first.children if f.dep_ == "fixed"]
    return " ".join(t.lemma_.lower() or t.lower_ for t in [first, *fixed])


class UDGrammar(LabelGrammar):
    name = "ud"
    LABELS = UD_LABELS
    NEGATION_WORDS = frozenset({"not", "n't", "never", "не", "ни"})

    def relation(self, tok: Token) -> str:
        rel = super().relation(tok)
        if rel == "determiner" and "Yes" in tok.morph.get("Poss"):
            return "possessor"  # "his", "их": a possessive determiner
        return rel

    def _instrumental_agent(self, tok: Token) -> bool:
        """Russian "задержан полицией": a case-less instrumental oblique of a passive names who."""
        return self.relation(tok) == "oblique" and "Ins" in tok.morph.get("Case") and self.is_passive(tok.head)

    def dependents(self, head: Token) -> list[tuple[str, str, Token]]:
        out: list[tuple[str, str, Token]] = []
        for c in head.children:
            rel = self.relation(c)
            if rel == "agent":
                out.append(("agent", _case_marker(c), c))
            elif rel == "oblique":
                marker = _case_marker(c)
                if not marker and self._instrumental_agent(c):
                    out.append(("agent", "", c))
                else:
                    out.append(("prep", marker, c))
            else:
                out.append((rel, "", c))
        return out

    def is_passive(self, verb: Token) -> bool:
        return super().is_passive(verb) or "Pass" in verb.morph.get("Voice")

    def is_negated(self, verb: Token) -> bool:
        return super().is_negated(verb) or any(
            "Neg" in c.morph.get("Polarity") and self.relation(c) in ("adverb_modifier", "particle", "other")
            for c in verb.children)

    def form(self, tok: Token) -> str:
        """From UD features: Number for nouns and names; VerbForm, Tense, Person for verbs."""
        morph = tok.morph
        if tok.pos_ in ("NOUN", "PROPN"):
            plural = "Plur" in morph.get("Number")
            return ("plural_" if plural else "") + ("noun" if tok.pos_ == "NOUN" else "name")
        if tok.pos_ not in ("VERB", "AUX"):
            return "other"
        verb_form, tense = morph.get("VerbForm"), morph.get("Tense")
        if "Part" in verb_form:
            return "past_participle" if "Past" in tense else "gerund"
        if "Conv" in verb_form or "Ger" in verb_form:
            return "gerund"
        if "Inf" in verb_form:
            return "base"
        if "Past" in tense:
            return "past"
        if "Pres" in tense:
            third_singular = "3" in morph.get("Person") and "Sing" in morph.get("Number")
            return "present_3sg" if third_singular else "present"
        return "other"

    def preposition_of(self, tok: Token) -> str:
        return _case_marker(tok) if self.relation(tok) in ("oblique", "agent") else ""

    def prep_governor(self, tok: Token) -> Token:
        return tok.head
