"""Store commands: ingest, events, cases, merge, split, export. Each parses its options, opens the
database and calls one function of `protestwatch.store` or `protestwatch.export`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .extract import _check_max_bytes, _check_published

Db = Annotated[str | None, typer.Option("--db", envvar="PROTESTWATCH_DB", show_envvar=True,
                                        help="SQLAlchemy URL or SQLite path [default: protestwatch.db]")]
Fmt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv")]
Modality = Annotated[str | None, typer.Option(
    help="keep these modalities, comma-separated (asserted,alleged,denied,planned,threatened,hypothetical,negated) "
         "or 'all' [default: all; acled-csv: asserted,alleged]")]
ReviewState = Annotated[str | None, typer.Option("--review-state", help="pending, accepted, edited or rejected")]
EvType = Annotated[str | None, typer.Option("--type", help="event type, e.g. detention")]
Country = Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2, e.g. KZ")]
Since = Annotated[str | None, typer.Option(help="from this date (2020, 2020-08, 2020-08-03)")]
Until = Annotated[str | None, typer.Option(help="up to this date, inclusive")]
Person = Annotated[str | None, typer.Option(help="a person's name, any spelling or alias")]
Query = Annotated[str | None, typer.Option("--q", help="full-text search in the articles")]
User = Annotated[str | None, typer.Option("--user", help="name recorded in the audit log [default: cli:$USER]")]
Workers = Annotated[int, typer.Option(min=0, help="extract on a local Dask cluster of this many workers")]
Scheduler = Annotated[str | None, typer.Option(help="extract on this Dask scheduler (tcp://HOST:PORT)")]
Scope = Annotated[str, typer.Option("--scope", help="political (default), ordinary (a fraud trial, a murder case) or all")]


def _scope(value: str) -> str | None:
    if value not in ("political", "ordinary", "all"):
        _fail("--scope must be political, ordinary or all", 2)
    return None if value == "all" else value


def _fail(message: str, code: int = 1):
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _choices(value: str | None, allowed, option: str) -> tuple[str, ...] | None:
    """A comma-separated option as a tuple of allowed values; 'all' -> every value; None stays None."""
    if value is None:
        return None
    allowed = tuple(str(a) for a in allowed)
    if value.strip().lower() == "all":
        return allowed
    picked = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [v for v in picked if v not in allowed]
    if bad or not picked:
        _fail(f"{option} must be among {', '.join(allowed)} (got {value!r})", 2)
    return picked


def _store_filter(*, type, country, since, until, person, q, modality, scope, review_state, **kw):
    """The store's EventFilter, the one the web app's queries build, from the CLI's options."""
    from ..store import repo
    from ..store.tables import REVIEW_STATES
    from ..vocab import Modality as Mod
    if review_state is not None and review_state not in REVIEW_STATES:
        _fail(f"--review-state must be one of {', '.join(REVIEW_STATES)}", 2)
    return repo.EventFilter(type=type, country=country.strip().upper()[:2] if country else None, since=since,
                            until=until, person=person, q=q, review_state=review_state,
                            modality=_choices(modality, [m.value for m in Mod], "--modality"),
                            scope=_scope(scope), **kw)


def _open(db):
    from ..store import StoreError, open_db
    try:
        return open_db(db)
    except StoreError as exc:
        _fail(str(exc))


def _who(user: str | None) -> str:
    if user:
        return user
    import getpass
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


