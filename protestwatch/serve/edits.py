"""Reviewers' edits of an incident: which contract fields they may change, how a submitted value is
checked and typed, and what follows from it (a new place name re-geocodes the place).

A submitted empty value is a correction ("the machine's value is wrong, there is none"), stored as
an explicit null edit; a field not submitted is left alone; `revert` drops an edit and restores
the machine's value. Values are checked against the contract's enums, ISO 3166-1 (countries) and
ISO 4217 (currencies) through pycountry, ISO 8601 dates and durations; a bad value raises
EditError naming the field, which the routes answer with 422.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..gazetteer import fold, load_gazetteer
from ..records import Place
from ..store import repo
from ..store.tables import ArticleRow, IncidentRow, ReportRow
from ..vocab import (ROLES, SUBTYPES, EventType, Kind, Modality, PlacePrecision, Precision, Scope,
                     SentenceKind)

PLEAS = ("guilty", "not_guilty")
OUTCOMES = ("guilty", "acquitted", "dismissed")
# place.name brings these along (re-geocoded); place.geonames_id picks one of the candidates.
GEO_PATHS = ("place.name", "place.admin1", "place.country", "place.lat", "place.lon", "place.geonames_id",
             "place.precision", "place.alternatives")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DURATION = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 5000
_TRUE, _FALSE = {"yes", "true", "1", "y"}, {"no", "false", "0", "n"}
_PARTICIPANT = re.compile(r"^\s*(?P<role>[a-z_]+)\s*:\s*(?P<name>.+?)\s*(?:\((?P<kind>[a-z]+)\))?\s*$")


class EditError(ValueError):
    """A submitted value that cannot be stored; the message names the field and says why."""


# ---- checks: each takes the submitted value (form text or JSON) and the effective event -----------

def _text(path: str, raw: Any, event: dict) -> str:
    if not isinstance(raw, str):
        raise EditError(f"{path} must be text")
    if len(raw) > MAX_TEXT:
        raise EditError(f"{path} is longer than {MAX_TEXT} characters")
    if _CONTROL.search(raw):  # PostgreSQL refuses a NUL in JSON text
        raise EditError(f"{path}: control characters (such as NUL) are not allowed")
    return " ".join(raw.split())


def _enum(values) -> Callable:
    allowed = tuple(str(v) for v in values)

    def check(path: str, raw: Any, event: dict) -> str:
        value = _text(path, raw, event)
        if value not in allowed:
            raise EditError(f"{path} must be one of {', '.join(allowed)}, not {value!r}")
        return value
    return check


def _subtype(path: str, raw: Any, event: dict) -> str:
    etype = event.get("type")
    if not SUBTYPES.get(etype):
        raise EditError(f"a {etype} event has no subtype")
    return _enum(SUBTYPES[etype])(path, raw, event)


def _iso_date(path: str, raw: Any, event: dict) -> str:
    value = _text(path, raw, event)
    if not _DATE.match(value):
        raise EditError(f"{path} must be an ISO 8601 date (2020-08-03, 2020-08 or 2020), not {value!r}")
    try:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        dt.date(*parts[:3])
    except ValueError:
        raise EditError(f"{path}: {value!r} is no calendar date") from None
    return value


def _country(path: str, raw: Any, event: dict) -> str:
    value = _text(path, raw, event).upper()
    if len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        raise EditError(f"{path} must be an ISO 3166-1 alpha-2 country code (e.g. BY, CU), not {raw!r}")
    return value


def _currency(path: str, raw: Any, event: dict) -> str:
    value = _text(path, raw, event).upper()
    if len(value) != 3 or pycountry.currencies.get(alpha_3=value) is None:
        raise EditError(f"{path} must be an ISO 4217 currency code (e.g. BYN, USD, EUR), not {raw!r}")
    return value


def _duration(path: str, raw: Any, event: dict) -> str:
    value = _text(path, raw, event).upper()
    if not _DURATION.match(value):
        raise EditError(f"{path} must be an ISO 8601 duration such as P15D, P14M or P2Y6M, not {raw!r}")
    return value


def duration_days(term: str) -> int:
    """The contract's `days` of a term: years x 365 + months x 30 + weeks x 7 + days."""
    y, m, w, d = (int(g or 0) for g in _DURATION.match(term).groups())
    return y * 365 + m * 30 + w * 7 + d


