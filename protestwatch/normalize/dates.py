"""Date phrases ("late on August 3", "last week", "since December") to records.DateValue.

Relative phrases resolve against the publication date. Calendar arithmetic that dateparser gets
wrong or cannot express (weekdays on the publication day, whole weeks and months, weekends,
"since ...", open-ended spans such as "for many months") is done here; anything else that names a
date goes to dateparser, with RELATIVE_BASE = publication date and PREFER_DATES_FROM by tense.

Conventions (documented choices):
- weekday: past tense = latest such day on or before publication; future tense = the next one on or
  after publication ("next Monday": strictly after).
- month without a year: past = most recent such month not after publication; future = the next
  one (the publication month itself counts in both).
- "last week" / "this week": Monday..Sunday, precision week; "over the weekend": Saturday..Sunday,
  precision range; "since X": start X, end publication, precision range; "for (many) months",
  "in recent years": precision range, end publication, start null (or N units back when a number
  is given: "for two years" starts two years before publication, at year/month/day granularity).
- no date word at all (bare numbers, "to", "car") returns None.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from ..records import DateValue
from ..vocab import Precision

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "a couple of": 2, "a few": 3, "several": 3}

# Modifiers that say nothing about which day: stripped from the front, repeatedly.
_LEAD = re.compile(
    r"^(?:(?:late|early|earlier|later|sometime|some time|again|first|only|just|as early as|as late as|"
    r"starting|beginning|from|on|in|by|at|during|until|till|through|throughout|before|after|of|the|over|"
    r"around|about|circa|mid|the middle of|the end of|the start of|the beginning of)\b[\s,-]*)+")
_TIME_OF_DAY = re.compile(
    r"\b(?:(?:late|early)\s+)?(?:night|morning|evening|afternoon|overnight|noon|midnight|midday|"
    r"dawn|daybreak|hours)\b|\bat\s+\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?|"
    r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\blocal time\b|\b(?:GMT|UTC)\b")
_DATE_WORD = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)}|{_MONTH_RE}|yesterday|today|tonight|tomorrow|ago|weekend|"
    r"week|weeks|month|months|year|years|decade|decades|fortnight)\b|\b(?:1[89]|20)\d\d\b|"
    r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_OPEN_SPAN = re.compile(
    r"^(?:for|in|over|during|throughout|within)\s+(?:the\s+)?(?:(?:many|several|recent|past|last|"
    r"previous|few|some|a few|(?P<num>\d+|[a-z]+(?: of)?))\s+)*(?P<unit>days|weeks|months|years|decades)$")
_WEEKEND = re.compile(r"^(?:(?:over|during|on|at|for)\s+)?(?:the\s+|this\s+|last\s+|past\s+|next\s+|"
                      r"coming\s+)?weekend$")
_REL_UNIT = re.compile(r"^(?:(?:earlier|later|late|early)\s+)?(?:(?:in|during|over)\s+)?(?:the\s+)?"
                       r"(?P<rel>last|this|past|previous|next|coming|current)\s+(?P<unit>week|month|year)$")
_WEEKDAY = re.compile(rf"^(?P<rel>last|this|next|this coming|coming|past)?\s*(?P<day>{'|'.join(WEEKDAYS)})"
                      r"(?:,?\s+(?P<rest>.+))?$")
_MONTH_ONLY = re.compile(rf"^(?P<mon>{_MONTH_RE})$")
_YEAR_ONLY = re.compile(r"^(?P<year>(?:1[89]|20)\d\d)$")


def _iso(d: dt.date, precision: Precision) -> str:
    if precision == Precision.YEAR:
        return f"{d.year:04d}"
    if precision == Precision.MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


# "planned for Friday", "scheduled for March 3": a day, unlike "for many months"
_FOR_DAY = re.compile(r"^for\s+(?=(?:next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                      r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)")


def _clean(phrase: str) -> str:
    s = phrase.lower().replace("\u2019", "'").strip(" \t\n,.;:()\"'")
    s = _FOR_DAY.sub("", s)
    s = _TIME_OF_DAY.sub(" ", s)
    s = " ".join(s.split())
    # Weekday fillers such as "Tuesday, August 4": keep both, dateparser handles them.
    for _ in range(3):
        s2 = _LEAD.sub("", s).strip(" ,")
        if s2 == s:
            break
        s = s2
    return s


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, 1)


def _weekday(pub: dt.date, day: int, rel: str | None, tense: str) -> dt.date:
    if rel in ("next", "coming", "this coming") or (tense == "future" and rel not in ("last", "past")):
        delta = (day - pub.weekday()) % 7
        if rel in ("next",) and delta == 0:
            delta = 7
        return pub + dt.timedelta(days=delta)
    return pub - dt.timedelta(days=(pub.weekday() - day) % 7)


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text.removesuffix(" of"))


@functools.lru_cache(maxsize=64)
def _parser(published: str, prefer: str):
    from dateparser.date import DateDataParser  # slow import: only when a phrase needs it

    base = dt.datetime.fromisoformat(published)
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": False})


def resolve_date(phrase: str, published: str | None, *, tense: str = "past") -> DateValue | None:
    """Resolve a date phrase against the publication date (ISO "YYYY-MM-DD"); None if no date."""
    if not phrase or not phrase.strip():
        return None
    return _resolve(phrase, published[:10] if published else None, tense)


@functools.lru_cache(maxsize=4096)
def _resolve(phrase: str, published: str | None, tense: str) -> DateValue | None:
    raw = " ".join(phrase.lower().replace("\u2019", "'").split()).strip(" ,.;:")
    pub = dt.date.fromisoformat(published) if published else None

    def value(start, end=None, precision=Precision.DAY):
        return DateValue(start=start, end=end, precision=precision, text=phrase)

    # "since December": from then until publication.
    m = re.match(r"^(?:ever\s+)?since\s+(.+)$", raw)
    if m:
        # the original case of the rest: "since March" names the month, not a march
        rest = re.sub(r"^\s*(?:ever\s+)?since\s+", "", phrase.strip(), flags=re.I)
        inner = _resolve(rest, published, "past")
        if inner is None or inner.start is None:
            return None
        return value(inner.start, published, Precision.RANGE)

    # "on June 4 last year": that day of the year before publication.
    m = re.match(r"^(?:on\s+)?(?P<day>.*\S)\s+(?:of\s+)?last\s+year$", raw)
    if m and pub and _MONTH_ONLY.match(_clean(m.group("day")).split()[0] if _clean(m.group("day")) else ""):
        day = re.sub(r"^\s*on\s+", "", phrase.strip(), flags=re.I)
        day = re.sub(r"\s+(?:of\s+)?last\s+year\s*$", "", day, flags=re.I)
        found = _resolve(f"{day} {pub.year - 1}", published, tense)
        return None if found is None else found.model_copy(update={"text": phrase})

    # "for many months", "in recent years", "for two years": open span ending at publication.
    m = _OPEN_SPAN.match(raw)
    if m and pub:
        n, unit = _number(m.group("num")), m.group("unit")
        if m.group("num") and n is None:
            return None
        start = None
        if n:
            if unit == "years":
                start = _iso(pub.replace(year=pub.year - n, day=1), Precision.YEAR)
            elif unit == "decades":
                start = _iso(pub.replace(year=pub.year - 10 * n, day=1), Precision.YEAR)
            elif unit == "months":
                start = _iso(_add_months(pub, -n), Precision.MONTH)
            else:
                start = (pub - dt.timedelta(days=n * (7 if unit == "weeks" else 1))).isoformat()
        return value(start, published, Precision.RANGE)

    s = _clean(phrase)
    if not s or not _DATE_WORD.search(s):
        return None
    # A lone lower-case "may" or "march" is the verb, not the month.
    if s in ("may", "march") and s.capitalize() not in phrase:
        return None

    if pub is not None:
        if _WEEKEND.match(s) or _WEEKEND.match(raw):
            future = tense == "future" or re.search(r"\b(next|coming)\b", s)
            if future:
                sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
            else:
                sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
            return value(sat.isoformat(), (sat + dt.timedelta(days=1)).isoformat(), Precision.RANGE)

        m = _REL_UNIT.match(s) or _REL_UNIT.match(raw)
        if m:
            rel, unit = m.group("rel"), m.group("unit")
            shift = -1 if rel in ("last", "past", "previous") else 1 if rel in ("next", "coming") else 0
            if unit == "week":
                monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
                return value(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), Precision.WEEK)
            if unit == "month":
                return value(_iso(_add_months(pub, shift), Precision.MONTH), None, Precision.MONTH)
            return value(f"{pub.year + shift:04d}", None, Precision.YEAR)

        m = _WEEKDAY.match(s)
        if m and (not m.group("rest") or not _DATE_WORD.search(m.group("rest"))):
            d = _weekday(pub, WEEKDAYS.index(m.group("day")), m.group("rel"), tense)
            return value(d.isoformat())

        # "last August": the latest August before this month; "next March": the first after it
        rel = re.match(r"^(last|next)\s+(.+)$", s)
        if rel and _MONTH_ONLY.match(rel.group(2)):
            mon = _MONTH_ONLY.match(rel.group(2)).group("mon")
            month = _MONTH_ABBR[mon[:4].rstrip(".") if mon.startswith("sept") else mon[:3]]
            year = pub.year - (month >= pub.month) if rel.group(1) == "last" else pub.year + (month <= pub.month)
            return value(f"{year:04d}-{month:02d}", None, Precision.MONTH)

        m = _MONTH_ONLY.match(s)
        if m:
            month = _MONTH_ABBR[m.group("mon")[:4].rstrip(".") if m.group("mon").startswith("sept")
                                else m.group("mon")[:3]]
            year = pub.year
            if tense == "future":
                year += month < pub.month
            else:
                year -= month > pub.month
            return value(f"{year:04d}-{month:02d}", None, Precision.MONTH)

    m = _YEAR_ONLY.match(s)
    if m:
        return value(m.group("year"), None, Precision.YEAR)

    if pub is None:
        # Without a publication date only self-contained dates resolve (no "yesterday").
        if not re.search(r"\b(?:1[89]|20)\d\d\b", s):
            return None
        published_for_parser, prefer = "2000-01-01", "past"
    else:
        published_for_parser, prefer = published, ("future" if tense == "future" else "past")
    data = _parser(published_for_parser, prefer).get_date_data(s)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "week":
        monday = d - dt.timedelta(days=d.weekday())
        return value(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), Precision.WEEK)
    precision = {"year": Precision.YEAR, "month": Precision.MONTH}.get(period, Precision.DAY)
    # dateparser reads a bare day number as a month ("5" -> May): refuse digits without a month word.
    if precision != Precision.YEAR and not re.search(rf"\b{_MONTH_RE}|\b(?:yesterday|today|tonight|tomorrow|ago)\b|"
                                                      r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|"
                                                      rf"\b(?:{'|'.join(WEEKDAYS)})\b", s):
        return None
    return value(_iso(d, precision), None, precision)
