"""core.storage: save, resume by code, a firm's years together, hashes only, migrations."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect, text

import core
import core.storage as storage
from conftest_pg import example
from core.inventory.factors import FactorSet



@pytest.fixture()
def engine(tmp_path):
    eng = storage.make_engine(f"sqlite:///{tmp_path}/t.db")
    storage.upgrade(eng)
    yield eng
    eng.dispose()


def test_save_and_resume_restores_every_answer_and_the_factor_snapshot(engine):
    data, result = example()
    receipt = storage.save_checkup(engine, data, result)
    assert receipt.new_firm and receipt.year == 2024
    saved = storage.load_checkup(engine, receipt.code)
    assert saved.data == data
    assert saved.total_tco2e == pytest.approx(result.total_tco2e)
    # the snapshot recomputes the same numbers without the factor tables
    again = core.compute(core.parse_checkup(saved.data), FactorSet.from_snapshot(saved.factors))
    assert again.total_tco2e == pytest.approx(result.total_tco2e)
    assert again.scope2_tco2e == pytest.approx(71.1)  # 150,000 kWh × 0.474 kgCO2e/kWh (能源署 2024) ÷ 1000


def test_code_is_typed_forgivingly_but_unknown_codes_find_nothing(engine):
    data, result = example()
    code = storage.save_checkup(engine, data, result).code
    assert storage.load_checkup(engine, code.lower().replace("-", " ")).year == 2024
    with pytest.raises(core.StorageError):
        storage.load_checkup(engine, storage.new_code())
    for bad in ("", "x", "'; DROP TABLE firm; --", code[:-1]):
        with pytest.raises(core.StorageError):
            storage.load_checkup(engine, bad)


def test_only_a_hash_of_the_code_is_stored(engine, tmp_path):
    data, result = example()
    code = storage.save_checkup(engine, data, result).code
    raw = (tmp_path / "t.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("t.db-wal"))
    assert code.encode() not in raw and code.replace("-", "").encode() not in raw
    with engine.connect() as c:
        hashes = [r[0] for r in c.execute(text("select code_hash from firm"))]
    assert hashes == [storage.hash_code(code)] and len(hashes[0]) == 64


def test_codes_are_unguessable():
    codes = {storage.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 23 and c.count("-") == 3 for c in codes)


def test_a_firm_keeps_several_years_and_compares_with_the_earlier_one(engine):
    d23, r23 = example(200_000, 2023)
    receipt = storage.save_checkup(engine, d23, r23)
    d24, r24 = example(150_000, 2024)
    again = storage.save_checkup(engine, d24, r24, code=receipt.code)
    assert again.firm_id == receipt.firm_id and not again.new_firm and again.code == receipt.code
    years = [s.year for s in storage.list_checkups(engine, receipt.code)]
    assert years == [2024, 2023]
    earlier = storage.earlier_checkup(engine, receipt.code, 2024)
    assert earlier is not None and earlier.year == 2023
    # 2023: 200,000 kWh × 0.494 = 98.8 t; 2024: 150,000 × 0.474 = 71.1 t
    assert earlier.scope2_tco2e == pytest.approx(98.8)
    assert storage.earlier_checkup(engine, receipt.code, 2023) is None
    # saving the same year again replaces it
    d24b, r24b = example(100_000, 2024)
    storage.save_checkup(engine, d24b, r24b, code=receipt.code)
    assert [s.year for s in storage.list_checkups(engine, receipt.code)] == [2024, 2023]
    assert storage.load_checkup(engine, receipt.code, 2024).data["electricity"] == {"kwh": 100_000}


def test_firms_cannot_see_each_other(engine):
    d, r = example()
    a = storage.save_checkup(engine, d, r)
    b = storage.save_checkup(engine, d, r)
    assert a.firm_id != b.firm_id and a.code != b.code
    assert len(storage.list_checkups(engine, a.code)) == 1


def test_wal_and_foreign_keys_are_on(engine):
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migration_creates_the_schema_and_matches_the_models(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    insp = inspect(engine)
    assert {"firm", "saved_checkup", "alembic_version"} <= set(insp.get_table_names())
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), SQLModel.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless_and_downgrade_round_trips(tmp_path):
    from alembic import command

    eng = storage.make_engine(f"sqlite:///{tmp_path}/m.db")
    storage.upgrade(eng)
    storage.upgrade(eng)
    cfg = storage.alembic_config(eng)
    command.downgrade(cfg, "base")
    assert "firm" not in inspect(eng).get_table_names()
    storage.upgrade(eng)
    assert "firm" in inspect(eng).get_table_names()
    eng.dispose()


def test_default_url_lives_under_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert storage.database_url().endswith("var/carbon-checkup.db")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.db")
    assert storage.database_url() == "sqlite:////tmp/x.db"


def test_sqlite_file_is_a_real_database(engine, tmp_path):
    data, result = example()
    storage.save_checkup(engine, data, result)
    con = sqlite3.connect(tmp_path / "t.db")
    assert con.execute("select count(*) from saved_checkup").fetchone()[0] == 1
    con.close()
