"""Read and write the store. Every function takes a Session and never commits: the caller's
`session_scope` (a CLI command, a web request) owns the transaction.

Machine output is never overwritten: `ReportRow.machine` and `IncidentRow.merged` keep what the
extractor and the linker produced; human changes go to `edits` ({"field.path": value}) and the
plain columns hold the effective value (machine overlaid with edits) so filters see corrections.
"""
from __future__ import annotations

import copy
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, Text, and_, cast, delete, exists, func, or_, select, text, true, update
from sqlalchemy.orm import Session, selectinload

from ..records import Result
from . import visibility
from .tables import (REVIEW_STATES, ROLES, ArticleRow, AuditRow, CaseRow, CaseStepRow, EntityRow,
                     IncidentRow, ParticipantRow, ReportRow, SessionRow, UserRow, utcnow)

KINDS = ("article", "report", "incident", "case")
LINK_LOCK = 724102  # PostgreSQL advisory lock id held while linking or rebuilding cases


# ---- saving ---------------------------------------------------------------------------------

def _insert(session: Session, table):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def known_article_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """Return which of these content hashes are already stored."""
    ids = list(dict.fromkeys(ids))
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found.update(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
    return found


def save_result(session: Session, result: Result | dict) -> bool:
    """Store one Result (article, its events as reports, their participants); return False when
    the article was already stored (idempotent by content hash, even between two processes)."""
    doc = result.to_json() if isinstance(result, Result) else Result.model_validate(result).to_json()
    art = doc["article"]
    stmt = _insert(session, ArticleRow.__table__).values(
        id=art["id"], url=art.get("url"), title=art.get("title"), source=art.get("source"),
        published=art.get("published"), language=art.get("language"), text=art["text"],
        entities=doc.get("entities") or [], quotes=doc.get("quotes") or [], chains=doc.get("chains") or [],
        extractor=doc.get("extractor"), restricted=False, ingested_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["id"]).returning(ArticleRow.__table__.c.id)
    if session.execute(stmt).first() is None:
        return False
    for event in doc.get("events") or ():
        report = ReportRow(article_id=art["id"], event_key=event["id"], machine=event, edits={},
                           review_state="pending", link_locked=False, restricted=False)
        _apply_event_columns(report, event)
        report.participants = [
            ParticipantRow(role=p.get("role") or "", name=p.get("name") or "", kind=p.get("kind") or "",
                           key=_name_key(p.get("name") or ""))
            for p in event.get("participants") or ()]
        session.add(report)
    session.flush()
    return True


def _name_key(name: str) -> str:
    from ..link.incidents import name_key
    return name_key(name)


def _get(d: dict, path: str):
    for key in path.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def _put(d: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        if not isinstance(d.get(key), dict):
            if value is None:  # clearing a field under an absent object: nothing to clear
                return
            d[key] = {}
        d = d[key]
    d[keys[-1]] = value


def apply_edits(machine: dict, edits: dict | None) -> dict:
    """Return the effective record: machine values overlaid with human edits (paths like "date.start").
    An edit of None is a reviewer's clear: the machine value is hidden, not restored."""
    out = copy.deepcopy(machine or {})
    for path, value in (edits or {}).items():
        _put(out, path, value)
    return out


_COLUMNS = {"subtype": "subtype", "modality": "modality", "date_start": "date.start",
            "date_end": "date.end", "date_precision": "date.precision", "country": "place.country",
            "admin1": "place.admin1", "place_name": "place.name", "venue": "place.venue",
            "lat": "place.lat", "lon": "place.lon", "size_low": "size.low", "size_high": "size.high"}


def _apply_event_columns(row, event: dict) -> None:
    if isinstance(row, ReportRow):
        row.type = event.get("type")
        row.confidence = event.get("confidence")
    elif event.get("type"):  # an incident's type may be a reviewer's
        row.type = event["type"]
    for column, path in _COLUMNS.items():
        value = _get(event, path)
        if column in ("date_start", "date_end") and value:
            value = str(value)[:10]
        setattr(row, column, value)


# ---- linking --------------------------------------------------------------------------------

@dataclass
class LinkSummary:
    linked: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LINK_LOCK})


def _features(session: Session, reports: Sequence[ReportRow]):
    from ..link.incidents import make_features
    ids = {r.article_id for r in reports}
    articles = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids)[i:i + 500]
        for a in session.execute(select(ArticleRow.id, ArticleRow.published, ArticleRow.text,
                                        ArticleRow.entities).where(ArticleRow.id.in_(chunk))):
            articles[a.id] = a
    out = []
    for r in reports:
        a = articles[r.article_id]
        aliases = {e["id"]: tuple(e.get("aliases") or ()) + (e.get("name"),) for e in a.entities or ()
                   if e.get("id")}
        out.append(make_features(r.id, apply_edits(r.machine, r.edits), article_id=r.article_id,
                                 published=a.published, article_text=a.text, aliases=aliases))
    return out


