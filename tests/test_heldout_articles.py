"""Held-out wire articles: written apart from the rules, never tuned to. Two sets share this file:
tests/fixtures/heldout (measured during the work) and tests/fixtures/final (measured once, at the end).

The fast tests check each gold file with the same well-formedness rules as tests/test_articles.py
(reused from that file, not copied, so every set follows one definition). The slow test runs the
extractor, reports its scores, and fails when an article drops below the floor pinned in
<set>/baseline.json (scripts/pin_article_floors.py writes them).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
HELDOUT = TESTS / "fixtures" / "heldout"
FINAL = TESTS / "fixtures" / "final"
SETS = {"heldout": HELDOUT, "final": FINAL}


def _checks_module(folder: Path):
    """A private copy of tests/test_articles.py whose article folder is `folder`.

    tests/ is not a package, so the checks are loaded from the file path; a separate module
    object per set keeps the FIXTURES change away from the copy pytest collects.
    """
    spec = importlib.util.spec_from_file_location(f"_{folder.name}_gold_checks", TESTS / "test_articles.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.FIXTURES = folder  # `_article_path` resolves <FIXTURES>/articles/<file>
    return mod


CHECKS = _checks_module(HELDOUT)
SET_CHECKS = {"heldout": CHECKS, "final": _checks_module(FINAL)}


def _gold_files(folder: Path) -> list[Path]:
    return sorted((folder / "expected").glob("*.json"))


GOLD_FILES = _gold_files(HELDOUT)
# heldout ids stay the bare stem (as before); the final set's carry a "final-" prefix.
GOLD_PARAMS = [pytest.param(name, p, id=p.stem if name == "heldout" else f"{name}-{p.stem}")
               for name, folder in SETS.items() for p in _gold_files(folder)]


@pytest.mark.parametrize("set_name,gold_path", GOLD_PARAMS)
def test_heldout_gold_is_well_formed(set_name: str, gold_path: Path) -> None:
    checks = SET_CHECKS[set_name]
    gold = checks._load(gold_path)
    problems = checks._gold_problems(gold, gold_path)
    assert not problems, f"{set_name}/{gold_path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("set_name", list(SETS))
def test_heldout_fixture_set_is_complete(set_name: str) -> None:
    """Same stems on both sides, and every article is listed in the folder's README."""
    folder = SETS[set_name]
    articles = {p.stem for p in (folder / "articles").glob("*.txt")}
    golds = {p.stem for p in _gold_files(folder)}
    assert golds, f"no gold files under tests/fixtures/{set_name}/expected"
    assert articles == golds, f"unpaired: {sorted(articles ^ golds)}"
    readme = (folder / "README.md").read_text("utf-8")
    assert not [s for s in golds if f"`{s}`" not in readme], f"articles missing from {set_name}/README.md"


@pytest.mark.parametrize("set_name", list(SETS))
def test_heldout_articles_are_wire_length(set_name: str) -> None:
    """150-400 words each, as the sets were specified."""
    lengths = {p.stem: len(p.read_text("utf-8").split()) for p in (SETS[set_name] / "articles").glob("*.txt")}
    assert all(150 <= n <= 400 for n in lengths.values()), lengths


def test_heldout_stems_are_new() -> None:
    """No stem is shared between the tuning set and the held-out sets, or between those sets."""
    seen = {p.stem: "tuning" for p in (TESTS / "fixtures" / "expected").glob("*.json")}
    clashes = []
    for name, folder in SETS.items():
        for p in _gold_files(folder):
            if p.stem in seen:
                clashes.append(f"{p.stem} ({seen[p.stem]} and {name})")
            seen[p.stem] = name
    assert not clashes, clashes


@pytest.mark.slow
@pytest.mark.parametrize("set_name,gold_path", GOLD_PARAMS)
def test_heldout_extractor_scores(set_name: str, gold_path: Path) -> None:
    """Scores in [0, 1], and no lower than the article's pinned floor."""
    import protestwatch
    from protestwatch.eval.expected import score_expected

    checks = SET_CHECKS[set_name]
    gold = checks._load(gold_path)
    art = gold["article"]
    text = checks._article_path(gold, gold_path).read_text("utf-8")
    result = protestwatch.extract(text, published=art["published"], title=art.get("title"),
                                  source=art.get("source")).model_dump(mode="json")
    score = score_expected(gold, result)
    key = gold_path.stem if set_name == "heldout" else f"{set_name}/{gold_path.stem}"
    print(json.dumps({key: {k: round(score[k], 2) for k in ("recall", "precision", "fields")}}))
    print(checks._failure_report(gold_path.name, score))
    for key in ("recall", "precision", "fields"):
        assert 0.0 <= score[key] <= 1.0, f"{key} {score[key]!r} out of range"
    floors = json.loads((SETS[set_name] / "baseline.json").read_text("utf-8")).get(gold_path.stem, {})
    for key in ("recall", "fields"):
        assert score[key] >= floors.get(key, 0.0) - 1e-9, \
            f"{key} fell below its floor {floors.get(key)}\n" + checks._failure_report(gold_path.name, score)