def _number(kind: type, low: float | None = None, high: float | None = None) -> Callable:
    def check(path: str, raw: Any, event: dict):
        if isinstance(raw, bool):
            raise EditError(f"{path} must be a number")
        what = "a whole number" if kind is int else "a number"
        if kind is int and isinstance(raw, float) and not raw.is_integer():
            raise EditError(f"{path} must be {what}, not {raw!r}")
        try:
            value = kind(raw.strip().replace(",", "") if isinstance(raw, str) else raw)
        except (TypeError, ValueError, OverflowError):
            raise EditError(f"{path} must be {what}, not {raw!r}") from None
        if not math.isfinite(value):
            raise EditError(f"{path} must be a finite number, not {raw!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise EditError(f"{path} must lie between {low} and {high}" if high is not None
                            else f"{path} must be at least {low}")
        if kind is float and value.is_integer() and path == "legal.sentence.amount":
            return int(value)  # 500, as the extractor writes a whole amount
        return value
    return check


def _bool(path: str, raw: Any, event: dict) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _text(path, raw, event).lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise EditError(f"{path} must be yes or no, not {raw!r}")


def _text_list(path: str, raw: Any, event: dict) -> list[str]:
    items = raw.split(";") if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise EditError(f"{path} is a list of texts (in a form: separated by ';')")
    return [_text(path, i, event) for i in items if i.strip()]


def _participants(path: str, raw: Any, event: dict) -> list[dict]:
    """Form text "detainee: Anna Karpovich (person); authority: police (authority)" or a JSON list."""
    if isinstance(raw, str):
        items = []
        for part in (p for p in raw.split(";") if p.strip()):
            m = _PARTICIPANT.match(part)
            if not m:
                raise EditError(f"participants: write 'role: name (kind)', separated by ';' (not {part.strip()!r})")
            items.append({"role": m["role"], "name": _text(path, m["name"], event), "kind": m["kind"] or "person"})
    elif isinstance(raw, list):
        items = raw
    else:
        raise EditError("participants is a list of {role, name, kind}")
    roles = ROLES.get(event.get("type"), ())
    kinds = tuple(k.value for k in Kind)
    out = []
    for p in items:
        if not isinstance(p, dict) or not isinstance(p.get("name"), str) or not p["name"].strip():
            raise EditError("each participant needs a name")
        if p.get("role") not in roles:
            raise EditError(f"participants: a {event.get('type')} event's roles are {', '.join(roles)}, "
                            f"not {p.get('role')!r}")
        kind = p.get("kind") or "person"
        if kind not in kinds:
            raise EditError(f"participants: kind must be one of {', '.join(kinds)}, not {kind!r}")
        entity = p.get("entity")
        out.append({"role": p["role"], "name": _text(path, p["name"], event), "kind": kind,
                    "entity": entity if isinstance(entity, str) else None})
    return out


# Every contract field a reviewer may set (id, evidence and crosswalk follow from the others).
FIELDS: dict[str, Callable] = {
    "type": _enum(EventType), "subtype": _subtype, "modality": _enum(Modality), "scope": _enum(Scope),
    "date.start": _iso_date, "date.end": _iso_date, "date.precision": _enum(Precision), "date.text": _text,
    "place.name": _text, "place.venue": _text, "place.admin1": _text, "place.country": _country,
    "place.lat": _number(float, -90, 90), "place.lon": _number(float, -180, 180),
    "place.geonames_id": _number(int, 1), "place.precision": _enum(PlacePrecision),
    "participants": _participants,
    "size.low": _number(int, 0), "size.high": _number(int, 0), "size.text": _text,
    "claims": _text_list, "sign_text": _text_list,
    "legal.charges": _text_list, "legal.plea": _enum(PLEAS), "legal.outcome": _enum(OUTCOMES),
    "legal.sentence.kind": _enum(SentenceKind), "legal.sentence.term": _duration,
    "legal.sentence.days": _number(int, 0), "legal.sentence.amount": _number(float, 0),
    "legal.sentence.currency": _currency, "legal.sentence.suspended": _bool,
    "confidence": _number(float, 0, 1),
}
EDITABLE = tuple(FIELDS)
NOT_CLEARABLE = {"type"}  # every event has one


