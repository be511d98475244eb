"""The store's generation: one number, moved by every commit that writes records, so that what
readers derive from the whole store (the ids the visibility rules hide, list totals) can be kept
across requests and processes until it changes.

Every Session that writes an article, report, incident, person, case or audit row (ORM flush or
UPDATE/INSERT/DELETE through `session.execute`) moves `store_state.generation` just before it
commits, in the same transaction: the change and the new number are seen together or not at all.
The bump is the last statement of the transaction, so holding that row's lock never waits on
another row (no deadlock between two PostgreSQL writers), and two writers queue on it.

A session that has written and not yet committed gets None from `current`: what it sees is not
what the committed generation stands for, so it must not share or reuse kept results.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from .tables import StoreStateRow

# Tables whose writes can change what readers derive (visibility, totals); logins, feed state and
# the alert outbox do not.
WATCHED = frozenset({"articles", "reports", "incidents", "participants", "entities", "cases", "case_steps",
                     "audit_log"})
_WROTE = "protestwatch.generation.wrote"
_TABLE = StoreStateRow.__table__
_present: weakref.WeakSet = weakref.WeakSet()  # connection pools whose schema has the table
_present_lock = threading.Lock()


def database_key(session: Session):
    """What stands for the session's database in caches: its engine's connection pool (two
    in-memory SQLite engines share a URL, not a pool; `writer(engine)` shares the pool)."""
    bind = session.get_bind()
    return bind.pool if hasattr(bind, "pool") else bind.engine.pool  # an Engine, or a Connection


def _has_table(session: Session) -> bool:
    pool = database_key(session)
    if pool in _present:
        return True
    if not inspect(session.connection()).has_table(_TABLE.name):
        return False  # an old schema opened without migrating: nothing is kept across requests
    with _present_lock:
        _present.add(pool)
    return True


def current(session: Session) -> int | None:
    """The committed generation this session reads, or None when the session has written in its
    open transaction (or the schema predates the table)."""
    if session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
        return None
    if not _has_table(session):
        return None
    return session.scalar(select(StoreStateRow.generation).where(StoreStateRow.id == 1)) or 0


def _mark(session: Session) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    if any(getattr(getattr(obj, "__table__", None), "name", None) in WATCHED
           for obj in (*session.new, *session.dirty, *session.deleted)):
        _mark(session)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None:
        text = str(getattr(state.statement, "text", "")).lstrip().upper()
        if text.startswith(("SELECT", "WITH")):
            return  # a raw read (an advisory lock, a full-text query)
        _mark(state.session)  # raw SQL that may write: count it
    elif name in WATCHED:
        _mark(state.session)


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit bumps
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit's own flush comes after this hook; do it now to see it
    if not session.info.get(_WROTE) or not _has_table(session):
        return
    conn = session.connection()
    if conn.execute(update(_TABLE).where(_TABLE.c.id == 1).values(generation=_TABLE.c.generation + 1)).rowcount == 0:
        conn.execute(_TABLE.insert().values(id=1, generation=1))


@event.listens_for(Session, "after_transaction_end")
def _after_end(session, transaction) -> None:
    if transaction.parent is None:  # the root transaction committed or rolled back
        session.info.pop(_WROTE, None)


class Kept:
    """Results derived from the whole store, kept per database and store generation: `get`
    returns the value computed for this (key, generation), computing it at most once per
    generation for every session and thread; a session that has written computes its own and
    keeps nothing. The oldest entries go beyond `max_entries` per database."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # pool -> {(key, gen): value}
        self._lock = threading.Lock()

    def get(self, session: Session, key: Hashable, compute: Callable[[], Any]) -> Any:
        # The generation is read before computing: what is found is then at least as new as the
        # generation it is kept under, never older.
        gen = current(session)
        if gen is None:
            return compute()
        pool, full = database_key(session), (key, gen)
        with self._lock:
            kept = self._kept.get(pool)
            if kept is not None and full in kept:
                kept.move_to_end(full)
                return kept[full]
        value = compute()
        with self._lock:
            kept = self._kept.setdefault(pool, OrderedDict())
            kept[full] = value
            while len(kept) > self.max_entries:
                kept.popitem(last=False)
        return value

