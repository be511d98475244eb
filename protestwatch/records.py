"""Typed records of the event-record contract (../shared/docs/event-record.md).

Field names are the contract's JSON keys. Records are frozen; stages return new objects
(`model_copy(update=...)`). `Result.model_dump(mode="json")` is the contract's document result.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .vocab import EventType, Kind, Modality, PlacePrecision, Precision, Scope, SentenceKind


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, use_enum_values=True)


class Article(Record):
    id: str = Field(description="sha256 of the normalised text")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = Field(None, description="ISO date of publication")
    language: str | None = "en"
    text: str = Field(description="the text that evidence offsets point into")


class DateValue(Record):
    start: str | None = None
    end: str | None = None
    precision: Precision = Precision.UNKNOWN
    text: str | None = None


class PlaceAlternative(Record):
    """Another gazetteer record the place's name may stand for, kept for review."""
    name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: PlacePrecision = PlacePrecision.UNKNOWN


class Place(Record):
    name: str | None = None
    venue: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: PlacePrecision = PlacePrecision.UNKNOWN
    # other candidates of an ambiguous name, best first (issue 11); absent when unambiguous
    alternatives: tuple[PlaceAlternative, ...] | None = None


class Participant(Record):
    role: str
    name: str
    kind: Kind
    entity: str | None = None


class Size(Record):
    low: int | None = None
    high: int | None = None
    text: str | None = None


class Sentence(Record):
    kind: SentenceKind | None = None
    term: str | None = None
    days: int | None = None
    amount: float | None = None
    currency: str | None = None
    suspended: bool | None = None


class Legal(Record):
    charges: tuple[str, ...] = ()
    plea: str | None = None
    outcome: str | None = None
    sentence: Sentence | None = None


class Evidence(Record):
    field: str
    start: int
    end: int


class Crosswalk(Record):
    plover: dict[str, str | None] | None = None
    acled: dict[str, str | None] | None = None
    cameo: str | None = None


class Event(Record):
    id: str
    type: EventType
    subtype: str | None = None
    modality: Modality = Modality.ASSERTED
    date: DateValue = DateValue()
    place: Place = Place()
    participants: tuple[Participant, ...] = ()
    size: Size | None = None
    claims: tuple[str, ...] = ()
    sign_text: tuple[str, ...] = ()
    legal: Legal | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    crosswalk: Crosswalk | None = None
    # computed by link/scope.py; a record without it (older stores) counts as political
    scope: Scope = Scope.POLITICAL


class Entity(Record):
    id: str
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()


class Quote(Record):
    speaker: str | None = None
    speaker_name: str | None = None
    text: str
    start: int
    end: int


class Chain(Record):
    entity: str
    events: tuple[str, ...]


class Extractor(Record):
    name: str = "protestwatch"
    version: str
    model: str | None = None


class Result(Record):
    article: Article
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    chains: tuple[Chain, ...] = ()
    extractor: Extractor

    def to_json(self) -> dict:
        return self.model_dump(mode="json")