def _summary_lines(s) -> list[str]:
    lines = [f"Read {s.read} articles: {s.stored} new, {s.skipped} already stored; {s.reports} reports.",
             f"Linked {s.linked} reports: {s.incidents_created} new incidents, {s.incidents_updated} updated; "
             f"{s.cases} cases."]
    if s.errors:
        lines.append(f"Unreadable inputs ({len(s.errors)}):")
        lines.extend(f"  {e.name}: {e.reason}" for e in s.errors)
    return lines


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="files, folders, feed files or URLs, WARC files, or - for stdin")],
    db: Db = None,
    batch_size: Annotated[int, typer.Option(help="articles per transaction")] = 32,
    json_summary: Annotated[bool, typer.Option("--json", help="print the summary as JSON on stdout")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD of inputs that carry none; relative dates resolve against it.",
        callback=_check_published)] = None,
    language: Annotated[str | None, typer.Option(
        help="Language of file inputs (en, ru); default: each input's own field, else detected.")] = None,
    max_bytes: Annotated[str | None, typer.Option(
        envvar="PROTESTWATCH_MAX_BYTES", metavar="N",
        help="Refuse larger inputs and WARC records (bytes, or 20MB, 512k). Default 5 MB.",
        callback=_check_max_bytes)] = None,
    workers: Workers = 0,
    scheduler: Scheduler = None,
):
    """Extract, store and deduplicate articles; safe to re-run (idempotent, resumable).

    Each unreadable input is one line of the summary, the rest is stored, and the exit status is 1."""
    import json

    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ..store import StoreError
    from ..store.cluster import ClusterError, extraction
    from ..store.load import IngestSummary, ingest as run_ingest, read_sources

    engine = _open(db)
    console = Console(stderr=True)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                        TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), console=console,
                        disable=quiet, transient=False)
    summary = IngestSummary()
    with progress:
        task = progress.add_task("ingesting", total=None, stats="")

        def on_batch(s):
            nonlocal summary
            summary = s
            progress.update(task, stats=f"{s.read} read, {s.stored} new, {len(s.errors)} unreadable")

        try:
            def warn(name, message):
                console.print(f"protestwatch: {name}: warning: {message}", markup=False, highlight=False,
                              soft_wrap=True)

            items = read_sources(sources, published=published, max_bytes=max_bytes, warn=warn, language=language)
            with extraction(workers=workers, scheduler=scheduler) as process:
                summary = run_ingest(engine, items, batch_size=batch_size, on_batch=on_batch, process=process)
                if process is not None:
                    summary.cluster = process.cpu_report()
            progress.update(task, description="done")
        except ClusterError as exc:
            progress.stop()
            _fail(str(exc))
        except StoreError as exc:
            progress.stop()
            for line in _summary_lines(summary):
                typer.echo(line, err=True)
            _fail(f"{exc}\nEverything committed before this point is kept; run the same command again to resume.")
    for line in _summary_lines(summary):
        typer.echo(line, err=True)
    alerts = _check_alerts(engine)
    if alerts:
        typer.echo(f"Alerts: {alerts['queued']} changes queued; {alerts['sent']} sent, {alerts['retrying']} "
                   f"to retry, {alerts['failed']} failed.", err=True)
    if json_summary:
        typer.echo(json.dumps({**summary.to_dict(), "alerts": alerts or {}}, ensure_ascii=False))
    if summary.errors:
        raise typer.Exit(1)


def _check_alerts(engine) -> dict | None:
    """The incidents this run created or changed, checked against the alerts as `watch` does
    (one outbox: a change is queued and sent once, whichever command saw it first)."""
    from sqlalchemy import select

    from ..store import StoreError, session_scope
    from ..store.tables import AlertRow
    with session_scope(engine, write=False) as s:
        if s.scalar(select(AlertRow.id).where(AlertRow.active.is_(True)).limit(1)) is None:
            return None
    from ..watch.webhooks import run_alerts
    try:
        return run_alerts(engine)
    except StoreError as exc:
        _fail(f"{exc}\nThe ingested records are kept; the next ingest or watch round checks the alerts again.")


CSV_COLUMNS = ("id", "date", "type", "subtype", "country", "place", "venue", "participants", "size_low",
               "size_high", "n_reports", "review_state")


def _row(incident) -> dict:
    return {"id": incident.id, "date": incident.date_start, "type": incident.type, "subtype": incident.subtype,
            "country": incident.country, "place": incident.place_name, "venue": incident.venue,
            "participants": "; ".join(p.get("name", "") for p in (incident.merged or {}).get("participants", [])),
            "size_low": incident.size_low, "size_high": incident.size_high, "n_reports": incident.n_reports,
            "review_state": incident.review_state}


@app.command()
def events(
    db: Db = None,
    type: EvType = None, country: Country = None, since: Since = None, until: Until = None,
    person: Person = None, q: Query = None, modality: Modality = None,
    review_state: ReviewState = None,
    limit: Annotated[int, typer.Option(help="at most this many incidents")] = 100,
    offset: Annotated[int, typer.Option(help="skip this many")] = 0,
    fmt: Fmt = "table",
    include_restricted: Annotated[bool, typer.Option(help="show restricted incidents too")] = False,
    scope: Scope = "political",
):
    """List incidents (deduplicated events), newest first."""
    import csv
    import json

    from ..store import StoreError, repo, session_scope

    engine = _open(db)
    try:
        with session_scope(engine, write=False) as s:
            f = _store_filter(type=type, country=country, since=since, until=until, person=person, q=q,
                              modality=modality, scope=scope, review_state=review_state,
                              limit=limit, offset=offset, include_restricted=include_restricted)
            rows = repo.query_incidents(s, f)
            if fmt == "json":
                typer.echo(json.dumps([repo.incident_record(s, r) for r in rows], ensure_ascii=False, indent=1))
            elif fmt == "csv":
                w = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
                w.writeheader()
                from ..export.acled import safe_cell
                w.writerows({k: safe_cell(v) for k, v in _row(r).items()} for r in rows)
            elif fmt == "table":
                from rich.console import Console
                from rich.table import Table
                table = Table(*CSV_COLUMNS[:8], "reports")
                for r in rows:
                    d = _row(r)
                    table.add_row(*(str(d[c] or "") for c in CSV_COLUMNS[:8]), str(d["n_reports"]))
                Console().print(table)
                typer.echo(f"{len(rows)} of {repo.count_incidents(s, f)} incidents", err=True)
            else:
                _fail("--format must be table, json or csv", 2)
    except StoreError as exc:
        _fail(str(exc))


