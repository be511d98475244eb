"""Dask scale-out benchmark (not a test): `protestwatch ingest` of one corpus serially, on a local
cluster of 1 worker and of 2 workers, each into a fresh SQLite database; prints wall and CPU
seconds, the speed-up of 2 workers over 1 and over serial, and the machine's load average before
and after each run as JSON (on a shared machine the load says how much the figures are worth).

On a shared machine wall clock lies, so each run also gives CPU figures: the main process's CPU
(`main_cpu_s`, by stage in `main_stage_cpu_s`), each worker's CPU, the fork server's one model
load (`preload_cpu_s`), their total, and `cpu_wall_s`: the wall time the run would take on an
idle machine of `cpus` cores, the larger of total CPU / cores and the critical path (model
load, then the busiest worker, then linking and cases, which run after the last batch).
`speedup_cpu_2_over_1` compares those.

The corpus is the bundled samples (protestwatch/samples/articles) repeated with a distinct first
line and URL, so no copy is a duplicate of another.

    python bench/workers.py                      # 96 articles, serial / --workers 1 / --workers 2
    python bench/workers.py --articles 192 --runs serial,2
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "protestwatch" / "samples" / "articles"


def build_corpus(folder: Path, n: int) -> None:
    samples = sorted(SAMPLES.glob("*.json"))
    for i in range(n):
        src = samples[i % len(samples)]
        doc = json.loads(src.read_text(encoding="utf-8"))
        copy = i // len(samples)
        doc["text"] = f"Dispatch {copy} of the bench wire.\n\n" + doc["text"]
        if doc.get("url"):
            doc["url"] = f"{doc['url'].rstrip('/')}?copy={copy}"
        (folder / f"{i:05d}-{src.name}").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def run_ingest(corpus: Path, db: Path, extra: list[str], batch_size: int) -> dict:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "protestwatch", "ingest", str(corpus), "--db", str(db), "-q",
                          "--json", "--batch-size", str(batch_size), *extra],
                         capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"ingest {' '.join(extra)} failed: {out.stderr[-1500:]}")
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    # The main process (and what it reaped); the workers are the fork server's children, not its.
    main_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stages = summary.get("cpu_s") or {}
    cluster = summary.get("cluster") or {}
    workers = cluster.get("worker_cpu_s") or []
    preload = cluster.get("preload_cpu_s") or 0.0
    total = main_cpu + sum(workers) + preload
    after_extraction = stages.get("link", 0.0) + stages.get("cases", 0.0)
    critical = (preload + max(workers) + after_extraction) if workers else main_cpu
    cpus = os.cpu_count() or 1
    return {"wall_s": round(wall, 1), "user_cpu_s": round(after.ru_utime - before.ru_utime, 1),
            "sys_cpu_s": round(after.ru_stime - before.ru_stime, 1),
            "main_cpu_s": round(main_cpu, 2), "main_stage_cpu_s": stages, "worker_cpu_s": workers,
            "preload_cpu_s": preload, "total_cpu_s": round(total, 2), "critical_path_cpu_s": round(critical, 2),
            "cpu_wall_s": round(max(total / cpus, critical), 2), "main_waited_s": cluster.get("wait_s"),
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
            "stored": summary.get("stored"), "incidents": summary.get("incidents_created")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=96)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--runs", default="serial,1,2", help="comma-separated: serial and/or worker counts")
    args = ap.parse_args()
    report: dict = {"articles": args.articles, "batch_size": args.batch_size, "cpus": os.cpu_count(),
                    "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "runs": {}}
    with tempfile.TemporaryDirectory(prefix="pw-workers-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, args.articles)
        for run in args.runs.split(","):
            run = run.strip()
            extra = [] if run == "serial" else ["--workers", run]
            name = "serial" if run == "serial" else f"workers_{run}"
            report["runs"][name] = run_ingest(corpus, Path(tmp) / f"{name}.db", extra, args.batch_size)
            print(f"{name}: {report['runs'][name]}", file=sys.stderr)
    runs = report["runs"]
    if "workers_1" in runs and "workers_2" in runs:
        report["speedup_2_over_1"] = round(runs["workers_1"]["wall_s"] / runs["workers_2"]["wall_s"], 2)
    if "serial" in runs and "workers_2" in runs:
        report["speedup_2_over_serial"] = round(runs["serial"]["wall_s"] / runs["workers_2"]["wall_s"], 2)
    for a, b in (("workers_1", "workers_2"), ("serial", "workers_2"), ("serial", "workers_1")):
        if a in runs and b in runs:
            name = f"speedup_cpu_{b.split('_')[1]}_over_{a.split('_')[-1]}"
            report[name] = round(runs[a]["cpu_wall_s"] / runs[b]["cpu_wall_s"], 2)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
