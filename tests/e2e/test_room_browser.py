"""Browser: the host's room of 120 firms (quick estimates without revenue) reads right.

Distributions, not one bar per firm; the intensity per employee, said so; the firm table one page at a time;
the projector without any firm's numbers; the room's workbook made when the host presses; after signing out,
no room and no download.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, expect

from st_server import streamlit_server
from st_wait import full_page_shot, wait_for_app

import core
import core.storage as storage
from core import accounts
from core.accounts import cli as staff_cli
from core.accounts import workshops

PASSWORD = "correct horse battery staple"
T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731
FIRMS = 120


@pytest.fixture(scope="module")
def room(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("room_e2e")
    db_url = f"sqlite:///{tmp}/e2e-room.db"
    staff_cli.staff_create("host@example.org", "association_host", PASSWORD, name="王主持", association="台灣區螺絲工業同業公會", url=db_url)
    engine = storage.make_engine(db_url)
    host = next(s for s in accounts.list_staff(engine) if s.role == "association_host")
    ws = workshops.create_workshop(engine, host, "彰化螺絲業碳盤查工作坊", dt.date(2026, 12, 1))
    for i in range(FIRMS):  # quick estimates: the electricity bill and the head count, no revenue
        data = {"format": "checkup/1", "year": 2024, "electricity": {"kwh": 30_000 + (i * 7919 % 400) * 1_000},
                "company": {"employees": 3 + i % 180}}
        checkup = core.parse_checkup(data)
        receipt = storage.save_checkup(engine, core.to_data(checkup), core.compute(checkup))
        workshops.link_saved(engine, workshops.join(engine, ws.join_code).token, receipt.code,
                             show_name=i % 10 == 0, firm_name=f"具名廠商{i:03d}")
    with streamlit_server(db_url, tmp) as url:
        warm = browser.new_page()
        warm.goto(url)
        wait_for_app(warm)
        warm.close()
        yield url, engine, ws
    engine.dispose()


def test_the_host_sees_the_rooms_distribution_pages_and_exports_on_demand(room, browser: Browser, shots):
    url, engine, ws = room
    ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    page.goto(f"{url}/signin")
    wait_for_app(page)
    page.get_by_role("textbox", name=T("staff.login.email"), exact=True).fill("host@example.org")
    page.get_by_label(T("staff.login.password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=T("staff.login.submit")).click()
    wait_for_app(page)
    page.get_by_role("link", name=T("staff.nav.workshops")).first.click()
    wait_for_app(page)
    metric = lambda label: page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")  # noqa: E731
    expect(metric(T("staff.dashboard.finished"))).to_have_text(str(FIRMS))
    expect(page.get_by_text(T("staff.room.distribution"), exact=True)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    expect(page.get_by_text(T("staff.room.intensity_basis_employee", n=FIRMS), exact=False)).to_be_visible()
    expect(page.get_by_text("0.000000")).to_have_count(0)
    expect(page.get_by_text(T("staff.room.page_of", page=1, pages=3, n=FIRMS, size=workshops.PAGE_SIZE))).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "room-host-120-firms.png")

    # the workbook is made when the host presses, and it is the room's
    with page.expect_download() as dl:
        page.get_by_role("button", name=T("staff.workshop.export")).click()
    import io
    from pathlib import Path

    from openpyxl import load_workbook

    assert dl.value.suggested_filename == f"workshop-2026-12-01-{ws.join_code}.xlsx"
    book = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert book.worksheets[1].max_row == FIRMS + 1
    # the next page of the table
    page.get_by_role("spinbutton", name=T("staff.room.page")).fill("3")
    page.get_by_role("spinbutton", name=T("staff.room.page")).press("Enter")
    wait_for_app(page)
    expect(page.get_by_text(T("staff.room.page_of", page=3, pages=3, n=FIRMS, size=workshops.PAGE_SIZE))).to_be_visible()

    # the projector: the room's figures, no firm's name or number, no export
    page.get_by_text(T("staff.workshop.projector")).click()
    wait_for_app(page)
    expect(page.get_by_text(T("staff.room.projector_note"))).to_be_visible()
    expect(page.get_by_role("button", name=T("staff.workshop.export"))).to_have_count(0)
    expect(page.get_by_text("具名廠商", exact=False)).to_have_count(0)
    full_page_shot(page, shots / "room-projector-120-firms.png")
    page.get_by_text(T("staff.workshop.projector")).click()
    wait_for_app(page)

    # signed out: no room, no download
    page.get_by_role("button", name=T("staff.login.sign_out")).click()
    wait_for_app(page)
    expect(page.get_by_role("button", name=T("staff.workshop.export"))).to_have_count(0)
    expect(metric(T("staff.dashboard.finished"))).to_have_count(0)
    ctx.close()
