"""Shared by the rule tests: the events protestwatch extracts from a short text of the test's own."""
import protestwatch


def events_of(text: str, published: str) -> list[dict]:
    return protestwatch.extract(text, published=published).to_json()["events"]


def of_type(events: list[dict], etype: str) -> list[dict]:
    return [e for e in events if e["type"] == etype]
