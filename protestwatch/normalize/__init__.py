"""normalize stage: resolve the raw phrases of a Draft's mentions.

1. dates against the publication date (normalize/dates.py), with precision;
2. places through the offline gazetteer (protestwatch/gazetteer.py): the mention's own place, else the
   city of the same venue elsewhere in the article; the dateline city is geocoded for link;
3. sizes, sentence terms and fines (normalize/quantities.py);
4. participants naming a capital for its state ("Beijing" -> China) and state adjectives.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter

from ..data import load_table
from ..drafts import Draft, Mention
from ..gazetteer import fold, load_gazetteer
from ..records import DateValue, Place, Size
from .dates import resolve_date
from .places import local_to_story, qualified_place
from .quantities import parse_money, parse_size, parse_term


class _Readers:
    """The phrase readers of one language: the shared English ones, or normalize/ru.py's."""

    def __init__(self, language: str | None):
        if language == "ru":
            from . import ru
            self.date, self.size, self.term, self.money = (ru.resolve_date_ru, ru.parse_size_ru,
                                                           ru.parse_term_ru, ru.parse_money_ru)
            self.place_query = ru.place_query
        else:
            self.date, self.size, self.term, self.money = resolve_date, parse_size, parse_term, parse_money
            self.place_query = None


ALONE = {"alone", "single-handedly", "by himself", "by herself"}


def normalize_draft(draft: Draft) -> Draft:
    """Return the draft with dates, places, sizes and legal quantities resolved."""
    gaz = load_gazetteer()
    read = _Readers(draft.article.language)
    published = draft.article.published
    hint = _country_hint(draft, gaz)
    region = _dateline_region(draft) if draft.dateline is not None else None
    context = _context(draft, gaz, region)
    venues = [m.venue for m in draft.mentions if m.venue is not None]  # where a town may be read off a venue
    region_place = gaz.lookup(region, context=context) if region else None
    # "ATHENS, Ga.": "Georgia" in the story is that state, not the country
    told = {fold(region_place.name): region_place.country} if region_place is not None and region_place.name else {}
    if draft.dateline is not None:
        draft.dateline_place = (region and gaz.lookup(f"{draft.dateline.text}, {region}", context=context)) \
            or gaz.lookup(draft.dateline.text, context=context)
        if draft.dateline_place is not None and draft.dateline_place.country:
            hint = draft.dateline_place.country
    previous = None
    by_span: dict[tuple[int, int], object] = {}  # one phrase shared by several mentions: one date
    for m in draft.mentions:
        if m.date_phrase is not None:
            key = (m.date_phrase.start, m.date_phrase.end)
            if key in by_span:
                m.date = by_span[key]
            else:
                m.date = read.date(m.date_phrase.text, published, tense=m.tense) \
                    or _date_before_term(m.date_phrase.text, published, m.tense, read) or _anaphoric(m, previous)
                by_span[key] = m.date
            if m.date_offset_days:
                m.date = _shifted(m.date, m.date_offset_days)
            if m.date_offset_years:
                m.date = _years_back(m.date, m.date_offset_years)
            if m.date is not None and m.date.precision in ("day", "year") and not m.date_inherited:
                previous = m.date
            if _planned_in_the_past(m, published):
                m.modality, m.tense = "asserted", "past"  # "the anniversary of the 2011 protests"
        m.place = _place(m, gaz, context, venues, told, read.place_query, draft.article.text)
        if m.size_phrase is not None:
            text = m.size_phrase.text
            m.size = read.size(text) or (Size(low=1, high=1, text=text) if text.lower() in ALONE else None)
        if m.term_phrase is not None:
            term = read.term(m.term_phrase.text.replace("-", " "))
            if term:
                m.term, m.days = term
        if m.money_phrase is not None:
            # "5,000 rupees" in a Sri Lankan story: the story's own rupees before India's
            money = _money_in_country(m, hint) if _bare_unit(m.money_phrase.text) else None
            money = money or read.money(m.money_phrase.text) or _money_in_country(m, hint)
            if money:
                m.amount, m.currency = money
        for arg in m.args:
            if arg.kind == "state":
                code = gaz.capital_country(arg.name) if arg.role not in ("protester", "detainee") else None
                code = code or (gaz.country_code(arg.name) if " " not in arg.name.strip() else None)
                if code and gaz.country_name(code):
                    arg.name = gaz.country_name(code)
    _fill_venue_cities(draft)
    return draft