def check_value(path: str, raw: Any, event: dict) -> Any:
    """The typed value of one submitted field; None (a clear) for empty text, an empty list or null."""
    if path not in FIELDS:
        raise EditError(f"{path!r} cannot be edited; editable: {', '.join(EDITABLE)}")
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        if path in NOT_CLEARABLE:
            raise EditError(f"{path} cannot be cleared; choose another value")
        return None
    value = FIELDS[path](path, raw, event)
    return None if value in ("", []) else value


def form_text(path: str, value: Any) -> str:
    """A field's value written the way the edit form reads it back (lists with ';', participants
    "role: name (kind)", booleans yes/no); "" when empty."""
    if value is None or value == []:
        return ""
    if path == "participants" and isinstance(value, list):
        return "; ".join(f"{p.get('role')}: {p.get('name')} ({p.get('kind') or 'person'})" for p in value if isinstance(p, dict))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 145, not 145.0
    return str(value)


def current_texts(merged: dict, edits: dict) -> dict[str, str]:
    """Each editable field's effective value as form text (the form starts from it)."""
    effective = repo.apply_edits({k: v for k, v in (merged or {}).items() if k != "sources"}, edits)
    return {path: form_text(path, repo._get(effective, path)) for path in EDITABLE}


# ---- re-geocoding ----------------------------------------------------------------------------

def article_context(db: Session, incident_id: int) -> dict[str, float]:
    """The country context the extractor resolved this incident's place names in (as normalize
    does): the place and state names of its articles' events and entities, their nationality words."""
    gaz = load_gazetteer()
    article_ids = set(db.scalars(select(ReportRow.article_id).where(ReportRow.incident_id == incident_id)))
    names: list[str] = []
    texts: list[str] = []
    for article in db.scalars(select(ArticleRow).where(ArticleRow.id.in_(article_ids))):
        texts.append(article.text or "")
        names += [e.get("name") for e in article.entities or [] if isinstance(e, dict) and e.get("kind") == "state"
                  and e.get("name")]
    names += [n for n in db.scalars(select(ReportRow.place_name).where(ReportRow.article_id.in_(article_ids))) if n]
    return gaz.article_context(names, "\n".join(texts))


def _place_changes(place: Place | None, typed: str, event: dict) -> dict:
    """The place.* edits a chosen gazetteer record (or none) brings along."""
    venue = (event.get("place") or {}).get("venue")
    if place is None:  # unknown to the gazetteer: the old coordinates belong to another place
        return {"place.name": typed, "place.admin1": None, "place.country": None, "place.lat": None,
                "place.lon": None, "place.geonames_id": None, "place.alternatives": None,
                "place.precision": "venue" if venue else "unknown"}
    return {"place.name": place.name, "place.admin1": place.admin1, "place.country": place.country,
            "place.lat": place.lat, "place.lon": place.lon, "place.geonames_id": place.geonames_id,
            "place.precision": "venue" if venue else str(place.precision),
            "place.alternatives": [a.model_dump(mode="json", exclude_none=True, exclude={"alternatives", "venue"})
                                   for a in place.alternatives or ()] or None}


def geocode(db: Session, incident_id: int, name: str, *, country: str | None = None) -> list[Place]:
    """Candidates for a place name in the incident's article context, best first; "Court X, Minsk"
    (a name the gazetteer lacks, then a place it knows) is looked up by its last part."""
    gaz = load_gazetteer()
    context = article_context(db, incident_id)
    found = gaz.candidates(name, country=country, context=context)
    if not found and "," in name:
        found = gaz.candidates(name.rpartition(",")[2], country=country, context=context)
    return found


