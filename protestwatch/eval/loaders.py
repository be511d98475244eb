"""Read public gold corpora and our expected-events files into `GoldDoc`s with character offsets.

Every loader returns a `GoldSet`: documents whose `text` is what the extractor reads, and gold
trigger, argument and sentence spans as character offsets into that text. Type names are mapped
to the contract's types as ../shared/eval/README.md says; unmapped gold mentions are kept with
`type=None` so error analysis can show what else the text reports.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..vocab import gold_types

FORMATS = ("m2e2", "wikievents", "rams", "case2021", "ipe", "expected")

# Gold event types -> contract types (../shared/eval/README.md): the `gold_types` column of
# data/event_types.json. KAIROS (WikiEvents) names go by their first two parts; RAMS names are
# type.subtype.subsubtype, with "n/a" parents only where unambiguous.
M2E2_TYPES = {name: types[0] for name, types in gold_types("m2e2").items()}
KAIROS_TYPES = {name: types[0] for name, types in gold_types("kairos").items()}
RAMS_TYPES = {name: types[0] for name, types in gold_types("rams").items()}
CASE_TYPES = gold_types("case2021")
IPE_TYPES = {name: types[0] for name, types in gold_types("ipe").items()}

# Gold argument roles -> contract roles (../shared/docs/event-record.md, "Types"); "place" means
# the event's place.name or place.venue. Roles absent here are not scored.
M2E2_ROLES = {
    "protest": {"Entity": "protester", "Place": "place"},
    "detention": {"Person": "detainee", "Agent": "authority", "Place": "place"},
}
KAIROS_ROLES = {
    "protest": {"Demonstrator": "protester", "Target": "target", "Place": "place"},
    "detention": {"Detainee": "detainee", "Jailer": "authority", "Place": "place"},
    "charge": {"Defendant": "defendant", "Prosecutor": "authority", "JudgeCourt": "authority", "Place": "place"},
    "trial": {"Defendant": "defendant", "JudgeCourt": "court", "Place": "place"},
    "conviction": {"Defendant": "defendant", "JudgeCourt": "court", "Place": "place"},
    "sentence": {"Defendant": "defendant", "JudgeCourt": "court", "Place": "place"},
    "release": {"Defendant": "released", "JudgeCourt": "authority", "Place": "place"},
    "investigation": {"Defendant": "suspect", "Investigator": "authority", "Place": "place"},
}
RAMS_ROLES = {
    "protest": {"demonstrator": "protester", "place": "place"},
    "detention": {"detainee": "detainee", "jailer": "authority", "place": "place"},
    "charge": {"defendant": "defendant", "prosecutor": "authority", "judgecourt": "authority", "place": "place"},
    "trial": {"defendant": "defendant", "judgecourt": "court", "place": "place"},
    "conviction": {"defendant": "defendant", "judgecourt": "court", "place": "place"},
    "investigation": {"defendant": "suspect", "investigator": "authority", "place": "place"},
}


@dataclass
class GoldArg:
    role: str          # contract role, or "place"
    text: str
    head: str          # last word of the argument span (see head_word)
    start: int
    end: int


@dataclass
class GoldMention:
    type: str | None   # contract type; None when the gold type maps to none of ours
    gold_type: str
    start: int         # trigger characters [start, end) in GoldDoc.text
    end: int
    text: str          # the trigger as the gold file states it
    args: list[GoldArg] = field(default_factory=list)


@dataclass
class GoldSentence:
    start: int
    end: int
    types: set[str]


@dataclass
class GoldDoc:
    id: str
    text: str
    published: str | None = None
    title: str | None = None
    mentions: list[GoldMention] = field(default_factory=list)
    doc_types: set[str] | None = None        # document-level gold; None: derive from mentions
    sentences: list[GoldSentence] | None = None
    expected: dict | None = None             # an expected-events file (format "expected")
    labelled: bool = True                    # False: a CASE snippet given without its label
    gold_labels: tuple[str, ...] = ()        # document labels as the corpus names them

    def gold_doc_types(self) -> set[str]:
        if self.doc_types is not None:
            return self.doc_types
        return {m.type for m in self.mentions if m.type}


@dataclass
class GoldSet:
    format: str
    path: str
    docs: list[GoldDoc]
    types: tuple[str, ...]                    # contract types this corpus annotates
    levels: tuple[str, ...]                   # metrics that apply: mention, document, argument, sentence, expected
    exhaustive: bool = True                   # False: other events are unannotated, so no precision


def load_gold(fmt: str, path: str | Path, *, labels: str | Path | None = None) -> GoldSet:
    """Read a corpus of the given format from a file or folder."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    loaders = {"m2e2": read_m2e2, "wikievents": read_wikievents, "rams": read_rams,
               "ipe": read_ipe, "expected": read_expected_dir}
    if fmt == "case2021":
        return read_case2021(path, labels=labels)
    if fmt not in loaders:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return loaders[fmt](path)


