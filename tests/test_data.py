"""Bundled data files: every lexicon, table and pattern file loads through protestwatch.data, has no
duplicate entries, and names only types, subtypes, modalities and guards that exist."""
from __future__ import annotations

import json
import re
from collections import Counter
from importlib.resources import files

import pytest

from protestwatch import data
from protestwatch.vocab import SUBTYPES, EventType, Modality

DATA = files("protestwatch.data")


def _names(folder: str, suffix: str) -> list[str]:
    return sorted(p.name[: -len(suffix)] for p in (DATA / folder).iterdir() if p.name.endswith(suffix))


LEXICONS = _names("lexicons", ".txt")
TABLES = _names("lexicons", ".tsv")
PATTERNS = _names("patterns", ".jsonl")

# Columns that identify a row of a table: two rows with the same key are duplicates, even when
# their other cells differ (then the later row silently loses). Other tables: whole rows.
TABLE_KEYS = {
    "currencies": (0,),       # word or symbol
    "demonyms": (0,),         # word
    "modality": (0, 2),       # cue, where
    "triggers": (0, 1, 2, 3),  # lemma, pos, type, subtype
}


def _dups(items) -> list:
    return sorted((k for k, n in Counter(items).items() if n > 1), key=str)


def _raw_lines(rel: str) -> list[str]:
    # The same comment rule as the loaders, but without folding duplicates into a set.
    return list(data._lines(rel))


def _known_label(etype: str, subtype: str | None) -> bool:
    return etype in {t.value for t in EventType} and (not subtype or subtype in SUBTYPES[etype])


def test_data_folders_have_files():
    assert LEXICONS and TABLES and PATTERNS


@pytest.mark.parametrize("name", LEXICONS)
def test_lexicon_loads_without_duplicates(name):
    terms = data.load_lexicon(name)
    assert terms, f"lexicons/{name}.txt is empty"
    assert all(t == t.strip() and t for t in terms)
    dups = _dups(line.strip().lower() for line in _raw_lines(f"lexicons/{name}.txt"))
    assert not dups, f"lexicons/{name}.txt repeats {dups}"


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_without_duplicates(name):
    rows = data.load_table(name)
    assert rows, f"lexicons/{name}.tsv is empty"
    assert all(row[0] for row in rows), f"lexicons/{name}.tsv has a row with an empty first cell"
    cols = TABLE_KEYS.get(name)
    keys = [tuple(row[i].lower() if i < len(row) else "" for i in cols) if cols else row for row in rows]
    dups = _dups(keys)
    assert not dups, f"lexicons/{name}.tsv repeats {dups}"


@pytest.mark.parametrize("name", PATTERNS)
def test_patterns_load_with_known_labels(name):
    rows = data.load_patterns(name)
    assert rows
    ids = [row.get("id") for row in rows]
    assert all(ids), f"patterns/{name}.jsonl has a row without an id"
    assert not _dups(ids), f"patterns/{name}.jsonl repeats ids {_dups(ids)}"
    assert not _dups(json.dumps(r["pattern"], sort_keys=True) for r in rows), "the same pattern twice"
    for row in rows:
        etype, _, subtype = row["label"].partition("/")
        assert _known_label(etype, subtype), f"{row['id']}: unknown label {row['label']!r}"


@pytest.mark.parametrize("name", PATTERNS)
def test_patterns_compile_in_spacy_matcher(name):
    spacy = pytest.importorskip("spacy")
    from spacy.matcher import Matcher

    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    for row in data.load_patterns(name):
        matcher.add(row["id"], [row["pattern"]])  # raises on a malformed pattern


def test_trigger_table_uses_known_types_pos_and_guards():
    from protestwatch.extract.triggers import GUARDS

    for row in data.load_table("triggers"):
        lemma, pos, etype, subtype, guard = (list(row) + ["", "", "", "", ""])[:5]
        assert lemma == lemma.lower(), f"trigger {lemma!r} is not lower-case"
        assert pos in ("VERB", "NOUN", "ANY"), f"trigger {lemma!r}: pos {pos!r}"
        assert _known_label(etype, subtype), f"trigger {lemma!r}: unknown {etype}/{subtype}"
        assert not guard or guard in GUARDS, f"trigger {lemma!r}: no guard named {guard!r}"


