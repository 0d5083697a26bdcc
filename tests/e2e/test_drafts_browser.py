"""Nothing lost: every answer is a draft on the server from the first one, under a key in the address.

A new owner types the first answers of the inventory; a reload (F5), a new tab with the same address and a
restarted server (same database, another port) all show the same answers. Deleting the draft clears them,
and the old address then says the draft is gone. Every page opens by its address, on a fresh server too
(Streamlit's English "Page not found" dialog on /home and on the first session's page was the bug).
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from st_server import streamlit_server
from st_wait import full_page_shot, wait_for_app, type_into as _type, click as _click

import core

T = lambda key, lang="zh-TW", **p: core.t(key, lang, **p)  # noqa: E731

DRAFT_IN_ADDRESS = re.compile(r"[?&]draft=[A-Za-z0-9_-]{43}")


def _no_dialog(page: Page) -> None:
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _query(url: str) -> str:
    return urlsplit(url).query


def _answers_are_back(page: Page) -> None:
    """Step 2 (electricity) shows the kWh typed before; step 1 shows the name and the employees."""
    expect(page.get_by_label(T("checkup.electricity.kwh"), exact=True)).to_have_value("180,000")
    _click(page, T("checkup.inventory.back"))
    expect(page.get_by_label(T("checkup.company.name"), exact=True)).to_have_value("彰化螺絲工業")
    expect(page.get_by_label(T("checkup.company.employees"), exact=True)).to_have_value("12")
    _click(page, T("checkup.inventory.next"))


@pytest.mark.parametrize("width", [1280, 390])
def test_reload_new_tab_and_restarted_server_keep_the_answers(browser, tmp_path, shots, width):
    db = f"sqlite:///{tmp_path}/drafts.db"
    with ExitStack() as stack:
        url = stack.enter_context(streamlit_server(db, tmp_path))
        context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{url}/inventory")
        wait_for_app(page)
        _no_dialog(page)
        assert "draft=" not in page.url  # nothing answered yet: no draft
        _type(page, T("checkup.company.name"), "彰化螺絲工業")
        expect(page).to_have_url(DRAFT_IN_ADDRESS)  # the first answer is kept at once
        _type(page, T("checkup.company.employees"), "12")
        _click(page, T("checkup.inventory.next"))
        _type(page, T("checkup.electricity.kwh"), "180000")
        expect(page.get_by_text(T("drafts.kept", days=30, date="")[:12])).to_be_visible()
        full_page_shot(page, shots / f"draft_kept_{width}.png")
        address = page.url
        assert DRAFT_IN_ADDRESS.search(address)

        # F5 in the middle of the inventory
        page.reload()
        wait_for_app(page, 800)
        _no_dialog(page)
        _answers_are_back(page)
        assert _query(page.url) == _query(address)

        # the same address in a new tab of another browser window (a new session)
        other = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
        tab = other.new_page()
        tab.goto(address)
        wait_for_app(tab, 800)
        _no_dialog(tab)
        _answers_are_back(tab)
        other.close()

        # another page (the results step's button to the save page): the address keeps the key
        for _ in range(4):  # electricity → fuels → refrigerants → other → results
            _click(page, T("checkup.inventory.next"))
        _click(page, T("checkup.results.go_save"))
        expect(page).to_have_url(re.compile(r"/save\?.*draft="))
        expect(page.get_by_text(T("drafts.title"))).to_be_visible()
        context.close()
        stack.close()  # the server stops

    # the server restarts (on another port) with the same database
    with streamlit_server(db, tmp_path) as url2:
        context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{url2}/inventory?{_query(address)}")
        wait_for_app(page, 800)
        _no_dialog(page)
        # back where the owner was (the results step), with every answer
        expect(page.get_by_role("heading", name=T("checkup.results.title"), exact=True)).to_be_visible()
        for _ in range(4):
            _click(page, T("checkup.inventory.back"))
        _answers_are_back(page)
        full_page_shot(page, shots / f"draft_after_restart_{width}.png")

        # the owner deletes the draft: the answers go, and the old address says so
        page.goto(f"{url2}/save?{_query(address)}")
        wait_for_app(page, 800)
        expect(page.get_by_text(T("drafts.title"))).to_be_visible()
        full_page_shot(page, shots / f"draft_save_page_{width}.png")
        _click(page, T("drafts.delete"))
        expect(page.get_by_text(T("drafts.deleted"))).to_be_visible()
        assert "draft=" not in page.url
        page.goto(f"{url2}/inventory?{_query(address)}")
        wait_for_app(page, 800)
        expect(page.get_by_text(T("drafts.gone", days=30))).to_be_visible()
        expect(page.get_by_label(T("checkup.company.name"), exact=True)).to_have_value("")
        full_page_shot(page, shots / f"draft_gone_{width}.png")
        context.close()


PAGES = {  # address → the heading that page shows
    "": "checkup.home.title", "home": "checkup.home.title", "quick": "checkup.quick.title",
    "inventory": "checkup.inventory.title", "results": "checkup.results.page_title", "save": "checkup.save.title",
    "measures": "measures.page.title", "programmes": "programmes.page.title",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("first", ["quick", "home"])
def test_every_page_opens_by_its_address_on_a_fresh_server(browser, tmp_path, shots, width, first):
    with streamlit_server(f"sqlite:///{tmp_path}/pages.db", tmp_path) as url:
        order = [first, *(p for p in PAGES if p != first)]  # the first session of the server opens `first`
        for path in order:
            for lang in ("zh-TW", "en"):
                context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(f"{url}/{path}" + ("?lang=en" if lang == "en" else ""))
                wait_for_app(page, 800)
                page.wait_for_timeout(300)
                _no_dialog(page)
                expect(page.get_by_role("heading", name=T(PAGES[path], lang)).first).to_be_visible()
                if path == "home":
                    expect(page).to_have_url(re.compile(r"/(\?lang=en)?$"))  # /home leads to the home page's address
                if first == "quick" and width == 1280:
                    full_page_shot(page, shots / f"page_{path or 'root'}_{lang}_{width}.png")
                context.close()
