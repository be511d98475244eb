"""Events extracted from general news (not a test): counts per 100 articles, by type, and a list.

Reads the Results JSONL of `protestwatch extract FOLDER --format jsonl` and the folder itself
(to name each article by its file), e.g. on the BBC dev articles:

    PYTHONPATH=$PWD python -m protestwatch extract ../shared/eval/bbc --format jsonl > /tmp/bbc.jsonl
    python bench/bbc_events.py /tmp/bbc.jsonl ../shared/eval/bbc [--list]

Prints one JSON object: articles, events, events per 100 articles, by type, by the file's
category prefix ("sport_012.txt" -> sport), protest and non-protest events whose `scope` is
`ordinary` apart (when the records carry a scope), and with --list each event's file, type and
trigger sentence for reading by hand (the ordinary ones in their own list).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path


def _key(text: str) -> str:
    """ASCII letters and digits only: ingest repairs mojibake ("Â£" -> "£") the file still has."""
    return re.sub(r"[^a-z0-9]", "", text.lower())[:300]


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    b = min([i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0] or [len(text)])
    return " ".join(text[a:b + 1].split())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path, help="Results JSONL")
    ap.add_argument("folder", type=Path, nargs="?", help="the articles' folder (names articles by file)")
    ap.add_argument("--list", action="store_true", help="list every event with its trigger sentence")
    args = ap.parse_args(argv)
    names: dict[str, str] = {}
    if args.folder and args.folder.is_dir():
        for p in sorted(args.folder.iterdir()):
            names[_key(p.read_text(encoding="utf-8", errors="replace"))] = p.name
    rows = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_type, by_cat, ordinary, listed, ordinary_listed = Counter(), Counter(), Counter(), [], []
    n_events = 0
    for r in rows:
        text = r["article"]["text"]
        name = names.get(_key(text), r["article"].get("id", "")[:12])
        for e in r["events"]:
            ev = next((x for x in e.get("evidence") or [] if x.get("field") == "type"), None)
            s, t = (ev["start"], ev["end"]) if ev else (None, None)
            into = listed
            if e.get("scope") == "ordinary" and e["type"] != "protest":
                ordinary[e["type"]] += 1
                into = ordinary_listed
            else:
                n_events += 1
                by_type[e["type"]] += 1
                by_cat[name.split("_")[0]] += 1
            into.append({"file": name, "type": e["type"], "subtype": e.get("subtype"),
                         "modality": e.get("modality"), "trigger": text[s:t] if ev else None,
                         "sentence": _sentence(text, s, t) if ev else None})
    n = len(rows)
    out = {"articles": n, "events": n_events, "per_100": round(100 * n_events / max(n, 1), 2),
           "articles_with_events": len({x["file"] for x in listed}),
           "by_type": dict(by_type.most_common()), "by_category": dict(by_cat.most_common()),
           "ordinary_not_protest": dict(ordinary.most_common())}
    if args.list:
        out["events_listed"] = listed
        out["ordinary_listed"] = ordinary_listed
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