def link_pending(session: Session, *, threshold: float | None = None, window: int | None = None) -> LinkSummary:
    """Place every report without an incident into an existing or new incident.

    Reports are linked in `link_order` against the incidents already stored in their blocks, so
    running this after any interruption gives the same incidents as one uninterrupted run.
    """
    from ..link.incidents import DATE_WINDOW, THRESHOLD, IncidentLinker, link_order
    _lock(session)
    pending = list(session.scalars(select(ReportRow).where(ReportRow.incident_id.is_(None))
                                   .order_by(ReportRow.id)))
    summary = LinkSummary()
    if not pending:
        return summary
    window = DATE_WINDOW if window is None else window
    linker = IncidentLinker(threshold=THRESHOLD if threshold is None else threshold, window=window)
    feats = _features(session, pending)
    # Existing incidents that could take a pending report: same types, overlapping dates.
    days = [f.days for f in feats if f.days]
    if days:
        from datetime import date as _date
        lo = _date.fromordinal(min(d[0] for d in days) - window - 31).isoformat()
        hi = _date.fromordinal(max(d[1] for d in days) + window + 31).isoformat()
        types = sorted({f.type for f in feats})
        existing = list(session.scalars(
            select(ReportRow).where(ReportRow.incident_id.is_not(None), ReportRow.type.in_(types),
                                    or_(ReportRow.date_start.is_(None),
                                        and_(ReportRow.date_start >= lo[:7], ReportRow.date_start <= hi)))
            .order_by(ReportRow.id)))
        by_incident: dict[int, list] = defaultdict(list)
        for r, f in zip(existing, _features(session, existing)):
            by_incident[r.incident_id].append(f)
        for incident_id in sorted(by_incident):
            linker.add_cluster(incident_id, by_incident[incident_id])
    rows = {r.id: r for r in pending}
    touched: set[int] = set()
    for f in sorted(feats, key=link_order):
        cid, score, created = linker.link(f)
        report = rows[f.id]
        if created:
            # Restriction is not copied: `visibility` derives it from the report's own flags.
            incident = IncidentRow(type=report.type, merged={}, disagreements={}, edits={},
                                   review_state="pending", restricted=False)
            session.add(incident)
            session.flush()
            linker.rename(cid, incident.id)
            cid = incident.id
            summary.incidents_created += 1
        report.incident_id = cid
        report.link_score = score
        touched.add(cid)
        summary.linked += 1
    session.flush()
    for incident_id in sorted(touched):
        refresh_incident(session, session.get(IncidentRow, incident_id))
    summary.incidents_updated = len(touched) - summary.incidents_created
    return summary


def refresh_incident(session: Session, incident: IncidentRow) -> IncidentRow | None:
    """Recompute an incident's merged fields from its reports; delete it when none are left."""
    from ..link.incidents import merge_events
    reports = list(session.scalars(select(ReportRow).where(ReportRow.incident_id == incident.id)
                                   .order_by(ReportRow.id)))
    if not reports:
        session.delete(incident)
        session.flush()
        return None
    usable = [r for r in reports if r.review_state != "rejected"] or reports
    merged, disagreements, sources = merge_events([(r.id, apply_edits(r.machine, r.edits)) for r in usable])
    merged["sources"] = sources
    incident.merged = merged
    incident.disagreements = disagreements
    incident.type = merged.get("type") or incident.type
    _apply_event_columns(incident, apply_edits(merged, incident.edits))
    incident.n_reports = len(reports)
    incident.scope = incident_scope(incident, reports)
    articles = set(session.scalars(select(ArticleRow.source).where(
        ArticleRow.id.in_({r.article_id for r in reports}))))
    incident.n_sources = len({a or "" for a in articles})
    incident.updated_at = utcnow()
    session.flush()
    return incident


# ---- review: merge, split, edit, accept/reject, restrict ---------------------------------------

def log_audit(session: Session, *, user: str | None, action: str, target_kind: str, target_id,
              before=None, after=None, note: str | None = None) -> AuditRow:
    """Append one entry to the audit log (who, when, what, before, after)."""
    row = AuditRow(user=user, action=action, target_kind=target_kind, target_id=str(target_id),
                   before=before, after=after, note=note, at=utcnow())
    session.add(row)
    session.flush()
    return row


def audit_log(session: Session, *, target_kind: str | None = None, target_id=None, user: str | None = None,
              limit: int = 100, offset: int = 0) -> list[AuditRow]:
    """Return audit entries, newest first, optionally for one target or one user."""
    stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset)
    if target_kind:
        stmt = stmt.where(AuditRow.target_kind == target_kind)
    if target_id is not None:
        stmt = stmt.where(AuditRow.target_id == str(target_id))
    if user:
        stmt = stmt.where(AuditRow.user == user)
    return list(session.scalars(stmt))


def _members(session: Session, incident_id: int) -> list[int]:
    return list(session.scalars(select(ReportRow.id).where(ReportRow.incident_id == incident_id)
                                .order_by(ReportRow.id)))