def _pick(path: Path, *names: str) -> Path:
    """Return path itself when a file, else the first of `names` inside the folder."""
    if path.is_file():
        return path
    for n in names:
        if (path / n).exists():
            return path / n
    raise FileNotFoundError(f"none of {', '.join(names)} in {path}")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def head_word(tokens: list[str]) -> str:
    """Return the last token of an argument span, skipping punctuation and a possessive 's."""
    for tok in reversed(tokens):
        if any(c.isalnum() for c in tok) and tok.lower() not in ("'s", "’s"):
            return tok
    return tokens[-1] if tokens else ""


def _iso_from_id(doc_id: str) -> str | None:
    # VOA ids carry the publication date: VOA_EN_NW_2012.05.26.1105689
    m = re.search(r"(19|20)(\d\d)\.(\d\d)\.(\d\d)", doc_id)
    return f"{m.group(1)}{m.group(2)}-{m.group(3)}-{m.group(4)}" if m else None


# --- M2E2 -----------------------------------------------------------------------------------

def assemble_m2e2(sentences: list[dict]) -> str:
    """Rebuild one document's text so every token sits at its stated character offset.

    1. Each sentence string goes at `sentence_start`; the strings drop their last character
       (usually the full stop), so
    2. each token whose length fits its [start, end] index is written at that index, and
    3. gaps between sentences stay spaces, with newlines at both ends of a gap of two or more
       so the parser sees a break where text was left out.
    """
    size = 0
    for s in sentences:
        size = max(size, s["sentence_end"] + 1, *(int(b) + 1 for _, b in s["index"]))
    buf = [" "] * size
    covered = [False] * size
    for s in sentences:
        a = s["sentence_start"]
        buf[a:a + len(s["sentence"])] = s["sentence"]
        for i in range(a, max(a + len(s["sentence"]), s["sentence_end"] + 1)):
            covered[i] = True
    for s in sentences:
        for w, (a, b) in zip(s["words"], s["index"]):
            a, b = int(a), int(b)
            if len(w) == b - a + 1:
                buf[a:b + 1] = w
                for i in range(a, b + 1):
                    covered[i] = True
    i = 0
    while i < size:  # mark longer gaps as paragraph breaks
        if covered[i]:
            i += 1
            continue
        j = i
        while j < size and not covered[j]:
            j += 1
        if j - i >= 2:
            buf[i] = buf[j - 1] = "\n"
        i = j
    return "".join(buf)


def read_m2e2(path: Path) -> GoldSet:
    """M2E2 sentence records (sentence_id "DOCID_N") -> one GoldDoc per document."""
    path = _pick(path, "dev.json", "test.json", "train.json")
    with open(path, encoding="utf-8") as fh:
        records = json.load(fh)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_doc[r["sentence_id"].rsplit("_", 1)[0]].append(r)
    docs = []
    for doc_id, sents in by_doc.items():
        sents.sort(key=lambda s: s["sentence_start"])
        text = assemble_m2e2(sents)
        mentions = []
        for s in sents:
            idx = [(int(a), int(b) + 1) for a, b in s["index"]]  # inclusive ends -> exclusive
            words = s["words"]

            def span(t0: int, t1: int) -> tuple[int, int]:
                return idx[t0][0], idx[t1 - 1][1]

            for m in s.get("golden-event-mentions") or []:
                ctype = M2E2_TYPES.get(m["event_type"])
                a, b = span(m["trigger"]["start"], m["trigger"]["end"])
                args = []
                for g in m.get("arguments") or []:
                    role = M2E2_ROLES.get(ctype or "", {}).get(g["role"])
                    if role:
                        ga, gb = span(g["start"], g["end"])
                        args.append(GoldArg(role, text[ga:gb], head_word(words[g["start"]:g["end"]]), ga, gb))
                mentions.append(GoldMention(ctype, m["event_type"], a, b, m["trigger"]["text"], args))
        docs.append(GoldDoc(doc_id, text, published=_iso_from_id(doc_id), mentions=mentions))
    return GoldSet("m2e2", str(path), docs, ("protest", "detention"),
                   ("mention", "document", "argument"))


# --- WikiEvents (KAIROS) ------------------------------------------------------------------

def _kairos_type(name: str) -> str | None:
    return KAIROS_TYPES.get(".".join(name.split(".")[:2]))


