"""Extraction throughput benchmark (not a test): bare spaCy against the full pipeline, each side in
whole processes, its start-up subtracted.

Documents come from ../shared/eval, read with the eval loaders (protestwatch.eval.loaders):
"relevant" documents have a gold Conflict:Demonstrate or Justice:Arrest-Jail mention (M2E2) or an
ARREST sentence label (IndiaPoliceEvents), the two alternating; "general news" documents are the
BBC dev articles (business, entertainment, sport, tech; ../shared/eval/bbc), in file order.

Each measurement is a fresh Python process (this script with --worker), so model loading, lazy
lexicons and the sense model count as they do for a real run:

  bare    spaCy `nlp.pipe` over the texts (the pipeline object extract uses)
  full    `pipeline.process_many` over the same texts (prefilter, sense step, parsing, extraction)
  on three inputs:
  startup one short document: the start-up cost of a process (import, model, first document)
  relevant N relevant documents alone                       target full >= 0.8x bare
  stream   a feed: 1 relevant document to 19 general-news    target full >= 5x bare

A ratio is (bare CPU seconds - bare start-up) / (full CPU seconds - full start-up) on the same
input: > 1 means the full pipeline is faster. CPU seconds (user + system of the worker) are what
the targets are judged on, since on a shared machine wall time also counts other people's work;
wall-clock figures are printed too. Every worker's peak RSS counts (target <= 600 MB).

    python bench/throughput.py                  # --relevant 40 --stream 400 --repeat 2
    python bench/throughput.py --stream 200 --repeat 1     # quicker
    python bench/throughput.py --profile 25     # plus cProfile of the full stream worker, on stderr
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from itertools import zip_longest
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
DEFAULT_SHARED = HERE.parents[2] / "shared" / "eval"
EVENT_TYPES_M2E2 = {"Conflict:Demonstrate", "Justice:Arrest-Jail"}
TARGETS = {"relevant_full_over_bare": 0.8, "stream_full_over_bare": 5.0, "peak_rss_mb": 600}
STREAM_EVERY = 20  # 1 relevant document in 20
STARTUP_TEXT = "Police detained three protesters in Minsk on Monday, a rights group said."


def load_relevant(eval_dir: Path) -> list[tuple[str, str | None]]:
    """Relevant (text, published) pairs: M2E2 and IndiaPoliceEvents alternating."""
    from protestwatch.eval.loaders import read_ipe, read_m2e2

    m2e2 = [(d.text, d.published) for d in sorted(read_m2e2(eval_dir / "m2e2" / "dev.json").docs, key=lambda d: d.id)
            if {m.gold_type for m in d.mentions} & EVENT_TYPES_M2E2]
    ipe = [(d.text, d.published) for d in sorted(read_ipe(eval_dir / "indiapoliceevents").docs, key=lambda d: int(d.id))
           if "ARREST" in d.gold_labels]
    return [x for pair in zip_longest(m2e2, ipe) for x in pair if x is not None]


def load_general(eval_dir: Path) -> list[tuple[str, None]]:
    return [(p.read_text(encoding="utf-8", errors="replace"), None) for p in sorted((eval_dir / "bbc").glob("*.txt"))]


def make_stream(relevant: list, general: list, n: int) -> list:
    """n documents: every STREAM_EVERY-th relevant, the rest general news."""
    out, p, q = [], 0, 0
    for i in range(n):
        if i % STREAM_EVERY == 0:
            out.append(relevant[p % len(relevant)])
            p += 1
        else:
            out.append(general[q % len(general)])
            q += 1
    return out


def machine() -> dict:
    cpu = None
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": nproc, "cpu": cpu, "python": platform.python_version(), "platform": platform.platform()}


# --- worker: one measurement in its own process -------------------------------------------------

def worker(kind: str, path: Path, model: str | None, profile: int) -> int:
    w0 = time.perf_counter()
    from protestwatch.ingest import make_article
    from protestwatch.pipeline import get_nlp, process_many
    from protestwatch.settings import load_settings

    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    settings = load_settings(model=model)
    nlp = get_nlp(settings)
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile(time.process_time)
        prof.enable()
    events = 0
    if kind == "bare":
        for _ in nlp.pipe((d["text"] for d in docs), batch_size=settings.batch_size):
            pass
    else:
        articles = (make_article(d["text"], published=d.get("published")) for d in docs)
        for result in process_many(articles, nlp=nlp, settings=settings):
            events += len(result.events)
    if prof is not None:
        import pstats
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(profile)
    use = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"cpu_s": use.ru_utime + use.ru_stime, "wall_s": time.perf_counter() - w0,
                      "peak_rss_mb": use.ru_maxrss / 1024, "docs": len(docs), "events": events,
                      "sense": getattr(settings, "sense", "none"), "model": settings.resolved_model()}))
    return 0


def run_worker(kind: str, path: Path, args, profile: int = 0) -> dict:
    cmd = [sys.executable, str(HERE), "--worker", kind, "--input", str(path)]
    if args.model:
        cmd += ["--model", args.model]
    if profile:
        cmd += ["--profile", str(profile)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    w0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"worker {kind} {path.name} failed:\n{done.stderr[-2000:]}")
    if profile:
        sys.stderr.write(done.stderr)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["wall_outside_s"] = time.perf_counter() - w0
    return out


def best(kind: str, path: Path, args) -> dict:
    runs = [run_worker(kind, path, args) for _ in range(max(1, args.repeat))]
    top = min(runs, key=lambda r: r["cpu_s"])
    top["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return top


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--relevant", type=int, default=40, help="relevant documents measured alone (default 40)")
    ap.add_argument("--stream", type=int, default=400, help="documents of the feed, 1 in 20 relevant (default 400)")
    ap.add_argument("--repeat", type=int, default=2, help="processes per measurement, the fastest counts (default 2)")
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_SHARED,
                    help="folder holding m2e2/, indiapoliceevents/ and bbc/")
    ap.add_argument("--model", default=None, help="spaCy model (default: protestwatch's default)")
    ap.add_argument("--profile", type=int, default=0, metavar="K",
                    help="also profile the full stream worker, top K functions on stderr")
    ap.add_argument("--worker", choices=("bare", "full"), help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.input, args.model, args.profile)

    needs = [args.eval_dir / "m2e2" / "dev.json", args.eval_dir / "indiapoliceevents" / "docs.jsonl",
             args.eval_dir / "bbc"]
    missing = [str(p) for p in needs if not p.exists()]
    if missing:
        print(f"throughput: benchmark data not found: {', '.join(missing)}. It needs the shared eval "
              f"folder (--eval-dir, default {DEFAULT_SHARED}) with m2e2/dev.json and indiapoliceevents/ "
              f"(relevant documents) and bbc/*.txt (general news).", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    relevant, general = load_relevant(args.eval_dir), load_general(args.eval_dir)
    sets = {"startup": [(STARTUP_TEXT, None)], "relevant": relevant[:max(1, args.relevant)],
            "stream": make_stream(relevant, general, max(STREAM_EVERY, args.stream))}
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for name, docs in sets.items():
            paths[name] = Path(tmp) / f"{name}.jsonl"
            paths[name].write_text("".join(json.dumps({"text": t, "published": d}) + "\n" for t, d in docs),
                                   encoding="utf-8")
        for name in sets:
            for kind in ("bare", "full"):
                results[f"{kind}_{name}"] = best(kind, paths[name], args)
        if args.profile:
            run_worker("full", paths["stream"], args, profile=args.profile)

    def net(kind: str, name: str, key: str = "cpu_s") -> float:
        return max(1e-6, results[f"{kind}_{name}"][key] - results[f"{kind}_startup"][key])

    def wall_ratio(name: str) -> float | None:
        """Wall-clock ratio; None when a start-up run took longer than the measurement (load)."""
        b = results[f"bare_{name}"]["wall_s"] - results["bare_startup"]["wall_s"]
        f = results[f"full_{name}"]["wall_s"] - results["full_startup"]["wall_s"]
        return round(b / f, 3) if b > 0 and f > 0 else None

    ratios = {f"{name}_full_over_bare": round(net("bare", name) / net("full", name), 3) for name in ("relevant", "stream")}
    ratios_wall = {f"{name}_full_over_bare": wall_ratio(name)
                   for name in ("relevant", "stream")}
    rss = max(r["peak_rss_mb"] for r in results.values())
    stream = sets["stream"]
    out = {
        "docs": {"relevant": len(sets["relevant"]), "stream": len(stream),
                 "stream_relevant": sum(1 for i in range(len(stream)) if i % STREAM_EVERY == 0),
                 "chars_relevant": sum(len(t) for t, _ in sets["relevant"]),
                 "chars_stream": sum(len(t) for t, _ in stream)},
        "startup_s": {"bare_cpu": round(results["bare_startup"]["cpu_s"], 2),
                      "full_cpu": round(results["full_startup"]["cpu_s"], 2),
                      "bare_wall": round(results["bare_startup"]["wall_s"], 2),
                      "full_wall": round(results["full_startup"]["wall_s"], 2)},
        "net_cpu_s": {f"{k}_{n}": round(net(k, n), 2) for n in ("relevant", "stream") for k in ("bare", "full")},
        "docs_per_cpu_s": {f"{k}_{n}": round(len(sets[n]) / net(k, n), 2) for n in ("relevant", "stream")
                           for k in ("bare", "full")},
        "ratios": ratios,
        "ratios_wall": ratios_wall,
        "events": {"full_relevant": results["full_relevant"]["events"], "full_stream": results["full_stream"]["events"]},
        "peak_rss_mb": round(rss, 1),
        "peak_rss_mb_by_run": {k: round(v["peak_rss_mb"], 1) for k, v in results.items()},
        "sense": results["full_stream"]["sense"],
        "model": results["full_stream"]["model"],
        "repeat": args.repeat,
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "targets": TARGETS,
        "meets": {"relevant_full_over_bare": ratios["relevant_full_over_bare"] >= TARGETS["relevant_full_over_bare"],
                  "stream_full_over_bare": ratios["stream_full_over_bare"] >= TARGETS["stream_full_over_bare"],
                  "peak_rss_mb": rss <= TARGETS["peak_rss_mb"]},
        "machine": machine(),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
