"""The database: its address, an engine with the settings the app needs, and the migrations.

One engine per process (``make_engine``); the schema is created and kept current by the
Alembic migrations in ``migrations/`` (``upgrade``). ``DATABASE_URL`` picks the database
(PostgreSQL when hosted); without it a SQLite file under ``var/`` is used.
"""

from __future__ import annotations

import functools
import os
import weakref
from pathlib import Path
from typing import Any, Callable, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import create_engine

from ..errors import StorageError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "var" / "carbon-checkup.db"


def database_url() -> str:
    """``DATABASE_URL`` from the environment, else a SQLite file under ``var/`` (git-ignored)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default ``database_url()``); SQLite gets WAL and foreign keys on."""
    url = url or database_url()
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite:///") and url != "sqlite://":
        path = url.removeprefix("sqlite:///").removeprefix("file:").partition("?")[0]  # also sqlite:///file:…?mode=ro
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (below), not sqlite3
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # writers take the write lock at once (no upgrade deadlock between two of them); a reader's
        # transaction (reading(engine)) is DEFERRED: in WAL mode it blocks no writer, and no writer blocks it
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(_READS_ONLY) else "BEGIN IMMEDIATE")

    return engine


_READS_ONLY = "carbon_checkup_reads_only"


def reading(engine: Engine) -> Engine:
    """The same engine (same pool) for transactions that only read.

    On SQLite every other transaction begins IMMEDIATE, taking the write lock; one begun through
    this engine takes none, so a long read (a backup, a dashboard) never makes a save wait.
    Elsewhere it is the engine itself.
    """
    if engine.dialect.name != "sqlite":
        return engine
    reader = _readers.get(engine)
    if reader is None:  # made once per engine: execution_options() builds a new engine object each call
        reader = _readers[engine] = engine.execution_options(**{_READS_ONLY: True})
    return reader


_readers: "weakref.WeakKeyDictionary[Engine, Engine]" = weakref.WeakKeyDictionary()


def alembic_config(engine: Engine | None = None) -> Any:
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


# --------------------------------------------------------------------------- when the database fails

F = TypeVar("F", bound=Callable[..., Any])

# what the database said → our code (errors.toml): SQLite's texts, PostgreSQL's SQLSTATE classes
_FULL = ("database or disk is full", "no space left", "disk full", "could not extend file")
_READONLY = ("readonly database", "read-only", "read only")
_SQLSTATE = {"53": "storage_full", "25006": "storage_read_only", "08": "storage_unavailable", "57P": "storage_unavailable"}


def storage_problem(exc: BaseException) -> StorageError:
    """A database failure as a ``StorageError``: full, read-only, unreachable, or failed otherwise."""
    orig = getattr(exc, "orig", exc)
    state = str(getattr(orig, "sqlstate", "") or getattr(orig, "pgcode", "") or "")
    text = str(orig).lower()
    for prefix, code in sorted(_SQLSTATE.items(), key=lambda kv: -len(kv[0])):
        if state.startswith(prefix):
            return StorageError(code)
    if any(s in text for s in _FULL):
        return StorageError("storage_full")
    if any(s in text for s in _READONLY):
        return StorageError("storage_read_only")
    if isinstance(exc, OperationalError) or getattr(exc, "connection_invalidated", False):
        return StorageError("storage_unavailable")  # unable to open the file, no such table, connection refused
    return StorageError("storage_failed")


def database_errors(fn: F) -> F:
    """Let ``fn``'s database failures out as ``StorageError`` (translated for the user), never raw."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DBAPIError as exc:
            raise storage_problem(exc) from exc

    return wrapper  # type: ignore[return-value]


_BUSY_MS = 30_000  # a save waits this long for another writer (make_engine)
_MIGRATION_WAIT_MS = 600_000  # a starting server waits this long for the others' migrations (SQLite)


def _sqlite_busy_timeout(conn: Any, ms: int) -> None:
    """Set the connection's busy timeout on the driver's connection itself (no transaction begun for it)."""
    conn.connection.dbapi_connection.execute(f"PRAGMA busy_timeout={int(ms)}")


# PostgreSQL: one advisory lock per schema, held while migrating, so servers starting together take turns
_MIGRATION_LOCK = "SELECT pg_advisory_lock(hashtext('carbon-checkup migrations ' || current_schema()))"
_MIGRATION_UNLOCK = "SELECT pg_advisory_unlock(hashtext('carbon-checkup migrations ' || current_schema()))"


@database_errors
def upgrade(engine: Engine) -> None:
    """Apply the Alembic migrations up to head (creates the schema on a new database).

    Many app servers may start at once on one database. On PostgreSQL each takes a session-level
    advisory lock (per schema) around the migrations: the first migrates, the others wait, then find
    the schema at head and do nothing. On SQLite the migration's ``BEGIN IMMEDIATE`` already lets only
    one writer in, and the version is read inside that transaction.
    """
    from alembic import command

    cfg = alembic_config(engine)
    with engine.connect() as conn:
        locked = engine.dialect.name == "postgresql"
        if locked:
            conn.exec_driver_sql(_MIGRATION_LOCK)
            conn.commit()
        else:  # SQLite: servers starting together queue for the write lock; give the queue time to drain
            _sqlite_busy_timeout(conn, _MIGRATION_WAIT_MS)
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        finally:
            if locked:
                conn.rollback()  # whatever a failed migration left open, so that the unlock runs
                conn.exec_driver_sql(_MIGRATION_UNLOCK)
                conn.commit()
            else:
                conn.rollback()
                _sqlite_busy_timeout(conn, _BUSY_MS)
