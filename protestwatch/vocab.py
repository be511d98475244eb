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