def read_wikievents(path: Path) -> GoldSet:
    """KAIROS jsonl -> GoldDocs; sentences are joined by newlines, token offsets kept exact.

    The stated token offsets are exact within each sentence string but drift against the
    document `text` (it glues sentences together), so the text is rebuilt from the sentences.
    """
    path = _pick(path, "dev.jsonl", "test.jsonl", "train.jsonl")
    docs = []
    for rec in _read_jsonl(path):
        parts, offsets, pos = [], [], 0
        for toks, sent_text in rec["sentences"]:
            base = toks[0][1]
            offsets.extend((pos + a - base, pos + b - base) for _, a, b in toks)
            parts.append(sent_text)
            pos += len(sent_text) + 1
        text = "\n".join(parts)
        ents = {e["id"]: e for e in rec.get("entity_mentions", [])}
        mentions = []
        for m in rec.get("event_mentions", []):
            ctype = _kairos_type(m["event_type"])
            t0, t1 = m["trigger"]["start"], m["trigger"]["end"]
            a, b = offsets[t0][0], offsets[t1 - 1][1]
            args = []
            for g in m.get("arguments", []):
                role = KAIROS_ROLES.get(ctype or "", {}).get(g["role"])
                e = ents.get(g.get("entity_id"))
                if role and e:
                    ga, gb = offsets[e["start"]][0], offsets[e["end"] - 1][1]
                    args.append(GoldArg(role, text[ga:gb], head_word(rec["tokens"][e["start"]:e["end"]]), ga, gb))
            mentions.append(GoldMention(ctype, m["event_type"], a, b, m["trigger"]["text"], args))
        docs.append(GoldDoc(rec["doc_id"], text, published=_iso_from_id(rec["doc_id"]),
                            title=parts[0] if parts else None, mentions=mentions))
    return GoldSet("wikievents", str(path), docs, tuple(dict.fromkeys(KAIROS_TYPES.values())),
                   ("mention", "document", "argument"))


# --- RAMS -----------------------------------------------------------------------------------

