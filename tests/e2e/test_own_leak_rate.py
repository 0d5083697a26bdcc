"""A firm that knows its own refrigerant leak rate types it in the refrigerants step and sees it used.

Worked by hand: R-410A (GWP 1,923.5 = 50 % × 677 + 50 % × 3,170, AR5) air conditioners, 3 kg × 5 units
  with the default 3 %/yr: 0.866 t; with the firm's own 4 %/yr: 3 × 5 × 0.04 × 1,923.5 / 1000 = 1.154 t.
"""

from __future__ import annotations

from playwright.sync_api import expect

from st_wait import full_page_shot, wait_for_app, type_into as _type, click as _click

import core

T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731


def test_own_leak_rate_replaces_the_default(browser, app_url: str, shots):
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("link", name=T("app.nav.inventory")).first.click()
    wait_for_app(page)
    for _ in range(3):  # company, electricity, fuels: nothing to enter
        _click(page, T("checkup.inventory.next"))
    _click(page, T("checkup.refrigerants.add"))
    _type(page, T("checkup.refrigerants.charge_kg"), "3")
    _type(page, T("checkup.refrigerants.count"), "5")
    _type(page, T("checkup.refrigerants.leak_rate_pct"), "4")
    full_page_shot(page, shots / "own_leak_rate_step.png")
    _click(page, T("checkup.inventory.next"))
    _click(page, T("checkup.inventory.next"))
    total = page.get_by_test_id("stMetric").filter(has_text=T("checkup.results.scope1")).get_by_test_id("stMetricValue")
    expect(total).to_have_text("1.2 公噸 CO₂e")  # 1.154 t
    expect(page.get_by_text(T("flags.own_leak_rate", rate="4.0%"))).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "own_leak_rate_results.png")
    context.close()
