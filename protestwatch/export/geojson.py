"""Export incidents as a GeoJSON FeatureCollection (RFC 7946).

Coordinates are [longitude, latitude] in WGS 84 with no `crs` member; incidents without
coordinates keep `"geometry": null`, which RFC 7946 section 3.2 allows.
"""
from __future__ import annotations

from typing import TextIO

from . import legal_facts, point_precision, write_incident_array


def incident_feature(session, incident, *, include_restricted: bool = False) -> dict:
    from ..store.repo import apply_edits, incident_articles
    merged = apply_edits(incident.merged or {}, incident.edits)
    geometry = None
    if incident.lat is not None and incident.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(incident.lon, 6), round(incident.lat, 6)]}
    articles = incident_articles(session, incident.id, include_restricted=include_restricted)
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": {
        "id": incident.id, "type": incident.type, "subtype": incident.subtype,
        "date": incident.date_start, "date_end": incident.date_end, "date_precision": incident.date_precision,
        "country": incident.country, "admin1": incident.admin1, "place": incident.place_name,
        "venue": incident.venue, "size_low": incident.size_low, "size_high": incident.size_high,
        "participants": [p.get("name") for p in merged.get("participants", [])],
        "place_precision": (merged.get("place") or {}).get("precision"),
        "point_precision": point_precision(merged.get("place") or {}), **legal_facts(merged),
        "n_reports": incident.n_reports, "review_state": incident.review_state,
        "sources": sorted({a.source for a in articles if a.source}),
        "urls": [a.url for a in articles if a.url]}}


def write_geojson(session, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    return write_incident_array(session, out, incident_feature, opening='{"type": "FeatureCollection", "features": [',
                                closing="\n]}\n", include_restricted=include_restricted, filters=filters)
