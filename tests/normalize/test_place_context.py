"""Ambiguous place names resolve in the article's context; the other candidates are kept (issue 11)."""
import pytest

from protestwatch.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _ctx(gaz, *words, dateline=None):
    return gaz.country_context(list(words), dateline=dateline)


def test_a_metropolis_beats_a_town_of_its_name_even_in_the_towns_country(gaz):
    # a story filed from Miami about Cuba: the capital, not Havana, Illinois
    place = gaz.lookup("Havana", context=_ctx(gaz, "Cuban", "Miami", dateline="Miami"))
    assert (place.country, place.precision) == ("CU", "city")
    assert {a.country for a in place.alternatives} == {"US"}  # Illinois and Florida, for review
    assert all(a.lat is not None and a.geonames_id for a in place.alternatives)


def test_a_country_named_in_a_us_story_is_still_the_country(gaz):
    place = gaz.lookup("Cuba", context=_ctx(gaz, "Miami", "Florida", dateline="Miami"))
    assert (place.name, place.country, place.precision) == ("Cuba", "CU", "country")


@pytest.mark.parametrize("name, words, country, admin1", [
    ("Alexandria", ["Egyptian", "Cairo"], "EG", None),
    ("Alexandria", ["Virginia", "American", "Arlington"], "US", "Virginia"),
    ("Georgia", ["Tbilisi", "Georgian"], "GE", None),
    ("Georgia", ["Atlanta", "American"], "US", "Georgia"),
    ("Santiago", ["Chilean"], "CL", None),
    ("Santiago", ["Cuban", "Havana", "Cuba"], "CU", None),
    ("Victoria", ["Canadian", "Vancouver"], "CA", "British Columbia"),
    ("Victoria", ["Australian", "Melbourne"], "AU", None),
    ("Kazan", ["Russian", "Moscow"], "RU", None),
    ("Kazan'", [], "RU", None),
])
def test_context_picks_the_candidate(gaz, name, words, country, admin1):
    place = gaz.lookup(name, context=_ctx(gaz, *words))
    assert place is not None and place.country == country
    if admin1:
        assert place.admin1 == admin1
    assert place.alternatives or name.endswith("'")  # the other readings stay reviewable


def test_an_ambiguous_name_gives_no_context_of_its_own(gaz):
    # "Georgia" is a country and a US state: it counts for neither
    assert _ctx(gaz, "Georgia") == {}
    assert _ctx(gaz, "Egyptian", "Cairo", dateline="Washington") == pytest.approx({"EG": 2 / 3, "US": 1 / 3})


def test_an_unambiguous_name_has_no_alternatives(gaz):
    assert gaz.lookup("Bishkek").alternatives is None
