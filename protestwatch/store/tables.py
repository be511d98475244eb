"""SQLAlchemy tables of the store. Column names are the contract's names (event-record.md).

Machine output is kept as written (`ReportRow.machine`, the columns copied from it, and
`IncidentRow.merged`); human changes live beside it in `edits` and never overwrite it.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


REVIEW_STATES = ("pending", "accepted", "edited", "rejected")
ROLES = ("viewer", "editor", "admin")


class ArticleRow(Base):
    __tablename__ = "articles"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)  # stable rowid for the FTS5 index
    id: Mapped[str] = mapped_column(String(64), unique=True)  # contract: sha256 of normalised text
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    entities: Mapped[list] = mapped_column(JSON, default=list)
    quotes: Mapped[list] = mapped_column(JSON, default=list)
    chains: Mapped[list] = mapped_column(JSON, default=list)
    extractor: Mapped[dict | None] = mapped_column(JSON)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # visibility.py reads it; see the indexes at the end
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reports: Mapped[list["ReportRow"]] = relationship(back_populates="article", order_by="ReportRow.id")


class IncidentRow(Base):
    """One real-world event: a cluster of reports with merged fields and kept disagreements."""
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    subtype: Mapped[str | None] = mapped_column(String(32))
    modality: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    place_name: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    size_low: Mapped[int | None] = mapped_column(Integer)
    size_high: Mapped[int | None] = mapped_column(Integer)
    # "ordinary" or "political", from the incident's edit or its reports (repo.incident_scope):
    # a plain column, so the default (political) view is not a pass over every report's JSON.
    scope: Mapped[str | None] = mapped_column(String(16))
    merged: Mapped[dict] = mapped_column(JSON, default=dict)  # contract-shaped event + "sources"
    disagreements: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [{value, reports}]
    n_reports: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    review_state: Mapped[str] = mapped_column(String(16), default="pending")
    edits: Mapped[dict] = mapped_column(JSON, default=dict)  # human values, beside `merged`
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # visibility.py reads it; see the indexes at the end
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reports: Mapped[list["ReportRow"]] = relationship(back_populates="incident", order_by="ReportRow.id")


class ReportRow(Base):
    """One extracted event of one article, as the machine wrote it, with its evidence."""
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("article_id", "event_key", name="uq_reports_article_event"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_key: Mapped[str] = mapped_column(String(64))  # the event's id within its Result ("ev1")
    type: Mapped[str] = mapped_column(String(32), index=True)
    subtype: Mapped[str | None] = mapped_column(String(32))
    modality: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    place_name: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    size_low: Mapped[int | None] = mapped_column(Integer)
    size_high: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)
    machine: Mapped[dict] = mapped_column(JSON)  # the contract EVENT exactly as extracted
    edits: Mapped[dict] = mapped_column(JSON, default=dict)
    review_state: Mapped[str] = mapped_column(String(16), default="pending")
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"), index=True)
    link_score: Mapped[float | None] = mapped_column(Float)
    link_locked: Mapped[bool] = mapped_column(Boolean, default=False)  # a human placed it: never relinked
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # visibility.py reads it; see the indexes at the end

    article: Mapped[ArticleRow] = relationship(back_populates="reports")
    incident: Mapped[IncidentRow | None] = relationship(back_populates="reports")
    participants: Mapped[list["ParticipantRow"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ParticipantRow.id")


class EntityRow(Base):
    """A person or group across articles; `aliases` holds every spelling seen."""
    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text, index=True)  # normalised name used for lookups
    aliases: Mapped[list] = mapped_column(JSON, default=list)


class ParticipantRow(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text, index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)

    report: Mapped[ReportRow] = relationship(back_populates="participants")


class CaseRow(Base):
    """A person's chain of events across articles (protest -> ... -> release)."""
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    stage: Mapped[str | None] = mapped_column(String(32))  # the latest stage reached
    first_date: Mapped[str | None] = mapped_column(String(10))
    last_date: Mapped[str | None] = mapped_column(String(10))
    n_steps: Mapped[int] = mapped_column(Integer, default=0)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # visibility.py reads it; see the indexes at the end

    steps: Mapped[list["CaseStepRow"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseStepRow.position")


class CaseStepRow(Base):
    __tablename__ = "case_steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(32))
    date_start: Mapped[str | None] = mapped_column(String(10))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"), index=True)
    report_ids: Mapped[list] = mapped_column(JSON, default=list)

    case: Mapped[CaseRow] = relationship(back_populates="steps")


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    password_hash: Mapped[str | None] = mapped_column(Text)  # argon2id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditRow(Base):
    """Who changed what, when, with the value before and after."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict | list | None] = mapped_column(JSON)
    after: Mapped[dict | list | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class SessionRow(Base):
    """A logged-in browser session; the cookie holds a random token, this row its sha256, so
    logging out or changing the password (rows deleted) makes every copy of the cookie useless."""
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---- watch: feed state (migration 0003_watch_alerts) ----------------------------------------

class WatchFeedRow(Base):
    """One polled feed: its HTTP validators, last error and when it may be polled again."""
    __tablename__ = "watch_feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_polled: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WatchItemRow(Base):
    """One feed entry already handled (stored, stored from its summary, or failed)."""
    __tablename__ = "watch_items"
    __table_args__ = (UniqueConstraint("feed_id", "item_key", name="uq_watch_items_feed_item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("watch_feeds.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(64))  # sha256 of the entry's guid, else link, else title
    url: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # page, summary, error
    error: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---- alerts and their webhook outbox (migration 0003_watch_alerts) -------------------------

class AlertRow(Base):
    """A standing question: a person, a place, or a type (in a country); its matches go to a
    webhook and to the alert's Atom feed. The owner's role bounds what it may carry."""
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # person, place, type
    value: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    webhook: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(128))  # a user name; None is anonymous
    token: Mapped[str] = mapped_column(String(64))  # secret in the Atom feed's URL
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    checked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AlertOutboxRow(Base):
    """One change of one incident for one alert: sent once (unique alert+incident+version)."""
    __tablename__ = "alert_outbox"
    __table_args__ = (UniqueConstraint("alert_id", "incident_id", "version", name="uq_alert_outbox_change"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    incident_id: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[str] = mapped_column(String(64))  # sha256 of the payload: same change, same hash
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sent, failed, feed-only
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))



# Migration 0005: partial indexes holding only the few flagged rows and the ids visibility reads (a
# full index on a mostly-false flag made SQLite's planner walk every row for `restricted IS 0`),
# and (type|country, date_start) so a filtered list stops at its page.
_FLAG_COLUMNS = {ArticleRow: ("id",), ReportRow: ("incident_id", "article_id"), IncidentRow: (), CaseRow: ("entity_id",)}
for _row, _extra in _FLAG_COLUMNS.items():
    _t = _row.__table__
    Index(f"ix_{_t.name}_restricted", _t.c.restricted, *(_t.c[c] for c in _extra),
          sqlite_where=text("restricted IS 1"), postgresql_where=text("restricted IS true"))
Index("ix_incidents_type_date", IncidentRow.type, IncidentRow.date_start)
Index("ix_incidents_country_date", IncidentRow.country, IncidentRow.date_start)
# Migration 0006: (scope, date_start) for the ordinary view; the columns public reads take from an
# incident's reports, so a page's people and titles do not read each (large) report row.
Index("ix_incidents_scope_date", IncidentRow.scope, IncidentRow.date_start)
Index("ix_reports_incident_cover", ReportRow.incident_id, ReportRow.review_state, ReportRow.restricted,
      ReportRow.article_id)


class StoreStateRow(Base):
    """One row: a number every commit that writes records moves (store/generation.py), so readers
    in any process can keep what they derived from the store until it changes (migration 0006)."""
    __tablename__ = "store_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
