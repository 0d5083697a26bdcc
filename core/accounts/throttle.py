"""Limits on guessing: resume, join and invite codes per browser session and per source; staff sign-in per account and source.

A wrong code or password counts against *keys* (kept hashed in ``sign_in_throttle``). After a key's
free failures, the next try waits, doubling each time up to a cap; one failure is forgiven for every
``forgive_every`` without another, so the back-off decays and a person who mistyped yesterday starts
afresh. The keys are chosen so that a stranger cannot lock anyone out:

* staff sign-in counts per *address and source* (and, much more loosely, per source over every
  address): wrong passwords from elsewhere never stop the right password from the staff member's own
  connection; the right password clears its own key only;
* codes count per *browser session* and per *source* (loosely: a workshop's whole room may share one
  address). A right code clears nothing, so good and bad codes cannot be alternated.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..errors import CheckupError, TooManyAttempts
from ..storage.tables import SignInThrottle


@dataclass(frozen=True)
class Limit:
    free: int  # failures allowed before any wait
    first_wait: dt.timedelta
    max_wait: dt.timedelta
    forgive_every: dt.timedelta  # one failure forgotten per this much time without another

    def wait(self, failures: int) -> dt.timedelta:
        """How long the next try waits after ``failures`` counted failures: 0, then first_wait, doubling, capped."""
        if failures < self.free:
            return dt.timedelta(0)
        return min(self.first_wait * (2 ** min(failures - self.free, 30)), self.max_wait)


SECOND, MINUTE = dt.timedelta(seconds=1), dt.timedelta(minutes=1)
SIGN_IN = Limit(3, 2 * SECOND, 15 * MINUTE, 15 * MINUTE)  # one address from one source
SIGN_IN_SOURCE = Limit(30, 2 * SECOND, 15 * MINUTE, 5 * MINUTE)  # every address from one source
CODES_SESSION = Limit(5, 2 * SECOND, 15 * MINUTE, 10 * MINUTE)  # one browser session typing codes
CODES_SOURCE = Limit(60, 2 * SECOND, 15 * MINUTE, MINUTE)  # one source: a whole workshop room may share it
# the errors that mean "that code is wrong" (anything else, e.g. the database failing, is no guess)
WRONG_CODE = frozenset({"not_found", "bad_join_code", "bad_invite_code"})


def key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def sign_in_keys(email: str, source: str | None) -> list[tuple[str, Limit]]:
    src = source or "-"
    return [(key("email", email, "source", src), SIGN_IN), (key("sign-in source", src), SIGN_IN_SOURCE)]


def code_keys(session_id: str | None, source: str | None) -> list[tuple[str, Limit]]:
    keys = [(key("codes source", source or "-"), CODES_SOURCE)]
    if session_id:
        keys.insert(0, (key("codes session", session_id), CODES_SESSION))
    return keys


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def failures_now(row: SignInThrottle | None, limit: Limit, now: dt.datetime) -> int:
    """The row's failures after forgiving one per ``forgive_every`` since the last one."""
    if row is None or not row.failures:
        return 0
    last = _aware(row.last_failure_at)
    if last is None:
        return row.failures
    forgiven = int(max(0.0, (now - last).total_seconds()) // limit.forgive_every.total_seconds())
    return max(0, row.failures - forgiven)


def _wait_left(row: SignInThrottle | None, limit: Limit, now: dt.datetime) -> float:
    if row is None:
        return 0.0
    last = _aware(row.last_failure_at)
    if last is None:
        return 0.0
    # the wait earned by the failures counted when the last one happened
    return max(0.0, (last + limit.wait(row.failures) - now).total_seconds())


def _ensure(s: Session, keys: Sequence[str]) -> None:
    """Make sure every key has a row, so that ``SELECT … FOR UPDATE`` has rows to lock."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for k in keys:
        s.execute(insert(SignInThrottle).values(key_hash=k, failures=0).on_conflict_do_nothing(index_elements=["key_hash"]))


def lock(s: Session, keyed: Sequence[tuple[str, Limit]]) -> list[SignInThrottle]:
    """The rows of ``keyed``, locked for this transaction (in key order, so two callers never deadlock)."""
    keys = sorted({k for k, _ in keyed})
    _ensure(s, keys)
    rows = {r.key_hash: r for r in s.exec(select(SignInThrottle).where(SignInThrottle.key_hash.in_(keys)).with_for_update())}  # type: ignore[attr-defined]
    return [rows[k] for k, _ in keyed]


def check(rows: Sequence[SignInThrottle | None], limits: Sequence[Limit], now: dt.datetime, code: str) -> None:
    """Raise :class:`TooManyAttempts` (``code``, with ``seconds``) while any key must still wait."""
    left = max((_wait_left(r, lim, now) for r, lim in zip(rows, limits)), default=0.0)
    if left > 0:
        raise TooManyAttempts(code, seconds=max(1, int(left + 0.999)))


def record_failure(s: Session, rows: Sequence[SignInThrottle], limits: Sequence[Limit], now: dt.datetime) -> None:
    for row, lim in zip(rows, limits):
        row.failures = failures_now(row, lim, now) + 1
        row.last_failure_at = now
        wait = lim.wait(row.failures)
        row.blocked_until = now + wait if wait else None
        s.add(row)


def clear(s: Session, row: SignInThrottle) -> None:
    if row.failures or row.blocked_until:
        row.failures, row.blocked_until = 0, None
        s.add(row)


@contextmanager
def guarding_codes(engine: Engine, session_id: str | None, source: str | None, *, now: dt.datetime | None = None) -> Iterator[None]:
    """Around a look-up by a code someone typed: refused while this session or source must wait; a wrong code counts.

    ``TooManyAttempts("too_many_code_attempts", seconds=…)`` before the look-up runs at all.
    The check and the count are short transactions of their own (the look-up is not held inside a lock).
    """
    when = now or dt.datetime.now(dt.timezone.utc)
    keyed = code_keys(session_id, source)
    limits = [lim for _, lim in keyed]
    with Session(engine) as s:
        found = {r.key_hash: r for r in s.exec(select(SignInThrottle).where(SignInThrottle.key_hash.in_([k for k, _ in keyed])))}  # type: ignore[attr-defined]
        check([found.get(k) for k, _ in keyed], limits, when, "too_many_code_attempts")
    try:
        yield
    except CheckupError as err:
        if err.code in WRONG_CODE:
            with Session(engine) as s:
                record_failure(s, lock(s, keyed), limits, when)
                s.commit()
        raise
