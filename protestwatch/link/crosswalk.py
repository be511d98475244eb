"""Crosswalk from contract types to PLOVER event/mode, ACLED event_type/sub_event_type and CAMEO
(the `crosswalk` rows of data/event_types.json; first row matching the subtype wins, "*" matches any)."""
from __future__ import annotations

from ..records import Crosswalk
from ..vocab import EVENT_TYPES


def crosswalk_for(etype: str, subtype: str | None) -> Crosswalk | None:
    for row in EVENT_TYPES.get(etype, {}).get("crosswalk", ()):
        if row["subtype"] in ("*", subtype):
            return Crosswalk(plover=dict(row["plover"]), acled=dict(row["acled"]), cameo=row["cameo"])
    return None
