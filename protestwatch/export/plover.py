"""Export incidents as PLOVER JSON records: a JSON list using the PLOVER manual's field names
(id, date, source, target, event, mode, context, eventText, eventLoc, size, text, language,
publication, coder, version, dateCoded, url). Actors are {actorText, code, sector}."""
from __future__ import annotations

from datetime import date
from typing import TextIO

from . import write_incident_array

# Our type (and subtype) -> PLOVER event and mode, used when the extractor gave no crosswalk.
PLOVER = {
    "protest": ("PROTEST", "demo"), "detention": ("COERCE", "arrest"), "investigation": ("INVESTIGATE", None),
    "charge": ("COERCE", "arrest"), "trial": ("COERCE", None), "conviction": ("COERCE", None),
    "sentence": ("COERCE", None), "release": ("RETREAT", "release"), "police_violence": ("ASSAULT", "beat"),
    "ban": ("COERCE", "ban"), "diplomatic_protest": ("DISAPPROVE", None), "sanction": ("SANCTION", None),
}
PROTEST_MODES = {"riot": "riot", "strike": "strike", "hunger_strike": "hunger", "boycott": "boycott",
                 "sit_in": "obstruct"}
SOURCE_ROLES = ("protester", "organizer", "authority", "court", "actor", "perpetrator")
TARGET_ROLES = ("target", "detainee", "defendant", "suspect", "released", "victim")
SECTOR = {"authority": "GOV", "court": "JUD", "state": "GOV", "protester": "OPP", "organizer": "OPP"}


def _actors(merged: dict, roles: tuple[str, ...]) -> list[dict]:
    out = []
    for p in merged.get("participants", []):
        if p.get("role") in roles and p.get("name"):
            actor = {"actorText": p["name"]}
            sector = SECTOR.get(p.get("kind")) or SECTOR.get(p.get("role"))
            if sector:
                actor["sector"] = sector
            out.append(actor)
    return out


def plover_record(session, incident, *, include_restricted: bool = False) -> dict:
    from .. import __version__
    from ..store.repo import apply_edits, incident_reports
    merged = apply_edits(incident.merged or {}, incident.edits)
    event, mode = PLOVER.get(incident.type, ("COERCE", None))
    if incident.type == "protest":
        mode = PROTEST_MODES.get(incident.subtype or "", "demo")
    cross = (merged.get("crosswalk") or {}).get("plover") or {}
    event, mode = cross.get("event") or event, cross.get("mode") or mode
    reports = incident_reports(session, incident.id, include_restricted=include_restricted)
    texts, urls, outlets = [], [], []
    for r in reports:
        a = r.article
        spans = [e for e in (r.machine.get("evidence") or []) if e.get("field") == "type"]
        if spans and a.text:
            texts.append(a.text[spans[0]["start"]:spans[0]["end"]])
        if a.url:
            urls.append(a.url)
        if a.source:
            outlets.append(a.source)
    place = merged.get("place") or {}
    loc = {k: v for k, v in {"name": place.get("name"), "placeName": place.get("venue"),
                             "country": place.get("country"), "admin1": place.get("admin1"),
                             "lat": place.get("lat"), "lon": place.get("lon"),
                             "geonamesID": place.get("geonames_id")}.items() if v is not None}
    size = merged.get("size") or {}
    record = {
        "id": f"protestwatch-{incident.id}", "date": incident.date_start,
        "source": _actors(merged, SOURCE_ROLES), "target": _actors(merged, TARGET_ROLES),
        "event": event, "mode": mode, "context": merged.get("claims") or [],
        "eventText": incident.subtype or incident.type, "eventLoc": loc,
        "size": str(size["low"]) if size.get("low") else None,
        "text": texts[0] if texts else None, "language": "en",
        "publication": "; ".join(dict.fromkeys(outlets)) or None, "url": urls,
        "coder": f"protestwatch {__version__}", "version": "PLOVER 0.6b1",
        "dateCoded": date.today().isoformat(),
    }
    return {k: v for k, v in record.items() if v not in (None, [], {})} | {"event": event}


def write_plover_json(session, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    return write_incident_array(session, out, plover_record, opening="[", closing="\n]\n",
                                include_restricted=include_restricted, filters=filters)
