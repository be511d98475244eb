"""Cross-article deduplication: reports (one event of one article) in, incidents (clusters) out.

Works on plain contract-shaped event dicts, so the store, the benchmark and tests share it.
`IncidentLinker` is online and deterministic: fed reports in the same order it gives the same
clusters, which is what makes a killed ingest resumable to exactly one clean run's state.
"""
from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from .. import vocab

# Days either side of a report's date in which candidates are looked for. Outlets disagree on
# dates by a day or two (time zones, "on Monday" resolved against different publication days).
DATE_WINDOW = 3
THRESHOLD = 0.62  # combined similarity above which a report joins an incident
NUM_PERM = 64
PERSON_CENTRED = vocab.PERSON_CENTRED  # the same incident only when it concerns the same people
NAMED_KINDS = ("person",)
GROUP_KINDS = ("group", "organization")
# Similarity weights: who is the strongest signal, then where and when; text and counts are weak
# because outlets word the same event differently and disagree on crowd sizes.
WEIGHTS = {"person": 3.0, "group": 1.0, "place": 1.5, "venue": 1.0, "date": 1.5, "size": 0.5,
           "text": 1.0, "subtype": 0.5, "claims": 1.0}
ANCHORS = frozenset({"person", "group", "venue", "claims", "text"})

_TITLES = frozenset("mr mrs ms dr prof sir madam mister activist journalist blogger".split())
_NON_WORD = re.compile(r"[^\w\s]+")
_WORD = re.compile(r"\w+")
# Transliteration variants collapse to one spelling (Azhibai/Ajibai, Khalid/Halid, Yuri/Iuri).
_TRANSLIT = [("zh", "j"), ("kh", "h"), ("dzh", "j"), ("dj", "j"), ("sch", "sh"), ("tch", "ch"),
             ("ts", "c"), ("tz", "c"), ("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
             ("yu", "iu"), ("ya", "ia"), ("ye", "e"), ("y", "i"), ("w", "v"), ("q", "k"), ("x", "ks")]
_DOUBLE = re.compile(r"(.)\1+")


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=200_000)
def romanise(text: str) -> str:
    """Cyrillic to Latin letters (iuliia, the Wikipedia schema): "Анна Петрова" -> "Anna Petrova",
    so names compare across scripts; Latin text is returned as it is."""
    if not _CYRILLIC.search(text):
        return text
    import iuliia
    return iuliia.WIKIPEDIA.translate(text)


def script_of(text: str) -> str:
    """"cyrl" when most letters are Cyrillic, else "latn": wording compares only within one script."""
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if _CYRILLIC.match(c))
    return "cyrl" if letters and cyrillic * 2 > len(letters) else "latn"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Normalise a name for matching: in Latin letters, no accents, case, punctuation or titles."""
    words = _NON_WORD.sub(" ", strip_accents(romanise(name)).casefold()).split()
    words = [w for w in words if w not in _TITLES]
    return " ".join(words)


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """Collapse common romanisation variants of one token."""
    for a, b in _TRANSLIT:
        token = token.replace(a, b)
    token = _DOUBLE.sub(r"\1", token)
    return token.replace("ai", "ai").replace("ii", "i")


@lru_cache(maxsize=500_000)
def name_similarity(a: str, b: str) -> float:
    """Return 0..1 similarity of two normalised person names, tolerant of spelling variants.

    A lone surname matches a full name that contains it; full names compare surname and first
    name separately, so "Serik Azhibai" ~ "S. Azihibai" but not ~ "Serik Nurtazin".
    """
    if a == b:
        return 1.0
    ta, tb = a.split(), b.split()
    return max(_token_similarity(ta, tb),
               _token_similarity([phonetic(t) for t in ta], [phonetic(t) for t in tb]))


def _token_similarity(ta: list[str], tb: list[str]) -> float:
    if not ta or not tb:
        return 0.0
    if len(ta) == 1 or len(tb) == 1:
        short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
        best = max(fuzz.ratio(short[0], t) for t in long_) / 100
        return 0.9 * best if best >= 0.8 else best * 0.5
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if set(short) <= set(long_):  # "Agnes Chow" in "Agnes Chow Ting", "Jimmy Lai" in "Jimmy Lai Chee Ying"
        return 0.9
    if ta[-1] == tb[0] or ta[0] == tb[-1]:
        # Surname-first and given-name-first forms of one name: "Wong Chi Fung" / "Joshua Wong".
        swapped = 0.8
    else:
        swapped = 0.0
    sur = fuzz.ratio(ta[-1], tb[-1]) / 100
    first_a, first_b = ta[0], tb[0]
    if len(first_a) == 1 or len(first_b) == 1:
        first = 0.9 if first_a[0] == first_b[0] else 0.0
    else:
        first = fuzz.ratio(first_a, first_b) / 100
    straight = 0.6 * sur + 0.4 * first
    if sur < 0.75:
        straight = min(straight, 0.4)
    # Surname-first orders ("Azhibai Serik") and middle names.
    loose = fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)) / 100
    return max(straight, loose if loose >= 0.9 else 0.0, swapped)


def best_match(names_a: Sequence[str], names_b: Sequence[str]) -> float:
    best = 0.0
    for a in names_a:
        for b in names_b:
            s = name_similarity(a, b)
            if s > best:
                best = s
                if best == 1.0:
                    return best
    return best


def to_day(value: str | None) -> tuple[int, int] | None:
    """ISO date / month / year -> (first ordinal day, last ordinal day)."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            d = date(*parts).toordinal()
            return d, d
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        if len(parts) == 1:
            return date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal()
    except (ValueError, TypeError):
        return None
    return None


