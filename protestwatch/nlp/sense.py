"""Event senses before the parser: is this trigger word used in its event sense?

"striker" on a sports page, a price "rally", a "trial" of a drug, a band's album "release" are no
events. Each trigger word the prefilter finds (nlp/prefilter.py) is judged from cheap evidence:
the word, the words of its sentence and next to it, and the article's domain vocabulary
(lexicons/sense_*.txt: sport, market, culture, tech, and civic words) plus score patterns ("6-0").

One interface, `judge(text, method)` -> `ArticleSense`, with three methods behind it (settings.sense):
  learned  a logistic regression over those features (data/models/sense-*.json, trained by
           scripts/train_sense.py); the default
  rules    a domain-density rule over the same lexicons
  off      every hit keeps its event sense

The pipeline parses an article only when a hit of a non-common word keeps its event sense, blanks
the sentences far from kept hits, and the trigger finder drops triggers whose hits were judged
non-event (extract/triggers.py reads `ArticleSense` from `doc.user_data[SENSE_KEY]`).
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Protocol

SENSE_KEY = "pw_sense"
DOMAINS = ("sport", "market", "culture", "tech")
MODEL_FILE = "sense-1.json"  # bump the number when the features change
WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
# a score or result: "6-0", "3-1", "6-4 6-3"; not years ("2004-05") nor ranges of big numbers
SCORE = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])")
LOCAL = 3  # words each side that make the near context
# The article's domain words are a prior, not the verdict: a small value needs large (penalised)
# weights to decide alone, so a real trial on a business page still counts.
ARTICLE_WEIGHT = 0.3


@dataclass(frozen=True)
class SenseHit:
    start: int          # character offsets of the trigger word form in the text
    end: int
    word: str           # the lower-cased form found
    unit: int           # index of the unit (line or sentence) holding it
    common: bool        # a word too common to admit an article alone ("held", "fined")
    p: float            # probability of the event sense
    keep: bool          # p reaches the judge's threshold: the trigger counts
    admit: bool         # p reaches the admission cut and the word is not common: worth parsing


@dataclass(frozen=True)
class ArticleSense:
    method: str
    units: tuple[tuple[int, int], ...]
    hits: tuple[SenseHit, ...]

    @property
    def admits(self) -> bool:
        """Worth parsing: some hit of a non-common word keeps its event sense."""
        return any(h.admit for h in self.hits)

    def kept_starts(self) -> list[int]:
        return [h.start for h in self.hits if h.keep]

    def keeps(self, start: int, end: int) -> bool:
        """Does a trigger over characters [start, end) keep its event sense? By the hits inside it,
        else by the hits of its unit; a trigger with no hit near it is kept."""
        inside = [h for h in self.hits if h.start < end and h.end > start]
        if inside:
            return any(h.keep for h in inside)
        unit = _unit_of(self.units, start)
        near = [h for h in self.hits if h.unit == unit]
        return not near or any(h.keep for h in near)


def _unit_of(units, pos: int) -> int:
    lo, hi = 0, len(units) - 1
    while lo < hi:  # first unit ending after pos
        mid = (lo + hi) // 2
        if units[mid][1] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


# --- evidence ---------------------------------------------------------------------------------

@functools.cache
def _lexicons() -> dict[str, frozenset[str]]:
    from ..data import load_lexicon
    return {d: load_lexicon(f"sense_{d}") for d in DOMAINS + ("civic",)}


@functools.cache
def _stopwords() -> frozenset[str]:
    from ..data import load_lexicon
    return load_lexicon("sense_stopwords")


@functools.cache
def _domain_words() -> frozenset[str]:
    lex = _lexicons()
    return frozenset().union(*(lex[d] for d in DOMAINS))


@functools.cache
def _lemma_of() -> dict[str, str]:
    """Trigger word form -> its lexicon lemma (pattern phrases stand for themselves)."""
    from ..data.triggers import trigger_index
    return {form: rows[0][0] for form, rows in trigger_index().items()}


@functools.cache
def _common_forms() -> frozenset[str]:
    from ..data.triggers import trigger_words
    return frozenset(trigger_words(True) - trigger_words(False))


@dataclass(frozen=True)
class Article:
    """The article-level evidence, computed once per text."""
    low: str
    units: tuple[tuple[int, int], ...]
    density: dict[str, float]      # domain words per 100 words, for DOMAINS and "civic"
    scores: int                    # score patterns in the article
    vocabulary: frozenset[str]     # the article's words that belong to a domain lexicon


def article_evidence(text: str) -> Article:
    from .prefilter import UNIT
    low = text.lower()
    words = WORD.findall(low)
    lex = _lexicons()
    n = max(len(words), 50)  # short texts do not get extreme densities
    density = {d: 100.0 * sum(w in lex[d] for w in words) / n for d in lex}
    units = tuple((m.start(), m.end()) for m in UNIT.finditer(text) if m.end() > m.start()) or ((0, len(text)),)
    return Article(low, units, density, len(SCORE.findall(low)), frozenset(words) & _domain_words())


def hit_features(art: Article, start: int, end: int, word: str, text: str) -> dict[str, float]:
    """Named feature values of one hit: the same for training and for running."""
    lex = _lexicons()
    lemma = _lemma_of().get(word, word)
    u0, u1 = art.units[_unit_of(art.units, start)]
    unit = art.low[u0:u1]
    uwords = set(WORD.findall(unit)) - {word} - _stopwords()
    f_words = (w for w in art.vocabulary if w != word)
    before = WORD.findall(art.low[max(u0, start - 60):start])[-LOCAL:]
    after = WORD.findall(art.low[end:min(u1, end + 60)])[:LOCAL]
    f: dict[str, float] = {f"t={lemma}": 1.0}
    f.update((f"u={w}", 1.0) for w in uwords)
    f.update((f"a={w}", ARTICLE_WEIGHT) for w in f_words)
    f.update((f"p={w}", 1.0) for w in before)
    f.update((f"n={w}", 1.0) for w in after)
    if before:
        f[f"p1={before[-1]}&{lemma}"] = 1.0
    if after:
        f[f"{lemma}&n1={after[0]}"] = 1.0
    if text[start:start + 1].isupper() and start > u0 and text[start - 2:start].strip() not in (".", '"', "“"):
        f["cap"] = 1.0  # "Colin McRae Rally", "Strike Force": part of a name
    for d in DOMAINS:  # civic words are no feature: training leaves civic BBC sentences out
        x = min(art.density[d], 20.0) / 20.0
        if x:
            f[f"d={d}"] = x
            f[f"t={lemma}&d={d}"] = x
        k = sum(w in lex[d] for w in uwords)
        if k:
            f[f"ud={d}"] = min(k, 3) / 3.0
    if art.scores:
        f["score"] = min(art.scores, 3) / 3.0
        f[f"t={lemma}&score"] = f["score"]
    if SCORE.search(unit):
        f["uscore"] = 1.0
    return f


STOPPAGE_LEMMAS = {"strike", "walkout"}


def _labour_stoppage(art: Article, start: int, end: int, word: str) -> bool:
    """A work stoppage named beside its workers or workplace ("a strike at a supplier", "a strike
    by dockworkers") is an event on a market page too; "strikes a deal", "strike a balance" are not."""
    if _lemma_of().get(word, word) not in STOPPAGE_LEMMAS:
        return False
    u0, u1 = art.units[_unit_of(art.units, start)]
    near = WORD.findall(art.low[max(u0, start - 40):start])[-LOCAL:] + WORD.findall(art.low[end:min(u1, end + 40)])[:LOCAL]
    from ..data import load_lexicon
    return bool(set(near) & load_lexicon("sense_labour"))


STREET_PROTEST_LEMMAS = {"protest", "protester", "demonstrate", "demonstration", "demonstrator", "picket"}


def _street_protest(art: Article, start: int, end: int, word: str) -> bool:
    """A protest word followed by where it stood ("fans protested outside the stadium") is a
    street protest on a sports page too."""
    if _lemma_of().get(word, word) not in STREET_PROTEST_LEMMAS:
        return False
    u0, u1 = art.units[_unit_of(art.units, start)]
    after = " ".join(WORD.findall(art.low[end:min(u1, end + 40)])[:LOCAL])
    from ..data import load_lexicon
    return any(after == cue or after.startswith(cue + " ") for cue in load_lexicon("sense_street"))


def find_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every trigger word form, common ones included."""
    from .prefilter import event_matches
    return event_matches(text, common=True)


# --- sports bodies' legal steps ---------------------------------------------------------------

# A doping hearing, a federation's ban or verdict, an appeal to a sports tribunal is no event
# (the record contract); detentions and protests are not judged here: police arresting an athlete
# stay. Pattern phrases ("cleared of", "appeared before") have no lexicon type and are covered.
GOVERNED_TYPES = frozenset({"ban", "trial", "charge", "conviction", "sentence", "investigation", "sanction"})
SPORT_PAGE = 4.0  # sport words per 100 words that make a sports page (as DomainRules.DENSITY)


def _cue_regex(cues: list[str]) -> re.Pattern | None:
    parts = [re.escape(c[:-1]) + r"\w*" if c.endswith("*") else re.escape(c) + r"(?:s|es)?"
             for c in sorted(cues, key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b") if parts else None


@functools.cache
def _governance() -> dict[str, re.Pattern | None]:
    from ..data import load_table
    kinds: dict[str, list[str]] = {}
    for cue, kind in load_table("sense_sport_governance"):
        kinds.setdefault(kind, []).append(cue.lower())
    return {k: _cue_regex(kinds.get(k, [])) for k in ("body", "sport_page", "state")}


@functools.cache
def _governed_forms() -> frozenset[str]:
    from ..data.triggers import trigger_index
    return frozenset(f for f, rows in trigger_index().items() if {r[2] for r in rows} <= GOVERNED_TYPES)


def sports_body_step(art: Article, unit: str, word: str) -> bool:
    """Is this hit a legal step of a sports body: a legal word (or a pattern phrase) in a sentence
    naming sports justice, and no police, prosecutor or court of the state beside it?"""
    if word in _lemma_of() and word not in _governed_forms():
        return False
    cues = _governance()
    body = cues["body"].search(unit) if cues["body"] else None
    if body is None and art.density.get("sport", 0.0) >= SPORT_PAGE and cues["sport_page"]:
        body = cues["sport_page"].search(unit)
    if body is None:
        return False
    if _lemma_of().get(word) == "ban":
        return True  # a ban beside sports justice is the body's ban, whoever else is named
    rest = cues["body"].sub(" ", unit) if cues["body"] else unit  # "Court of Arbitration for Sport"
    return not (cues["state"] and cues["state"].search(rest))


PLAY_LEMMAS = frozenset({"protest", "rally", "demonstrate", "march"})
PLAY_REACH = 40  # characters either side of the word


@functools.cache
def _play_cues() -> re.Pattern | None:
    from ..data import load_lexicon
    return _cue_regex(sorted(load_lexicon("sense_sport_play")))


def sport_play_step(art: Article, unit: str, start: int, end: int, word: str) -> bool:
    """Is this protest word part of the play on a sports page: a player's "protest" to the umpire,
    a 41-shot "rally", "rallying" from 5-3 down? The words next to it name the play (lexicons/
    sense_sport_play.txt) or give a score."""
    if _lemma_of().get(word, word) not in PLAY_LEMMAS or art.density.get("sport", 0.0) < SPORT_PAGE:
        return False
    u0 = next(a for a, b in art.units if a <= start < b)
    # near the word only: "fans protested ... before the match, which the home team won 2-0" stays
    near = unit[max(0, start - u0 - PLAY_REACH):start - u0] + " " + unit[end - u0:end - u0 + PLAY_REACH]
    cues = _play_cues()
    return bool(SCORE.search(near) or (cues and cues.search(near)))


def _section_label(text: str, start: int, end: int) -> bool:
    """An upper-case word opening a line and closed by a colon ("RALLY:", "STRIKE:") heads a
    round-up item; the item's own sentence says whether there is an event."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[start:end].isupper() and end - start > 2 and text[end:end + 1] == ":" and \
        not text[line_start:start].strip()


# --- judges -----------------------------------------------------------------------------------

class Judge(Protocol):
    name: str
    threshold: float    # a trigger whose word scores less is no event
    admit: float        # an article is parsed when a non-common word scores this much

    def probability(self, features: dict[str, float]) -> float: ...


class KeepAll:
    name, threshold, admit = "off", 0.0, 0.0

    def probability(self, features: dict[str, float]) -> float:
        return 1.0


class DomainRules:
    """No event sense where the article is dense in one domain's words, the sentence holds two of
    that domain's words or a score, and no civic word says otherwise."""
    name, threshold, admit = "rules", 0.5, 0.5
    DENSITY = 4.0  # domain words per 100 words that make a page of that domain

    def probability(self, f: dict[str, float]) -> float:
        if f.get("ud=civic"):
            return 1.0
        for d in DOMAINS:
            page = f.get(f"d={d}", 0.0) * 20.0 >= self.DENSITY
            if page and (f.get(f"ud={d}", 0.0) * 3 >= 2 or f.get("uscore")):  # two words of it
                return 0.0
        return 1.0


class Linear:
    """Logistic regression from a JSON file of weights (no pickle; see scripts/train_sense.py)."""
    name = "learned"

    def __init__(self, model: dict):
        self.weights: dict[str, float] = model["weights"]
        self.bias: float = model["bias"]
        self.threshold: float = model["threshold"]
        self.admit: float = max(model.get("admit", self.threshold), self.threshold)
        self.version: str = model.get("version", "")

    def probability(self, f: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in f.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def load_model(name: str = MODEL_FILE) -> Linear:
    path = files("protestwatch.data") / "models" / name
    return Linear(json.loads(path.read_text("utf-8")))


def get_judge(method: str) -> Judge:
    if method == "learned":
        return load_model()
    if method == "rules":
        return DomainRules()
    if method == "off":
        return KeepAll()
    raise ValueError(f"unknown sense method {method!r} (learned, rules or off)")


def judge(text: str, method: str = "learned", threshold: float | None = None, *,
          language: str = "en") -> ArticleSense:
    """Judge every trigger hit of `text`; `threshold` overrides the judge's own cut (the
    admission cut never falls below it). A Russian text is judged by rules only (extract/lang/ru.py
    reads the trigger lexicon): a trigger stem found admits it; `off` admits every text."""
    if language == "ru":
        from ..extract.lang.ru import trigger_hits
        hits = tuple(SenseHit(s, e, w, 0, False, 1.0, True, True) for s, e, w in trigger_hits(text))
        if method == "off" and not hits:
            hits = (SenseHit(0, 0, "", 0, False, 1.0, True, True),)
        return ArticleSense("rules" if method != "off" else "off", ((0, len(text)),), hits)
    j = get_judge(method)
    cut = j.threshold if threshold is None else threshold
    admit = max(j.admit, cut)
    art = article_evidence(text)
    common = _common_forms()
    hits = []
    for start, end, word in find_hits(text):
        p = j.probability(hit_features(art, start, end, word, text))
        if j.name != "off" and (_labour_stoppage(art, start, end, word) or _street_protest(art, start, end, word)):
            p = max(p, j.admit)  # the model's own cut: a stricter threshold setting still wins
        u0, u1 = art.units[_unit_of(art.units, start)]
        if j.name != "off" and _section_label(text, start, end):
            p = 0.0  # "RALLY: The Himalayan Rally ...": a news brief's heading names its topic
        if j.name != "off" and (sports_body_step(art, art.low[u0:u1], word)
                                or sport_play_step(art, art.low[u0:u1], start, end, word)):
            p = 0.0
        is_common = word in common
        hits.append(SenseHit(start, end, word, _unit_of(art.units, start), is_common, round(p, 4),
                             p >= cut, p >= admit and not is_common))
    return ArticleSense(j.name, art.units, tuple(hits))
