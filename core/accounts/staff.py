"""Staff accounts: roles, password sign-in, sessions that expire, and slowing down wrong passwords.

Owners stay anonymous (their resume code is their key). Staff sign in:

* ``association_host`` — runs workshops for an association;
* ``helpline_agent`` — takes calls and keeps cases;
* ``admin`` — manages staff accounts and reads the audit log (sees no firm's data).

Accounts are made from the command line (``python -m core staff create``).
Passwords are hashed with Argon2id (argon2-cffi); only the hash is stored.
A sign-in gives a random session token; only its SHA-256 is stored, and it
expires after :data:`SESSION_IDLE` without use or :data:`SESSION_MAX` in all.
After :data:`FREE_FAILURES` wrong passwords for one e-mail address from one
source the next try from there must wait, doubling each time up to
:data:`MAX_WAIT` and decaying with time (the same for known and unknown
addresses, so the answer does not tell which addresses exist; see
:mod:`core.accounts.throttle`). Sign-ins and wrong passwords of existing
accounts go to the audit log.

When the app is configured for OIDC (``st.login``), :func:`sign_in_oidc` maps
the verified e-mail address of the identity provider to an existing active
account; the role always comes from this database, never from the provider.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Mapping

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from . import throttle
from ..errors import SessionExpired, SignInFailed, StaffProblem
from ..storage.tables import AuditLog, StaffSession, StaffUser

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ROLES = ("association_host", "helpline_agent", "admin")
SESSION_IDLE = dt.timedelta(minutes=30)
SESSION_MAX = dt.timedelta(hours=10)
FREE_FAILURES = throttle.SIGN_IN.free
FIRST_WAIT = throttle.SIGN_IN.first_wait
MAX_WAIT = throttle.SIGN_IN.max_wait
MIN_PASSWORD = 12

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives datetimes back naive; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Staff:
    """A signed-in staff member as plain data."""

    id: int
    email: str
    name: str
    role: str
    association: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignedIn:
    token: str  # give to the browser session only; never stored
    staff: Staff
    expires_at: dt.datetime


def _staff(row: StaffUser) -> Staff:
    return Staff(id=row.id, email=row.email, name=row.name, role=row.role, association=row.association)  # type: ignore[arg-type]


def normalise_email(email: str) -> str:
    value = str(email or "").strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise StaffProblem("bad_email")
    return value


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- passwords


@cache
def _hasher() -> PasswordHasher:
    """Argon2id, argon2-cffi's RFC 9106 "low memory" profile; argon2 is loaded on the first password."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise StaffProblem("weak_password", min=MIN_PASSWORD)


@cache
def _dummy_hash() -> str:
    """What an unknown address is checked against, so that it takes as long as a known one (made on first use)."""
    return hash_password(secrets.token_urlsafe(16))


