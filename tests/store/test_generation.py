"""The store generation (store/generation.py) keeps the hidden ids and list totals across
sessions until a commit writes records: every kind of write that can hide or show an incident,
including ones that add no row (a case flag, a report moved by linking), is seen by the next
reader; a session that wrote and rolled back leaves nothing behind. SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from protestwatch.serve import queries
from protestwatch.serve.schemas import EventFilters
from protestwatch.store import generation, open_db, repo, session_scope, visibility
from protestwatch.store.tables import CaseRow, IncidentRow, ParticipantRow, ReportRow

from store_synthetic import make_results


def _stored(db_url, n=8, seed=5):
    engine = open_db(db_url)
    with session_scope(engine) as db:
        for r in make_results(n, seed=seed):
            repo.save_result(db, r)
        repo.link_pending(db)
        repo.rebuild_cases(db)
    return engine


def _read(engine):
    """A reader as the web app has one: public ids (through the shared hidden ids) and the list total."""
    with session_scope(engine, write=False) as db:
        ids = {r.id for r in repo.query_incidents(db, limit=None)}
        total = queries.count_events(db, EventFilters(scope="all"), see_restricted=False)
        return ids, total, generation.current(db)


def test_a_flag_set_without_an_audit_row_is_seen_by_the_next_reader(db_url):
    engine = _stored(db_url)
    before, total, gen = _read(engine)
    assert total == len(before) and _read(engine)[2] == gen  # reading moves nothing
    with session_scope(engine) as db:  # a plain attribute change: no new id, no audit row
        case = db.scalar(select(CaseRow).join(ParticipantRow, ParticipantRow.entity_id == CaseRow.entity_id)
                         .join(ReportRow, ReportRow.id == ParticipantRow.report_id)
                         .where(ReportRow.incident_id.in_(before)).order_by(CaseRow.id).limit(1))
        case.restricted = True
        hidden = set(db.scalars(select(ReportRow.incident_id).join(ParticipantRow, ParticipantRow.report_id == ReportRow.id)
                                .where(ParticipantRow.entity_id == case.entity_id)))
    after, total_after, gen_after = _read(engine)
    assert gen_after == gen + 1
    assert hidden and not hidden & after and after == before - hidden and total_after == len(after)


def test_a_report_linked_into_an_existing_incident_is_seen(db_url):
    engine = _stored(db_url)
    with session_scope(engine) as db:
        report = db.scalar(select(ReportRow).order_by(ReportRow.id).limit(1))
        target, article = report.incident_id, report.article_id
        repo.set_restricted(db, "article", article, True, user="t")
        report.incident_id = None  # as if not linked yet: the restriction hides no incident
    assert target in _read(engine)[0]
    with session_scope(engine) as db:
        db.get(ReportRow, report.id).incident_id = target  # linking: no row added
    assert target not in _read(engine)[0]


def test_a_rolled_back_write_leaves_the_shared_state_as_it_was(db_url):
    engine = _stored(db_url)
    before, total, gen = _read(engine)
    target = min(before)
    with session_scope(engine) as db:
        repo.set_restricted(db, "incident", target, True, user="t")
        assert generation.current(db) is None  # it wrote: its own hidden ids, kept nowhere
        assert target not in {r.id for r in repo.query_incidents(db, limit=None)}
        assert queries.count_events(db, EventFilters(scope="all"), see_restricted=False) == total - 1
        db.rollback()
    assert _read(engine) == (before, total, gen)
    with session_scope(engine) as db:  # the same change committed: a new generation
        repo.set_restricted(db, "incident", target, True, user="t")
    ids, total_after, gen_after = _read(engine)
    assert target not in ids and total_after == total - 1 and gen_after == gen + 1


def test_logins_and_reads_do_not_move_the_generation(db_url):
    engine = _stored(db_url, n=3)
    gen = _read(engine)[2]
    with session_scope(engine) as db:
        user = repo.add_user(db, "ed", "editor", "a long password here", by=None)
    gen = _read(engine)[2]  # the user's audit row moved it once
    with session_scope(engine) as db:
        repo.start_session(db, user.id)
        visibility.hidden_state(db)
    assert _read(engine)[2] == gen


def test_scope_column_follows_incident_and_report_edits(db_url):
    engine = _stored(db_url, n=4)
    with session_scope(engine) as db:
        inc = db.scalar(select(IncidentRow).order_by(IncidentRow.id).limit(1))
        assert inc.scope == "political"
        reports = list(db.scalars(select(ReportRow).where(ReportRow.incident_id == inc.id)))
        for r in reports:
            repo.edit_fields(db, "report", r.id, {"scope": "ordinary"}, user="t")
        assert db.get(IncidentRow, inc.id).scope == "ordinary"
        repo.edit_fields(db, "incident", inc.id, {"scope": "political"}, user="t")
        assert db.get(IncidentRow, inc.id).scope == "political"
        repo.edit_fields(db, "incident", inc.id, {}, user="t", revert=["scope"])
        assert db.get(IncidentRow, inc.id).scope == "ordinary"
        ordinary = {i.id for i in repo.query_incidents(db, scope="ordinary", limit=None)}
        political = {i.id for i in repo.query_incidents(db, scope="political", limit=None)}
        assert ordinary == {inc.id} and inc.id not in political


def test_migration_fills_scope_as_the_store_keeps_it(db_url):
    from alembic import command
    from sqlalchemy import inspect

    from protestwatch.store.db import _alembic_config, writer
    engine = _stored(db_url, n=6)
    with session_scope(engine) as db:
        first, second = list(db.scalars(select(IncidentRow.id).order_by(IncidentRow.id).limit(2)))
        for r in db.scalars(select(ReportRow).where(ReportRow.incident_id == first)):
            repo.edit_fields(db, "report", r.id, {"scope": "ordinary"}, user="t")
        repo.edit_fields(db, "incident", second, {"scope": "ordinary"}, user="t")
        kept = dict(db.execute(select(IncidentRow.id, IncidentRow.scope)).all())
    assert kept[first] == kept[second] == "ordinary" and list(kept.values()).count("ordinary") == 2
    cfg = _alembic_config()
    with writer(engine).begin() as conn:  # back to a store without the column, then up again
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_scale_indexes")
    with engine.connect() as conn:
        assert "scope" not in {c["name"] for c in inspect(conn).get_columns("incidents")}
    engine.dispose()
    engine = open_db(db_url)
    with session_scope(engine) as db:
        assert dict(db.execute(select(IncidentRow.id, IncidentRow.scope)).all()) == kept
