"""Session 5 precision rules (issue 10, points 2 and 3), each on a short text of its own (not from
any gold file): a demand, a summons' purpose, quoted rhetoric, an awaited event and a banned kind
of event are no events; the same happening told twice is one event."""
import pytest

import protestwatch

pytestmark = pytest.mark.slow


def _events(text: str, published: str) -> list[dict]:
    return protestwatch.extract(text, published=published).to_json()["events"]


def _of_type(events, etype):
    return [e for e in events if e["type"] == etype]


def test_what_a_government_is_called_on_to_do_is_no_event():
    text = "On Wednesday, the Dutch Embassy in Tbilisi called on the Georgian government to free political prisoners."
    events = _events(text, "2023-03-08")
    assert len(_of_type(events, "diplomatic_protest")) == 1  # the call itself is the embassy's statement
    assert not _of_type(events, "release")


def test_a_release_that_happened_stays():
    text = "On Tuesday, the Belarusian authorities released three jailed journalists in Minsk."
    assert len(_of_type(_events(text, "2023-03-08"), "release")) == 1


def test_the_purpose_of_a_summons_is_no_protest():
    text = "On Monday, Armenia's Foreign Ministry summoned the embassy's chargé d'affaires to protest what it called interference."
    events = _events(text, "2023-03-08")
    assert len(_of_type(events, "diplomatic_protest")) == 1
    assert not _of_type(events, "protest")


def test_a_quoted_possibility_is_no_detention():
    text = ('"They can detain every one of us, but our voices will be heard," the activist Lena Marsh told '
            'reporters outside the town hall in Graz on Monday.')
    assert not _of_type(_events(text, "2023-03-08"), "detention")


def test_an_event_a_protest_waits_for_is_no_event():
    text = ("Relatives of the miners said on Monday they would keep up a sit-in outside the regional "
            "prosecutor's office in Karaganda until all detained miners were released.")
    events = _events(text, "2023-03-08")
    assert not _of_type(events, "release")


def test_a_kind_of_event_a_law_bans_did_not_happen():
    text = ("Public rallies have been banned in the capital since 2019 under a decree of the president. "
            "Police on Monday detained Omar Said, a lawyer, in Tashkent.")
    events = _events(text, "2023-03-08")
    assert _of_type(events, "ban")
    assert not _of_type(events, "protest")
