"""AppTest: the draft in the app. The first answer makes a draft whose key goes into the address; the address
brings the answers back in a new session; an unchanged page writes nothing; a failing database never stops
the page; saving with a resume code turns the draft into a saved checkup; a key that opens nothing says so."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import core
import core.storage as storage
from apptest_helpers import APP, INVENTORY, SAVE, start, typed


@pytest.fixture()
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("DATABASE_URL", url)
    eng = storage.make_engine(url)
    storage.upgrade(eng)
    yield eng
    eng.dispose()


def _key(at) -> str:
    return at.session_state["_draft_key"]


def _infos(at) -> list[str]:
    return [x.value for x in (*at.warning, *at.caption, *at.error, *at.success, *at.info)]


def test_no_answer_no_draft_then_the_first_answer_is_kept(db):
    at = start(INVENTORY)
    assert "_draft_key" not in at.session_state
    typed(at, "company.name", "彰化螺絲工業")
    key = _key(at)
    assert at.query_params["draft"] == [key] or at.query_params["draft"] == key
    kept = storage.load_draft(db, key).data
    assert kept["checkup"]["company"]["name"] == "彰化螺絲工業"
    assert any(core.t("drafts.kept", "zh-TW", days=30, date="")[:12] in text for text in _infos(at))


def test_the_address_brings_every_answer_back_in_a_new_session(db):
    at = start(INVENTORY)
    typed(at, "company.name", "彰化螺絲工業")
    typed(at, "company.employees", "12")
    at.button(key="nav_next").click().run()
    typed(at, "electricity.kwh", "180,000")
    key = _key(at)

    fresh = AppTest.from_file(APP, default_timeout=30)
    fresh.query_params["draft"] = key
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state["checkup"]["company"] == {"name": "彰化螺絲工業", "employees": 12}
    assert fresh.session_state["checkup"]["electricity"] == {"kwh": 180000}
    assert fresh.session_state["step"] == 1  # where the owner was


def test_an_unchanged_page_writes_nothing(db):
    at = start(INVENTORY)
    typed(at, "company.name", "彰化螺絲工業")
    before = storage.load_draft(db, _key(at))
    for _ in range(3):
        at.run()
    after = storage.load_draft(db, _key(at))
    assert after.updated_at == before.updated_at and after.content_hash == before.content_hash
    typed(at, "company.employees", "12")
    assert storage.load_draft(db, _key(at)).updated_at > before.updated_at


def test_a_failing_database_never_stops_the_page_and_keeps_the_answers(db, monkeypatch):
    at = start(INVENTORY)

    def full(*args, **kwargs):
        raise core.StorageError("storage_full")

    monkeypatch.setattr(storage, "save_draft", full)
    typed(at, "company.name", "彰化螺絲工業")
    typed(at, "company.employees", "12")
    assert at.session_state["checkup"]["company"] == {"name": "彰化螺絲工業", "employees": 12}
    expected = core.t("drafts.not_kept", "zh-TW", reason=core.StorageError("storage_full").message("zh-TW"))
    assert [w.value for w in at.warning] == [expected]
    monkeypatch.undo()  # the database is back: the next change is kept, and the warning goes
    monkeypatch.setenv("DATABASE_URL", str(db.url))
    typed(at, "company.employees", "13")
    assert storage.load_draft(db, _key(at)).data["checkup"]["company"]["employees"] == 13
    assert at.warning == [] or all(w.value != expected for w in at.warning)


def test_saving_turns_the_draft_into_a_saved_checkup(db):
    at = start(INVENTORY)
    typed(at, "company.name", "彰化螺絲工業")
    at.button(key="nav_next").click().run()
    typed(at, "electricity.kwh", "180000")
    key = _key(at)
    at.switch_page(SAVE).run()
    at.button(key="save_button").click().run()
    assert not at.exception
    code = at.session_state["resume_code"]
    assert storage.load_checkup(db, code).data["company"]["name"] == "彰化螺絲工業"
    with pytest.raises(core.StorageError):
        storage.load_draft(db, key)
    assert "_draft_key" not in at.session_state and "draft" not in at.query_params
    at.run()  # nothing changed since the save: no new draft
    assert "_draft_key" not in at.session_state


def test_a_key_that_opens_nothing_says_so_and_leaves_the_address(db):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["draft"] = storage.new_draft_key()
    at.run()
    assert not at.exception
    assert any(core.t("drafts.gone", "zh-TW", days=30) == w.value for w in at.warning)
    assert "draft" not in at.query_params


def test_a_draft_of_a_saved_checkup_is_saved_back_into_the_same_firm_with_its_code(db):
    at = start(INVENTORY)
    typed(at, "company.name", "彰化螺絲工業")
    at.button(key="nav_next").click().run()
    typed(at, "electricity.kwh", "180000")
    at.switch_page(SAVE).run()
    at.button(key="save_button").click().run()
    code = at.session_state["resume_code"]
    at.switch_page(INVENTORY).run()
    typed(at, "electricity.kwh", "190000")  # changed after saving: a draft, which never holds the code
    key = _key(at)
    assert "resume_code" not in str(storage.load_draft(db, key).data) and code not in str(storage.load_draft(db, key).data)

    fresh = AppTest.from_file(APP, default_timeout=30)  # the draft's address, after a reload
    fresh.query_params["draft"] = key
    fresh.run()
    fresh.switch_page(SAVE).run()
    assert any(w.value == core.t("drafts.code_needed", "zh-TW") for w in fresh.info)
    fresh.text_input(key="w._save_code").input("not-a-code").run()
    fresh.button(key="save_button").click().run()
    assert "resume_code" not in fresh.session_state  # a wrong code saves nothing
    fresh.text_input(key="w._save_code").input(code.lower()).run()
    fresh.button(key="save_button").click().run()
    assert not fresh.exception and fresh.session_state["resume_code"] == code
    saved = storage.list_checkups(db, code)
    assert len(saved) == 1 and saved[0].data["electricity"] == {"kwh": 190000}  # the same firm, its year replaced
