"""`samples` (the bundled sample articles) and `schema` (the JSON Schema of the document result)."""
from __future__ import annotations

from typing import Annotated

import typer

from . import app

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


@app.command()
def samples(
    name: Annotated[str | None, typer.Argument(help="a sample's name: print the path of its file")] = None,
) -> None:
    """List the bundled sample articles, or print the path of one (to pass to `extract` or `ingest`)."""
    import json

    from ..samples import sample_path, sample_paths, samples_dir

    if name is not None:
        try:
            typer.echo(str(sample_path(name)))
        except LookupError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        return
    for path in sample_paths():
        article = json.loads(path.read_text(encoding="utf-8"))
        typer.echo(f"{path.stem:28}  {article.get('published') or '':10}  {article.get('title') or ''}")
    typer.echo(f"\n{len(sample_paths())} articles in {samples_dir()}\n"
               "Print one's path with `protestwatch samples NAME`; `extract` and `ingest` read the files "
               "(or the folder).", err=True)


def document_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one document result, generated from protestwatch.records."""
    from ..records import Result

    schema = Result.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DRAFT,
            "title": "protestwatch document result",
            "description": "One article and the events extracted from it (docs/record.md explains each field).",
            **{k: v for k, v in schema.items() if k != "title"}}


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the document result that `extract --format json` writes."""
    import json

    typer.echo(json.dumps(document_schema(), indent=2, ensure_ascii=False))
