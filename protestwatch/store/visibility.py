"""Who may see what: the one place that decides whether a stored record is public.

Editors see everything. Everyone else (anonymous visitors, viewers, public exports) sees a record
only when nothing restricted touches it. Only the flags an editor set are stored (`restricted` on
articles, reports, incidents and cases); what follows from them is derived here, in SQL, at read
time. So a report linked into a restricted incident after the restriction, an incident merged or
split later, or a case rebuilt later is covered with no extra write, and lifting a flag lifts
exactly what followed from it.

1. Restricted incidents: flagged; or holding a flagged report, or a report of a flagged article;
   or a report naming a person whose case is flagged; or a step of a flagged case.
2. Private articles (text, URL, title, participants never public): flagged; or with a flagged
   report; or with a report in a restricted incident (1).
3. Hidden incidents: restricted (1), or holding a report of a private article (2), because their
   merged fields were built from that text. Splitting that report off publishes the rest.
4. Public incidents: not hidden (3) and not rejected. Public reports: not rejected, in a public
   incident (so their article is not private). Public people: named in a public report. Public
   cases: not flagged, with at least one step in a public incident.

The rules are written once, as uncorrelated SELECTs of ids built on fresh aliases. Readers pass
their session (`public_report(session=db)`, `hidden_incidents(db)`): the few hidden ids are then
computed once and inlined into each query, instead of the rules running as subqueries several
times per request. They are kept per store generation (store/generation.py: every commit that
writes records moves it), so requests share them until the store changes; a session that has
written computes its own, and a write in the session drops them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Select, and_, event, exists, select, union
from sqlalchemy.orm import Session, aliased

from . import generation
from .tables import ArticleRow, CaseRow, CaseStepRow, IncidentRow, ParticipantRow, ReportRow


def _restricted_incident_members() -> list[Select]:
    i, r, a, p, c = (aliased(IncidentRow), aliased(ReportRow), aliased(ArticleRow), aliased(ParticipantRow),
                     aliased(CaseRow))
    s, c2 = aliased(CaseStepRow), aliased(CaseRow)
    linked = r.incident_id.is_not(None)
    return [
        select(i.id).where(i.restricted.is_(True)),
        select(r.incident_id).where(linked, r.restricted.is_(True)),
        select(r.incident_id).join(a, a.id == r.article_id).where(linked, a.restricted.is_(True)),
        select(r.incident_id).join(p, p.report_id == r.id).join(c, c.entity_id == p.entity_id)
        .where(linked, c.restricted.is_(True)),
        select(s.incident_id).join(c2, c2.id == s.case_id).where(s.incident_id.is_not(None), c2.restricted.is_(True)),
    ]


@functools.cache  # a constant statement: built once (fresh aliases are slow to build)
def restricted_incident_ids():
    """Ids of incidents a restriction applies to directly (rule 1)."""
    return union(*_restricted_incident_members())


@functools.cache  # a constant statement: built once (fresh aliases are slow to build)
def private_article_ids():
    """Ids of articles whose text, URL and people are never public (rule 2)."""
    a, r, r2 = aliased(ArticleRow), aliased(ReportRow), aliased(ReportRow)
    return union(select(a.id).where(a.restricted.is_(True)),
                 select(r.article_id).where(r.restricted.is_(True)),
                 select(r2.article_id).where(r2.incident_id.in_(restricted_incident_ids())))


@functools.cache  # a constant statement: built once (fresh aliases are slow to build)
def hidden_incident_ids():
    """Ids of incidents that only editors see (rule 3); rejected ones are handled apart."""
    r = aliased(ReportRow)
    return union(*_restricted_incident_members(),
                 select(r.incident_id).where(r.incident_id.is_not(None), r.article_id.in_(private_article_ids())))


# ---- once per session: the hidden ids, computed and inlined ----------------------------------

# Few records are restricted, so their ids are computed once per session (one request) and put into
# each query as a literal list; the rules above run again as SQL only past this many ids.
INLINE_MAX = 1000
_KEY = "protestwatch.visibility"


@dataclass(frozen=True)
class Hidden:
    """What the rules hide, as sets (membership) and as what an IN clause takes (ids or SELECT)."""
    restricted: frozenset
    private: frozenset
    hidden: frozenset
    restricted_in: tuple | Select
    private_in: tuple | Select
    hidden_in: tuple | Select


def _inline(ids: frozenset, sql):
    return tuple(sorted(ids)) if len(ids) <= INLINE_MAX else sql()


# Aliases built once: building SQLAlchemy aliases per query cost more than the queries here.
_A, _R1, _R2, _R3 = aliased(ArticleRow), aliased(ReportRow), aliased(ReportRow), aliased(ReportRow)
_PI = aliased(IncidentRow)  # public_report's correlated EXISTS
_I, _R, _P, _C, _S = (aliased(IncidentRow), aliased(ReportRow), aliased(ParticipantRow), aliased(CaseRow),
                      aliased(CaseStepRow))


def _compute(session: Session) -> Hidden:
    restricted = frozenset(session.scalars(restricted_incident_ids()))
    restricted_in = _inline(restricted, restricted_incident_ids)
    a, r, r2, r3 = _A, _R1, _R2, _R3
    private = frozenset(session.scalars(union(
        select(a.id).where(a.restricted.is_(True)),
        select(r.article_id).where(r.restricted.is_(True)),
        select(r2.article_id).where(r2.incident_id.in_(restricted_in)))))
    private_in = _inline(private, private_article_ids)
    hidden = restricted | frozenset(session.scalars(
        select(r3.incident_id).where(r3.incident_id.is_not(None), r3.article_id.in_(private_in))))
    return Hidden(restricted, private, hidden, restricted_in, private_in, _inline(hidden, hidden_incident_ids))


# A few entries per database: the generation only moves forward.
_SHARED = generation.Kept(max_entries=4)


def _shared(session: Session) -> Hidden:
    return _SHARED.get(session, INLINE_MAX, lambda: _compute(session))


def hidden_state(session: Session) -> Hidden:
    """The hidden sets the session sees: those of its store generation, computed once for every
    session (and thread) that reads it; computed for this session alone once it has written; any
    write in the session drops them."""
    if session.new or session.dirty or session.deleted:
        session.flush()  # pending changes count (the flush drops the cache)
    state = session.info.get(_KEY)
    if state is None:
        state = session.info[_KEY] = _shared(session)
    return state


def _forget(session, *_args) -> None:
    session.info.pop(_KEY, None)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _forget)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state) -> None:
    if not state.is_select:  # an UPDATE/INSERT/DELETE through session.execute
        _forget(state.session)


def _hidden_in(session: Session | None):
    return hidden_state(session).hidden_in if session is not None else hidden_incident_ids()


# ---- clauses for queries (pass the session: the ids are then computed once and inlined) -----

def public_incident(column=IncidentRow.id, review_state=IncidentRow.review_state, *, session: Session | None = None):
    """A WHERE clause: the incident is public (rule 4)."""
    return and_(column.not_in(_hidden_in(session)), review_state != "rejected")


def public_incident_ids(session: Session | None = None) -> Select:
    i = _I
    return select(i.id).where(public_incident(i.id, i.review_state, session=session))


def public_report(report=ReportRow, *, session: Session | None = None):
    """A WHERE clause on a reports table (or alias): the report is public (rule 4).

    The incident is checked by its key (correlated EXISTS), not by IN (every public incident):
    that list is the whole store, and SQLite builds it again for every query."""
    i = _PI
    return and_(report.review_state != "rejected", report.restricted.is_(False),
                report.incident_id.not_in(_hidden_in(session)),
                exists().where(i.id == report.incident_id, i.review_state != "rejected"))


def report_of_public_incident(report=ReportRow):
    """A WHERE clause on reports of incidents the caller already knows are public (chosen with
    `public_incident` in this session): such an incident holds no restricted report and no report
    of a private article (rules 1-3), so its public reports are the ones not rejected. The
    restricted flag is checked all the same."""
    return and_(report.review_state != "rejected", report.restricted.is_(False))


def public_report_ids(session: Session | None = None) -> Select:
    r = _R
    return select(r.id).where(public_report(r, session=session))


def public_entity_ids(session: Session | None = None) -> Select:
    """People (entity ids) named in at least one public report."""
    p = _P
    return select(p.entity_id).where(p.entity_id.is_not(None), p.report_id.in_(public_report_ids(session)))


def public_case_ids(session: Session | None = None, among=None) -> Select:
    """Cases with a step in a public incident (joined by key, not IN every public incident);
    `among`: only these case ids."""
    c, s, i = _C, _S, _I
    stmt = (select(c.id).join(s, s.case_id == c.id).join(i, i.id == s.incident_id)
            .where(c.restricted.is_(False), public_incident(i.id, i.review_state, session=session)))
    return stmt.where(c.id.in_(list(among))) if among is not None else stmt


def hidden_incidents(session: Session):
    """What `IncidentRow.id.not_in(...)` takes to leave hidden incidents out (rule 3)."""
    return _hidden_in(session)


def private_articles(session: Session):
    """What `ArticleRow.id.not_in(...)` takes to leave private articles out (rule 2)."""
    return hidden_state(session).private_in


# ---- checks for one record ------------------------------------------------------------------

def incident_is_public(session: Session, incident_id: int) -> bool:
    if incident_id in hidden_state(session).hidden:
        return False
    return session.scalar(select(IncidentRow.id).where(IncidentRow.id == incident_id,
                                                       IncidentRow.review_state != "rejected")) is not None


def hidden_among(session: Session, incident_ids) -> set[int]:
    """Which of these incidents are hidden from the public (for editors' badges)."""
    return set(incident_ids) & hidden_state(session).hidden


def public_names(session: Session, entity_id: int) -> list[str]:
    """The spellings of a person that public reports give, in order of first mention."""
    rows = session.scalars(select(ParticipantRow.name).where(ParticipantRow.entity_id == entity_id,
                                                             ParticipantRow.report_id.in_(public_report_ids(session)))
                           .order_by(ParticipantRow.id))
    return list(dict.fromkeys(n for n in rows if n))


def restriction_reasons(session: Session, incident_id: int) -> list[str]:
    """Why an incident is hidden from the public, one line per cause, for editors."""
    inc = session.get(IncidentRow, incident_id)
    if inc is None:
        return []
    out = ["the incident is marked restricted"] if inc.restricted else []
    state = hidden_state(session)
    private, restricted_here = state.private, incident_id in state.restricted
    for r in session.scalars(select(ReportRow).where(ReportRow.incident_id == incident_id).order_by(ReportRow.id)):
        if r.restricted:
            out.append(f"report {r.id} is marked restricted")
        if r.article.restricted:
            out.append(f"the article of report {r.id} is marked restricted")
        elif r.article_id in private and not restricted_here:
            out.append(f"the article of report {r.id} also reports a restricted incident; "
                       f"split report {r.id} off to publish the rest")
    c, s, p, rr = CaseRow, CaseStepRow, ParticipantRow, ReportRow
    names = set(session.scalars(select(c.name).join(s, s.case_id == c.id)
                                .where(c.restricted.is_(True), s.incident_id == incident_id)))
    names |= set(session.scalars(select(c.name).join(p, p.entity_id == c.entity_id).join(rr, rr.id == p.report_id)
                                 .where(c.restricted.is_(True), rr.incident_id == incident_id)))
    out.extend(f"the case of {n} is marked restricted" for n in sorted(names))
    return out
