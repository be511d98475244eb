"""The record contract: records round-trip through JSON, and the names and enumerated values in
protestwatch.records / protestwatch.vocab are the ones ../shared/docs/event-record.md fixes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from protestwatch import records, vocab
from protestwatch.records import (Article, Chain, Crosswalk, DateValue, Entity, Event, Evidence, Extractor,
                                  Legal, Participant, Place, Quote, Result, Sentence, Size)

IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
TEXT = "Police detained activist Serik Azhibai outside the Chinese consulate in Almaty on Monday."


def full_result() -> Result:
    """A Result with every field of the contract filled."""
    article = Article(id="0" * 64, title="Activist detained", url="https://example.org/a", source="Test Wire",
                      published="2020-08-04", language="en", text=TEXT)
    event = Event(
        id="ev1", type="detention", subtype="detention", modality="alleged",
        date=DateValue(start="2020-08-03", end="2020-08-03", precision="day", text="on Monday"),
        place=Place(name="Almaty", venue="Chinese consulate", admin1="Almaty", country="KZ", lat=43.25, lon=76.91,
                    geonames_id=1526384, precision="venue"),
        participants=(Participant(role="detainee", name="Serik Azhibai", kind="person", entity="e1"),
                      Participant(role="authority", name="Police", kind="authority")),
        size=Size(low=1, high=1, text="one-man protest"), claims=("release of relatives",),
        sign_text=("Free our families",),
        legal=Legal(charges=("unsanctioned picket",), plea="not_guilty", outcome="guilty",
                    sentence=Sentence(kind="fine", term="P15D", days=15, amount=345.0, currency="USD",
                                      suspended=False)),
        evidence=(Evidence(field="type", start=7, end=15),), confidence=0.8,
        crosswalk=Crosswalk(plover={"event": "ARREST", "mode": None},
                            acled={"event_type": "Protests", "sub_event_type": None}, cameo="173"))
    return Result(
        article=article, events=(event,),
        entities=(Entity(id="e1", name="Serik Azhibai", kind="person", aliases=("Azhibai", "Azihibai"),
                         descriptors=("activist",), mentions=((25, 38),)),),
        quotes=(Quote(speaker="e1", speaker_name="Serik Azhibai", text="Free them", start=0, end=9),),
        chains=(Chain(entity="e1", events=("ev1",)),),
        extractor=Extractor(version="0.1.0", model="en_core_web_sm"))


def test_result_round_trips_through_json():
    res = full_result()
    wire = json.dumps(res.to_json())
    back = Result.model_validate(json.loads(wire))
    assert back == res
    assert back.to_json() == res.to_json()
    assert json.loads(wire)["events"][0]["legal"]["sentence"]["currency"] == "USD"


def test_empty_result_round_trips():
    res = Result(article=Article(id="x", text=""), extractor=Extractor(version="0"))
    assert Result.model_validate(json.loads(json.dumps(res.to_json()))) == res


def test_records_are_frozen():
    res = full_result()
    with pytest.raises(Exception):
        res.events[0].type = "protest"  # type: ignore[misc]


def test_unknown_enum_value_is_rejected():
    with pytest.raises(Exception):
        Event(id="ev1", type="picnic")
    with pytest.raises(Exception):
        Event(id="ev1", type="protest", modality="probably")


# --- the contract document --------------------------------------------------------------------

@pytest.fixture(scope="module")
def contract(shared_dir) -> str:
    path = shared_dir / "docs" / "event-record.md"
    if not path.exists():
        pytest.skip(f"{path} is absent: the contract lives in the team's ../shared/docs")
    return path.read_text("utf-8")


def _table(doc: str, heading: str) -> list[list[str]]:
    """Rows (cells) of the first Markdown table after `heading`, header and rule dropped."""
    part = doc.split(heading, 1)
    if len(part) < 2:
        pytest.skip(f"the contract has no {heading!r} section")
    rows = []
    for line in part[1].splitlines():
        line = line.strip()
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([c.strip() for c in line.strip("|").split("|")])
    if len(rows) < 3:
        pytest.skip(f"no table under {heading!r}")
    return rows[2:]


def _ticks(cell: str) -> list[str]:
    """Back-quoted identifiers in a cell; `{a, b}` counts as a and b."""
    out = []
    for tok in re.findall(r"`([^`]+)`", cell):
        parts = [p.strip() for p in tok.strip("{}").split(",")] if tok.startswith("{") else [tok]
        out += [p for p in parts if IDENT.match(p)]
    return out


def _enum_after(cell: str, name: str) -> list[str]:
    """Values listed after "`name` (" or "`name` in", up to the closing bracket or semicolon."""
    m = re.search(rf"`{name}`\s*(?:\(|in\s)([^);]*)", cell)
    assert m, f"no value list for `{name}` in {cell!r}"
    return _ticks(m.group(1))


@pytest.fixture(scope="module")
def event_rows(contract) -> dict[str, str]:
    rows = _table(contract, "## EVENT")
    return {_ticks(r[0])[0]: r[2] for r in rows if _ticks(r[0])}


@pytest.fixture(scope="module")
def type_rows(contract) -> dict[str, tuple[list[str], list[str]]]:
    return {_ticks(r[0])[0]: (_ticks(r[1]), _ticks(r[2])) for r in _table(contract, "## Types") if _ticks(r[0])}


def test_event_types_subtypes_and_roles_match_contract(type_rows):
    assert {t.value for t in vocab.EventType} == set(type_rows)
    assert set(vocab.SUBTYPES) == set(type_rows) == set(vocab.ROLES)
    for etype, (subtypes, roles) in type_rows.items():
        assert list(vocab.SUBTYPES[etype]) == subtypes, etype
        assert list(vocab.ROLES[etype]) == roles, etype


def test_event_fields_match_contract(event_rows):
    assert set(event_rows) <= set(Event.model_fields), sorted(set(event_rows) - set(Event.model_fields))


@pytest.mark.parametrize("row, name, enum", [
    ("date", "precision", vocab.Precision),
    ("place", "precision", vocab.PlacePrecision),
    ("participants", "kind", vocab.Kind),
    ("legal", "kind", vocab.SentenceKind),
])
def test_enum_values_match_contract(event_rows, row, name, enum):
    assert [e.value for e in enum] == _enum_after(event_rows[row], name)


def test_modality_values_match_contract(event_rows):
    assert [m.value for m in vocab.Modality] == _ticks(event_rows["modality"])


def test_plea_and_outcome_values_are_listed(event_rows):
    # records.Legal keeps plea/outcome as plain strings; the contract fixes their values.
    assert _enum_after(event_rows["legal"], "plea") == ["guilty", "not_guilty"]
    assert _enum_after(event_rows["legal"], "outcome") == ["guilty", "acquitted", "dismissed"]


# Nested objects of EVENT: the contract's sub-field names must be fields of these records. Extra
# names are dictionary keys (crosswalk) or values the text mentions (`type` in evidence).
NESTED = {
    "date": ({DateValue}, set()),
    "place": ({Place}, set()),
    "participants": ({Participant}, set()),
    "size": ({Size}, set()),
    "legal": ({Legal, Sentence}, set()),
    "evidence": ({Evidence}, {"type"}),
    "crosswalk": ({Crosswalk}, {"event", "mode", "event_type", "sub_event_type"}),
}


@pytest.mark.parametrize("row", sorted(NESTED))
def test_nested_field_names_match_contract(event_rows, row):
    models, extra = NESTED[row]
    cell = event_rows[row]
    enum_values = set()
    for name in ("precision", "kind", "plea", "outcome"):
        if re.search(rf"`{name}`\s*(?:\(|in\s)", cell):
            enum_values |= set(_enum_after(cell, name))
    names = set(_ticks(cell)) - enum_values - extra
    fields = set().union(*(m.model_fields for m in models))
    assert names <= fields, f"{row}: contract names {sorted(names - fields)} missing from {[m.__name__ for m in models]}"


def test_document_result_keys_match_contract(contract):
    block = re.search(r"## Document result\s+```json\n(.*?)```", contract, re.S)
    if not block:
        pytest.skip("the contract has no document-result example")
    keys = set(re.findall(r'"([a-z_]+)"\s*:', block.group(1)))
    fields = set().union(*(m.model_fields for m in (Result, Article, Entity, Quote, Chain, Extractor)))
    assert keys <= fields, sorted(keys - fields)
    assert {"article", "events", "entities", "quotes", "chains", "extractor"} <= set(Result.model_fields)


def test_vocab_is_the_only_enum_source():
    # records must take their enums from vocab, so the check above covers them.
    assert records.Modality is vocab.Modality and records.EventType is vocab.EventType


# --- real output --------------------------------------------------------------------------------

FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"


@pytest.mark.slow
def test_pipeline_output_is_contract_json():
    """Real extractions: JSON round trip, subtypes and roles of the event's type, evidence in range."""
    articles = sorted(FIXTURE_ARTICLES.glob("*.txt"))
    if not articles:
        pytest.skip("no fixture articles")
    import protestwatch

    problems = []
    for path in articles:
        res = protestwatch.extract(path.read_text("utf-8"), published="2020-08-04")
        wire = json.loads(json.dumps(res.to_json()))
        assert Result.model_validate(wire) == res, path.name
        n = len(res.article.text)
        for ev in wire["events"]:
            where = f"{path.name} {ev['id']} {ev['type']}/{ev['subtype']}"
            if ev["subtype"] is not None and ev["subtype"] not in vocab.SUBTYPES[ev["type"]]:
                problems.append(f"{where}: subtype not in the contract")
            problems += [f"{where}: role {p['role']!r}" for p in ev["participants"]
                         if p["role"] not in vocab.ROLES[ev["type"]]]
            if not any(e["field"] == "type" for e in ev["evidence"]):
                problems.append(f"{where}: no evidence for type")
            problems += [f"{where}: evidence {e} outside the text" for e in ev["evidence"]
                         if not 0 <= e["start"] < e["end"] <= n]
            legal = ev.get("legal") or {}
            if legal.get("plea") not in (None, "guilty", "not_guilty"):
                problems.append(f"{where}: plea {legal['plea']!r}")
            if legal.get("outcome") not in (None, "guilty", "acquitted", "dismissed"):
                problems.append(f"{where}: outcome {legal['outcome']!r}")
    assert not problems, "\n".join(problems)
