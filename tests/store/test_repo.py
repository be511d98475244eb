"""save / query / link / review / users against SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from protestwatch.store import repo, session_scope
from protestwatch.store.tables import ArticleRow, ReportRow

PICKET = "Serik Azhibai held a solo picket outside the Chinese consulate in Almaty on August 3. Police detained him."


def detention(name="Serik Azhibai", day="2020-08-03", city="Almaty", country="KZ", **kw):
    return {"type": "detention", "subtype": "detention",
            "date": {"start": day, "precision": "day"},
            "place": {"name": city, "country": country, "precision": "city"},
            "participants": [{"role": "detainee", "name": name, "kind": "person"}], **kw}


def picket(name="Serik Azhibai", day="2020-08-03", **kw):
    return {"type": "protest", "subtype": "solo_picket", "date": {"start": day, "precision": "day"},
            "place": {"name": "Almaty", "venue": "Chinese consulate", "country": "KZ", "precision": "venue"},
            "participants": [{"role": "protester", "name": name, "kind": "person"}],
            "size": {"low": 1, "high": 1}, "claims": ["Zhang Xiao"], **kw}


def test_save_result_idempotent_by_content_hash(engine, make_result):
    result = make_result(PICKET, [picket(), detention()])
    with session_scope(engine) as s:
        assert repo.save_result(s, result) is True
    with session_scope(engine) as s:
        assert repo.save_result(s, result) is False
        assert repo.stats(s)["articles"] == 1
        assert repo.stats(s)["reports"] == 2


def test_link_merges_reports_across_outlets_and_keeps_disagreements(engine, make_result):
    a = make_result(PICKET, [picket(), detention()], source="RFE/RL")
    b = make_result("Kazakh activist Serik Azihibai was detained by police in Almaty after a one-man "
                    "protest at China's consulate.", [picket("Serik Azihibai", size={"low": 2, "high": 2}),
                                                     detention("Serik Azihibai")], source="Eurasianet")
    c = make_result("In Astana, police detained Dana Zhanay on August 3 at a rally.",
                    [detention("Dana Zhanay", city="Astana")], source="Other")
    with session_scope(engine) as s:
        for r in (a, b, c):
            repo.save_result(s, r)
        summary = repo.link_pending(s)
    assert summary.linked == 5
    assert summary.incidents_created == 3
    with session_scope(engine, write=False) as s:
        incidents = repo.query_incidents(s)
        assert sorted(i.n_reports for i in incidents) == [1, 2, 2]
        protest = repo.query_incidents(s, type="protest")[0]
        assert protest.n_sources == 2
        assert {d["value"] for d in protest.disagreements["size.low"]} == {1, 2}
        record = repo.incident_record(s, protest, reports=True)
        assert len(record["reports"]) == 2 and record["sources"]["place.venue"]


def test_query_filters_and_full_text(engine, make_result):
    with session_scope(engine) as s:
        repo.save_result(s, make_result(PICKET, [picket(), detention()]))
        repo.save_result(s, make_result("Teachers marched in Bishkek demanding higher wages.",
                                        [{"type": "protest", "subtype": "march",
                                          "date": {"start": "2021-03-01", "precision": "day"},
                                          "place": {"name": "Bishkek", "country": "KG"},
                                          "participants": [{"role": "protester", "name": "teachers", "kind": "group"}]}]))
        repo.link_pending(s)
        repo.rebuild_cases(s)
    with session_scope(engine, write=False) as s:
        assert len(repo.query_incidents(s, country="kg")) == 1
        assert len(repo.query_incidents(s, since="2021")) == 1
        assert len(repo.query_incidents(s, until="2020-08")) == 2
        assert len(repo.query_incidents(s, q="consulate")) == 2
        assert len(repo.query_incidents(s, q="wages teachers")) == 1
        assert repo.query_incidents(s, q="nonexistentword") == []
        assert len(repo.query_incidents(s, person="Azhibay")) == 2
        assert repo.count_incidents(s, type="protest") == 2


def test_merge_and_split_reverse_automatic_decisions_and_are_audited(engine, make_result):
    with session_scope(engine) as s:
        repo.save_result(s, make_result(PICKET, [picket()]))
        repo.save_result(s, make_result("A one-man picket by Serik Azhibai at the consulate of China in Almaty.",
                                        [picket()], source="B"))
        repo.link_pending(s)
    with session_scope(engine) as s:
        (incident,) = repo.query_incidents(s)
        report_ids = [r.id for r in repo.incident_reports(s, incident.id)]
        new = repo.split_reports(s, report_ids[1:], user="alice", note="different day")
        assert repo.count_incidents(s) == 2
        merged = repo.merge_incidents(s, [incident.id, new.id], user="bob")
        assert merged.n_reports == 2 and repo.count_incidents(s) == 1
        actions = [a.action for a in repo.audit_log(s)]
        assert actions == ["merge", "split"]
    with session_scope(engine) as s:  # a later link pass leaves human decisions alone
        repo.save_result(s, make_result("Another text about Azhibai picketing the Chinese consulate in Almaty.",
                                        [picket()], source="C"))
        repo.link_pending(s)
        assert s.query(ReportRow).filter(ReportRow.link_locked.is_(True)).count() == 2


def test_a_none_edit_clears_and_revert_restores(engine, make_result):
    """None is a reviewer's clear, kept as an explicit null; `revert` brings the machine value back;
    the columns, the scope filter and the JSONL results follow the incident's edits."""
    with session_scope(engine) as s:
        repo.save_result(s, make_result(PICKET, [picket()]))
        repo.link_pending(s)
    with session_scope(engine) as s:
        (incident,) = repo.query_incidents(s)
        repo.edit_fields(s, "incident", incident.id, {"place.venue": None, "size.low": 3, "scope": "ordinary",
                                                       "legal.sentence.amount": None}, user="ed")
    with session_scope(engine, write=False) as s:
        assert repo.query_incidents(s, scope="political") == []
        (incident,) = repo.query_incidents(s, scope="ordinary")
        assert incident.venue is None and incident.size_low == 3 and incident.edits["place.venue"] is None
        assert incident.merged["place"]["venue"] == "Chinese consulate"
        effective = repo.apply_edits(incident.merged, incident.edits)
        assert "legal" not in effective  # clearing under an absent object adds nothing
        (result,) = repo.iter_results(s, repo.EventFilter(scope="ordinary"))
        assert result["events"][0]["place"]["venue"] is None and result["events"][0]["size"]["low"] == 3
        entry = repo.audit_log(s, target_kind="incident")[0]
        assert entry.before["place.venue"] == "Chinese consulate" and entry.after["place.venue"] is None
    with session_scope(engine) as s:
        repo.edit_fields(s, "incident", incident.id, {}, user="ed", revert=["place.venue", "scope"])
    with session_scope(engine, write=False) as s:
        (incident,) = repo.query_incidents(s, scope="political")
        assert incident.venue == "Chinese consulate" and set(incident.edits) == {"size.low", "legal.sentence.amount"}
        entry = repo.audit_log(s, target_kind="incident")[0]
        assert entry.action == "revert" and entry.after == {"place.venue": "Chinese consulate", "scope": None}