def merge_incidents(session: Session, incident_ids: Sequence[int], *, user: str | None,
                    note: str | None = None) -> IncidentRow:
    """Merge incidents into the lowest id; their reports are locked there (never relinked)."""
    ids = sorted(set(int(i) for i in incident_ids))
    if len(ids) < 2:
        raise ValueError("merge needs at least two incident ids")
    incidents = [session.get(IncidentRow, i) for i in ids]
    missing = [i for i, row in zip(ids, incidents) if row is None]
    if missing:
        raise LookupError(f"no incident {', '.join(map(str, missing))}")
    before = {str(i): _members(session, i) for i in ids}
    target = incidents[0]
    session.execute(update(ReportRow).where(ReportRow.incident_id.in_(ids))
                    .values(incident_id=target.id, link_locked=True))
    session.execute(update(CaseStepRow).where(CaseStepRow.incident_id.in_(ids[1:])).values(incident_id=target.id))
    for other in incidents[1:]:
        target.restricted = target.restricted or other.restricted
        session.delete(other)
    session.flush()
    refresh_incident(session, target)
    log_audit(session, user=user, action="merge", target_kind="incident", target_id=target.id,
              before=before, after={str(target.id): _members(session, target.id)}, note=note)
    return target


def split_reports(session: Session, report_ids: Sequence[int], *, user: str | None,
                  note: str | None = None) -> IncidentRow:
    """Move reports out of their incident(s) into one new incident, locked there."""
    ids = sorted(set(int(i) for i in report_ids))
    reports = [session.get(ReportRow, i) for i in ids]
    missing = [i for i, row in zip(ids, reports) if row is None]
    if missing:
        raise LookupError(f"no report {', '.join(map(str, missing))}")
    old = sorted({r.incident_id for r in reports if r.incident_id is not None})
    before = {str(i): _members(session, i) for i in old}
    # Reports taken out of a restricted incident stay restricted in their new one.
    was_restricted = any(session.get(IncidentRow, i).restricted for i in old)
    incident = IncidentRow(type=reports[0].type, merged={}, disagreements={}, edits={},
                           review_state="pending", restricted=was_restricted)
    session.add(incident)
    session.flush()
    for r in reports:
        r.incident_id = incident.id
        r.link_locked = True
    # Case steps follow at the next `rebuild_cases` (these people's mentions are marked stale).
    session.execute(update(ParticipantRow).where(ParticipantRow.report_id.in_(ids)).values(entity_id=None))
    session.flush()
    for i in old:
        row = session.get(IncidentRow, i)
        if row is not None:
            refresh_incident(session, row)
    refresh_incident(session, incident)
    after = {str(i): _members(session, i) for i in [*old, incident.id]}
    log_audit(session, user=user, action="split", target_kind="incident", target_id=incident.id,
              before=before, after=after, note=note)
    return incident


def _target(session: Session, kind: str, target_id):
    table = {"article": ArticleRow, "report": ReportRow, "incident": IncidentRow, "case": CaseRow}.get(kind)
    if table is None:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    row = (session.scalar(select(ArticleRow).where(ArticleRow.id == str(target_id))) if kind == "article"
           else session.get(table, int(target_id)))
    if row is None:
        raise LookupError(f"no {kind} {target_id}")
    return row


def edit_fields(session: Session, kind: str, target_id, changes: dict, *, user: str | None,
                note: str | None = None, revert: Iterable[str] = ()):
    """Record human values for fields of a report or incident ({"date.start": "2020-08-03"});
    a value of None is stored as an explicit clear (the machine's value was wrong, there is none).
    Paths in `revert` drop their edit and restore the machine value. Machine output is kept."""
    if kind not in ("report", "incident"):
        raise ValueError("only reports and incidents have editable fields")
    row = _target(session, kind, target_id)
    machine = row.machine if kind == "report" else row.merged
    revert = [p for p in revert if p not in changes]
    paths = [*changes, *revert]
    before = {p: _get(apply_edits(machine, row.edits), p) for p in paths}
    edits = dict(row.edits or {})
    for path in revert:
        edits.pop(path, None)
    edits.update(changes)
    row.edits = edits
    row.review_state = "edited" if edits else row.review_state
    _apply_event_columns(row, apply_edits(machine, edits))
    if kind == "incident":
        row.scope = incident_scope(row, list(session.scalars(select(ReportRow).where(ReportRow.incident_id == row.id))))
    session.flush()
    if kind == "report" and row.incident_id is not None:
        refresh_incident(session, session.get(IncidentRow, row.incident_id))
    log_audit(session, user=user, action="edit" if changes else "revert", target_kind=kind, target_id=target_id,
              before=before, after={p: _get(apply_edits(machine, edits), p) for p in paths}, note=note)
    return row


def set_review_state(session: Session, kind: str, target_id, state: str, *, user: str | None,
                     note: str | None = None):
    """Accept or reject a report or incident (states: pending, accepted, edited, rejected)."""
    if state not in REVIEW_STATES:
        raise ValueError(f"state must be one of {', '.join(REVIEW_STATES)}")
    if kind not in ("report", "incident"):
        raise ValueError("only reports and incidents have a review state")
    row = _target(session, kind, target_id)
    before = row.review_state
    row.review_state = state
    session.flush()
    if kind == "report" and row.incident_id is not None:
        refresh_incident(session, session.get(IncidentRow, row.incident_id))
    log_audit(session, user=user, action=state if state in ("accepted", "rejected") else "review",
              target_kind=kind, target_id=target_id, before={"review_state": before},
              after={"review_state": state}, note=note)
    return row