def _verify(stored: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return _hasher().verify(stored or _dummy_hash(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --------------------------------------------------------------------------- accounts


def create_staff(
    engine: Engine,
    email: str,
    role: str,
    password: str | None = None,
    *,
    name: str = "",
    association: str | None = None,
) -> Staff:
    """A new staff account. Without ``password`` the account can only sign in through OIDC."""
    if role not in ROLES:
        raise StaffProblem("bad_role", allowed=", ".join(ROLES))
    email = normalise_email(email)
    if password is not None:
        check_password_rules(password)
    with Session(engine, expire_on_commit=False) as s:
        if s.exec(select(StaffUser).where(StaffUser.email == email)).first() is not None:
            raise StaffProblem("staff_exists", email=email)
        row = StaffUser(
            email=email,
            role=role,
            name=name.strip(),
            association=(association or "").strip() or None,
            password_hash=hash_password(password) if password is not None else None,
        )
        s.add(row)
        s.commit()
        return _staff(row)


def set_password(engine: Engine, email: str, password: str) -> None:
    """Replace a staff member's password; every open session of theirs ends."""
    check_password_rules(password)
    email = normalise_email(email)
    with Session(engine) as s:
        row = s.exec(select(StaffUser).where(StaffUser.email == email)).first()
        if row is None:
            raise StaffProblem("no_such_staff", email=email)
        row.password_hash = hash_password(password)
        s.add(row)
        _end_sessions(s, row.id)  # type: ignore[arg-type]
        s.commit()


def set_active(engine: Engine, email: str, active: bool) -> None:
    """Turn an account off (or on again). Turning it off ends its sessions at once."""
    email = normalise_email(email)
    with Session(engine) as s:
        row = s.exec(select(StaffUser).where(StaffUser.email == email)).first()
        if row is None:
            raise StaffProblem("no_such_staff", email=email)
        row.active = active
        s.add(row)
        if not active:
            _end_sessions(s, row.id)  # type: ignore[arg-type]
        s.commit()


def list_staff(engine: Engine) -> list[Staff]:
    with Session(engine) as s:
        return [_staff(r) for r in s.exec(select(StaffUser).order_by(StaffUser.email))]


def _end_sessions(s: Session, user_id: int) -> None:
    now = _now()
    for sess in s.exec(select(StaffSession).where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))):  # type: ignore[union-attr]
        sess.ended_at = now
        s.add(sess)


# --------------------------------------------------------------------------- sign-in


def wait_needed(failures: int) -> dt.timedelta:
    """How long to wait after ``failures`` wrong passwords in a row: 0, then 2 s, 4 s, 8 s … up to 15 min."""
    return throttle.SIGN_IN.wait(failures)


def _new_session(s: Session, user: StaffUser, method: str, now: dt.datetime) -> SignedIn:
    token = secrets.token_urlsafe(32)
    s.add(StaffSession(token_hash=_sha(token), user_id=user.id, method=method, created_at=now, last_seen_at=now))  # type: ignore[arg-type]
    user.last_sign_in_at = now
    s.add(user)
    return SignedIn(token=token, staff=_staff(user), expires_at=min(now + SESSION_IDLE, now + SESSION_MAX))


def sign_in(engine: Engine, email: str, password: str, *, source: str | None = None, now: dt.datetime | None = None) -> SignedIn:
    """Check the password and open a session, or raise :class:`SignInFailed`.

    ``code == "too_many_attempts"`` (with ``seconds``) while this address must wait *from this
    source* (``source``: the client's address, as the app sees it), or this source has tried too many
    addresses; otherwise ``"sign_in_failed"``, the same for an unknown address, a wrong password or a
    turned-off account. The back-off decays (:mod:`core.accounts.throttle`), and wrong passwords from
    other sources never keep the right one out.
    """
    now = now or _now()
    try:
        email = normalise_email(email)
    except StaffProblem:
        raise SignInFailed("sign_in_failed") from None
    keyed = throttle.sign_in_keys(email, source)
    limits = [lim for _, lim in keyed]
    with Session(engine, expire_on_commit=False) as s:
        # FOR UPDATE on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises): concurrent wrong
        # passwords for one address each count.
        rows = throttle.lock(s, keyed)
        throttle.check(rows, limits, now, "too_many_attempts")
        user = s.exec(select(StaffUser).where(StaffUser.email == email)).first()
        ok = _verify(user.password_hash if user else None, password) and user is not None and user.active
        if not ok:
            throttle.record_failure(s, rows, limits, now)
            if user is not None:
                audit_sign_in(s, user, "sign_in_failed", source, now)
            s.commit()
            raise SignInFailed("sign_in_failed")
        assert user is not None
        throttle.clear(s, rows[0])  # this address from this source; the source's count stays
        if _hasher().check_needs_rehash(user.password_hash or ""):
            user.password_hash = hash_password(password)
        signed = _new_session(s, user, "password", now)
        audit_sign_in(s, user, "sign_in", source, now)
        s.commit()
        return signed


def audit_sign_in(s: Session, user: StaffUser, action: str, source: str | None, now: dt.datetime) -> None:
    """A sign-in (or a wrong password for an existing account) in the audit log, with where it came from."""
    s.add(AuditLog(at=now, staff_id=user.id, staff_email=user.email, action=action, detail=f"source {source or '-'}"[:500]))


def sign_in_oidc(engine: Engine, claims: Mapping[str, Any], *, now: dt.datetime | None = None) -> SignedIn:
    """A session for the staff member whose verified e-mail the identity provider gave (``st.user``).

    Only existing, active accounts get in; the role is the one in this database.
    """
    now = now or _now()
    if not claims.get("is_logged_in", True) or claims.get("email_verified") is False:
        raise SignInFailed("sign_in_failed")
    try:
        email = normalise_email(str(claims.get("email") or ""))
    except StaffProblem:
        raise SignInFailed("sign_in_failed") from None
    with Session(engine, expire_on_commit=False) as s:
        user = s.exec(select(StaffUser).where(StaffUser.email == email)).first()
        if user is None or not user.active:
            raise SignInFailed("not_staff")
        signed = _new_session(s, user, "oidc", now)
        audit_sign_in(s, user, "sign_in_oidc", None, now)
        s.commit()
        return signed


def current_staff(engine: Engine, token: str | None, *, now: dt.datetime | None = None) -> Staff:
    """The staff member of a session token; each use extends the idle time. :class:`SessionExpired` if not valid."""
    now = now or _now()
    if not token:
        raise SessionExpired("session_expired")
    with Session(engine, expire_on_commit=False) as s:
        sess = s.exec(select(StaffSession).where(StaffSession.token_hash == _sha(token))).first()
        if sess is None or sess.ended_at is not None:
            raise SessionExpired("session_expired")
        user = s.get(StaffUser, sess.user_id)
        created, seen = _aware(sess.created_at), _aware(sess.last_seen_at)
        assert created is not None and seen is not None
        if user is None or not user.active or now - seen > SESSION_IDLE or now - created > SESSION_MAX:
            sess.ended_at = sess.ended_at or now
            s.add(sess)
            s.commit()
            raise SessionExpired("session_expired")
        sess.last_seen_at = now
        s.add(sess)
        s.commit()
        return _staff(user)


def sign_out(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with Session(engine) as s:
        sess = s.exec(select(StaffSession).where(StaffSession.token_hash == _sha(token))).first()
        if sess is not None and sess.ended_at is None:
            sess.ended_at = _now()
            s.add(sess)
            s.commit()
