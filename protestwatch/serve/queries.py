"""Reads and review writes of the web app, on top of the store (protestwatch.store.repo and tables).

The store decides what restricted, rejected, merged and edited mean; this module shapes its rows
into the pages' and the API's views (schemas.py) and adds the few joins the pages need in one query.
Visibility is decided by the store (`protestwatch.store.visibility`): editors see everything,
everyone else only public records; nothing here filters restricted records on its own.
"""
from __future__ import annotations

import json
import math
from datetime import timezone
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session, defer, selectinload

from ..link.incidents import name_key as person_key
from ..store import generation, repo, visibility
from ..store.tables import (ArticleRow, CaseRow, EntityRow, IncidentRow, ParticipantRow,
                            ReportRow, UserRow)
from . import edits
from .auth import ROLES, CurrentUser
from .schemas import (ArticleView, AuditChange, AuditEntry, CaseDetail, CaseStage, EventFilters, EventItem,
                      EventPage, FieldAlternative, FieldValue, IncidentDetail, PersonRef, ReportView,
                      SourceRef)

# Rows of the incident page's field table, in order; paths as in the store's `edits` and `sources`.
FIELD_PATHS = ("type", "subtype", "modality", "scope", "date.start", "date.end", "date.precision", "date.text",
               "place.name", "place.venue", "place.admin1", "place.country", "place.lat", "place.lon",
               "place.geonames_id", "place.precision", "participants", "size.low", "size.high", "size.text", "claims", "sign_text",
               "legal.charges", "legal.plea", "legal.outcome", "legal.sentence.kind", "legal.sentence.term",
               "legal.sentence.days", "legal.sentence.amount", "legal.sentence.currency",
               "legal.sentence.suspended", "confidence")

# ---- users -------------------------------------------------------------------------------------

def session_user(db: Session, sid: str | None) -> CurrentUser | None:
    """The user of a live server-side session (ended, expired or deactivated ones give None)."""
    from .auth import SESSION_MAX_AGE
    row = repo.session_user(db, sid, max_age=SESSION_MAX_AGE) if sid else None
    if row is None or row.role not in ROLES:
        return None
    return CurrentUser(row.id, row.name, row.role)


def authenticate(db: Session, name: str, password: str) -> CurrentUser | None:
    """Return the user when name and password match an active account (the store checks argon2)."""
    row = repo.verify_user(db, name, password)
    return CurrentUser(row.id, row.name, row.role) if row is not None and row.role in ROLES else None


def add_user(db: Session, name: str, role: str, password: str, *, by: str | None = None) -> UserRow:
    """Create a user, or set the role and password of an existing one; the store logs both."""
    if repo.get_user(db, name) is None:
        return repo.add_user(db, name, role, password, by=by)
    repo.set_role(db, name, role, by=by)
    return repo.set_password(db, name, password, by=by)


# ---- filters -----------------------------------------------------------------------------------

def store_filter(filters: EventFilters, see_restricted: bool, **kw) -> repo.EventFilter:
    country = filters.country.strip().upper()[:2] if filters.country else None
    return repo.EventFilter(type=filters.type, country=country, since=filters.since, until=filters.until,
                            person=filters.person, q=filters.q, include_restricted=see_restricted,
                            scope=None if filters.scope == "all" else filters.scope,
                            include_rejected=see_restricted, **kw)


# Lists show only plain columns; not decoding the JSON ones triples the list's speed.
_LIST_ONLY = (defer(IncidentRow.merged), defer(IncidentRow.disagreements), defer(IncidentRow.edits))


def incident_rows(db: Session, filters: EventFilters, *, see_restricted: bool, limit: int | None = None,
                  offset: int = 0) -> list[IncidentRow]:
    """Incidents matching the filters, newest first, by the store's query (JSON columns not loaded)."""
    f = store_filter(filters, see_restricted, limit=limit, offset=offset)
    stmt = (repo.incident_select(db, f).options(*_LIST_ONLY)
            .order_by(IncidentRow.date_start.desc().nulls_last(), IncidentRow.id))
    if limit:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return list(db.scalars(stmt))


# ---- lists -------------------------------------------------------------------------------------

