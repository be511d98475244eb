"""Offline gazetteer lookups (contract: event.place, metonymy, state adjectives)."""
import pytest

from protestwatch.gazetteer import fold, load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


# (name, country hint, expected (name, admin1, country, precision))
PLACES = [
    ("Almaty", None, ("Almaty", "Almaty Qalasy", "KZ", "city")),
    ("Alma-Ata", None, ("Almaty", "Almaty Qalasy", "KZ", "city")),
    ("ALMATY", None, ("Almaty", "Almaty Qalasy", "KZ", "city")),
    ("Xinjiang", None, ("Xinjiang", "Xinjiang", "CN", "admin1")),
    ("Xinjiang Uyghur Autonomous Region", None, ("Xinjiang", "Xinjiang", "CN", "admin1")),
    ("Kazakhstan", None, ("Kazakhstan", None, "KZ", "country")),
    ("the United States", None, ("United States", None, "US", "country")),
    ("U.S.", None, ("United States", None, "US", "country")),
    ("Britain", None, ("United Kingdom", None, "GB", "country")),
    ("Russia", None, ("Russia", None, "RU", "country")),
    ("Iran", None, ("Iran", None, "IR", "country")),
    ("South Korea", None, ("South Korea", None, "KR", "country")),
    ("Syria", None, ("Syria", None, "SY", "country")),
    ("Kyrgyzstan", None, ("Kyrgyzstan", None, "KG", "country")),
    ("Belarus", None, ("Belarus", None, "BY", "country")),
    ("Georgia", None, ("Georgia", None, "GE", "country")),
    ("Georgia", "US", ("Georgia", "Georgia", "US", "admin1")),
    ("Bavaria", None, ("Bavaria", "Bavaria", "DE", "admin1")),
    ("Kiev", None, ("Kyiv", "Kyiv City", "UA", "city")),
    ("Tiflis", None, ("Tbilisi", "T'bilisi", "GE", "city")),
    ("Bombay", None, ("Mumbai", "Maharashtra", "IN", "city")),
    ("Peking", None, ("Beijing", "Beijing", "CN", "city")),
    ("Washington D.C.", None, ("Washington", "District of Columbia", "US", "city")),
    ("Moscow", None, ("Moscow", "Moscow", "RU", "city")),
    ("Munchen", None, ("Munich", "Bavaria", "DE", "city")),
    ("Springfield", "US", ("Springfield", "Missouri", "US", "city")),
    # Datelines
    ("ALMATY, Kazakhstan", None, ("Almaty", "Almaty Qalasy", "KZ", "city")),
    ("Moscow, Idaho", None, ("Moscow", "Idaho", "US", "city")),
]


@pytest.mark.parametrize("name, country, expected", PLACES)
def test_lookup(gaz, name, country, expected):
    place = gaz.lookup(name, country=country)
    assert place is not None
    assert (place.name, place.admin1, place.country, place.precision) == expected


def test_city_has_coordinates_and_id(gaz):
    place = gaz.lookup("Almaty")
    assert place.geonames_id == 1526384
    assert place.lat == pytest.approx(43.25, abs=0.05) and place.lon == pytest.approx(76.91, abs=0.05)


def test_hint_prefers_the_hinted_country(gaz):
    assert gaz.lookup("Springfield", country="US").country == "US"
    assert gaz.lookup("Moscow", country="US").admin1 == "Idaho"


@pytest.mark.parametrize("name", ["Almaty, Russia", "May", "Police", "police", "Court", "Protest", "Rustaveli Avenue", "Xyzzyville", ""])
def test_not_a_place(gaz, name):
    assert gaz.lookup(name) is None


@pytest.mark.parametrize("word, code", [
    ("Kazakh", "KZ"), ("Kazakhstan's", "KZ"), ("Kazakhstan\u2019s", "KZ"), ("Chinese", "CN"), ("China's", "CN"),
    ("Russian", "RU"), ("U.S.", "US"), ("American", "US"), ("Iranian", "IR"), ("Belarusian", "BY"),
    ("Kyrgyz", "KG"), ("British", "GB"), ("the United States", "US"), ("Britain", "GB"),
    ("Uyghur", None), ("Uighur", None), ("Beijing", None), ("Almaty", None), ("police", None),
])
def test_country_code(gaz, word, code):
    assert gaz.country_code(word) == code


@pytest.mark.parametrize("name, code", [
    ("Beijing", "CN"), ("Moscow", "RU"), ("Washington", "US"), ("Tehran", "IR"), ("Kremlin", "RU"),
    ("the Kremlin", "RU"), ("White House", "US"), ("Kiev", "UA"), ("Astana", "KZ"), ("Nur-Sultan", "KZ"),
    ("Almaty", None), ("Springfield", None), ("Xinjiang", None),
])
def test_capital_country(gaz, name, code):
    assert gaz.capital_country(name) == code


@pytest.mark.parametrize("code, name", [("CN", "China"), ("KZ", "Kazakhstan"), ("US", "United States"),
                                        ("ru", "Russia"), ("XX", None)])
def test_country_name(gaz, code, name):
    assert gaz.country_name(code) == name


def test_demonyms_cover_every_un_member(gaz):
    import pycountry

    # UN members are the ISO countries minus dependencies/observers; check the ones we list resolve.
    codes = {c for c in gaz.country_keys.values()}
    for code in ("AF", "ZW", "KZ", "KG", "TJ", "TM", "UZ", "BY", "GE", "AM", "AZ", "MN"):
        assert code in codes
    assert len({c.alpha_2 for c in pycountry.countries} & codes) >= 193


def test_fold():
    assert fold("  The  Almatý ") == "almaty"
    assert fold("Alma-Ata") == "alma ata"
    assert fold("U.S.") == "us"
