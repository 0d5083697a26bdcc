"""Consent is for what was shared: a host, an agent or a 1+N lead sees the save the firm shared, with its year.

Each case: the firm shares its checkup (150,000 kWh in 2024: 150,000 × 0.474 ÷ 1000 = 71.1 t of Scope 2),
then saves again (300,000 kWh → 142.2 t) and saves another year; the staff view stays at 71.1 t of 2024
until the firm shares again.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command

import core.storage as storage
from conftest_pg import example, save_firm, staff
from core.accounts import access, helpline, teams, workshops

FIRST = 150_000 * 0.474 / 1000  # 71.1 tCO2e of electricity, 2024 factor (能源署 0.474 kgCO2e/kWh)
SECOND = 300_000 * 0.474 / 1000  # 142.2


def _scope2(value) -> float:
    return pytest.approx(value, abs=0.05)


def _save_later(engine, code):
    """The firm goes on: the same year saved again with twice the electricity, and next year's checkup."""
    storage.save_checkup(engine, *example(300_000, 2024), code=code)
    storage.save_checkup(engine, *example(50_000, 2025), code=code)


def test_a_host_sees_the_save_that_was_shared_until_the_firm_shares_again(db_engine):
    host = staff(db_engine, "association_host", "host@example.org")
    ws = workshops.create_workshop(db_engine, host, "工作坊", dt.date(2026, 12, 1))
    firm = save_firm(db_engine, 150_000)
    token = workshops.join(db_engine, ws.join_code).token
    workshops.link_saved(db_engine, token, firm.code, year=2024)
    _save_later(db_engine, firm.code)
    row = workshops.dashboard(db_engine, host, ws.id, advice=False).rows[0]
    assert (row.year, row.scope2_tco2e) == (2024, _scope2(FIRST))
    workshops.link_saved(db_engine, token, firm.code, year=2024)  # shares again
    row = workshops.dashboard(db_engine, host, ws.id, advice=False).rows[0]
    assert (row.year, row.scope2_tco2e) == (2024, _scope2(SECOND))
    workshops.link_saved(db_engine, token, firm.code)  # without a year: the checkup saved last (2025)
    assert workshops.dashboard(db_engine, host, ws.id, advice=False).rows[0].year == 2025


def test_an_agent_sees_the_save_the_caller_linked_with_its_year(db_engine):
    agent = staff(db_engine, "helpline_agent", "agent@example.org")
    firm = save_firm(db_engine, 150_000)
    case = helpline.open_case(db_engine, agent, "來電公司")
    helpline.link_firm(db_engine, agent, case.id, firm.code)
    _save_later(db_engine, firm.code)
    seen = helpline.case_checkup(db_engine, agent, case.id)
    assert (seen.year, seen.scope2_tco2e) == (2024, _scope2(FIRST))
    helpline.link_firm(db_engine, agent, case.id, firm.code)  # the caller reads the code out again
    seen = helpline.case_checkup(db_engine, agent, case.id)
    assert (seen.year, seen.scope2_tco2e) == (2025, _scope2(50_000 * 0.466 / 1000))  # 2025 factor 0.466


def test_an_estimate_saved_on_the_call_is_what_the_agent_sees(db_engine):
    agent = staff(db_engine, "helpline_agent", "agent@example.org")
    case = helpline.open_case(db_engine, agent, "來電公司")
    code = helpline.save_estimate(db_engine, agent, case.id, *example(150_000, 2024))
    storage.save_checkup(db_engine, *example(300_000, 2024), code=code)  # the caller changes it later, alone
    assert helpline.case_checkup(db_engine, agent, case.id).scope2_tco2e == _scope2(FIRST)


