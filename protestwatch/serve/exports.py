"""Public exports for the API through the store's writers (protestwatch.export).

Restricted and rejected records never reach an export from the web app, whoever asks.
"""
from __future__ import annotations

import io

from sqlalchemy.orm import Session

from . import queries
from .schemas import EventFilters


def export(db: Session, fmt: str, filters: EventFilters) -> str:
    """Return the incidents matching `filters` in `fmt` (acled-csv, plover-json, geojson, jsonl)."""
    from ..export import write_export
    out = io.StringIO()
    write_export(db, fmt, out, include_restricted=False,
                 filters=queries.store_filter(filters, see_restricted=False, limit=None))
    return out.getvalue()
