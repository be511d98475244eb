#!/usr/bin/env python3
"""Build protestwatch/data/gazetteer/centroids.tsv: a point for each country and admin1 region, so
a place named only as a region or a country still reaches a map (protestwatch/gazetteer.py reads it).

Sources (no hand-typed numbers):
  - countries: the area centroid of the country's largest polygon in Natural Earth's 1:50m
    admin-0 shapes, as vendored for the map (protestwatch/serve/static/world-atlas/countries-50m.json,
    world-atlas TopoJSON; ids are ISO 3166-1 numeric, mapped to alpha-2 with pycountry)
  - admin1 regions (and countries missing from the shapes): the mean position of the region's
    GeoNames places in the packaged gazetteer (gazetteer/places.tsv.gz), on the unit sphere

Output rows (tab-separated, one header comment line first): kind (C/A)  country  admin1  lat  lon  source

Run: python scripts/build_centroids.py   (after scripts/build_gazetteer.py)
"""
from __future__ import annotations

import collections
import gzip
import json
import math
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
ATLAS = ROOT / "protestwatch" / "serve" / "static" / "world-atlas" / "countries-50m.json"
PLACES = ROOT / "protestwatch" / "data" / "gazetteer" / "places.tsv.gz"
OUT = ROOT / "protestwatch" / "data" / "gazetteer" / "centroids.tsv"


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized positions (TopoJSON spec 2.1.4)
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous across the antimeridian (Russia, Fiji): no step over 180 degrees."""
    out, shift = [ring[0]], 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(|area|, lon, lat) of a ring by the shoelace formula in lon/lat (fine for a map point)."""
    ring = _unwrap(ring)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a / 2), cx / (3 * a), cy / (3 * a)


def country_centroids() -> dict[str, tuple[float, float]]:
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    out = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=str(geom.get("id", "")).zfill(3))
        if country is None or geom["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        area, lon, lat = max(_area_centroid(_ring(arcs, poly[0])) for poly in polygons)  # outer rings
        out[country.alpha_2] = (round(lat, 4), round((lon + 180) % 360 - 180, 4))
    return out


def mean_position(points: list[tuple[float, float]]) -> tuple[float, float]:
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x, y, z = x + math.cos(la) * math.cos(lo), y + math.cos(la) * math.sin(lo), z + math.sin(la)
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 4), round(math.degrees(math.atan2(y, x)), 4)


def main() -> None:
    by_region, by_country, regions, countries = collections.defaultdict(list), collections.defaultdict(list), [], []
    with gzip.open(PLACES, "rt", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            kind, _, name, admin1, cc, lat, lon, *_ = line.rstrip("\n").split("\t")
            if kind == "P" and lat and lon:
                by_country[cc].append((float(lat), float(lon)))
                if admin1:
                    by_region[(cc, admin1)].append((float(lat), float(lon)))
            elif kind == "A":
                regions.append((cc, name))
            elif kind == "C":
                countries.append(cc)
    shapes = country_centroids()
    rows = []
    for cc in sorted(set(countries)):
        if cc in shapes:
            rows.append(("C", cc, "", *shapes[cc], "naturalearth-50m"))
        elif by_country.get(cc):
            rows.append(("C", cc, "", *mean_position(by_country[cc]), "geonames-places"))
    for cc, name in sorted(set(regions)):
        if by_region.get((cc, name)):
            rows.append(("A", cc, name, *mean_position(by_region[(cc, name)]), "geonames-places"))
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# protestwatch centroids by scripts/build_centroids.py: countries from Natural Earth 1:50m "
                 "(world-atlas 2.0, public domain), admin1 from the gazetteer's GeoNames places (CC BY 4.0)\n")
        for row in rows:
            fh.write("\t".join(str(v) for v in row) + "\n")
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
