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


@pytest.mark.skipif(not (EVAL / "m2e2" / "dev.json").exists() or not (EVAL / "indiapoliceevents").exists(),
                    reason="needs ../shared/eval (team data)")
def test_benchmark_reads_relevant_documents_with_the_eval_loaders():
    """The benchmark parses the text `protestwatch eval` scores: tokens at their offsets, so the
    sentence-final full stops that M2E2's sentence strings drop are back."""
    from protestwatch.eval.loaders import read_ipe, read_m2e2

    spec = importlib.util.spec_from_file_location("throughput", ROOT / "bench" / "throughput.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    relevant = bench.load_relevant(EVAL)
    texts = {d.text for d in read_m2e2(EVAL / "m2e2" / "dev.json").docs} | \
        {d.text for d in read_ipe(EVAL / "indiapoliceevents").docs}
    assert relevant and {t for t, _ in relevant} <= texts
    units = [len(list(prefilter.UNIT.finditer(t))) for t, _ in relevant]
    assert sorted(units)[len(units) // 2] > 8, "sentences end in punctuation, so a document has many units"
    stream = bench.make_stream(relevant, [("general", None)] * 5, 40)
    assert [t for t, _ in stream].count("general") == 38, "1 relevant document in 20"


def test_window_around_given_hits_only():
    """The pipeline passes the hits that kept their event sense: far sentences go even when they
    hold a trigger word judged non-event."""
    hit = TEXT.index("Police detained")
    assert _kept(event_window(TEXT, [])) == [True] + [False] * (len(SENTENCES) - 1)
    assert _kept(event_window(TEXT, [hit])) == _kept(event_window(TEXT))