class Shingler:
    """Word-shingle MinHash signatures (datasketch), one reused sketch so no per-report setup.

    Hashing is CRC-32, not Python's salted `hash`, so signatures are the same in every process:
    a resumed ingest must link exactly as a clean one.
    """

    def __init__(self, num_perm: int = NUM_PERM):
        from datasketch import MinHash
        self._sketch = MinHash(num_perm=num_perm, seed=7, hashfunc=zlib.crc32)
        self.num_perm = num_perm

    def signature(self, text: str):
        folded = text.casefold()
        if not folded.isascii():
            folded = strip_accents(folded)
        words = _WORD.findall(folded)
        if len(words) < 2:
            return None
        shingles = {f"{a} {b}".encode() for a, b in zip(words, words[1:])}
        shingles.update(w.encode() for w in words if len(w) > 3)
        sketch = self._sketch
        sketch.clear()
        sketch.update_batch(list(shingles))
        return sketch.hashvalues.copy()


def jaccard(a, b) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(slots=True)
class ReportFeatures:
    """What deduplication looks at in one report."""
    id: object
    article: str
    type: str
    country: str | None
    days: tuple[int, int] | None
    precision: str | None
    persons: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    place: str | None = None
    venue: str | None = None
    size: int | None = None
    subtype: str | None = None
    claims: frozenset[str] = frozenset()
    signature: object = None
    script: str = "latn"  # of the report's own words: venue, claims and text compare within one script


def report_text(event: dict, article_text: str | None) -> str:
    """The words a report uses: its evidence spans, claims and sign text."""
    parts: list[str] = []
    if article_text:
        seen: set[tuple[int, int]] = set()
        for ev in event.get("evidence") or ():
            span = (ev.get("start", 0), ev.get("end", 0))
            if span not in seen and 0 <= span[0] < span[1] <= len(article_text):
                seen.add(span)
                parts.append(article_text[span[0]:span[1]])
    parts.extend(event.get("claims") or ())
    parts.extend(event.get("sign_text") or ())
    return " ".join(parts)


def _claim_words(claims: Iterable[str]) -> frozenset[str]:
    words = set()
    for c in claims:
        words.update(w for w in _WORD.findall(strip_accents(c).casefold()) if len(w) > 3)
    return frozenset(words)


def make_features(report_id, event: dict, *, article_id: str, published: str | None = None,
                  article_text: str | None = None, aliases: dict[str, Sequence[str]] | None = None,
                  shingler: Shingler | None = None) -> ReportFeatures:
    """Build a report's features from its contract EVENT (and its article, for dates and text).

    `aliases` maps the Result's entity ids to their aliases, so "Azhibai" in one report and
    "Serik Azhibai" in another are known to be one person.
    """
    date_ = event.get("date") or {}
    days = to_day(date_.get("start"))
    precision = date_.get("precision")
    if days is None:  # an undated report is anchored at its article's publication day
        days = to_day(published)
        precision = "unknown" if days else None
    elif date_.get("end"):
        end = to_day(date_["end"])
        if end and end[1] >= days[0]:
            days = (days[0], end[1])
    place = event.get("place") or {}
    persons, groups = [], []
    for p in event.get("participants") or ():
        names = [p.get("name") or ""]
        if aliases and p.get("entity") in aliases:
            names.extend(aliases[p["entity"]])
        keys = [k for k in (name_key(n) for n in names) if k]
        if p.get("kind") in NAMED_KINDS:
            persons.extend(keys)
        elif p.get("kind") in GROUP_KINDS:
            groups.extend(keys)
    size = (event.get("size") or {}) or {}
    low = size.get("low") if isinstance(size, dict) else None
    text = report_text(event, article_text)
    return ReportFeatures(
        id=report_id, article=article_id, type=event.get("type"), country=place.get("country"),
        days=days, precision=precision,
        persons=tuple(dict.fromkeys(persons)), groups=tuple(dict.fromkeys(groups)),
        place=name_key(place["name"]) if place.get("name") else None,
        venue=name_key(place["venue"]) if place.get("venue") else None,
        size=low, subtype=event.get("subtype"),
        claims=_claim_words(event.get("claims") or ()),
        signature=(shingler or default_shingler()).signature(text) if text else None,
        script=script_of(" ".join(filter(None, [text, place.get("venue")]))),
    )