def test_a_lead_sees_the_total_a_supplier_shared_and_withdrawing_removes_the_copy(db_engine):
    lead = access.FirmActor(save_firm(db_engine, 500_000).firm_id)
    sup = save_firm(db_engine, 150_000)
    supplier = access.FirmActor(sup.firm_id)
    team = teams.create_team(db_engine, lead, "1+N")
    teams.join_team(db_engine, supplier, team.invite_code, teams.Share(total=True, scopes=True))
    _save_later(db_engine, sup.code)
    line = teams.team_summary(db_engine, lead, team.id).lines[0]
    assert (line.year, line.scope2_tco2e) == (2024, _scope2(FIRST))
    teams.set_share(db_engine, supplier, team.id, teams.Share(total=False))
    summary = teams.team_summary(db_engine, lead, team.id)
    assert (summary.sharing, summary.lines[0].total_tco2e) == (0, None)
    teams.set_share(db_engine, supplier, team.id, teams.Share(total=True, scopes=True))  # shares again: the save of now
    assert teams.team_summary(db_engine, lead, team.id).lines[0].year == 2025


def test_a_firm_that_deletes_its_data_takes_every_copy_with_it(db_engine):
    from sqlalchemy import text

    host = staff(db_engine, "association_host", "host@example.org")
    ws = workshops.create_workshop(db_engine, host, "工作坊", dt.date(2026, 12, 1))
    firm = save_firm(db_engine)
    workshops.link_saved(db_engine, workshops.join(db_engine, ws.join_code).token, firm.code)
    access.delete_firm(db_engine, firm.code)
    with db_engine.connect() as c:
        assert c.execute(text("select count(*) from shared_checkup")).scalar_one() == 0


def test_links_made_before_the_copies_existed_keep_showing_what_they_showed(db_url):
    """An old database (revision 0002) with a workshop link, a linked case and a team: upgraded, each shows the last save."""
    eng = storage.make_engine(db_url)
    try:
        command.upgrade(storage.alembic_config(eng), "0002")
        from sqlalchemy import text

        firm = save_firm(eng, 150_000)
        with eng.begin() as c:
            c.execute(text("insert into staff_user (email, name, role, active, created_at) values "
                           "('h@example.org', '', 'association_host', true, CURRENT_TIMESTAMP), "
                           "('a@example.org', '', 'helpline_agent', true, CURRENT_TIMESTAMP)"))
            host_id = c.execute(text("select id from staff_user where email = 'h@example.org'")).scalar_one()
            agent_id = c.execute(text("select id from staff_user where email = 'a@example.org'")).scalar_one()
            c.execute(text("insert into workshop (host_id, name, event_date, association, join_code, open, created_at) "
                           "values (:h, 'old', '2026-11-30', '', 'ABCDEF', true, CURRENT_TIMESTAMP)"), {"h": host_id})
            wid = c.execute(text("select id from workshop")).scalar_one()
            c.execute(text("insert into workshop_participant (workshop_id, token_hash, firm_id, show_name, joined_at) "
                           "values (:w, 'x', :f, false, CURRENT_TIMESTAMP)"), {"w": wid, "f": firm.firm_id})
            c.execute(text("insert into helpline_case (number, agent_id, company, contact_phone, status, firm_id, created_at, "
                           "updated_at) values ('HL-2026-00001', :a, '', '', 'open', :f, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                      {"a": agent_id, "f": firm.firm_id})
        storage.upgrade(eng)
        from core import accounts

        host = next(s for s in accounts.list_staff(eng) if s.email == "h@example.org")
        agent = next(s for s in accounts.list_staff(eng) if s.email == "a@example.org")
        assert workshops.dashboard(eng, host, wid, advice=False).rows[0].scope2_tco2e == _scope2(FIRST)
        case = helpline.find_case(eng, agent, "HL-2026-00001")
        assert helpline.case_checkup(eng, agent, case.id).year == 2024
        command.downgrade(storage.alembic_config(eng), "0002")  # and back: the links stay
        storage.upgrade(eng)
        assert workshops.dashboard(eng, host, wid, advice=False).finished == 1
    finally:
        eng.dispose()
