"""The `watch` command: poll RSS/Atom feeds, store and link each new item's article."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app
from .store import Db, Scheduler, Workers, _fail, _open


def _feed_urls(sources: list[str]) -> list[str]:
    """URLs as given; a file lists one URL a line (blank lines and # comments skipped)."""
    urls = []
    for src in sources:
        if src.startswith(("http://", "https://")):
            urls.append(src)
            continue
        try:
            lines = Path(src).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            _fail(f"{src}: {(exc.strerror or str(exc)).lower()}", 2)
        urls.extend(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    if not urls:
        _fail("no feed URLs given", 2)
    return urls


@app.command()
def watch(
    sources: Annotated[list[str], typer.Argument(help="feed URLs, or files listing them one a line")],
    db: Db = None,
    every: Annotated[float, typer.Option(help="seconds between rounds")] = 900.0,
    once: Annotated[bool, typer.Option("--once", help="run one round and exit")] = False,
    json_summary: Annotated[bool, typer.Option("--json", help="print each round's summary as one JSON object")] = False,
    delay: Annotated[float, typer.Option(help="seconds between two requests to one host")] = 1.0,
    timeout: Annotated[float, typer.Option(help="seconds before a request gives up")] = 20.0,
    max_mb: Annotated[float, typer.Option(help="largest feed or page accepted, in MB")] = 10.0,
    workers: Workers = 0,
    scheduler: Scheduler = None,
):
    """Poll feeds: conditional GET, each new item's page fetched (its summary when the page
    cannot be had), stored, deduplicated and linked like `ingest`. Safe to kill at any moment."""
    import json
    import time

    from ..store import StoreError
    from ..store.cluster import ClusterError, extraction
    from ..watch.fetch import Fetcher
    from ..watch.rounds import run_round

    urls = _feed_urls(sources)
    engine = _open(db)
    fetcher = Fetcher(delay=delay, timeout=timeout, max_bytes=int(max_mb * 1024 * 1024))
    try:
        with extraction(workers=workers, scheduler=scheduler) as process:
            while True:
                try:
                    s = run_round(engine, urls, fetcher=fetcher, process=process)
                except StoreError as exc:
                    _fail(f"{exc}\nEverything committed before this point is kept; run the same command again "
                          "to resume.")
                for e in s.errors:
                    typer.echo(f"{e.name}: {e.reason}", err=True)
                polled = sum(1 for f in s.feeds if f.status in ("ok", "not-modified"))
                typer.echo(f"Polled {polled} of {len(s.feeds)} feeds: {s.new} new articles, {len(s.errors)} errors; "
                           f"{s.incidents_created} new incidents, {s.incidents_updated} updated.", err=True)
                if json_summary:
                    typer.echo(json.dumps(s.to_dict(), ensure_ascii=False), nl=True)
                if once:
                    break
                time.sleep(every)
    except ClusterError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        raise typer.Exit(130)
    finally:
        fetcher.close()


alert_app = typer.Typer(no_args_is_help=True, help="Alerts: a webhook POST and an Atom feed when a followed "
                                                   "person, place or event type appears.")
app.add_typer(alert_app, name="alert")


@alert_app.command("add")
def alert_add(
    db: Db = None,
    person: Annotated[str | None, typer.Option(help="a person's name (spelling variants match)")] = None,
    place: Annotated[str | None, typer.Option(help="a city, region or venue")] = None,
    type: Annotated[str | None, typer.Option("--type", help="an event type, e.g. detention")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2; narrows any alert")] = None,
    webhook: Annotated[str | None, typer.Option(help="URL that receives a JSON POST per change")] = None,
    owner: Annotated[str | None, typer.Option(help="user whose role bounds what the alert carries "
                                                    "[default: anonymous: public records only]")] = None,
):
    """Add an alert on a person, a place, or a type (with --country)."""
    from ..store import session_scope
    from ..store.alerts import add_alert
    given = [(k, v) for k, v in (("person", person), ("place", place), ("type", type)) if v]
    if len(given) != 1:
        _fail("give exactly one of --person, --place or --type", 2)
    engine = _open(db)
    try:
        with session_scope(engine) as s:
            row = add_alert(s, given[0][0], given[0][1], country=country, webhook=webhook, owner=owner)
            typer.echo(f"alert {row.id}: {row.kind} {row.value!r}{' in ' + row.country if row.country else ''}"
                       f" -> {row.webhook or 'Atom feed only'} (feed: /alerts/{row.id}.atom?token={row.token})")
    except (ValueError, LookupError) as exc:
        _fail(str(exc).strip("'\""), 2)


@alert_app.command("list")
def alert_list(db: Db = None,
               json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout")] = False):
    """List alerts."""
    import json

    from ..store import session_scope
    from ..store.alerts import alert_record, list_alerts
    engine = _open(db)
    with session_scope(engine, write=False) as s:
        rows = [alert_record(a) for a in list_alerts(s)]
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for a in rows:
        typer.echo(f"{a['id']:4}  {a['kind']:6} {a['value']}{' (' + a['country'] + ')' if a['country'] else ''}"
                   f"  -> {a['webhook'] or 'feed only'}  owner={a['owner'] or 'anonymous'}")
    if not rows:
        typer.echo("no alerts", err=True)


@alert_app.command("remove")
def alert_remove(alert_id: Annotated[int, typer.Argument(help="alert id (see alert list)")], db: Db = None):
    """Remove an alert and its queued messages."""
    from ..store import session_scope
    from ..store.alerts import remove_alert
    engine = _open(db)
    try:
        with session_scope(engine) as s:
            remove_alert(s, alert_id)
    except LookupError as exc:
        _fail(str(exc).strip("'\""))
    typer.echo(f"removed alert {alert_id}")
