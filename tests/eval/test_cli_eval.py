"""The `eval` command end to end: scoring saved Results needs no model; running the extractor is slow."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from protestwatch.cli import _load_commands, app

from .conftest import event, result, shared_eval

runner = CliRunner()


def m2e2_records():
    """Two tiny M2E2 documents in the corpus' sentence-record shape."""
    def rec(sid, start, sentence, words, trigger=None, etype=None):
        index, pos = [], start
        for w in words:
            pos = sentence.index(w, pos - start) + start if w in sentence else pos
            index.append([str(pos), str(pos + len(w) - 1)])
            pos += len(w)
        ev = [{"trigger": {"start": trigger, "end": trigger + 1, "text": words[trigger]},
               "event_type": etype, "arguments": []}] if trigger is not None else []
        return {"sentence_id": sid, "sentence_start": start, "sentence_end": start + len(sentence),
                "sentence": sentence, "words": words, "index": index, "golden-event-mentions": ev}
    return [rec("VOA_EN_NW_2012.01.02.1_0", 0, "Police arrested Ali .", ["Police", "arrested", "Ali", "."],
                1, "Justice:Arrest-Jail"),
            rec("VOA_EN_NW_2012.01.03.2_0", 0, "Crowds protested .", ["Crowds", "protested", "."],
                1, "Conflict:Demonstrate")]


@pytest.fixture
def m2e2_file(tmp_path):
    p = tmp_path / "dev.json"
    p.write_text(json.dumps(m2e2_records()), encoding="utf-8")
    return p


def saved_results(tmp_path, texts):
    a, b = texts
    rows = [{**result(a, event("detention", a, "arrested")), "eval": {"format": "m2e2", "id": "VOA_EN_NW_2012.01.02.1"}},
            {**result(b, event("detention", b, "Crowds")), "eval": {"format": "m2e2", "id": "VOA_EN_NW_2012.01.03.2"}}]
    p = tmp_path / "pred.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


def invoke(*args):
    _load_commands()
    return runner.invoke(app, ["eval", *map(str, args)])


def test_cli_eval_json_from_saved_results(m2e2_file, tmp_path):
    from protestwatch.eval.loaders import load_gold
    texts = [d.text for d in load_gold("m2e2", m2e2_file).docs]
    out = invoke("m2e2", m2e2_file, "--json", "--results", saved_results(tmp_path, texts))
    assert out.exit_code == 0, out.output
    rep = json.loads(out.stdout)
    det, pro = rep["levels"]["mention"]["detention"], rep["levels"]["mention"]["protest"]
    assert (det["support"], det["found"], det["predicted"], det["correct"]) == (1, 1, 2, 1)
    assert pro["r"] == 0.0 and rep["documents"] == 2
    assert rep["errors"]["mention"]["protest"]["missed"][0]["word"] == "protested"
    assert rep["errors"]["mention"]["detention"]["false_on_gold_type"] == {"(no gold event)": 1}


def test_cli_eval_table_and_type_filter(m2e2_file, tmp_path):
    from protestwatch.eval.loaders import load_gold
    texts = [d.text for d in load_gold("m2e2", m2e2_file).docs]
    out = invoke("m2e2", m2e2_file, "--types", "detention", "--results", saved_results(tmp_path, texts))
    assert out.exit_code == 0, out.output
    assert "detention" in out.stdout and "micro" in out.stdout and "protest " not in out.stdout


def test_cli_eval_bad_input_exits_2(tmp_path, m2e2_file):
    assert invoke("nosuch", tmp_path).exit_code == 2
    assert invoke("m2e2", tmp_path / "missing.json").exit_code == 2
    assert invoke("m2e2", m2e2_file, "--results", tmp_path / "none.jsonl").exit_code == 2


@pytest.mark.slow
def test_cli_eval_runs_extractor_and_writes_predictions(tmp_path):
    path = shared_eval("m2e2")
    pred = tmp_path / "pred.jsonl"
    out = invoke("m2e2", path, "--json", "--limit", 3, "--predictions", pred)
    assert out.exit_code == 0, out.output
    rep = json.loads(out.stdout)
    lines = pred.read_text(encoding="utf-8").splitlines()
    assert rep["documents"] == 3 and len(lines) == 3
    assert all("events" in json.loads(x) and json.loads(x)["eval"]["format"] == "m2e2" for x in lines)
    again = invoke("m2e2", path, "--json", "--limit", 3, "--results", pred)
    assert json.loads(again.stdout)["levels"] == rep["levels"]


@pytest.mark.slow
def test_cli_eval_expected_seed(tmp_path):
    seed = shared_eval("../seed")
    out = invoke("expected", seed, "--json")
    assert out.exit_code == 0, out.output
    rep = json.loads(out.stdout)
    assert rep["files"][0]["file"] == "expected" and "event" in rep["levels"]
