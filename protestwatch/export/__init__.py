"""Exports from the store: acled-csv, plover-json, plover-jsonl, geojson, jsonl.

Public by default: restricted records and rejected incidents are left out unless asked for.
Each writer takes a read Session and a text stream; `write_export` picks one by name. Every
format carries the legal facts (sentence term and days, fine amount and currency, charges),
modality and scope (`legal_facts`).
"""
from __future__ import annotations

from typing import TextIO

FORMATS = ("acled-csv", "plover-json", "plover-jsonl", "geojson", "jsonl")
# ACLED codes what happened: its rows are facts only unless other modalities are asked for.
FACT_MODALITIES = ("asserted", "alleged")


def write_export(session, fmt: str, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    """Write the store in one format; return the number of records written."""
    if fmt == "acled-csv":
        from .acled import write_acled_csv as writer
    elif fmt == "plover-json":
        from .plover import write_plover_json as writer
    elif fmt == "plover-jsonl":
        from .plover import write_plover_jsonl as writer
    elif fmt == "geojson":
        from .geojson import write_geojson as writer
    elif fmt == "jsonl":
        from .jsonl import write_jsonl as writer
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer(session, out, include_restricted=include_restricted, filters=filters)


def incident_filters(filters, include_restricted: bool):
    from ..store.repo import EventFilter
    import copy
    f = copy.copy(filters) if filters is not None else EventFilter()
    f.include_restricted = include_restricted
    f.limit = None
    return f


def write_incident_array(session, out: TextIO, to_record, *, opening: str, closing: str,
                         include_restricted: bool = False, filters=None) -> int:
    """Stream one JSON object per incident between `opening` and `closing`; return the count."""
    import json

    from ..store.repo import iter_incidents
    out.write(opening)
    n = 0
    for incident in iter_incidents(session, incident_filters(filters, include_restricted)):
        record = to_record(session, incident, include_restricted=include_restricted)
        out.write(("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False))
        n += 1
    out.write(closing)
    return n


def legal_facts(merged: dict) -> dict:
    """The legal facts, modality and scope of a merged incident, flat, for every export."""
    legal = merged.get("legal") or {}
    sentence = legal.get("sentence") or {}
    fine = sentence.get("kind") == "fine" or sentence.get("amount") is not None
    return {"modality": merged.get("modality") or "asserted", "scope": merged.get("scope") or "political",
            "charges": list(legal.get("charges") or []), "sentence_kind": sentence.get("kind"),
            "sentence_term": sentence.get("term"), "sentence_days": sentence.get("days"),
            "fine_amount": sentence.get("amount") if fine else None,
            "fine_currency": sentence.get("currency") if fine else None}


def point_precision(place: dict) -> str | None:
    """How precise a place's point is: a venue "in Xinjiang" sits on the region's centroid, so its
    point is admin1 (a gazetteer region has admin1 = its own name), one in a country is country."""
    precision = place.get("precision")
    if precision == "venue" and place.get("name"):
        if place.get("admin1") == place["name"]:
            return "admin1"
        if not place.get("admin1") and place.get("country"):
            from ..gazetteer import load_gazetteer
            if load_gazetteer().country_name(place["country"]) == place["name"]:
                return "country"
    return precision
