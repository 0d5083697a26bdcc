"""A new user in a real browser: quick estimate → full inventory → save → resume link in a fresh browser.

Numbers worked by hand (2024 factors; AR5 GWPs):
  electricity 150,000 kWh × 0.474 kgCO2e/kWh (經濟部能源署 113年度) = 71.1 t
  diesel 2,000 L: 2,000 × 8,629 kcal/L × 4.1868e-9 TJ/kcal × 74,343 kgCO2e/TJ = 5.372 t → quick total 76.5 t
  R-410A air conditioners 3 kg × 5 × 3 %/yr × GWP 1,923.5 = 0.866 t
  septic 8 people × 2,400 h × 0.00159375 kgCH4/h × 28 = 0.857 t → full total 78.195 t = 78.2 t
The same walk at 1280 px and at a 390 px phone width; screenshots go to tests/e2e/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app, type_into as _type, choose as _choose, click as _click, metric as _metric, no_exception as _no_exception

import core

T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731  texts come from the catalogue, not copies


@pytest.mark.parametrize("width", [1280, 390])
def test_new_user_walks_through_and_resumes(browser, app_url: str, shots, width: int):
    context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name=T("checkup.home.title"))).to_be_visible()
    full_page_shot(page, shots / f"home_{width}.png")

    # ---- quick estimate
    _click(page, T("checkup.home.quick_link"))
    expect(page).to_have_url(re.compile(r"/quick$"))
    _choose(page, T("checkup.company.year"), "2024")
    _choose(page, T("checkup.company.industry"), "25 " + T("checkup.industry.c25"))
    _type(page, T("checkup.company.employees"), "8")
    _type(page, T("checkup.electricity.kwh"), "150,000")
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text("71.1 公噸 CO₂e")
    _choose(page, T("checkup.quick.fuel"), "柴油")
    _type(page, T("checkup.fuels.amount"), "2000")
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text("76.5 公噸 CO₂e")
    _no_exception(page)
    full_page_shot(page, shots / f"quick_{width}.png")

    # ---- full inventory, carrying the answers over
    page.get_by_role("link", name=T("checkup.quick.continue")).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/inventory\?draft=[\w-]{43}$"))  # the answers so far are a draft
    _type(page, T("checkup.company.name"), "範例螺絲")
    full_page_shot(page, shots / f"inventory_1_company_{width}.png")
    _click(page, T("checkup.inventory.next"))
    expect(page.get_by_label(T("checkup.electricity.kwh"), exact=True)).to_have_value("150,000")
    full_page_shot(page, shots / f"inventory_2_electricity_{width}.png")
    _click(page, T("checkup.inventory.next"))
    expect(page.get_by_label(T("checkup.fuels.amount"), exact=True)).to_have_value("2,000")
    _click(page, T("checkup.inventory.next"))
    _click(page, T("checkup.refrigerants.add"))
    _type(page, T("checkup.refrigerants.charge_kg"), "-3")
    expect(page.get_by_test_id("stAlert").filter(has_text=T("errors.negative"))).to_be_visible()  # inline, in Chinese
    full_page_shot(page, shots / f"inventory_4_error_{width}.png")
    _type(page, T("checkup.refrigerants.charge_kg"), "3")
    _type(page, T("checkup.refrigerants.count"), "5")
    expect(page.get_by_test_id("stAlert").filter(has_text=T("errors.negative"))).to_have_count(0)
    full_page_shot(page, shots / f"inventory_4_refrigerants_{width}.png")
    _click(page, T("checkup.inventory.next"))
    page.get_by_text(T("checkup.other.septic_on")).click()
    wait_for_app(page)
    _type(page, T("checkup.other.septic_hours"), "2400")
    full_page_shot(page, shots / f"inventory_5_other_{width}.png")
    _click(page, T("checkup.inventory.next"))
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text("78.2 公噸 CO₂e")
    expect(_metric(page, T("checkup.results.scope2"))).to_have_text("71.1 公噸 CO₂e")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    _no_exception(page)
    full_page_shot(page, shots / f"inventory_6_results_{width}.png")

    # ---- back and forward lose nothing
    _click(page, T("checkup.inventory.back"))
    _click(page, T("checkup.inventory.back"))
    expect(page.get_by_label(T("checkup.refrigerants.charge_kg"), exact=True)).to_have_value("3")

    # ---- save
    _click(page, T("checkup.inventory.next"))
    _click(page, T("checkup.inventory.next"))
    _click(page, T("checkup.results.go_save"))
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/save\?draft=[\w-]{43}$"))
    _click(page, T("checkup.save.save_button"))
    expect(page).to_have_url(re.compile(r"/save$"))  # saved with a resume code: the draft is gone from the address
    codes = page.get_by_test_id("stCode")
    expect(codes.first).to_be_visible()
    code = codes.nth(0).inner_text().strip()
    link = codes.nth(1).inner_text().strip().replace("\n", "")
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{5}){3}", code), code
    assert link.endswith(f"/save?resume={code}"), link
    full_page_shot(page, shots / f"save_{width}.png")
    context.close()

    # ---- the resume link in a fresh browser context
    fresh = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
    page = fresh.new_page()
    page.goto(link)
    wait_for_app(page, 800)
    expect(page.get_by_test_id("stAlert").filter(has_text=T("checkup.resume.opened", year=2024))).to_be_visible()
    page.get_by_role("link", name=T("checkup.save.see_results")).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/results$"))
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text("78.2 公噸 CO₂e")
    expect(_metric(page, T("checkup.results.scope1"))).to_have_text("7.1 公噸 CO₂e")  # 5.372 + 0.866 + 0.857
    # the browser's own back and forward buttons keep the answers too
    page.go_back()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/save"))
    page.go_forward()
    wait_for_app(page)
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text("78.2 公噸 CO₂e")
    page.get_by_text(T("checkup.results.workings_title")).click()
    wait_for_app(page)
    _no_exception(page)
    full_page_shot(page, shots / f"results_resumed_{width}.png")
    if width == 1280:
        # the PDF report is built when its button is pressed and arrives as a download
        with page.expect_download(timeout=90_000) as download:
            page.get_by_role("button", name=T("checkup.report_download.pdf")).click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    fresh.close()


def test_english_by_address(page: Page, app_url: str, shots):
    page.goto(f"{app_url}/quick?lang=en")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=core.t("checkup.quick.title", "en"))).to_be_visible()
    full_page_shot(page, shots / "quick_en_1280.png")
