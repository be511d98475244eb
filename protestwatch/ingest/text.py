"""Bytes -> str for news text of unknown encoding, and safe repair of mojibake in decoded text.

`decode_bytes` raises InputError (binary data, or no plausible decoding); it never guesses silently
between encodings that give different letters: each candidate decoding is scored for plausibility.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from ..errors import InputError

# The 8-bit encodings news text realistically comes in; latin-1 last (it decodes anything).
CANDIDATES = ("cp1252", "cp1251", "koi8_r", "cp1250", "iso8859_15", "latin_1")

BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff",
                b"\x7fELF", b"MZ", b"BZh", b"7z\xbc\xaf", b"SQLite format 3")

# Control bytes other than tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_RE = re.compile(b"[" + re.escape(_CONTROL) + b"]")

# ftfy marks "â€" + an undecodable byte as lossy; in news text that byte is nearly always 0x9D, the
# tail of a right double quote (IndiaPoliceEvents is full of it), so restore the quote.
_LOSSY_RDQUO = "\u00e2\u20ac\ufffd"
_RDQUO_MOJIBAKE = "\u00e2\u20ac\u009d"  # UTF-8 of "”" read as (sloppy) cp1252

_WORD_RE = re.compile(r"[^\W\d_]+")

logging.getLogger("charset_normalizer").addHandler(logging.NullHandler())


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of a text file; raise InputError when they are binary or undecodable.

    1. A byte-order mark (UTF-8, UTF-16, UTF-32) decides the codec.
    2. Binary data (NUL bytes, many control bytes, known binary signatures) is refused.
    3. Strict UTF-8, then safe mojibake repair (`repair_text`).
    4. Otherwise the plausible 8-bit decodings (charset-normalizer's candidates among CANDIDATES,
       then the rest of CANDIDATES) are scored, and the least implausible one wins.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return repair_text(data[len(bom):].decode(codec))
            except UnicodeDecodeError:
                raise InputError(name, f"not valid {codec.upper()} text despite its byte-order mark") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        return repair_text(utf16)
    if looks_binary(data):
        raise InputError(name, "binary file, not text")
    try:
        return repair_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = _best_8bit(data)
    if best is None:
        raise InputError(name, "could not decode the text (tried UTF-8, cp1252, cp1251, koi8-r, latin-1)")
    return repair_text(best)


def looks_binary(data: bytes) -> bool:
    """Return True for data that is not text: NUL bytes, a binary signature or >5% control bytes."""
    head = data[:65536]
    if not head:
        return False
    if b"\x00" in head or head.startswith(BINARY_MAGIC):
        return True
    return len(_CONTROL_RE.findall(head)) > 0.05 * len(head)


def repair_text(text: str) -> str:
    """Undo mojibake (UTF-8 read as cp1252: "â€™" -> "’") without touching anything else.

    Only ftfy's encoding steps run: quotes stay curly, line breaks, widths and ligatures stay.
    """
    import ftfy

    if not _may_have_mojibake(text):
        return text
    text = text.replace(_LOSSY_RDQUO, _RDQUO_MOJIBAKE)
    return ftfy.fix_encoding(text).replace(_RDQUO_MOJIBAKE, "\u201d")


# UTF-8 read as cp1252/latin-1: a lead byte (0xC2-0xF4: "Â".."ô") followed by what a continuation
# byte (0x80-0xBF) turns into. Text without such a pair has no mojibake for ftfy to fix.
_CONTINUATION = "\u0080-\u00bf" + "".join(bytes([b]).decode("cp1252") for b in range(0x80, 0xa0)
                                           if b not in (0x81, 0x8d, 0x8f, 0x90, 0x9d))
_MOJIBAKE_PAIR = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")


def _may_have_mojibake(text: str) -> bool:
    return _MOJIBAKE_PAIR.search(text) is not None


def _sniff_utf16(data: bytes) -> str | None:
    """Decode UTF-16 without a BOM when NULs sit at every other byte of ASCII-range text."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # Mostly-Latin text: the high byte is NUL for most characters, the low byte almost never.
        if zeros.count(0) > 0.5 * len(zeros) and other.count(0) < 0.05 * len(other):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            printable = sum(ch.isprintable() or ch in "\t\n\r" for ch in text[:2048])
            return text if printable > 0.95 * min(len(text), 2048) else None
    return None


def _best_8bit(data: bytes) -> str | None:
    """Return the most plausible decoding among CANDIDATES, or None when all look wrong."""
    order = list(_charset_normalizer_guesses(data))
    order += [c for c in CANDIDATES if c not in order]
    best: tuple[float, int, str] | None = None
    for rank, codec in enumerate(order):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = implausibility(text)
        if best is None or (score, rank) < best[:2]:
            best = (score, rank, text)
    if best is None or best[0] > 0.2:
        return None
    return best[2]


def _charset_normalizer_guesses(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    try:
        matches = from_bytes(data[:200_000], cp_isolation=list(CANDIDATES))
    except Exception:  # a guesser failure only loses the hint
        return []
    return [codecs.lookup(m.encoding).name.replace("-", "_") for m in matches
            if codecs.lookup(m.encoding).name.replace("-", "_") in _CANDIDATE_NAMES]


_CANDIDATE_NAMES = {codecs.lookup(c).name.replace("-", "_") for c in CANDIDATES}


def implausibility(text: str) -> float:
    """Share of suspicious words and characters in a decoding: 0 for clean text.

    Suspicious: C1 controls or unassigned characters; words that mix Latin and Cyrillic letters
    ("cafй" is latin-1 read as cp1251); Latin words made mostly of accented letters ("Ñåðèê" is
    cp1251 read as cp1252); Cyrillic words with capitals inside ("сЕПХЙ" is cp1251 read as koi8-r).
    """
    sample = text[:200_000]
    bad_chars = sum(1 for ch in sample if "\x80" <= ch <= "\x9f" or unicodedata.category(ch) == "Cn")
    words = 0
    bad_words = 0.0
    for match in _WORD_RE.finditer(sample):
        word = match.group()
        if word.isascii():
            words += 1
            continue
        words += 1
        bad_words += _word_badness(word)
    # Symbols glued inside words ("Ð¡ÐµÑ€Ð¸Ðº" has "¡", "µ"): typical of UTF-8 read as 8-bit.
    glued = len(re.findall(r"(?<=[^\W\d_])[\u00a1-\u00bf\u2020-\u2122\u0402-\u040f](?=[^\W\d_])", sample))
    return (bad_words + glued + bad_chars) / max(words, 1)


def _word_badness(word: str) -> float:
    latin = cyr = non_ascii_latin = 0
    for ch in word:
        if ch.isascii():
            latin += 1
            continue
        script = unicodedata.name(ch, "").split(" ", 1)[0]
        if script == "LATIN":
            latin += 1
            non_ascii_latin += 1
        elif script == "CYRILLIC":
            cyr += 1
        else:
            return 1.0
    if latin and cyr:
        return 1.0
    if cyr:
        # Capital letters after a lower-case one: a case-swapped codec (koi8-r vs cp1251).
        return 1.0 if re.search(r"[а-яё][А-ЯЁ]", word) else 0.0
    if len(word) >= 3 and non_ascii_latin * 2 > len(word):
        return 1.0
    return 0.0
