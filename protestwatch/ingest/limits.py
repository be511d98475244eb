"""The input limits, in one place, and the only way ingest opens a file.

Two limits, checked before the work they protect:
- bytes per input (a file, stdin, a feed, one WARC record): 5 MB by default, PROTESTWATCH_MAX_BYTES
  or --max-bytes; checked on the file's size before it is opened, and again while reading;
- characters per article: MAX_TEXT_CHARS, what the parser takes in one piece (nlp/build.py sets
  spaCy's max_length from it). A longer text is refused rather than cut, because it is not one
  news report: a dump of many articles parsed as one would share one id, one date anchor and one
  deduplication key, and its events would be linked as if one outlet reported them together.

Only regular files are read: a FIFO, socket or device is refused from its `stat`, without opening it
(opening a FIFO blocks until a writer comes; a device never ends).
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MB
MAX_BYTES_ENV = "PROTESTWATCH_MAX_BYTES"
MAX_TEXT_CHARS = 2_000_000

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def parse_size(value: str | int) -> int:
    """Parse a byte count: 5000000, "5MB", "512k", "1.5 MiB" (k/M/G are powers of 1024)."""
    if isinstance(value, int):
        return value
    match = _SIZE.fullmatch(value)
    if not match:
        raise ValueError(f"not a size: {value!r} (examples: 5000000, 5MB, 512k)")
    number, unit = float(match.group(1)), (match.group(2) or "b").lower()[:1]
    return int(number * {"b": 1, "k": 1024, "m": MB, "g": 1024 * MB}[unit])


def default_max_bytes() -> int:
    """Return the size limit from PROTESTWATCH_MAX_BYTES, else 5 MB."""
    env = os.environ.get(MAX_BYTES_ENV)
    return parse_size(env) if env else DEFAULT_MAX_BYTES


def format_size(n: int, *, whole: bool = False) -> str:
    """Format bytes as megabytes: "20.0 MB"; `whole` drops ".0" for limits ("5 MB")."""
    if n < MB // 10:
        return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"
    text = f"{n / MB:.1f}"
    if whole and text.endswith(".0"):
        text = text[:-2]
    return f"{text} MB"


def too_big(size: int | None, max_bytes: int, what: str = "") -> str:
    """The reason for refusing an input over the byte limit; `size` None: "more than the limit"."""
    limit = format_size(max_bytes, whole=True)
    amount = format_size(size) if size is not None else f"more than {limit}{what}"
    if size is not None and format_size(size, whole=True) == limit:  # "5.0 MB, over the 5 MB limit"
        amount = f"{size:,} bytes"
    return f"{amount}, over the {limit} limit; raise it with --max-bytes"


def check_text_length(name: str, text: str) -> None:
    """Refuse a text longer than one article can be (MAX_TEXT_CHARS)."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(name, f"{len(text):,} characters of text, over the {MAX_TEXT_CHARS:,}-character "
                               "limit of one article; split it into articles (e.g. one JSON object a line "
                               "in a .jsonl file)")


def os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def regular_size(path: str | Path, name: str) -> int:
    """Return the size of a regular file; raise InputError for anything else, without opening it."""
    try:
        mode = os.stat(path)
    except OSError as exc:
        raise InputError(name, os_reason(exc)) from None
    if not stat.S_ISREG(mode.st_mode):
        kind = next((label for test, label in _KINDS if test(mode.st_mode)), "not a file")
        raise InputError(name, f"{kind}, not a regular file; only regular files are read")
    return mode.st_size


def open_regular(path: str | Path, name: str, max_bytes: int | None = None) -> BinaryIO:
    """Open a regular file for reading; refuse other kinds, and files over `max_bytes`, before opening.

    The open itself is non-blocking and re-checked, so a file swapped for a FIFO in between cannot hang.
    """
    size = regular_size(path, name)
    if max_bytes is not None and size > max_bytes:
        raise InputError(name, too_big(size, max_bytes))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(name, os_reason(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(name, "not a regular file; only regular files are read")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular(path: str | Path, name: str, max_bytes: int) -> bytes:
    """Read a whole regular file of at most `max_bytes`; refuse anything else with one InputError."""
    with open_regular(path, name, max_bytes) as handle:
        try:
            data = handle.read(max_bytes + 1)  # bounded even after the stat: the file may grow
        except OSError as exc:
            raise InputError(name, os_reason(exc)) from None
    if len(data) > max_bytes:
        raise InputError(name, too_big(None, max_bytes))
    return data


def read_stream(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    """Read at most `max_bytes` from a stream (stdin, an HTTP response); refuse more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(name, too_big(None, max_bytes, " of input"))
    return data
