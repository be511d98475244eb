"""Field accuracy a reviewer checks first, on hand-written article sets (issue 11):

    PYTHONPATH=$PWD python scripts/field_quality.py [FOLDER ...] [--json] [--misses]
    PYTHONPATH=$PWD python scripts/field_quality.py --wikievents ../shared/eval/wikievents/dev.jsonl

FOLDER holds articles/<stem>.txt and expected/<stem>.json (default: tests/fixtures, its heldout/
and final/, and tests/fixtures/fields/ when present). Over the expected events the extractor
matched (scored as protestwatch.eval.expected does):
- place: name matches, country equal, coordinates within 25 km of the gold's (its own lat/lon, or
  the gazetteer's record for the gold name inside the gold country when it states none);
- named people: expected participants of kind `person` found with their role, over all expected
  events (an unmatched event misses its people);
- charges: `charges_contain` entries found.
With --wikievents, argument recall and precision of the `Place`, `Defendant` and `Detainee`
roles alone (protestwatch.eval.metrics.argument_counts, one contract role at a time).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import protestwatch
from protestwatch.eval.expected import participant_found, name_match, score_expected
from protestwatch.gazetteer import load_gazetteer

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
DEFAULT = (FIXTURES, FIXTURES / "heldout", FIXTURES / "final", FIXTURES / "fields")
KM = 25.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def gold_coords(place: dict) -> tuple[float, float] | None:
    if place.get("lat") is not None and place.get("lon") is not None:
        return place["lat"], place["lon"]
    got = load_gazetteer().lookup(place["name"], country=place.get("country"))
    if got is None or got.lat is None or (place.get("country") and got.country != place["country"]):
        return None
    return got.lat, got.lon


class Tally:
    def __init__(self) -> None:
        self.n: dict[str, int] = {}
        self.ok: dict[str, int] = {}
        self.misses: list[str] = []

    def add(self, key: str, ok: bool, why: str) -> None:
        self.n[key] = self.n.get(key, 0) + 1
        self.ok[key] = self.ok.get(key, 0) + bool(ok)
        if not ok:
            self.misses.append(f"{key}: {why}")

    def table(self) -> dict:
        return {k: {"ok": self.ok[k], "n": self.n[k], "acc": round(self.ok[k] / self.n[k], 3)} for k in sorted(self.n)}


def score_article(gold: dict, result: dict, stem: str, t: Tally) -> None:
    preds = {ev["id"]: ev for ev in result["events"]}
    rows = score_expected(gold, result)["rows"]
    by_id = {e["id"]: e for e in gold["events"]}
    for exp_id, pred_id, _ in rows:
        exp, ev = by_id[exp_id], preds.get(pred_id) if pred_id else None
        where = f"{stem}/{exp_id}"
        for p in exp.get("participants", []):
            if p.get("kind") == "person":
                got = [q["name"] for q in (ev or {}).get("participants", []) if q["role"] == p["role"]]
                t.add("people", ev is not None and participant_found(p, ev),
                      f"{where} {p['role']} {p['name']!r} got {got if ev else 'no event'}")
        if ev is None:
            continue
        pl, got = exp.get("place") or {}, ev.get("place") or {}
        if "name" in pl:
            t.add("place.name", name_match(pl, got.get("name")), f"{where} {pl['name']!r} got {got.get('name')!r}")
            ref = gold_coords(pl)
            if ref is not None:
                here = (got.get("lat"), got.get("lon"))
                ok = None not in here and km(ref, here) <= KM
                t.add("place.coords", ok, f"{where} {pl['name']!r} got {got.get('name')!r} {here}")
        if "country" in pl:
            t.add("place.country", (got.get("country") or "") == pl["country"],
                  f"{where} {pl['country']!r} got {got.get('country')!r} ({got.get('name')!r})")
        charges = " | ".join((ev.get("legal") or {}).get("charges") or []).lower()
        for c in (exp.get("legal") or {}).get("charges_contain", []):
            t.add("charges", c.lower() in charges, f"{where} {c!r} got {charges!r}")


def run(folders: list[Path]) -> dict:
    out = {}
    for folder in folders:
        if not (folder / "expected").is_dir():
            continue
        t = Tally()
        for gold_path in sorted((folder / "expected").glob("*.json")):
            gold = json.loads(gold_path.read_text("utf-8"))
            art = gold["article"]
            text = (folder / "articles" / art.get("file", f"{gold_path.stem}.txt")).read_text("utf-8")
            result = protestwatch.extract(text, published=art["published"], title=art.get("title"),
                                          source=art.get("source")).model_dump(mode="json")
            score_article(gold, result, gold_path.stem, t)
        out[str(folder.relative_to(FIXTURES.parent)) if folder.is_relative_to(FIXTURES.parent) else str(folder)] = \
            {"fields": t.table(), "misses": t.misses}
    return out


def wikievents(path: Path) -> dict:
    """Recall and precision of one argument role at a time (the rules of
    protestwatch.eval.metrics.argument_counts, restricted to the role on both sides)."""
    from protestwatch.eval.loaders import load_gold
    from protestwatch.eval.metrics import _arg_matches, _pred_args, head_in, overlaps, type_spans
    from protestwatch.eval.run import extract_gold, to_gold_offsets

    gold = load_gold("wikievents", path)
    results = [to_gold_offsets(r, d.text) for r, d in zip(extract_gold(gold), gold.docs)]
    out = {}
    for role in ("place", "defendant", "detainee"):
        n_gold = found = pred = ok = 0
        for d, r in zip(gold.docs, results):
            events = r.get("events") or []
            spans = type_spans(r)
            anchored: dict[int, list] = {}
            for m in d.mentions:
                evs = {i for ty, s_, e_, i in spans if ty == m.type and overlaps(m.start, m.end, s_, e_)}
                for i in evs:
                    anchored.setdefault(i, []).append(m)
                for a in m.args:
                    if a.role == role:
                        n_gold += 1
                        found += any(_arg_matches(role, a.head, events[i]) for i in evs)
            for i, ms in anchored.items():
                for _, name in _pred_args(events[i], {role}):
                    pred += 1
                    ok += any(a.role == role and head_in(a.head, name) for m in ms for a in m.args)
        out[role] = {"gold": n_gold, "found": found, "recall": round(found / n_gold, 3) if n_gold else None,
                     "predicted": pred, "precision": round(ok / pred, 3) if pred else None}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--wikievents", type=Path, help="WikiEvents dev JSONL: Place/Defendant/Detainee arguments")
    args = ap.parse_args(argv)
    if args.wikievents:
        print(json.dumps(wikievents(args.wikievents), indent=1))
        return 0
    out = run(args.folders or list(DEFAULT))
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    for name, r in out.items():
        cells = ", ".join(f"{k} {v['ok']}/{v['n']} ({v['acc']:.2f})" for k, v in r["fields"].items())
        print(f"{name}: {cells}")
        if args.misses:
            for line in r["misses"]:
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