def _persons_by_incident(db: Session, ids: list[int], see_restricted: bool) -> dict[int, list[PersonRef]]:
    """People named in each incident's visible reports, one entry per person (entity). For the
    public, `ids` are public incidents (chosen by a public query or check in this session)."""
    if not ids:
        return {}
    stmt = (select(ReportRow.incident_id, ParticipantRow.name, ParticipantRow.key, ParticipantRow.entity_id,
                   EntityRow.name, CaseRow.id, CaseRow.restricted)
            .join(ParticipantRow, ParticipantRow.report_id == ReportRow.id)
            .outerjoin(EntityRow, EntityRow.id == ParticipantRow.entity_id)
            .outerjoin(CaseRow, CaseRow.entity_id == ParticipantRow.entity_id)
            .where(ReportRow.incident_id.in_(ids), ParticipantRow.kind == "person")
            .order_by(ParticipantRow.id))
    public_cases = None
    if not see_restricted:
        stmt = stmt.where(visibility.report_of_public_incident())
    rows = db.execute(stmt).all()
    if not see_restricted:
        # Only the cases on this page: the public ones of the whole store are the whole store.
        among = {row[5] for row in rows if row[5] is not None}
        public_cases = set(db.scalars(visibility.public_case_ids(db, among=among))) if among else set()
    out: dict[int, list[PersonRef]] = {}
    seen: set = set()
    for inc, name, name_key, entity_id, entity_name, case_id, _case_restricted in rows:
        key = (inc, entity_id or name_key)
        if key in seen:
            continue
        seen.add(key)
        if public_cases is not None:
            # The name this public report gives, not the canonical one (which may come from a
            # restricted report); a case link only when the case has public steps.
            case_id = case_id if case_id in public_cases else None
            entity_name = None
        out.setdefault(inc, []).append(PersonRef(id=entity_id, case_id=case_id, name=entity_name or name))
    _edited_persons(db, ids, out)
    return out


def _edited_participants(db: Session, ids: list[int]) -> dict[int, list]:
    """A reviewer's participants of these incidents, where there are any (few incidents are
    edited: the JSON is decoded only where its text names the field)."""
    if not ids:
        return {}
    maybe = (select(IncidentRow.id, IncidentRow.edits)
             .where(IncidentRow.id.in_(ids), cast(IncidentRow.edits, Text).like('%"participants"%')))
    return {i: e["participants"] or [] for i, e in db.execute(maybe) if isinstance(e, dict) and "participants" in e}


def _edited_persons(db: Session, ids: list[int], out: dict[int, list[PersonRef]], edited: dict | None = None) -> None:
    """A reviewer's participants replace the extracted people: a name already linked keeps its page."""
    from ..link.incidents import name_key
    for inc, participants in (_edited_participants(db, ids) if edited is None else edited).items():
        known = {name_key(ref.name): ref for ref in out.get(inc, [])}
        people = [p["name"] for p in participants if isinstance(p, dict) and p.get("kind") == "person"]
        out[inc] = [known.get(name_key(n)) or PersonRef(name=n) for n in dict.fromkeys(people)]


def _titles_by_incident(db: Session, ids: list[int], see_restricted: bool) -> dict[int, str]:
    """The first visible report's title of each incident; for the public, `ids` are public incidents."""
    if not ids:
        return {}
    stmt = (select(ReportRow.incident_id, ArticleRow.title).join(ArticleRow, ArticleRow.id == ReportRow.article_id)
            .where(ReportRow.incident_id.in_(ids)).order_by(ReportRow.id))
    if not see_restricted:
        stmt = stmt.where(visibility.report_of_public_incident())
    out: dict[int, str] = {}
    for inc, title in db.execute(stmt):
        if title and inc not in out:
            out[inc] = title
    return out


def _item(inc: IncidentRow, persons, titles, hidden: set[int] = frozenset()) -> EventItem:
    # The store keeps the plain columns at the effective value (machine overlaid with edits).
    return EventItem(
        incident_id=inc.id, type=inc.type, subtype=inc.subtype, modality=inc.modality,
        date_start=inc.date_start, date_end=inc.date_end, date_precision=inc.date_precision,
        place_name=inc.place_name, admin1=inc.admin1, country=inc.country, lat=inc.lat, lon=inc.lon,
        persons=persons.get(inc.id, []), n_reports=inc.n_reports or 0, n_sources=inc.n_sources or 0,
        review_state=inc.review_state, restricted=inc.id in hidden, title=titles.get(inc.id))


# Counting every match is the one part of a list whose cost grows with the store (a full pass
# over 100,000 incidents takes longer than the rest of the page); counts are kept per filter
# set and store generation (store/generation.py: every commit that writes records moves it).
# A session that has written counts afresh and keeps nothing.
_COUNTS = generation.Kept(max_entries=512)


