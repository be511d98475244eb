"""The event window: which sentences are parsed (nlp/prefilter.py), and the benchmark's text."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from protestwatch.nlp import prefilter
from protestwatch.nlp.prefilter import event_hits, event_window

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

SENTENCES = [
    "Weekend roundup from the city\n",
    "The weather was mild on Saturday. ",
    "Schools opened late. ",
    "Traffic was slow downtown. ",
    "Police detained three men outside the station. ",
    "The men were driven away in a van. ",
    "Markets rose in the afternoon. ",
    'A shopkeeper said "prices are too high for everyone". ',
    "Prices fell later. ",
    "The mayor opened a bridge.",
]
TEXT = "".join(SENTENCES)


def _kept(window: str) -> list[bool]:
    out, pos = [], 0
    for s in SENTENCES:
        out.append(bool(window[pos:pos + len(s)].strip()))
        pos += len(s)
    return out


def test_window_keeps_lede_and_one_sentence_each_side_of_a_hit():
    hits = event_hits(TEXT, common=True)
    assert [TEXT[h:h + 8] for h in hits] == ["detained"], "fixture sentences must hold one trigger word"
    window = event_window(TEXT)
    assert len(window) == len(TEXT)
    assert all(a == b or b == " " for a, b in zip(TEXT, window)), "only blanking, offsets kept"
    kept = _kept(window)
    hit = 4
    assert kept[0], "first line (headline, dateline) is kept"
    assert kept[hit - prefilter.NEAR_UNITS:hit + prefilter.NEAR_UNITS + 1] == [True] * (2 * prefilter.NEAR_UNITS + 1)
    assert not kept[hit + prefilter.NEAR_UNITS + 1] and not kept[-1], "far sentences are blanked"
    # a quoted sentence within QUOTE_UNITS of a hit is kept for its speaker and quote
    assert kept[7] == (7 - hit <= prefilter.QUOTE_UNITS)


def test_window_leaves_short_text_whole():
    short = "Police detained three men. They were released. Nobody was hurt."
    assert event_window(short) == short


@pytest.mark.skipif(not (EVAL / "m2e2" / "dev.json").exists(), reason="needs ../shared/eval (team data)")
def test_benchmark_rebuilds_m2e2_with_the_eval_loader():
    """The benchmark parses the text `protestwatch eval` scores: tokens at their offsets, so the
    sentence-final full stops that M2E2's sentence strings drop are back."""
    from protestwatch.eval.loaders import read_m2e2

    spec = importlib.util.spec_from_file_location("throughput", ROOT / "bench" / "throughput.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    pos, neg = bench.load_m2e2(EVAL / "m2e2" / "dev.json")
    texts = {d.text for d in read_m2e2(EVAL / "m2e2" / "dev.json").docs}
    assert pos and neg and {t for t, _ in pos + neg} == texts
    units = [len(list(prefilter.UNIT.finditer(t))) for t, _ in pos + neg]
    assert sorted(units)[len(units) // 2] > 8, "sentences end in punctuation, so a document has many units"
