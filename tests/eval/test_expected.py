"""Expected-events scoring: the rules of ../shared/tools/score_expected.py on hand-built results."""
from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

from protestwatch.eval.expected import load_expected, name_match, score_expected

SHARED = Path(__file__).resolve().parents[3] / "shared"

EXPECTED = {
    "article": {"file": "a.txt", "published": "2020-08-04"},
    "events": [
        {"id": "picket", "type": "protest", "subtype": "solo_picket", "modality": "asserted",
         "date": {"start": "2020-08-03", "precision": "day"},
         "place": {"name": "Almaty", "country": "KZ"},
         "participants": [{"role": "protester", "name": "Serik Azhibai", "kind": "person"}],
         "size": {"low": 1, "high": 1}, "claims_contain": ["Zhang"]},
        {"id": "detention", "type": "detention",
         "participants": [{"role": "detainee", "name": "Serik Azhibai", "kind": "person"},
                          {"role": "authority", "name": "police", "kind": "authority"}]},
        {"id": "note", "type": "diplomatic_protest", "date": {"start": "2020-04", "precision": "month"},
         "participants": [{"role": "actor", "name": "Kazakhstan", "name_any": ["Kazakh"], "kind": "state"}]},
    ],
    "absent": [{"type": "police_violence", "modality": "asserted", "note": "hypothetical riots"}],
}


def ev(id_, type_, participants=(), **fields):
    return {"id": id_, "type": type_, "participants": [
        {"role": r, "name": n, "kind": "person"} for r, n in participants], **fields}


def good_result():
    return {"events": [
        ev("ev1", "protest", [("protester", "Azhibai")], subtype="solo_picket", modality="asserted",
           date={"start": "2020-08-03", "precision": "day"}, place={"name": "Almaty", "country": "kz"},
           size={"low": 1, "high": 1}, claims=["recall of Ambassador Zhang Xiao"]),
        ev("ev2", "detention", [("detainee", "Serik Azhibai"), ("authority", "Almaty police")]),
        ev("ev3", "diplomatic_protest", [("actor", "Kazakh foreign ministry")],
           date={"start": "2020-04-20", "precision": "month"}),
    ]}


def test_expected_all_matched_scores_one():
    s = score_expected(EXPECTED, good_result())
    assert s["recall"] == 1.0 and s["precision"] == 1.0 and s["fields"] == 1.0
    assert [r[:2] for r in s["rows"]] == [("picket", "ev1"), ("detention", "ev2"), ("note", "ev3")]
    assert s["false_events"] == [] and s["absent_hits"] == []


def test_expected_anchor_role_must_match():
    res = good_result()
    res["events"][1]["participants"][0]["role"] = "authority"  # Azhibai as the detaining authority
    s = score_expected(EXPECTED, res)
    assert s["rows"][1] == ("detention", None, [])
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["false_events"] == ["ev2"]
    assert s["precision"] == pytest.approx(2 / 3)


def test_expected_wrong_fields_lower_field_accuracy_only():
    res = good_result()
    res["events"][0]["subtype"] = "demonstration"
    res["events"][0]["date"]["start"] = "2020-08-04"
    s = score_expected(EXPECTED, res)
    assert s["recall"] == 1.0
    bad = [f for f, ok in s["rows"][0][2] if not ok]
    assert bad == ["subtype", "date.start"]
    n = sum(len(r[2]) for r in s["rows"])
    assert s["fields"] == pytest.approx((n - 2) / n)


def test_expected_date_compared_on_expected_precision():
    # "2020-04-20" matches an expected month "2020-04"; "2020-05-01" does not.
    s = score_expected(EXPECTED, good_result())
    assert ("date.start", True) in s["rows"][2][2]
    res = good_result()
    res["events"][2]["date"]["start"] = "2020-05-01"
    assert ("date.start", False) in score_expected(EXPECTED, res)["rows"][2][2]


def test_expected_absent_hit_and_unlisted_types():
    res = good_result()
    res["events"].append(ev("ev4", "police_violence", modality="asserted"))
    res["events"].append(ev("ev5", "sanction"))  # a type the file does not list: not scored
    s = score_expected(EXPECTED, res)
    assert s["absent_hits"] == [("hypothetical riots", "ev4")]
    assert s["false_events"] == ["ev4"]
    assert s["precision"] == pytest.approx(3 / 4)
    res["events"][3]["modality"] = "hypothetical"
    assert score_expected(EXPECTED, res)["absent_hits"] == []


