"""Score Results against a GoldSet: per-document counts, P/R/F1, bootstrap intervals over documents.

Every level reduces a document to count vectors [gold, gold_found, predicted, predicted_correct]
per type, so micro-averages are sums and the bootstrap resamples documents, not mentions.
Results are contract JSON dicts whose evidence offsets already point into `GoldDoc.text`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .loaders import GoldDoc, GoldSet, M2E2_ROLES, KAIROS_ROLES, RAMS_ROLES

BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20240601
MICRO = "micro"
ROLE_TABLES = {"m2e2": M2E2_ROLES, "wikievents": KAIROS_ROLES, "rams": RAMS_ROLES}


# --- per-document counts --------------------------------------------------------------------

def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def type_spans(result: dict) -> list[tuple[str, int, int, int]]:
    """Return unique (type, start, end, event index) of every `type` evidence span."""
    seen, out = set(), []
    for i, ev in enumerate(result.get("events") or []):
        for e in ev.get("evidence") or []:
            key = (ev["type"], e["start"], e["end"])
            if e.get("field") == "type" and key not in seen:
                seen.add(key)
                out.append((*key, i))
    return out


def mention_counts(doc: GoldDoc, result: dict, t: str) -> list[int]:
    """A gold trigger is found when a predicted span of type t overlaps it; a predicted span that
    overlaps no gold trigger of type t is a false positive."""
    gold = [m for m in doc.mentions if m.type == t]
    spans = [(s, e) for ty, s, e, _ in type_spans(result) if ty == t]
    found = sum(any(overlaps(m.start, m.end, s, e) for s, e in spans) for m in gold)
    ok = sum(any(overlaps(m.start, m.end, s, e) for m in gold) for s, e in spans)
    return [len(gold), found, len(spans), ok]


def document_counts(doc: GoldDoc, result: dict, t: str) -> list[int] | None:
    """Does the document report at least one event of type t? None when the doc is unlabelled."""
    if not doc.labelled:
        return None
    g = int(t in doc.gold_doc_types())
    p = int(any(ev.get("type") == t for ev in result.get("events") or []))
    return [g, g & p, p, g & p]


def sentence_counts(doc: GoldDoc, result: dict, t: str) -> list[int]:
    """A sentence is predicted as t when a `type` span of a t event overlaps it."""
    spans = [(s, e) for ty, s, e, _ in type_spans(result) if ty == t]
    c = [0, 0, 0, 0]
    for sent in doc.sentences or []:
        g = int(t in sent.types)
        p = int(any(overlaps(sent.start, sent.end, s, e) for s, e in spans))
        c = [c[0] + g, c[1] + (g & p), c[2] + p, c[3] + (g & p)]
    return c


def head_in(head: str, name: str | None) -> bool:
    """Does `name` contain the head word as a whole word, case-insensitively?"""
    h = head.strip().lower()
    return bool(h and name) and re.search(rf"(?<!\w){re.escape(h)}(?!\w)", name.lower()) is not None


def _arg_matches(role: str, head: str, ev: dict) -> bool:
    if role == "place":
        pl = ev.get("place") or {}
        return head_in(head, pl.get("name")) or head_in(head, pl.get("venue"))
    return any(p.get("role") == role and head_in(head, p.get("name")) for p in ev.get("participants") or [])


def _pred_args(ev: dict, roles: set[str]) -> list[tuple[str, str]]:
    out = [(p.get("role"), p.get("name") or "") for p in ev.get("participants") or [] if p.get("role") in roles]
    pl = ev.get("place") or {}
    if "place" in roles and (pl.get("name") or pl.get("venue")):
        out.append(("place", " / ".join(x for x in (pl.get("name"), pl.get("venue")) if x)))
    return out


def argument_counts(doc: GoldDoc, result: dict, t: str, roles: set[str]) -> list[int]:
    """Role + head-word match between gold arguments and predicted events anchored on the trigger.

    Recall: gold arguments (of every gold trigger of type t) that a predicted t event whose type
    span overlaps the trigger carries, with the same role and a name containing the head word
    (place arguments: place.name or place.venue). Precision: the arguments in annotated roles of
    those anchored events that match some gold argument of a trigger they overlap.
    """
    events = result.get("events") or []
    spans = [(s, e, i) for ty, s, e, i in type_spans(result) if ty == t]
    gold = [m for m in doc.mentions if m.type == t]
    anchored: dict[int, list] = {}
    n_gold = n_found = 0
    for m in gold:
        evs = {i for s, e, i in spans if overlaps(m.start, m.end, s, e)}
        for i in evs:
            anchored.setdefault(i, []).append(m)
        for a in m.args:
            n_gold += 1
            n_found += any(_arg_matches(a.role, a.head, events[i]) for i in evs)
    n_pred = n_ok = 0
    for i, ms in anchored.items():
        for role, name in _pred_args(events[i], roles):
            n_pred += 1
            n_ok += any(a.role == role and head_in(a.head, name) for m in ms for a in m.args)
    return [n_gold, n_found, n_pred, n_ok]


# --- aggregation ----------------------------------------------------------------------------

def prf(c: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    """P, R, F1 from summed [gold, found, pred, pred_ok]; None where undefined.

    With no predictions P is undefined but F1 is 0 when there was gold to find (and vice versa).
    """
    gold, found, pred, ok = c
    p = ok / pred if pred else None
    r = found / gold if gold else None
    if p is None and r is None:
        return None, None, None
    f = 2 * p * r / (p + r) if p and r else 0.0
    return p, r, f


def _prf_arrays(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gold, found, pred, ok = sums.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(pred > 0, ok / pred, np.nan)
        r = np.where(gold > 0, found / gold, np.nan)
        pz, rz = np.nan_to_num(p), np.nan_to_num(r)
        f = np.where(pz + rz > 0, 2 * pz * rz / (pz + rz), 0.0)
        f = np.where((pred == 0) & (gold == 0), np.nan, f)
    return p, r, f


def _interval(x: np.ndarray) -> list[float] | None:
    x = x[~np.isnan(x)]
    if not len(x):
        return None
    lo, hi = np.percentile(x, [2.5, 97.5])
    return [round(float(lo), 4), round(float(hi), 4)]


def bootstrap(per_doc: np.ndarray, n: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED) -> dict:
    """95% percentile intervals of P, R, F1 from resampling documents with replacement."""
    if len(per_doc) == 0:
        return {"p": None, "r": None, "f1": None}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(per_doc), size=(n, len(per_doc)))
    sums = per_doc[idx].sum(axis=1)
    p, r, f = _prf_arrays(sums)
    return {"p": _interval(p), "r": _interval(r), "f1": _interval(f)}


def summarize(per_doc: np.ndarray, *, precision: bool = True, seed: int = BOOTSTRAP_SEED) -> dict:
    """Point estimates and intervals for one type at one level; precision=False reports recall only."""
    c = per_doc.sum(axis=0) if len(per_doc) else np.zeros(4)
    p, r, f = prf(c)
    ci = bootstrap(per_doc, seed=seed)
    if not precision:
        p = f = None
        ci["p"] = ci["f1"] = None
    rnd = (lambda x: None if x is None else round(float(x), 4))
    return {"p": rnd(p), "r": rnd(r), "f1": rnd(f), "ci": ci, "support": int(c[0]),
            "found": int(c[1]), "predicted": int(c[2]) if precision else None,
            "correct": int(c[3]) if precision else None, "documents": int(len(per_doc))}


def score_gold(gold: GoldSet, results: Sequence[dict], types: Sequence[str] | None = None) -> dict:
    """Score aligned Results (one per gold document, same order) at every level the corpus supports.

    Returns {level: {type: summary, ..., "micro": summary}}; see `summarize` for a summary's keys.
    """
    if len(results) != len(gold.docs):
        raise ValueError(f"{len(results)} results for {len(gold.docs)} documents")
    wanted = [t for t in gold.types if not types or t in types]
    role_table = ROLE_TABLES.get(gold.format, {})
    out: dict[str, dict] = {}
    for level in gold.levels:
        if level == "expected":
            continue
        per_type: dict[str, np.ndarray] = {}
        for t in wanted:
            rows = []
            for doc, res in zip(gold.docs, results):
                if level == "mention":
                    rows.append(mention_counts(doc, res, t))
                elif level == "document":
                    c = document_counts(doc, res, t)
                    if c is not None:
                        rows.append(c)
                elif level == "sentence":
                    rows.append(sentence_counts(doc, res, t))
                elif level == "argument":
                    rows.append(argument_counts(doc, res, t, set(role_table.get(t, {}).values())))
            per_type[t] = np.array(rows, dtype=int).reshape(-1, 4)
        precision = gold.exhaustive or level != "mention"
        out[level] = {t: summarize(a, precision=precision) for t, a in per_type.items()}
        if per_type:
            out[level][MICRO] = summarize(sum(per_type.values()), precision=precision)
    return out


def expected_counts(expected: dict, result: dict) -> tuple[dict, dict[str, list[int]], list[int]]:
    """Score one expected-events file; return the score, per-type [gold, found, pred, ok], [checks, ok]."""
    from .expected import score_expected

    s = score_expected(expected, result)
    types = {e["id"]: e["type"] for e in expected["events"]}
    pred_type = {ev.get("id"): ev.get("type") for ev in result.get("events") or []}
    per: dict[str, list[int]] = {}
    for exp_id, pred_id, _ in s["rows"]:
        c = per.setdefault(types[exp_id], [0, 0, 0, 0])
        c[0] += 1
        if pred_id is not None:  # a matched prediction has the expected type, so it is considered
            c[1] += 1
            c[2] += 1
            c[3] += 1
    for pid in s["false_events"]:
        per.setdefault(pred_type.get(pid), [0, 0, 0, 0])[2] += 1
    checks = [sum(len(r[2]) for r in s["rows"]), sum(ok for r in s["rows"] for _, ok in r[2])]
    return s, per, checks


def score_expected_set(gold: GoldSet, results: Sequence[dict], types: Sequence[str] | None = None) -> dict:
    """Pool expected-events scores over files: event P/R/F1 per type and micro, field accuracy.

    Event recall and precision follow `score_expected` (precision counts predictions of the types
    a file lists); intervals resample files.
    """
    wanted = [t for t in gold.types if not types or t in types]
    per_type = {t: [] for t in wanted}
    checks, files = [], []
    for doc, res in zip(gold.docs, results):
        s, per, chk = expected_counts(doc.expected, res)
        for t in wanted:
            per_type[t].append(per.get(t, [0, 0, 0, 0]))
        checks.append(chk)
        files.append({"file": doc.id, "recall": round(s["recall"], 4), "precision": round(s["precision"], 4),
                      "fields": round(s["fields"], 4), "rows": s["rows"], "false_events": s["false_events"],
                      "absent_hits": s["absent_hits"]})
    arrays = {t: np.array(v, dtype=int).reshape(-1, 4) for t, v in per_type.items()}
    events = {t: summarize(a) for t, a in arrays.items()}
    if arrays:
        events[MICRO] = summarize(sum(arrays.values()))
    chk = np.array(checks, dtype=int).reshape(-1, 2)
    # field accuracy as the recall of [checks, passed] so the same bootstrap applies
    fields = summarize(np.column_stack([chk[:, 0], chk[:, 1], chk[:, 0] * 0, chk[:, 1] * 0]), precision=False)
    return {"event": events, "fields": {"accuracy": fields["r"], "ci": fields["ci"]["r"],
                                        "checks": fields["support"]}, "files": files}
