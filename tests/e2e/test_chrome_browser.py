"""Streamlit's own words in Traditional Chinese (ui/chrome.py): the uploader's button and limit, a text box's
"Press Enter to apply", a select box's "No results". The words drawn are read back from the page's computed
style, so a Streamlit upgrade that renames its elements fails here instead of showing English to an owner."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app

import core

T = lambda key, lang="zh-TW", **p: core.t(key, lang, **p)  # noqa: E731


def _drawn(page: Page, selector: str) -> str:
    """What the page shows in place of an element's own text (its ::after content), and that the text is hidden."""
    return page.evaluate(
        """(sel) => { const el = document.querySelector(sel); if (!el) return 'MISSING';
                      const after = getComputedStyle(el, '::after').content;
                      return getComputedStyle(el).fontSize + ' ' + after; }""", selector)


@pytest.mark.parametrize("width", [1280, 390])
def test_streamlits_words_are_in_taiwans_words(browser, app_url, shots, width):
    context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/save")
    wait_for_app(page)
    expect(page.get_by_test_id("stFileUploaderDropzone")).to_be_visible()
    up = _drawn(page, '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p')
    assert up == f'0px "{T("chrome.upload")}"', up
    limit = _drawn(page, '[data-testid="stFileUploaderDropzoneInstructions"] span')
    assert limit == f'0px "{T("chrome.upload_limit", mb=5)}"', limit
    full_page_shot(page, shots / f"chrome_save_{width}.png")

    page.goto(f"{app_url}/inventory")
    wait_for_app(page)
    box = page.get_by_label(T("checkup.company.name"), exact=True)
    box.click()
    box.type("彰化")
    instructions = page.get_by_test_id("InputInstructions").first
    expect(instructions).to_be_visible()
    enter = _drawn(page, '[data-testid="InputInstructions"] > span:first-child')
    assert enter == f'0px "{T("chrome.press_enter")}"', enter
    page.screenshot(path=shots / f"chrome_press_enter_{width}.png")
    box.press("Enter")
    wait_for_app(page)

    page.get_by_test_id("stSelectbox").filter(has_text=T("checkup.company.industry")).click()
    page.keyboard.type("zzzz")
    page.wait_for_timeout(400)
    none = _drawn(page, '[role="option"][style*="contents"] > span')
    assert none == f'0px "{T("chrome.no_results")}"', none
    page.screenshot(path=shots / f"chrome_no_results_{width}.png")
    context.close()


def test_english_keeps_streamlits_own_words(browser, app_url):
    context = browser.new_context(locale="en", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/save?lang=en")
    wait_for_app(page)
    expect(page.get_by_test_id("stFileUploaderDropzone")).to_be_visible()
    expect(page.get_by_test_id("stFileUploaderDropzone").get_by_role("button", name="Upload", exact=True)).to_be_visible()
    drawn = _drawn(page, '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p')
    assert drawn.endswith("none") or drawn.endswith("normal"), drawn  # nothing drawn over it
    context.close()
