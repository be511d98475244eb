"""Offsets from a normalised article text map back into the gold text."""
from __future__ import annotations

from protestwatch.eval.align import offset_mapper
from protestwatch.eval.run import to_gold_offsets

from .conftest import event, result


def test_align_identity():
    f = offset_mapper("abc", "abc")
    assert [f(i) for i in range(4)] == [0, 1, 2, 3]


def test_align_crlf_normalised_text_maps_back():
    gold = "Police came.\r\n\r\nThey arrested Ali.\r\n"
    norm = gold.replace("\r\n", "\n")
    res = to_gold_offsets(result(norm, event("detention", norm, "arrested")), gold)
    ev = res["events"][0]["evidence"][0]
    assert gold[ev["start"]:ev["end"]] == "arrested"


def test_align_mojibake_fixed_text_maps_back():
    gold = "the â€œbigâ€� arrest of 5"
    fixed = "the “big” arrest of 5"
    f = offset_mapper(fixed, gold)
    i = fixed.index("arrest")
    assert gold[f(i):f(i + 6)] == "arrest"
    assert f(len(fixed)) == len(gold)
