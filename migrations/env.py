"""Alembic environment: every table of the product (core/storage/tables.py), with the same engine settings as the app."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import core.storage.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from core.storage.db import database_url, make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _migrate(connection) -> None:
    # One transaction for every pending migration, SQLite too (Alembic otherwise commits after each one on
    # SQLite): a server starting while another migrates waits for all of them, never finds a half-done schema.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")  # core.storage.upgrade: the connection holding the migration lock
    if given is not None:
        _migrate(given)
        return
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as connection:
        _migrate(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
