"""Scorers on hand-built gold and predictions: spans that overlap and spans that do not."""
from __future__ import annotations

import numpy as np
import pytest

from protestwatch.eval import evaluate
from protestwatch.eval.loaders import GoldArg, GoldDoc, GoldMention, GoldSentence, GoldSet
from protestwatch.eval.metrics import (argument_counts, bootstrap, document_counts, head_in, mention_counts,
                                       prf, score_gold, sentence_counts, summarize)

from .conftest import event, result

TEXT = "Police arrested Ali Khan in Almaty. Hundreds protested outside the court. Police also detained a student."


def mention(type_, word, args=(), occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(word, start + 1)
    return GoldMention(type_, type_ or "Other", start, start + len(word), word, list(args))


def arg(role, phrase):
    s = TEXT.index(phrase)
    return GoldArg(role, phrase, phrase.split()[-1], s, s + len(phrase))


@pytest.fixture
def doc():
    return GoldDoc("d1", TEXT, mentions=[
        mention("detention", "arrested", [arg("detainee", "Ali Khan"), arg("authority", "Police"), arg("place", "Almaty")]),
        mention("protest", "protested", [arg("protester", "Hundreds")]),
        mention("detention", "detained", [arg("detainee", "a student")]),
    ])


def test_mention_overlap_counts_and_non_overlap_is_false(doc):
    res = result(TEXT, event("detention", TEXT, "arrested Ali"),      # overlaps the trigger
               event("detention", TEXT, "court"))                     # overlaps no detention trigger
    assert mention_counts(doc, res, "detention") == [2, 1, 2, 1]


def test_mention_span_of_wrong_type_does_not_count(doc):
    res = result(TEXT, event("protest", TEXT, "arrested"))
    assert mention_counts(doc, res, "detention") == [2, 0, 0, 0]
    assert mention_counts(doc, res, "protest") == [1, 0, 1, 0]


def test_mention_adjacent_span_is_not_overlap(doc):
    s = TEXT.index("arrested")
    ev = {"id": "e", "type": "detention", "evidence": [{"field": "type", "start": s - 7, "end": s}]}  # "Police "
    assert mention_counts(doc, result(TEXT, ev), "detention") == [2, 0, 1, 0]


def test_mention_only_type_evidence_counts(doc):
    ev = event("detention", TEXT, "arrested")
    ev["evidence"][0]["field"] = "date"
    assert mention_counts(doc, result(TEXT, ev), "detention") == [2, 0, 0, 0]


def test_mention_duplicate_spans_count_once(doc):
    res = result(TEXT, event("detention", TEXT, "arrested"), event("detention", TEXT, "arrested"))
    assert mention_counts(doc, res, "detention") == [2, 1, 1, 1]


def test_document_level(doc):
    assert document_counts(doc, result(TEXT), "protest") == [1, 0, 0, 0]
    assert document_counts(doc, result(TEXT, event("protest", TEXT, "court")), "protest") == [1, 1, 1, 1]
    empty = GoldDoc("d2", "Nothing here.")
    assert document_counts(empty, result("Nothing here.", event("protest", "Nothing here.", "here")),
                           "protest") == [0, 0, 1, 0]
    assert document_counts(GoldDoc("d3", "x", labelled=False), result("x"), "protest") is None


def test_sentence_level():
    text = "he was held. a rally took place. nothing else."
    d = GoldDoc("s", text, sentences=[GoldSentence(0, 12, {"detention"}), GoldSentence(13, 32, set()),
                                      GoldSentence(33, 46, {"detention"})])
    res = result(text, event("detention", text, "held"), event("detention", text, "rally"))
    assert sentence_counts(d, res, "detention") == [2, 1, 2, 1]


def test_argument_role_and_head_word(doc):
    ev = event("detention", TEXT, "arrested", participants=[("detainee", "Ali Khan"), ("authority", "Khan")],
               place={"name": "Almaty"})
    # detainee ok, authority wrong (gold Police), place ok; the other trigger has no anchored event
    assert argument_counts(doc, result(TEXT, ev), "detention", {"detainee", "authority", "place"}) == [4, 2, 3, 2]


def test_argument_needs_event_anchored_on_trigger(doc):
    ev = event("detention", TEXT, "court", participants=[("detainee", "Ali Khan")])
    assert argument_counts(doc, result(TEXT, ev), "detention", {"detainee", "authority", "place"}) == [4, 0, 0, 0]


@pytest.mark.parametrize("head,name,ok", [("Khan", "Ali Khan", True), ("khan", "ALI KHAN", True),
                                          ("he", "Sheikh Ali", False), ("Ali", None, False)])
def test_head_in_whole_word(head, name, ok):
    assert head_in(head, name) is ok


def test_prf_edge_cases():
    assert prf([4, 2, 4, 3]) == (0.75, 0.5, pytest.approx(0.6))
    assert prf([3, 0, 0, 0]) == (None, 0.0, 0.0)   # nothing predicted
    assert prf([0, 0, 2, 0]) == (0.0, None, 0.0)   # nothing to find
    assert prf([0, 0, 0, 0]) == (None, None, None)


def test_bootstrap_interval_contains_point_estimate_and_is_reproducible():
    rng = np.random.default_rng(1)
    gold = rng.integers(0, 4, 60)
    found = np.minimum(gold, rng.integers(0, 4, 60))
    pred = rng.integers(0, 4, 60)
    ok = np.minimum(pred, found)
    per_doc = np.column_stack([gold, found, pred, ok])
    s = summarize(per_doc)
    for k in ("p", "r", "f1"):
        lo, hi = s["ci"][k]
        assert lo <= s[k] <= hi and lo < hi
    assert bootstrap(per_doc) == bootstrap(per_doc)


def test_bootstrap_single_document_interval_is_a_point():
    s = summarize(np.array([[2, 1, 2, 1]]))
    assert s["ci"]["f1"] == [0.5, 0.5] and s["f1"] == 0.5


def test_score_gold_micro_is_sum(doc):
    gold = GoldSet("m2e2", "-", [doc], ("protest", "detention"), ("mention", "document"))
    res = result(TEXT, event("detention", TEXT, "arrested"), event("protest", TEXT, "protested"),
                 event("protest", TEXT, "court"))
    out = score_gold(gold, [res])
    assert out["mention"]["detention"]["support"] == 2 and out["mention"]["detention"]["r"] == 0.5
    assert out["mention"]["protest"]["p"] == 0.5
    micro = out["mention"]["micro"]
    assert (micro["support"], micro["found"], micro["predicted"], micro["correct"]) == (3, 2, 3, 2)


def test_score_gold_recall_only_when_not_exhaustive(doc):
    gold = GoldSet("rams", "-", [doc], ("detention",), ("mention",), exhaustive=False)
    out = score_gold(gold, [result(TEXT, event("detention", TEXT, "court"))])
    s = out["mention"]["detention"]
    assert s["p"] is None and s["f1"] is None and s["r"] == 0.0


def test_evaluate_reports_missed_and_false_words(doc):
    gold = GoldSet("m2e2", "-", [doc], ("protest", "detention"), ("mention", "document"))
    rep = evaluate(gold, [result(TEXT, event("detention", TEXT, "court"))], types=["detention"])
    assert rep["types"] == ["detention"] and set(rep["levels"]["mention"]) == {"detention", "micro"}
    err = rep["errors"]["mention"]["detention"]
    assert [w["word"] for w in err["missed"]] == ["arrested", "detained"]
    assert err["false"][0]["word"] == "court" and "[court]" in err["false"][0]["examples"][0]


def test_score_gold_rejects_misaligned_results(doc):
    gold = GoldSet("m2e2", "-", [doc], ("protest",), ("mention",))
    with pytest.raises(ValueError):
        score_gold(gold, [])


def test_sentence_errors_name_false_words_and_missed_sentence_words():
    from protestwatch.eval.errors import sentence_errors
    texts = ["two men were nabbed by cops. a rally was held.", "three nabbed for theft. the rally ended."]
    docs = []
    for t in texts:
        first = t.index(".") + 1
        docs.append(GoldDoc(t[:5], t, sentences=[GoldSentence(0, first, {"detention"}),
                                                 GoldSentence(first + 1, len(t), set())]))
    gold = GoldSet("ipe", "-", docs, ("detention",), ("sentence", "document"))
    res = [result(t, event("detention", t, "rally")) for t in texts]
    err = sentence_errors(gold, res, ["detention"])["detention"]
    assert err["false"][0] == {"word": "rally", "count": 2, "examples": err["false"][0]["examples"]}
    assert err["missed_sentence_words"][0]["word"] == "nabbed"


def test_errors_no_false_words_when_gold_not_exhaustive(doc):
    from protestwatch.eval.errors import mention_errors
    res = [result(TEXT, event("detention", TEXT, "court"))]
    full = GoldSet("m2e2", "-", [doc], ("detention",), ("mention",))
    partial = GoldSet("rams", "-", [doc], ("detention",), ("mention",), exhaustive=False)
    assert mention_errors(full, res, ["detention"])["detention"]["false"][0]["word"] == "court"
    assert mention_errors(partial, res, ["detention"])["detention"]["false"] == []
