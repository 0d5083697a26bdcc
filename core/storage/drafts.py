"""Drafts: a checkup's answers kept on the server from the first answer, before anything is saved.

A draft is known only by a *draft key* (``new_draft_key``: 256 random bits, URL-safe), carried in the
page's address (``?draft=…``) so that a reload, a new tab with that address and a restarted server all
come back to the same answers. Only the SHA-256 of the key is stored, so a copy of the database opens no
draft. A draft is written only when its content changes (``content_hash``) and expires ``DRAFT_DAYS``
days after its last change (a new draft deletes the expired ones); saving with a resume code turns it into a saved checkup (the app then deletes
the draft). Plain Python, no streamlit.

    >>> key = new_draft_key()                                  # doctest: +SKIP
    >>> save_draft(engine, key, {"checkup": data}).written     # doctest: +SKIP
    True
    >>> load_draft(engine, key).data == {"checkup": data}      # doctest: +SKIP
    True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..errors import StorageError
from .db import database_errors, reading
from .tables import Draft, _now

DRAFT_DAYS = 30  # README ("Drafts") and the page say so; tests/test_drafts.py checks they agree
MAX_DRAFT_BYTES = 512 * 1024  # a full checkup is a few KB; a draft is never a place to park megabytes
_KEY_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits
_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_draft_key() -> str:
    """A fresh, unguessable draft key (URL-safe, 256 random bits)."""
    return secrets.token_urlsafe(_KEY_BYTES)


def hash_draft_key(key: str) -> str:
    """SHA-256 of the key; a key that cannot be one of ours finds nothing (``StorageError('draft_not_found')``)."""
    key = str(key or "").strip()
    if not _KEY_SHAPE.match(key):
        raise StorageError("draft_not_found", days=DRAFT_DAYS)
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(data: dict[str, Any]) -> str:
    """The hash a draft is compared by: equal answers (in any key order) give the same hash."""
    return hashlib.sha256(_json(data).encode("utf-8")).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class DraftReceipt:
    """What keeping a draft gives back: whether it was written, its content hash and when it expires."""

    written: bool
    content_hash: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class KeptDraft:
    """A draft as plain data."""

    data: dict[str, Any]
    content_hash: str
    updated_at: dt.datetime
    expires_at: dt.datetime


@database_errors
def save_draft(engine: Engine, key: str, data: dict[str, Any], *, now: dt.datetime | None = None) -> DraftReceipt:
    """Keep ``data`` under ``key`` (creating the draft), unless the draft already holds exactly this.

    An unchanged draft is not written (nor its expiry moved). A draft larger than ``MAX_DRAFT_BYTES``
    is refused (``StorageError('draft_too_large')``); a failing database raises ``StorageError``.
    """
    digest = hash_draft_key(key)
    text = _json(data)
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise StorageError("draft_too_large", kb=MAX_DRAFT_BYTES // 1024)
    chash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    now = now or _now()
    with Session(engine, expire_on_commit=False) as s:
        row = s.exec(select(Draft).where(Draft.key_hash == digest)).first()
        if row is not None and row.content_hash == chash and _aware(row.expires_at) > now:
            return DraftReceipt(False, chash, _aware(row.expires_at))
        if row is None:  # a new draft: expired ones go first, so nothing is kept longer than said
            s.exec(delete(Draft).where(Draft.expires_at <= now))  # type: ignore[call-overload]
            row = Draft(key_hash=digest, data_json=text, content_hash=chash, created_at=now, expires_at=now)
        row.data_json = text
        row.content_hash = chash
        row.updated_at = now
        row.expires_at = now + dt.timedelta(days=DRAFT_DAYS)
        s.add(row)
        s.commit()
        return DraftReceipt(True, chash, _aware(row.expires_at))


@database_errors
def load_draft(engine: Engine, key: str, *, now: dt.datetime | None = None) -> KeptDraft:
    """The draft kept under ``key``; ``StorageError('draft_not_found')`` if there is none or it has expired."""
    digest = hash_draft_key(key)
    now = now or _now()
    with Session(reading(engine)) as s:
        row = s.exec(select(Draft).where(Draft.key_hash == digest)).first()
        if row is None or _aware(row.expires_at) <= now:
            raise StorageError("draft_not_found", days=DRAFT_DAYS)
        return KeptDraft(json.loads(row.data_json), row.content_hash, _aware(row.updated_at), _aware(row.expires_at))


@database_errors
def delete_draft(engine: Engine, key: str) -> bool:
    """Delete the draft kept under ``key``, for good; whether there was one."""
    try:
        digest = hash_draft_key(key)
    except StorageError:
        return False
    with Session(engine) as s:
        gone = s.exec(delete(Draft).where(Draft.key_hash == digest)).rowcount  # type: ignore[call-overload]
        s.commit()
        return bool(gone)


@database_errors
def purge_expired_drafts(engine: Engine, *, now: dt.datetime | None = None) -> int:
    """Delete every expired draft; how many."""
    now = now or _now()
    with Session(engine) as s:
        gone = s.exec(delete(Draft).where(Draft.expires_at <= now)).rowcount  # type: ignore[call-overload]
        s.commit()
        return int(gone or 0)
