"""Score one extractor result against a hand-written expected-events file.

The rules are those of ../shared/tools/score_expected.py and of the "Expected-events files"
section of ../shared/docs/event-record.md, re-implemented here so the package does not depend on
../shared. `score_expected` returns the same keys and shapes as that tool's `score`.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# `date.start` is compared on the expected precision: "2020-08-03"[:7] for a month, and so on.
PRECISION_LEN = {"year": 4, "month": 7, "day": 10}
# The participant kinds that can anchor an expected event to a prediction.
ANCHOR_KINDS = ("person", "group", "state")
# Gold coordinates (`place.lat`/`place.lon`) are met by a prediction within this distance.
COORD_KM = 25.0


def load_expected(path: str | Path) -> dict:
    """Read one expected-events JSON file."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ValueError(f"{path}: an expected-events file is a JSON object with an 'events' list")
    return data


def _tokens(s: str | None) -> set[str]:
    return {t for t in re.findall(r"\w+", (s or "").lower()) if len(t) >= 4}


def name_match(exp: dict, got: str | None) -> bool:
    """Match a name: lower-cased containment either way, a shared token of 4+ letters, or a `name_any` hit."""
    got_l = (got or "").lower()
    for n in [exp.get("name", "")] + list(exp.get("name_any", [])):
        n_l = (n or "").lower()
        if not n_l or not got_l:
            continue
        if n_l in got_l or got_l in n_l or _tokens(n_l) & _tokens(got_l):
            return True
    return False


def participant_found(exp_p: dict, ev: dict) -> bool:
    """Is there a predicted participant with the expected role whose name matches?"""
    return any(p.get("role") == exp_p.get("role") and name_match(exp_p, p.get("name"))
               for p in ev.get("participants") or [])


def kind_found(exp_p: dict, ev: dict) -> bool:
    """Is there a predicted participant with the expected role, a matching name and the same kind?"""
    return any(p.get("role") == exp_p.get("role") and name_match(exp_p, p.get("name"))
               and p.get("kind") == exp_p.get("kind") for p in ev.get("participants") or [])


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _near(pl_exp: dict, pl_got: dict) -> bool:
    if pl_got.get("lat") is None or pl_got.get("lon") is None:
        return False
    return km_between(pl_exp["lat"], pl_exp["lon"], pl_got["lat"], pl_got["lon"]) <= COORD_KM


def anchor(exp_ev: dict) -> dict | None:
    """Return the first person, group or state participant: the one a prediction must share."""
    return next((p for p in exp_ev.get("participants", []) if p.get("kind") in ANCHOR_KINDS), None)


def field_checks(exp: dict, ev: dict) -> Iterator[tuple[str, bool]]:
    """Yield (field, ok) for every field the expected event states beyond its type."""
    if "subtype" in exp:
        yield "subtype", ev.get("subtype") == exp["subtype"]
    if "modality" in exp:
        yield "modality", ev.get("modality") == exp["modality"]
    if "scope" in exp:
        yield "scope", ev.get("scope") == exp["scope"]
    d_exp, d_got = exp.get("date") or {}, ev.get("date") or {}
    if "start" in d_exp:
        n = PRECISION_LEN.get(d_exp.get("precision"), len(d_exp["start"]))
        yield "date.start", (d_got.get("start") or "")[:n] == d_exp["start"][:n]
    if "precision" in d_exp:
        yield "date.precision", d_got.get("precision") == d_exp["precision"]
    if "end_not_after" in d_exp:
        end = d_got.get("end") or d_got.get("start")
        yield "date.end_not_after", bool(end) and end[:10] <= d_exp["end_not_after"]
    pl_exp, pl_got = exp.get("place") or {}, ev.get("place") or {}
    if "name" in pl_exp:
        yield "place.name", name_match(pl_exp, pl_got.get("name"))
    if "country" in pl_exp:
        yield "place.country", (pl_got.get("country") or "").upper() == pl_exp["country"]
    if "venue" in pl_exp:
        yield "place.venue", name_match({"name": pl_exp["venue"]}, pl_got.get("venue"))
    if "lat" in pl_exp and "lon" in pl_exp:
        yield "place.coords", _near(pl_exp, pl_got)
    for p in exp.get("participants", []):
        yield f"participant.{p['role']}", participant_found(p, ev)
        if p.get("kind_checked"):
            yield f"participant.{p['role']}.kind", kind_found(p, ev)
    s_exp, s_got = exp.get("size") or {}, ev.get("size") or {}
    for k in ("low", "high"):
        if k in s_exp:
            yield f"size.{k}", s_got.get(k) == s_exp[k]
    claims = " | ".join(ev.get("claims") or []).lower()
    for c in exp.get("claims_contain", []):
        yield "claims", c.lower() in claims
    if "sign_text_contains" in exp:
        signs = " | ".join(ev.get("sign_text") or []).lower()
        yield "sign_text", exp["sign_text_contains"].lower() in signs
    l_exp, l_got = exp.get("legal") or {}, ev.get("legal") or {}
    charges = " | ".join(l_got.get("charges") or []).lower()
    for c in l_exp.get("charges_contain", []):
        yield "legal.charges", c.lower() in charges
    if l_exp.get("charges_exclude"):
        yield "legal.charges_exclude", not any(c.lower() in charges for c in l_exp["charges_exclude"])
    for k in ("plea", "outcome"):
        if k in l_exp:
            yield f"legal.{k}", l_got.get(k) == l_exp[k]
    se, sg = l_exp.get("sentence") or {}, (l_got.get("sentence") or {})
    for k in ("kind", "term", "days", "amount", "currency"):
        if k in se:
            yield f"legal.sentence.{k}", sg.get(k) == se[k]