@functools.cache
def _adjectives() -> dict[str, str]:
    """ISO2 -> the first demonym listed for it ("KE" -> "Kenyan"): names a bare "shillings"."""
    out: dict[str, str] = {}
    for row in load_table("demonyms"):
        if len(row) >= 2:
            out.setdefault(row[1], row[0])
    return out


SHARED_UNITS = {"rupee", "rupees", "dinar", "dinars", "shilling", "shillings", "peso", "pesos", "franc", "francs",
                "pound", "pounds", "dollar", "dollars", "krona", "kronor", "krone", "kroner", "riyal", "riyals",
                "rial", "rials", "lira", "lire", "won", "dirham", "dirhams", "leu", "lei", "manat", "som"}


def _date_before_term(phrase: str, published: str | None, tense: str, read) -> DateValue | None:
    """"sentenced on Wednesday to four years": the tagger's one date phrase is a day and a term;
    the day is the date."""
    head, sep, tail = phrase.partition(" to ")
    if not sep or not head.strip() or parse_term(tail.strip()) is None:
        return None
    return read.date(head, published, tense=tense)


def _planned_in_the_past(m: Mention, published: str | None) -> bool:
    """A plan dated by its own phrase in a year before publication is a past event: the modality of
    the clause around it ("would march on the anniversary of the 2011 protests") is not its own."""
    return (m.modality == "planned" and not m.date_inherited and m.date is not None and bool(m.date.start)
            and m.date.precision == "year" and bool(published) and m.date.start[:4] < published[:4])


def _bare_unit(phrase: str) -> bool:
    """"5,000 rupees": a currency name several countries use, with no country named."""
    words = phrase.lower().split()
    return len(words) >= 2 and words[-1] in SHARED_UNITS and not any(w[0].isalpha() for w in words[:-1]
                                                                       if w not in ("million", "billion", "thousand"))


def _money_in_country(m: Mention, hint: str | None):
    """"20,000 shillings" in a Kenyan story is Kenyan shillings: retry with the country's adjective."""
    code = (m.place.country if m.place and m.place.country else None) or hint
    adjective = _adjectives().get(code or "")
    if not adjective:
        return None
    amount, _, unit = m.money_phrase.text.rpartition(" ")
    return parse_money(f"{amount} {adjective} {unit}") if amount else None


@functools.cache
def _anaphoric_dates() -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2]) for row in load_table("anaphoric_dates")}


def _anaphoric(m: Mention, previous: DateValue | None) -> DateValue | None:
    """"Earlier in the day", "the following year": counted from the last event dated before it."""
    phrase = " ".join(m.date_phrase.text.lower().split()).strip(" ,.")
    for lead in ("on ", "in ", "by ", "until "):
        phrase = phrase.removeprefix(lead)
    rule = _anaphoric_dates().get(phrase)
    if rule is None or previous is None or not previous.start:
        return None
    offset, unit = rule
    start = previous.start
    if unit == "year":
        return DateValue(start=f"{int(start[:4]) + offset:04d}", precision="year", text=m.date_phrase.text)
    if previous.precision != "day":
        return None
    day = dt.date.fromisoformat(start[:10]) + dt.timedelta(days=offset)
    return DateValue(start=day.isoformat(), precision="day", text=m.date_phrase.text)


def _shifted(date: DateValue | None, days: int) -> DateValue | None:
    """The date `days` away from a day-precision date ("a day after" it); others stay unknown."""
    if date is None or date.precision != "day" or not date.start:
        return None
    day = dt.date.fromisoformat(date.start[:10]) + dt.timedelta(days=days)
    return DateValue(start=day.isoformat(), precision="day", text=date.text)


