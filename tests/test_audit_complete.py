"""The audit log is complete and the firm sees it: exports, PDF downloads, linking a caller's code, sign-ins.

And a host's or agent's ended session leaves no row: a refused view writes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest_pg import PASSWORD, save_firm, staff
from core import accounts
from core.accounts import access, helpline, workshops
from core.errors import AccessDenied, SessionExpired


def _actions(engine, actor):
    return [(x.staff_email, x.action, x.object_type) for x in access.audit_log(engine, actor)]


def test_exports_pdf_downloads_and_links_are_audited_and_the_firm_sees_them(db_engine):
    host = staff(db_engine, "association_host", "host@example.org")
    agent = staff(db_engine, "helpline_agent", "agent@example.org")
    firm = save_firm(db_engine)
    other = save_firm(db_engine, 90_000)
    ws = workshops.create_workshop(db_engine, host, "工作坊", dt.date(2026, 12, 4))
    workshops.link_saved(db_engine, workshops.join(db_engine, ws.join_code).token, firm.code)
    workshops.join(db_engine, ws.join_code)  # joined, never sent: not in the export
    workshops.audit_export(db_engine, host, ws.id)
    case = helpline.open_case(db_engine, agent, "來電公司")
    helpline.link_firm(db_engine, agent, case.id, firm.code)
    helpline.report_downloaded(db_engine, agent, case.id)
    mine = _actions(db_engine, access.firm_actor(db_engine, firm.code))
    assert ("host@example.org", "workshop_export", "workshop") in mine
    assert ("agent@example.org", "helpline_link", "case") in mine
    assert ("agent@example.org", "helpline_pdf", "case") in mine
    assert _actions(db_engine, access.firm_actor(db_engine, other.code)) == []  # nobody looked at the other firm


def test_a_pdf_of_a_case_without_a_firm_or_of_someone_elses_case_is_refused_and_not_logged(db_engine):
    agent = staff(db_engine, "helpline_agent", "agent@example.org")
    other = staff(db_engine, "helpline_agent", "other@example.org")
    admin = staff(db_engine, "admin", "admin@example.org")
    case = helpline.open_case(db_engine, agent, "來電公司")
    with pytest.raises(AccessDenied):
        helpline.report_downloaded(db_engine, agent, case.id)
    helpline.link_firm(db_engine, agent, case.id, save_firm(db_engine).code)
    before = len(access.audit_log(db_engine, admin))
    with pytest.raises(AccessDenied):
        helpline.report_downloaded(db_engine, other, case.id)
    with pytest.raises(AccessDenied):
        workshops.audit_export(db_engine, other, 1)
    assert len(access.audit_log(db_engine, admin)) == before


def test_a_turned_off_host_gets_no_more_data_and_writes_no_row(db_engine):
    host = staff(db_engine, "association_host", "host@example.org")
    admin = staff(db_engine, "admin", "admin@example.org")
    token = accounts.sign_in(db_engine, "host@example.org", PASSWORD).token
    ws = workshops.create_workshop(db_engine, host, "工作坊", dt.date(2026, 12, 4))
    workshops.link_saved(db_engine, workshops.join(db_engine, ws.join_code).token, save_firm(db_engine).code)
    assert workshops.dashboard(db_engine, accounts.current_staff(db_engine, token), ws.id, advice=False).finished == 1
    accounts.set_active(db_engine, "host@example.org", False)
    before = len(access.audit_log(db_engine, admin))
    with pytest.raises(SessionExpired):  # what the dashboard's refresh asks before any firm data
        accounts.current_staff(db_engine, token)
    assert len(access.audit_log(db_engine, admin)) == before


def test_the_save_page_shows_the_firm_who_looked(app_db):
    from apptest_helpers import SAVE, start

    host = staff(app_db, "association_host", "host@example.org")
    firm = save_firm(app_db)
    ws = workshops.create_workshop(app_db, host, "彰化場", dt.date(2026, 12, 4))
    workshops.link_saved(app_db, workshops.join(app_db, ws.join_code).token, firm.code)
    workshops.dashboard(app_db, host, ws.id, advice=False)
    at = start(SAVE, session={"resume_code": firm.code})
    assert "誰看過我們的資料（1 筆紀錄）" in [e.label for e in at.expander]
    log = at.dataframe[0].value
    assert list(log["工作人員"]) == ["host@example.org"]
    assert list(log["動作"]) == ["查看工作坊統計"]
