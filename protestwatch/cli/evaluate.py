"""`protestwatch eval FORMAT PATH`: score the extractor against public gold data or expected-events files."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app

FORMAT_HELP = "m2e2, wikievents, rams, case2021, ipe or expected"


@app.command("eval")
def eval_command(
    format: Annotated[str, typer.Argument(help=FORMAT_HELP, metavar="FORMAT")],
    path: Annotated[Path, typer.Argument(help="gold file or folder")],
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object instead of tables")] = False,
    predictions: Annotated[Optional[Path], typer.Option(help="write the Results as JSONL here")] = None,
    types: Annotated[Optional[list[str]], typer.Option(help="only these contract types (repeat or comma-separate)")] = None,
    limit: Annotated[Optional[int], typer.Option(help="only the first N documents")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy model name (default: settings)")] = None,
    results: Annotated[Optional[Path], typer.Option(help="score saved Results JSONL (from --predictions) instead of running the extractor")] = None,
    labels: Annotated[Optional[Path], typer.Option(help="case2021: labels file (id<TAB>label) for label-less input")] = None,
    modality: Annotated[Optional[list[str]], typer.Option(help="score only predicted events of these modalities (e.g. asserted)")] = None,
    top: Annotated[int, typer.Option(help="error-analysis words per list")] = 30,
) -> None:
    """Score extraction on gold data: P/R/F1 per type with bootstrap 95% intervals over documents."""
    import sys
    import time

    from rich.console import Console

    from ..eval import evaluate
    from ..eval.loaders import FORMATS, load_gold
    from ..eval.report import write_json, write_table
    from ..eval.run import extract_gold, read_results, to_gold_offsets

    err = Console(stderr=True)
    if format not in FORMATS:
        err.print(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    wanted = [t.strip() for v in types or [] for t in v.split(",") if t.strip()] or None
    try:
        gold = load_gold(format, path, labels=labels)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        err.print(f"cannot read {format} gold from {path}: {exc}")
        raise typer.Exit(2)
    if limit is not None:
        gold.docs = gold.docs[:limit]
    started = time.perf_counter()
    if results is not None:
        try:
            raw = read_results(results, gold)
        except (OSError, ValueError) as exc:
            err.print(str(exc))
            raise typer.Exit(2)
    else:
        raw = _run_with_progress(gold, model, predictions, err, extract_gold)
    scored = [to_gold_offsets(r, d.text) for r, d in zip(raw, gold.docs)]
    keep = {m.strip() for v in modality or [] for m in v.split(",") if m.strip()}
    if keep:
        scored = [{**r, "events": [e for e in r.get("events") or [] if e.get("modality") in keep]} for r in scored]
    report = evaluate(gold, scored, types=wanted, top=top)
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["modality"] = sorted(keep) or None
    extractor = (raw[0].get("extractor") if raw else None) or {}
    report["model"] = extractor.get("model") or model
    report["extractor"] = extractor
    if json_out:
        write_json(report, sys.stdout)
    else:
        write_table(report, Console())


def _run_with_progress(gold, model, predictions, err, extract_gold) -> list[dict]:
    """Run the extractor with a progress bar on stderr, writing predictions as they come."""
    import json

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    out = open(predictions, "w", encoding="utf-8") if predictions else None
    got = []
    try:
        with Progress(TextColumn(f"{gold.format}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("extract", total=len(gold.docs))
            for r in extract_gold(gold, model=model, on_result=lambda: bar.advance(task)):
                got.append(r)
                if out:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()
    return got
