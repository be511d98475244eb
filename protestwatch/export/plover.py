"""Export incidents as PLOVER records, with the field names of the PLOVER manual's "PLOVER JSON"
table (0.7b1): id, date (YYYY-MM-DD), enddate, source and recipient (lists of actor objects
{actor_text, code, sector}), event, mode and context (lists), event_loc (a GeoNames-style location
object), event_text (the trigger words of the event in each report), text (the sentence coded),
cite_info, coder, coded_date, comment. Our own facts keep their own names (date_precision,
modality, scope, charges, sentence_*, fine_*, size, claims, review_state, n_reports, urls).
`plover-json` writes one JSON list, `plover-jsonl` one record a line (as the manual suggests)."""
from __future__ import annotations

import json
import re
from datetime import date
from typing import TextIO

from . import incident_filters, legal_facts, write_incident_array

SOURCE_ROLES = ("protester", "organizer", "authority", "court", "actor", "perpetrator")
RECIPIENT_ROLES = ("target", "detainee", "defendant", "suspect", "released", "victim")
SECTOR = {"authority": "GOV", "court": "JUD", "state": "GOV", "protester": "OPP", "organizer": "OPP"}
# Our modality -> PLOVER's grammatical contexts (manual: future, historical, hypothetical, negation).
MODALITY_CONTEXT = {"planned": "future", "threatened": "future", "hypothetical": "hypothetical",
                    "negated": "negation", "denied": "negation"}
SCOPE_CONTEXT = {"political": "political", "ordinary": "crime"}
_SENTENCE_END = re.compile(r"[.!?]\s")


def _actors(merged: dict, roles: tuple[str, ...]) -> list[dict]:
    from .acled import country_info
    out = []
    for p in merged.get("participants", []):
        if p.get("role") in roles and p.get("name"):
            actor = {"actor_text": p["name"]}
            sector = SECTOR.get(p.get("role")) or SECTOR.get(p.get("kind"))
            if sector:
                actor["sector"] = sector
            if p.get("kind") == "state" and p.get("country"):
                actor["code"] = country_info(p["country"])[2] or None
            if p.get("entity"):
                actor["identifier_id"] = p["entity"]
            out.append({k: v for k, v in actor.items() if v})
    return out


def _full_date(value: str | None) -> str | None:
    """YYYY-MM-DD as the manual requires: a month or year reads as its first day (see date_precision)."""
    if not value:
        return None
    return value + {4: "-01-01", 7: "-01"}.get(len(value), "")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a character span of an article."""
    head = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    tail = _SENTENCE_END.search(text, end)
    return text[head:tail.start() + 1 if tail else len(text)].strip()


def _event_loc(place: dict) -> dict:
    from .acled import country_info
    loc = {"geonameid": place.get("geonames_id"), "name": place.get("name"),
           "latitude": place.get("lat"), "longitude": place.get("lon"),
           "country_code": place.get("country"), "cc3": country_info(place.get("country"))[2] or None,
           "admin1": place.get("admin1"), "venue": place.get("venue"), "precision": place.get("precision")}
    return {k: v for k, v in loc.items() if v is not None}


def plover_codes(incident, merged: dict) -> tuple[str, str | None]:
    """(PLOVER event, mode): the event's own crosswalk, else the table's for its type and subtype."""
    from ..link.crosswalk import crosswalk_for
    cross = (merged.get("crosswalk") or {}).get("plover") or {}
    if not cross.get("event"):
        table = crosswalk_for(incident.type, incident.subtype)
        cross = dict(table.plover) if table and table.plover else {"event": "COERCE", "mode": None}
    return cross["event"], cross.get("mode")


def plover_record(session, incident, *, include_restricted: bool = False) -> dict:
    from .. import __version__
    from ..store.repo import apply_edits, incident_reports
    merged = apply_edits(incident.merged or {}, incident.edits)
    event, mode = plover_codes(incident, merged)
    reports = incident_reports(session, incident.id, include_restricted=include_restricted)
    triggers, sentences, urls, outlets = [], [], [], []
    for r in reports:
        a = r.article
        spans = [e for e in (r.machine.get("evidence") or []) if e.get("field") == "type"]
        if spans and a.text:
            span = spans[0]
            triggers.append(a.text[span["start"]:span["end"]])
            sentences.append(_sentence(a.text, span["start"], span["end"]))
        if a.url:
            urls.append(a.url)
        if a.source:
            outlets.append(a.source)
    facts = legal_facts(merged)
    context = [c for c in (MODALITY_CONTEXT.get(facts["modality"]), SCOPE_CONTEXT.get(facts["scope"])) if c]
    size = merged.get("size") or {}
    cite = {"url": urls[0] if urls else None, "publication": "; ".join(dict.fromkeys(outlets)) or None,
            "language": "en", "codebook": "plover-base-0.7b1"}
    record = {
        "id": f"protestwatch-{incident.id}", "date": _full_date(incident.date_start),
        "enddate": _full_date(incident.date_end), "date_precision": incident.date_precision,
        "source": _actors(merged, SOURCE_ROLES), "recipient": _actors(merged, RECIPIENT_ROLES),
        "event": [event], "mode": [mode] if mode else [], "context": context,
        "event_loc": _event_loc(merged.get("place") or {}),
        "event_text": list(dict.fromkeys(triggers)), "text": sentences[0] if sentences else None,
        "cite_info": {k: v for k, v in cite.items() if v},
        "coder": f"protestwatch {__version__}", "coded_date": date.today().isoformat(),
        "comment": f"{(incident.subtype or incident.type).replace('_', ' ')}; {incident.n_reports} report(s); "
                   f"review {incident.review_state}",
        **facts, "size": size.get("low"), "size_high": size.get("high"),
        "claims": list(merged.get("claims") or []), "review_state": incident.review_state,
        "n_reports": incident.n_reports, "urls": urls,
    }
    keep = {"id", "event", "source", "mode", "context", "charges"}  # the required ones and lists read as "none"
    return {k: v for k, v in record.items() if k in keep or v not in (None, [], {})}


def write_plover_json(session, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    return write_incident_array(session, out, plover_record, opening="[", closing="\n]\n",
                                include_restricted=include_restricted, filters=filters)


def write_plover_jsonl(session, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    from ..store.repo import iter_incidents
    n = 0
    for incident in iter_incidents(session, incident_filters(filters, include_restricted)):
        out.write(json.dumps(plover_record(session, incident, include_restricted=include_restricted),
                             ensure_ascii=False) + "\n")
        n += 1
    return n