@lru_cache(maxsize=1)
def default_shingler() -> Shingler:
    return Shingler()


@dataclass(slots=True)
class Cluster:
    """An incident while linking: the union of its reports' features."""
    id: object
    type: str
    country: str | None
    days: tuple[int, int]
    articles: set = field(default_factory=set)
    persons: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    places: list = field(default_factory=list)
    venues: list = field(default_factory=list)
    sizes: list = field(default_factory=list)
    subtypes: Counter = field(default_factory=Counter)
    claims: set = field(default_factory=set)
    signatures: list = field(default_factory=list)
    members: list = field(default_factory=list)
    # the script of each venue and signature, and the scripts the claims came in
    venue_scripts: list = field(default_factory=list)
    signature_scripts: list = field(default_factory=list)
    claim_scripts: set = field(default_factory=set)

    def add(self, r: ReportFeatures) -> None:
        self.members.append(r.id)
        self.articles.add(r.article)
        if r.days:
            self.days = (min(self.days[0], r.days[0]), max(self.days[1], r.days[1]))
        for attr, values in (("persons", r.persons), ("groups", r.groups)):
            have = getattr(self, attr)
            for v in values:
                if v not in have and len(have) < 12:
                    have.append(v)
        if r.place and r.place not in self.places:
            self.places.append(r.place)
        if r.venue and r.venue not in self.venues:
            self.venues.append(r.venue)
            self.venue_scripts.append(r.script)
        if r.size:
            self.sizes.append(r.size)
        if r.subtype:
            self.subtypes[r.subtype] += 1
        self.claims.update(r.claims)
        if r.claims:
            self.claim_scripts.add(r.script)
        if r.signature is not None and len(self.signatures) < 6:
            self.signatures.append(r.signature)
            self.signature_scripts.append(r.script)


def _place_sim(a: str, bs: list[str]) -> float:
    return max(fuzz.token_set_ratio(a, b) for b in bs) / 100


