"""Enumerations of the event-record contract (../shared/docs/event-record.md); values are the contract strings.

Facts about each event type (subtypes, roles, stage, default subtype, colour, scope, crosswalk) live
in one table, data/event_types.json; SUBTYPES, ROLES and EVENT_TYPES here are read from it."""
from __future__ import annotations

import json
from enum import StrEnum
from importlib.resources import files


class EventType(StrEnum):
    PROTEST = "protest"
    DETENTION = "detention"
    INVESTIGATION = "investigation"
    CHARGE = "charge"
    TRIAL = "trial"
    CONVICTION = "conviction"
    SENTENCE = "sentence"
    RELEASE = "release"
    POLICE_VIOLENCE = "police_violence"
    BAN = "ban"
    DIPLOMATIC_PROTEST = "diplomatic_protest"
    SANCTION = "sanction"


EVENT_TYPES: dict[str, dict] = {
    k: v for k, v in json.loads((files("protestwatch.data") / "event_types.json").read_text("utf-8")).items()
    if not k.startswith("_")}
SUBTYPES: dict[str, tuple[str, ...]] = {t: tuple(row["subtypes"]) for t, row in EVENT_TYPES.items()}
ROLES: dict[str, tuple[str, ...]] = {t: tuple(row["roles"]) for t, row in EVENT_TYPES.items()}
# a person's case moves through these, in order (types with no stage are no case step)
STAGES: tuple[str, ...] = tuple(sorted((t for t, r in EVENT_TYPES.items() if r["stage"] is not None),
                                       key=lambda t: EVENT_TYPES[t]["stage"]))
DEFAULT_SUBTYPE: dict[str, str] = {t: r["default_subtype"] for t, r in EVENT_TYPES.items() if r["default_subtype"]}
ALWAYS_POLITICAL: frozenset[str] = frozenset(t for t, r in EVENT_TYPES.items() if r["scope"] == "political")
COLOURS: dict[str, str] = {t: r["colour"] for t, r in EVENT_TYPES.items()}
# the roles a verb's subject and object take ("police detained X"), and which of them "X's <event>"
# and "<event> of X" name ("the students' protest": who protests; "Navalny's arrest": who is held)
AGENT_ROLE: dict[str, str] = {t: r["agent_role"] for t, r in EVENT_TYPES.items()}
PATIENT_ROLE: dict[str, str] = {t: r["patient_role"] for t, r in EVENT_TYPES.items()}
POSSESSOR_ACTS: frozenset[str] = frozenset(t for t, r in EVENT_TYPES.items() if r["possessor"] == "agent")
# where it happens: at a scene the sentence names, or at the seat of the institution acting
SCENE_TYPES: frozenset[str] = frozenset(t for t, r in EVENT_TYPES.items() if r["place"] == "scene")
PLACED_TYPES: frozenset[str] = frozenset(t for t, r in EVENT_TYPES.items() if r["place"] in ("scene", "seat"))
CLAIM_TYPES: frozenset[str] = frozenset(t for t, r in EVENT_TYPES.items() if r["claims"])
PERSON_CENTRED: frozenset[str] = frozenset(t for t, r in EVENT_TYPES.items() if r["person_centred"])


def gold_types(corpus: str) -> dict[str, tuple[str, ...]]:
    """A gold corpus's type names -> our types (one name may stand for several), in table order."""
    out: dict[str, tuple[str, ...]] = {}
    for t, r in EVENT_TYPES.items():
        for name in r["gold_types"].get(corpus, ()):
            out[name] = out.get(name, ()) + (t,)
    return out


def crosswalk_row(etype: str, subtype: str | None) -> dict | None:
    """The first crosswalk row of `etype` matching `subtype` ("*" matches any)."""
    for row in EVENT_TYPES.get(etype, {}).get("crosswalk", ()):
        if row["subtype"] in ("*", subtype):
            return row
    return None


class Modality(StrEnum):
    ASSERTED = "asserted"
    ALLEGED = "alleged"
    DENIED = "denied"
    PLANNED = "planned"
    THREATENED = "threatened"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class Scope(StrEnum):
    POLITICAL = "political"
    ORDINARY = "ordinary"


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


class PlacePrecision(StrEnum):
    VENUE = "venue"
    CITY = "city"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    UNKNOWN = "unknown"


class Kind(StrEnum):
    PERSON = "person"
    GROUP = "group"
    ORGANIZATION = "organization"
    STATE = "state"
    AUTHORITY = "authority"


class SentenceKind(StrEnum):
    CUSTODIAL = "custodial"
    FINE = "fine"
    PROBATION = "probation"
    COMMUNITY_SERVICE = "community_service"
    RESTRICTED_FREEDOM = "restricted_freedom"
    BAN = "ban"
    DEATH = "death"
    OTHER = "other"
