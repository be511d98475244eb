"""Russian phrases for the shared resolvers: dates, crowd sizes, terms and fines are read word by
word into English through lexicons/ru/words.tsv (by form, else by pymorphy3 lemma), so one set of
calendar and number rules serves both languages; place names in any case form («в Казани») go to
the nominative (pymorphy3), then through gazetteer/ru_aliases.tsv or a transliteration (iuliia,
Wikipedia schema) to the gazetteer's spelling. The resolved values keep the original Russian text.
"""
from __future__ import annotations

import functools
import re

from ..data import _lines, load_table
from ..records import DateValue, Size
from .dates import resolve_date
from .quantities import parse_money, parse_size, parse_term

_TOKEN = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*")




@functools.cache
def _morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@functools.cache
def _words() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table("ru/words") if len(row) >= 2}


def lemma(word: str) -> str:
    return _morph().parse(word.lower())[0].normal_form


# a negated comparison is the opposite bound: "не менее 15" is at least 15, "не более 20" up to 20
_NOT_COMPARED = ((re.compile(r"\bне\s+(?:менее|меньше)\b", re.IGNORECASE), "не_менее"),
                 (re.compile(r"\bне\s+(?:более|больше)\b", re.IGNORECASE), "не_более"))
_NOT_COMPARED += ((re.compile(r"\bс\s+половиной\b", re.IGNORECASE), "с_половиной"),)
_NOT_COMPARED_EN = {"не_менее": "at least", "не_более": "up to", "с_половиной": "and a half"}


def to_english(phrase: str) -> str:
    """"около 50 человек" -> "about 50 people"; words the table lacks are dropped."""
    words = _words()
    out = []
    for pattern, mark in _NOT_COMPARED:
        phrase = pattern.sub(mark, phrase)
    for tok in re.findall(r"не_(?:менее|более)|с_половиной|" + _TOKEN.pattern, phrase):
        if tok in _NOT_COMPARED_EN:
            out.append(_NOT_COMPARED_EN[tok])
            continue
        if tok[0].isdigit():
            out.append(re.sub(r"[ \u00a0\u202f]", "", tok).replace(",", "."))
            continue
        low = tok.lower()
        english = words.get(low) or words.get(lemma(low))
        if english:
            out.append(english)
    return " ".join(out)


def _day_month(english: str) -> str:
    """"3 may 2024 year" -> "may 3 2024": the order the English date rules read."""
    english = re.sub(r"\b(\d{4}) years?\b", r"\1", english)
    return re.sub(r"\b(\d{1,2}) (january|february|march|april|may|june|july|august|september|october|"
                  r"november|december)\b", r"\2 \1", english)


MONTHS_EN = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december"}


def resolve_date_ru(phrase: str, published: str | None, *, tense: str = "past") -> DateValue | None:
    # "2020 year" -> "2020"; "last year" keeps its unit
    english = re.sub(r"(\d) year$", r"\1", _day_month(to_english(phrase)).replace("years", "year"))
    # month names capitalised: the English rules read a lower-case "may" or "march" as the verb
    english = " ".join(w.capitalize() if w in MONTHS_EN else w for w in english.split())
    date = resolve_date(english, published, tense=tense) if english else None
    return date.model_copy(update={"text": phrase}) if date else None


def parse_size_ru(phrase: str) -> Size | None:
    english = to_english(phrase)
    if english and not any(ch.isdigit() for ch in english) and "people" not in english:
        english += " people"
    size = parse_size(english) if english else None
    return size.model_copy(update={"text": phrase}) if size else None


def parse_term_ru(phrase: str) -> tuple[str, int] | None:
    return parse_term(to_english(phrase))


def parse_money_ru(phrase: str) -> tuple[float, str] | None:
    english = to_english(phrase)
    english = re.sub(r"(\d+(?:\.\d+)?) thousand", lambda m: str(int(float(m.group(1)) * 1000)), english)
    return parse_money(english)


@functools.cache
def _aliases() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table_gazetteer("ru_aliases") if len(row) >= 2}


def load_table_gazetteer(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in _lines(f"gazetteer/{name}.tsv"))


def nominative(phrase: str) -> str:
    """«Нижнем Новгороде» -> "нижний новгород": each word's dictionary form, a place reading first."""
    out = []
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", phrase):
        parts = []
        for part in word.split("-"):
            parses = _morph().parse(part.lower())
            geo = next((p for p in parses if "Geox" in p.tag), None)
            pick = geo or parses[0]
            # a place name the dictionary does not know keeps its stem: "Жанаозене" -> "жанаозен"
            parts.append(pick.normal_form if pick.tag.POS in ("NOUN", "ADJF") or geo else part.lower())
        out.append("-".join(parts))
    return " ".join(out)


def place_query(phrase: str) -> str:
    """The gazetteer query for a Russian place phrase: «в Казани» -> "Kazan"."""
    import iuliia

    name = nominative(phrase)
    alias = _aliases().get(name)
    if alias:
        return alias
    return iuliia.WIKIPEDIA.translate(name.title())
