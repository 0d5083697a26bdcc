"""Saved checkups: firms and their checkups of several years, reachable only by a resume code.

Plain Python (SQLModel on SQLAlchemy 2), no streamlit. The engine and the migrations are
in ``core.storage.db``, the tables in ``core.storage.tables``.

Saving the first checkup of a firm creates the firm and hands back a new
*resume code*. The code is the only key to the firm: only its SHA-256 hash is
stored, so a copy of the database does not reveal any code. Saving again with
the same code adds or replaces that firm's checkup of the given year, so a
firm's years stay together and the next year can be compared with the last.

    >>> engine = make_engine("sqlite://")                # doctest: +SKIP
    >>> upgrade(engine)                                  # doctest: +SKIP
    >>> receipt = save_checkup(engine, data, result)     # doctest: +SKIP
    >>> load_checkup(engine, receipt.code).data == data  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..errors import StorageError
from .db import database_errors, reading
from .tables import Firm, SavedCheckup, _now

# Crockford's base32: no I, L, O, U, so a code read out over the phone is not misheard.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_CHARS = 20  # 20 × 5 bits = 100 bits of randomness
_CODE_GROUP = 5


# --------------------------------------------------------------------------- codes


def new_code() -> str:
    """A fresh resume code, e.g. ``7K2QF-9XD4M-TR8WB-3HNPA`` (100 random bits)."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_CHARS))
    return "-".join(raw[i : i + _CODE_GROUP] for i in range(0, _CODE_CHARS, _CODE_GROUP))


def normalise_code(code: str) -> str:
    """What a person typed → the canonical code: case, spaces and dashes do not matter; O→0, I/L→1."""
    raw = re.sub(r"[\s\-_]", "", str(code or "")).upper().translate(str.maketrans("OIL", "011"))
    if len(raw) != _CODE_CHARS or any(ch not in _ALPHABET for ch in raw):
        raise StorageError("not_found")
    return "-".join(raw[i : i + _CODE_GROUP] for i in range(0, _CODE_CHARS, _CODE_GROUP))


def hash_code(code: str) -> str:
    """SHA-256 of the canonical code. The code carries 100 random bits, so no salt or slow hash is needed."""
    return hashlib.sha256(normalise_code(code).encode("ascii")).hexdigest()


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Receipt:
    """What saving gives back: the resume code (shown once to the user) and where it was kept."""

    code: str
    firm_id: int
    checkup_id: int
    year: int
    new_firm: bool


@dataclass
class Saved:
    """A saved checkup as plain data (no live ORM object)."""

    id: int
    year: int
    data: dict[str, Any]
    result: dict[str, Any] | None
    total_tco2e: float | None
    scope1_tco2e: float | None
    scope2_tco2e: float | None
    saved_at: dt.datetime
    factors: dict[str, Any] | None = field(default=None)


def _saved(row: SavedCheckup) -> Saved:
    result = json.loads(row.result_json) if row.result_json else None
    return Saved(
        id=row.id,  # type: ignore[arg-type]
        year=row.year,
        data=json.loads(row.data_json),
        result=result,
        total_tco2e=row.total_tco2e,
        scope1_tco2e=row.scope1_tco2e,
        scope2_tco2e=row.scope2_tco2e,
        saved_at=row.updated_at,
        factors=(result or {}).get("factors") or None,
    )


def _result_dict(result: Any) -> dict[str, Any] | None:
    if result is None:
        return None
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    return dict(result)


def _firm(session: Session, code: str) -> Firm:
    try:
        digest = hash_code(code)
    except StorageError:
        raise StorageError("not_found") from None
    firm = session.exec(select(Firm).where(Firm.code_hash == digest)).first()
    if firm is None:
        raise StorageError("not_found")
    return firm


def _upsert(s: Session, firm_id: int, year: int, values: dict[str, Any]) -> int:
    """Insert the firm's checkup of ``year`` or replace it, in one statement (``ON CONFLICT … DO UPDATE``).

    Two sessions saving the same firm and year at once (two browsers, two app servers) both succeed:
    the last one wins, and neither meets the unique constraint as an error.
    """
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # SQLite, the only other database the product supports
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(SavedCheckup).values(firm_id=firm_id, year=year, created_at=values["updated_at"], **values)
    stmt = stmt.on_conflict_do_update(index_elements=["firm_id", "year"], set_=values).returning(SavedCheckup.id)
    return int(s.execute(stmt).scalar_one())


# --------------------------------------------------------------------------- API


@database_errors
def save_checkup(engine: Engine, data: dict[str, Any], result: Any = None, code: str | None = None) -> Receipt:
    """Keep ``data`` (a checkup in file form) and its ``Result``; return the resume code.

    With ``code`` of an existing firm the checkup joins that firm, replacing its
    checkup of the same year; without one a new firm and a new code are made.
    A database that fails (full, read-only, gone) raises ``StorageError`` and nothing is saved.
    """
    year = int(data["year"])
    res = _result_dict(result)
    data_json = json.dumps(data, ensure_ascii=False, sort_keys=True)
    result_json = json.dumps(res, ensure_ascii=False) if res is not None else None
    with Session(engine, expire_on_commit=False) as s:
        if code:
            firm = _firm(s, code)
            code = normalise_code(code)
            new_firm = False
        else:
            code = new_code()
            firm = Firm(code_hash=hash_code(code))
            s.add(firm)
            s.flush()
            new_firm = True
        values = {
            "data_json": data_json,
            "result_json": result_json,
            "total_tco2e": res["total_tco2e"] if res else None,
            "scope1_tco2e": res["scope1_tco2e"] if res else None,
            "scope2_tco2e": res["scope2_tco2e"] if res else None,
            "updated_at": _now(),
        }
        checkup_id = _upsert(s, firm.id, year, values)  # type: ignore[arg-type]
        s.commit()
        return Receipt(code=code, firm_id=firm.id, checkup_id=checkup_id, year=year, new_firm=new_firm)  # type: ignore[arg-type]


@database_errors
def list_checkups(engine: Engine, code: str) -> list[Saved]:
    """Every checkup of the firm holding ``code``, newest year first; ``StorageError`` if none."""
    with Session(reading(engine)) as s:
        firm = _firm(s, code)
        rows = s.exec(select(SavedCheckup).where(SavedCheckup.firm_id == firm.id).order_by(SavedCheckup.year.desc())).all()  # type: ignore[attr-defined]
        return [_saved(r) for r in rows]


def load_checkup(engine: Engine, code: str, year: int | None = None) -> Saved:
    """The firm's checkup of ``year`` (default: the latest year saved)."""
    items = list_checkups(engine, code)
    for item in items:
        if year is None or item.year == year:
            return item
    raise StorageError("not_found")


def earlier_checkup(engine: Engine, code: str, year: int) -> Saved | None:
    """The same firm's latest saved checkup of a year before ``year``, to compare with."""
    for item in list_checkups(engine, code):
        if item.year < year and item.total_tco2e is not None:
            return item
    return None
