"""Cached loaders for the bundled lexicons, patterns and tables (see data/README.md for sources)."""
from __future__ import annotations

import functools
import json
from importlib.resources import files


def _read(rel: str) -> str:
    return (files(__package__) / rel).read_text("utf-8")


def _lines(rel: str):
    for line in _read(rel).splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            yield line


@functools.cache
def load_lexicon(name: str) -> frozenset[str]:
    """One lower-cased term per line from lexicons/<name>.txt."""
    return frozenset(line.strip().lower() for line in _lines(f"lexicons/{name}.txt"))


@functools.cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of lexicons/<name>.tsv split on tabs (empty trailing cells kept as '')."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(f"lexicons/{name}.tsv"))


@functools.cache
def load_patterns(name: str) -> tuple[dict, ...]:
    """spaCy Matcher patterns from patterns/<name>.jsonl, each with `id`, `label`, `pattern`."""
    rows = tuple(json.loads(line) for line in _lines(f"patterns/{name}.jsonl"))
    for row in rows:
        if not row.get("pattern"):
            raise ValueError(f"pattern {row.get('id')!r} in {name}.jsonl is empty")
    return rows


@functools.cache
def load_currency_words() -> frozenset[str]:
    """Currency words of lexicons/currencies.tsv, each name and its last word ("kenyan shilling",
    "shilling")."""
    return frozenset(w for row in load_table("currencies") for w in (row[0].lower(), row[0].lower().split()[-1]))

