"""Read times of the public and editor views under the visibility rules (not a test).

Builds bench/load.py's synthetic store (2,000 single-report incidents unless --incidents),
restricts a few incidents, and times in this one process: the list page (`list_events`) and
the incident page (`incident_detail`) as the public and as an editor, and a baseline that reads
the same rows with no visibility check at all. Prints JSON: median ms per call and each view's
ratio to its baseline.

    python bench/visibility.py [--incidents 2000] [--restricted 10] [--repeat 15] [--db PATH]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm caches and the statement cache
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=2000)
    ap.add_argument("--restricted", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--db", help="a store to use, built there when missing (default: a temporary one)")
    args = ap.parse_args(argv)

    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from protestwatch.serve import queries
    from protestwatch.serve.schemas import EventFilters
    from protestwatch.store import open_db, repo, session_scope
    from protestwatch.store.tables import IncidentRow

    tmp = tempfile.TemporaryDirectory()
    path = Path(args.db) if args.db else Path(tmp.name) / "bench.db"
    t0 = time.perf_counter()
    if not path.exists():
        from load import build_db
        build_db(path, args.incidents)
    engine = open_db(str(path))
    with session_scope(engine) as db:
        ids = list(db.scalars(select(IncidentRow.id).order_by(IncidentRow.id)))
        step = max(1, len(ids) // max(1, args.restricted))
        for i in ids[::step][:args.restricted]:
            repo.set_restricted(db, "incident", i, True, user="bench")
    build_s = time.perf_counter() - t0
    public_id = ids[1]  # ids[0] is restricted
    filters = EventFilters()

    def run(fn):
        def call():
            with Session(bind=engine) as db:  # one session per call, as one request
                fn(db)
        return _median_ms(call, args.repeat)

    def base_list(db):  # the same page with no visibility check
        db.scalar(select(func.count()).select_from(IncidentRow))
        list(db.scalars(select(IncidentRow).order_by(IncidentRow.date_start.desc().nulls_last(), IncidentRow.id)
                        .limit(50)))

    def base_detail(db):
        db.get(IncidentRow, public_id)
        repo.incident_reports(db, public_id, include_restricted=True)

    out = {"incidents": len(ids), "restricted": args.restricted, "repeat": args.repeat,
           "build_s": round(build_s, 1), "ms": {}, "ratio": {}}
    ms = out["ms"]
    ms["baseline_list"] = run(base_list)
    ms["baseline_detail"] = run(base_detail)
    ms["public_list"] = run(lambda db: queries.list_events(db, filters))
    ms["editor_list"] = run(lambda db: queries.list_events(db, filters, see_restricted=True))
    ms["public_detail"] = run(lambda db: queries.incident_detail(db, public_id))
    ms["editor_detail"] = run(lambda db: queries.incident_detail(db, public_id, see_restricted=True))
    ms["public_map"] = run(lambda db: queries.map_points(db, filters))
    ms["public_timeline"] = run(lambda db: queries.timeline_rows(db, filters))
    for view in ("public_list", "editor_list", "public_map", "public_timeline"):
        out["ratio"][view] = round(ms[view] / ms["baseline_list"], 1)
    for view in ("public_detail", "editor_detail"):
        out["ratio"][view] = round(ms[view] / ms["baseline_detail"], 1)
    print(json.dumps(out, indent=1))
    tmp.cleanup()
    return out


if __name__ == "__main__":
    main()
