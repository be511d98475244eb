"""Crosswalk from contract types to PLOVER event/mode, ACLED event_type/sub_event_type and CAMEO
(table: lexicons/crosswalk.tsv; first row matching type and subtype wins, "*" matches any)."""
from __future__ import annotations

from ..data import load_table
from ..records import Crosswalk


def crosswalk_for(etype: str, subtype: str | None) -> Crosswalk | None:
    for row in load_table("crosswalk"):
        row = tuple(row) + ("",) * (7 - len(row))
        t, st, plover, mode, acled_type, acled_sub, cameo = row[:7]
        if t == etype and (st == "*" or st == subtype):
            return Crosswalk(plover={"event": plover, "mode": mode or None},
                             acled={"event_type": acled_type, "sub_event_type": acled_sub}, cameo=cameo or None)
    return None
