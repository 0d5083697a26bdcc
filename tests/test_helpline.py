"""core.accounts.helpline: cases by number, call notes with time, follow-up status, history, the caller's code."""

from __future__ import annotations

import datetime as dt

import pytest

import core.storage as storage
from core.accounts import helpline
from core.errors import AccessDenied, StaffProblem
from conftest_pg import example, save_firm, staff


@pytest.fixture()
def agent(db_engine):
    return staff(db_engine, "helpline_agent", "agent@example.org")


def test_cases_get_numbers_and_are_found_by_them(db_engine, agent):
    a = helpline.open_case(db_engine, agent, "範例螺絲", "04-2222-3333 分機 12")
    b = helpline.open_case(db_engine, agent, "第二家", "0912-345-678")
    year = dt.datetime.now(dt.timezone.utc).year
    assert a.number == f"HL-{year}-{a.id:05d}" and a.number != b.number
    assert a.contact_phone == "04-2222-3333 分機 12"
    for typed in (a.number, a.number.lower(), a.number.replace("HL-", ""), f"hl {year} {a.id}"):
        assert helpline.find_case(db_engine, agent, typed).id == a.id
    with pytest.raises(StaffProblem) as e:
        helpline.find_case(db_engine, agent, "not a number")
    assert e.value.code == "bad_case_number"
    assert [c.number for c in helpline.my_cases(db_engine, agent)] == [b.number, a.number]


def test_notes_have_times_and_the_history_keeps_every_change(db_engine, agent):
    c = helpline.open_case(db_engine, agent, "範例螺絲", "04-2222-3333")
    helpline.add_note(db_engine, agent, c.id, "來電詢問電費怎麼換算度數")
    helpline.set_status(db_engine, agent, c.id, "call_back", dt.date(2026, 12, 3))
    helpline.add_note(db_engine, agent, c.id, "已回電，約下週補資料")
    helpline.set_status(db_engine, agent, c.id, "done")
    notes = helpline.history(db_engine, agent, c.id)
    assert [n.kind for n in notes] == ["status", "note", "status", "note", "status"]
    assert notes[1].text == "來電詢問電費怎麼換算度數"
    assert "2026-12-03" in notes[2].text
    assert all(n.at.tzinfo is not None for n in notes)
    assert [n.at for n in notes] == sorted(n.at for n in notes)
    info = helpline.get_case(db_engine, agent, c.id)
    assert info.status == "done" and info.follow_up_on is None
    with pytest.raises(StaffProblem) as e:
        helpline.add_note(db_engine, agent, c.id, "   ")
    assert e.value.code == "note_empty"
    with pytest.raises(StaffProblem) as e:
        helpline.set_status(db_engine, agent, c.id, "lost")
    assert e.value.code == "bad_status"


def test_follow_ups_due_come_first(db_engine, agent):
    late = helpline.open_case(db_engine, agent, "晚", "")
    soon = helpline.open_case(db_engine, agent, "早", "")
    done = helpline.open_case(db_engine, agent, "結", "")
    helpline.set_status(db_engine, agent, late.id, "call_back", dt.date(2026, 12, 20))
    helpline.set_status(db_engine, agent, soon.id, "call_back", dt.date(2026, 12, 1))
    helpline.set_status(db_engine, agent, done.id, "done")
    assert [c.company for c in helpline.my_cases(db_engine, agent)] == ["早", "晚", "結"]
    assert [c.company for c in helpline.my_cases(db_engine, agent, status="done")] == ["結"]


def test_quick_estimate_on_the_call_gives_the_caller_a_code_and_links_the_case(db_engine, agent):
    c = helpline.open_case(db_engine, agent, "範例螺絲", "04-2222-3333")
    assert helpline.case_checkup(db_engine, agent, c.id) is None
    data, result = example(123_000)
    code = helpline.save_estimate(db_engine, agent, c.id, data, result)
    assert storage.load_checkup(db_engine, code).total_tco2e == pytest.approx(result.total_tco2e)
    saved = helpline.case_checkup(db_engine, agent, c.id)
    assert saved.total_tco2e == pytest.approx(result.total_tco2e)
    assert helpline.get_case(db_engine, agent, c.id).linked
    with pytest.raises(StaffProblem) as e:
        helpline.save_estimate(db_engine, agent, c.id, data, result)
    assert e.value.code == "case_has_firm"
    helpline.record_sent(db_engine, agent, c.id, "code_sent", "0912-345-678")
    kinds = [n.kind for n in helpline.history(db_engine, agent, c.id)]
    assert kinds[-2:] == ["estimate", "code_sent"]
    # the code itself is never written in the case
    assert all(code not in n.text for n in helpline.history(db_engine, agent, c.id))


def test_a_caller_with_a_code_links_their_saved_checkup(db_engine, agent):
    c = helpline.open_case(db_engine, agent, "範例螺絲", "")
    r = save_firm(db_engine, 111_000)
    helpline.link_firm(db_engine, agent, c.id, r.code.replace("-", " ").lower())
    assert helpline.case_checkup(db_engine, agent, c.id).id == r.checkup_id
    from core.errors import StorageError

    with pytest.raises(StorageError):
        helpline.link_firm(db_engine, agent, c.id, storage.new_code())


def test_only_agents_open_cases(db_engine):
    host = staff(db_engine, "association_host", "host@example.org")
    admin = staff(db_engine, "admin", "admin@example.org")
    for who in (host, admin):
        with pytest.raises(AccessDenied):
            helpline.open_case(db_engine, who, "x", "")
        with pytest.raises(AccessDenied):
            helpline.my_cases(db_engine, who)


def test_console_page_opens_a_case_and_finds_it_by_number(app_db):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import PASSWORD, ROOT
    from core import accounts
    from core.i18n import t

    eng = app_db
    agent = staff(eng, "helpline_agent", "agent@example.org")
    other = staff(eng, "helpline_agent", "other@example.org")
    theirs = helpline.open_case(eng, other, "別人的案件", "")
    at = AppTest.from_file(str(ROOT / "pages" / "staff" / "helpline.py"), default_timeout=60)
    at.session_state["staff_token"] = accounts.sign_in(eng, "agent@example.org", PASSWORD).token
    at.run()
    assert not at.exception
    box = lambda label: [b for b in at.text_input if b.label == t(label, "zh-TW")][0]  # noqa: E731
    button = lambda label: [b for b in at.button if b.label == t(label, "zh-TW")][0]  # noqa: E731
    box("staff.helpline.company").set_value("範例螺絲")
    box("staff.helpline.phone").set_value("04-2222-3333")
    button("staff.helpline.create").click().run()
    assert not at.exception, at.exception
    mine = helpline.my_cases(eng, agent)
    assert len(mine) == 1
    assert t("staff.helpline.case", "zh-TW", number=mine[0].number) in [h.value for h in at.header]
    [b for b in at.text_area if b.label == t("staff.helpline.note", "zh-TW")][0].set_value("來電問電費單")
    button("staff.helpline.add_note").click().run()
    assert [n.text for n in helpline.history(eng, agent, mine[0].id)][-1] == "來電問電費單"
    # someone else's case number finds nothing
    box("staff.helpline.number").set_value(theirs.number)
    button("staff.helpline.search").click().run()
    assert t("staff.errors.access_denied", "zh-TW") in [e.value for e in at.error]
    box("staff.helpline.number").set_value(mine[0].number)
    button("staff.helpline.search").click().run()
    assert t("staff.helpline.case", "zh-TW", number=mine[0].number) in [h.value for h in at.header]
    eng.dispose()
