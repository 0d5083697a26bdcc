"""AppTest: the start page, the language switch in the frame, and the navigation."""

import pytest

from apptest_helpers import HOME, start


@pytest.fixture(autouse=True)
def _db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")


def test_start_page_in_chinese_by_default():
    at = start()
    assert at.session_state["ui_lang"] == "zh-TW"
    assert at.title[0].value == "工廠碳健診"
    assert [b.label for b in at.button if b.key in ("go_quick", "go_full")] == ["開始快速估算", "開始完整盤查"]


def test_buttons_lead_to_the_two_ways_in():
    at = start()
    at.button(key="go_quick").click().run()
    assert not at.exception
    assert at.title[0].value == "快速估算"
    at = start()
    at.button(key="go_full").click().run()
    assert at.title[0].value == "完整盤查"


def test_language_switch_translates_and_keeps_the_answers():
    at = start("pages/checkup/quick.py", session={"checkup": {"format": "checkup/1", "year": 2024, "company": {"employees": 8}}})
    at.segmented_control(key="_lang_widget").set_value("en").run()
    assert not at.exception
    assert at.session_state["ui_lang"] == "en"
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    assert at.title[0].value == "Quick estimate"
    assert at.text_input(key="w.company.employees").value == "8"
    at.segmented_control(key="_lang_widget").set_value("zh-TW").run()
    assert at.title[0].value == "快速估算"


def test_an_emptied_language_switch_keeps_the_language():
    at = start(lang="en")
    at.segmented_control(key="_lang_widget").set_value(None).run()
    assert not at.exception
    assert at.session_state["ui_lang"] == "en"


def test_every_page_runs_in_both_languages_with_nothing_entered():
    for lang in ("zh-TW", "en"):
        for page in (HOME, "pages/checkup/quick.py", "pages/checkup/inventory.py", "pages/checkup/results.py", "pages/checkup/save.py"):
            at = start(page, lang=lang)
            assert not at.exception
            assert at.title, page