def test_modality_table_uses_contract_values():
    where_ok = {"governor", "aux", "modifier", "mark"}
    for row in data.load_table("modality"):
        cue, modality, where = (list(row) + ["", "", ""])[:3]
        assert modality in {m.value for m in Modality}, f"modality cue {cue!r}: {modality!r}"
        assert where in where_ok, f"modality cue {cue!r}: where {where!r}"


def test_crosswalk_covers_known_types_only():
    from protestwatch.vocab import EVENT_TYPES

    for etype, row in EVENT_TYPES.items():
        for cw in row["crosswalk"]:
            assert _known_label(etype, None if cw["subtype"] == "*" else cw["subtype"]), f"crosswalk row {cw}"
        assert row["crosswalk"] and row["crosswalk"][-1]["subtype"] == "*", f"no catch-all crosswalk for {etype}"


def test_codes_are_iso():
    pycountry = pytest.importorskip("pycountry")
    for row in data.load_table("currencies"):
        code = row[1]
        assert code in WITHDRAWN_CURRENCIES or pycountry.currencies.get(alpha_3=code), \
            f"currency {row[0]!r}: {code!r} is not ISO 4217"
    for row in data.load_table("demonyms"):
        # XK (Kosovo) is a user-assigned code in common use; pycountry does not list it.
        assert _country(pycountry, row[1]), f"demonym {row[0]!r}: {row[1]!r} is not ISO 3166-1"
    for rel, col in (("gazetteer/aliases.tsv", 2), ("gazetteer/metonyms.tsv", 1)):
        for line in _raw_lines(rel):
            cells = [c.strip() for c in line.split("\t")]
            assert len(cells) > col and _country(pycountry, cells[col]), f"{rel}: {line!r}"


# ISO 4217 codes withdrawn recently enough to appear in archived news; pycountry lists only current ones.
WITHDRAWN_CURRENCIES = {"BGN", "ZWL", "ZWD", "BYR", "VEF", "HRK", "SLL", "MRO", "STD", "LTL", "LVL", "EEK"}


def _country(pycountry, code: str) -> bool:
    # XK (Kosovo) is a user-assigned code in common use that pycountry does not list.
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


@pytest.mark.parametrize("rel", ["gazetteer/aliases.tsv", "gazetteer/metonyms.tsv", "gazetteer/stoplist.txt"])
def test_gazetteer_tables_have_no_duplicate_keys(rel):
    from protestwatch.gazetteer import fold

    lines = _raw_lines(rel)
    assert lines, f"{rel} is empty"
    assert not _dups(lines), f"{rel} repeats lines {_dups(lines)}"
    # Spelling variants ("Alma-Ata", "Alma Ata") may fold to one key, but must then agree.
    values: dict[str, set] = {}
    for line in lines:
        cells = [c.strip() for c in line.split("\t")]
        values.setdefault(fold(cells[0]), set()).add(tuple(cells[1:]))
    clashes = {k: sorted(v) for k, v in values.items() if len(v) > 1}
    assert not clashes, f"{rel}: keys that fold alike but map differently: {clashes}"


MAX_GAP = 15  # a wider {0,n} gap made the trigger Matcher 60x slower on the benchmark


@pytest.mark.parametrize("name", PATTERNS)
def test_pattern_gaps_stay_narrow(name):
    """Optional tokens multiply the Matcher's partial matches: every {m,n} gap stays at most 15
    tokens wide, and "*"/"+" appear only on constrained tokens (with an attribute to test)."""
    for row in data.load_patterns(name):
        for tok in row["pattern"]:
            op = tok.get("OP", "")
            m = re.fullmatch(r"\{(\d*),(\d*)\}", op)
            if m:
                assert m.group(2) and int(m.group(2)) <= MAX_GAP, f"{row['id']}: gap {op} is too wide"
            if op in ("*", "+"):
                assert set(tok) - {"OP"}, f"{row['id']}: an unconstrained {op!r} token"
