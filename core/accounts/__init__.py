"""Staff accounts and what staff (and firms acting with their resume code) may do.

``staff`` holds accounts, password and OIDC sign-in, sessions and the sign-in throttle; ``access``
decides who may see a firm's data and keeps the audit log; ``workshops``, ``helpline`` and ``teams``
are the three ways a firm's data is shared (a workshop's room, a helpline case, a 1+N team);
``cli`` is ``python -m core staff|backup|restore``. Their tables live in ``core.storage.tables``.
The account API of ``staff`` is re-exported here (``core.accounts.sign_in`` …).
"""

from .staff import (
    FREE_FAILURES,
    MAX_WAIT,
    MIN_PASSWORD,
    ROLES,
    SESSION_IDLE,
    SESSION_MAX,
    SignedIn,
    Staff,
    check_password_rules,
    create_staff,
    current_staff,
    hash_password,
    list_staff,
    normalise_email,
    set_active,
    set_password,
    sign_in,
    sign_in_oidc,
    sign_out,
    wait_needed,
)

__all__ = [
    "FREE_FAILURES",
    "MAX_WAIT",
    "MIN_PASSWORD",
    "ROLES",
    "SESSION_IDLE",
    "SESSION_MAX",
    "SignedIn",
    "Staff",
    "check_password_rules",
    "create_staff",
    "current_staff",
    "hash_password",
    "list_staff",
    "normalise_email",
    "set_active",
    "set_password",
    "sign_in",
    "sign_in_oidc",
    "sign_out",
    "wait_needed",
]
