"""A content-level snapshot of a store (ids left out: PostgreSQL sequences skip on rollback)."""
from __future__ import annotations

from sqlalchemy import select

from protestwatch.store import open_db, repo, session_scope
from protestwatch.store.tables import ArticleRow, CaseRow, ReportRow


def snapshot(db) -> dict:
    engine = open_db(db)
    try:
        with session_scope(engine, write=False) as s:
            articles = set(s.scalars(select(ArticleRow.id)))
            reports = s.execute(select(ReportRow.article_id, ReportRow.event_key, ReportRow.incident_id)).all()
            groups: dict = {}
            for a, e, i in reports:
                groups.setdefault(i, set()).add((a, e))
            incidents = {frozenset(v) for v in groups.values()}
            cases = {(c.name, tuple(st.stage for st in c.steps)) for c in s.scalars(select(CaseRow))}
            return {"articles": articles, "reports": {(a, e) for a, e, _ in reports},
                    "n_reports": len(reports), "unlinked": sum(1 for *_, i in reports if i is None),
                    "incidents": incidents, "cases": cases, "stats": repo.stats(s)}
    finally:
        engine.dispose()