def set_restricted(session: Session, kind: str, target_id, restricted: bool = True, *, user: str | None,
                   note: str | None = None):
    """Mark an article, report, incident or case restricted, or lift the mark.

    Only this record's own flag is stored; what it hides (the incidents concerned, the articles
    shared with them, the person's case) is derived at read time by `visibility`, so later reports
    are covered too. Lifting an incident's or an article's mark also lifts the marks on its reports
    (older stores copied the mark down to them); what still hides it is `restriction_reasons`."""
    row = _target(session, kind, target_id)
    before = bool(row.restricted)
    row.restricted = restricted
    if not restricted and kind == "incident":
        session.execute(update(ReportRow).where(ReportRow.incident_id == row.id).values(restricted=False))
    elif not restricted and kind == "article":
        session.execute(update(ReportRow).where(ReportRow.article_id == row.id).values(restricted=False))
    session.flush()
    log_audit(session, user=user, action="restrict" if restricted else "unrestrict", target_kind=kind,
              target_id=target_id, before={"restricted": before}, after={"restricted": restricted}, note=note)
    return row


# ---- users ---------------------------------------------------------------------------------

def _hasher():
    from argon2 import PasswordHasher
    return PasswordHasher()


def add_user(session: Session, name: str, role: str = "viewer", password: str | None = None, *,
             by: str | None = None) -> UserRow:
    """Create a user (role viewer, editor or admin) with an argon2 password hash."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not name or not name.strip():
        raise ValueError("a user needs a name")
    if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
        raise ValueError(f"user {name!r} already exists")
    user = UserRow(name=name, role=role, active=True,
                   password_hash=_hasher().hash(password) if password else None)
    session.add(user)
    session.flush()
    log_audit(session, user=by, action="user-add", target_kind="user", target_id=name, after={"role": role})
    return user


def get_user(session: Session, name: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.name == name))


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.name)))


def verify_user(session: Session, name: str, password: str) -> UserRow | None:
    """Return the active user when the password matches, else None (rehashes outdated hashes)."""
    from argon2.exceptions import InvalidHashError, VerificationError
    user = get_user(session, name)
    if user is None or not user.active or not user.password_hash:
        _hasher().hash(password or "x")  # spend the same time whether or not the user exists
        return None
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        session.flush()
    return user


def set_password(session: Session, name: str, password: str, *, by: str | None = None) -> UserRow:
    user = get_user(session, name)
    if user is None:
        raise LookupError(f"no user {name!r}")
    user.password_hash = _hasher().hash(password)
    end_sessions(session, user.id)  # a cookie copied before the change stops working
    session.flush()
    log_audit(session, user=by, action="user-password", target_kind="user", target_id=name)
    return user


def set_role(session: Session, name: str, role: str, *, by: str | None = None) -> UserRow:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    user = get_user(session, name)
    if user is None:
        raise LookupError(f"no user {name!r}")
    before, user.role = user.role, role
    session.flush()
    log_audit(session, user=by, action="user-role", target_kind="user", target_id=name,
              before={"role": before}, after={"role": role})
    return user


def deactivate_user(session: Session, name: str, *, by: str | None = None) -> UserRow:
    user = get_user(session, name)
    if user is None:
        raise LookupError(f"no user {name!r}")
    user.active = False
    end_sessions(session, user.id)
    session.flush()
    log_audit(session, user=by, action="user-deactivate", target_kind="user", target_id=name)
    return user


# ---- login sessions (server-side, so they can be revoked) -----------------------------------

def _token_id(token: str) -> str:
    import hashlib
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start_session(session: Session, user_id: int) -> str:
    """Record a new login session; return its token (only its sha256 is stored)."""
    import secrets
    token = secrets.token_urlsafe(32)
    session.add(SessionRow(id=_token_id(token), user_id=user_id, created_at=utcnow()))
    session.flush()
    return token


def session_user(session: Session, token: str | None, *, max_age: float) -> UserRow | None:
    """The active user of a live session token, or None (unknown, ended, expired or deactivated)."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    row = session.get(SessionRow, _token_id(token))
    if row is None:
        return None
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=utcnow().tzinfo)
    if (utcnow() - created).total_seconds() > max_age:
        return None
    user = session.get(UserRow, row.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, token: str | None) -> None:
    if token and isinstance(token, str):
        session.execute(delete(SessionRow).where(SessionRow.id == _token_id(token)))


def end_sessions(session: Session, user_id: int) -> int:
    """End every session of a user (password change, deactivation); return how many."""
    return session.execute(delete(SessionRow).where(SessionRow.user_id == user_id)).rowcount or 0


# ---- cases ---------------------------------------------------------------------------------

