"""Enumerations of the event-record contract (../shared/docs/event-record.md); values are the contract strings."""
from __future__ import annotations

from enum import StrEnum


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


SUBTYPES: dict[str, tuple[str, ...]] = {
    "protest": ("demonstration", "march", "rally", "picket", "solo_picket", "sit_in", "strike",
                "hunger_strike", "boycott", "vigil", "riot", "online"),
    "detention": ("arrest", "detention", "house_arrest", "internment", "abduction"),
    "investigation": (),
    "charge": ("administrative", "criminal"),
    "trial": ("hearing", "trial", "appeal"),
    "conviction": (),
    "sentence": (),
    "release": ("release", "pardon", "parole", "bail"),
    "police_violence": ("beating", "crowd_dispersal", "less_lethal", "shooting"),
    "ban": ("assembly_ban", "organization_ban", "censorship", "travel_ban", "deportation"),
    "diplomatic_protest": ("note", "summons", "statement"),
    "sanction": (),
}

ROLES: dict[str, tuple[str, ...]] = {
    "protest": ("protester", "organizer", "target"),
    "detention": ("detainee", "authority"),
    "investigation": ("suspect", "authority"),
    "charge": ("defendant", "authority"),
    "trial": ("defendant", "court"),
    "conviction": ("defendant", "court"),
    "sentence": ("defendant", "court"),
    "release": ("released", "authority"),
    "police_violence": ("victim", "perpetrator"),
    "ban": ("authority", "target"),
    "diplomatic_protest": ("actor", "target"),
    "sanction": ("actor", "target"),
}


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