def _years_back(date: DateValue | None, years: int) -> DateValue | None:
    """The same day or month `years` away ("four years since" a Sunday: that date four years before)."""
    if date is None or date.precision not in ("day", "month", "year") or not date.start:
        return None
    year = int(date.start[:4]) + years
    rest = date.start[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return DateValue(start=f"{year:04d}{rest}", precision=date.precision, text=date.text)


def _country_hint(draft: Draft, gaz) -> str | None:
    counts = Counter()
    for n in draft.names:
        if n.kind == "state":
            code = gaz.country_code(n.text)
            if code:
                counts[code] += 1
    return counts.most_common(1)[0][0] if counts else None


DATELINE_REGION = re.compile(r",[ \t]*([A-Z][A-Za-z.' \-]{1,40}?)[ \t]*(?:\(|--|—|–|-[ \t]|,)")


def _dateline_region(draft: Draft) -> str | None:
    """The state or country after the dateline's city: "ATHENS, Ga. (AP) --" -> "Ga."."""
    m = DATELINE_REGION.match(draft.article.text, draft.dateline.end)
    return m.group(1).strip() if m else None


def _context(draft: Draft, gaz, region: str | None) -> dict[str, float]:
    """Country shares of the article's place names and nationality words (see
    Gazetteer.country_context): what an ambiguous place name resolves against. The dateline's
    state or country ("ATHENS, Ga.") counts too: it says which Georgia the story means."""
    words = [n.text for n in draft.names if n.kind == "state"]
    if region:
        words.append(region)
    words += [m.place_phrase.text for m in draft.mentions if m.place_phrase is not None and not m.place_inherited]
    return gaz.article_context(words, draft.article.text, dateline=draft.dateline.text if draft.dateline else None)


def _in_venue(phrase, venues: list) -> bool:
    return any(v.start <= phrase.start < v.end for v in venues)


def _place(m: Mention, gaz, context: dict[str, float], venues: list, told: dict[str, str],
           query=None, article_text: str = "") -> Place | None:
    venue = m.venue.text if m.venue else None
    if m.place_phrase is None:
        return Place(venue=venue, precision="venue") if venue else None
    text = query(m.place_phrase.text) if query else m.place_phrase.text  # «в Казани» -> "Kazan"
    named = told.get(fold(text))  # the dateline's own state, named again
    # "Springfield, Virginia": the Springfield in Virginia
    place = qualified_place(article_text, m.place_phrase, gaz, context) if article_text and not query else None
    if place is None:
        place = gaz.lookup(text, country=named, context=context) if named else gaz.lookup(text, context=context)
        if place is not None and not named and not _in_venue(m.place_phrase, venues):
            place = local_to_story(place, text, gaz, context)
    if place is None and " in " in text:  # "the Presidential Secretariat in Colombo"
        place = gaz.lookup(text.rpartition(" in ")[2], context=context)
    if _in_venue(m.place_phrase, venues):
        # a town read off the venue's name ("Tehran University"): a known city of the story's
        # countries, or no place stated ("Supreme Court" is not in Supreme, Louisiana)
        if place is None or not gaz.is_big_city(place) or not context.get(place.country or ""):
            m.place_phrase = None
            return Place(venue=venue, precision="venue")
    if place is None:
        code = gaz.country_code(text)
        if code:
            place = Place(name=gaz.country_name(code), country=code, precision="country")
    if place is None:
        return Place(venue=venue, precision="venue") if venue else None
    if venue:
        place = place.model_copy(update={"venue": venue, "precision": "venue"})
    return place


def _fill_venue_cities(draft: Draft) -> None:
    """A venue named without its city ("in front of the consulate") takes the city it has elsewhere."""
    cities = {}
    for m in draft.mentions:
        if m.venue is not None and m.place is not None and m.place.name:
            cities.setdefault(m.venue.text.lower().removeprefix("the "), m.place)
    for m in draft.mentions:
        if m.venue is not None and (m.place is None or not m.place.name):
            key = m.venue.text.lower().removeprefix("the ")
            for vkey, place in cities.items():
                if key == vkey or key.endswith(vkey) or vkey.endswith(key):
                    m.place = place.model_copy(update={"venue": m.venue.text, "precision": "venue"})
                    break