def rebuild_cases(session: Session) -> int:
    """Recompute entities (people across articles) and their case chains from all reports.

    Entity and case ids are kept for people already known (matched by their name keys), so
    links from the web app keep working. Returns the number of cases.
    """
    from ..link.cases import Mention, case_steps, group_people, latest_stage
    _lock(session)
    rows = session.execute(
        select(ParticipantRow.id, ParticipantRow.name, ParticipantRow.role, ParticipantRow.kind,
               ReportRow.id.label("report_id"), ReportRow.type, ReportRow.date_start, ReportRow.incident_id,
               ReportRow.machine, ReportRow.review_state, ArticleRow.published, ArticleRow.entities)
        .join(ReportRow, ParticipantRow.report_id == ReportRow.id)
        .join(ArticleRow, ReportRow.article_id == ArticleRow.id)
        .where(ParticipantRow.kind == "person")
        .order_by(ParticipantRow.id)).all()
    mentions, participant_of = [], defaultdict(list)
    for row in rows:
        if row.review_state == "rejected":
            continue
        entity_ref = next((p.get("entity") for p in row.machine.get("participants") or ()
                           if p.get("name") == row.name), None)
        aliases = ()
        if entity_ref:
            ent = next((e for e in row.entities or () if e.get("id") == entity_ref), None)
            if ent:
                aliases = tuple(a for a in (ent.get("name"), *(ent.get("aliases") or ())) if a)
        m = Mention(report=row.report_id, name=row.name, aliases=aliases, role=row.role, type=row.type,
                    date=row.date_start or row.published, incident=row.incident_id)
        mentions.append(m)
        participant_of[(row.report_id, row.name)].append(row.id)
    people = group_people(mentions)
    entities = list(session.scalars(select(EntityRow).where(EntityRow.kind == "person").order_by(EntityRow.id)))
    by_key: dict[str, EntityRow] = {}
    for e in entities:
        for a in e.aliases or ():
            by_key.setdefault(_name_key(a), e)
        by_key.setdefault(e.key, e)
    used: set[int] = set()
    cases = {c.entity_id: c for c in session.scalars(select(CaseRow))}
    session.execute(delete(CaseStepRow))
    participant_entity: list[dict] = []
    steps_rows: list[dict] = []
    kept_cases: set[int] = set()
    for person in people:
        entity = next((by_key[k] for k in sorted(person.keys) if k in by_key and by_key[k].id not in used), None)
        if entity is None:
            entity = EntityRow(name=person.name, kind="person", key=_name_key(person.name), aliases=[])
            session.add(entity)
            session.flush()
        used.add(entity.id)
        if (entity.name, entity.key, entity.aliases) != (person.name, _name_key(person.name), person.aliases):
            entity.name, entity.key, entity.aliases = person.name, _name_key(person.name), person.aliases
        participant_entity.extend({"id": pid, "entity_id": entity.id} for m in person.mentions
                                  for pid in participant_of[(m.report, m.name)])
        steps = case_steps(person)
        if not steps:
            continue
        case = cases.get(entity.id)
        if case is None:
            case = CaseRow(entity_id=entity.id, name=person.name, restricted=False)
            session.add(case)
            cases[entity.id] = case
        dates = [st.date for st in steps if st.date]
        values = dict(name=person.name, aliases=person.aliases, stage=latest_stage(steps),
                      first_date=min(dates) if dates else None, last_date=max(dates) if dates else None,
                      n_steps=len(steps))
        for k, v in values.items():
            if getattr(case, k) != v:
                setattr(case, k, v)
        kept_cases.add(entity.id)
        session.flush()
        steps_rows.extend({"case_id": case.id, "position": i, "stage": st.stage, "date_start": st.date,
                           "incident_id": st.incident, "report_ids": list(st.reports)}
                          for i, st in enumerate(steps))
    for entity_id, case in cases.items():
        if entity_id not in kept_cases:
            session.delete(case)
    for e in entities:
        if e.id not in used:
            session.delete(e)
    session.flush()
    session.execute(update(ParticipantRow).where(ParticipantRow.kind != "person").values(entity_id=None))
    if participant_entity:
        session.execute(update(ParticipantRow), participant_entity)
    if steps_rows:
        session.execute(CaseStepRow.__table__.insert(), steps_rows)
    session.expire_all()
    return len(kept_cases)


def cases_stale(session: Session) -> bool:
    """True when some person mention has no entity yet: `rebuild_cases` has work to do."""
    return session.scalar(select(exists().where(ParticipantRow.kind == "person",
                                                ParticipantRow.entity_id.is_(None)))) or False


def find_people(session: Session, name: str, *, threshold: float = 0.85) -> list[EntityRow]:
    """Entities whose name or an alias matches `name` (spelling variants included)."""
    from ..link.incidents import name_similarity
    key = _name_key(name)
    if not key:
        return []
    out = []
    for e in session.scalars(select(EntityRow).where(EntityRow.kind == "person").order_by(EntityRow.id)):
        keys = {e.key, *(_name_key(a) for a in e.aliases or ())}
        if any(key in k or name_similarity(key, k) >= threshold for k in keys):
            out.append(e)
    return out


def find_cases(session: Session, person: str, *, include_restricted: bool = False) -> list[CaseRow]:
    """Cases of the people matching a name or alias."""
    ids = [e.id for e in find_people(session, person)]
    if not ids:
        return []
    stmt = (select(CaseRow).where(CaseRow.entity_id.in_(ids)).options(selectinload(CaseRow.steps))
            .order_by(CaseRow.id))
    if not include_restricted:
        stmt = stmt.where(CaseRow.id.in_(visibility.public_case_ids(session)))
    return list(session.scalars(stmt))


def get_case(session: Session, case_id: int) -> CaseRow | None:
    return session.get(CaseRow, case_id)


