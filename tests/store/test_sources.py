"""Ingest sources: RSS and Atom feeds (files and URLs), WARC archives, folders, Result JSONL."""
from __future__ import annotations

import http.server
import io
import threading

import pytest

from protestwatch.errors import InputError
from protestwatch.ingest.feeds import read_feed
from protestwatch.ingest.warc import read_warc
from protestwatch.records import Article
from protestwatch.store.load import read_sources

from store_synthetic import make_results, write_jsonl

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Steppe Wire</title><link>https://example.org</link>
<item><title>Activist detained in Almaty</title><link>https://example.org/1</link>
<pubDate>Tue, 04 Aug 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Police in Almaty detained activist Serik Azhibai on Monday after his solo picket.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://example.org/2</link><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Court Watch</title>
<entry><title>Sentenced</title><link href="https://example.org/c/1"/><updated>2020-08-06T09:00:00Z</updated>
<content type="html">&lt;p&gt;A court sentenced Serik Azhibai to 15 days in jail for his picket outside the consulate.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_file(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_feed(str(path)))
    article, error = items
    assert isinstance(article, Article) and article.source == "Steppe Wire"
    assert article.published == "2020-08-04" and article.url == "https://example.org/1"
    assert article.text.startswith("Police in Almaty detained") and "<p>" not in article.text
    assert isinstance(error, InputError) and error.name == f"{path}#2" and "no text" in error.reason


def test_atom_from_url():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = ATOM.encode() if self.path == "/feed" else b"nope"
            self.send_response(200 if self.path == "/feed" else 404)
            self.send_header("Content-Type", "application/atom+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        (article,) = read_feed(f"{base}/feed")
        assert article.source == "Court Watch" and article.published == "2020-08-06"
        assert "15 days" in article.text
        (error,) = read_feed(f"{base}/missing")
        assert isinstance(error, InputError) and "HTTP 404" in error.reason
    finally:
        server.shutdown()


@pytest.mark.parametrize("content", ["plain words, not XML", "<html><body>a web page</body></html>",
                                     "<?xml version='1.0'?><note><to>x</to></note>"])
def test_not_a_feed(tmp_path, content):
    path = tmp_path / "feed.xml"
    path.write_text(content, encoding="utf-8")
    (error,) = read_feed(str(path))
    assert isinstance(error, InputError) and "not an RSS or Atom feed" in error.reason


def _warc(path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    page = ("<html><head><title>Picket in Almaty</title></head><body><article><p>"
            + "Serik Azhibai staged a one-man picket outside the Chinese consulate in Almaty on Monday. " * 4
            + "</p></article></body></html>").encode()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body in (("https://news.example.org/picket", "text/html; charset=utf-8", page),
                                 ("https://news.example.org/logo.png", "image/png", b"\x89PNG...")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    (article,) = read_warc(path)
    assert article.url == "https://news.example.org/picket" and article.source == "news.example.org"
    assert "one-man picket" in article.text and article.title == "Picket in Almaty"
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a warc file")
    (error,) = read_warc(bad)
    assert isinstance(error, InputError) and "not a readable WARC" in error.reason


def test_folder_mixes_every_kind(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "wire.rss").write_text(RSS, encoding="utf-8")
    _warc(tmp_path / "sub" / "crawl.warc.gz")
    write_jsonl(tmp_path / "results.jsonl", make_results(2, seed=1))
    (tmp_path / "note.txt").write_text("Protesters marched in Bishkek on Sunday against the election results.",
                                       encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    items = list(read_sources([str(tmp_path)]))
    kinds = [type(i).__name__ for i in items]
    assert kinds.count("Result") >= 2 and kinds.count("Article") == 3 and kinds.count("InputError") == 1