def expand(db: Session, inc: IncidentRow, changes: dict) -> tuple[dict, str | None]:
    """Checked changes plus what follows from them; returns (changes, a note for the audit log).

    place.name: re-geocoded (admin1, country, coordinates, geonames id, precision, the other
    candidates) unless those are submitted too; place.geonames_id: the candidate of the current
    name with that id; legal.sentence.term: its days; type or subtype: the crosswalk."""
    from ..link.crosswalk import crosswalk_for
    event = repo.apply_edits(inc.merged or {}, inc.edits)
    if "type" in changes:
        event["type"] = check_value("type", changes["type"], event)
    out = {path: check_value(path, raw, event) for path, raw in changes.items()}
    notes = []
    if "place.name" in out:
        typed = out["place.name"]
        if typed is None:
            derived = {p: None for p in ("place.admin1", "place.lat", "place.lon", "place.geonames_id",
                                         "place.alternatives")}
            venue = (event.get("place") or {}).get("venue")
            derived["place.precision"] = "venue" if venue else ("country" if out.get("place.country", (event.get(
                "place") or {}).get("country")) else "unknown")
            notes.append("place name cleared: its coordinates and region with it")
        else:
            found = geocode(db, inc.id, typed, country=out.get("place.country"))
            best = found[0].model_copy(update={"alternatives": tuple(found[1:]) or None}) if found else None
            derived = _place_changes(best, typed, event)
            if best is not None and "," in typed and best.name and fold_eq(best.name, typed.rpartition(",")[2]):
                derived["place.name"] = typed  # "Court X, Minsk": the name as written, Minsk's point
            notes.append(f"re-geocoded {typed!r}: " + (
                f"{best.name}, {best.admin1 or '-'}, {best.country} (geonames {best.geonames_id}); "
                f"{len(found) - 1} other candidate(s)" if best else "not in the gazetteer, coordinates cleared"))
        out = {"place.name": derived.pop("place.name"), **derived, **{k: v for k, v in out.items() if k != "place.name"}}
    elif out.get("place.geonames_id") is not None:
        gid = out["place.geonames_id"]
        place = event.get("place") or {}
        pool = geocode(db, inc.id, place.get("name") or "") if place.get("name") else []
        alts = [Place(**{k: a.get(k) for k in Place.model_fields if k in a})
                for a in place.get("alternatives") or [] if isinstance(a, dict)]
        current = Place(**{k: place.get(k) for k in Place.model_fields if k in place and k != "alternatives"})
        pool = [*pool, *alts, current]
        chosen = next((p for p in pool if p.geonames_id == gid), None)
        if chosen is None:
            raise EditError(f"place.geonames_id {gid} is not a candidate of {place.get('name')!r}")
        others = [p for p in dict((p.geonames_id, p) for p in pool if p.geonames_id not in (None, gid)).values()]
        derived = _place_changes(chosen.model_copy(update={"alternatives": tuple(
            p.model_copy(update={"alternatives": None, "venue": None}) for p in others) or None}),
            chosen.name or "", event)
        out = {**derived, **{k: v for k, v in out.items() if k != "place.geonames_id"}}
        notes.append(f"picked candidate {chosen.name}, {chosen.admin1 or '-'}, {chosen.country} (geonames {gid})")
    if out.get("legal.sentence.term") and "legal.sentence.days" not in out:
        out["legal.sentence.days"] = duration_days(out["legal.sentence.term"])
    if "type" in out or "subtype" in out:
        etype = out.get("type", event.get("type"))
        subtype = out.get("subtype", event.get("subtype"))
        if "type" in out and "subtype" not in out and subtype not in SUBTYPES.get(etype, ()):
            out["subtype"] = subtype = None  # a detention's "arrest" is no protest's subtype
        cross = crosswalk_for(etype, subtype)
        out["crosswalk"] = cross.model_dump(mode="json") if cross else None
    _check_together(repo.apply_edits(event, out), {*out, *(inc.edits or {})})
    return out, "; ".join(notes) or None


def _check_together(effective: dict, human: set[str]) -> None:
    """Fields that bound each other (a crowd's low and high, a date's start and end) when both are a
    reviewer's: a machine value beside a new edit may be the stale one, and the form edits one at a time."""
    size = effective.get("size") or {}
    low, high = size.get("low"), size.get("high")
    if {"size.low", "size.high"} <= human and low is not None and high is not None and high < low:
        raise EditError(f"size.high ({high}) is below size.low ({low})")
    date = effective.get("date") or {}
    start, end = date.get("start"), date.get("end")
    if {"date.start", "date.end"} <= human and start and end and str(end) < str(start)[:len(str(end))]:
        raise EditError(f"date.end ({end}) is before date.start ({start})")


def fold_eq(a: str, b: str) -> bool:
    return fold(a) == fold(b)
