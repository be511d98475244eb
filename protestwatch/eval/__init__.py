"""Evaluation against gold data: public corpora (M2E2, WikiEvents, RAMS, CASE 2021, IndiaPoliceEvents)
and our own hand-written expected-events files.

loaders.py turns each corpus into `GoldDoc`s, metrics.py scores Results against them, report.py prints,
expected.py scores expected-events files (the rules of ../shared/tools/score_expected.py).
"""
from __future__ import annotations

from collections.abc import Sequence


def evaluate(gold, results: Sequence[dict], *, types: Sequence[str] | None = None, top: int = 30) -> dict:
    """Score Results (contract dicts, in gold order, offsets in gold coordinates) and analyse errors.

    Returns the machine-readable report: format, path, documents, types, levels {level: {type:
    summary}}, errors, and for expected-events files also fields and files.
    """
    from .errors import analyse
    from .metrics import score_expected_set, score_gold

    wanted = [t for t in gold.types if not types or t in types]
    report = {"format": gold.format, "path": gold.path, "documents": len(gold.docs), "types": wanted}
    if "expected" in gold.levels:
        s = score_expected_set(gold, results, wanted)
        report.update(levels={"event": s["event"]}, fields=s["fields"], files=s["files"])
    else:
        report["levels"] = score_gold(gold, results, wanted)
        report["errors"] = analyse(gold, results, wanted, top)
    return report
