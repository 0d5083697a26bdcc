"""Browser: a host creates a workshop, two participants join in their own browsers, the host's dashboard shows
both; a helpline agent finds a case by its number.

The server here is started by this module (not the shared ``app_url``) because the staff accounts must be
created from the command line in *its* database before anyone signs in. The browser, its arguments and the
screenshot folder come from tests/e2e/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from st_server import streamlit_server
from st_wait import full_page_shot, wait_for_app, metric as _metric, no_exception as _no_exception

import core
import core.storage as storage
from core import accounts
from core.accounts import cli as staff_cli
from core.accounts import helpline, workshops

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731  texts from the catalogue


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("staff_e2e")
    db_url = f"sqlite:///{tmp}/e2e-staff.db"
    # staff accounts are made from the command line (the same functions `python -m core staff create` runs)
    staff_cli.staff_create("host@example.org", "association_host", PASSWORD, name="王主持", association="台灣區螺絲工業同業公會", url=db_url)
    staff_cli.staff_create("agent@example.org", "helpline_agent", PASSWORD, name="李專員", url=db_url)
    with streamlit_server(db_url, tmp) as url:
        # Warm up: on a fresh server, Streamlit answers the very first deep link (e.g. /signin) with a
        # "Page not found" dialog when the entry script sits next to a pages/ folder; later sessions are fine.
        warm = browser.new_page()
        warm.goto(url)
        wait_for_app(warm)
        warm.close()
        engine = storage.make_engine(db_url)
        yield url, engine
        engine.dispose()


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/signin")
    wait_for_app(page)
    page.get_by_role("textbox", name=T("staff.login.email"), exact=True).fill(email)
    page.get_by_label(T("staff.login.password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=T("staff.login.submit")).click()
    wait_for_app(page)
    expect(page.get_by_text(T("staff.login.sign_out"))).to_be_visible()


def _go(page: Page, nav_key: str) -> None:
    page.get_by_role("link", name=T(nav_key)).first.click()
    wait_for_app(page)


def test_host_sees_two_participants_join_and_finish(staff_app, browser: Browser, shots):
    url, engine = staff_app
    host_ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    host = host_ctx.new_page()
    _sign_in(host, url, "host@example.org")
    _go(host, "staff.nav.workshops")
    host.get_by_role("textbox", name=T("staff.workshop.name"), exact=True).fill("彰化螺絲業碳盤查工作坊")
    host.get_by_role("button", name=T("staff.workshop.create")).click()
    wait_for_app(host)
    from core.storage.tables import Workshop
    from sqlmodel import Session, select

    with Session(engine) as s:
        ws = s.exec(select(Workshop).where(Workshop.name == "彰化螺絲業碳盤查工作坊")).one()
    code = ws.join_code
    expect(host.get_by_text(code, exact=True).first).to_be_visible()
    expect(host.get_by_test_id("stImage").first).to_be_visible()  # the QR code
    expect(_metric(host, T("staff.dashboard.joined"))).to_have_text("0")
    _no_exception(host)

    # two owners, each in their own browser: one scans the QR code (the link), one types the code
    saved = []
    for i, (how, name, show) in enumerate((("link", "範例螺絲甲", True), ("typed", "不具名螺絲乙", False))):
        ctx = browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844})
        p = ctx.new_page()
        if how == "link":
            p.goto(workshops.join_url(url, code))
        else:
            p.goto(f"{url}/join")
        wait_for_app(p)
        if how == "typed":
            p.get_by_role("textbox", name=T("staff.join.code"), exact=True).fill(code.lower())
        p.get_by_role("textbox", name=T("staff.join.firm_name"), exact=True).fill(name)
        if show:
            p.get_by_text(T("staff.join.show_name")).click()
            p.get_by_text(T("staff.room.share")).click()  # one ticks "share" as it joins, the other when it sends
        p.get_by_role("button", name=T("staff.join.submit")).click()
        wait_for_app(p)
        expect(p.get_by_text(T("staff.join.joined", name=ws.name, date=ws.event_date.isoformat()))).to_be_visible()
        _no_exception(p)
        # the owner saves a checkup (its walk-through has its own browser test) and sends it to the room
        data = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))
        data["electricity"] = {"kwh": 100_000 + 50_000 * i}
        checkup = core.parse_checkup(data)
        receipt = storage.save_checkup(engine, core.to_data(checkup), core.compute(checkup))
        saved.append(receipt)
        p.get_by_role("textbox", name=T("staff.join.resume_code"), exact=True).fill(receipt.code)
        if not show:
            expect(p.get_by_text(T("staff.room.not_shared"))).to_be_visible()
            p.get_by_role("button", name=T("staff.join.send")).click()  # not ticked: nothing is sent
            wait_for_app(p)
            expect(p.get_by_text(T("staff.room.share_needed"))).to_be_visible()
            assert workshops.dashboard(engine, _host(engine), ws.id, advice=False).finished == i  # only the first
            p.get_by_text(T("staff.room.share")).click()
        p.get_by_role("button", name=T("staff.join.send")).click()
        wait_for_app(p)
        expect(p.get_by_text(T("staff.join.sent"))).to_be_visible()
        full_page_shot(p, shots / f"workshop-participant-{i + 1}.png")
        ctx.close()

    host.get_by_role("button", name=T("staff.workshop.refresh")).click()
    wait_for_app(host)
    expect(_metric(host, T("staff.dashboard.joined"))).to_have_text("2")
    expect(_metric(host, T("staff.dashboard.finished"))).to_have_text("2")
    table = host.get_by_test_id("stDataFrame").last
    expect(table).to_be_visible()
    # the named firm shows by name, the other only as "廠商 2" (checked in core; the grid is a canvas)
    board = workshops.dashboard(engine, _host(engine), ws.id, advice=False)
    assert [r.label for r in board.rows] == ["範例螺絲甲", "#2"]
    _no_exception(host)
    full_page_shot(host, shots / "workshop-host-dashboard.png")
    host.get_by_text(T("staff.workshop.projector")).click()
    wait_for_app(host)
    expect(_metric(host, T("staff.dashboard.finished"))).to_have_text("2")
    expect(host.get_by_label(T("staff.workshop.choose"))).to_have_count(0)
    full_page_shot(host, shots / "workshop-projector.png")
    _no_exception(host)
    host_ctx.close()


def _host(engine):
    return next(s for s in accounts.list_staff(engine) if s.role == "association_host")


def test_helpline_agent_finds_a_case_by_number(staff_app, browser: Browser, shots):
    url, engine = staff_app
    agent = next(s for s in accounts.list_staff(engine) if s.role == "helpline_agent")
    earlier = helpline.open_case(engine, agent, "鹿港五金行", "04-777-1234")
    helpline.add_note(engine, agent, earlier.id, "上週來電：問電費單怎麼看")
    helpline.set_status(engine, agent, earlier.id, "call_back", dt.date(2026, 12, 3))
    helpline.open_case(engine, agent, "另一家", "02-000-0000")

    ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    _sign_in(page, url, "agent@example.org")
    _go(page, "staff.nav.helpline")
    page.get_by_role("textbox", name=T("staff.helpline.number"), exact=True).fill(earlier.number.lower().replace("-", " "))
    page.get_by_role("button", name=T("staff.helpline.search")).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=T("staff.helpline.case", number=earlier.number))).to_be_visible()
    expect(page.get_by_text("鹿港五金行").first).to_be_visible()
    # a call note with its time goes into the history
    page.get_by_role("textbox", name=T("staff.helpline.note"), exact=True).fill("回電：已寄出電費單範例")
    page.get_by_role("button", name=T("staff.helpline.add_note")).click()
    wait_for_app(page)
    notes = helpline.history(engine, agent, earlier.id)
    assert notes[-1].text == "回電：已寄出電費單範例" and notes[-1].kind == "note"
    # the quick estimate in call order gives the caller a resume code
    page.get_by_role("spinbutton", name=T("staff.helpline.field.year"), exact=True).fill("2024")
    page.get_by_role("spinbutton", name=T("staff.helpline.field.kwh"), exact=True).fill("150000")
    page.get_by_role("spinbutton", name=T("staff.helpline.field.employees"), exact=True).fill("8")
    page.get_by_role("button", name=T("staff.helpline.save_estimate")).click()
    wait_for_app(page)
    expect(page.get_by_text(T("staff.helpline.record_code_sent"))).to_be_visible()
    assert helpline.get_case(engine, agent, earlier.id).linked
    expect(_metric(page, T("staff.dashboard.total"))).to_have_text("71.1", timeout=20_000)  # 150,000 kWh × 0.474 kg/kWh (2024)
    _no_exception(page)
    full_page_shot(page, shots / "helpline-case.png")
    # a wrong number finds nothing and says so
    page.get_by_role("textbox", name=T("staff.helpline.number"), exact=True).fill("HL-1999-00001")
    page.get_by_role("button", name=T("staff.helpline.search")).click()
    wait_for_app(page)
    expect(page.get_by_text(T("staff.errors.access_denied"))).to_be_visible()
    ctx.close()
