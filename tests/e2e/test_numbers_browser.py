"""Browser: numbers read the way the owner meant them (issue 11, points 2, 4, 5, 6), at 1280 px and 390 px.

Worked by hand (factors of the default inventory year, last calendar year):
- EU screws: 螺絲螺帽 is CN 7318, an Annex I good, so the CBAM help desk (經濟部 CBAM 專線) moves to 符合.
- 4,000 of 桶裝瓦斯: the unit starts at 公斤, so 4,000 is 4,000 kg (the working line says so), with no unit question.
- Seven bimonthly bills typed as printed, 民國 years, each starting the day after the last one ends, cover the
  year: no "缺少" note.
- 150,000,000 度 with a 150 kW contract: above 150 × 8,760 = 1,314,000 度, so "是不是多打了三個 0？" at the field and
  with the results; the results are still there.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app, type_into as _type, click as _click, no_exception as _no_exception

import core

YEAR = dt.date.today().year - 1  # the inventory year a new checkup starts with
ROC = YEAR - 1911


def T(key: str, lang: str = "zh-TW", **p) -> str:
    return core.t(key, lang, **p)


def _start_inventory(browser, width: int, lang: str = "zh-TW"):
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(APP["url"] + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page)
    _click(page, T("checkup.home.full_link", lang))
    return context, page


APP: dict[str, str] = {}  # the session's server address, set by the fixture below


@pytest.fixture(autouse=True)
def _url(app_url):
    APP["url"] = app_url


def _step(page: Page, n: int, lang: str = "zh-TW") -> None:
    """Open step n (1-based) of the inventory with the step switch."""
    name = T(f"checkup.steps.{('company', 'electricity', 'fuels', 'refrigerants', 'other', 'results')[n - 1]}", lang)
    page.get_by_text(re.compile(rf"^\W*{n}\. {re.escape(name)}$")).first.click()
    wait_for_app(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_eu_screws_make_cbam_fit_in_the_page_and_the_pdf(browser, shots, width, tmp_path):
    context, page = _start_inventory(browser, width)
    _type(page, T("checkup.company.employees"), "12")
    page.get_by_text(T("checkup.company.eu.sells"), exact=True).click()
    wait_for_app(page)
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("螺絲")
    page.get_by_role("option", name=core.inventory.goods.good_label("fasteners")).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(page.get_by_text("CN 7318").first).to_be_visible()
    expect(page.get_by_text("還沒填年產量").first).to_be_visible()  # chosen without production: a question, not a stop
    _type(page, T("checkup.company.eu.tonnes"), "450")
    expect(page.get_by_text("還沒填年產量")).to_have_count(0)  # the answer has reached the server
    full_page_shot(page, shots / f"numbers_eu_goods_{width}.png")
    _step(page, 2)
    _type(page, T("checkup.electricity.kwh"), "150,000")
    _step(page, 6)
    expect(page.get_by_test_id("stMetric").filter(has_text=T("checkup.results.goods.per_tonne"))).to_be_visible(timeout=15_000)
    with page.expect_download() as dl:
        page.get_by_role("button", name=T("checkup.report_download.pdf")).click()
    pdf = tmp_path / "report.pdf"
    dl.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    desk = next(p for p in core.advice.programmes.load_catalogue().programmes if p.id == "cbam_help_desk").name_zh
    # 符合: a card of its own when the plan calls it, else a row of the "other programmes that fit" table
    fits = [i for i, line in enumerate(text.splitlines()) if re.match(rf"^\s*{T('programmes.match.yes')}\s+{re.escape(desk)}", line)]
    others = text.split(T("report.programmes.other_fits_title"), 1)
    assert fits or (len(others) == 2 and desk[:8] in others[1].split(T("report.programmes.may_fit_title"))[0])
    assert "（CN 7318）屬 CBAM 產品" in text.replace("\n", "")
    if width == 1280:  # the programmes page, through the top bar's menu
        page.get_by_test_id("stTopNavSection").filter(has_text=T("app.nav.section_advice")).click()
        page.get_by_text(T("app.nav.programmes"), exact=True).filter(visible=True).first.click()
        wait_for_app(page)
        yes = page.get_by_role("heading", name=T("programmes.page.section_yes"), exact=True).bounding_box()
        maybe = page.get_by_role("heading", name=T("programmes.page.section_maybe"), exact=True).bounding_box()
        box = page.get_by_test_id("stExpander").filter(has_text=desk).first.bounding_box()
        assert yes["y"] < box["y"] < maybe["y"]  # listed under 符合
        full_page_shot(page, shots / f"numbers_cbam_programmes_{width}.png")
    _no_exception(page)
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_4000_of_bottled_gas_is_4000_kg(browser, shots, width):
    context, page = _start_inventory(browser, width)
    _step(page, 3)
    _click(page, T("checkup.fuels.add"))
    page.get_by_test_id("stSelectbox").filter(has_text=T("checkup.fuels.fuel")).first.click()
    page.get_by_role("option", name=core.inventory.factors.tables()["fuels"]["lpg"]["label_zh"], exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("combobox", name=T("checkup.fuels.unit"), exact=True).first).to_have_value("公斤")
    _type(page, T("checkup.fuels.amount"), "4,000")
    expect(page.get_by_text("請確認單位")).to_have_count(0)
    full_page_shot(page, shots / f"numbers_lpg_kg_{width}.png")
    _step(page, 6)
    page.get_by_test_id("stExpander").filter(has_text=T("checkup.results.workings_title")).locator("summary").click()
    expect(page.get_by_text("4,000.000 kg").first).to_be_attached()  # the working: 4,000 kg, not 4,000 L
    expect(page.get_by_text("4,000.000 L")).to_have_count(0)
    _no_exception(page)
    context.close()


def _bills(roc: int) -> list[tuple[str, str]]:
    """Seven bimonthly bills as printed (the period's last day), the next starting the day after."""
    first = dt.date(roc + 1911 - 1, 12, 5)
    out = []
    for _ in range(7):
        end = first + dt.timedelta(days=61)
        out.append((first, end))
        first = end + dt.timedelta(days=1)
    fmt = lambda d: f"{d.year - 1911}/{d.month:02d}/{d.day:02d}"  # noqa: E731
    return [(fmt(a), fmt(b)) for a, b in out]


@pytest.mark.parametrize("width", [1280, 390])
def test_seven_contiguous_bills_give_no_gap_note(browser, shots, width):
    context, page = _start_inventory(browser, width)
    _step(page, 2)
    page.get_by_text(T("checkup.electricity.method_bills"), exact=True).click()
    wait_for_app(page)
    for i, (a, b) in enumerate(_bills(ROC)):
        _click(page, T("checkup.electricity.add_bill"))
        _type(page, T("checkup.electricity.bill_from"), a, nth=i)
        _type(page, T("checkup.electricity.bill_to"), b, nth=i)
        _type(page, T("checkup.electricity.bill_kwh"), "25,000", nth=i)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    full_page_shot(page, shots / f"numbers_bills_{width}.png")
    _step(page, 6)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(page.get_by_text("缺少")).to_have_count(0)
    expect(page.get_by_text(T("flags.bills_prorated", days=365 if YEAR % 4 else 366, year=YEAR))).to_be_visible()
    full_page_shot(page, shots / f"numbers_bills_results_{width}.png")
    _no_exception(page)
    context.close()


@pytest.mark.parametrize(("width", "lang"), [(1280, "zh-TW"), (390, "zh-TW"), (1280, "en")])
def test_a_thousand_times_the_electricity_warns(browser, shots, width, lang):
    context, page = _start_inventory(browser, width, lang)
    _type(page, T("checkup.company.employees", lang), "12")
    page.get_by_test_id("stExpander").filter(has_text=T("checkup.company.more", lang)).locator("summary").click()
    _type(page, T("checkup.company.contract_kw", lang), "150")
    _step(page, 2, lang)
    _type(page, T("checkup.electricity.kwh", lang), "150,000,000")
    ask = "是不是多打了三個 0？" if lang == "zh-TW" else "Three zeros too many?"
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text=ask).first).to_be_visible()
    full_page_shot(page, shots / f"numbers_kwh_1000x_{width}_{lang}.png")
    _step(page, 6, lang)
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text=ask).first).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_be_visible()  # never blocking
    full_page_shot(page, shots / f"numbers_kwh_1000x_results_{width}_{lang}.png")
    _no_exception(page)
    context.close()
