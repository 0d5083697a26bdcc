"""Database fixtures for the staff tests: every test runs on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.

Import the fixtures into a test module with ``from conftest_pg import db_engine, db_url  # noqa: F401``.
CI sets ``TEST_DATABASE_URL`` (e.g. ``postgresql+psycopg://postgres@127.0.0.1:54329/carbon_test``, see
scripts/pg_test_cluster.sh); locally the PostgreSQL runs are skipped when it is not set. Each PostgreSQL
test gets its own schema (dropped afterwards), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

import core
import core.storage as storage
from core import accounts

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
# Locally the PostgreSQL half is skipped without a database; in CI a missing database is a failure, not a skip.
SKIP_PG = not PG_URL and not os.environ.get("CI")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(SKIP_PG, reason="TEST_DATABASE_URL not set"))]


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def _database(kind: str, tmp_path: Path, name: str):
    """An empty database: a SQLite file, or a fresh schema on the test PostgreSQL (dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path}/{name}.db"
        return
    if not PG_URL:
        pytest.fail("CI is set but TEST_DATABASE_URL is not: run the tests with `make test`")
    schema = f"{name[:1]}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_schema(PG_URL, schema)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A URL of an empty database on each backend."""
    with _database(request.param, tmp_path, "staff") as url:
        yield url


@pytest.fixture(params=BACKENDS)
def target_url(request, tmp_path):
    """A second empty database (to restore into), again on each backend."""
    with _database(request.param, tmp_path, "restored") as url:
        yield url


@pytest.fixture()
def db_engine(db_url):
    """An engine on ``db_url`` with every migration applied."""
    eng = storage.make_engine(db_url)
    storage.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture()
def app_db(tmp_path, monkeypatch):
    """The app's database for an AppTest of a page: DATABASE_URL set to a fresh SQLite file, migrated."""
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("DATABASE_URL", url)
    eng = storage.make_engine(url)
    storage.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Argon2id with test-sized cost (the product's default costs ~60 ms a hash): still the real library."""
    from argon2 import PasswordHasher

    from core.accounts import staff as staff_accounts

    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(staff_accounts, "_hasher", lambda: hasher)


# --------------------------------------------------------------------------- helpers of the staff tests

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "screws.yaml"
PASSWORD = "correct horse battery staple"


@lru_cache(maxsize=64)
def example(kwh: float = 150_000, year: int = 2024):
    data = core.to_data(core.load(EXAMPLE))
    data["year"] = year
    data["electricity"] = {"kwh": kwh}
    checkup = core.parse_checkup(data)
    return core.to_data(checkup), core.compute(checkup)


def save_firm(engine, kwh: float = 150_000, code: str | None = None):
    data, result = example(kwh)
    return storage.save_checkup(engine, data, result, code=code)


def staff(engine, role: str, email: str, association: str | None = None):
    return accounts.create_staff(engine, email, role, PASSWORD, name=email.split("@")[0], association=association)
