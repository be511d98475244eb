"""Typed intermediate records passed from extract to normalize to link.

A `Mention` is one event mention in one sentence, as the text states it (raw phrases with their
character spans); normalize resolves the phrases; link merges mentions into contract events.
"""
from __future__ import annotations

from pydantic import BaseModel, Field

from .records import Article, DateValue, Place, Size


class Span(BaseModel):
    text: str
    start: int
    end: int


class Arg(BaseModel):
    role: str
    name: str
    kind: str
    start: int
    end: int
    entity: str | None = None      # key of an EntityMention cluster, filled by extract/link


class Mention(BaseModel):
    id: str
    type: str
    subtype: str | None = None
    modality: str = "asserted"
    sent: int                        # sentence index in the document
    para: int                        # paragraph index
    trigger: Span
    args: list[Arg] = Field(default_factory=list)
    date_phrase: Span | None = None
    date_inherited: bool = False     # taken from a neighbouring sentence, not stated here
    date_offset_days: int = 0        # "a day after X": X is dated from the main clause's date, minus one
    date_offset_years: int = 0       # "to mark four years since X": X is dated four years before the main clause
    date_borrowed: bool = False      # "an appeal on Tuesday against his sentence": the date is the appeal's
    tense: str = "past"
    place_phrase: Span | None = None
    venue: Span | None = None
    place_inherited: bool = False
    size_phrase: Span | None = None
    claims: list[Span] = Field(default_factory=list)
    sign_text: list[Span] = Field(default_factory=list)
    charges: list[Span] = Field(default_factory=list)
    plea: Span | None = None
    plea_value: str | None = None
    outcome: str | None = None
    sentence_kind: str | None = None
    term_phrase: Span | None = None
    money_phrase: Span | None = None
    suspended: bool | None = None
    generic: bool = False
    headline: bool = False           # in a title-cased headline line
    secondary: bool = False          # "protesters", "a placard": evidence of an event named elsewhere
    supposed: bool = False           # only a condition or the party of a warning: evidence, never an event of its own
    reference: str | None = None     # "definite" ("the rally", "those detained"), "distinct" ("a similar rally")
    confidence: float = 0.6
    # filled by normalize
    date: DateValue | None = None
    place: Place | None = None
    size: Size | None = None
    term: str | None = None
    days: int | None = None
    amount: float | None = None
    currency: str | None = None


class NameMention(BaseModel):
    text: str
    start: int
    end: int
    kind: str                        # person, organization, state, group, authority
    title: str | None = None
    descriptor: str | None = None
    key: str | None = None           # cluster key, filled by extract (pronouns) and link


class RawQuote(BaseModel):
    text: str
    start: int
    end: int
    speaker: NameMention | None = None


class Draft(BaseModel):
    article: Article
    model: str | None = None
    mentions: list[Mention] = Field(default_factory=list)
    names: list[NameMention] = Field(default_factory=list)
    quotes: list[RawQuote] = Field(default_factory=list)
    dateline: Span | None = None
    dateline_place: Place | None = None