def score(r: ReportFeatures, c: Cluster) -> float:
    """Return 0..1 similarity of a report to an incident (0 = vetoed).

    Vetoes: same article (one article's events are distinct), two different named people in a
    person-centred event, different towns on the same footing.
    """
    if r.article in c.articles:
        return 0.0
    parts: list[tuple[str, float]] = []  # (component, similarity)
    if r.persons and c.persons:
        s = best_match(r.persons, c.persons)
        if s < 0.5 and r.type in PERSON_CENTRED:
            return 0.0
        parts.append(("person", s))
    elif (r.persons or c.persons) and r.type in PERSON_CENTRED:
        parts.append(("person", 0.45))  # one side names nobody: neither for nor against
    if r.groups and c.groups:
        # Outlets name crowds loosely ("protesters", "opposition supporters"): only agreement counts.
        s = max(fuzz.token_set_ratio(a, b) for a in r.groups for b in c.groups) / 100
        if s >= 0.75:
            parts.append(("group", s))
    if r.place and c.places:
        s = _place_sim(r.place, c.places)
        parts.append(("place", s))
        if s < 0.5 and not (r.venue and c.venues):
            parts.append(("place", 0.0))  # another town counts twice against
    # a Russian and an English report word the venue, the demands and the story differently: those
    # compare only with the cluster's reports in the same script
    venues = [v for v, sc in zip(c.venues, c.venue_scripts) if sc == r.script]
    if r.venue and venues:
        s = _place_sim(r.venue, venues)
        parts.append(("venue", s))
        if s < 0.5:
            parts.append(("venue", 0.0))  # another building or square counts twice against
    same_day = False
    if r.days:
        gap = max(0, max(r.days[0], c.days[0]) - min(r.days[1], c.days[1]))
        same_day = gap == 0 and r.precision == "day" and c.days[0] == c.days[1]
        parts.append(("date", 1.0 if same_day else 0.75 if gap == 0 else max(0.0, 1.0 - 0.2 * gap)))
    if r.size and c.sizes:
        # Crowd estimates differ by source (police vs organisers): compare orders of magnitude.
        nearest = min(c.sizes, key=lambda v: abs(math.log10(v / r.size)))
        parts.append(("size", max(0.0, 1.0 - abs(math.log10(nearest / r.size)) / 2)))
    if r.subtype and c.subtypes:
        parts.append(("subtype", 1.0 if r.subtype in c.subtypes else 0.6))
    if r.claims and c.claims and r.script in c.claim_scripts:
        overlap = len(r.claims & c.claims) / min(len(r.claims), len(c.claims))
        parts.append(("claims", max(overlap, 0.3)))  # demands are paraphrased: no overlap is weak evidence
    signatures = [g for g, sc in zip(c.signatures, c.signature_scripts) if sc == r.script]
    if r.signature is not None and signatures:
        j = max(jaccard(r.signature, s) for s in signatures)
        parts.append(("text", min(1.0, 0.3 + 2.5 * j)))
    if not parts:
        return 0.0
    total = sum(WEIGHTS[n] for n, _ in parts)
    value = sum(WEIGHTS[n] * s for n, s in parts) / total
    # Agreement on who, the venue, the claims or the wording is needed: type, town and day
    # alone do not make two reports one event.
    # As in ACLED's one-event-per-location-day coding, the same town on the same day anchors too.
    anchored = any(n in ANCHORS and s >= 0.75 for n, s in parts) or (
        same_day and any(n == "place" and s >= 0.9 for n, s in parts))
    return value if anchored else min(value, THRESHOLD - 0.01)


class IncidentLinker:
    """Online clustering with blocking on (type, country) and a date window.

    1. Candidates: incidents of the same type and country with a day within DATE_WINDOW of the
       report's dates (imprecise dates span their month; year-only dates are not linked).
    2. Each candidate is scored (`score`); the best above `threshold` takes the report.
    3. Otherwise the report starts a new incident.
    """

    def __init__(self, *, threshold: float = THRESHOLD, window: int = DATE_WINDOW):
        self.threshold = threshold
        self.window = window
        self.clusters: dict[object, Cluster] = {}
        self._index: dict[tuple, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        self._next = 0

    def _block(self, type_: str, country: str | None) -> dict[int, list]:
        return self._index[(type_, country)]

    def add_cluster(self, cluster_id, members: Iterable[ReportFeatures]) -> Cluster:
        """Register an existing incident (from the database) with its reports."""
        cluster = None
        for r in members:
            if cluster is None:
                cluster = Cluster(id=cluster_id, type=r.type, country=r.country, days=r.days or (0, 0))
                self.clusters[cluster_id] = cluster
            self._attach(cluster, r)
        return cluster

    def _attach(self, cluster: Cluster, r: ReportFeatures) -> None:
        cluster.add(r)
        if r.days and r.days[1] - r.days[0] <= 31:
            block = self._block(cluster.type, cluster.country)
            for d in range(r.days[0], r.days[1] + 1):
                bucket = block[d]
                if cluster.id not in bucket:
                    bucket.append(cluster.id)

    def candidates(self, r: ReportFeatures) -> list[Cluster]:
        if not r.days or r.days[1] - r.days[0] > 31:
            return []
        block = self._index.get((r.type, r.country))
        if not block:
            return []
        seen: dict[object, None] = {}
        for d in range(r.days[0] - self.window, r.days[1] + self.window + 1):
            for cid in block.get(d, ()):
                seen[cid] = None
        return [self.clusters[cid] for cid in seen]

    def best(self, r: ReportFeatures) -> tuple[Cluster | None, float]:
        best, best_score = None, 0.0
        for c in self.candidates(r):
            s = score(r, c)
            if s > best_score:
                best, best_score = c, s
        return best, best_score

    def link(self, r: ReportFeatures, new_id=None) -> tuple[object, float | None, bool]:
        """Place one report; return (incident id, score or None, created)."""
        c, s = self.best(r)
        if c is not None and s >= self.threshold:
            self._attach(c, r)
            return c.id, s, False
        if new_id is None:
            self._next += 1
            new_id = ("new", self._next)
        cluster = Cluster(id=new_id, type=r.type, country=r.country, days=r.days or (0, 0))
        self.clusters[new_id] = cluster
        self._attach(cluster, r)
        return new_id, None, True

    def rename(self, old, new) -> None:
        """Give a new incident its database id."""
        cluster = self.clusters.pop(old)
        cluster.id = new
        self.clusters[new] = cluster
        for block in self._index.values():
            for bucket in block.values():
                for i, cid in enumerate(bucket):
                    if cid == old:
                        bucket[i] = new


def link_order(r: ReportFeatures) -> tuple:
    """The order reports are linked in, fixed so that any run gives the same clusters.

    By day, and within a day the best-described reports first, so a vague report ("4,000 people
    gathered in Moscow") meets every incident of its day before it is placed.
    """
    richness = (bool(r.persons) + bool(r.groups) + bool(r.venue) + bool(r.claims) + bool(r.size)
                + (r.precision == "day"))
    return (r.days[0] if r.days else 10**9, -richness, r.article, str(r.id))


def cluster_reports(reports: Iterable[ReportFeatures], **kwargs) -> dict[object, object]:
    """Cluster reports from scratch; return report id -> cluster id."""
    linker = IncidentLinker(**kwargs)
    out = {}
    for r in sorted(reports, key=link_order):
        out[r.id], _, _ = linker.link(r)
    return out


# ---- merged fields ---------------------------------------------------------------------------

PRECISION_RANK = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4, "unknown": 5, None: 6}
MERGED_FIELDS = ("subtype", "modality", "date.start", "date.end", "date.precision", "place.name",
                 "place.venue", "place.admin1", "place.country", "place.lat", "place.lon",
                 "place.geonames_id", "place.precision", "size.low", "size.high", "legal.plea",
                 "legal.outcome", "legal.sentence.kind", "legal.sentence.term", "legal.sentence.days",
                 "legal.sentence.amount", "legal.sentence.currency", "legal.sentence.suspended")


