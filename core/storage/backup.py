"""Backup and restore of the whole database, portable between SQLite and PostgreSQL.

A backup is a gzip'd JSON Lines file: a header line (format, schema revision,
time, row counts), then one line per row (``{"t": table, "r": {column: value}}``),
tables in foreign-key order. It is read in one consistent transaction, so the app
may keep running while it is taken. Restoring brings the target database to the
same schema revision, refuses a database that already holds data unless told to
replace it, inserts the rows in foreign-key order and, on PostgreSQL, moves the id
sequences past the restored ids.

Resume codes and passwords are in it only as hashes, as in the database; the
file still holds every firm's data: keep it as safe as the database itself.

Plain Python (SQLAlchemy core), no streamlit.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Date, DateTime, LargeBinary, Table, inspect, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StaffProblem
from .tables import SQLModel  # from tables, so that every table is on its metadata
from .db import alembic_config, reading, upgrade

FORMAT = "carbon-checkup-backup/1"
BATCH = 500


def _tables(engine: Engine) -> list[Table]:
    """Every table of the models that the database has, parents before children."""
    present = set(inspect(engine).get_table_names())
    return [t for t in SQLModel.metadata.sorted_tables if t.name in present]


def _head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _revision(conn: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _load(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    impl = getattr(kind, "impl", kind)
    if isinstance(impl, DateTime) or isinstance(kind, DateTime):
        out = dt.datetime.fromisoformat(value)
        return out if out.tzinfo else out.replace(tzinfo=dt.timezone.utc)
    if isinstance(impl, Date) or isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(impl, LargeBinary):
        return base64.b64decode(value)
    return value


def backup(engine: Engine, out: str | Path) -> dict[str, int]:
    """Write every table to ``out`` (gzip'd JSON Lines); returns the row count per table."""
    out = Path(out)
    tables = _tables(engine)
    counts: dict[str, int] = {}
    tmp = out.with_name(out.name + ".part")
    # one consistent snapshot that blocks no writer: a deferred read transaction on SQLite (WAL), repeatable
    # read on PostgreSQL; saves go on while the backup is taken
    conn_opts = {} if engine.dialect.name == "sqlite" else {"isolation_level": "REPEATABLE READ"}
    with reading(engine).connect().execution_options(**conn_opts) as conn, conn.begin():
        revision = _revision(conn)
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            for table in tables:
                counts[table.name] = conn.execute(select(text("count(*)")).select_from(table)).scalar_one()
            header = {"format": FORMAT, "revision": revision, "created": dt.datetime.now(dt.timezone.utc).isoformat(),
                      "dialect": engine.dialect.name, "tables": counts}
            fh.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in tables:
                pk = list(table.primary_key.columns)
                for row in conn.execute(select(table).order_by(*pk)).mappings():
                    fh.write(json.dumps({"t": table.name, "r": {k: _dump(v) for k, v in row.items()}}, ensure_ascii=False) + "\n")
    tmp.replace(out)
    return counts


def _lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, JSON value) of each line; a damaged line or a cut-off file says where."""
    n = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield n, json.loads(line)
                    except (json.JSONDecodeError, RecursionError):
                        raise StaffProblem("backup_bad_line", line=n) from None
    except EOFError:
        raise StaffProblem("backup_cut_off") from None
    except (OSError, UnicodeDecodeError):  # not gzip, or not text inside
        if n == 0:
            raise StaffProblem("backup_bad_file") from None
        raise StaffProblem("backup_bad_line", line=n + 1) from None


def read_header(src: str | Path) -> dict[str, Any]:
    """The header of a backup file, checked: it exists, is a backup, and is of this schema revision.

    Called before anything touches the target database, so that a wrong file leaves no trace there.
    """
    src = Path(src)
    if not src.is_file():
        raise StaffProblem("backup_missing", path=str(src))
    _, header = next(_lines(src), (0, None))
    if not isinstance(header, dict) or header.get("format") != FORMAT or not isinstance(header.get("tables"), dict):
        raise StaffProblem("backup_bad_file")
    head = _head()
    if header.get("revision") != head:
        # rows of another schema do not fit this one: restore with the version that made it, then upgrade
        raise StaffProblem("backup_other_revision", revision=str(header.get("revision"))[:40], head=str(head))
    return header


def restore(engine: Engine, src: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Load a backup into ``engine``'s database (migrated to head first); returns the row count per table.

    All or nothing: one transaction, rolled back on any problem, which is named by its line in the file.
    """
    src = Path(src)
    header = read_header(src)
    upgrade(engine)
    tables = {t.name: t for t in _tables(engine)}
    counts = {name: 0 for name in header["tables"]}
    with engine.begin() as conn:
        held = {name: conn.execute(select(text("count(*)")).select_from(t)).scalar_one() for name, t in tables.items()}
        if any(held.values()):
            if not replace:
                raise StaffProblem("backup_not_empty")
            for t in reversed(list(tables.values())):
                conn.execute(t.delete())
        batch: list[dict[str, Any]] = []
        first_line = 0
        current: Table | None = None

        def flush(last_line: int) -> None:
            if current is not None and batch:
                try:
                    conn.execute(insert(current), batch)
                except SQLAlchemyError:  # a missing value, a link to no row, a value of the wrong kind
                    if first_line == last_line:
                        raise StaffProblem("backup_bad_row", table=current.name, line=first_line) from None
                    raise StaffProblem("backup_bad_rows", table=current.name, first=first_line, last=last_line) from None
                batch.clear()

        lines = _lines(src)
        next(lines)  # the header, read above
        n = 1
        for n, item in lines:
            name = item.get("t") if isinstance(item, dict) else None
            table = tables.get(name) if isinstance(name, str) else None
            if table is None or not isinstance(item.get("r"), dict):
                raise StaffProblem("backup_bad_line", line=n)
            if table is not current or len(batch) >= BATCH:
                flush(n - 1)
                current, first_line = table, n
            try:
                batch.append({k: _load(table.c[k], v) for k, v in item["r"].items() if k in table.c})
            except (ValueError, TypeError, binascii.Error, OverflowError):  # 2024-02-30, a number for a date…
                raise StaffProblem("backup_bad_line", line=n) from None
            counts[table.name] = counts.get(table.name, 0) + 1
        flush(n)
        if counts != header["tables"]:
            raise StaffProblem("backup_cut_off")  # rows missing (or added): roll everything back
        if engine.dialect.name == "postgresql":
            for t in tables.values():
                pk = list(t.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and isinstance(pk[0].type.python_type, type) and pk[0].type.python_type is int:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{t.name}', '{pk[0].name}'), "
                        f"COALESCE((SELECT MAX({pk[0].name}) FROM {t.name}), 1), "
                        f"(SELECT MAX({pk[0].name}) FROM {t.name}) IS NOT NULL)"
                    ))
    return counts
