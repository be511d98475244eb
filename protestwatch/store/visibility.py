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

Every helper returns an uncorrelated SELECT of ids built on fresh aliases, so it can be put in
any query (`IncidentRow.id.not_in(hidden_incident_ids())`) without correlating by accident.
"""
from __future__ import annotations

from sqlalchemy import Select, and_, select, union
from sqlalchemy.orm import Session, aliased

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


def restricted_incident_ids():
    """Ids of incidents a restriction applies to directly (rule 1)."""
    return union(*_restricted_incident_members())


def private_article_ids():
    """Ids of articles whose text, URL and people are never public (rule 2)."""
    a, r, r2 = aliased(ArticleRow), aliased(ReportRow), aliased(ReportRow)
    return union(select(a.id).where(a.restricted.is_(True)),
                 select(r.article_id).where(r.restricted.is_(True)),
                 select(r2.article_id).where(r2.incident_id.in_(restricted_incident_ids())))


def hidden_incident_ids():
    """Ids of incidents that only editors see (rule 3); rejected ones are handled apart."""
    r = aliased(ReportRow)
    return union(*_restricted_incident_members(),
                 select(r.incident_id).where(r.incident_id.is_not(None), r.article_id.in_(private_article_ids())))


def public_incident(column=IncidentRow.id, review_state=IncidentRow.review_state):
    """A WHERE clause: the incident is public (rule 4)."""
    return and_(column.not_in(hidden_incident_ids()), review_state != "rejected")


def public_incident_ids() -> Select:
    i = aliased(IncidentRow)
    return select(i.id).where(public_incident(i.id, i.review_state))


def public_report(report=ReportRow):
    """A WHERE clause on a reports table (or alias): the report is public (rule 4)."""
    return and_(report.review_state != "rejected", report.restricted.is_(False),
                report.incident_id.in_(public_incident_ids()))


def public_report_ids() -> Select:
    r = aliased(ReportRow)
    return select(r.id).where(public_report(r))


def public_entity_ids() -> Select:
    """People (entity ids) named in at least one public report."""
    p = aliased(ParticipantRow)
    return select(p.entity_id).where(p.entity_id.is_not(None), p.report_id.in_(public_report_ids()))


def public_case_ids() -> Select:
    c, s = aliased(CaseRow), aliased(CaseStepRow)
    return (select(c.id).join(s, s.case_id == c.id)
            .where(c.restricted.is_(False), s.incident_id.in_(public_incident_ids())))


# ---- checks for one record ------------------------------------------------------------------

def incident_is_public(session: Session, incident_id: int) -> bool:
    return session.scalar(select(IncidentRow.id).where(IncidentRow.id == incident_id, public_incident())) is not None


def hidden_among(session: Session, incident_ids) -> set[int]:
    """Which of these incidents are hidden from the public (for editors' badges)."""
    ids = list(incident_ids)
    if not ids:
        return set()
    return set(session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(ids),
                                                            IncidentRow.id.in_(hidden_incident_ids()))))


def public_names(session: Session, entity_id: int) -> list[str]:
    """The spellings of a person that public reports give, in order of first mention."""
    rows = session.scalars(select(ParticipantRow.name).where(ParticipantRow.entity_id == entity_id,
                                                             ParticipantRow.report_id.in_(public_report_ids()))
                           .order_by(ParticipantRow.id))
    return list(dict.fromkeys(n for n in rows if n))


def restriction_reasons(session: Session, incident_id: int) -> list[str]:
    """Why an incident is hidden from the public, one line per cause, for editors."""
    inc = session.get(IncidentRow, incident_id)
    if inc is None:
        return []
    out = ["the incident is marked restricted"] if inc.restricted else []
    private = set(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(private_article_ids()))))
    restricted_here = incident_id in set(session.scalars(
        select(IncidentRow.id).where(IncidentRow.id == incident_id, IncidentRow.id.in_(restricted_incident_ids()))))
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
