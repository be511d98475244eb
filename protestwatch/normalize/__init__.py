"""normalize stage: resolve the raw phrases of a Draft's mentions.

1. dates against the publication date (normalize/dates.py), with precision;
2. places through the offline gazetteer (normalize/places.py): the mention's own place, else the
   city of the same venue elsewhere in the article; the dateline city is geocoded for link;
3. sizes, sentence terms and fines (normalize/quantities.py);
4. participants naming a capital for its state ("Beijing" -> China) and state adjectives.
"""
from __future__ import annotations

from collections import Counter

from ..drafts import Draft, Mention
from ..records import Place, Size
from .dates import resolve_date
from .places import load_gazetteer
from .quantities import parse_money, parse_size, parse_term
ALONE = {"alone", "single-handedly", "by himself", "by herself"}


def normalize_draft(draft: Draft) -> Draft:
    """Return the draft with dates, places, sizes and legal quantities resolved."""
    gaz = load_gazetteer()
    published = draft.article.published
    hint = _country_hint(draft, gaz)
    if draft.dateline is not None:
        draft.dateline_place = gaz.lookup(draft.dateline.text, country=hint)
        if draft.dateline_place is not None and draft.dateline_place.country:
            hint = draft.dateline_place.country
    for m in draft.mentions:
        if m.date_phrase is not None:
            m.date = resolve_date(m.date_phrase.text, published, tense=m.tense)
        m.place = _place(m, gaz, hint)
        if m.size_phrase is not None:
            text = m.size_phrase.text
            m.size = parse_size(text) or (Size(low=1, high=1, text=text) if text.lower() in ALONE else None)
        if m.term_phrase is not None:
            term = parse_term(m.term_phrase.text.replace("-", " "))
            if term:
                m.term, m.days = term
        if m.money_phrase is not None:
            money = parse_money(m.money_phrase.text)
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


def _country_hint(draft: Draft, gaz) -> str | None:
    counts = Counter()
    for n in draft.names:
        if n.kind == "state":
            code = gaz.country_code(n.text)
            if code:
                counts[code] += 1
    return counts.most_common(1)[0][0] if counts else None


def _place(m: Mention, gaz, hint: str | None) -> Place | None:
    venue = m.venue.text if m.venue else None
    if m.place_phrase is None:
        return Place(venue=venue, precision="venue") if venue else None
    text = m.place_phrase.text
    place = gaz.lookup(text, country=hint)
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