def case_record(session: Session, case: CaseRow, *, include_restricted: bool = False) -> dict:
    """A case as JSON: person, aliases, and its ordered steps with their incidents; without
    `include_restricted`, only what public reports say (None when nothing is public)."""
    public = None
    if not include_restricted:
        if session.scalar(select(CaseRow.id).where(CaseRow.id == case.id,
                                                   CaseRow.id.in_(visibility.public_case_ids(session)))) is None:
            return None
        public = set(session.scalars(select(IncidentRow.id).where(
            IncidentRow.id.in_([s.incident_id for s in case.steps if s.incident_id]),
            visibility.public_incident(session=session))))
    steps = []
    for s in case.steps:
        incident = session.get(IncidentRow, s.incident_id) if s.incident_id else None
        if public is not None and s.incident_id not in public:
            continue
        steps.append({"position": s.position, "stage": s.stage, "date": s.date_start,
                      "incident": s.incident_id, "reports": s.report_ids,
                      "place": incident.place_name if incident else None,
                      "country": incident.country if incident else None,
                      "legal": (incident.merged or {}).get("legal") if incident else None})
    name, aliases, stage = case.name, case.aliases, case.stage
    if public is not None:
        name, aliases, stage = public_person(session, case.entity_id, case.name, [st["stage"] for st in steps])
    dates = [st["date"] for st in steps if st["date"]]
    return {"id": case.id, "person": name, "aliases": aliases, "stage": stage,
            "first_date": min(dates, default=None), "last_date": max(dates, default=None), "steps": steps}


def public_person(session: Session, entity_id: int, name: str, stages: Sequence[str]) -> tuple[str, list[str], str | None]:
    """(name, aliases, latest stage) of a person as public reports give them: spellings seen only in
    restricted reports and stages reached only in hidden incidents stay out."""
    from ..link.cases import STAGE_RANK
    names = visibility.public_names(session, entity_id)
    shown = name if name in names or not names else names[0]
    ranked = [st for st in stages if st in STAGE_RANK]
    return shown, names, max(ranked, key=STAGE_RANK.get) if ranked else None


# ---- queries -------------------------------------------------------------------------------

@dataclass
class EventFilter:
    """Filters of `events` and `/api/events`; dates are ISO (2020, 2020-08, 2020-08-03)."""
    type: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    person: str | None = None
    q: str | None = None
    review_state: str | None = None
    include_restricted: bool = False
    include_rejected: bool = False
    scope: str | None = None  # "political" or "ordinary" (contract `scope`); None: both
    limit: int | None = 100
    offset: int = 0
    extra: dict = field(default_factory=dict)
    # the modalities kept (None: all); a record without a modality counts as asserted
    modality: tuple[str, ...] | None = None


def _until(value: str) -> str:
    return value + {4: "-12-31", 7: "-31"}.get(len(value), "")


def _fts_articles(session: Session, q: str):
    """A subquery of article ids whose title or text matches `q` (all words, any order)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        words = [w for w in q.replace('"', " ").split() if w]
        match = " ".join(f'"{w}"' for w in words) or '""'
        return text("SELECT a.id FROM article_fts JOIN articles a ON a.pk = article_fts.rowid "
                    "WHERE article_fts MATCH :fts").bindparams(fts=match).columns(ArticleRow.id)
    if dialect == "postgresql":
        return select(ArticleRow.id).where(text(
            "to_tsvector('simple', coalesce(articles.title, '') || ' ' || articles.text) "
            "@@ websearch_to_tsquery('simple', :fts)").bindparams(fts=q))
    like = f"%{q}%"
    return select(ArticleRow.id).where(or_(ArticleRow.text.ilike(like), ArticleRow.title.ilike(like)))


SCOPES = ("political", "ordinary")


def _report_scope(report: ReportRow) -> str:
    """A report's scope: its edit, else the machine's, else political (older stores had none)."""
    for source in (report.edits, report.machine):
        value = source.get("scope") if isinstance(source, dict) else None
        if value is not None:
            return value
    return "political"


def incident_scope(incident: IncidentRow, reports: Sequence[ReportRow]) -> str:
    """An incident is ordinary when a reviewer says so, or it has reports and all of them are
    (rejected ones too); a cleared edit (None) leaves it to the reports."""
    edited = (incident.edits or {}).get("scope")
    if edited not in (None, ""):
        return "ordinary" if edited == "ordinary" else "political"
    return "ordinary" if reports and all(_report_scope(r) == "ordinary" for r in reports) else "political"


def scope_clause(scope: str):
    """A WHERE clause on incidents: of this scope (the `scope` column, kept by `refresh_incident`
    and incident edits; an incident without one counts as political)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if scope == "ordinary":
        return IncidentRow.scope == "ordinary"
    return or_(IncidentRow.scope.is_(None), IncidentRow.scope != "ordinary")


