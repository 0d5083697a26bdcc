"""Helpers for the AppTest suites of the checkup pages."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

QUICK = "pages/checkup/quick.py"
INVENTORY = "pages/checkup/inventory.py"
RESULTS = "pages/checkup/results.py"
SAVE = "pages/checkup/save.py"
HOME = "pages/checkup/home.py"


def start(page: str | None = None, *, lang: str | None = None, session: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def page_alone(path: str, *, checkup: dict | None = None, lang: str | None = None) -> AppTest:
    """Run one page script by itself (no router), with a checkup and a language in the session."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    if checkup is not None:
        at.session_state["checkup"] = checkup
    if lang is not None:
        at.session_state["ui_lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def typed(at: AppTest, key: str, text: str) -> AppTest:
    """Type into a bound text box (key ``w.<path>``) and let the callbacks run."""
    at.text_input(key=f"w.{key}").input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chosen(at: AppTest, key: str, value) -> AppTest:
    at.selectbox(key=f"w.{key}").select(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]
