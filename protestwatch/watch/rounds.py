"""One watch round: poll every due feed, fetch each new entry's page, store and link the articles.

Per feed, in this order: conditional GET of the feed; for each entry not seen before, the page
(trafilatura), or the entry's summary when the page cannot be had; the articles are stored (one
transaction, idempotent by content hash); then the feed's state (entries seen, validators,
error, backoff) is committed. A kill between the two leaves the entries unseen: the next round
finds their URLs already stored and fetches nothing twice. Linking runs once at the round's end
and picks up anything an earlier, killed round left unlinked.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from ..errors import InputError
from ..store import session_scope
from ..store.tables import ArticleRow, WatchFeedRow, WatchItemRow
from .fetch import Fetcher, FetchError

FEED_TYPES = ("xml", "rss", "atom", "rdf")
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MIN_TEXT = 200            # characters: less than this on a page is not an article
BACKOFF_BASE = 60.0       # seconds after the first failure; doubles with each failure after it
BACKOFF_MAX = 6 * 3600.0


@dataclass
class FeedOutcome:
    url: str
    status: str            # ok, not-modified, error, backing-off
    new: int = 0           # articles newly stored from this feed
    items: int = 0         # entries handled this round
    error: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RoundSummary:
    new: int = 0
    feeds: list[FeedOutcome] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    linked: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    alerts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"new": self.new, "alerts": self.alerts, "feeds": [f.to_dict() for f in self.feeds],
                "errors": [{"input": e.name, "reason": e.reason} for e in self.errors],
                "linked": self.linked, "incidents_created": self.incidents_created,
                "incidents_updated": self.incidents_updated}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def item_key(entry) -> str:
    raw = entry.get("id") or entry.get("link") or entry.get("title") or repr(sorted(entry.keys()))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _feed_row(session, url: str) -> WatchFeedRow:
    row = session.scalar(select(WatchFeedRow).where(WatchFeedRow.url == url))
    if row is None:
        row = WatchFeedRow(url=url, failures=0)
        session.add(row)
        session.flush()
    return row


def _parse_feed(body: bytes):
    import feedparser
    from ..ingest.feeds import looks_like_feed
    if not body.strip():
        raise FetchError("empty response")
    if not looks_like_feed(body):
        raise FetchError("not an RSS or Atom feed (the server sent something else, e.g. an HTML page)")
    parsed = feedparser.parse(body)
    exc = parsed.get("bozo_exception")
    # A malformed document (truncated, unclosed tags) is refused whole: its last entries are
    # cut and would be stored half; odd encodings and the like are only warnings.
    if parsed.get("bozo") and exc is not None and exc.__class__.__name__ == "SAXParseException":
        raise FetchError(f"broken feed XML, truncated or malformed ({str(exc).splitlines()[0]})")
    if not (parsed.get("version") or parsed.entries):
        raise FetchError("not an RSS or Atom feed")
    return parsed


def page_article(fetcher: Fetcher, entry, outlet: str | None):
    """The article of an entry's page, or (None, reason) when the page cannot be had."""
    from ..ingest import make_article
    from ..ingest.html import html_to_text
    from ..ingest.text import decode_bytes
    link = entry.get("link")
    if not link:
        return None, "entry has no link"
    try:
        r = fetcher.get(link)
    except FetchError as exc:
        return None, str(exc)
    if r.content_type and r.content_type not in PAGE_TYPES:
        return None, f"not an article page ({r.content_type})"
    try:
        text = decode_bytes(r.body, link)
    except InputError as exc:
        return None, f"not an article page ({exc.reason})"
    page = html_to_text(text) if r.content_type != "text/plain" else None
    body = page.text if page else text
    if len((body or "").strip()) < MIN_TEXT:
        return None, "no article text on the page"
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    from datetime import date
    published = (page.published if page else None) or (date(*stamp[:3]).isoformat() if stamp else None)
    title = (entry.get("title") or "").strip() or (page.title if page else None)
    return make_article(body.strip(), published=published, title=title, url=link, source=outlet), None