def test_expected_one_prediction_per_expected_event():
    exp = {"events": [
        {"id": "a", "type": "protest", "participants": [{"role": "protester", "name": "workers", "kind": "group"}]},
        {"id": "b", "type": "protest", "participants": [{"role": "protester", "name": "workers", "kind": "group"}]},
    ]}
    res = {"events": [ev("p1", "protest", [("protester", "Striking workers")])]}
    s = score_expected(exp, res)
    assert [r[1] for r in s["rows"]] == ["p1", None]
    assert s["recall"] == 0.5 and s["precision"] == 1.0


def test_expected_best_match_wins_over_first():
    exp = {"events": [{"id": "a", "type": "protest", "subtype": "march",
                       "participants": [{"role": "protester", "name": "students", "kind": "group"}]}]}
    res = {"events": [ev("p1", "protest", [("protester", "students")], subtype="rally"),
                      ev("p2", "protest", [("protester", "students")], subtype="march")]}
    s = score_expected(exp, res)
    assert s["rows"][0][1] == "p2" and s["false_events"] == ["p1"]


def test_expected_empty_prediction_set():
    s = score_expected(EXPECTED, {"events": []})
    assert s["recall"] == 0.0 and s["precision"] == 0.0 and s["fields"] == 0.0


@pytest.mark.parametrize("exp,got,ok", [
    ({"name": "Serik Azhibai"}, "Azhibai", True),           # containment
    ({"name": "Almaty city court"}, "court of Almaty", True),  # shared token of 4+ letters
    ({"name": "US"}, "U.S. Treasury", False),               # "us" is too short to share
    ({"name": "United States", "name_any": ["U.S."]}, "U.S. Treasury", True),
    ({"name": "police"}, None, False),
])
def test_expected_name_match(exp, got, ok):
    assert name_match(exp, got) is ok


def test_expected_accepts_result_record():
    from protestwatch.records import Article, Extractor, Result
    rec = Result(article=Article(id="x", text="t"), extractor=Extractor(version="0"), events=())
    assert score_expected(EXPECTED, rec)["recall"] == 0.0


def test_expected_load_rejects_non_gold(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(json.dumps({"article": {}}), encoding="utf-8")
    with pytest.raises(ValueError):
        load_expected(p)


@pytest.mark.skipif(not (SHARED / "tools" / "score_expected.py").exists(),
                    reason="../shared/tools/score_expected.py is absent (user machine)")
def test_expected_agrees_with_shared_tool():
    """Our scorer and the shared reference tool give identical output on varied results."""
    spec = importlib.util.spec_from_file_location("ref_score", SHARED / "tools" / "score_expected.py")
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    gold = load_expected(SHARED / "seed" / "expected.json")
    variants = [good_result(), {"events": []}]
    broken = good_result()
    broken["events"][0]["participants"][0]["name"] = "someone else"
    broken["events"].append(ev("x", "protest", [("protester", "Kazakhs")], subtype="riot",
                               modality="asserted", claims=["release of relatives"]))
    variants.append(broken)
    for res in variants:
        assert score_expected(gold, copy.deepcopy(res)) == ref.score(gold, copy.deepcopy(res))


def test_expected_set_pools_files_like_score_expected():
    from protestwatch.eval.loaders import GoldDoc, GoldSet
    from protestwatch.eval.metrics import score_expected_set

    docs = [GoldDoc("a", "text", expected=EXPECTED), GoldDoc("b", "text", expected=EXPECTED)]
    gold = GoldSet("expected", "-", docs, ("protest", "detention", "diplomatic_protest", "police_violence"),
                   ("expected",))
    broken = good_result()
    broken["events"][1]["participants"][0]["name"] = "Nobody"  # detention no longer matches
    out = score_expected_set(gold, [good_result(), broken])
    micro = out["event"]["micro"]
    assert (micro["support"], micro["found"], micro["predicted"], micro["correct"]) == (6, 5, 6, 5)
    assert out["event"]["detention"]["r"] == 0.5
    assert [f["recall"] for f in out["files"]] == [1.0, round(2 / 3, 4)]
    assert out["fields"]["accuracy"] == 1.0  # over matched events only
    assert isinstance(out["fields"]["accuracy"], float)
