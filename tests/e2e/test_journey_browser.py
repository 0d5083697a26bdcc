"""The owner's way, in both languages and at both widths: the quick estimate says which fuel to choose and how far
the full inventory usually is (180,000 kWh × 0.474 = 85.32 t → 94.8 to 106.6 t at 80-90 % coverage); the results
end with the next steps (measures, programmes, the downloads); the save page keeps the draft and the template."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app, type_into as _type, choose as _choose

import core


def _query(page: Page, lang: str) -> str:
    """The draft in the address (a new session opens the same answers), and the language."""
    params = dict(parse_qsl(urlsplit(page.url).query))
    if lang == "en":
        params["lang"] = "en"
    return "?" + urlencode(params) if params else ""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_quick_estimate_results_and_save_guide_the_owner(browser, app_url, shots, lang, width):
    T = lambda key, **p: core.t(key, lang, **p)  # noqa: E731
    suffix = "" if lang == "zh-TW" else "?lang=en"
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/quick{suffix}")
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text(T("guide.quick_fuel_hint").replace("**", ""))).to_be_visible()
    _choose(page, T("checkup.company.year"), "2024")
    _type(page, T("checkup.electricity.kwh"), "180,000")
    gap = page.get_by_test_id("stAlertContentInfo").filter(has_text="80")
    expect(gap).to_contain_text(core.t("app.unit.tco2e_value", lang, value="94.8"))
    expect(gap).to_contain_text(core.t("app.unit.tco2e_value", lang, value="106.6"))
    full_page_shot(page, shots / f"journey_quick_{lang}_{width}.png")

    assert "draft=" in page.url
    page.goto(f"{app_url}/results{_query(page, lang)}")
    wait_for_app(page, 800)
    expect(page.get_by_role("heading", name=T("guide.next_title"), exact=True)).to_be_visible()
    for key in ("guide.next_measures_link", "guide.next_programmes_link"):
        expect(page.get_by_role("link", name=T(key))).to_be_visible()
    expect(page.get_by_role("button", name=T("checkup.report_download.pdf"))).to_be_visible()
    full_page_shot(page, shots / f"journey_results_{lang}_{width}.png")

    page.get_by_role("link", name=T("guide.next_measures_link")).click()
    wait_for_app(page, 800)
    expect(page.get_by_role("heading", name=core.t("measures.page.title", lang)).first).to_be_visible()

    page.goto(f"{app_url}/save{_query(page, lang)}")
    wait_for_app(page, 800)
    expect(page.get_by_role("heading", name=T("drafts.title"))).to_be_visible()
    expect(page.get_by_role("button", name=T("files.template_download"))).to_be_visible()
    full_page_shot(page, shots / f"journey_save_{lang}_{width}.png")
    context.close()
