"""Within-document event coreference and supposed events, on short texts of our own."""
import pytest

import protestwatch

pytestmark = pytest.mark.slow


def _events(text: str, published: str) -> list[dict]:
    return protestwatch.extract(text, published=published).to_json()["events"]


def test_a_rally_named_five_times_is_one_protest():
    text = ("TBILISI, Georgia -- Thousands of people rallied outside parliament in Tbilisi on Sunday against a "
            "proposed media law. The rally was the largest in the capital this year. Speakers at the rally called "
            "on the president to veto the bill. \"We will not give up,\" said Nino Beridze, a student who joined "
            "the rally with her classmates. Police watched the protest from a distance, and the rally ended "
            "peacefully after midnight.")
    protests = [e for e in _events(text, "2024-04-15") if e["type"] == "protest"]
    assert len(protests) == 1
    assert protests[0]["modality"] == "asserted"


def test_a_police_warning_gives_one_threatened_event_and_no_planned_rally():
    text = ("MINSK -- The Interior Ministry warned on Friday that unauthorised gatherings would be broken up "
            "and their organisers detained. Officials said anyone who took part in a protest would face charges.")
    events = _events(text, "2024-05-10")
    assert not [e for e in events if e["type"] == "protest"]
    assert all(e["modality"] in ("threatened", "hypothetical") for e in events)


def test_a_march_only_named_as_a_condition_is_no_event():
    text = ("BANGKOK -- About 50 supporters gathered outside the court on Tuesday. Police warned they would be "
            "arrested if they marched to Government House, and the group dispersed peacefully.")
    events = _events(text, "2024-03-06")
    marches = [e for e in events if e["type"] == "protest" and e["modality"] != "asserted"]
    assert not marches
    assert [e for e in events if e["type"] == "detention" and e["modality"] == "hypothetical"]


def test_those_detained_are_the_detention_already_told():
    text = ("ISTANBUL -- Turkish police detained 11 people at a vigil in Istanbul on Saturday. Those detained "
            "were taken to a police station in Beyoglu. All of them were released on Sunday.")
    detentions = [e for e in _events(text, "2024-10-28") if e["type"] == "detention"]
    assert len(detentions) == 1
