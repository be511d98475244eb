"""The Russian article sets of issue 14: tests/fixtures/ru (written while the pack was built) and
tests/fixtures/ru_heldout (written before the pack was scored on them, the unseen-article estimate).
Gold well-formed by the rules of tests/test_articles.py (reused, not copied) with the keys of
tests/test_new_article_sets.py, each set complete and listed in tests/fixtures/README.md, and (slow)
the extractor's per-article scores no lower than the floors pinned in each set's baseline.json
(scripts/pin_article_floors.py --sets ru ru_heldout).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from protestwatch.eval.expected import score_expected

from test_new_article_sets import _checks_module, _extra_problems

TESTS = Path(__file__).parent
# set folder -> the fewest articles it must hold
SETS = {TESTS / "fixtures" / "ru": 12, TESTS / "fixtures" / "ru_heldout": 6}
CHECKS = {folder: _checks_module(folder) for folder in SETS}  # each reads its own folder
GOLD = sorted(p for folder in SETS for p in (folder / "expected").glob("*.json"))
IDS = [f"{p.parent.parent.name}/{p.stem}" for p in GOLD]


@pytest.mark.parametrize("gold_path", GOLD, ids=IDS)
def test_russian_gold_is_well_formed(gold_path: Path) -> None:
    gold = CHECKS[gold_path.parent.parent]._load(gold_path)
    problems = CHECKS[gold_path.parent.parent]._gold_problems(gold, gold_path) + _extra_problems(gold)
    assert gold["article"].get("language") == "ru"
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("folder", list(SETS), ids=[f.name for f in SETS])
def test_russian_set_is_complete_and_listed(folder: Path) -> None:
    articles = {p.stem for p in (folder / "articles").glob("*.txt")}
    golds = {p.stem for p in (folder / "expected").glob("*.json")}
    assert len(golds) >= SETS[folder] and articles == golds, sorted(articles ^ golds)
    readme = (TESTS / "fixtures" / "README.md").read_text("utf-8")
    assert not [s for s in golds if f"`{s}`" not in readme]


@pytest.mark.slow
@pytest.mark.parametrize("gold_path", GOLD, ids=IDS)
def test_russian_extractor_scores(gold_path: Path) -> None:
    """Detected as Russian, read by the Russian pack, scored by the same scorer as the English sets."""
    import protestwatch

    gold = CHECKS[gold_path.parent.parent]._load(gold_path)
    art = gold["article"]
    text = CHECKS[gold_path.parent.parent]._article_path(gold, gold_path).read_text("utf-8")
    result = protestwatch.extract(text, published=art["published"], title=art.get("title"), source=art.get("source"))
    assert result.article.language == "ru"
    for ev in result.events:  # every evidence span points into the original Russian text
        for e in ev.evidence:
            assert 0 <= e.start < e.end <= len(text)
    score = score_expected(gold, result.model_dump(mode="json"))
    print(json.dumps({gold_path.stem: {k: round(score[k], 2) for k in ("recall", "precision", "fields")}}))
    floors = json.loads((gold_path.parent.parent / "baseline.json").read_text("utf-8")).get(gold_path.stem, {})
    for key in ("recall", "precision", "fields"):
        assert score[key] >= floors.get(key, 0.0) - 1e-9, \
            f"{key} fell below its floor {floors.get(key)}\n" + CHECKS[gold_path.parent.parent]._failure_report(gold_path.name, score)
