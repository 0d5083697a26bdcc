"""core.storage.drafts: answers kept from the first one under a key only its holder has; written on change only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import event, text

import core
import core.storage as storage

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {"checkup": {"format": "checkup/1", "year": 2024, "company": {"name": "範例螺絲", "employees": 12},
                       "electricity": {"kwh": 180000}}, "step": 1}


@pytest.fixture()
def engine(db_engine):
    """Every migration applied, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""
    return db_engine


@pytest.fixture()
def sqlite_file(tmp_path):
    eng = storage.make_engine(f"sqlite:///{tmp_path}/d.db")
    storage.upgrade(eng)
    yield eng
    eng.dispose()


def _writes(engine):
    """Count the statements that change the draft table."""
    seen = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, cursor, statement, *args):
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b.*\bdraft\b", statement, re.I | re.S):
            seen.append(statement)

    return seen


def test_a_draft_comes_back_by_its_key_with_every_answer(engine):
    key = storage.new_draft_key()
    receipt = storage.save_draft(engine, key, ANSWERS)
    assert receipt.written
    again = storage.load_draft(engine, key)
    assert again.data == ANSWERS
    assert again.content_hash == receipt.content_hash == storage.content_hash(ANSWERS)


def test_only_the_key_opens_it_and_only_its_hash_is_stored(sqlite_file, tmp_path):
    engine = sqlite_file
    key = storage.new_draft_key()
    storage.save_draft(engine, key, ANSWERS)
    for other in (storage.new_draft_key(), key[:-1], key.upper() if key.upper() != key else key.lower(), "", "x' OR 1=1 --"):
        with pytest.raises(core.StorageError) as err:
            storage.load_draft(engine, other)
        assert err.value.code == "draft_not_found"
    raw = (tmp_path / "d.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("d.db-wal"))
    assert key.encode() not in raw
    with engine.connect() as c:
        assert [r[0] for r in c.execute(text("select key_hash from draft"))] == [storage.drafts.hash_draft_key(key)]


def test_keys_are_unguessable_and_fit_an_address():
    keys = {storage.new_draft_key() for _ in range(2000)}
    assert len(keys) == 2000
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", k) for k in keys)  # 32 random bytes, URL-safe base64


def test_an_unchanged_draft_is_not_written_again(engine):
    key = storage.new_draft_key()
    storage.save_draft(engine, key, ANSWERS)
    writes = _writes(engine)
    same_in_another_order = {"step": 1, "checkup": dict(reversed(list(ANSWERS["checkup"].items())))}
    assert not storage.save_draft(engine, key, same_in_another_order).written
    assert writes == []
    changed = {**ANSWERS, "step": 2}
    assert storage.save_draft(engine, key, changed).written
    assert len(writes) == 1
    assert storage.load_draft(engine, key).data["step"] == 2


def test_a_draft_expires_the_documented_days_after_its_last_change(engine):
    key = storage.new_draft_key()
    t0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
    receipt = storage.save_draft(engine, key, ANSWERS, now=t0)
    assert receipt.expires_at == t0 + dt.timedelta(days=30) == t0 + dt.timedelta(days=storage.DRAFT_DAYS)
    assert storage.load_draft(engine, key, now=t0 + dt.timedelta(days=29, hours=23)).data == ANSWERS
    with pytest.raises(core.StorageError):
        storage.load_draft(engine, key, now=t0 + dt.timedelta(days=30))
    # a change on day 20 keeps it to day 50
    storage.save_draft(engine, key, {**ANSWERS, "step": 3}, now=t0 + dt.timedelta(days=20))
    assert storage.load_draft(engine, key, now=t0 + dt.timedelta(days=49)).data["step"] == 3
    assert storage.purge_expired_drafts(engine, now=t0 + dt.timedelta(days=49)) == 0
    assert storage.purge_expired_drafts(engine, now=t0 + dt.timedelta(days=50)) == 1
    with pytest.raises(core.StorageError):
        storage.load_draft(engine, key, now=t0 + dt.timedelta(days=21))


def test_an_expired_draft_saved_again_starts_afresh(engine):
    key = storage.new_draft_key()
    t0 = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    storage.save_draft(engine, key, ANSWERS, now=t0)
    receipt = storage.save_draft(engine, key, ANSWERS, now=t0 + dt.timedelta(days=31))  # same answers, but it had expired
    assert receipt.written and receipt.expires_at == t0 + dt.timedelta(days=61)


def test_the_owner_deletes_a_draft_for_good(engine):
    key = storage.new_draft_key()
    storage.save_draft(engine, key, ANSWERS)
    other = storage.new_draft_key()
    storage.save_draft(engine, other, {"step": 0})
    assert storage.delete_draft(engine, key)
    assert not storage.delete_draft(engine, key)
    assert not storage.delete_draft(engine, "not a key")
    with pytest.raises(core.StorageError):
        storage.load_draft(engine, key)
    assert storage.load_draft(engine, other).data == {"step": 0}  # another owner's draft is untouched


def test_a_huge_draft_is_refused_with_a_message(engine):
    key = storage.new_draft_key()
    with pytest.raises(core.StorageError) as err:
        storage.save_draft(engine, key, {"checkup": {"company": {"name": "x" * (storage.drafts.MAX_DRAFT_BYTES + 1)}}})
    assert err.value.code == "draft_too_large"
    assert "512" in err.value.message("zh-TW") and "512" in err.value.message("en")


def test_a_failing_database_raises_a_storage_error_never_a_raw_one(tmp_path):
    eng = storage.make_engine(f"sqlite:///{tmp_path}/gone/never/d.db")
    (tmp_path / "gone" / "never").rmdir()
    with pytest.raises(core.StorageError) as err:
        storage.save_draft(eng, storage.new_draft_key(), ANSWERS)
    assert err.value.code.startswith("storage_")
    with pytest.raises(core.StorageError):
        storage.load_draft(eng, storage.new_draft_key())


def test_the_readme_and_the_messages_say_how_long_drafts_are_kept():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{storage.DRAFT_DAYS} days after their last change" in readme
    for lang in ("zh-TW", "en"):
        assert str(storage.DRAFT_DAYS) in core.StorageError("draft_not_found", days=storage.DRAFT_DAYS).message(lang)


def test_a_new_draft_deletes_the_expired_ones(engine):
    t0 = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    old, recent = storage.new_draft_key(), storage.new_draft_key()
    storage.save_draft(engine, old, ANSWERS, now=t0)
    storage.save_draft(engine, recent, ANSWERS, now=t0 + dt.timedelta(days=20))
    storage.save_draft(engine, storage.new_draft_key(), ANSWERS, now=t0 + dt.timedelta(days=31))
    with engine.connect() as c:
        assert c.execute(text("select count(*) from draft")).scalar() == 2  # the 31-day-old one is gone
    assert storage.load_draft(engine, recent, now=t0 + dt.timedelta(days=31)).data == ANSWERS
