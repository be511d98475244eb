"""API-only shapes (pages of results, incident and case views); the records themselves are in records.py."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class EventFilters(BaseModel):
    type: str | None = None
    country: str | None = None
    since: str | None = Field(None, description="ISO date; incidents ending on or after it")
    until: str | None = Field(None, description="ISO date; incidents starting on or before it")
    person: str | None = Field(None, description="part of a participant's name or alias")
    q: str | None = Field(None, description="words in the source articles")
    scope: Literal["political", "ordinary", "all"] = Field(
        "political", description="political events (the default), ordinary ones (a fraud trial, a murder case), or all")

    def is_empty(self) -> bool:
        return not any(v for k, v in self.model_dump().items() if k != "scope") and self.scope == "political"


class PersonRef(BaseModel):
    id: int | None = Field(None, description="entity id of the person; the page is /persons/{id}")
    case_id: int | None = Field(None, description="the person's case; /api/cases/{case_id}")
    name: str


class EventItem(BaseModel):
    """One incident (a cluster of reports of one real-world event) in a list."""
    incident_id: int
    type: str
    subtype: str | None = None
    modality: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    place_name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    persons: list[PersonRef] = []
    n_reports: int = 0
    n_sources: int = 0
    review_state: str = "pending"
    restricted: bool = False
    title: str | None = Field(None, description="title of the first source article")


class EventPage(BaseModel):
    items: list[EventItem]
    total: int
    page: int
    per_page: int
    pages: int


class SourceRef(BaseModel):
    report_id: int
    article_id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None


class FieldAlternative(BaseModel):
    value: Any = None
    display: str
    sources: list[SourceRef] = []


class FieldValue(BaseModel):
    """A merged field: the value shown, where it came from, and what other reports said."""
    name: str
    value: Any = None
    display: str
    machine: Any = Field(None, description="the merged machine value, kept when a reviewer edits")
    machine_display: str | None = None
    edited: bool = False
    edited_by: str | None = None
    sources: list[SourceRef] = []
    alternatives: list[FieldAlternative] = []


class ArticleView(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None  # ISO 639-1 of the text ("en", "ru")
    text: str | None = None


class ReportView(BaseModel):
    id: int
    article: ArticleView
    event: dict = Field(description="the contract EVENT exactly as extracted")
    review_state: str = "pending"
    edits: dict = {}


class AuditChange(BaseModel):
    field: str
    before: Any = None
    after: Any = None


class AuditEntry(BaseModel):
    id: int
    at: str
    user: str | None = None
    action: str
    target_kind: str | None = None
    target_id: str | None = None
    incident_id: int | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    changes: list[AuditChange] = Field([], description="an edit's fields, each with its value before and after")
    note: str | None = None


class IncidentDetail(BaseModel):
    id: int
    type: str
    subtype: str | None = None
    review_state: str
    restricted: bool = Field(description="hidden from the public (shown to editors only)")
    restricted_because: list[str] = Field([], description="why it is hidden; editors only")
    merged: dict = Field(description="merged machine event, contract-shaped")
    edits: dict = Field(description="reviewers' values, beside the machine output")
    fields: list[FieldValue]
    persons: list[PersonRef] = []
    reports: list[ReportView]


class CaseStage(BaseModel):
    type: str
    subtype: str | None = None
    date: str | None = None
    incident_id: int | None = None
    place: str | None = None
    summary: str | None = None
    report_ids: list[int] = []


class CaseDetail(BaseModel):
    id: int = Field(description="entity id of the person")
    case_id: int | None = None
    name: str
    aliases: list[str] = []
    stage: str | None = Field(None, description="latest stage reached")
    stages: list[CaseStage]


class IncidentEdit(BaseModel):
    """A reviewer's changes to an incident (PATCH /api/incidents/{id})."""
    changes: dict[str, Any] = Field({}, description=(
        "field path -> new value, e.g. {\"place.name\": \"Havana\", \"legal.sentence.amount\": 500, "
        "\"legal.sentence.currency\": \"BYN\"}; null (or \"\") clears a wrong machine value; a field left "
        "out is left alone. place.name re-geocodes admin1, country, coordinates and geonames id; "
        "place.geonames_id picks one of place.alternatives"))
    revert: list[str] = Field([], description="field paths whose machine value comes back")
    note: str | None = Field(None, max_length=2000, description="why, for the audit log")
