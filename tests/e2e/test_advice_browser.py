"""Browser: a new owner does the quick estimate, then answers about an old 37 kW air compressor on the measures
page and sees the compressor measures appear; the programmes page then points a small firm to the SME
carbon health check. Screenshots go to tests/e2e/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app, type_into as _type, choose as _choose

import core

T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731  texts come from the catalogue, not copies


def _open_advice_page(page: Page, nav_key: str) -> None:
    page.get_by_test_id("stTopNavSection").filter(has_text=T("app.nav.section_advice")).click()  # the top bar's menu
    page.get_by_text(T(nav_key), exact=True).filter(visible=True).first.click()
    wait_for_app(page)


@pytest.mark.e2e
def test_an_old_compressor_brings_the_compressor_measures(page: Page, app_url: str, shots):
    page.goto(app_url)  # from the home page, as a new owner would (and not a deep link into a fresh server)
    wait_for_app(page)
    page.get_by_role("button", name=T("checkup.home.quick_link")).or_(page.get_by_role("link", name=T("checkup.home.quick_link"))).first.click()
    wait_for_app(page)
    _choose(page, T("checkup.company.year"), "2024")
    _choose(page, T("checkup.company.industry"), "25 " + T("checkup.industry.c25"))
    _type(page, T("checkup.company.employees"), "8")
    _type(page, T("checkup.electricity.kwh"), "150,000")

    _open_advice_page(page, "app.nav.measures")
    expect(page.get_by_role("heading", name=T("measures.page.title"))).to_be_visible()
    vfd = T("measures.name.compressor_vfd")
    expect(page.get_by_text(vfd)).to_have_count(0)  # nothing known about compressors yet

    compressors = page.get_by_test_id("stExpander").filter(has=page.get_by_text(T("measures.page.q.air_compressors"), exact=True)).first
    compressors.locator("summary").click()
    _type(page, T("measures.page.q.kw"), "37", within=compressors)
    _type(page, T("measures.page.q.age_years"), "15", within=compressors)

    expect(page.get_by_text(vfd).filter(visible=True).first).to_be_visible()
    for mid in ("compressor_pressure_setpoint", "compressed_air_leaks"):
        expect(page.get_by_text(T(f"measures.name.{mid}")).filter(visible=True).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "measures_compressor_1280.png")

    _open_advice_page(page, "app.nav.programmes")
    expect(page.get_by_role("heading", name=T("programmes.page.title"))).to_be_visible()
    # 中企署's own service, where it fits: its 2026 round is known from press reports only, so it sits in the folded list
    page.get_by_test_id("stExpander").filter(has_text="已結束或狀態未確認的方案").locator("summary").first.click()
    expect(page.get_by_text("中小企業碳健檢").filter(visible=True).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "programmes_1280.png")
