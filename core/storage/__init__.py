"""Storage: the database and what the product keeps in it.

``tables`` holds every table, ``db`` the engine and the migrations, ``checkups`` the saved checkups
of a firm (reachable only by its resume code), ``backup`` the whole database to a file and back,
``drafts`` the answers of a checkup not yet saved (reachable only by the key in the page's address).
The saving API is re-exported here::

    >>> import core.storage as storage
    >>> engine = storage.make_engine()                   # doctest: +SKIP
    >>> storage.upgrade(engine)                          # doctest: +SKIP
    >>> receipt = storage.save_checkup(engine, data, result)  # doctest: +SKIP
"""

from .checkups import (
    Receipt,
    Saved,
    earlier_checkup,
    hash_code,
    list_checkups,
    load_checkup,
    new_code,
    normalise_code,
    save_checkup,
)
from .drafts import (
    DRAFT_DAYS,
    DraftReceipt,
    KeptDraft,
    content_hash,
    delete_draft,
    load_draft,
    new_draft_key,
    purge_expired_drafts,
    save_draft,
)
from .db import alembic_config, database_url, make_engine, reading, upgrade
from .tables import Draft, Firm, SavedCheckup

__all__ = [
    "DRAFT_DAYS",
    "Draft",
    "DraftReceipt",
    "KeptDraft",
    "content_hash",
    "delete_draft",
    "load_draft",
    "new_draft_key",
    "purge_expired_drafts",
    "save_draft",
    "Firm",
    "Receipt",
    "Saved",
    "SavedCheckup",
    "alembic_config",
    "database_url",
    "earlier_checkup",
    "hash_code",
    "list_checkups",
    "load_checkup",
    "make_engine",
    "new_code",
    "normalise_code",
    "reading",
    "save_checkup",
    "upgrade",
]
