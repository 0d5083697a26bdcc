"""The offline template, the way an owner uses it: downloaded from the site, filled (here by openpyxl, as Excel
would), uploaded on the save page. It gives the same total as the same data typed in:
  electricity 180,000 kWh × 0.474 kgCO2e/kWh (經濟部能源署 113年度) = 85.32 t
  diesel 2,000 L × 8,629 kcal/L × 4.1868e-9 TJ/kcal × 74,343 kgCO2e/TJ (環境部 2024 附表一, AR5) = 5.372 t
  total 90.692 t → 90.7 公噸 CO₂e
A template with two bad cells is refused with both named by sheet and cell, and the answers on screen stay."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app, type_into as _type, choose as _choose, metric as _metric

import core
from core.reports.template import FIRST_ROW

T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731


def _upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    wait_for_app(page, 800)


def _fill(template: bytes, *, kwh, diesel, year=2024) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    company, elec, fuels = (wb[n] for n in wb.sheetnames[1:4])
    company["B4"], elec["B5"] = year, kwh
    fuels[f"A{FIRST_ROW}"], fuels[f"B{FIRST_ROW}"], fuels[f"C{FIRST_ROW}"] = "柴油", diesel, "公升"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sites_template_filled_and_uploaded_gives_the_typed_total(browser, app_url, shots, tmp_path, width):
    # the same data typed in (quick estimate)
    typed = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
    page = typed.new_page()
    page.goto(f"{app_url}/quick")
    wait_for_app(page)
    _choose(page, T("checkup.company.year"), "2024")
    _type(page, T("checkup.electricity.kwh"), "180,000")
    _choose(page, T("checkup.quick.fuel"), "柴油")
    _type(page, T("checkup.fuels.amount"), "2000")
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text("90.7 公噸 CO₂e")
    typed_total = _metric(page, T("checkup.results.total", year=2024)).inner_text()
    typed.close()

    # the template from the site, filled and brought back
    context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_url}/save")
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=T("files.template_download")).click()
    assert download.value.suggested_filename == T("files.template_name") + ".xlsx"
    template = Path(download.value.path()).read_bytes()
    assert template.startswith(b"PK")
    good = tmp_path / f"filled_{width}.xlsx"
    good.write_bytes(_fill(template, kwh=180000, diesel=2000))
    _upload(page, good)
    expect(page.get_by_test_id("stAlert").filter(has_text=T("checkup.file.loaded", year=2024))).to_be_visible()
    full_page_shot(page, shots / f"template_uploaded_{width}.png")

    # a bad copy: both problems at once, each at its cell; what was read in stays
    bad = tmp_path / f"bad_{width}.xlsx"
    bad.write_bytes(_fill(template, kwh="十八萬", diesel="很多", year=2024))
    _upload(page, bad)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("2 個地方")
    expect(error).to_contain_text("工作表「用電」儲存格 B5")
    expect(error).to_contain_text(f"工作表「燃料」儲存格 B{FIRST_ROW}")
    full_page_shot(page, shots / f"template_refused_{width}.png")

    page.goto(f"{app_url}/results?" + (page.url.split("?", 1)[1] if "?" in page.url else ""))
    wait_for_app(page, 800)
    expect(_metric(page, T("checkup.results.total", year=2024))).to_have_text(typed_total)
    expect(page).to_have_url(re.compile(r"/results"))
    context.close()
