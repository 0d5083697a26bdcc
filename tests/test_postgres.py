"""Migrations on SQLite and PostgreSQL: up from an empty database, up from the previous schema, down and up.

The PostgreSQL runs need TEST_DATABASE_URL (CI sets it; see scripts/pg_test_cluster.sh).
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import core.storage as storage
from conftest_pg import PASSWORD, SKIP_PG, save_firm
from core import accounts
from core.accounts import helpline, teams, workshops

STAFF_TABLES = {"staff_user", "staff_session", "sign_in_throttle", "audit_log", "workshop", "workshop_participant",
                "helpline_case", "case_note", "team", "team_member"}


def _revision(engine) -> str | None:
    with engine.connect() as c:
        return MigrationContext.configure(c).get_current_revision()


def test_one_head_and_the_staff_revision_follows_the_initial_one():
    script = ScriptDirectory.from_config(storage.alembic_config())
    assert len(script.get_heads()) == 1
    rev = script.get_revision("0002")
    assert rev.down_revision == "0001"
    assert script.get_revision("0001").down_revision is None


def test_up_from_an_empty_database_matches_the_models(db_url):
    eng = storage.make_engine(db_url)
    try:
        storage.upgrade(eng)
        tables = set(inspect(eng).get_table_names())
        assert STAFF_TABLES | {"firm", "saved_checkup", "alembic_version"} <= tables
        with eng.connect() as c:
            diff = compare_metadata(MigrationContext.configure(c), SQLModel.metadata)
        assert diff == []
        storage.upgrade(eng)  # twice is harmless
        assert _revision(eng) == ScriptDirectory.from_config(storage.alembic_config()).get_current_head()
    finally:
        eng.dispose()


def test_up_from_the_previous_schema_keeps_every_saved_checkup(db_url):
    eng = storage.make_engine(db_url)
    try:
        cfg = storage.alembic_config(eng)
        command.upgrade(cfg, "0001")
        assert not STAFF_TABLES & set(inspect(eng).get_table_names())
        receipts = [save_firm(eng, 100_000 + i) for i in range(3)]
        storage.upgrade(eng)
        assert STAFF_TABLES <= set(inspect(eng).get_table_names())
        for r in receipts:
            assert storage.load_checkup(eng, r.code).id == r.checkup_id
        # the new tables work against the old rows
        host = accounts.create_staff(eng, "host@example.org", "association_host", PASSWORD)
        import datetime as dt

        ws = workshops.create_workshop(eng, host, "W", dt.date(2026, 12, 1))
        workshops.link_saved(eng, workshops.join(eng, ws.join_code).token, receipts[0].code)
        assert workshops.dashboard(eng, host, ws.id, advice=False).finished == 1
        # and down to the previous schema again: the firms' data stays, the staff tables go
        command.downgrade(cfg, "0001")
        assert not STAFF_TABLES & set(inspect(eng).get_table_names())
        assert storage.load_checkup(eng, receipts[2].code).year == 2024
        storage.upgrade(eng)
        assert STAFF_TABLES <= set(inspect(eng).get_table_names())
    finally:
        eng.dispose()


def test_foreign_keys_cascade_on_both_databases(db_url):
    eng = storage.make_engine(db_url)
    try:
        storage.upgrade(eng)
        r = save_firm(eng)
        with eng.begin() as c:
            c.execute(text("insert into team (name, lead_firm_id, invite_code, created_at) values ('t', :f, 'ABCDEFGH', CURRENT_TIMESTAMP)"),
                      {"f": r.firm_id})
        with eng.begin() as c:
            c.execute(text("delete from firm where id = :f"), {"f": r.firm_id})
        with eng.connect() as c:
            assert c.execute(text("select count(*) from team")).scalar_one() == 0
            assert c.execute(text("select count(*) from saved_checkup")).scalar_one() == 0
    finally:
        eng.dispose()


@pytest.mark.skipif(SKIP_PG, reason="TEST_DATABASE_URL not set")
def test_the_postgresql_run_really_is_postgresql(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite half of the parametrisation")
    eng = storage.make_engine(db_url)
    try:
        with eng.connect() as c:
            assert "PostgreSQL" in c.execute(text("select version()")).scalar_one()
    finally:
        eng.dispose()


# --------------------------------------------------------------------------- backup / restore


def _fill(eng):
    import datetime as dt

    from core import accounts
    from core.accounts import access, workshops

    host = accounts.create_staff(eng, "host@example.org", "association_host", PASSWORD, name="主持人")
    agent = accounts.create_staff(eng, "agent@example.org", "helpline_agent", PASSWORD)
    firms = [save_firm(eng, 100_000 + i) for i in range(3)]
    ws = workshops.create_workshop(eng, host, "備份測試工作坊", dt.date(2026, 12, 1))
    for r in firms[:2]:
        workshops.link_saved(eng, workshops.join(eng, ws.join_code).token, r.code, show_name=True, firm_name="名稱")
    case = helpline.open_case(eng, agent, "來電公司", "04-1234-5678")
    helpline.add_note(eng, agent, case.id, "第一通電話：說明怎麼找電費單")
    helpline.link_firm(eng, agent, case.id, firms[2].code)
    team = teams.create_team(eng, access.firm_actor(eng, firms[0].code), "團隊")
    teams.join_team(eng, access.firm_actor(eng, firms[1].code), team.invite_code)
    workshops.dashboard(eng, host, ws.id, advice=False)  # audit rows
    return host, agent, firms, ws, case, team


def test_backup_and_restore_round_trip_across_databases(db_url, target_url, tmp_path):
    from core import accounts
    from core.accounts import access, workshops
    from core.storage import backup
    from core.errors import StaffProblem

    src = storage.make_engine(db_url)
    dst = storage.make_engine(target_url)
    try:
        storage.upgrade(src)
        host, agent, firms, ws, case, team = _fill(src)
        out = tmp_path / "carbon.jsonl.gz"
        counts = backup.backup(src, out)
        assert counts["firm"] == 3 and counts["saved_checkup"] == 3 and counts["case_note"] >= 3
        assert out.read_bytes()[:2] == b"\x1f\x8b"
        restored = backup.restore(dst, out)
        assert restored == counts
        # everything works as before: codes, passwords, dashboards, cases, teams, audit log
        assert accounts.sign_in(dst, "host@example.org", PASSWORD).staff.id == host.id
        for r in firms:
            assert storage.load_checkup(dst, r.code).total_tco2e == pytest.approx(storage.load_checkup(src, r.code).total_tco2e)
        board = workshops.dashboard(dst, host, ws.id, advice=False)
        assert (board.joined, board.finished) == (2, 2)
        assert [n.text for n in helpline.history(dst, agent, case.id)] == [n.text for n in helpline.history(src, agent, case.id)]
        assert helpline.case_checkup(dst, agent, case.id).id == firms[2].checkup_id
        assert len(access.audit_log(dst, accounts.create_staff(dst, "admin@example.org", "admin", PASSWORD))) >= 2
        # new rows after a restore get fresh ids (PostgreSQL sequences moved past the restored ones)
        new = save_firm(dst, 999_000)
        assert new.firm_id > max(r.firm_id for r in firms)
        assert helpline.open_case(dst, agent, "新案件", "").id > case.id
        # a database with data is not overwritten unless asked
        with pytest.raises(StaffProblem) as e:
            backup.restore(dst, out)
        assert e.value.code == "backup_not_empty"
        assert backup.restore(dst, out, replace=True) == counts
        with pytest.raises(Exception):
            storage.load_checkup(dst, new.code)
    finally:
        src.dispose()
        dst.dispose()


def test_restore_refuses_a_damaged_or_foreign_file(tmp_path):
    import gzip

    from core.storage import backup
    from core.errors import StaffProblem

    eng = storage.make_engine(f"sqlite:///{tmp_path}/x.db")
    try:
        storage.upgrade(eng)
        save_firm(eng)
        good = tmp_path / "good.jsonl.gz"
        backup.backup(eng, good)
        lines = gzip.decompress(good.read_bytes()).decode().splitlines()
        cut = tmp_path / "cut.jsonl.gz"
        cut.write_bytes(gzip.compress(("\n".join(lines[:-1]) + "\n").encode()))
        other = tmp_path / "other.jsonl.gz"
        other.write_bytes(gzip.compress(b'{"format": "something-else"}\n'))
        plain = tmp_path / "plain.txt"
        plain.write_text("not a backup")
        cases = {cut: "backup_cut_off", other: "backup_bad_file", plain: "backup_bad_file",
                 tmp_path / "missing.gz": "backup_missing"}
        for bad, code in cases.items():
            target = storage.make_engine(f"sqlite:///{tmp_path}/t-{bad.stem}.db")
            with pytest.raises(StaffProblem) as e:
                backup.restore(target, bad)
            assert e.value.code == code
            with target.connect() as c:  # nothing half-restored
                assert c.execute(text("select count(*) from firm")).scalar_one() == 0 if "firm" in inspect(target).get_table_names() else True
            if code != "backup_cut_off":  # the file is checked before the database is touched: no empty schema left
                assert inspect(target).get_table_names() == []
            target.dispose()
    finally:
        eng.dispose()
