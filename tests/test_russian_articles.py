"""The Russian article set of issue 14 (tests/fixtures/ru): gold well-formed by the rules of
tests/test_articles.py (reused, not copied) with the keys of tests/test_new_article_sets.py, at least
twelve articles each listed in tests/fixtures/README.md, and (slow) the extractor's per-article scores
no lower than the floors pinned in tests/fixtures/ru/baseline.json (scripts/pin_article_floors.py --sets ru).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from protestwatch.eval.expected import score_expected

from test_new_article_sets import _checks_module, _extra_problems

TESTS = Path(__file__).parent
FOLDER = TESTS / "fixtures" / "ru"
CHECKS = _checks_module(FOLDER)
MIN_ARTICLES = 12
GOLD = sorted((FOLDER / "expected").glob("*.json"))


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_russian_gold_is_well_formed(gold_path: Path) -> None:
    gold = CHECKS._load(gold_path)
    problems = CHECKS._gold_problems(gold, gold_path) + _extra_problems(gold)
    assert gold["article"].get("language") == "ru"
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


def test_russian_set_is_complete_and_listed() -> None:
    articles = {p.stem for p in (FOLDER / "articles").glob("*.txt")}
    golds = {p.stem for p in GOLD}
    assert len(golds) >= MIN_ARTICLES and articles == golds, sorted(articles ^ golds)
    readme = (TESTS / "fixtures" / "README.md").read_text("utf-8")
    assert not [s for s in golds if f"`{s}`" not in readme]


@pytest.mark.slow
@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_russian_extractor_scores(gold_path: Path) -> None:
    """Detected as Russian, read by the Russian pack, scored by the same scorer as the English sets."""
    import protestwatch

    gold = CHECKS._load(gold_path)
    art = gold["article"]
    text = CHECKS._article_path(gold, gold_path).read_text("utf-8")
    result = protestwatch.extract(text, published=art["published"], title=art.get("title"), source=art.get("source"))
    assert result.article.language == "ru"
    for ev in result.events:  # every evidence span points into the original Russian text
        for e in ev.evidence:
            assert 0 <= e.start < e.end <= len(text)
    score = score_expected(gold, result.model_dump(mode="json"))
    print(json.dumps({gold_path.stem: {k: round(score[k], 2) for k in ("recall", "precision", "fields")}}))
    floors = json.loads((FOLDER / "baseline.json").read_text("utf-8")).get(gold_path.stem, {})
    for key in ("recall", "precision", "fields"):
        assert score[key] >= floors.get(key, 0.0) - 1e-9, \
            f"{key} fell below its floor {floors.get(key)}\n" + CHECKS._failure_report(gold_path.name, score)