def count_events(db: Session, filters: EventFilters, *, see_restricted: bool) -> int:
    return _COUNTS.get(db, (filters.model_dump_json(), see_restricted),
                       lambda: repo.count_incidents(db, store_filter(filters, see_restricted)) or 0)


def list_events(db: Session, filters: EventFilters, *, page: int = 1, per_page: int = 50,
                see_restricted: bool = False) -> EventPage:
    """One page of incidents matching the filters, newest first."""
    total = count_events(db, filters, see_restricted=see_restricted)
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = incident_rows(db, filters, see_restricted=see_restricted, limit=per_page, offset=(page - 1) * per_page)
    ids = [r.id for r in rows]
    persons = _persons_by_incident(db, ids, see_restricted)
    titles = _titles_by_incident(db, ids, see_restricted)
    hidden = visibility.hidden_among(db, ids) if see_restricted else set()
    return EventPage(items=[_item(r, persons, titles, hidden) for r in rows], total=total, page=page,
                     per_page=per_page, pages=pages)


# The map draws at most this many points, the newest first (a bounded walk of the date index,
# whatever the store's size); the response says how many matched and whether it was cut.
MAP_LIMIT = 1000


def _person_names(db: Session, ids: list[int], see_restricted: bool) -> dict[int, list[str]]:
    """The names `_persons_by_incident` gives each of these incidents, without the person and
    case links (the map shows names only). For the public, `ids` are public incidents (the
    caller's query chose them in this session), so their public reports are the not rejected ones."""
    if not ids:
        return {}
    stmt = (select(ReportRow.incident_id, ParticipantRow.name, ParticipantRow.key, ParticipantRow.entity_id,
                   *((EntityRow.name,) if see_restricted else ()))
            .join(ParticipantRow, ParticipantRow.report_id == ReportRow.id)
            .where(ReportRow.incident_id.in_(ids), ParticipantRow.kind == "person")
            .order_by(ParticipantRow.id))
    if see_restricted:
        stmt = stmt.outerjoin(EntityRow, EntityRow.id == ParticipantRow.entity_id)
    else:
        stmt = stmt.where(visibility.report_of_public_incident())
    names: dict[int, list[str]] = {}
    seen: set = set()
    for inc, name, name_key, entity_id, *entity_name in db.execute(stmt):
        if (inc, entity_id or name_key) not in seen:
            seen.add((inc, entity_id or name_key))
            names.setdefault(inc, []).append((entity_name[0] if entity_name else None) or name)
    # As `_edited_persons`: a reviewer's people replace the extracted ones (few incidents are edited).
    edited = _edited_participants(db, ids)
    refs = {inc: [PersonRef.model_construct(name=n) for n in names.get(inc, [])] for inc in edited}
    _edited_persons(db, list(edited), refs, edited)
    names.update({inc: [p.name for p in people] for inc, people in refs.items()})
    return names


def map_points(db: Session, filters: EventFilters, *, see_restricted: bool = False, limit: int = MAP_LIMIT) -> dict:
    """Incidents with coordinates as an RFC 7946 FeatureCollection (lon, lat order), newest first,
    at most `limit`; foreign members `truncated` and `matched` (all incidents matching the filters).
    Only the columns a point shows are read (not the rows' JSON)."""
    f = store_filter(filters, see_restricted, limit=None)
    i = IncidentRow
    stmt = (repo.incident_select(db, f)
            .with_only_columns(i.id, i.type, i.subtype, i.date_start, i.place_name, i.country, i.lat, i.lon,
                               i.n_reports)
            .where(i.lat.is_not(None), i.lon.is_not(None))
            .order_by(i.date_start.desc().nulls_last(), i.id).limit(limit + 1))
    rows = db.execute(stmt).all()
    truncated = len(rows) > limit
    rows = rows[:limit]
    names = _person_names(db, [r.id for r in rows], see_restricted)
    features = [{"type": "Feature", "id": r.id,
                 "geometry": {"type": "Point", "coordinates": [round(r.lon, 6), round(r.lat, 6)]},
                 "properties": {"incident_id": r.id, "type": r.type, "subtype": r.subtype,
                                "date_start": r.date_start, "place_name": r.place_name, "country": r.country,
                                "persons": names.get(r.id, []), "n_reports": r.n_reports or 0}}
                for r in rows]
    out = {"type": "FeatureCollection", "features": features, "truncated": truncated}
    if truncated:
        out["matched"] = count_events(db, filters, see_restricted=see_restricted)
    return out


