"""Hostile inputs beside a good article (issue 15): an overlong text, a FIFO, a socket, a device, a
WARC record of 400 MB, a Result JSONL over the limit. Each is refused with one stderr line naming it,
before it is read; the good article is still extracted and stored; the exit status is 1.

The commands run in a subprocess with a timeout, so a reader that blocks fails the test instead of
hanging the suite.
"""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from protestwatch.errors import InputError
from protestwatch.ingest import make_article
from protestwatch.ingest.limits import DEFAULT_MAX_BYTES, MAX_TEXT_CHARS
from protestwatch.ingest.sources import read_sources
from protestwatch.ingest.warc import read_warc
from protestwatch.pipeline import empty_result
from protestwatch.records import Article

REPO = Path(__file__).resolve().parents[2]
GOOD = ("Police in Almaty detained activist Serik Azhibai on Monday after he staged a one-man protest "
        "outside the Chinese consulate, his lawyer said.\n")
BIG_RECORD = 400 * 1024 * 1024

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PROTESTWATCH_MAX_BYTES", None)
    return subprocess.run([sys.executable, "-m", "protestwatch", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=REPO)


def refusals(stderr: str) -> dict[str, str]:
    """{input name: reason} of the refusal lines: `protestwatch: NAME: reason` (extract) or
    `  NAME: reason` under "Unreadable inputs (N):" (ingest's summary); warnings excluded."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("protestwatch: ") and ": warning: " not in line:
            line = line[len("protestwatch: "):]
        elif line.startswith("  "):
            line = line[2:]
        else:
            continue
        name, _, reason = line.partition(": ")  # "crawl.warc:https://x/y: reason" splits right too
        out[name] = reason
    return out


@pytest.fixture
def hostile(tmp_path):
    """A folder: good.txt, and beside it everything that must be refused; plus a FIFO outside it."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    # 4.9 MB of plain ASCII text: under the 5 MB input limit, over the 2,000,000-character limit.
    line = "Protesters marched through the city centre on Sunday, witnesses said. "
    (folder / "huge.txt").write_text(line * (int(4.9 * 1024 * 1024) // len(line)), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.warc")
    os.mkfifo(folder / "pipe.rss")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.txt").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    # A Result JSONL of valid lines, over the limit: refused on its size, not on its content.
    result = json.dumps(empty_result(make_article(GOOD, published="2020-08-04"), "test").to_json())
    with open(folder / "results.jsonl", "w", encoding="utf-8") as fh:
        for _ in range(DEFAULT_MAX_BYTES // len(result) + 2):
            fh.write(result + "\n")
    (folder / "list.json").write_text(json.dumps([{"text": GOOD}]) + " " * DEFAULT_MAX_BYTES, encoding="utf-8")
    direct = tmp_path / "direct-fifo.txt"
    os.mkfifo(direct)
    yield folder, direct
    sock.close()


EXPECTED = {  # file name -> words of its reason
    "huge.txt": "characters of text, over the 2,000,000-character limit of one article",
    "pipe.txt": "a FIFO, not a regular file",
    "pipe.warc": "a FIFO, not a regular file",
    "pipe.rss": "a FIFO, not a regular file",
    "pipe.jsonl": "a FIFO, not a regular file",
    "zero.txt": "a character device, not a regular file",
    "sock.txt": "a socket, not a regular file",
    "results.jsonl": "over the 5 MB limit; raise it with --max-bytes",
    "list.json": "over the 5 MB limit; raise it with --max-bytes",
    "direct-fifo.txt": "a FIFO, not a regular file",
}


def check_refusals(stderr: str, folder: Path, direct: Path, *, skipped: tuple[str, ...] = ()) -> None:
    found = refusals(stderr)
    names = {Path(name).name: reason for name, reason in found.items()}
    assert set(names) == set(EXPECTED) - set(skipped), stderr
    for name, words in EXPECTED.items():
        if name in skipped:
            continue
        assert words in names[name], (name, names[name])
    assert str(direct) in found and str(folder / "huge.txt") in found  # named as given
    assert "Traceback" not in stderr


def test_extract_refuses_each_hostile_input_and_extracts_the_good_one(hostile):
    folder, direct = hostile
    run = cli("extract", str(folder), str(direct), "--published", "2020-08-04", "--format", "jsonl")
    assert run.returncode == 1, run.stderr
    # `extract` reads articles only: it leaves feeds and archives in a folder alone.
    check_refusals(run.stderr, folder, direct, skipped=("pipe.warc", "pipe.rss"))
    (doc,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert doc["article"]["text"] == GOOD and any(e["type"] == "detention" for e in doc["events"])


def stored_articles(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [row[0] for row in con.execute("SELECT text FROM articles")]


def test_ingest_refuses_each_hostile_input_stores_the_good_one_and_never_doubles(hostile, tmp_path):
    folder, direct = hostile
    db = tmp_path / "pw.db"
    first = cli("ingest", str(folder / "good.txt"), "--db", str(db), "-q", "--published", "2020-08-04")
    assert first.returncode == 0, first.stderr
    run = cli("ingest", str(folder), str(direct), "--db", str(db), "-q", "--published", "2020-08-04")
    assert run.returncode == 1, run.stderr
    check_refusals(run.stderr, folder, direct)
    assert stored_articles(db) == [GOOD]  # kept, not doubled, nothing of the refused inputs


def write_warc_with_huge_record(path: Path) -> None:
    """An uncompressed WARC: a 400 MB HTML response (a sparse hole on disk), then a good page."""
    def record(uri: str, body_len: int, body: bytes | None) -> bytes:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
                f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\nWARC-Date: 2020-08-04T10:00:00Z\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http) + body_len}\r\n\r\n").encode()
        return head + http + (body or b"")
    page = f"<html><head><title>Picket</title></head><body><article><p>{GOOD}</p></article></body></html>".encode()
    with open(path, "wb") as fh:
        fh.write(record("https://news.example.org/huge", BIG_RECORD, None))
        fh.seek(BIG_RECORD, os.SEEK_CUR)  # the payload: a hole, no disk space used
        fh.write(b"\r\n\r\n")
        fh.write(record("https://news.example.org/picket", len(page), page) + b"\r\n\r\n")


def test_warc_record_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc_with_huge_record(path)
    tracemalloc.start()
    try:
        items = list(read_warc(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    error, article = items
    assert isinstance(error, InputError) and error.name == f"{path}:https://news.example.org/huge"
    assert error.reason == "400.0 MB, over the 5 MB limit; raise it with --max-bytes"
    assert isinstance(article, Article) and "one-man protest" in article.text
    assert peak < 50 * 1024 * 1024  # streamed: nowhere near the 400 MB of the record


def test_ingest_warc_with_huge_record_stores_the_good_page(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc_with_huge_record(path)
    db = tmp_path / "pw.db"
    run = cli("ingest", str(path), "--db", str(db), "-q")
    assert run.returncode == 1, run.stderr
    assert refusals(run.stderr) == {f"{path}:https://news.example.org/huge":
                                    "400.0 MB, over the 5 MB limit; raise it with --max-bytes"}
    (text,) = stored_articles(db)
    assert "one-man protest" in text


def test_limits_agree_with_the_parser():
    from protestwatch.nlp.build import build_nlp
    from protestwatch.settings import load_settings

    nlp = build_nlp(load_settings().resolved_model())
    assert nlp.max_length >= MAX_TEXT_CHARS
    with pytest.raises(InputError, match="2,000,000-character limit"):
        make_article("x" * (MAX_TEXT_CHARS + 1))


def test_max_bytes_applies_to_every_kind(tmp_path):
    """One limit for text files, Result JSONL, feeds and WARC records (and raising it lets them in)."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = json.dumps(empty_result(make_article(GOOD, published="2020-08-04"), "test").to_json())
    (tmp_path / "r.jsonl").write_text(result + "\n", encoding="utf-8")
    write_warc_with_huge_record(tmp_path / "c.warc")
    items = list(read_sources([str(tmp_path)], max_bytes=100))
    errors = {Path(e.name.split(":http")[0]).name: e.reason for e in items if isinstance(e, InputError)}
    assert set(errors) == {"a.txt", "r.jsonl", "c.warc"}
    assert all("over the 100 bytes limit" in reason for reason in errors.values())
    kinds = [type(i).__name__ for i in read_sources([str(tmp_path / "a.txt"), str(tmp_path / "r.jsonl")])]
    assert kinds == ["Article", "Result"]


def test_settings_state_the_same_character_limit():
    from protestwatch.settings import load_settings

    assert load_settings().max_chars == MAX_TEXT_CHARS
