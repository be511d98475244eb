"""`protestwatch watch` against a real feed server on loopback: new items stored and linked,
an unchanged feed (304) fetches no page again, bad feeds and bad pages each one clear error
while the rest goes on, a failing feed backs off, and a SIGKILLed watch loses and doubles nothing."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from .conftest import ARTICLE, page, rss
from protestwatch.cli import _load_commands, app

pytestmark = pytest.mark.slow  # new items are extracted with the spaCy model

runner = CliRunner()


def watch(db, *urls, extra=()):
    _load_commands()
    res = runner.invoke(app, ["watch", *urls, "--db", str(db), "--once", "--json", "--delay", "0", *extra])
    assert res.exit_code == 0, res.output + str(res.exception)
    line = [ln for ln in res.stdout.splitlines() if ln.startswith("{")][-1]
    return json.loads(line), res.stderr


def count(db, table):
    with sqlite3.connect(db) as c:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def good_feed(server, n=2):
    items = []
    for i in range(1, n + 1):
        server.add(f"/a{i}", page(f"Activist detained {i}", f"Story {i}. " + ARTICLE))
        items.append((f"Activist detained {i}", server.url(f"/a{i}"), f"Summary {i}."))
    server.add("/feed.xml", rss(items), "application/rss+xml", ETag='"v1"')
    return server.url("/feed.xml")


def test_new_items_stored_then_304_fetches_nothing(tmp_path, server):
    db = tmp_path / "w.db"
    feed = good_feed(server)
    first, _ = watch(db, feed)
    assert first["new"] == 2 and first["errors"] == []
    assert first["feeds"][0]["status"] == "ok"
    assert count(db, "articles") == 2 and count(db, "reports") > 0
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM reports WHERE incident_id IS NULL").fetchone()[0] == 0
    second, _ = watch(db, feed)
    assert second["new"] == 0 and second["feeds"][0]["status"] == "not-modified"
    assert server.hits["/a1"] == 1 and server.hits["/a2"] == 1
    assert count(db, "articles") == 2


def test_feed_changes_only_new_item_fetched(tmp_path, server):
    db = tmp_path / "w.db"
    feed = good_feed(server, 1)
    watch(db, feed)
    server.add("/a9", page("A new story", "Another story. " + ARTICLE.replace("Tuesday", "Friday")))
    server.add("/feed.xml", rss([("Activist detained 1", server.url("/a1"), "s"),
                                 ("A new story", server.url("/a9"), "s")]), "application/rss+xml", ETag='"v2"')
    out, _ = watch(db, feed)
    assert out["new"] == 1 and server.hits["/a1"] == 1 and server.hits["/a9"] == 1


def test_bad_feeds_each_one_error_and_the_rest_goes_on(tmp_path, server):
    db = tmp_path / "w.db"
    feed = good_feed(server, 1)
    server.add("/html.xml", page("Not a feed", "Just a page."), "text/html")
    server.add("/trunc.xml", rss([("t", "http://127.0.0.1:1/x", "d")])[:120], "application/rss+xml")
    server.add("/500.xml", b"oops", "text/plain", status=500)
    bad = [server.url(p) for p in ("/html.xml", "/trunc.xml", "/500.xml", "/loop", "/private/feed.xml")]
    out, err = watch(db, *bad, feed)
    assert out["new"] == 1
    reasons = {e["input"]: e["reason"] for e in out["errors"]}
    assert set(reasons) == set(bad)
    assert "not an RSS or Atom feed" in reasons[bad[0]]
    assert "feed" in reasons[bad[1]].lower()
    assert "500" in reasons[bad[2]]
    assert "redirect" in reasons[bad[3]]
    assert "robots.txt" in reasons[bad[4]]
    for url in bad:
        assert url in err  # one line naming it


def test_bad_pages_fall_back_to_the_summary(tmp_path, server):
    db = tmp_path / "w.db"
    server.add("/bin", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "application/octet-stream")
    server.add("/short", b"<html><body><p>Subscribe to read.</p></body></html>")
    items = [("Big", server.url("/big"), "Police detained Aigul Utepova in Almaty on Tuesday, her lawyer said."),
             ("Dead", server.url("/dead"), "Police detained Marat Zhylanbayev in Astana on Monday."),
             ("Bin", server.url("/bin"), "A court in Almaty fined the activist Dana Zhanay on Wednesday."),
             ("Short", server.url("/short"), "Police detained the journalist Lukpan Akhmedyarov in Uralsk."),
             ("No text", server.url("/dead2"), "")]
    server.add("/mixed.xml", rss(items), "application/rss+xml")
    out, err = watch(db, server.url("/mixed.xml"), extra=["--max-mb", "5"])
    reasons = {e["input"]: e["reason"] for e in out["errors"]}
    assert "too large" in reasons[server.url("/big")]
    assert "404" in reasons[server.url("/dead")]
    assert "not an article page" in reasons[server.url("/bin")]
    assert "no article text" in reasons[server.url("/short")]
    assert out["new"] == 4  # four summaries stored; the entry without one is only an error
    assert out["feeds"][0]["status"] == "ok"
    again, _ = watch(db, server.url("/mixed.xml"))
    assert again["new"] == 0 and again["errors"] == []
    assert server.hits["/dead"] == 1


def test_failing_feed_backs_off(tmp_path, server):
    db = tmp_path / "w.db"
    server.add("/500.xml", b"oops", "text/plain", status=500)
    out, _ = watch(db, server.url("/500.xml"))
    assert out["feeds"][0]["status"] == "error"
    again, _ = watch(db, server.url("/500.xml"))
    assert again["feeds"][0]["status"] == "backing-off"
    assert server.hits["/500.xml"] == 1
    with sqlite3.connect(db) as c:
        failures, error = c.execute("SELECT failures, last_error FROM watch_feeds").fetchone()
    assert failures == 1 and "500" in error


def test_feed_list_file(tmp_path, server):
    db = tmp_path / "w.db"
    feed = good_feed(server, 1)
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# my feeds\n\n{feed}\n")
    out, _ = watch(db, str(listing))
    assert out["new"] == 1 and [f["url"] for f in out["feeds"]] == [feed]


def test_killed_watch_then_rerun_loses_and_doubles_nothing(tmp_path, server):
    items = []
    for i in range(1, 7):
        server.add(f"/k{i}", page(f"Story {i}", f"Story number {i}. " + ARTICLE))
        items.append((f"Story {i}", server.url(f"/k{i}"), f"Summary {i}."))
    server.add("/k.xml", rss(items), "application/rss+xml", ETag='"k1"')
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "protestwatch", "watch", server.url("/k.xml"), "--db", str(db), "--once",
           "--delay", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists() and _articles(db) >= 1:
            proc.send_signal(signal.SIGKILL)  # after the articles, before the feed state
            break
        time.sleep(0.01)
    proc.wait()
    out, _ = watch(db, server.url("/k.xml"))
    assert count(db, "articles") == 6
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(DISTINCT url) FROM articles").fetchone()[0] == 6
        assert c.execute("SELECT count(*) FROM reports WHERE incident_id IS NULL").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM watch_items").fetchone()[0] == 6
    for i in range(1, 7):
        assert server.hits[f"/k{i}"] == 1  # no page fetched twice


def _articles(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0