def timeline_rows(db: Session, filters: EventFilters, *, see_restricted: bool = False) -> list[tuple[str | None, str]]:
    """(date_start, type) of every matching incident; the chart puts them in weeks."""
    sub = repo.incident_select(db, store_filter(filters, see_restricted, limit=None)).subquery()
    return [(d, t) for d, t in db.execute(select(sub.c.date_start, sub.c.type))]


# ---- incident ----------------------------------------------------------------------------------

def display(path: str, value: Any) -> str:
    """Write a field's value as one readable line."""
    if value is None or value == [] or value == {} or value == "":
        return "—"
    if path == "participants" and isinstance(value, list):
        return "; ".join(f"{p.get('role')}: {p.get('name')}" for p in value if isinstance(p, dict)) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if path.startswith("place.") else f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _get(d: Any, path: str) -> Any:
    return repo._get(d, path) if isinstance(d, dict) else None


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach an href; `javascript:` and the like are dropped."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _source_ref(r: ReportRow) -> SourceRef:
    a = r.article
    return SourceRef(report_id=r.id, article_id=a.id, title=a.title, source=a.source, url=safe_url(a.url))


def _edited_by(db: Session, inc_id: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in reversed(repo.audit_log(db, target_kind="incident", target_id=inc_id, limit=500)):
        if row.action in ("edit", "revert") and isinstance(row.after, dict):
            for path in row.after:
                out[path] = row.user or "unknown"
    return out


def _fields(db: Session, inc: IncidentRow, reports: list[ReportRow]) -> list[FieldValue]:
    machine = {k: v for k, v in (inc.merged or {}).items() if k != "sources"}
    sources = (inc.merged or {}).get("sources") or {}
    disagreements = inc.disagreements or {}
    edits = inc.edits or {}
    effective = repo.apply_edits(machine, edits)
    by_id = {r.id: r for r in reports}
    edited_by = _edited_by(db, inc.id) if edits else {}
    out = []
    for path in FIELD_PATHS:
        value, mvalue = _get(effective, path), _get(machine, path)
        edited = path in edits
        alts = [a for a in disagreements.get(path, []) if isinstance(a, dict) and a.get("value") != mvalue]
        if value in (None, [], "") and not edited and not alts:
            continue
        if path == "participants":
            ids = sorted({i for p in value or [] if isinstance(p, dict) for i in p.get("reports", [])})
        elif path == "type":
            ids = [r.id for r in reports if (r.machine or {}).get("type") == mvalue]
        elif path == "confidence":
            ids = [r.id for r in reports if (r.machine or {}).get("confidence") == mvalue][:1]
        else:
            ids = list(sources.get(path, []))
        out.append(FieldValue(
            name=path, value=value, display=display(path, value), machine=mvalue,
            machine_display=display(path, mvalue), edited=edited, edited_by=edited_by.get(path),
            sources=[_source_ref(by_id[i]) for i in ids if i in by_id],
            alternatives=[FieldAlternative(value=a.get("value"), display=display(path, a.get("value")),
                                           sources=[_source_ref(by_id[i]) for i in a.get("reports", []) if i in by_id])
                          for a in alts]))
    return out


def incident_detail(db: Session, incident_id: int, *, see_restricted: bool = False) -> IncidentDetail | None:
    inc = repo.get_incident(db, incident_id)
    if inc is None or (not see_restricted and not visibility.incident_is_public(db, inc.id)):
        return None
    reports = repo.incident_reports(db, inc.id, include_restricted=see_restricted)
    persons = _persons_by_incident(db, [inc.id], see_restricted).get(inc.id, [])
    reasons = visibility.restriction_reasons(db, inc.id) if see_restricted else []
    return IncidentDetail(
        id=inc.id, type=inc.type, subtype=inc.subtype, review_state=inc.review_state, restricted=bool(reasons),
        restricted_because=reasons,
        merged={k: v for k, v in (inc.merged or {}).items() if k != "sources"}, edits=inc.edits or {},
        fields=_fields(db, inc, reports), persons=persons,
        reports=[ReportView(id=r.id, event=r.machine or {}, review_state=r.review_state, edits=r.edits or {},
                            article=ArticleView(id=r.article.id, title=r.article.title, url=safe_url(r.article.url),
                                                source=r.article.source, published=r.article.published,
                                                language=r.article.language, text=r.article.text))
                 for r in reports])


def place_candidates(inc: IncidentDetail) -> list[dict]:
    """The other gazetteer records the incident's place name may stand for, best first; an editor
    picks one by its geonames id."""
    place = repo.apply_edits(inc.merged, inc.edits).get("place") or {}
    return [a for a in place.get("alternatives") or [] if isinstance(a, dict) and a.get("geonames_id")]


# ---- cases -------------------------------------------------------------------------------------

def _summary(ev: dict) -> str | None:
    bits = []
    legal = ev.get("legal") or {}
    if legal.get("charges"):
        bits.append("charged with " + ", ".join(legal["charges"]))
    if legal.get("outcome"):
        bits.append(legal["outcome"])
    s = legal.get("sentence") or {}
    if s.get("kind") or s.get("term") or s.get("amount"):
        bits.append("sentence: " + " ".join(str(x) for x in (s.get("kind"), s.get("term"), s.get("amount"),
                                                              s.get("currency")) if x))
    if ev.get("claims"):
        bits.append("over " + "; ".join(ev["claims"][:2]))
    return "; ".join(bits) or None


def _named_in_edit(inc: IncidentRow, keys: list[str]) -> bool:
    """False when a reviewer edited the incident's participants and none of them is this person
    (the same key, or two full names alike by `name_similarity`; a lone surname among the
    person's spellings does not claim everyone of that surname); True when not edited."""
    if not isinstance(inc.edits, dict) or "participants" not in inc.edits:
        return True
    from ..link.incidents import name_similarity
    names = [person_key(p.get("name") or "") for p in inc.edits["participants"] or []
             if isinstance(p, dict) and p.get("kind") == "person"]
    return any(k == key or (" " in k and " " in key and name_similarity(key, k) >= 0.85)
               for k in names if k for key in keys)


def case_detail(db: Session, case: CaseRow, *, see_restricted: bool = False) -> CaseDetail | None:
    """A case's chain in the store's order; for the public only its steps in public incidents,
    with the names and latest stage those give (None when no step is public)."""
    ids = [s.incident_id for s in case.steps if s.incident_id is not None]
    if see_restricted:
        visible = set(ids)
    else:
        if case.restricted:
            return None
        visible = set(db.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(ids),
                                                                visibility.public_incident(session=db))))
        if not visible:
            return None
    incidents = {i.id: i for i in db.scalars(select(IncidentRow).where(IncidentRow.id.in_(visible)))}
    keys = [k for k in (person_key(n) for n in [case.name, *(case.aliases or [])]) if k]
    stages = []
    for s in case.steps:
        inc = incidents.get(s.incident_id)
        if inc is None:
            continue  # a step of a hidden (or deleted) incident
        if not _named_in_edit(inc, keys):
            continue  # a reviewer's participants of this incident leave the person out
        eff = repo.apply_edits(inc.merged, inc.edits)
        place = ", ".join(x for x in (inc.venue, inc.place_name, inc.country) if x)
        stages.append(CaseStage(type=s.stage, subtype=eff.get("subtype"), date=s.date_start, incident_id=s.incident_id,
                                place=place or None, summary=_summary(eff), report_ids=list(s.report_ids or [])))
    name, aliases, stage = case.name, list(case.aliases or []), case.stage
    if not see_restricted:
        name, aliases, stage = repo.public_person(db, case.entity_id, case.name, [st.type for st in stages])
    return CaseDetail(id=case.entity_id, case_id=case.id, name=name,
                      aliases=[a for a in aliases if a != name], stage=stage, stages=stages)