@app.command()
def cases(
    person: Annotated[str, typer.Option("--person", help="name, any spelling or alias")],
    db: Db = None,
    fmt: Fmt = "table",
    include_restricted: Annotated[bool, typer.Option(help="show restricted cases too")] = False,
):
    """Show a person's case: their events across articles in order (protest ... release)."""
    import json

    from ..store import StoreError, repo, session_scope

    engine = _open(db)
    try:
        with session_scope(engine, write=False) as s:
            found = [r for c in repo.find_cases(s, person, include_restricted=include_restricted)
                     if (r := repo.case_record(s, c, include_restricted=include_restricted))]
    except StoreError as exc:
        _fail(str(exc))
    if not found:
        _fail(f"no case for {person!r}")
    if fmt == "json":
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    for case in found:
        typer.echo(f"Case {case['id']}: {case['person']} (also: {', '.join(a for a in case['aliases'] if a != case['person'])})")
        for step in case["steps"]:
            where = ", ".join(x for x in (step["place"], step["country"]) if x)
            typer.echo(f"  {step['date'] or '?':10}  {step['stage']:14} incident {step['incident']}  {where}")


def _review(db, action, describe) -> None:
    """Run one audited review action in a transaction; a bad id or a store fault is one line."""
    from ..store import StoreError, session_scope
    engine = _open(db)
    try:
        with session_scope(engine) as s:
            typer.echo(describe(action(s)))
    except (ValueError, LookupError) as exc:
        _fail(str(exc).strip("'\""))
    except StoreError as exc:
        _fail(str(exc))


@app.command()
def merge(
    incident_ids: Annotated[list[int], typer.Argument(help="two or more incident ids")],
    db: Db = None, user: User = None,
    note: Annotated[str | None, typer.Option(help="why, for the audit log")] = None,
):
    """Merge incidents into one (reverses an automatic split); logged in the audit log."""
    from ..store import repo
    _review(db, lambda s: repo.merge_incidents(s, incident_ids, user=_who(user), note=note),
            lambda target: f"merged into incident {target.id} ({target.n_reports} reports)")


@app.command()
def split(
    report_ids: Annotated[list[int], typer.Argument(help="report ids to move into a new incident")],
    db: Db = None, user: User = None,
    note: Annotated[str | None, typer.Option(help="why, for the audit log")] = None,
):
    """Move reports out of their incident into a new one (reverses an automatic merge); logged."""
    from ..store import repo
    _review(db, lambda s: repo.split_reports(s, report_ids, user=_who(user), note=note),
            lambda incident: f"new incident {incident.id} ({incident.n_reports} reports)")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="acled-csv, plover-json, plover-jsonl, geojson or jsonl")],
    db: Db = None,
    type: EvType = None, country: Country = None, since: Since = None, until: Until = None,
    person: Person = None, q: Query = None, modality: Modality = None,
    review_state: ReviewState = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write [default: stdout]")] = None,
    include_restricted: Annotated[bool, typer.Option(help="include restricted records (not for publication)")] = False,
    scope: Scope = "political",
):
    """Export incidents (or articles, for jsonl) in a standard format; public records only by default."""
    from ..export import FORMATS, write_export
    from ..store import StoreError, session_scope
    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    filters = _store_filter(type=type, country=country, since=since, until=until, person=person, q=q,
                            modality=modality, scope=scope, review_state=review_state)
    engine = _open(db)
    try:
        with session_scope(engine, write=False) as s:
            if output is None:
                n = write_export(s, fmt, sys.stdout, include_restricted=include_restricted, filters=filters)
            else:
                tmp = output.with_name(output.name + ".part")
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    n = write_export(s, fmt, fh, include_restricted=include_restricted, filters=filters)
                tmp.replace(output)  # a failed export never leaves a half-written file behind
    except StoreError as exc:
        _fail(str(exc))
    except BrokenPipeError:  # `export ... | head`: the reader left, nothing to report
        sys.stderr.close()
        raise typer.Exit(0)
    except OSError as exc:
        _fail(f"{output or 'stdout'}: {exc.strerror or exc}")
    typer.echo(f"exported {n} records as {fmt}", err=True)
