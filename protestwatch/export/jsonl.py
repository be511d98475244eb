"""Export as JSONL: one contract Result per stored article that reports a matching incident; its
events are those in matching incidents (filters, review state and visibility as the other exports),
each carrying its `incident` id."""
from __future__ import annotations

import json
from typing import TextIO


def write_jsonl(session, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    from ..store.repo import iter_results
    n = 0
    for result in iter_results(session, filters, include_restricted=include_restricted):
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        n += 1
    return n
