"""The seed article (../shared/seed) scored against its hand-written gold: recall 1.00,
precision >= 0.90, fields >= 0.90 (issue 2, point 1)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"


@pytest.mark.slow
def test_seed_article_meets_its_gold() -> None:
    if not (SEED / "expected.json").exists():
        pytest.skip(f"no seed gold at {SEED}")
    import protestwatch
    from protestwatch.eval.expected import score_expected

    gold = json.loads((SEED / "expected.json").read_text("utf-8"))
    text = (SEED / gold["article"]["file"]).read_text("utf-8")
    result = protestwatch.extract(text, published=gold["article"]["published"],
                                  source=gold["article"].get("source")).model_dump(mode="json")
    score = score_expected(gold, result)
    assert score["recall"] == 1.0, score["rows"]
    assert score["precision"] >= 0.9, score["false_events"]
    assert score["fields"] >= 0.9, score["rows"]


@pytest.mark.slow
def test_seed_article_links_people_quotes_and_chain() -> None:
    if not (SEED / "article.txt").exists():
        pytest.skip(f"no seed article at {SEED}")
    import protestwatch

    result = protestwatch.extract((SEED / "article.txt").read_text("utf-8"), published="2020-08-04")
    people = {e.name: e for e in result.entities}
    assert "Azihibai" in people["Serik Azhibai"].aliases
    assert "Zhang" in people["Zhang Xiao"].aliases
    azhibai = people["Serik Azhibai"].id
    assert any(q.speaker == azhibai and q.text.startswith("We are not a Chinese autonomous region")
               for q in result.quotes)
    chain = next(c for c in result.chains if c.entity == azhibai)
    types = [next(e.type for e in result.events if e.id == ev) for ev in chain.events]
    assert types.index("protest") < types.index("detention") < types.index("conviction") < types.index("sentence")
    for event in result.events:
        assert any(ev.field == "type" for ev in event.evidence)
        for ev in event.evidence:
            assert 0 <= ev.start < ev.end <= len(result.article.text)
