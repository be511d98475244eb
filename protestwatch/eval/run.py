"""Run the extractor over a GoldSet (or read saved Results) and bring offsets into gold coordinates.

Consumes GoldDocs, produces contract JSON dicts in document order, each with an added top-level
"eval" object {"format", "id"} so a saved predictions file can be scored again without the model.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .align import offset_mapper
from .loaders import GoldDoc, GoldSet


def to_gold_offsets(result: dict, gold_text: str) -> dict:
    """Return the result with every evidence span mapped from article.text into gold_text."""
    text = (result.get("article") or {}).get("text")
    if text is None or text == gold_text:
        return result
    f = offset_mapper(text, gold_text)
    events = []
    for ev in result.get("events") or []:
        evidence = [{**e, "start": f(e["start"]), "end": f(e["end"])} for e in ev.get("evidence") or []]
        events.append({**ev, "evidence": evidence})
    return {**result, "events": events}


def extract_gold(gold: GoldSet, *, model: str | None = None,
                 on_result: Callable[[], None] | None = None) -> Iterator[dict]:
    """Run `pipeline.process_many` over the documents, batched, yielding tagged Result dicts."""
    from ..ingest import make_article
    from ..pipeline import get_nlp, process_many
    from ..settings import load_settings

    settings = load_settings(model=model)
    nlp = get_nlp(settings)

    def articles(docs: Iterable[GoldDoc]):
        for d in docs:
            art = (d.expected or {}).get("article") or {}
            yield make_article(d.text, published=d.published, title=d.title,
                               source=art.get("source"), url=art.get("url"))

    for doc, result in zip(gold.docs, process_many(articles(gold.docs), nlp=nlp, settings=settings)):
        if on_result:
            on_result()
        yield {**result.to_json(), "eval": {"format": gold.format, "id": doc.id}}


def read_results(path: str | Path, gold: GoldSet) -> list[dict]:
    """Read saved Results (JSONL) and order them as the gold documents, by their "eval" id."""
    by_id: dict[str, dict] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                by_id[str((r.get("eval") or {}).get("id"))] = r
    missing = [d.id for d in gold.docs if d.id not in by_id]
    if missing:
        raise ValueError(f"{path}: no result for {len(missing)} documents (first: {missing[0]}); "
                         "results must carry the 'eval.id' that --predictions writes")
    return [by_id[d.id] for d in gold.docs]
