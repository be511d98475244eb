"""Loaders: documents rebuilt from the public corpora put every gold trigger at its offsets."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from protestwatch.eval.loaders import assemble_m2e2, detokenize, load_gold

from .conftest import shared_eval

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("fmt,sub", [("m2e2", "m2e2"), ("wikievents", "wikievents"), ("rams", "rams")])
def test_loader_trigger_text_at_offsets(fmt, sub):
    gold = load_gold(fmt, shared_eval(sub))
    mentions = [(d, m) for d in gold.docs for m in d.mentions]
    assert mentions
    for d, m in mentions:
        assert squash(d.text[m.start:m.end]) == squash(m.text), (d.id, m)
        for a in m.args:
            assert a.head in d.text[a.start:a.end]


def test_loader_m2e2_tokens_keep_their_offsets():
    path = shared_eval("m2e2") / "dev.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    gold = load_gold("m2e2", path)
    texts = {d.id: d.text for d in gold.docs}
    assert len(texts) == 119
    checked = 0
    for r in records:
        text = texts[r["sentence_id"].rsplit("_", 1)[0]]
        for w, (a, b) in zip(r["words"], r["index"]):
            if len(w) == int(b) - int(a) + 1:
                assert text[int(a):int(b) + 1] == w
                checked += 1
    assert checked > 90000
    counts = {t: sum(m.type == t for d in gold.docs for m in d.mentions) for t in gold.types}
    assert counts == {"protest": 81, "detention": 70}
    assert gold.docs[0].published == "2012-05-26"


def test_loader_m2e2_assembly_fills_dropped_last_character():
    sents = [{"sentence_start": 0, "sentence_end": 8, "sentence": "He left", "words": ["He", "left", "."],
              "index": [["0", "1"], ["3", "6"], ["7", "7"]]},
             {"sentence_start": 20, "sentence_end": 25, "sentence": "Bye", "words": ["Bye", "."],
              "index": [["20", "22"], ["23", "23"]]}]
    text = assemble_m2e2(sents)
    assert text[:8] == "He left." and text[20:24] == "Bye." and text[9] == "\n" and text[19] == "\n"


def test_loader_wikievents_types_and_roles():
    gold = load_gold("wikievents", shared_eval("wikievents"))
    assert len(gold.docs) == 20
    detention = [m for d in gold.docs for m in d.mentions if m.type == "detention"]
    assert len(detention) == 12
    assert {a.role for m in detention for a in m.args} <= {"detainee", "authority", "place"}


def test_loader_rams_one_event_per_window_and_recall_only():
    gold = load_gold("rams", shared_eval("rams"))
    assert len(gold.docs) == 924 and all(len(d.mentions) == 1 for d in gold.docs)
    assert not gold.exhaustive and "document" not in gold.levels


def test_detokenize_offsets():
    toks = ["He", "said", ",", '"', "we", "won", "'t", "go", '"', "(", "today", ")", "."]
    text, offs = detokenize(toks)
    assert text == 'He said, "we won\'t go" (today).'
    assert [text[a:b] for a, b in offs] == toks


def test_loader_ipe_sentences_and_labels():
    gold = load_gold("ipe", shared_eval("indiapoliceevents"))
    assert len(gold.docs) == 1257
    arrest = [s for d in gold.docs for s in d.sentences if "detention" in s.types]
    assert len(arrest) == 301
    assert sum("detention" in d.doc_types for d in gold.docs) == 128
    d = gold.docs[0]
    assert d.published == "2002-03-10" and d.text[d.sentences[1].start:d.sentences[1].end] == "lucknow:"


def test_loader_case2021_both_forms(tmp_path):
    folder = shared_eval("case2021")
    gold = load_gold("case2021", folder)  # sample_input.txt (id, snippet) + sample_output.txt (id, label)
    assert [sorted(d.doc_types) for d in gold.docs] == [[], ["protest"], [], [], ["police_violence", "protest"]]
    assert gold.levels == ("document",)
    three = tmp_path / "three.tsv"
    three.write_text("a\tPolice arrested him.\tARREST\nb\tA march.\tPEACE_PROTEST\n", encoding="utf-8")
    g3 = load_gold("case2021", three)
    assert [d.doc_types for d in g3.docs] == [{"detention"}, {"protest"}]
    bare = tmp_path / "bare.tsv"
    bare.write_text("a\tPolice arrested him.\n", encoding="utf-8")
    assert load_gold("case2021", bare).levels == ()
    labels = tmp_path / "gold.tsv"
    labels.write_text("a\tARREST\n", encoding="utf-8")
    assert load_gold("case2021", bare, labels=labels).docs[0].doc_types == {"detention"}


def test_loader_expected_seed_and_fixture_layouts(tmp_path):
    if not (SEED / "expected.json").exists():
        pytest.skip("../shared/seed is absent")
    seed = load_gold("expected", SEED)
    assert len(seed.docs) == 1 and seed.docs[0].published == "2020-08-04"
    assert "Azhibai" in seed.docs[0].text
    (tmp_path / "articles").mkdir()
    (tmp_path / "expected").mkdir()
    shutil.copy(SEED / "article.txt", tmp_path / "articles" / "solo_picket.txt")
    exp = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    exp["article"]["file"] = "solo_picket.txt"
    (tmp_path / "expected" / "solo_picket.json").write_text(json.dumps(exp), encoding="utf-8")
    fixtures = load_gold("expected", tmp_path)
    assert [d.id for d in fixtures.docs] == ["solo_picket"] and fixtures.docs[0].text == seed.docs[0].text


def test_loader_unknown_format_and_missing_path(tmp_path):
    with pytest.raises(ValueError):
        load_gold("ace05", tmp_path)
    with pytest.raises(FileNotFoundError):
        load_gold("m2e2", tmp_path / "nope.json")


@pytest.mark.parametrize("tokens,head", [(["the", "security", "forces"], "forces"), (["Russia", "'s"], "Russia"),
                                         (["Ali", "Khan", ","], "Khan"), ([","], ",")])
def test_head_word(tokens, head):
    from protestwatch.eval.loaders import head_word
    assert head_word(tokens) == head