_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "...", "…", "”", "’"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "‘", "#"}
_CLITIC = re.compile(r"^(['’](s|re|ve|ll|d|m|t)|n['’]t)$", re.I)


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens into readable text (no space before punctuation or clitics); return offsets."""
    out, offsets, glue, in_quote = [], [], True, False
    pos = 0
    for tok in tokens:
        attach = glue or tok in _NO_SPACE_BEFORE or bool(_CLITIC.match(tok))
        if tok == '"':
            attach = glue or in_quote  # a closing quote attaches to the word before it
        if not attach:
            out.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        out.append(tok)
        pos += len(tok)
        glue = tok in _NO_SPACE_AFTER or (tok == '"' and not in_quote)
        if tok == '"':
            in_quote = not in_quote
    return "".join(out), offsets


def _rams_type(name: str) -> str | None:
    parts = name.split(".")
    for k in (".".join(parts), ".".join(parts[:2])):
        if k in RAMS_TYPES:
            return RAMS_TYPES[k]
    return None


def read_rams(path: Path) -> GoldSet:
    """RAMS jsonlines: one annotated event per five-sentence window; others are unannotated."""
    path = _pick(path, "dev.jsonlines", "test.jsonlines", "train.jsonlines")
    docs = []
    for rec in _read_jsonl(path):
        tokens = [t for s in rec["sentences"] for t in s]
        text, offsets = detokenize(tokens)
        mentions = []
        for t0, t1, labels in rec["evt_triggers"]:
            gold_type = labels[0][0]
            ctype = _rams_type(gold_type)
            a, b = offsets[t0][0], offsets[t1][1]
            args = []
            for (e0, e1), (g0, g1), role_name in rec.get("gold_evt_links", []):
                if (e0, e1) != (t0, t1):
                    continue
                role = RAMS_ROLES.get(ctype or "", {}).get(re.sub(r"^evt\d+arg\d+", "", role_name))
                if role:
                    ga, gb = offsets[g0][0], offsets[g1][1]
                    args.append(GoldArg(role, text[ga:gb], head_word(tokens[g0:g1 + 1]), ga, gb))
            mentions.append(GoldMention(ctype, gold_type, a, b, " ".join(tokens[t0:t1 + 1]), args))
        docs.append(GoldDoc(rec["doc_key"], text, mentions=mentions))
    return GoldSet("rams", str(path), docs, tuple(dict.fromkeys(RAMS_TYPES.values())),
                   ("mention", "argument"), exhaustive=False)


# --- CASE 2021 task 2 -----------------------------------------------------------------------

def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


def read_case2021(path: Path, *, labels: str | Path | None = None) -> GoldSet:
    """CASE 2021 task 2 snippets: `id<TAB>snippet<TAB>label`, or `id<TAB>snippet` with labels in
    `--labels` (`id<TAB>label`). A folder is searched for *input* and *output*/*label* files."""
    label_path = Path(labels) if labels else None
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file())
        inputs = [p for p in files if "input" in p.name] or files
        path = inputs[0]
        if label_path is None:
            label_path = next((p for p in files if p != path and re.search(r"output|label|gold", p.name)), None)
    rows = _read_tsv(path)
    gold: dict[str, str] = {}
    if label_path is None and rows and len(rows[0]) == 2:
        sibling = path.with_name(path.name.replace("input", "output"))
        label_path = sibling if sibling != path and sibling.exists() else None
    if label_path is not None:
        gold = {r[0]: r[1].strip() for r in _read_tsv(label_path) if len(r) >= 2}
    docs = []
    for r in rows:
        sid, snippet = r[0], r[1]
        label = r[2].strip() if len(r) >= 3 else gold.get(sid)
        types = set(CASE_TYPES.get(label, ())) if label is not None else None
        docs.append(GoldDoc(sid, snippet, doc_types=types or set(),
                            labelled=label is not None, gold_labels=(label,) if label else ()))
    levels = ("document",) if any(d.labelled for d in docs) else ()
    return GoldSet("case2021", str(path), docs, ("protest", "detention"), levels)


# --- IndiaPoliceEvents ----------------------------------------------------------------------

def read_ipe(path: Path) -> GoldSet:
    """IndiaPoliceEvents: docs.jsonl (doc_labels), sents.jsonl (sent_labels), metadata.jsonl (date).

    Sentences are located in doc_text in order; their texts are exact substrings of it.
    """
    folder = path if path.is_dir() else path.parent
    meta = {r["doc_id"]: r for r in _read_jsonl(folder / "metadata.jsonl")} \
        if (folder / "metadata.jsonl").exists() else {}
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for s in _read_jsonl(folder / "sents.jsonl"):
        by_doc[s["doc_id"]].append(s)
    docs = []
    for rec in _read_jsonl(folder / "docs.jsonl"):
        text = rec["doc_text"]
        sents, pos = [], 0
        for s in sorted(by_doc.get(rec["doc_id"], []), key=lambda s: s["sent_id"]):
            i = text.find(s["sent_text"], pos)
            if i < 0:
                raise ValueError(f"IPE doc {rec['doc_id']}: sentence {s['sent_id']} not in doc_text")
            pos = i + len(s["sent_text"])
            sents.append(GoldSentence(i, pos, {IPE_TYPES[x] for x in s.get("sent_labels") or [] if x in IPE_TYPES}))
        doc_types = {IPE_TYPES[x] for x in rec.get("doc_labels") or [] if x in IPE_TYPES}
        docs.append(GoldDoc(str(rec["doc_id"]), text, published=meta.get(rec["doc_id"], {}).get("date"),
                            doc_types=doc_types, sentences=sents, gold_labels=tuple(rec.get("doc_labels") or ())))
    return GoldSet("ipe", str(folder), docs, ("detention",), ("sentence", "document"))


# --- expected-events files ------------------------------------------------------------------

def find_article_file(expected_path: Path, expected: dict) -> Path:
    """Locate the article an expected file scores: `article.file` beside it, or ../articles/<stem>.txt.

    Supports ../shared/seed (expected.json + article.txt) and tests/fixtures/{articles,expected}/.
    """
    here = expected_path.parent
    name = (expected.get("article") or {}).get("file")
    candidates = []
    if name:
        candidates += [here / name, here.parent / "articles" / name]
    candidates += [here.parent / "articles" / f"{expected_path.stem}.txt", here / f"{expected_path.stem}.txt"]
    for c in candidates:
        if c.is_file():
            return c
    raise FileNotFoundError(f"no article for {expected_path} (tried {', '.join(map(str, candidates))})")


def read_expected_dir(path: Path) -> GoldSet:
    """One expected-events file, or every such *.json in a folder (or its expected/ subfolder)."""
    from .expected import load_expected

    if path.is_dir():
        folder = path / "expected" if (path / "expected").is_dir() else path
        files = sorted(folder.glob("*.json"))
    else:
        files = [path]
    docs = []
    for f in files:
        try:
            exp = load_expected(f)
        except ValueError:
            continue  # a JSON file in the folder that is not an expected-events file
        art = exp.get("article") or {}
        text = find_article_file(f, exp).read_text(encoding="utf-8")
        docs.append(GoldDoc(f.stem, text, published=art.get("published"), title=art.get("title"), expected=exp))
    if not docs:
        raise FileNotFoundError(f"no expected-events files in {path}")
    types = tuple(dict.fromkeys(e["type"] for d in docs
                                for e in d.expected["events"] + d.expected.get("absent", [])))
    return GoldSet("expected", str(path), docs, types, ("expected",))