def _incident_select(session: Session, f: EventFilter) -> Select:
    stmt = select(IncidentRow)
    if f.type:
        stmt = stmt.where(IncidentRow.type == f.type)
    if f.country:
        stmt = stmt.where(IncidentRow.country == f.country.upper())
    if f.since:
        stmt = stmt.where(IncidentRow.date_start >= f.since)
    if f.until:
        stmt = stmt.where(IncidentRow.date_start <= _until(f.until))
    if f.review_state:
        stmt = stmt.where(IncidentRow.review_state == f.review_state)
    elif not f.include_rejected:
        stmt = stmt.where(IncidentRow.review_state != "rejected")
    if not f.include_restricted:
        stmt = stmt.where(IncidentRow.id.not_in(visibility.hidden_incidents(session)))
    if f.modality:
        stmt = stmt.where(func.coalesce(IncidentRow.modality, "asserted").in_(tuple(f.modality)))
    if f.scope:
        stmt = stmt.where(scope_clause(f.scope))
    if f.q:
        matching = _fts_articles(session, f.q)
        stmt = stmt.where(exists().where(ReportRow.incident_id == IncidentRow.id,
                                         ReportRow.article_id.in_(matching)))
    if f.person:
        key = _name_key(f.person)
        entity_ids = [e.id for e in find_people(session, f.person)]
        cond = ParticipantRow.key.contains(key, autoescape=True)
        if entity_ids:
            cond = or_(cond, ParticipantRow.entity_id.in_(entity_ids))
        extracted = exists().where(ReportRow.incident_id == IncidentRow.id,
                                   ParticipantRow.report_id == ReportRow.id, cond)
        # A reviewer's participants replace the extracted ones: an edited incident matches by them.
        edited = edited_people(session)
        if edited:
            from ..link.incidents import name_similarity
            matched = [i for i, names in edited.items()
                       if any(key in k or name_similarity(key, k) >= 0.85 for k in map(_name_key, names) if k)]
            extracted = or_(and_(IncidentRow.id.not_in(list(edited)), extracted), IncidentRow.id.in_(matched))
        stmt = stmt.where(extracted)
    return stmt


_EDITED_PEOPLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # pool -> (generation, people)


def edited_people(session: Session) -> dict[int, list[str]]:
    """The people (names) of every incident whose participants a reviewer edited; kept per store
    generation (few incidents are edited, but finding them reads every incident's edits)."""
    from . import generation
    gen = generation.current(session)
    pool = generation.database_key(session)
    kept = _EDITED_PEOPLE.get(pool)
    if gen is not None and kept is not None and kept[0] == gen:
        return kept[1]
    maybe = (select(IncidentRow.id, IncidentRow.edits)
             .where(cast(IncidentRow.edits, Text).like('%"participants"%')))
    out = {i: [p.get("name") or "" for p in e["participants"] or [] if isinstance(p, dict) and p.get("kind") == "person"]
           for i, e in session.execute(maybe) if isinstance(e, dict) and "participants" in e}
    if gen is not None:
        _EDITED_PEOPLE[pool] = (gen, out)
    return out


def query_incidents(session: Session, filters: EventFilter | None = None, **kwargs) -> list[IncidentRow]:
    """Incidents matching the filters, newest first (`events` command, `/api/events`)."""
    f = filters or EventFilter(**kwargs)
    stmt = _incident_select(session, f).order_by(IncidentRow.date_start.desc().nulls_last(), IncidentRow.id)
    if f.limit:
        stmt = stmt.limit(f.limit)
    if f.offset:
        stmt = stmt.offset(f.offset)
    return list(session.scalars(stmt))


def count_incidents(session: Session, filters: EventFilter | None = None, **kwargs) -> int:
    f = filters or EventFilter(**kwargs)
    return session.scalar(select(func.count()).select_from(_incident_select(session, f).subquery()))


def get_incident(session: Session, incident_id: int) -> IncidentRow | None:
    return session.get(IncidentRow, incident_id)


def incident_reports(session: Session, incident_id: int, *, include_restricted: bool = False) -> list[ReportRow]:
    stmt = (select(ReportRow).where(ReportRow.incident_id == incident_id)
            .options(selectinload(ReportRow.article)).order_by(ReportRow.id))
    if not include_restricted:
        stmt = stmt.where(visibility.public_report(session=session))
    return list(session.scalars(stmt))


def incident_record(session: Session, incident: IncidentRow, *, reports: bool = False,
                    include_restricted: bool = False, article_text: bool = False) -> dict:
    """An incident as JSON: the effective merged event, the machine values, human edits,
    per-field disagreements and sources, and optionally its reports (with evidence)."""
    event = apply_edits(incident.merged, incident.edits)
    event.pop("sources", None)
    out = {"id": incident.id, **event, "n_reports": incident.n_reports, "n_sources": incident.n_sources,
           "review_state": incident.review_state, "restricted": incident.restricted,
           "machine": {k: v for k, v in (incident.merged or {}).items() if k != "sources"},
           "edits": incident.edits or {}, "disagreements": incident.disagreements or {},
           "sources": (incident.merged or {}).get("sources", {})}
    if reports:
        out["reports"] = [report_record(r, article_text=article_text)
                          for r in incident_reports(session, incident.id, include_restricted=include_restricted)]
    return out


def report_record(report: ReportRow, *, article_text: bool = False) -> dict:
    a = report.article
    art = {"id": a.id, "title": a.title, "url": a.url, "source": a.source, "published": a.published}
    if article_text:
        art["text"] = a.text
    return {"id": report.id, "event": apply_edits(report.machine, report.edits), "machine": report.machine,
            "edits": report.edits or {}, "review_state": report.review_state, "incident": report.incident_id,
            "link_score": report.link_score, "link_locked": report.link_locked,
            "restricted": report.restricted, "article": art}


