"""The hidden ids are computed once per session and inlined (store/visibility.py): a restriction
set or lifted in the same session, and a session after a commit, see the change at once; past
INLINE_MAX the rules run as SQL with the same answer. SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from protestwatch.store import open_db, repo, session_scope, visibility
from protestwatch.store.tables import IncidentRow, ReportRow

from store_synthetic import make_results


def _public_ids(db) -> set[int]:
    return {r.id for r in repo.query_incidents(db, limit=None)}


def test_a_write_in_the_same_session_is_seen_by_the_next_read(db_url, monkeypatch):
    engine = open_db(db_url)
    with session_scope(engine) as db:
        for r in make_results(6, seed=3):
            repo.save_result(db, r)
        repo.link_pending(db)
    with session_scope(engine) as db:
        before = _public_ids(db)
        target = min(before)
        report = db.scalar(select(ReportRow).where(ReportRow.incident_id == target))
        repo.set_restricted(db, "report", report.id, True, user="t")
        assert target not in _public_ids(db) and not visibility.incident_is_public(db, target)
        assert report.article_id in visibility.hidden_state(db).private
        repo.set_restricted(db, "report", report.id, False, user="t")
        assert _public_ids(db) == before
        db.get(IncidentRow, target).restricted = True  # a plain attribute change, not yet flushed
        assert target not in _public_ids(db)
    with session_scope(engine) as db:
        assert _public_ids(db) == before - {target}
        inlined = visibility.hidden_state(db)
        monkeypatch.setattr(visibility, "INLINE_MAX", 0)  # the SQL rules instead of literal ids
        db.info.pop(visibility._KEY, None)
        assert _public_ids(db) == before - {target} and visibility.hidden_state(db).hidden == inlined.hidden
