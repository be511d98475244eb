"""Does an incident match an alert? Plain values in, a yes or no out.

Person names match with the same spelling-variant rules as cases (`incidents.name_similarity`,
FULL_NAME_MATCH): Azhibai ~ Azhibay, a surname alone ~ the full name. Places match by their
normalised name (city, region or venue); types by type, and country when the alert names one.
"""
from __future__ import annotations

from collections.abc import Iterable

from .cases import FULL_NAME_MATCH
from .incidents import name_key, name_similarity

KINDS = ("person", "place", "type")


def person_matches(wanted: str, names: Iterable[str]) -> bool:
    key = name_key(wanted)
    if not key:
        return False
    for name in names:
        other = name_key(name or "")
        if other and (other == key or name_similarity(key, other) >= FULL_NAME_MATCH):
            return True
    return False


def matches(kind: str, value: str, country: str | None, incident: dict) -> bool:
    """`incident`: {"type", "country", "places": [...], "names": [...]} (names with aliases)."""
    if country and (incident.get("country") or "").upper() != country.upper():
        return False
    if kind == "person":
        return person_matches(value, incident.get("names") or ())
    if kind == "place":
        key = name_key(value)
        return bool(key) and any(name_key(p or "") == key for p in incident.get("places") or ())
    if kind == "type":
        return incident.get("type") == value
    raise ValueError(f"alert kind must be one of {', '.join(KINDS)}")