def query_reports(session: Session, *, article_id: str | None = None, incident_id: int | None = None,
                  include_restricted: bool = False, limit: int | None = None) -> list[ReportRow]:
    stmt = select(ReportRow).order_by(ReportRow.id)
    if article_id:
        stmt = stmt.where(ReportRow.article_id == article_id)
    if incident_id is not None:
        stmt = stmt.where(ReportRow.incident_id == incident_id)
    if not include_restricted:
        stmt = stmt.where(visibility.public_report(session=session))
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def get_article(session: Session, article_id: str) -> ArticleRow | None:
    return session.scalar(select(ArticleRow).where(ArticleRow.id == article_id))


def iter_results(session: Session, filters: EventFilter | None = None, *, include_restricted: bool = False,
                 batch: int = 200):
    """Yield, as contract Result dicts, the stored articles that report an incident matching the
    filters (the same filters, review state and visibility as `query_incidents`); each carries
    only its events in those incidents, each with its `incident` id."""
    f = copy.copy(filters) if filters is not None else EventFilter()
    f.include_restricted, f.limit, f.offset = include_restricted, None, 0
    incidents = _incident_select(session, f).with_only_columns(IncidentRow.id)
    wanted = and_(ReportRow.incident_id.in_(incidents),
                  true() if f.include_rejected else ReportRow.review_state != "rejected")
    if not include_restricted:
        wanted = and_(wanted, visibility.public_report(session=session))
    last = 0
    while True:
        stmt = (select(ArticleRow).where(ArticleRow.pk > last,
                                         exists().where(ReportRow.article_id == ArticleRow.id, wanted))
                .order_by(ArticleRow.pk).limit(batch))
        if not include_restricted:
            stmt = stmt.where(ArticleRow.id.not_in(visibility.private_articles(session)))
        articles = list(session.scalars(stmt))
        if not articles:
            return
        reports: dict[str, list[ReportRow]] = defaultdict(list)
        for r in session.scalars(select(ReportRow).where(ReportRow.article_id.in_([a.id for a in articles]), wanted)
                                 .order_by(ReportRow.id)):
            reports[r.article_id].append(r)
        # A reviewer's incident edits hold for each of its reports (the map and the other exports show them).
        incident_edits = dict(session.execute(select(IncidentRow.id, IncidentRow.edits).where(
            IncidentRow.id.in_({r.incident_id for rs in reports.values() for r in rs}))).all())
        for a in articles:
            events = [{**apply_edits(apply_edits(r.machine, r.edits), incident_edits.get(r.incident_id)),
                       "incident": r.incident_id} for r in reports[a.id]]
            yield {"article": {"id": a.id, "title": a.title, "url": a.url, "source": a.source,
                               "published": a.published, "language": a.language, "text": a.text},
                   "events": events, "entities": a.entities, "quotes": a.quotes, "chains": a.chains,
                   "extractor": a.extractor}
        last = articles[-1].pk


def stats(session: Session) -> dict:
    """Row counts of the main tables."""
    return {name: session.scalar(select(func.count()).select_from(table)) for name, table in
            (("articles", ArticleRow), ("reports", ReportRow), ("incidents", IncidentRow),
             ("entities", EntityRow), ("cases", CaseRow), ("users", UserRow), ("audit", AuditRow))}


def iter_incidents(session: Session, filters: EventFilter | None = None, *, batch: int = 500, **kwargs):
    """Yield every matching incident in id order, `batch` rows at a time (exports)."""
    f = filters or EventFilter(**kwargs)
    last = 0
    while True:
        stmt = _incident_select(session, f).where(IncidentRow.id > last).order_by(IncidentRow.id).limit(batch)
        rows = list(session.scalars(stmt))
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def incident_articles(session: Session, incident_id: int, *, include_restricted: bool = False) -> list[ArticleRow]:
    """The articles behind an incident's reports, oldest first."""
    ids = select(ReportRow.article_id).where(ReportRow.incident_id == incident_id)
    if not include_restricted:
        ids = ids.where(visibility.public_report(session=session))
    stmt = select(ArticleRow).where(ArticleRow.id.in_(ids)).order_by(ArticleRow.pk)
    if not include_restricted:
        stmt = stmt.where(ArticleRow.id.not_in(visibility.private_articles(session)))
    return list(session.scalars(stmt))


def weekly_counts(session: Session, filters: EventFilter | None = None, **kwargs) -> list[dict]:
    """Incidents per ISO week (Monday) and type, for timeline charts: [{week, type, count}]."""
    from datetime import date as _date, timedelta
    f = filters or EventFilter(**kwargs)
    f.limit = None
    sub = _incident_select(session, f).subquery()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for day, type_ in session.execute(select(sub.c.date_start, sub.c.type).where(sub.c.date_start.is_not(None))):
        try:
            d = _date.fromisoformat(day[:10]) if len(day) >= 10 else _date.fromisoformat(day[:7] + "-01")
        except ValueError:
            continue
        counts[((d - timedelta(days=d.weekday())).isoformat(), type_)] += 1
    return [{"week": w, "type": t, "count": c} for (w, t), c in sorted(counts.items())]


def get_path(record: dict, path: str):
    """The value at a contract path ("place.venue") of an event dict, or None."""
    return _get(record, path)


def incident_select(session: Session, filters: EventFilter | None = None, **kwargs) -> Select:
    """The SELECT behind `query_incidents` (filters, full-text search, person), for callers that
    add their own ordering, paging or loader options."""
    return _incident_select(session, filters or EventFilter(**kwargs))
