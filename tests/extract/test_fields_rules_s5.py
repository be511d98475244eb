"""Session 5 rules for issue 11 (fields a reviewer can trust), each on a text of its own."""
from __future__ import annotations

import protestwatch


def _events(text: str, etype: str, published: str = "2024-05-14") -> list[dict]:
    result = protestwatch.extract(text, published=published).model_dump(mode="json")
    return [ev for ev in result["events"] if ev["type"] == etype]


def test_would_in_the_second_half_of_a_reported_clause_is_a_plan():
    text = ("Police in Accra detained 14 marchers on Sunday. A police spokesman said the march was illegal "
            "and that the detainees would appear in court on Tuesday.")
    hearings = _events(text, "trial", published="2024-05-13")  # a Monday
    assert hearings and all(ev["modality"] == "planned" for ev in hearings)
    assert hearings[0]["date"]["start"] == "2024-05-14"  # the coming Tuesday, not the last one