def _get(event: dict, path: str):
    value = event
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _put(target: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def merge_events(reports: Sequence[tuple[object, dict]]) -> tuple[dict, dict, dict]:
    """Merge the events of one incident's reports: (merged event, disagreements, sources).

    Each field takes the value most reports give; ties go to the more precise date, then the
    earliest report. Every other value is kept under `disagreements[field]` with the reports that
    gave it, and `sources[field]` lists the reports behind the chosen value.
    """
    reports = sorted(reports, key=lambda x: (PRECISION_RANK.get(_get(x[1], "date.precision"), 6), str(x[0])))
    merged: dict = {"type": reports[0][1].get("type")}
    disagreements: dict = {}
    sources: dict = {}
    for path in MERGED_FIELDS:
        support: dict = {}
        for rid, ev in reports:
            value = _get(ev, path)
            if value is None:
                continue
            key = repr(value)
            support.setdefault(key, [value, []])[1].append(rid)
        if not support:
            continue
        ranked = sorted(support.values(), key=lambda v: -len(v[1]))  # stable: precision order kept
        value, ids = ranked[0]
        _put(merged, path, value)
        sources[path] = ids
        if len(ranked) > 1:
            disagreements[path] = [{"value": v, "reports": r} for v, r in ranked]
    # Lists are unions: every participant, claim, slogan and charge any source reported.
    people: dict = {}
    for rid, ev in reports:
        for p in ev.get("participants") or ():
            key = (p.get("role"), name_key(p.get("name") or ""))
            match = next((k for k in people if k[0] == key[0] and name_similarity(k[1], key[1]) >= 0.8), None)
            if match is None:
                people[key] = {"role": p.get("role"), "name": p.get("name"), "kind": p.get("kind"), "reports": [rid]}
            elif rid not in people[match]["reports"]:
                people[match]["reports"].append(rid)
    merged["participants"] = list(people.values())
    for path in ("claims", "sign_text", "legal.charges"):
        seen: dict = {}
        for rid, ev in reports:
            for v in _get(ev, path) or ():
                seen.setdefault(v, []).append(rid)
        if seen:
            _put(merged, path, list(seen))
            sources[path] = sorted({r for ids in seen.values() for r in ids}, key=str)
    merged["confidence"] = max(float(ev.get("confidence") or 0) for _, ev in reports)
    crosswalks = [ev.get("crosswalk") for _, ev in reports if ev.get("crosswalk")]
    if crosswalks:
        merged["crosswalk"] = crosswalks[0]
    return merged, disagreements, sources


def pairwise_scores(predicted: dict, gold: dict) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering (report id -> cluster) against gold."""
    from itertools import combinations
    ids = sorted(gold, key=str)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_pred, same_gold = predicted[a] == predicted[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pairs": tp + fn}
