"""Helpers for eval tests: hand-built gold documents and contract Results."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


def shared_eval(sub: str) -> Path:
    """Return ../shared/eval/<sub>, skipping the test when it is absent (as on a user's machine)."""
    p = SHARED_EVAL / sub
    if not p.exists():
        pytest.skip(f"{p} is absent: public gold data lives only in the team's ../shared/eval")
    return p


def result(text: str, *events: dict) -> dict:
    return {"article": {"id": "x", "text": text}, "events": list(events), "extractor": {"version": "0"}}


def event(type_: str, text: str, word: str, *, occurrence: int = 0, participants=(), place=None, id_="ev") -> dict:
    """An event whose `type` evidence is the n-th occurrence of `word` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return {"id": id_, "type": type_, "participants": [{"role": r, "name": n, "kind": "person"} for r, n in participants],
            "place": place or {}, "evidence": [{"field": "type", "start": start, "end": start + len(word)}]}
