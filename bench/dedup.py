"""Deduplication benchmark: synthetic reports -> incidents; prints timings and growth as JSON.

    python bench/dedup.py                 # 10k, 30k and 100k reports
    python bench/dedup.py --sizes 10000   # one size

Each synthetic event is told by 1-6 reports from different outlets, with the spelling variants,
date slips, crowd-size disagreements and rewordings real coverage has. Reported per size:
seconds to build features (MinHash included) and to link, reports per second, pairwise
F1 against the generating events, and the growth of wall and CPU time relative to the smallest
size (equal to the size ratio = linear). CPU time is the steadier figure on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from datetime import date, timedelta

from protestwatch.link.incidents import IncidentLinker, link_order, make_features

FIRST = ("Serik Dana Aigerim Yerlan Marat Olga Ivan Maria Timur Asel Nurlan Pavel Joshua Agnes Yulia "
         "Lyubov Maksim Ruslan Zhanna Bakyt Gulnara Askar Elena Sergei Ali Reza Leila Omid Hassan Mina").split()
LAST = ("Azhibai Zhanay Bekova Sadykov Ospanov Petrova Ivanov Kolesnikova Sultanov Nurova Abenov Smirnov "
        "Kim Orlov Tulegen Wong Chow Navalnaya Sobol Znak Akhmetov Dzhaksybekov Karimova Tokayev Yusupov "
        "Rahimi Hosseini Mohammadi Tehrani Khalili").split()
PLACES = [("Almaty", "KZ"), ("Astana", "KZ"), ("Shymkent", "KZ"), ("Bishkek", "KG"), ("Osh", "KG"),
          ("Minsk", "BY"), ("Brest", "BY"), ("Moscow", "RU"), ("Saint Petersburg", "RU"), ("Kazan", "RU"),
          ("Tbilisi", "GE"), ("Yerevan", "AM"), ("Baku", "AZ"), ("Tashkent", "UZ"), ("Dushanbe", "TJ"),
          ("Tehran", "IR"), ("Hong Kong", "HK"), ("Istanbul", "TR"), ("Kyiv", "UA"), ("Belgrade", "RS")]
VENUES = ["central square", "city court", "police headquarters", "parliament", "consulate", "university",
          "city hall", "main avenue", "railway station", "ministry of justice", None, None, None]
CLAIMS = ["release of political prisoners", "fair elections", "higher wages", "against the new law",
          "justice for victims", "freedom of speech", "against corruption", "lower fuel prices"]
TYPES = [("protest", "protester", ["demonstration", "rally", "march", "picket"]),
         ("detention", "detainee", ["arrest", "detention"]), ("trial", "defendant", ["trial", "hearing"]),
         ("sentence", "defendant", [None]), ("release", "released", ["release"])]
OUTLETS = [f"Outlet {i}" for i in range(60)]
WORDS = ("police said the authorities reported witnesses according to local media on the day after "
         "officers crowd gathered court ruling lawyer statement video shows people chanted slogans").split()


def variant(name: str, rng: random.Random) -> str:
    """A spelling another outlet might use: surname only, transliteration, a dropped letter."""
    first, last = name.split()
    roll = rng.random()
    if roll < 0.25:
        return last
    if roll < 0.4:
        return f"{first} {last.replace('zh', 'j').replace('kh', 'h').replace('y', 'i')}"
    if roll < 0.5 and len(last) > 5:
        i = rng.randrange(1, len(last) - 1)
        return f"{first} {last[:i] + last[i + 1:]}"
    return name


def make_reports(n: int, seed: int = 0):
    """About n synthetic reports as (id, event dict, article meta, gold event id)."""
    rng = random.Random(seed)
    out, k = [], 0
    start = date(2019, 1, 1)
    while len(out) < n:
        type_, role, subtypes = rng.choice(TYPES)
        place, country = rng.choice(PLACES)
        day = start + timedelta(days=rng.randrange(1095))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        venue = rng.choice(VENUES)
        claim = rng.choice(CLAIMS)
        size = rng.choice([None, 1, 30, 200, 2000, 20000])
        base = rng.sample(WORDS, 8)
        for j in range(rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])):
            slip = rng.choice([0, 0, 0, 0, 1, -1])
            words = base[:5] + rng.sample(WORDS, 5)
            text = f"{variant(name, rng)} {type_} in {place} {' '.join(words)} {claim}"
            event = {"type": type_, "subtype": rng.choice(subtypes),
                     "date": {"start": (day + timedelta(days=slip)).isoformat(), "precision": "day"},
                     "place": {"name": place, "country": country, "venue": venue if rng.random() < 0.6 else None},
                     "participants": ([{"role": role, "name": variant(name, rng), "kind": "person"}]
                                      if type_ != "protest" or rng.random() < 0.5 else []),
                     "claims": [claim] if type_ == "protest" and rng.random() < 0.7 else [],
                     "evidence": [{"field": "type", "start": 0, "end": len(text)}]}
            if type_ == "protest" and size:
                event["size"] = {"low": int(size * rng.choice([0.5, 1, 1, 2])), "high": None}
            meta = {"article": f"a{len(out)}", "published": (day + timedelta(days=j)).isoformat(), "text": text}
            out.append((len(out), event, meta, k))
            if len(out) >= n:
                break
        k += 1
    return out


def run(n: int, seed: int = 0) -> dict:
    from protestwatch.link.incidents import pairwise_scores
    reports = make_reports(n, seed)
    c0, t0 = time.process_time(), time.perf_counter()
    feats = [make_features(i, ev, article_id=m["article"], published=m["published"], article_text=m["text"])
             for i, ev, m, _ in reports]
    t1 = time.perf_counter()
    linker = IncidentLinker()
    assigned = {}
    for f in sorted(feats, key=link_order):
        assigned[f.id], _, _ = linker.link(f)
    t2, c2 = time.perf_counter(), time.process_time()
    gold = {i: g for i, _, _, g in reports}
    # Pairwise F1 on a sample of events keeps the O(n^2) scoring cheap at 100k.
    sample = {i for i, g in gold.items() if g % 20 == 0}
    scores = pairwise_scores({i: assigned[i] for i in sample}, {i: gold[i] for i in sample})
    return {"reports": n, "events": len(set(gold.values())), "incidents": len(set(assigned.values())),
            "features_s": round(t1 - t0, 2), "link_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
            "cpu_s": round(c2 - c0, 2),
            "reports_per_s": round(n / (t2 - t0)), "pairwise_f1_sample": round(scores["f1"], 3),
            "precision_sample": round(scores["precision"], 3), "recall_sample": round(scores["recall"], 3)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rows = [run(n, args.seed) for n in args.sizes]
    base = rows[0]
    for r in rows:
        r["size_ratio"] = round(r["reports"] / base["reports"], 2)
        r["time_ratio"] = round(r["total_s"] / base["total_s"], 2)
        r["cpu_ratio"] = round(r["cpu_s"] / base["cpu_s"], 2)
    json.dump({"benchmark": "dedup", "python": platform.python_version(), "machine": platform.machine(),
               "runs": rows}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