def case_by_id(db: Session, case_id: int, *, see_restricted: bool = False) -> CaseDetail | None:
    case = db.scalar(select(CaseRow).where(CaseRow.id == case_id).options(selectinload(CaseRow.steps)))
    return case_detail(db, case, see_restricted=see_restricted) if case is not None else None


def case_for_person(db: Session, entity_id: int, *, see_restricted: bool = False) -> CaseDetail | None:
    """A person's page: their case, or their name alone; for the public only a person named in a
    public report, with public steps only."""
    entity = db.get(EntityRow, entity_id)
    if entity is None:
        return None
    names = [entity.name, *(entity.aliases or [])]
    if not see_restricted:
        names = visibility.public_names(db, entity_id)
        if not names:
            return None
    case = db.scalar(select(CaseRow).where(CaseRow.entity_id == entity_id).options(selectinload(CaseRow.steps)))
    detail = case_detail(db, case, see_restricted=see_restricted) if case is not None else None
    if detail is not None:
        return detail
    if case is not None and case.restricted and not see_restricted:
        return None
    name = entity.name if entity.name in names else names[0]
    return CaseDetail(id=entity.id, name=name, aliases=[a for a in names if a != name], stages=[])


# ---- audit -------------------------------------------------------------------------------------

def audit_entries(db: Session, *, incident_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    rows = (repo.audit_log(db, target_kind="incident", target_id=incident_id, limit=limit)
            if incident_id is not None else repo.audit_log(db, limit=limit))
    out = []
    for row in rows:
        field, changes = None, []
        if row.action in ("edit", "revert") and isinstance(row.after, dict):
            field = ", ".join(row.after)
            before = row.before if isinstance(row.before, dict) else {}
            changes = [AuditChange(field=k, before=before.get(k), after=v) for k, v in row.after.items()]
        inc = int(row.target_id) if row.target_kind == "incident" and row.target_id.isdigit() else None
        at = row.at.astimezone(timezone.utc) if row.at.tzinfo else row.at
        out.append(AuditEntry(id=row.id, at=at.strftime("%Y-%m-%d %H:%M:%S"), user=row.user, action=row.action,
                              target_kind=row.target_kind, target_id=row.target_id, incident_id=inc, field=field,
                              before=row.before, after=row.after, changes=changes, note=row.note))
    return out


# ---- review writes (the caller's session_scope commits) -------------------------------------------

class ReviewError(ValueError):
    """A review action that cannot be applied; the message says why."""


def _visible_or_error(db: Session, incident_id: int) -> IncidentRow:
    inc = repo.get_incident(db, incident_id)
    if inc is None:
        raise ReviewError(f"incident {incident_id} does not exist")
    return inc


def set_review_state(db: Session, incident_id: int, state: str, *, user: str, note: str | None = None) -> int:
    _visible_or_error(db, incident_id)
    repo.set_review_state(db, "incident", incident_id, state, user=user, note=note)
    return incident_id


def set_restricted(db: Session, incident_id: int, restricted: bool, *, user: str) -> int:
    _visible_or_error(db, incident_id)
    repo.set_restricted(db, "incident", incident_id, restricted, user=user)
    return incident_id


def edit_incident(db: Session, incident_id: int, changes: dict, *, user: str, revert: list[str] = (),
                  note: str | None = None) -> int:
    """Record a reviewer's values beside the machine's: `changes` maps field paths to submitted values
    (None or empty: cleared), `revert` lists paths whose machine value comes back. Checked and
    expanded by `edits.expand` (a place name re-geocodes); the store logs before and after."""
    inc = _visible_or_error(db, incident_id)
    unknown = [p for p in revert if p not in edits.FIELDS]
    if unknown:
        raise edits.EditError(f"{', '.join(unknown)} cannot be edited")
    if not changes and not revert:
        raise edits.EditError("nothing to change: submit a field's value, or a field to revert")
    typed, derived_note = edits.expand(db, inc, changes)
    revert = [p for p in revert if p not in typed]
    if "place.name" in revert:  # the machine's place comes back whole
        revert += [p for p in edits.GEO_PATHS if p != "place.name" and p in (inc.edits or {}) and p not in typed]
    if any(p in ("type", "subtype") for p in revert) and "crosswalk" in (inc.edits or {}):
        revert.append("crosswalk")
    full_note = "; ".join(n for n in (note, derived_note) if n) or None
    repo.edit_fields(db, "incident", incident_id, typed, user=user, note=full_note, revert=revert)
    return incident_id


def merge_incidents(db: Session, incident_id: int, other_id: int, *, user: str) -> int:
    """Merge two incidents (the store keeps the lower id); return the surviving id."""
    if incident_id == other_id:
        raise ReviewError("an incident cannot be merged with itself")
    try:
        return repo.merge_incidents(db, [incident_id, other_id], user=user).id
    except LookupError as exc:
        raise ReviewError(str(exc)) from None


def split_incident(db: Session, incident_id: int, report_ids: list[int], *, user: str) -> int:
    """Move the chosen reports of this incident into a new one; return the new incident's id."""
    members = set(db.scalars(select(ReportRow.id).where(ReportRow.incident_id == incident_id)))
    chosen = [i for i in report_ids if i in members]
    if not chosen:
        raise ReviewError("choose at least one report of this incident to split off")
    if len(chosen) == len(members):
        raise ReviewError("leave at least one report in the incident")
    return repo.split_reports(db, chosen, user=user).id
