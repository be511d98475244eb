"""Decoding bytes of unknown encoding: BOMs, UTF-8, cp1251, latin-1, koi8-r, mojibake, binary."""
import codecs
import os

import pytest

from protestwatch.errors import InputError
from protestwatch.ingest.text import decode_bytes, implausibility, looks_binary, repair_text

ENGLISH_CYRILLIC = "Activist Серик Ажибай said «no» — police detained him in Almaty on Monday."
ENGLISH_LATIN1 = "Protesters gathered outside the café near the Élysée Palace on Saturday, police said."


@pytest.mark.parametrize("text", [ENGLISH_CYRILLIC, ENGLISH_LATIN1, "plain ASCII news text"])
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_decode_bytes_unicode_with_and_without_bom(text, codec):
    assert decode_bytes(text.encode(codec), "x.txt") == text


def test_decode_bytes_utf16_without_bom():
    assert decode_bytes(ENGLISH_CYRILLIC.encode("utf-16-le"), "x.txt") == ENGLISH_CYRILLIC
    assert decode_bytes(ENGLISH_LATIN1.encode("utf-16-be"), "x.txt") == ENGLISH_LATIN1


def test_decode_bytes_cp1251_english_with_cyrillic_name():
    assert decode_bytes(ENGLISH_CYRILLIC.encode("cp1251"), "x.txt") == ENGLISH_CYRILLIC


def test_decode_bytes_cp1251_dashes_and_guillemets_only():
    text = "The court called it «extremism» — the activist's lawyer disagreed."
    assert decode_bytes(text.encode("cp1251"), "x.txt") == text


def test_decode_bytes_latin1_english_with_accents():
    assert decode_bytes(ENGLISH_LATIN1.encode("latin-1"), "x.txt") == ENGLISH_LATIN1


def test_decode_bytes_cp1252_curly_quotes():
    text = "“We will not stop,” said Müller, the protest’s organiser."
    assert decode_bytes(text.encode("cp1252"), "x.txt") == text


def test_decode_bytes_koi8r():
    text = 'Activist Серик Ажибай said "no" after police detained him in Almaty.'
    assert decode_bytes(text.encode("koi8_r"), "x.txt") == text


def test_decode_bytes_repairs_utf8_read_as_cp1252():
    mojibake = "It’s the “end” of it, she said.".encode("utf-8").decode("cp1252", errors="replace")
    assert "â€™" in mojibake
    assert decode_bytes(mojibake.encode("utf-8"), "x.txt") == "It’s the “end” of it, she said."


def test_repair_text_leaves_clean_text_alone():
    for text in ("It's \"plain\" -- text", "“Curly” ‘quotes’ stay curly", "ﬁ ligature and ＡＢＣ width",
                 ENGLISH_CYRILLIC, ENGLISH_LATIN1, "line\r\nbreaks\rstay", "Zürich, São Paulo, Łódź"):
        assert repair_text(text) == text


def test_repair_text_noisy_indiapoliceevents_style():
    raw = "the proposed â€˜bhoomi pujanâ€™ â€œwe demand a ban,â€\ufffd he said."
    assert repair_text(raw) == "the proposed ‘bhoomi pujan’ “we demand a ban,” he said."


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02binary\x00data" * 10,
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"PK\x03\x04\x14\x00\x00\x00",
    bytes(range(1, 9)) * 100 + b"some text",
])
def test_decode_bytes_refuses_binary(data):
    assert looks_binary(data)
    with pytest.raises(InputError) as info:
        decode_bytes(data, "photo.txt")
    assert info.value.name == "photo.txt"
    assert info.value.reason == "binary file, not text"


def test_decode_bytes_refuses_random_bytes():
    data = os.urandom(4096)
    with pytest.raises(InputError):
        decode_bytes(data, "r.bin")


def test_decode_bytes_bom_with_invalid_body():
    with pytest.raises(InputError) as info:
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff\xfe bad", "x.txt")
    assert "byte-order mark" in info.value.reason


def test_implausibility_prefers_right_codec():
    data = ENGLISH_CYRILLIC.encode("cp1251")
    assert implausibility(data.decode("cp1251")) < implausibility(data.decode("cp1252"))
    data = ENGLISH_LATIN1.encode("latin-1")
    assert implausibility(data.decode("cp1252")) < implausibility(data.decode("cp1251"))
