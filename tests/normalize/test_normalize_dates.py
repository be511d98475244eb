"""Date phrases resolved against the publication date (contract: event.date)."""
import pytest

from protestwatch.normalize.dates import resolve_date

PUB = "2020-08-04"  # a Tuesday

# (phrase, published, tense, expected (start, end, precision))
CASES = [
    ("late on August 3", PUB, "past", ("2020-08-03", None, "day")),
    ("earlier on August 3", PUB, "past", ("2020-08-03", None, "day")),
    ("early on August 3", PUB, "past", ("2020-08-03", None, "day")),
    ("August 3", PUB, "past", ("2020-08-03", None, "day")),
    ("on Aug. 3", PUB, "past", ("2020-08-03", None, "day")),
    ("on 3 August at 10 a.m.", PUB, "past", ("2020-08-03", None, "day")),
    ("Monday, August 3", PUB, "past", ("2020-08-03", None, "day")),
    ("on Monday", PUB, "past", ("2020-08-03", None, "day")),
    ("on Monday", PUB, "future", ("2020-08-10", None, "day")),
    ("last Monday", PUB, "past", ("2020-08-03", None, "day")),
    ("on Tuesday", PUB, "past", ("2020-08-04", None, "day")),
    ("Tuesday night", PUB, "past", ("2020-08-04", None, "day")),
    ("early Tuesday morning", PUB, "past", ("2020-08-04", None, "day")),
    ("on Saturday", PUB, "future", ("2020-08-08", None, "day")),
    ("next Saturday", PUB, "future", ("2020-08-08", None, "day")),
    ("on Saturday", PUB, "past", ("2020-08-01", None, "day")),
    ("yesterday", PUB, "past", ("2020-08-03", None, "day")),
    ("today", PUB, "past", ("2020-08-04", None, "day")),
    ("two days ago", PUB, "past", ("2020-08-02", None, "day")),
    ("last week", PUB, "past", ("2020-07-27", "2020-08-02", "week")),
    ("late last week", PUB, "past", ("2020-07-27", "2020-08-02", "week")),
    ("this week", PUB, "past", ("2020-08-03", "2020-08-09", "week")),
    ("next week", PUB, "future", ("2020-08-10", "2020-08-16", "week")),
    ("over the weekend", PUB, "past", ("2020-08-01", "2020-08-02", "range")),
    ("this weekend", PUB, "future", ("2020-08-08", "2020-08-09", "range")),
    ("last month", PUB, "past", ("2020-07", None, "month")),
    ("earlier this month", PUB, "past", ("2020-08", None, "month")),
    ("last year", PUB, "past", ("2019", None, "year")),
    ("in April", PUB, "past", ("2020-04", None, "month")),
    ("in April", PUB, "future", ("2021-04", None, "month")),
    ("in December", PUB, "past", ("2019-12", None, "month")),
    ("in mid-August", PUB, "past", ("2020-08", None, "month")),
    ("May", PUB, "past", ("2020-05", None, "month")),
    ("in August 2018", PUB, "past", ("2018-08", None, "month")),
    ("in 2018", PUB, "past", ("2018", None, "year")),
    ("2018", PUB, "past", ("2018", None, "year")),
    ("since December", PUB, "past", ("2019-12", "2020-08-04", "range")),
    ("since 2018", PUB, "past", ("2018", "2020-08-04", "range")),
    ("since March", PUB, "past", ("2020-03", "2020-08-04", "range")),  # the month, not a march
    ("since last August", PUB, "past", ("2019-08", "2020-08-04", "range")),
    ("last August", PUB, "past", ("2019-08", None, "month")),
    ("last May", PUB, "past", ("2020-05", None, "month")),
    ("next March", PUB, "future", ("2021-03", None, "month")),
    ("on June 4 last year", PUB, "past", ("2019-06-04", None, "day")),
    ("on Tuesday evening", PUB, "past", ("2020-08-04", None, "day")),
    ("for many months", PUB, "past", (None, "2020-08-04", "range")),
    ("for months", PUB, "past", (None, "2020-08-04", "range")),
    ("in recent months", PUB, "past", (None, "2020-08-04", "range")),
    ("for years", PUB, "past", (None, "2020-08-04", "range")),
    ("in recent years", PUB, "past", (None, "2020-08-04", "range")),
    ("for two years", PUB, "past", ("2018", "2020-08-04", "range")),
    ("on March 15, 2021", PUB, "past", ("2021-03-15", None, "day")),
    ("12 March 2021", PUB, "past", ("2021-03-12", None, "day")),
    ("2020-08-03", PUB, "past", ("2020-08-03", None, "day")),
    # Self-contained dates need no publication date.
    ("August 3, 2020", None, "past", ("2020-08-03", None, "day")),
    ("in 2018", None, "past", ("2018", None, "year")),
]

NOT_DATES = [("to", PUB), ("car", PUB), ("5", PUB), ("the 3rd", PUB), ("the police", PUB),
             ("a court", PUB), ("may", PUB), ("", PUB), ("yesterday", None), ("August 3", None)]


@pytest.mark.parametrize("phrase, published, tense, expected", CASES)
def test_resolve_date(phrase, published, tense, expected):
    value = resolve_date(phrase, published, tense=tense)
    assert value is not None
    assert (value.start, value.end, value.precision) == expected
    assert value.text == phrase


@pytest.mark.parametrize("phrase, published", NOT_DATES)
def test_no_date(phrase, published):
    assert resolve_date(phrase, published) is None


def test_published_with_time_is_accepted():
    assert resolve_date("yesterday", "2020-08-04T10:00:00").start == "2020-08-03"
