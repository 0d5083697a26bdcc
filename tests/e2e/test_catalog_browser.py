"""Browser: measures for what the firm has and programmes that are open, in both languages.

A new owner does the quick estimate (electronics, electricity only): the measures page lists no chiller or
compressor measure until the owner says there is one; the programmes page shows only confirmed-running
programmes as matches and folds the ended and unconfirmed ones with the date last checked; a supplier sees what
joining a 1+N team costs instead of the lead firm's calculator. Screenshots go to tests/e2e/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app

import core

from test_advice_browser import _choose, _open_advice_page, _type


def T(key: str, lang: str = "zh-TW", **p) -> str:
    return core.t(key, lang, **p)


@pytest.mark.e2e
def test_measures_only_for_what_the_firm_has_and_open_programmes(page: Page, app_url: str, shots):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name=T("checkup.home.quick_link")).or_(
        page.get_by_role("link", name=T("checkup.home.quick_link"))).first.click()
    wait_for_app(page)
    _choose(page, T("checkup.company.year"), "2024")
    _choose(page, T("checkup.company.industry"), "26 " + T("checkup.industry.c26"))
    _type(page, T("checkup.company.employees"), "12")
    _type(page, T("checkup.electricity.kwh"), "600,000")

    _open_advice_page(page, "app.nav.measures")
    expect(page.get_by_role("heading", name=T("measures.page.title"))).to_be_visible()
    chw = T("measures.name.chilled_water_temperature")
    expect(page.get_by_text(chw)).to_have_count(0)  # no chiller said: no chiller measure
    expect(page.get_by_text(T("measures.name.compressed_air_leaks"))).to_have_count(0)
    chillers = page.get_by_test_id("stExpander").filter(
        has=page.get_by_text(T("measures.page.q.chillers"), exact=True)).first
    chillers.locator("summary").click()
    chillers.get_by_text(T("measures.page.q.has")).click()
    wait_for_app(page)
    expect(page.get_by_text(chw).filter(visible=True).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "catalog_measures_zh_1280.png")

    _open_advice_page(page, "app.nav.programmes")
    expect(page.get_by_role("heading", name=T("programmes.page.title"))).to_be_visible()
    folded = page.get_by_test_id("stExpander").filter(has_text="已結束或狀態未確認的方案").first
    expect(folded).to_be_visible()
    expect(folded.get_by_text("最後查證 2026-12-04").filter(visible=True)).to_have_count(0)  # closed by default
    folded.locator("summary").click()
    expect(folded.get_by_text("最後查證 2026-12-04").filter(visible=True).first).to_be_visible()
    # a supplier sees what joining costs; the calculator is for lead firms
    expect(page.get_by_text(T("programmes.page.supplier_costs_title")).first).to_be_visible()
    expect(page.get_by_label(T("programmes.page.suppliers"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "catalog_programmes_zh_1280.png")

    # the same in English (the language switch in the sidebar)
    page.get_by_role("button", name="English", exact=True).or_(page.get_by_text("English", exact=True)).first.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=T("programmes.page.title", "en"))).to_be_visible()
    folded = page.get_by_test_id("stExpander").filter(has_text="Ended or not confirmed running").first
    folded.locator("summary").click()
    expect(folded.get_by_text("last checked 2026-12-04").filter(visible=True).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_shot(page, shots / "catalog_programmes_en_1280.png")
