"""Place names read in the article's context: "Springfield, Virginia" is the Virginian one; an
ambiguous name none of whose candidates lies in the country the story is about ("marched in
Miramar" in a story all about Havana) is a local place of that country the gazetteer lacks, not
the namesake abroad (which stays an alternative for review)."""
from __future__ import annotations

import re

from ..drafts import Span
from ..records import Place, PlaceAlternative

# ", Virginia", ", Va.", ", New South Wales" right after the place phrase
QUALIFIER = re.compile(r",[ \t]*([A-Z][A-Za-z.'\-]+(?:[ \t][A-Z][A-Za-z.'\-]+){0,2})")
# a country holding this share of the article's place words is the story's country
STORY_SHARE = 0.5


def qualified_place(text: str, phrase: Span, gaz, context: dict[str, float]) -> Place | None:
    """The place of "Springfield, Virginia": the phrase followed by a region or country that
    holds a place of that name; None when no such region follows."""
    m = QUALIFIER.match(text, phrase.end)
    if m is None:
        return None
    return gaz.lookup_within(phrase.text, m.group(1), context=context)


def story_country(context: dict[str, float]) -> str | None:
    if not context:
        return None
    code, share = max(context.items(), key=lambda kv: kv[1])
    return code if share >= STORY_SHARE else None


def local_to_story(place: Place, name: str, gaz, context: dict[str, float]) -> Place:
    """A city abroad that the story never otherwise mentions, for an ambiguous name: the name
    stays, placed in the story's country (its centroid, precision country); the namesake abroad
    becomes the first alternative."""
    code = story_country(context)
    if code is None or place.precision != "city" or not place.country or context.get(place.country):
        return place
    if not place.alternatives or gaz.country_code(name):
        return place  # one candidate only: the gazetteer's single reading stands
    country = gaz.country_place(code)
    if country is None:
        return place
    rejected = PlaceAlternative(**place.model_dump(exclude={"venue", "alternatives"}))
    return Place(name=name, country=code, lat=country.lat, lon=country.lon, precision="country",
                 venue=place.venue, alternatives=(rejected, *(place.alternatives or ()))[:4])
