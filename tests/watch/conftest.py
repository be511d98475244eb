"""A real feed server on 127.0.0.1 (http.server in a thread): feeds with ETag/304, article pages,
and the bad cases a monitor meets (HTML instead of XML, truncated XML, 500, a redirect loop,
a 50 MB page, a dead link, a binary, a page with no article, a path robots.txt forbids)."""
from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "articles"

ARTICLE = ("Police in Almaty detained the activist Aigul Utepova on Tuesday after she staged a "
           "one-person picket outside the city administration, her lawyer said. Utepova held a placard "
           "reading \"Free political prisoners\". A court later fined her 50,000 tenge for violating the "
           "law on public gatherings, according to the rights group that follows her case. ")



def store_detention(engine, text: str, *, name: str, city: str, country: str, day: str, url: str,
                    title: str = "Activist detained", source: str = "Wire",
                    lat: float | None = None, lon: float | None = None) -> str:
    """One stored, linked detention of `name` in `city` (no extraction: a Result saved through the
    store); returns the article id."""
    from protestwatch.records import Article, DateValue, Event, Evidence, Extractor, Participant, Place, Result
    from protestwatch.store import repo, session_scope

    art = Article(id=hashlib.sha256(text.encode()).hexdigest(), title=title, source=source,
                  published=day, text=text, url=url)
    start = text.index("detained")
    ev = Event(id="ev1", type="detention", date=DateValue(start=day, precision="day"),
               place=Place(name=city, country=country, lat=lat, lon=lon, precision="city"),
               participants=(Participant(role="detainee", name=name, kind="person"),),
               evidence=(Evidence(field="type", start=start, end=start + 8),), confidence=0.8)
    with session_scope(engine) as s:
        repo.save_result(s, Result(article=art, events=(ev,), extractor=Extractor(name="test", version="0")))
    with session_scope(engine) as s:
        repo.link_pending(s)
    return art.id

def page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{body}</p>" for _ in range(2))
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paras}</article></body></html>").encode()


def rss(items: list[tuple[str, str, str]]) -> bytes:
    xs = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                 f"<description>{d}</description><pubDate>Tue, 04 Aug 2020 10:00:00 GMT</pubDate></item>"
                 for t, link, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{xs}'
            f"</channel></rss>").encode()


class FeedServer:
    def __init__(self):
        self.hits: Counter = Counter()
        self.routes: dict[str, tuple[int, str, bytes, dict]] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.hits[self.path] += 1
                if self.path == "/big":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(50):
                            self.wfile.write(b"<p>" + b"x" * (1 << 20) + b"</p>")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                if self.path == "/loop":
                    self.send_response(302)
                    self.send_header("Location", "/loop")
                    self.end_headers()
                    return
                route = outer.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                status, ctype, body, headers = route
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, path, body, ctype="text/html", status=200, **headers):
        self.routes[path] = (status, ctype, body, headers)

    def url(self, path):
        return self.base + path


@pytest.fixture
def server():
    s = FeedServer()
    s.add("/robots.txt", b"User-agent: *\nDisallow: /private\n", "text/plain")
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture
def receiver(monkeypatch):
    """A webhook receiver on loopback: (base URL, [(path, body, delivery id)], statuses to answer).
    Loopback webhooks are refused unless allowed (SSRF): this one is."""
    monkeypatch.setenv("PROTESTWATCH_WEBHOOK_ALLOW_HOSTS", "127.0.0.1")
    got, statuses = [], []

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.path, json.loads(body), self.headers.get("X-Protestwatch-Delivery")))
            code = statuses.pop(0) if statuses else 200
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", got, statuses
    httpd.shutdown()
    httpd.server_close()
