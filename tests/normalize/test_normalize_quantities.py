"""Crowd sizes, sentence terms and money amounts (contract: event.size, legal.sentence)."""
import pytest

from protestwatch.normalize.quantities import parse_money, parse_number, parse_size, parse_term

# (phrase, expected (low, high))
SIZES = [
    ("one-man protest", (1, 1)),
    ("single-person protest", (1, 1)),
    ("solo picket", (1, 1)),
    ("lone protester", (1, 1)),
    ("more than 200", (200, None)),
    ("over 200", (200, None)),
    ("at least 200", (200, None)),
    ("more than 1,000 people", (1000, None)),
    ("up to 500", (None, 500)),
    ("about 30", (30, 30)),
    ("some 30", (30, 30)),
    ("around 30", (30, 30)),
    ("nearly 30", (30, 30)),
    ("30", (30, 30)),
    ("200 people", (200, 200)),
    ("some 2,000 people", (2000, 2000)),
    ("between 100 and 150", (100, 150)),
    ("100 to 150", (100, 150)),
    ("100-150", (100, 150)),
    ("two or three", (2, 3)),
    ("1.5 to 2 million", (1_500_000, 2_000_000)),
    ("a dozen", (12, 12)),
    ("two dozen", (24, 24)),
    ("five", (5, 5)),
    ("twenty-three", (23, 23)),
    ("one hundred and twenty", (120, 120)),
    ("1,500", (1500, 1500)),
    ("1.5 million", (1_500_000, 1_500_000)),
    ("an estimated 1 million", (1_000_000, 1_000_000)),
    ("dozens", (24, None)),
    ("a few dozen people", (24, None)),
    ("scores", (40, None)),
    ("hundreds", (200, None)),
    ("hundreds of protesters", (200, None)),
    ("several hundred", (200, None)),
    ("thousands", (2000, None)),
    ("tens of thousands", (20_000, None)),
    ("hundreds of thousands", (200_000, None)),
    ("millions", (2_000_000, None)),
]


@pytest.mark.parametrize("phrase, expected", SIZES)
def test_parse_size(phrase, expected):
    size = parse_size(phrase)
    assert size is not None
    assert (size.low, size.high) == expected
    assert size.text == phrase


@pytest.mark.parametrize("phrase", ["", "the police", "a crowd", "nobody", "a 20-year-old", "one of many Kazakhs"])
def test_parse_size_none(phrase):
    assert parse_size(phrase) is None


TERMS = [
    ("15 days", ("P15D", 15)),
    ("10 days", ("P10D", 10)),
    ("15-day", ("P15D", 15)),
    ("two years", ("P2Y", 730)),
    ("two-year prison term", ("P2Y", 730)),
    ("14 months", ("P14M", 420)),
    ("six months' probation", ("P6M", 180)),
    ("two and a half years", ("P2Y6M", 910)),
    ("two-and-a-half-year", ("P2Y6M", 910)),
    ("2 1/2 years", ("P2Y6M", 910)),
    ("2.5 years", ("P2Y6M", 910)),
    ("a year and six months", ("P1Y6M", 545)),
    ("a year and a half", ("P1Y6M", 545)),
    ("half a year", ("P6M", 180)),
    ("1.5 months", ("P1M15D", 45)),
    ("one year, three months and 10 days", ("P1Y3M10D", 465)),
    ("three weeks", ("P3W", 21)),
    ("three weeks and two days", ("P23D", 23)),
]


@pytest.mark.parametrize("phrase, expected", TERMS)
def test_parse_term(phrase, expected):
    assert parse_term(phrase) == expected


@pytest.mark.parametrize("phrase", ["life", "life imprisonment", "a fine", ""])
def test_parse_term_none(phrase):
    assert parse_term(phrase) is None


MONEY = [
    ("20,000 tenge", (20000.0, "KZT")),
    ("a fine of 20,000 tenge", (20000.0, "KZT")),
    ("fined 50,000 tenge ($120)", (50000.0, "KZT")),
    ("$345", (345.0, "USD")),
    ("$2.5 million", (2_500_000.0, "USD")),
    ("US$1,000", (1000.0, "USD")),
    ("1,000 dollars", (1000.0, "USD")),
    ("HK$500", (500.0, "HKD")),
    ("5,000 rubles", (5000.0, "RUB")),
    ("5,000 roubles", (5000.0, "RUB")),
    ("five thousand rubles", (5000.0, "RUB")),
    ("5,000 Belarusian rubles", (5000.0, "BYN")),
    ("€200", (200.0, "EUR")),
    ("200 euros", (200.0, "EUR")),
    ("1.5m euros", (1_500_000.0, "EUR")),
    ("£50", (50.0, "GBP")),
    ("50 pounds", (50.0, "GBP")),
    ("20 Egyptian pounds", (20.0, "EGP")),
    ("1.5 million rupees", (1_500_000.0, "INR")),
    ("100 yuan", (100.0, "CNY")),
    ("100 renminbi", (100.0, "CNY")),
    ("500 lari", (500.0, "GEL")),
    ("1000 som", (1000.0, "KGS")),
    ("2,000 hryvnias", (2000.0, "UAH")),
    ("300 lira", (300.0, "TRY")),
    ("100 manat", (100.0, "AZN")),
    ("1,000 dram", (1000.0, "AMD")),
    ("500 Iraqi dinars", (500.0, "IQD")),
    ("KZT 20,000", (20000.0, "KZT")),
    ("20,000 KZT", (20000.0, "KZT")),
]


@pytest.mark.parametrize("phrase, expected", MONEY)
def test_parse_money(phrase, expected):
    assert parse_money(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "nothing", "one real problem", "all 200 protesters", "Belarusian rubles"])
def test_parse_money_none(phrase):
    assert parse_money(phrase) is None


@pytest.mark.parametrize("text, value", [("1,500", 1500), ("1.5 million", 1_500_000), ("twenty-three", 23),
                                         ("a dozen", 12), ("half a dozen", 6), ("car", None)])
def test_parse_number(text, value):
    assert parse_number(text) == value