def test_edits_kept_beside_machine_output(engine, make_result):
    with session_scope(engine) as s:
        repo.save_result(s, make_result(PICKET, [picket()]))
        repo.link_pending(s)
    with session_scope(engine) as s:
        (incident,) = repo.query_incidents(s)
        repo.edit_fields(s, "incident", incident.id, {"date.start": "2020-08-02"}, user="ed")
        repo.set_review_state(s, "incident", incident.id, "accepted", user="ed")
    with session_scope(engine, write=False) as s:
        (incident,) = repo.query_incidents(s)
        assert incident.date_start == "2020-08-02"
        assert incident.merged["date"]["start"] == "2020-08-03"
        rec = repo.incident_record(s, incident)
        assert rec["date"]["start"] == "2020-08-02" and rec["machine"]["date"]["start"] == "2020-08-03"
        (entry, _) = repo.audit_log(s, target_kind="incident")[::-1][:2][::-1] if False else repo.audit_log(s)[::-1][:2]
        assert entry.action == "edit" and entry.before == {"date.start": "2020-08-03"}
        assert entry.after == {"date.start": "2020-08-02"} and entry.user == "ed"


def test_restricted_records_hidden_by_default(engine, make_result):
    with session_scope(engine) as s:
        repo.save_result(s, make_result(PICKET, [picket()]))
        repo.link_pending(s)
        article = s.query(ArticleRow).one()
        repo.set_restricted(s, "article", article.id, user="admin")
    with session_scope(engine, write=False) as s:
        assert repo.query_incidents(s) == []
        assert len(repo.query_incidents(s, include_restricted=True)) == 1
        assert list(repo.iter_results(s)) == []


def test_users_roles_and_argon2(engine):
    with session_scope(engine) as s:
        user = repo.add_user(s, "alice", "editor", "correct horse")
        assert user.password_hash.startswith("$argon2")
        with pytest.raises(ValueError):
            repo.add_user(s, "alice", "viewer")
        with pytest.raises(ValueError):
            repo.add_user(s, "bob", "superuser")
    with session_scope(engine) as s:
        assert repo.verify_user(s, "alice", "correct horse").role == "editor"
        assert repo.verify_user(s, "alice", "wrong") is None
        assert repo.verify_user(s, "nobody", "x") is None
        repo.set_role(s, "alice", "admin", by="root")
        assert repo.get_user(s, "alice").role == "admin"


def test_cases_follow_a_person_through_spelling_variants(engine, make_result):
    with session_scope(engine) as s:
        repo.save_result(s, make_result(PICKET, [picket(), detention()], published="2020-08-04"))
        repo.save_result(s, make_result("A court in Almaty sentenced activist Serik Azihibai to 15 days.",
                                        [{"type": "sentence", "date": {"start": "2020-08-05", "precision": "day"},
                                          "place": {"name": "Almaty", "country": "KZ"},
                                          "participants": [{"role": "defendant", "name": "Azihibai", "kind": "person",
                                                            "entity": "e1"}],
                                          "legal": {"sentence": {"kind": "custodial", "term": "P15D", "days": 15}}}],
                                        published="2020-08-06",
                                        entities=[{"id": "e1", "name": "Serik Azihibai", "kind": "person",
                                                   "aliases": ["Azihibai"]}]))
        repo.save_result(s, make_result("Dana Zhanay was detained in Astana.", [detention("Dana Zhanay", city="Astana")]))
        repo.link_pending(s)
        assert repo.rebuild_cases(s) == 2
    with session_scope(engine, write=False) as s:
        (case,) = repo.find_cases(s, "Azhibay")
        assert [st.stage for st in case.steps] == ["protest", "detention", "sentence"]
        assert case.stage == "sentence"
        assert "Azihibai" in case.aliases
