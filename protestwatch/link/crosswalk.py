"""Crosswalk from contract types to PLOVER event/mode, ACLED event_type/sub_event_type and CAMEO
(the `crosswalk` rows of data/event_types.json; first row matching the subtype wins, "*" matches any)."""
from __future__ import annotations

from ..records import Crosswalk
from ..vocab import crosswalk_row

ACLED_FIELDS = ("event_type", "sub_event_type")  # the contract's acled keys (disorder_type is export's)


def crosswalk_for(etype: str, subtype: str | None) -> Crosswalk | None:
    row = crosswalk_row(etype, subtype)
    if row is None:
        return None
    return Crosswalk(plover=dict(row["plover"]), acled={k: row["acled"][k] for k in ACLED_FIELDS}, cameo=row["cameo"])