def poll_feed(engine, fetcher: Fetcher, url: str, *, process=None, now: datetime | None = None,
              summary: RoundSummary) -> FeedOutcome:
    """Poll one feed and store its new entries; feed state is committed after the articles."""
    from ..ingest.feeds import entry_article
    from ..store.load import ingest
    now = now or _now()
    with session_scope(engine) as s:
        row = _feed_row(s, url)
        etag, modified, failures = row.etag, row.last_modified, row.failures
        due = _aware(row.next_poll)
        feed_id = row.id
        seen = set(s.scalars(select(WatchItemRow.item_key).where(WatchItemRow.feed_id == feed_id)))
    if due is not None and due > now:
        return FeedOutcome(url, "backing-off", error=f"backing off until {due.isoformat(timespec='seconds')}")
    try:
        r = fetcher.get(url, etag=etag, last_modified=modified)
        parsed = None if r.status == 304 else _parse_feed(r.body)
    except FetchError as exc:
        failures += 1
        wait = min(BACKOFF_BASE * 2 ** (failures - 1), BACKOFF_MAX)
        with session_scope(engine) as s:
            row = s.get(WatchFeedRow, feed_id)
            row.failures, row.last_error, row.last_polled = failures, str(exc), now
            row.next_poll = now + timedelta(seconds=wait)
        summary.errors.append(InputError(url, str(exc)))
        return FeedOutcome(url, "error", error=str(exc))
    outcome = FeedOutcome(url, "not-modified" if parsed is None else "ok")
    handled: list[WatchItemRow] = []
    articles = []
    if parsed is not None:
        outlet = (parsed.feed.get("title") or "").strip() or None
        fresh = []
        for entry in parsed.entries:
            key = item_key(entry)
            if key not in seen and key not in {k for k, _ in fresh}:
                fresh.append((key, entry))
        links = [e.get("link") for _, e in fresh if e.get("link")]
        with session_scope(engine, write=False) as s:
            stored = dict(s.execute(select(ArticleRow.url, ArticleRow.id).where(ArticleRow.url.in_(links)))
                          .all()) if links else {}
        for key, entry in fresh:
            link = entry.get("link")
            if link in stored:  # stored by a killed round, or by another feed: never fetched twice
                handled.append(WatchItemRow(feed_id=feed_id, item_key=key, url=link,
                                            article_id=stored[link], status="page"))
                continue
            article, reason = page_article(fetcher, entry, outlet)
            status = "page"
            if article is None:
                summary.errors.append(InputError(link or f"{url}#{key[:8]}", reason))
                try:
                    article, status = entry_article(entry, outlet), "summary"
                except InputError:
                    handled.append(WatchItemRow(feed_id=feed_id, item_key=key, url=link, status="error",
                                                error=reason))
                    continue
            articles.append(article)
            handled.append(WatchItemRow(feed_id=feed_id, item_key=key, url=link, article_id=article.id,
                                        status=status, error=reason))
    if articles:
        stored_summary = ingest(engine, articles, process=process, link=False)
        outcome.new = stored_summary.stored
    with session_scope(engine) as s:
        row = s.get(WatchFeedRow, feed_id)
        for item in handled:
            s.add(item)
        row.etag = r.etag or row.etag
        row.last_modified = r.last_modified or row.last_modified
        row.last_status, row.last_error, row.failures = r.status, None, 0
        row.last_polled, row.next_poll = now, None
    outcome.items = len(handled)
    return outcome


def run_round(engine, urls: list[str], *, fetcher: Fetcher | None = None, process=None) -> RoundSummary:
    """Poll every feed once (failing ones only when their backoff is over), then link."""
    from ..store.load import ingest
    summary = RoundSummary()
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for url in dict.fromkeys(urls):
            outcome = poll_feed(engine, fetcher, url, process=process, summary=summary)
            summary.feeds.append(outcome)
            summary.new += outcome.new
    finally:
        if own:
            fetcher.close()
    linked = ingest(engine, [], process=process, link=True)
    summary.linked = linked.linked
    summary.incidents_created = linked.incidents_created
    summary.incidents_updated = linked.incidents_updated
    from .webhooks import run_alerts
    summary.alerts = run_alerts(engine)
    return summary
