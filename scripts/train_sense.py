"""Train the event-sense model (nlp/sense.py) and write protestwatch/data/models/sense-1.json.

    python scripts/train_sense.py                 # reads ../shared/eval, writes the model
    python scripts/train_sense.py --cv-only       # scores only, writes nothing

Needs scikit-learn (training only; running the model needs nothing but the JSON) and the dev data
under ../shared/eval (or --eval-dir): m2e2/dev.json, wikievents/dev.jsonl, rams/dev.jsonlines,
indiapoliceevents/, plover_gsr/PLOVER_GSR_CAMEO.txt and bbc/*.txt.

Examples are trigger word hits of the prefilter (the words the model judges at run time):
  positives  hits in the sentence of a gold trigger of a contract type (M2E2, WikiEvents, RAMS), in an
             IndiaPoliceEvents sentence with a label, or in a PLOVER GSR text coded with an event
             of ours (PROTEST, COERCE, ASSAULT, SANCTION, INVESTIGATE, MOBILIZE)
  negatives  hits in the BBC business/entertainment/sport/tech articles, except those whose
             sentence holds a civic word (lexicons/sense_civic.txt: police, court, union...):
             a legal step beside a police, court or crime word and a protest beside workers,
             unions or protesters are positives (real trials and strikes on business pages), the
             other civic sentences of those types are left out (see bbc_label)
Cross-validation is grouped by document (5 folds, GroupKFold), so no article's hits are on both
sides; scores per corpus go to stdout as JSON (copied to docs/quality.md, "Event senses").
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "protestwatch" / "data" / "models" / "sense-1.json"
SEED = 13
PLOVER_EVENTS = {"PROTEST", "COERCE", "ASSAULT", "SANCTION", "INVESTIGATE", "MOBILIZE"}
TARGET_RECALL = 0.985  # of positive hits, out of fold: the threshold is the highest that keeps it
# An article is parsed when one of its words scores this much: higher than the cut that drops a
# single trigger, since an article about an event holds several trigger words.
ADMIT = 0.3
LEGAL_TYPES = {"detention", "charge", "trial", "conviction", "sentence", "investigation", "release"}
PROTEST_TYPES = {"protest"}
NOT_EVIDENCE = {"government", "ministry", "minister", "authorities", "guilty"}
LABOUR = {"union", "unions", "workers", "staff", "employees", "walkout", "picket", "pickets", "protesters",
          "demonstrators", "activists"}
NEEDS = ("m2e2/dev.json", "wikievents/dev.jsonl", "rams/dev.jsonlines", "indiapoliceevents/docs.jsonl",
         "plover_gsr/PLOVER_GSR_CAMEO.txt", "bbc")


def _examples_from_spans(corpus: str, doc_id: str, text: str, pos_spans, skip_spans, out):
    from protestwatch.nlp.sense import article_evidence, find_hits, hit_features
    art = article_evidence(text)
    for start, end, word in find_hits(text):
        if any(a < end and start < b for a, b in pos_spans):
            label = 1
        elif skip_spans is None or any(a < end and start < b for a, b in skip_spans):
            continue
        else:
            label = 0
        out.append((hit_features(art, start, end, word, text), label, f"{corpus}:{doc_id}", corpus, word))


def load_examples(eval_dir: Path) -> list[tuple[dict, int, str, str, str]]:
    from protestwatch.eval.loaders import read_ipe, read_m2e2, read_rams, read_wikievents
    from protestwatch.nlp.sense import _lexicons, article_evidence, find_hits, hit_features, WORD

    out: list = []
    for corpus, reader, rel in (("m2e2", read_m2e2, "m2e2/dev.json"),
                                ("wikievents", read_wikievents, "wikievents/dev.jsonl"),
                                ("rams", read_rams, "rams/dev.jsonlines")):
        for d in reader(eval_dir / rel).docs:
            units = article_evidence(d.text).units
            from protestwatch.nlp.sense import _unit_of
            spans = [units[_unit_of(units, m.start)] for m in d.mentions if m.type]
            # hits outside those sentences are unknown (unannotated or another type): left out
            _examples_from_spans(corpus, d.id, d.text, spans, None, out)
    for d in read_ipe(eval_dir / "indiapoliceevents").docs:
        spans = [(s.start, s.end) for s in d.sentences or [] if s.types]
        _examples_from_spans("ipe", d.id, d.text, spans, None, out)
    raw = (eval_dir / "plover_gsr" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8")
    for rec in json.loads(re.sub(r",\s*([\]}])", r"\1", raw)):
        if rec.get("event") in PLOVER_EVENTS and rec.get("text"):
            _examples_from_spans("plover", rec["id"], rec["text"], [(0, len(rec["text"]))], None, out)
    civic = _lexicons()["civic"]
    types = _types_of_words()
    for p in sorted((eval_dir / "bbc").glob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        art = article_evidence(text)
        from protestwatch.nlp.sense import _unit_of
        for start, end, word in find_hits(text):
            u0, u1 = art.units[_unit_of(art.units, start)]
            label = bbc_label(set(WORD.findall(art.low[u0:u1])) - {word}, types.get(word, set()), civic)
            if label is None:
                continue
            out.append((hit_features(art, start, end, word, text), label, f"bbc:{p.stem}", "bbc", word))
    return out


def bbc_label(words: set[str], types: set[str], civic: frozenset[str]) -> int | None:
    """A BBC hit is a negative unless its sentence gives other evidence of an event: a protest
    beside workers, unions or protesters, or a legal step beside a police, court or crime word
    that is no trigger word itself, is a positive (business pages report real strikes and
    trials); other civic sentences of those types are left out. Bans, sanctions and the rest are
    negatives even beside civic words (a court "banning" a product, a federation's doping ban)."""
    if types & PROTEST_TYPES and words & LABOUR:
        return 1
    if types & LEGAL_TYPES and words & (civic - LABOUR - NOT_EVIDENCE - _trigger_forms()):
        return 1
    if types & (PROTEST_TYPES | LEGAL_TYPES):
        return None if words & civic else 0
    return 0


@functools.cache
def _trigger_forms() -> frozenset[str]:
    return frozenset(_types_of_words())


def _types_of_words() -> dict[str, set[str]]:
    from protestwatch.data import load_patterns
    from protestwatch.data.triggers import trigger_index
    out = {form: {r[2] for r in rows} for form, rows in trigger_index().items()}
    for row in load_patterns("triggers"):
        for w in row.get("prefilter", ()):
            out.setdefault(w.lower(), set()).add(row["label"].split("/")[0])
    return out


def prune(examples, min_groups: int = 3) -> set[str]:
    """Features seen in at least `min_groups` documents."""
    seen: dict[str, set] = {}
    for f, _, g, _, _ in examples:
        for k in f:
            seen.setdefault(k, set()).add(g)
    return {k for k, gs in seen.items() if len(gs) >= min_groups}


def fit(X, y):
    from sklearn.linear_model import LogisticRegression
    clf = LogisticRegression(C=0.5, class_weight="balanced", max_iter=3000, solver="lbfgs",
                             random_state=SEED)
    return clf.fit(X, y)


def cross_validate(examples, keep: set[str], folds: int = 5):
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.model_selection import GroupKFold

    feats = [{k: v for k, v in f.items() if k in keep} for f, *_ in examples]
    y = np.array([e[1] for e in examples])
    groups = [e[2] for e in examples]
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(feats, y, groups):
        vec = DictVectorizer()
        X = vec.fit_transform([feats[i] for i in train])
        clf = fit(X, y[train])
        oof[test] = clf.predict_proba(vec.transform([feats[i] for i in test]))[:, 1]
    return y, oof


def _common():
    from protestwatch.nlp.sense import _common_forms
    return _common_forms()


def pick_threshold(y, p) -> float:
    import numpy as np
    pos = np.sort(p[y == 1])
    k = int((1 - TARGET_RECALL) * len(pos))
    return float(np.floor(pos[k] * 1000) / 1000)


def report(examples, y, p, cut: float, admit: float = ADMIT) -> dict:
    by = Counter()
    out: dict = {"threshold": cut, "admit": admit, "hits": len(y), "positives": int(y.sum()), "negatives": int((1 - y).sum())}
    from sklearn.metrics import roc_auc_score
    out["auc"] = round(float(roc_auc_score(y, p)), 4)
    per: dict = {}
    for (f, label, g, corpus, word), prob in zip(examples, p):
        c = per.setdefault(corpus, {"hits": 0, "kept": 0})
        c["hits"] += 1
        c["kept"] += int(prob >= cut)
    for corpus, c in per.items():
        c["kept_share"] = round(c["kept"] / c["hits"], 4)
    out["per_corpus"] = per
    # article level: a document reaches the parser when one of its hits keeps its sense
    docs: dict[str, list] = {}
    for (f, label, g, corpus, word), prob in zip(examples, p):
        docs.setdefault(g, []).append((label, prob >= admit and word not in _common()))
    pos_docs = [any(k for _, k in v) for v in docs.values() if any(lab for lab, _ in v)]
    neg_docs = [any(k for _, k in v) for g, v in docs.items() if g.startswith("bbc:")]
    out["documents_with_a_positive_hit_admitted"] = round(sum(pos_docs) / max(len(pos_docs), 1), 4)
    out["bbc_documents_admitted_by_judged_hits"] = round(sum(neg_docs) / max(len(neg_docs), 1), 4)
    lost = Counter(w for (f, label, g, c, w), prob in zip(examples, p) if label == 1 and prob < cut)
    out["positive_hits_lost_by_word"] = dict(lost.most_common(15))
    del by
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--cv-only", action="store_true", help="print cross-validated scores, write nothing")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    missing = [rel for rel in NEEDS if not (args.eval_dir / rel).exists()]
    if missing:
        print(f"train_sense: the dev data is not there: {', '.join(str(args.eval_dir / m) for m in missing)}.\n"
              f"It needs the shared eval folder (default {DEFAULT_EVAL}; --eval-dir picks another) with "
              f"{', '.join(NEEDS)}. The shipped model ({OUT.name}) keeps working without it.", file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("train_sense: needs scikit-learn to train (pip install scikit-learn)", file=sys.stderr)
        return 2
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    examples = load_examples(args.eval_dir)
    keep = prune(examples)
    y, oof = cross_validate(examples, keep)
    cut = pick_threshold(y, oof)
    scores = report(examples, y, oof, cut)
    scores["features_after_pruning"] = len(keep)
    if not args.cv_only:
        vec = DictVectorizer()
        X = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f, *_ in examples])
        clf = fit(X, np.array([e[1] for e in examples]))
        weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])
                   if abs(w) >= 0.005}
        model = {"version": "sense-1", "kind": "logistic regression over nlp/sense.py hit_features",
                 "seed": SEED, "bias": round(float(clf.intercept_[0]), 4), "threshold": cut, "admit": ADMIT,
                 "trained_on": {c: n for c, n in Counter(e[3] for e in examples).items()},
                 "cv": {k: scores[k] for k in ("auc", "threshold", "admit", "documents_with_a_positive_hit_admitted",
                                               "bbc_documents_admitted_by_judged_hits")},
                 "weights": dict(sorted(weights.items()))}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(model, indent=0, sort_keys=False) + "\n", encoding="utf-8")
        scores["written"] = str(args.out.relative_to(ROOT)) if args.out.is_relative_to(ROOT) else str(args.out)
        scores["weights_kept"] = len(weights)
    print(json.dumps(scores, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
