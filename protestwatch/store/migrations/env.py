"""Alembic environment: runs on the connection `protestwatch.store.db.upgrade` passes in."""
from __future__ import annotations

from alembic import context

from protestwatch.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the `alembic` command line: open the URL it was given
        from protestwatch.store.db import make_engine, writer
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with writer(engine).begin() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("protestwatch migrations run online only (they are applied when a database is opened)")
run_migrations_online()
