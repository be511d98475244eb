"""Crowd sizes, sentence lengths and money amounts as stated in text.

parse_size: exact numbers as stated; vague words by the Crowd Counting Consortium convention
  (dozens 24, scores 40, hundreds 200, thousands 2000, tens of thousands 20000, hundreds of
  thousands 200000, millions 2000000) as `low` with `high` null. "more than/over/at least N" gives
  N/null; "up to/as many as/fewer than N" gives null/N; "about/some/nearly/an estimated N" gives N/N.
parse_term: ISO 8601 duration as stated, and days = years*365 + months*30 + weeks*7 + days.
  Weeks alone stay weeks ("three weeks" -> "P3W", 21); weeks mixed with other units become days.
  Fractions carry down: 2.5 years -> P2Y6M, 1.5 months -> P1M15D. "life" and other non-lengths
  give None.
parse_money: amount and ISO 4217 code from symbols, codes and currency words
  (protestwatch/data/lexicons/currencies.tsv).
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from ..records import Size

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
          "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000,
           "billion": 1_000_000_000, "k": 1000, "mln": 1_000_000, "m": 1_000_000, "bn": 1_000_000_000}
_WORD = "|".join(sorted(list(_UNITS) + ["dozen", "hundred", "thousand", "million", "billion"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# One number: digits (with commas, decimals, an optional scale word) or a run of number words.
NUMBER = (rf"(?:(?:{_DIGITS})(?:\s*(?:thousand|million|billion|mln|bn|k|m)\b)?"
          rf"|(?:(?:a|an|half a)\s+)?(?:{_WORD})(?:(?:\s+|-|\s+and\s+)(?:{_WORD}))*)")

# CCC convention for vague crowd words, most specific first.
_VAGUE = (
    (r"hundreds of thousands", 200_000),
    (r"tens of thousands", 20_000),
    (r"millions", 2_000_000),
    (r"(?:several|a few|many) thousand|thousands", 2_000),
    (r"(?:several|a few|many) hundred|hundreds", 200),
    (r"scores", 40),
    (r"(?:several|a few|many) dozen|dozens", 24),
)
_SOLO = re.compile(r"\b(?:one|1|single)[\s-](?:man|woman|person)\b|\bsolo\b|\blone\b|"
                   r"\bsingle\s+(?:protester|picketer|demonstrator|activist)\b")
_LOWER = re.compile(r"\b(?:more than|over|at least|upwards of|in excess of|no fewer than|no less than|"
                    r"not less than|beyond|well over|some\s+\d[\d,]*\s*\+?)\s*$")
_UPPER = re.compile(r"\b(?:up to|as many as|fewer than|less than|under|no more than|not more than|at most)\s*$")


def _norm(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return " ".join(text.split())


def parse_number(text: str) -> float | None:
    """Value of one number expression: "1,500", "1.5 million", "twenty-three", "a dozen"."""
    s = _norm(text).replace(" and ", " ").replace("-", " ").strip()
    if not s:
        return None
    m = re.fullmatch(rf"({_DIGITS})\s*([a-z]+)?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            if m.group(2) not in _SCALES:
                return None
            value *= _SCALES[m.group(2)]
        return value
    words = s.split()
    if words[:2] == ["half", "a"]:
        half, words = True, words[2:]
    else:
        half = False
    if words and words[0] in ("a", "an"):
        words = ["one"] + words[1:]
    total, current, seen = 0, 0, False
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w == "dozen" or w == "hundred":
            current = (current or 1) * _SCALES[w]
        elif w in ("thousand", "million", "billion"):
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = float(total + current)
    return value / 2 if half else value


def _int(value: float | None) -> int | None:
    return None if value is None else int(round(value))


def parse_size(phrase: str) -> Size | None:
    """Crowd size as stated: Size(low, high, text) or None when the phrase holds no count."""
    if not phrase:
        return None
    s = _norm(phrase)
    if _SOLO.search(s):
        return Size(low=1, high=1, text=phrase)
    m = re.search(rf"(?:between\s+)?({NUMBER})\s*(?:-|to|and|or)\s*({NUMBER})\b", s)
    if m and (m.group(0).startswith("between") or not m.group(0).split()[-2:-1] == ["and"]):
        low, high = parse_number(m.group(1)), parse_number(m.group(2))
        if low is not None and high is not None and low < high:
            # "1.5 to 2 million": the scale of the second applies to the first.
            if high >= 1000 and low < 1000 and not re.search(r"hundred|thousand|million|billion|dozen|,", m.group(1)):
                scale = next((v for k, v in _SCALES.items() if re.search(rf"\b{k}\b", m.group(2))), 1)
                low *= scale
            return Size(low=_int(low), high=_int(high), text=phrase)
    for pattern, value in _VAGUE:
        vm = re.search(rf"\b(?:{pattern})\b", s)
        if vm and not re.search(rf"(?:{_DIGITS})\s*$", s[: vm.start()]):
            return Size(low=value, high=None, text=phrase)
    # Ages ("a 20-year-old") and other measures are not counts.
    m = re.search(rf"\b({NUMBER})(?=\s|$|[^\w])(?![\s-]*(?:year|month|week|day|hour|minute|percent|%))", s)
    if not m:
        return None
    value = _int(parse_number(m.group(1)))
    if value is None or (value == 1 and re.match(r"\s+of\b", s[m.end():])):  # "one of many"
        return None
    before = s[: m.start()]
    if _LOWER.search(before) or re.match(r"\s*\+|\s+or more\b|\s+plus\b", s[m.end():]):
        return Size(low=value, high=None, text=phrase)
    if _UPPER.search(before):
        return Size(low=None, high=value, text=phrase)
    return Size(low=value, high=value, text=phrase)


# -- terms -----------------------------------------------------------------------------------
_UNIT = {"year": "Y", "yr": "Y", "month": "M", "week": "W", "day": "D"}
_TERM_PART = re.compile(
    rf"(?P<num>(?:{_DIGITS})(?:\s+1/2)?|{NUMBER}(?:\s+and\s+a\s+half)?|half\s+an?|an?)\s+"
    r"(?P<unit>year|yr|month|week|day)s?\b(?P<half>\s+and\s+a\s+half)?")


def parse_term(phrase: str) -> tuple[str, int] | None:
    """Length as stated: ("P2Y6M", 910) for "two and a half years"; None for "life" or no length."""
    if not phrase:
        return None
    s = _norm(phrase).replace("\u00bd", " 1/2").replace("-", " ")
    s = re.sub(r"(\d)\s*1/2\b", r"\1 1/2", s)
    parts = {"Y": 0.0, "M": 0.0, "W": 0.0, "D": 0.0}
    found = False
    for m in _TERM_PART.finditer(s):
        num = m.group("num").strip()
        half = 0.5 if m.group("half") else 0.0
        if num.startswith("half"):
            value = 0.5
        elif num in ("a", "an"):
            value = 1.0
        elif num.endswith(" 1/2"):
            value = float(num[:-4]) + 0.5
        elif num.endswith("and a half"):
            base = parse_number(num[: -len("and a half")])
            value = None if base is None else base + 0.5
        else:
            value = parse_number(num)
        if value is None:
            continue
        parts[_UNIT[m.group("unit")]] += value + half
        found = True
    if not found:
        return None
    years, months, weeks, days = parts["Y"], parts["M"], parts["W"], parts["D"]
    # Carry fractions down: 2.5 years -> 2 years 6 months; 1.5 months -> 1 month 15 days.
    months += (years - int(years)) * 12
    years = int(years)
    days += (months - int(months)) * 30
    months = int(months)
    if weeks and not (years or months or days) and weeks == int(weeks):
        weeks = int(weeks)
        return f"P{weeks}W", weeks * 7
    days = int(round(days + weeks * 7))
    iso = "P" + "".join(f"{n}{u}" for n, u in ((years, "Y"), (months, "M"), (days, "D")) if n)
    if iso == "P":
        return None
    return iso, years * 365 + months * 30 + days


# -- money -----------------------------------------------------------------------------------
@functools.cache
def _currencies() -> tuple[dict[str, str], set[str], tuple[re.Pattern, ...]]:
    words: dict[str, str] = {}
    digits_only: set[str] = set()
    path = resources.files("protestwatch").joinpath("data", "lexicons", "currencies.tsv")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            word, code, *flags = line.rstrip("\n").split("\t")
            forms = {word.lower()}
            if word[-1].isalpha() and not word.endswith("s"):
                forms.add(word.lower() + "s")
            for form in forms:
                words[form] = code
                if "digits" in flags:
                    digits_only.add(form)
    # Symbols come before the amount ("$345"), words after it; ISO codes either side but only in
    # capitals, since several are English words (ALL, CUP).
    before = [w for w in words if not w[0].isalpha() or not w[-1].isalpha() or w == "rs"]
    alt_before = "|".join(re.escape(w) for w in sorted(before, key=len, reverse=True))
    alt_after = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    codes = "|".join(sorted(set(words.values())))
    patterns = (
        re.compile(rf"(?<![\w$])(?P<cur>{alt_before})\s*(?P<amt>{NUMBER})", re.I),
        re.compile(rf"\b(?P<cur>{codes})\s*(?P<amt>{NUMBER})"),
        re.compile(rf"(?P<amt>{NUMBER})\s+(?:of\s+)?(?P<cur>{alt_after})(?!\w)", re.I),
        re.compile(rf"(?P<amt>{NUMBER})\s*(?P<cur>{codes})\b"),
    )
    words.update({code.lower(): code for code in set(words.values())})
    return words, digits_only, patterns


def parse_money(phrase: str) -> tuple[float, str] | None:
    """(amount, ISO 4217) for "20,000 tenge", "$345", "US$1,000", "1.5 million rupees"; else None."""
    if not phrase:
        return None
    words, digits_only, patterns = _currencies()
    s = " ".join(phrase.replace("\u00a0", " ").split())
    found = []
    for pattern in patterns:
        for m in pattern.finditer(s):
            cur = " ".join(m.group("cur").lower().split())
            amount_text = m.group("amt").strip()
            if cur in digits_only and not amount_text[0].isdigit():
                continue
            amount = parse_number(amount_text)
            if amount is not None and cur in words:
                found.append((m.start(), amount, words[cur]))
    if not found:
        return None
    # The first amount stated wins: "50,000 tenge ($120)" is tenge.
    _, amount, code = min(found)
    return amount, code
