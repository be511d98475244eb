"""A region or a country named alone gets a centroid from the packaged data set (centroids.tsv, built
by scripts/build_centroids.py from Natural Earth shapes and GeoNames places), keeping its precision."""
from protestwatch.gazetteer import load_gazetteer


def test_a_region_named_alone_gets_its_centroid():
    place = load_gazetteer().lookup("Xinjiang")
    assert place.precision == "admin1" and place.country == "CN"
    assert 35 < place.lat < 49 and 73 < place.lon < 96  # inside Xinjiang's bounding box


def test_a_country_named_alone_gets_its_centroid():
    for name, (south, north, west, east) in {"China": (18, 54, 73, 135), "Kazakhstan": (40, 56, 46, 88),
                                              "Russia": (41, 82, 19, 180), "France": (41, 52, -5, 10)}.items():
        place = load_gazetteer().lookup(name)
        assert place.precision == "country", name
        assert south < place.lat < north and west < place.lon < east, (name, place.lat, place.lon)


def test_a_city_keeps_its_own_coordinates():
    place = load_gazetteer().lookup("Almaty")
    assert place.precision == "city" and round(place.lat, 1) == 43.3


def test_every_country_of_the_gazetteer_has_a_centroid():
    g = load_gazetteer()
    missing = [cc for cc in g.countries if (cc, "") not in g.centroids]
    assert len(missing) <= 5, missing  # only a few specks without shape or places


def test_a_country_named_by_its_demonym_gets_its_centroid():
    place = load_gazetteer().country_place("KZ")
    assert place.precision == "country" and place.name == "Kazakhstan" and 40 < place.lat < 56
