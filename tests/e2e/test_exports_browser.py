"""A firm uploads its checkup file, opens the results and downloads the three customer formats.

The file is examples/screws.yaml (450 t of 7318 15 bolts, 520 t of Taiwanese wire rod at the EU default 2.298
tCO2e/t). Screenshots go to tests/e2e/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from st_wait import full_page_shot, wait_for_app

import core

T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "screws.yaml"


def test_upload_then_download_cbam_moenv_and_vsme(browser, app_url: str, shots, tmp_path):
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("link", name=T("app.nav.save")).first.click()
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(str(EXAMPLE))
    wait_for_app(page, 1500)
    full_page_shot(page, shots / "save_uploaded.png")
    page.get_by_role("link", name=T("app.nav.results")).first.click()
    wait_for_app(page, 1500)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name=T("exports.ui.title"))).to_be_visible()
    sheets = {}
    for key, name in (("cbam", T("exports.ui.cbam")), ("moenv", T("exports.ui.moenv")), ("vsme", T("exports.ui.vsme"))):
        with page.expect_download() as info:
            page.get_by_role("button", name=name).click()
        path = tmp_path / f"{key}.xlsx"
        info.value.save_as(path)
        sheets[key] = load_workbook(path).sheetnames
    assert "E Summary per product" in sheets["cbam"] and "說明 (zh-TW)" in sheets["cbam"]
    assert "表三 排放源鑑別" in sheets["moenv"]
    assert "B3 Energy and GHG" in sheets["vsme"]
    page.get_by_role("heading", name=T("exports.ui.title")).scroll_into_view_if_needed()
    full_page_shot(page, shots / "results_exports.png")
    context.close()
