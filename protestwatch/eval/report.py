"""Print an evaluation report: a Rich table per level (type, P, R, F1, CI, support), or one JSON object."""
from __future__ import annotations

import json
from typing import IO

from .metrics import MICRO

LEVEL_TITLES = {
    "mention": "mention level (trigger span overlap)",
    "document": "document level (at least one event of the type)",
    "sentence": "sentence level (a type span inside the sentence)",
    "argument": "argument level (role + head word, on events anchored at gold triggers)",
    "event": "expected events (matching rules of score_expected)",
}


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _ci(ci: list[float] | None) -> str:
    return "–" if not ci else f"{ci[0]:.3f}–{ci[1]:.3f}"


def write_json(report: dict, out: IO[str]) -> None:
    json.dump(report, out, ensure_ascii=False, default=str)
    out.write("\n")


def write_table(report: dict, console) -> None:
    """Print one table per level, then the expected-file rows and the top error words."""
    from rich.table import Table

    head = f"{report['format']} · {report['documents']} documents · {report['path']}"
    if report.get("model"):
        head += f" · model {report['model']}"
    console.print(head)
    for level, rows in report["levels"].items():
        table = Table(title=LEVEL_TITLES.get(level, level), title_justify="left")
        for col in ("type", "P", "R", "F1", "F1 95% CI", "support", "predicted"):
            table.add_column(col, justify="left" if col == "type" else "right")
        for t, s in rows.items():
            table.add_row(t, _num(s["p"]), _num(s["r"]), _num(s["f1"]),
                          _ci(s["ci"]["f1"] or s["ci"]["r"]), str(s["support"]),
                          "–" if s.get("predicted") is None else str(s["predicted"]),
                          style="bold" if t == MICRO else None)
        console.print(table)
    if "fields" in report:
        f = report["fields"]
        console.print(f"field accuracy over matched events: {_num(f['accuracy'])} "
                      f"(CI {_ci(f['ci'])}, {f['checks']} checks)")
    for row in report.get("files", []):
        console.print(f"  {row['file']}: recall {row['recall']:.2f} precision {row['precision']:.2f} "
                      f"fields {row['fields']:.2f}")
        for exp_id, pred_id, checks in row["rows"]:
            bad = [f for f, ok in checks if not ok]
            state = "MISSING" if pred_id is None else ("ok" if not bad else "wrong: " + ", ".join(bad))
            console.print(f"    {exp_id:>20} -> {pred_id or '-':<8} {state}")
    _print_errors(report.get("errors") or {}, console)


def _words(items: list[dict], n: int = 12) -> str:
    return ", ".join(f"{i['word']} ({i['count']})" for i in items[:n]) or "–"


def _print_errors(errors: dict, console) -> None:
    for t, e in (errors.get("mention") or {}).items():
        console.print(f"[bold]{t}[/] missed triggers: {_words(e['missed'])}")
        console.print(f"[bold]{t}[/] false triggers: {_words(e['false'])}")
    for t, e in (errors.get("sentence") or {}).items():
        console.print(f"[bold]{t}[/] words of missed sentences: {_words(e['missed_sentence_words'])}")
        console.print(f"[bold]{t}[/] false triggers: {_words(e['false'])}")
