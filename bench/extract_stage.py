"""The extract stage alone: CPU seconds of `extract_document` on parses made once.

    python bench/extract_stage.py                 # the hand-written article sets, best of 5
    python bench/extract_stage.py --repeat 9 DIR  # any folder of .txt files

The parser's time is left out (each document is parsed once, then rebuilt from bytes before
every repeat, so no per-Doc cache survives), which isolates the cost of the rules: the syntax
interface, the lexicons and the per-document caches. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, help="folders of .txt files (default: tests/fixtures sets)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from spacy.tokens import Doc

    from protestwatch.extract import extract_document
    from protestwatch.pipeline import _cached_nlp
    from protestwatch.records import Article
    from protestwatch.settings import Settings

    files = sorted(p for folder in args.folders for p in folder.glob("*.txt")) if args.folders else \
        sorted(FIXTURES.glob("**/articles/*.txt"))
    texts = [p.read_text("utf-8") for p in files]
    model = Settings().resolved_model()
    nlp = _cached_nlp(model)
    blobs = [nlp(t).to_bytes(exclude=["user_data"]) for t in texts]
    runs = []
    for _ in range(args.repeat):
        docs = [Doc(nlp.vocab).from_bytes(b) for b in blobs]
        start = time.process_time()
        for doc, text in zip(docs, texts):
            extract_document(doc, Article(id="bench", text=text))
        runs.append(time.process_time() - start)
    best = min(runs)
    print(json.dumps({"documents": len(texts), "characters": sum(map(len, texts)), "repeat": args.repeat,
                      "best_cpu_s": round(best, 3), "runs_cpu_s": [round(r, 3) for r in runs],
                      "docs_per_cpu_s": round(len(texts) / best, 1), "model": model,
                      "machine": platform.machine(), "python": platform.python_version()}))


if __name__ == "__main__":
    main()
