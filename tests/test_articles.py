"""Hand-written wire articles with hand-written gold (tests/fixtures). The issue's target is
recall >= 0.9 and field accuracy >= 0.85 on each (issue 2, point 2), and every article here meets it,
so the test asserts the target; an article added below it must at least hold the floor pinned in
tests/fixtures/baseline.json (the score it has reached; raise a floor when a change improves it). The gold itself is
checked for well-formedness so a typo in a gold file fails fast instead of as a low score.
Floors are written by scripts/pin_article_floors.py."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from protestwatch.vocab import (EventType, Kind, Modality, PlacePrecision, Precision, ROLES,
                                SUBTYPES, SentenceKind)

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_FILES = sorted((FIXTURES / "expected").glob("*.json"))
MIN_RECALL = 0.9
MIN_FIELDS = 0.85
BASELINE = json.loads((FIXTURES / "baseline.json").read_text("utf-8"))

PRECISION_LEN = {"year": 4, "month": 7, "day": 10}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")

# Keys a gold file may use; anything else is a typo the scorer would silently ignore.
EVENT_KEYS = {"id", "type", "subtype", "modality", "date", "place", "participants", "size",
              "claims_contain", "sign_text_contains", "legal", "note"}
DATE_KEYS = {"start", "end", "precision", "end_not_after", "text"}
PLACE_KEYS = {"name", "name_any", "venue", "admin1", "country", "precision"}
PARTICIPANT_KEYS = {"role", "name", "name_any", "kind"}
SIZE_KEYS = {"low", "high", "text"}
LEGAL_KEYS = {"charges_contain", "plea", "outcome", "sentence"}
SENTENCE_KEYS = {"kind", "term", "days", "amount", "currency", "suspended"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _article_path(gold: dict, gold_path: Path) -> Path:
    return FIXTURES / "articles" / gold["article"].get("file", gold_path.stem + ".txt")


def _values(enum) -> set[str]:
    return {m.value for m in enum}


def _days(term: str) -> int:
    """Days per the contract: years x 365 + months x 30 (+ weeks x 7) + days."""
    y, m, w, d = (int(g or 0) for g in ISO_DURATION.match(term).groups())
    return y * 365 + m * 30 + w * 7 + d


def _gold_problems(gold: dict, gold_path: Path) -> list[str]:
    """List every way the gold file breaks the contract vocabulary or misquotes its article."""
    problems: list[str] = []
    art = gold.get("article") or {}
    for key in ("published", "title", "source"):
        if not art.get(key):
            problems.append(f"article.{key} missing")
    if art.get("published") and not re.match(r"^\d{4}-\d{2}-\d{2}$", art["published"]):
        problems.append(f"article.published {art['published']!r} is not YYYY-MM-DD")
    path = _article_path(gold, gold_path)
    if not path.is_file():
        return problems + [f"article file {path.name} not found"]
    text = path.read_text("utf-8").lower()

    def occurs(s: str, where: str) -> None:
        if s.lower() not in text:
            problems.append(f"{where}: {s!r} does not occur in the article")

    def named(obj: dict, where: str) -> None:
        names = [obj.get("name", "")] + list(obj.get("name_any", []))
        if not any(n and n.lower() in text for n in names):
            problems.append(f"{where}: none of {names!r} occurs in the article")

    def check_event(ev: dict, where: str, is_absent: bool = False) -> None:
        extra = set(ev) - EVENT_KEYS
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        etype = ev.get("type")
        if etype not in _values(EventType):
            problems.append(f"{where}: unknown type {etype!r}")
            return
        if "subtype" in ev and ev["subtype"] not in SUBTYPES[etype]:
            problems.append(f"{where}: subtype {ev['subtype']!r} is not one of {etype}'s")
        if "modality" in ev and ev["modality"] not in _values(Modality):
            problems.append(f"{where}: unknown modality {ev['modality']!r}")
        if not is_absent and "modality" not in ev:
            problems.append(f"{where}: no modality")
        date = ev.get("date") or {}
        if set(date) - DATE_KEYS:
            problems.append(f"{where}: unknown date keys {sorted(set(date) - DATE_KEYS)}")
        prec = date.get("precision")
        if prec is not None and prec not in _values(Precision):
            problems.append(f"{where}: unknown date precision {prec!r}")
        for key in ("start", "end", "end_not_after"):
            if key in date and not ISO_DATE.match(date[key]):
                problems.append(f"{where}: date.{key} {date[key]!r} is not ISO 8601")
        if "start" in date and prec in PRECISION_LEN and len(date["start"]) != PRECISION_LEN[prec]:
            problems.append(f"{where}: date.start {date['start']!r} does not fit precision {prec}")
        place = ev.get("place") or {}
        if set(place) - PLACE_KEYS:
            problems.append(f"{where}: unknown place keys {sorted(set(place) - PLACE_KEYS)}")
        if "country" in place and not re.match(r"^[A-Z]{2}$", place["country"]):
            problems.append(f"{where}: place.country {place['country']!r} is not ISO 3166-1 alpha-2")
        if "precision" in place and place["precision"] not in _values(PlacePrecision):
            problems.append(f"{where}: unknown place precision {place['precision']!r}")
        if "name" in place:
            named(place, f"{where} place")
        if "venue" in place:
            tokens = [t for t in re.findall(r"\w+", place["venue"].lower()) if len(t) >= 4]
            if place["venue"].lower() not in text and not any(t in text for t in tokens):
                problems.append(f"{where}: venue {place['venue']!r} does not occur in the article")
        for i, p in enumerate(ev.get("participants", [])):
            pw = f"{where} participant {i}"
            if set(p) - PARTICIPANT_KEYS:
                problems.append(f"{pw}: unknown keys {sorted(set(p) - PARTICIPANT_KEYS)}")
            if p.get("role") not in ROLES[etype]:
                problems.append(f"{pw}: role {p.get('role')!r} is not one of {etype}'s {ROLES[etype]}")
            if p.get("kind") not in _values(Kind):
                problems.append(f"{pw}: unknown kind {p.get('kind')!r}")
            named(p, pw)
        size = ev.get("size") or {}
        if set(size) - SIZE_KEYS:
            problems.append(f"{where}: unknown size keys {sorted(set(size) - SIZE_KEYS)}")
        for key in ("low", "high"):
            if key in size and not isinstance(size[key], int):
                problems.append(f"{where}: size.{key} is not an integer")
        for c in ev.get("claims_contain", []):
            occurs(c, f"{where} claims_contain")
        if "sign_text_contains" in ev:
            occurs(ev["sign_text_contains"], f"{where} sign_text_contains")
        legal = ev.get("legal") or {}
        if set(legal) - LEGAL_KEYS:
            problems.append(f"{where}: unknown legal keys {sorted(set(legal) - LEGAL_KEYS)}")
        for c in legal.get("charges_contain", []):
            occurs(c, f"{where} charges_contain")
        if legal.get("plea", "guilty") not in ("guilty", "not_guilty"):
            problems.append(f"{where}: unknown plea {legal['plea']!r}")
        if legal.get("outcome", "guilty") not in ("guilty", "acquitted", "dismissed"):
            problems.append(f"{where}: unknown outcome {legal['outcome']!r}")
        sent = legal.get("sentence") or {}
        if set(sent) - SENTENCE_KEYS:
            problems.append(f"{where}: unknown sentence keys {sorted(set(sent) - SENTENCE_KEYS)}")
        if "kind" in sent and sent["kind"] not in _values(SentenceKind):
            problems.append(f"{where}: unknown sentence kind {sent['kind']!r}")
        if "currency" in sent and not re.match(r"^[A-Z]{3}$", sent["currency"]):
            problems.append(f"{where}: currency {sent['currency']!r} is not ISO 4217")
        if "term" in sent:
            if not ISO_DURATION.match(sent["term"]) or sent["term"] == "P":
                problems.append(f"{where}: term {sent['term']!r} is not an ISO 8601 duration")
            elif "days" in sent and _days(sent["term"]) != sent["days"]:
                problems.append(f"{where}: days {sent['days']} != {_days(sent['term'])} for {sent['term']}")

    events = gold.get("events", [])
    if not events:
        problems.append("no events")
    ids = [ev.get("id") for ev in events]
    if len(set(ids)) != len(ids) or None in ids:
        problems.append(f"event ids missing or repeated: {ids}")
    for ev in events:
        check_event(ev, f"event {ev.get('id')}")
    for i, ab in enumerate(gold.get("absent", [])):
        check_event(ab, f"absent {i}", is_absent=True)
    for q in gold.get("quotes", []):
        occurs(q["text_contains"], f"quote of {q.get('speaker')}")
    for ent in gold.get("entities", []):
        named(ent, f"entity {ent.get('name')}")
        for alias in ent.get("aliases", []):
            occurs(alias, f"alias of {ent.get('name')}")
    for chain in gold.get("chains", []):
        unknown = [e for e in chain.get("events_in_order", []) if e not in ids]
        if unknown:
            problems.append(f"chain of {chain.get('person')}: unknown event ids {unknown}")
    return problems


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_articles_gold_is_well_formed(gold_path: Path) -> None:
    gold = _load(gold_path)
    problems = _gold_problems(gold, gold_path)
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


def test_articles_fixture_set_is_complete() -> None:
    """Every article has a gold file and every gold file an article, under the same stem."""
    articles = {p.stem for p in (FIXTURES / "articles").glob("*.txt")}
    golds = {p.stem for p in GOLD_FILES}
    assert golds, "no gold files under tests/fixtures/expected"
    assert articles >= golds, f"gold without article: {sorted(golds - articles)}"


def _failure_report(name: str, score: dict) -> str:
    lines = [f"{name}: recall {score['recall']:.2f} (min {MIN_RECALL}), "
             f"fields {score['fields']:.2f} (min {MIN_FIELDS}), precision {score['precision']:.2f}"]
    for exp_id, pred_id, checks in score["rows"]:
        if pred_id is None:
            lines.append(f"  MISSING {exp_id}")
        else:
            bad = [field for field, ok in checks if not ok]
            if bad:
                lines.append(f"  wrong   {exp_id} -> {pred_id}: {', '.join(bad)}")
    for note, pred_id in score.get("absent_hits", []):
        lines.append(f"  absent hit {pred_id}: {note}")
    if score.get("false_events"):
        lines.append(f"  unmatched predictions: {', '.join(map(str, score['false_events']))}")
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_articles_extractor_meets_gold(gold_path: Path) -> None:
    import protestwatch
    from protestwatch.eval.expected import score_expected

    gold = _load(gold_path)
    art = gold["article"]
    text = _article_path(gold, gold_path).read_text("utf-8")
    result = protestwatch.extract(text, published=art["published"], title=art.get("title"),
                                  source=art.get("source")).model_dump(mode="json")
    score = score_expected(gold, result)
    floor = BASELINE.get(gold_path.stem, {"recall": MIN_RECALL, "fields": MIN_FIELDS})
    min_recall, min_fields = min(floor["recall"], MIN_RECALL), min(floor["fields"], MIN_FIELDS)
    assert score["recall"] >= min_recall - 1e-9 and score["fields"] >= min_fields - 1e-9, \
        _failure_report(gold_path.name, score)
