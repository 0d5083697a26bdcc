"""core.accounts.workshops: join code and QR, participants linked as they save, the host's dashboard, Excel export."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest

from core.accounts import workshops
from core.errors import StaffProblem
from conftest_pg import example, save_firm, staff

import core.storage as storage


@pytest.fixture()
def host(db_engine):
    return staff(db_engine, "association_host", "host@example.org", "台灣區螺絲工業同業公會")


def test_a_host_creates_an_event_with_a_join_code_and_qr(db_engine, host):
    ws = workshops.create_workshop(db_engine, host, "  螺絲業碳盤查工作坊 ", dt.date(2026, 12, 1))
    assert ws.name == "螺絲業碳盤查工作坊" and ws.association == "台灣區螺絲工業同業公會" and ws.open
    assert len(ws.join_code) == 6 and set(ws.join_code) <= set(workshops._ALPHABET)
    assert workshops.find_open(db_engine, ws.join_code.lower()) == ws
    url = workshops.join_url("https://checkup.example.tw/", ws.join_code)
    assert url == f"https://checkup.example.tw/join?code={ws.join_code}"
    png = workshops.qr_png(url)
    assert png.startswith(b"\x89PNG")
    codes = {workshops.create_workshop(db_engine, host, f"w{i}", dt.date(2026, 12, 1)).join_code for i in range(30)}
    assert len(codes) == 30
    with pytest.raises(StaffProblem) as e:
        workshops.create_workshop(db_engine, host, "   ", dt.date(2026, 12, 1))
    assert e.value.code == "name_required"


def test_join_codes_are_typed_forgivingly_and_closed_events_take_nobody(db_engine, host):
    ws = workshops.create_workshop(db_engine, host, "W", dt.date(2026, 12, 1))
    typed = " " + ws.join_code[:3].lower() + "-" + ws.join_code[3:] + " "
    assert workshops.join(db_engine, typed).workshop.id == ws.id
    for bad in ("", "ABC", "!!!!!!", "ZZZZZZ" if ws.join_code != "ZZZZZZ" else "YYYYYY"):
        with pytest.raises(StaffProblem) as e:
            workshops.join(db_engine, bad)
        assert e.value.code == "bad_join_code"
    workshops.set_open(db_engine, host, ws.id, False)
    with pytest.raises(StaffProblem):
        workshops.join(db_engine, ws.join_code)


def test_joined_and_finished_counts_names_only_with_consent(db_engine, host):
    ws = workshops.create_workshop(db_engine, host, "W", dt.date(2026, 12, 1))
    a = workshops.join(db_engine, ws.join_code)
    b = workshops.join(db_engine, ws.join_code)
    workshops.join(db_engine, ws.join_code)  # joined, never saves
    board = workshops.dashboard(db_engine, host, ws.id, advice=False)
    assert (board.joined, board.finished) == (3, 0)
    ra, rb = save_firm(db_engine, 100_000), save_firm(db_engine, 200_000)
    workshops.link_saved(db_engine, a.token, ra.code, show_name=True, firm_name="範例螺絲")
    workshops.link_saved(db_engine, b.token, rb.code, show_name=False, firm_name="不想具名公司")
    assert workshops.participant_status(db_engine, a.token) == (ws, True)
    board = workshops.dashboard(db_engine, host, ws.id)
    assert (board.joined, board.finished) == (3, 2)
    labels = [r.label for r in board.rows]
    assert "範例螺絲" in labels and "不想具名公司" not in labels
    assert [r.named for r in board.rows] == [True, False]
    assert board.sum_total == pytest.approx(ra_total(db_engine, ra.code) + ra_total(db_engine, rb.code))
    assert len(board.intensity_revenue) == 2 and len(board.intensity_employee) == 2
    assert board.sources[0][0] == "electricity" and board.sources[0][1] == 2
    assert board.measures and board.measures[0][2] >= 1 and board.measures[0][1]["zh-TW"]
    assert board.programmes
    # linking again (a later save, a changed mind) updates, does not double count
    workshops.link_saved(db_engine, a.token, ra.code, show_name=False)
    board = workshops.dashboard(db_engine, host, ws.id, advice=False)
    assert board.finished == 2 and not any(r.named for r in board.rows)


def ra_total(engine, code):
    return storage.load_checkup(engine, code).total_tco2e


def test_the_same_firm_from_two_browsers_counts_once(db_engine, host):
    ws = workshops.create_workshop(db_engine, host, "W", dt.date(2026, 12, 1))
    r = save_firm(db_engine)
    for _ in range(2):
        workshops.link_saved(db_engine, workshops.join(db_engine, ws.join_code).token, r.code)
    board = workshops.dashboard(db_engine, host, ws.id, advice=False)
    assert board.finished == 1 and board.joined == 1


def test_thirty_participants_saving_at_once_lose_nothing(db_engine, host):
    ws = workshops.create_workshop(db_engine, host, "三十家同時儲存", dt.date(2026, 12, 1))
    n = 30
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []
    codes: list[str] = []
    lock = threading.Lock()

    def participant(i: int) -> None:
        try:
            joined = workshops.join(db_engine, ws.join_code)
            data, result = example(100_000 + 1_000 * i)
            barrier.wait(timeout=60)  # everybody presses "save" at the same moment
            receipt = storage.save_checkup(db_engine, data, result)
            workshops.link_saved(db_engine, joined.token, receipt.code, show_name=i % 2 == 0, firm_name=f"廠商{i:02d}")
            with lock:
                codes.append(receipt.code)
        except BaseException as exc:  # noqa: BLE001
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(set(codes)) == n
    board = workshops.dashboard(db_engine, host, ws.id, advice=False)
    assert (board.joined, board.finished) == (n, n)
    assert len(board.totals) == n
    assert sum(r.named for r in board.rows) == n // 2
    expected = sum(storage.load_checkup(db_engine, c).total_tco2e for c in codes)
    assert board.sum_total == pytest.approx(expected)


def test_room_export_to_excel_hides_names_without_consent(db_engine, host):
    from openpyxl import load_workbook

    ws = workshops.create_workshop(db_engine, host, "匯出測試", dt.date(2026, 12, 1))
    for i, (show, name) in enumerate(((True, "具名螺絲"), (False, "隱名螺絲"))):
        j = workshops.join(db_engine, ws.join_code)
        workshops.link_saved(db_engine, j.token, save_firm(db_engine, 100_000 + i).code, show_name=show, firm_name=name)
    board = workshops.dashboard(db_engine, host, ws.id, advice=False)
    for lang in ("zh-TW", "en"):
        wb = load_workbook(io.BytesIO(workshops.export_xlsx(board, lang)))
        assert len(wb.sheetnames) == 2
        firms = wb[wb.sheetnames[1]]
        values = [[c.value for c in row] for row in firms.iter_rows()]
        flat = " ".join(str(v) for row in values for v in row)
        assert "具名螺絲" in flat and "隱名螺絲" not in flat
        assert len(values) == 3
        assert ("廠商 2" if lang == "zh-TW" else "Firm 2") in flat
        summary = [[c.value for c in row] for row in wb[wb.sheetnames[0]].iter_rows()]
        assert ["匯出測試"] == [r[1] for r in summary if r[1] == "匯出測試"]
        assert 2 in [r[1] for r in summary]


def test_join_page_joins_and_links_the_code_saved_in_this_browser(app_db):
    """AppTest of pages/staff/join.py: the QR link's code is filled in; a code saved in this session links itself."""
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT
    from core.i18n import t

    eng = app_db
    host = staff(eng, "association_host", "host@example.org")
    ws = workshops.create_workshop(eng, host, "掃碼加入", dt.date(2026, 12, 1))
    receipt = save_firm(eng)
    at = AppTest.from_file(str(ROOT / "pages" / "staff" / "join.py"), default_timeout=60)
    at.query_params["code"] = ws.join_code
    at.session_state["resume_code"] = receipt.code  # saved on the checkup's save page earlier
    at.run()
    assert not at.exception
    assert at.text_input[0].value == ws.join_code
    at.checkbox[0].check()  # share: nothing is shared until the firm ticks it
    at.checkbox[1].check()  # and show our name
    at.text_input[1].set_value("掃碼螺絲")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert t("staff.join.sent", "zh-TW") in [s.value for s in at.success]
    board = workshops.dashboard(eng, host, ws.id, advice=False)
    assert (board.joined, board.finished) == (1, 1) and board.rows[0].label == "掃碼螺絲"
    eng.dispose()
