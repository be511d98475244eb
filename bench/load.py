"""Load benchmark of the web app (not a test): concurrent GETs on loopback against the list and
incident endpoints of a `protestwatch serve` subprocess; prints throughput, latency percentiles and
status counts as JSON. Bounded in requests and time; talks to 127.0.0.1 only.

    python bench/load.py                      # synthetic database of 2,000 incidents
    python bench/load.py --incidents 100000 --keep-db /tmp/pw100k.db     # built once (bulk INSERTs), kept
    python bench/load.py --db protestwatch.db --requests 4000 --concurrency 32
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CITIES = [("Minsk", "BY", 53.90, 27.56), ("Moscow", "RU", 55.75, 37.62), ("Almaty", "KZ", 43.24, 76.89),
          ("Tbilisi", "GE", 41.72, 44.79), ("Belgrade", "RS", 44.79, 20.45), ("Nairobi", "KE", -1.29, 36.82),
          ("Tehran", "IR", 35.69, 51.39), ("Yangon", "MM", 16.87, 96.20), ("Havana", "CU", 23.11, -82.37)]
TYPES = ["protest", "detention", "trial", "sentence"]


FIRST = ["Aigul", "Serik", "Maria", "Ivan", "Nino", "Giorgi", "Ana", "Marko", "Wanjiru", "Otieno",
         "Reza", "Leila", "Aung", "Thida", "Yoan", "Rosa", "Olga", "Pavel", "Dana", "Timur"]
SYLLABLES = ["ka", "ra", "mo", "vi", "len", "tor", "sha", "bek", "dze", "ich", "ova", "nu", "pe", "zar", "lo"]


def surname(i: int) -> str:
    """A distinct made-up surname per index, so people do not all share one name block."""
    parts, x = [], i
    for _ in range(4):
        parts.append(SYLLABLES[x % len(SYLLABLES)])
        x //= len(SYLLABLES)
    return "".join(parts).capitalize()


def _synthetic(i: int, rng: random.Random):
    from protestwatch.records import Article, DateValue, Event, Evidence, Participant, Place
    city, cc, lat, lon = CITIES[i % len(CITIES)]
    typ = TYPES[i % len(TYPES)]
    day = f"20{10 + i % 14}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
    name = f"{FIRST[i % len(FIRST)]} {surname(i)}"
    text = (f"{city.upper()} — Authorities in {city} reported a {typ} involving {name} on {day}, "
            f"case number {i}. " + "Witnesses described the scene in detail. " * 5)
    art = Article(id=hashlib.sha256(text.encode()).hexdigest(), title=f"{typ} {i} in {city}",
                  source=f"Outlet {i % 7}", published=day, text=text, url=f"https://news.example/{i}")
    role = "protester" if typ == "protest" else "detainee" if typ == "detention" else "defendant"
    start = text.index(typ)
    ev = Event(id="ev1", type=typ, date=DateValue(start=day, precision="day"),
               place=Place(name=city, country=cc, lat=lat + rng.uniform(-.2, .2), lon=lon + rng.uniform(-.2, .2),
                           precision="city"),
               participants=(Participant(role=role, name=name, kind="person"),),
               evidence=(Evidence(field="type", start=start, end=start + len(typ)),), confidence=0.7)
    return art, ev


def build_db(path: Path, n: int) -> None:
    """A synthetic store of `n` single-report incidents, saved and linked through the store
    (slow: the linker and case builder run; use for small stores and to check `build_db_bulk`)."""
    from protestwatch.records import Extractor, Result
    from protestwatch.store import open_db, repo, session_scope
    rng = random.Random(7)
    engine = open_db(str(path))
    with session_scope(engine) as db:
        for i in range(n):
            art, ev = _synthetic(i, rng)
            repo.save_result(db, Result(article=art, events=(ev,), extractor=Extractor(name="bench", version="0")))
    with session_scope(engine) as db:
        repo.link_pending(db)
    with session_scope(engine) as db:
        repo.rebuild_cases(db)


def build_db_bulk(path: Path, n: int, *, restricted: int | None = None, chunk: int = 5000) -> None:
    """The same synthetic store written with bulk INSERTs (minutes become seconds at 100,000):
    each article's one report is its own incident, merged by the store's own `merge_events`, one
    entity and one case step per person; `restricted` reports (default 0.5% of them), spread
    evenly, are restricted, so the visibility rules have work to do. Articles go through the FTS triggers as usual."""
    from sqlalchemy import insert

    from protestwatch.link.incidents import merge_events, name_key
    from protestwatch.records import Extractor, Result
    from protestwatch.store import open_db, session_scope
    from protestwatch.store.repo import _apply_event_columns
    from protestwatch.store.tables import (ArticleRow, CaseRow, CaseStepRow, EntityRow, IncidentRow,
                                           ParticipantRow, ReportRow, utcnow)
    rng = random.Random(7)
    engine = open_db(str(path))
    now = utcnow()
    restricted = n // 200 if restricted is None else restricted
    every = n // restricted if restricted else 0
    for lo in range(0, n, chunk):
        rows: dict[str, list[dict]] = {k: [] for k in ("articles", "incidents", "reports", "entities",
                                                        "participants", "cases", "steps")}
        for i in range(lo, min(n, lo + chunk)):
            art, ev = _synthetic(i, rng)
            rid = i + 1
            doc = Result(article=art, events=(ev,), extractor=Extractor(name="bench", version="0")).to_json()
            event = doc["events"][0]  # as `repo.save_result` stores it
            flagged = bool(every) and i % every == every - 1 and i // every < restricted
            rows["articles"].append({"id": art.id, "url": art.url, "title": art.title, "source": art.source,
                                     "published": art.published, "text": art.text, "entities": doc.get("entities") or [],
                                     "quotes": doc.get("quotes") or [], "chains": doc.get("chains") or [],
                                     "extractor": doc.get("extractor"), "restricted": False, "ingested_at": now})
            report = ReportRow()
            _apply_event_columns(report, event)
            cols = {c: getattr(report, c) for c in ("type", "subtype", "modality", "date_start", "date_end",
                                                    "date_precision", "country", "admin1", "place_name", "venue",
                                                    "lat", "lon", "size_low", "size_high")}
            rows["reports"].append({"id": rid, "article_id": art.id, "event_key": "ev1", **cols,
                                    "confidence": event.get("confidence"), "machine": event, "edits": {},
                                    "review_state": "pending", "incident_id": rid, "link_score": 1.0,
                                    "link_locked": False, "restricted": flagged})
            merged, disagreements, sources = merge_events([(rid, event)])
            merged["sources"] = sources
            incident = IncidentRow()
            _apply_event_columns(incident, merged)
            inc_cols = {c: getattr(incident, c) for c in cols if c not in ("type",)}
            rows["incidents"].append({"id": rid, "type": merged.get("type") or ev.type, **inc_cols,
                                      "merged": merged, "disagreements": disagreements, "n_reports": 1,
                                      "n_sources": 1, "review_state": "pending", "edits": {}, "restricted": False,
                                      "scope": "ordinary" if event.get("scope") == "ordinary" else "political",
                                      "created_at": now, "updated_at": now})
            person = ev.participants[0]
            key = name_key(person.name)
            rows["entities"].append({"id": rid, "name": person.name, "kind": "person", "key": key,
                                     "aliases": [person.name]})
            rows["participants"].append({"id": rid, "report_id": rid, "role": person.role, "name": person.name,
                                         "kind": "person", "key": key, "entity_id": rid})
            rows["cases"].append({"id": rid, "entity_id": rid, "name": person.name, "aliases": [person.name],
                                  "stage": ev.type, "first_date": cols["date_start"], "last_date": cols["date_start"],
                                  "n_steps": 1, "restricted": flagged})
            rows["steps"].append({"id": rid, "case_id": rid, "position": 0, "stage": ev.type,
                                  "date_start": cols["date_start"], "incident_id": rid, "report_ids": [rid]})
        with session_scope(engine) as db:
            for table, key in ((ArticleRow, "articles"), (IncidentRow, "incidents"), (ReportRow, "reports"),
                               (EntityRow, "entities"), (ParticipantRow, "participants"), (CaseRow, "cases"),
                               (CaseStepRow, "steps")):
                db.execute(insert(table), rows[key])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/api/events?per_page=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process and its reaped children (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def run(url: str, paths: list[str], requests: int, concurrency: int, max_seconds: float) -> dict:
    import httpx
    local = threading.local()
    latencies: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + max_seconds

    def one(i: int) -> None:
        if time.monotonic() > stop_at:
            return
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=url, timeout=30)
        path = paths[i % len(paths)]
        kind = path.split("?")[0].rsplit("/", 1)[0] if "/incidents/" in path else path.split("?")[0]
        t = time.perf_counter()
        try:
            code = str(client.get(path).status_code)
        except httpx.HTTPError as exc:
            code = type(exc).__name__
        dt = time.perf_counter() - t
        with lock:
            latencies.setdefault(kind, []).append(dt)
            statuses[code] = statuses.get(code, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    done = sum(len(v) for v in latencies.values())
    every = [x for v in latencies.values() for x in v]
    ms = lambda x: round(x * 1000, 1)  # noqa: E731
    return {
        "requests": done, "concurrency": concurrency, "seconds": round(wall, 2),
        "throughput_rps": round(done / wall, 1), "p50_ms": ms(statistics.median(every)),
        "p95_ms": ms(percentile(every, 95)), "p99_ms": ms(percentile(every, 99)),
        "statuses": statuses, "server_errors_5xx": sum(n for c, n in statuses.items() if c.startswith("5")),
        "by_endpoint": {k: {"requests": len(v), "p50_ms": ms(statistics.median(v)), "p95_ms": ms(percentile(v, 95))}
                        for k, v in sorted(latencies.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing database; default: build a synthetic one")
    ap.add_argument("--incidents", type=int, default=2000, help="size of the synthetic database")
    ap.add_argument("--restricted", type=int, default=None,
                    help="restricted reports in the synthetic database [default: 0.5%% of --incidents]")
    ap.add_argument("--slow-build", action="store_true",
                    help="build the synthetic database through the store's save/link/cases path, not bulk INSERTs")
    ap.add_argument("--keep-db", help="write the synthetic database here and keep it (re-used when it exists)")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--max-seconds", type=float, default=120, help="stop sending after this long")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="pw-bench-")
    db = args.db
    build_s = None
    if db is None and args.keep_db and Path(args.keep_db).exists():
        db = args.keep_db
    elif db is None:
        db = args.keep_db or str(Path(tmp.name) / "bench.db")
        t = time.perf_counter()
        if args.slow_build:
            build_db(Path(db), args.incidents)
        else:
            build_db_bulk(Path(db), args.incidents, restricted=args.restricted)
        build_s = round(time.perf_counter() - t, 1)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PROTESTWATCH_SECRET_KEY": "bench"}
    proc = subprocess.Popen([sys.executable, "-m", "protestwatch", "serve", "--db", db, "--port", str(port),
                             "--workers", str(args.workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_up(url, proc)
        import httpx
        first = httpx.get(url + "/api/events", params={"per_page": 500}).json()
        ids = [i["incident_id"] for i in first["items"]] or [1]
        rng = random.Random(1)
        paths = []
        for i in range(200):
            paths += [f"/api/events?page={1 + i % 5}", f"/api/incidents/{rng.choice(ids)}",
                      f"/events?type={TYPES[i % 4]}", f"/incidents/{rng.choice(ids)}",
                      "/api/map", "/map"]  # what the map page asks for
        run(url, paths, min(200, args.requests), args.concurrency, 30)  # warm-up, not reported
        cpu_before = cpu_seconds(proc.pid)
        report = run(url, paths, args.requests, args.concurrency, args.max_seconds)
        cpu_after = cpu_seconds(proc.pid)
        if cpu_before is not None and cpu_after is not None and args.workers == 1:
            # What the server spent per request: unlike throughput, not much moved by other load.
            report["server_cpu_ms_per_request"] = round((cpu_after - cpu_before) * 1000 / report["requests"], 2)
        report.update({"database": "synthetic" if args.db is None else db, "incidents": first["total"],
                       "build_seconds": build_s, "cpus": os.cpu_count(),
                       "load_average_after": [round(x, 2) for x in os.getloadavg()],
                       "server": f"protestwatch serve (uvicorn, {args.workers} worker(s))"})
        print(json.dumps(report, indent=1))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()


if __name__ == "__main__":
    main()
