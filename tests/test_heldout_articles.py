"""Held-out wire articles (tests/fixtures/heldout): written apart from the rules, never tuned to.

The fast tests check each gold file with the same well-formedness rules as tests/test_articles.py
(reused from that file, not copied, so both sets follow one definition). The slow test only runs
the extractor and reports its scores: floors for this set are pinned by the lead later.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
HELDOUT = TESTS / "fixtures" / "heldout"
GOLD_FILES = sorted((HELDOUT / "expected").glob("*.json"))


def _checks_module():
    """A private copy of tests/test_articles.py whose article folder is the held-out one.

    tests/ is not a package, so the checks are loaded from the file path; a separate module
    object keeps the FIXTURES change away from the copy pytest collects.
    """
    spec = importlib.util.spec_from_file_location("_heldout_gold_checks", TESTS / "test_articles.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.FIXTURES = HELDOUT  # `_article_path` resolves <FIXTURES>/articles/<file>
    return mod


CHECKS = _checks_module()


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_heldout_gold_is_well_formed(gold_path: Path) -> None:
    gold = CHECKS._load(gold_path)
    problems = CHECKS._gold_problems(gold, gold_path)
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


def test_heldout_fixture_set_is_complete() -> None:
    """Same stems on both sides, and every article is listed in the folder's README."""
    articles = {p.stem for p in (HELDOUT / "articles").glob("*.txt")}
    golds = {p.stem for p in GOLD_FILES}
    assert golds, "no gold files under tests/fixtures/heldout/expected"
    assert articles == golds, f"unpaired: {sorted(articles ^ golds)}"
    readme = (HELDOUT / "README.md").read_text("utf-8")
    assert not [s for s in golds if f"`{s}`" not in readme], "articles missing from heldout/README.md"


def test_heldout_articles_are_wire_length() -> None:
    """150-400 words each, as the set was specified."""
    lengths = {p.stem: len(p.read_text("utf-8").split()) for p in (HELDOUT / "articles").glob("*.txt")}
    assert all(150 <= n <= 400 for n in lengths.values()), lengths


def test_heldout_stems_are_new() -> None:
    """A held-out article must not share a stem with a tuning article."""
    tuning = {p.stem for p in (TESTS / "fixtures" / "expected").glob("*.json")}
    assert not tuning & {p.stem for p in GOLD_FILES}


@pytest.mark.slow
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_heldout_extractor_scores(gold_path: Path) -> None:
    """Runs and yields scores in [0, 1]; no floor yet (the lead pins floors for this set)."""
    import protestwatch
    from protestwatch.eval.expected import score_expected

    gold = CHECKS._load(gold_path)
    art = gold["article"]
    text = CHECKS._article_path(gold, gold_path).read_text("utf-8")
    result = protestwatch.extract(text, published=art["published"], title=art.get("title"),
                                  source=art.get("source")).model_dump(mode="json")
    score = score_expected(gold, result)
    print(json.dumps({gold_path.stem: {k: round(score[k], 2) for k in ("recall", "precision", "fields")}}))
    print(CHECKS._failure_report(gold_path.name, score))
    for key in ("recall", "precision", "fields"):
        assert 0.0 <= score[key] <= 1.0, f"{key} {score[key]!r} out of range"
