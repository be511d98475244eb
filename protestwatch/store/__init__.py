"""The event store: articles, reports, incidents, entities, cases, users, review and audit.

`open_db(url_or_path)` returns an Engine at the latest schema; `session_scope(engine)` owns the
transaction; `protestwatch.store.repo` holds the functions that read and write (they never commit).
"""
from .db import StoreError, open_db, resolve_url, session_scope

__all__ = ["StoreError", "open_db", "resolve_url", "session_scope"]
