"""Merging mentions keeps the finest place: a town over its region over its country, now that
regions and countries carry centroid coordinates too."""
from protestwatch.link.events import geo_rank
from protestwatch.gazetteer import load_gazetteer


def test_a_town_outranks_its_region_and_country_though_all_have_coordinates():
    g = load_gazetteer()
    town, region, country = g.lookup("Almaty"), g.lookup("Xinjiang"), g.lookup("Kazakhstan")
    assert None not in (town.lat, region.lat, country.lat)
    assert geo_rank(town) > geo_rank(region) > geo_rank(country) > 0
    assert geo_rank(g.lookup("Moscow")) == geo_rank(town)  # a city named like its region is a city