def satisfies(entry: dict, ev: dict) -> bool:
    """Does a prediction have the type and every field of an `absent` entry (its `note` aside)?"""
    if ev.get("type") != entry["type"]:
        return False
    return all(ok for _, ok in field_checks({k: v for k, v in entry.items() if k != "note"}, ev))


def _as_dict(result: Any) -> dict:
    if isinstance(result, dict):
        return result
    if hasattr(result, "model_dump"):  # a records.Result
        return result.model_dump(mode="json")
    raise TypeError("result must be a contract JSON dict or a Result record")


def score_expected(expected: dict, result: dict) -> dict:
    """Score one Result against an expected-events file, as ../shared/tools/score_expected.py does.

    1. Each expected event, in file order, takes the unused prediction of the same `type` that
       matches its anchor (first person, group or state participant: same role, and the names
       match by containment, a shared token of 4+ letters, or `name_any`) and passes the most
       field checks; the first such prediction wins ties. One prediction per expected event.
    2. Of a matched pair every other stated field is checked: equality for enums, numbers and
       dates (`date.start` compared on the expected precision), case-insensitive containment for
       `*_contains`, `end_not_after` as an upper bound.
    3. A prediction satisfying all fields of an `absent` entry is an absent hit.
    4. recall = matched / expected events (1.0 when none are expected); precision = predictions of
       a listed type (expected or absent) that were matched / all such predictions (0.0 when
       none, 1.0 when the file expects no events either); fields = checks passed / checks made
       over matched events (0.0 when none).

    Extensions beyond the shared tool, used only by files that state them (so the shared tool's
    scores of every other file are unchanged): a top-level `types` list adds types whose every
    prediction counts for precision ("*" for all types; an article with no event of ours lists
    them with an empty `events`); `scope` is compared for equality; `place.lat`/`place.lon` are
    met within COORD_KM; a participant with `kind_checked` also needs a prediction of its kind;
    `legal.charges_exclude` fails when any predicted charge text contains one of its strings.

    Returns {"recall", "precision", "fields", "rows", "false_events", "absent_hits"}; `rows` is a
    list of (expected id, predicted id or None, [(field, ok), ...]), `absent_hits` a list of
    (note or type, predicted id), `false_events` the ids of unmatched predictions of listed types.
    """
    preds = _as_dict(result)["events"]
    used: set[int] = set()
    rows: list[tuple[str, str | None, list[tuple[str, bool]]]] = []
    for exp in expected["events"]:
        best = None
        a = anchor(exp)
        for i, ev in enumerate(preds):
            if i in used or ev.get("type") != exp["type"]:
                continue
            if a and not participant_found(a, ev):
                continue
            checks = list(field_checks(exp, ev))
            good = sum(ok for _, ok in checks)
            if best is None or good > best[1]:
                best = (i, good, checks)
        if best:
            used.add(best[0])
            rows.append((exp["id"], preds[best[0]].get("id"), best[2]))
        else:
            rows.append((exp["id"], None, []))
    absent_hits = [(a.get("note", a["type"]), ev.get("id")) for a in expected.get("absent", [])
                   for ev in preds if satisfies(a, ev)]
    listed = ({e["type"] for e in expected["events"]} | {a["type"] for a in expected.get("absent", [])}
              | set(expected.get("types", [])))
    considered = [i for i, ev in enumerate(preds) if ev.get("type") in listed or "*" in listed]
    false_ev = [i for i in considered if i not in used]
    matched = [r for r in rows if r[1] is not None]
    n_fields = sum(len(r[2]) for r in matched)
    ok_fields = sum(ok for r in matched for _, ok in r[2])
    return {
        "recall": len(matched) / len(rows) if rows else 1.0,
        "precision": ((len(considered) - len(false_ev)) / len(considered) if considered
                      else 0.0 if rows else 1.0),
        "fields": ok_fields / n_fields if n_fields else 0.0,
        "rows": rows,
        "false_events": [preds[i].get("id") for i in false_ev],
        "absent_hits": absent_hits,
    }
