"""Browser: two app servers on one PostgreSQL run one workshop; the host's session survives a reload and ends at once.

Server A and server B share one database (a fresh schema on TEST_DATABASE_URL), as behind a load balancer.
The host signs in and watches on A; one participant joins and sends a checkup on A, the other on B; the
host's dashboard, refreshing on its own, counts both. A reload keeps the host signed in (on B too: the
browser keeps the session token); an administrator turning the account off stops the dashboard at its
next refresh, and a reload then says the session has ended.
"""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, expect

from st_server import streamlit_server
from st_wait import full_page_shot, wait_for_app, metric as _metric

import core
import core.storage as storage
from conftest_pg import PG_URL, ROOT, SKIP_PG, _database
from core import accounts
from core.accounts import cli as staff_cli
from core.accounts import workshops

PASSWORD = "correct horse battery staple"
T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731
REFRESH_MS = 25_000  # the dashboard refreshes every 10 s; a busy machine may take longer


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, browser):
    if SKIP_PG:
        pytest.skip("TEST_DATABASE_URL not set")
    tmp = tmp_path_factory.mktemp("two_servers")
    with ExitStack() as stack:
        db_url = stack.enter_context(_database("postgresql", tmp, "e2e"))
        assert PG_URL and db_url.startswith("postgresql")
        staff_cli.staff_create("host@example.org", "association_host", PASSWORD, name="王主持", association="台灣區螺絲工業同業公會",
                               url=db_url)
        urls = []
        for name in ("a", "b"):
            (tmp / name).mkdir()
            urls.append(stack.enter_context(streamlit_server(db_url, tmp / name)))
        for url in urls:  # warm up (the first deep link of a fresh server, see test_workshop.py)
            warm = browser.new_page()
            warm.goto(url)
            wait_for_app(warm)
            warm.close()
        engine = storage.make_engine(db_url)
        yield urls, engine
        engine.dispose()


def _participant(browser: Browser, url: str, code: str, engine, kwh: float, name: str, shots, n: int) -> None:
    ctx = browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844})
    p = ctx.new_page()
    p.goto(workshops.join_url(url, code))
    wait_for_app(p)
    p.get_by_role("textbox", name=T("staff.join.firm_name"), exact=True).fill(name)
    p.get_by_role("button", name=T("staff.join.submit")).click()
    wait_for_app(p)
    data = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))
    data["electricity"] = {"kwh": kwh}
    checkup = core.parse_checkup(data)
    receipt = storage.save_checkup(engine, core.to_data(checkup), core.compute(checkup))
    p.get_by_role("textbox", name=T("staff.join.resume_code"), exact=True).fill(receipt.code)
    p.get_by_text(T("staff.room.share")).click()  # nothing reaches the room until the firm ticks "share"
    p.get_by_role("button", name=T("staff.join.send")).click()
    wait_for_app(p)
    expect(p.get_by_text(T("staff.join.sent"))).to_be_visible()
    expect(p.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(p, shots / f"two-servers-participant-{n}.png")
    ctx.close()


def test_a_workshop_across_two_servers_and_a_host_session_that_reloads_and_ends(two_servers, browser: Browser, shots):
    (url_a, url_b), engine = two_servers
    host_ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    host = host_ctx.new_page()
    host.goto(f"{url_a}/signin")
    wait_for_app(host)
    host.get_by_role("textbox", name=T("staff.login.email"), exact=True).fill("host@example.org")
    host.get_by_label(T("staff.login.password"), exact=True).fill(PASSWORD)
    host.get_by_role("button", name=T("staff.login.submit")).click()
    wait_for_app(host)
    expect(host.get_by_text(T("staff.login.sign_out"))).to_be_visible()
    host.get_by_role("link", name=T("staff.nav.workshops")).first.click()
    wait_for_app(host)
    host.get_by_role("textbox", name=T("staff.workshop.name"), exact=True).fill("雙伺服器工作坊")
    host.get_by_role("button", name=T("staff.workshop.create")).click()
    wait_for_app(host)
    me = next(s for s in accounts.list_staff(engine) if s.email == "host@example.org")
    ws = workshops.my_workshops(engine, me)[0]
    expect(_metric(host, T("staff.dashboard.joined"))).to_have_text("0")

    _participant(browser, url_a, ws.join_code, engine, 100_000, "甲廠（A 伺服器）", shots, 1)
    _participant(browser, url_b, ws.join_code, engine, 150_000, "乙廠（B 伺服器）", shots, 2)
    # no click: the dashboard refreshes on its own and sees the participants of both servers
    expect(_metric(host, T("staff.dashboard.finished"))).to_have_text("2", timeout=REFRESH_MS)
    expect(_metric(host, T("staff.dashboard.joined"))).to_have_text("2")
    full_page_shot(host, shots / "two-servers-host.png")

    # a reload keeps the host signed in, on this server and on the other one
    host.reload()
    wait_for_app(host)
    expect(host.get_by_text(T("staff.login.sign_out"))).to_be_visible(timeout=REFRESH_MS)
    expect(_metric(host, T("staff.dashboard.finished"))).to_have_text("2", timeout=REFRESH_MS)
    other = host_ctx.new_page()
    other.goto(f"{url_b}/workshops")
    wait_for_app(other)
    expect(_metric(other, T("staff.dashboard.finished"))).to_have_text("2", timeout=REFRESH_MS)
    other.close()

    # the account is turned off: the next refresh shows no firm data, and says why
    accounts.set_active(engine, "host@example.org", False)
    expect(host.get_by_text(T("staff.login.expired"))).to_be_visible(timeout=REFRESH_MS)
    expect(host.get_by_test_id("stMetric")).to_have_count(0)
    full_page_shot(host, shots / "two-servers-host-ended.png")
    host.reload()
    wait_for_app(host)
    expect(host.get_by_text(T("staff.login.expired"))).to_be_visible(timeout=REFRESH_MS)
    expect(host.get_by_test_id("stMetric")).to_have_count(0)
    expect(host.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(host, shots / "two-servers-host-reload-ended.png")
    host_ctx.close()


def test_signing_out_forgets_the_session_in_the_browser(two_servers, browser: Browser):
    (url_a, url_b), engine = two_servers
    accounts.create_staff(engine, "second@example.org", "association_host", PASSWORD, name="第二位主持人")
    ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(f"{url_b}/signin")
    wait_for_app(page)
    page.get_by_role("textbox", name=T("staff.login.email"), exact=True).fill("second@example.org")
    page.get_by_label(T("staff.login.password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=T("staff.login.submit")).click()
    wait_for_app(page)
    page.get_by_role("button", name=T("staff.login.sign_out")).click()
    wait_for_app(page)
    expect(page.get_by_role("button", name=T("staff.login.submit"))).to_be_visible(timeout=REFRESH_MS)
    page.goto(f"{url_a}/workshops")  # a reload, on the other server: asked to sign in, not signed in, not "ended"
    wait_for_app(page)
    expect(page.get_by_text(T("staff.login.please_sign_in"))).to_be_visible(timeout=REFRESH_MS)
    expect(page.get_by_text(T("staff.login.sign_out"))).to_have_count(0)
    ctx.close()
