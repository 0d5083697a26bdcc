"""The workshop room at association scale: what a firm adds is computed once when it shares, the room is
aggregated in SQL with a fixed number of queries, privacy by default, the room reads right, and the export
is built only when the host asks, for a host still signed in."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import event, select
from sqlmodel import Session

import core
import core.storage as storage
from conftest_pg import PASSWORD, example, save_firm, staff
from core import accounts
from core.accounts import access, workshops
from core.errors import AccessDenied, SessionExpired, StaffProblem
from core.storage.tables import RoomAdvice, RoomContribution, WorkshopParticipant


@pytest.fixture()
def host(db_engine):
    return staff(db_engine, "association_host", "host@example.org", "台灣區螺絲工業同業公會")


def _workshop(engine, host, name="彰化場"):
    return workshops.create_workshop(engine, host, name, dt.date(2026, 12, 1))


def _quick(kwh: float, employees: int | None = None, revenue: float | None = None, year: int = 2024):
    """A quick estimate: the electricity bill and little else (no revenue unless given)."""
    data = {"format": "checkup/1", "year": year, "electricity": {"kwh": kwh},
            "company": {k: v for k, v in (("employees", employees), ("revenue_ntd", revenue)) if v is not None}}
    checkup = core.parse_checkup(data)
    return core.to_data(checkup), core.compute(checkup)


def _share(engine, ws, data_result=None, *, show_name=False, firm_name=None):
    data, result = data_result or example()
    receipt = storage.save_checkup(engine, data, result)
    workshops.link_saved(engine, workshops.join(engine, ws.join_code).token, receipt.code, show_name=show_name, firm_name=firm_name)
    return receipt


class Queries:
    """Counts the SQL statements an engine runs (a SQLAlchemy event listener)."""

    def __init__(self, engine):
        self.engine, self.n = engine, 0

    def _count(self, *_args, **_kw):
        self.n += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


# --------------------------------------------------------------------------- scale (structural, not timed)


def test_the_dashboard_issues_the_same_few_queries_for_3_firms_as_for_40(db_engine, host):
    small, large = _workshop(db_engine, host, "小場"), _workshop(db_engine, host, "大場")
    for i in range(3):
        _share(db_engine, small, _quick(100_000 + i, employees=10))
    for i in range(40):
        _share(db_engine, large, _quick(100_000 + 1_000 * i, employees=10 + i))
    counts, kept = [], []
    for ws in (small, large):
        workshops.dashboard(db_engine, host, ws.id)  # the first view writes its audit row
        workshops.forget_rooms()  # count the queries of the computation itself
        with Queries(db_engine) as q:
            board = workshops.dashboard(db_engine, host, ws.id)
        counts.append(q.n)
        with Queries(db_engine) as q:  # the 10-second refresh of an unchanged room recomputes nothing
            again = workshops.dashboard(db_engine, host, ws.id)
        kept.append(q.n)
        assert again.sum_total == board.sum_total and again.measures == board.measures
    assert board.finished == 40 and len(board.totals) == 40
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts
    assert kept[0] == kept[1] < counts[1], (kept, counts)
    # the firm table is one page, whatever the room's size; the figures cover every firm
    assert len(board.rows) == workshops.PAGE_SIZE if workshops.PAGE_SIZE < 40 else len(board.rows) == 40
    page = workshops.dashboard(db_engine, host, large.id, page=2, page_size=15)
    assert page.pages == 3 and [r.label for r in page.rows] == [f"#{i}" for i in range(31, 41)]
    assert page.finished == 40 and page.sum_total == pytest.approx(sum(board.totals))


def test_what_a_firm_adds_is_computed_when_it_shares_not_when_the_host_looks(db_engine, host, monkeypatch):
    ws = _workshop(db_engine, host)
    _share(db_engine, ws)
    with Session(db_engine) as s:
        c = s.exec(select(RoomContribution)).scalars().one()
        kinds = {a.kind for a in s.exec(select(RoomAdvice)).scalars()}
    # examples/screws.yaml: 150,000 度 × 0.474 kgCO2e/度 (2024, 經濟部能源署) = 71.1 t from electricity
    assert c.electricity_tco2e == pytest.approx(71.1)
    assert c.size_band == "5-49" and c.industry == "25" and c.year == 2024
    assert c.per_employee == pytest.approx(c.total_tco2e / 8)
    assert c.per_revenue == pytest.approx(c.total_tco2e / 60)
    assert kinds == {"m", "p"}

    def boom(*_a, **_k):
        raise AssertionError("the dashboard must not compute advice or parse a checkup")

    monkeypatch.setattr(workshops, "suggest", boom)
    monkeypatch.setattr(workshops, "match", boom)
    monkeypatch.setattr(workshops, "parse_checkup", boom)
    board = workshops.dashboard(db_engine, host, ws.id)
    assert board.finished == 1 and board.measures and board.programmes
    assert board.sources[0] == ("electricity", 1, pytest.approx(71.1))


def test_the_room_is_audited_once_per_view_and_each_firm_finds_that_view(db_engine, host):
    ws = _workshop(db_engine, host)
    early = _share(db_engine, ws)
    admin = staff(db_engine, "admin", "admin@example.org")
    before = len(access.audit_log(db_engine, admin))
    for _ in range(3):
        workshops.dashboard(db_engine, host, ws.id)
    log = access.audit_log(db_engine, admin)
    assert len(log) == before + 1 and log[0].object_id == ws.id and log[0].firm_id is None
    late = _share(db_engine, ws)  # the room changed: the next view is audited again
    workshops.dashboard(db_engine, host, ws.id)
    assert len(access.audit_log(db_engine, admin)) == before + 2
    early_log = access.audit_log(db_engine, access.firm_actor(db_engine, early.code))
    late_log = access.audit_log(db_engine, access.firm_actor(db_engine, late.code))
    assert [x.action for x in early_log] == ["workshop_dashboard"] * 2
    assert [x.action for x in late_log] == ["workshop_dashboard"]  # not the view from before it shared
    assert {x.firm_id for x in late_log} == {late.firm_id}


# --------------------------------------------------------------------------- privacy by default


def test_joining_shares_nothing_and_no_name_is_kept_without_consent(db_engine, host):
    ws = _workshop(db_engine, host)
    joined = workshops.join(db_engine, ws.join_code)
    storage.save_checkup(db_engine, *example())  # saved, but not shared
    board = workshops.dashboard(db_engine, host, ws.id)
    assert (board.joined, board.finished, board.rows) == (1, 0, [])
    receipt = save_firm(db_engine)
    workshops.link_saved(db_engine, joined.token, receipt.code, show_name=False, firm_name="不想具名螺絲")
    with Session(db_engine) as s:
        p = s.exec(select(WorkshopParticipant)).scalars().one()
        assert p.firm_name is None and not p.show_name  # the name typed without the tick is not stored
    board = workshops.dashboard(db_engine, host, ws.id)
    assert board.rows[0].label == "#1" and not board.rows[0].named


def test_rows_carry_a_size_band_never_the_exact_head_count(db_engine, host):
    from openpyxl import load_workbook

    ws = _workshop(db_engine, host)
    for employees in (3, 12, 57, 150, 230):
        _share(db_engine, ws, _quick(100_000, employees=employees))
    board = workshops.dashboard(db_engine, host, ws.id)
    assert [r.size_band for r in board.rows] == ["1-4", "5-49", "50-99", "100-199", "200+"]
    assert board.sizes == [("1-4", 1), ("5-49", 1), ("50-99", 1), ("100-199", 1), ("200+", 1)]
    assert not hasattr(board.rows[0], "employees")
    token = accounts.sign_in(db_engine, "host@example.org", PASSWORD).token
    book = load_workbook(io.BytesIO(workshops.room_export(db_engine, token, ws.id, "zh-TW")))
    cells = [c.value for row in book.worksheets[1].iter_rows() for c in row]
    assert "5–49 人" in cells and "200 人以上（非中小企業員工數標準）" in cells
    for exact in (3, 12, 57, 150, 230):
        assert exact not in cells
    with Session(db_engine) as s:  # the room's table holds no head count at all
        assert not hasattr(RoomContribution, "employees")
        assert {c.size_band for c in s.exec(select(RoomContribution)).scalars()} == {"1-4", "5-49", "50-99", "100-199", "200+"}


@pytest.mark.parametrize(("employees", "band"), [(None, None), (0, None), (1, "1-4"), (4, "1-4"), (5, "5-49"),
                                                 (49, "5-49"), (50, "50-99"), (199, "100-199"), (200, "200+"), (9_999, "200+")])
def test_size_bands_follow_the_sme_lines(employees, band):
    assert workshops.size_band(employees) == band


# --------------------------------------------------------------------------- the room reads right


def test_a_room_of_quick_estimates_without_revenue_shows_intensity_per_employee(db_engine, host):
    ws = _workshop(db_engine, host)
    _share(db_engine, ws, _quick(100_000, employees=10))  # 100,000 度 × 0.474 = 47.4 t; per employee 4.74 t
    _share(db_engine, ws, _quick(200_000, employees=40))  # 94.8 t; 2.37 t per employee
    board = workshops.dashboard(db_engine, host, ws.id)
    assert board.intensity_revenue == []
    kind, values = board.intensity()
    assert kind == "per_employee" and sorted(values) == pytest.approx([2.37, 4.74])


def test_a_room_that_gave_neither_revenue_nor_employees_has_no_intensity(db_engine, host):
    ws = _workshop(db_engine, host)
    _share(db_engine, ws, _quick(100_000))
    board = workshops.dashboard(db_engine, host, ws.id)
    assert board.intensity() == (None, [])
    assert board.finished == 1 and board.sum_total == pytest.approx(47.4)


def test_a_closed_workshop_takes_no_new_results(db_engine, host):
    ws = _workshop(db_engine, host)
    before = _share(db_engine, ws)
    late = workshops.join(db_engine, ws.join_code)
    workshops.set_open(db_engine, host, ws.id, False)
    receipt = save_firm(db_engine, 300_000)
    for token, code in ((late.token, receipt.code), (late.token, before.code)):
        with pytest.raises(StaffProblem) as e:
            workshops.link_saved(db_engine, token, code)
        assert e.value.code == "workshop_closed"
        assert "不再接受新的結果" in e.value.message("zh-TW") and "no new results" in e.value.message("en")
    board = workshops.dashboard(db_engine, host, ws.id)
    assert board.finished == 1 and board.sum_total == pytest.approx(storage.load_checkup(db_engine, before.code).total_tco2e)


def test_the_room_keeps_what_was_shared_until_the_firm_shares_again(db_engine, host):
    ws = _workshop(db_engine, host)
    joined = workshops.join(db_engine, ws.join_code)
    data, result = _quick(100_000, employees=10)
    receipt = storage.save_checkup(db_engine, data, result)
    workshops.link_saved(db_engine, joined.token, receipt.code)
    storage.save_checkup(db_engine, *_quick(300_000, employees=10), code=receipt.code)  # saved later, not shared
    assert workshops.dashboard(db_engine, host, ws.id).sum_total == pytest.approx(47.4)
    workshops.link_saved(db_engine, joined.token, receipt.code)  # shared again
    assert workshops.dashboard(db_engine, host, ws.id).sum_total == pytest.approx(142.2)


def test_histogram_bars_have_one_nice_width_and_count_every_firm():
    bands = workshops.histogram([0.4, 3, 7.5, 12, 19.9, 20, 58])
    widths = {round(b.high - b.low, 9) for b in bands}
    assert widths == {5}  # (58 − 0.4) / 12 = 4.8 → 5
    assert bands[0].low == 0 and bands[-1].high == 60
    assert sum(b.firms for b in bands) == 7
    assert [b.firms for b in bands[:5]] == [2, 1, 1, 1, 1]  # [0,5): 0.4, 3; [5,10): 7.5; [10,15): 12; [15,20): 19.9; [20,25): 20
    assert workshops.histogram([]) == []
    assert workshops.histogram([4.2, 4.2]) == [workshops.Band(4.2, 4.2, 2)]


# --------------------------------------------------------------------------- the export


def test_the_export_is_built_for_a_signed_in_host_only_and_stops_when_the_session_ends(db_engine, host):
    from openpyxl import load_workbook

    ws = _workshop(db_engine, host)
    _share(db_engine, ws, show_name=True, firm_name="=HYPERLINK(\"http://x\")")
    signed = accounts.sign_in(db_engine, "host@example.org", PASSWORD)
    book = load_workbook(io.BytesIO(workshops.room_export(db_engine, signed.token, ws.id, "en")))
    cell = book.worksheets[1]["A2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"  # text, never a formula
    other = staff(db_engine, "association_host", "other@example.org")
    other_token = accounts.sign_in(db_engine, "other@example.org", PASSWORD).token
    with pytest.raises(AccessDenied):
        workshops.room_export(db_engine, other_token, ws.id, "en")
    assert other.id != host.id
    accounts.sign_out(db_engine, signed.token)
    for token in (signed.token, None, "forged"):
        with pytest.raises(SessionExpired):
            workshops.room_export(db_engine, token, ws.id, "en")


# --------------------------------------------------------------------------- an older database


def test_participants_linked_before_the_room_table_get_their_contribution_on_upgrade(tmp_path):
    from alembic import command

    eng = storage.make_engine(f"sqlite:///{tmp_path}/old.db")
    command.upgrade(storage.alembic_config(eng), "0002")
    from sqlalchemy import text

    data, result = example()
    with eng.begin() as c:  # what 0002's app wrote: a firm, its checkup, a host's workshop and a linked participant
        c.execute(text("INSERT INTO firm (id, code_hash, created_at) VALUES (1, 'h', '2026-11-30 10:00:00')"))
        c.execute(text("INSERT INTO saved_checkup (id, firm_id, year, data_json, result_json, total_tco2e, scope1_tco2e, "
                       "scope2_tco2e, created_at, updated_at) VALUES (1, 1, 2024, :d, :r, :t, :s1, :s2, "
                       "'2026-11-30 10:00:00', '2026-11-30 10:00:00')"),
                  {"d": __import__("json").dumps(data), "r": result.model_dump_json(), "t": result.total_tco2e,
                   "s1": result.scope1_tco2e, "s2": result.scope2_tco2e})
        c.execute(text("INSERT INTO staff_user (id, email, name, role, active, created_at) "
                       "VALUES (1, 'h@example.org', 'h', 'association_host', 1, '2026-11-30 10:00:00')"))
        c.execute(text("INSERT INTO workshop (id, host_id, name, event_date, association, join_code, open, created_at) "
                       "VALUES (1, 1, 'W', '2026-12-01', '', 'ABCDEF', 1, '2026-11-30 10:00:00')"))
        c.execute(text("INSERT INTO workshop_participant (id, workshop_id, token_hash, firm_id, show_name, joined_at, finished_at) "
                       "VALUES (1, 1, 't', 1, 0, '2026-11-30 10:00:00', '2026-11-30 10:05:00')"))
    storage.upgrade(eng)
    with Session(eng) as s:
        c = s.exec(select(RoomContribution)).scalars().one()
        assert c.total_tco2e == pytest.approx(result.total_tco2e) and c.size_band == "5-49"
        assert s.exec(select(RoomAdvice)).scalars().first() is not None
    eng.dispose()


# --------------------------------------------------------------------------- the host's page


def _host_page(engine, token, projector=False):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT

    at = AppTest.from_file(str(ROOT / "pages" / "staff" / "workshops.py"), default_timeout=60)
    at.session_state["ui_lang"] = "zh-TW"
    at.session_state["staff_token"] = token
    at.session_state["_ws_projector"] = projector
    return at


def _chart_rows(chart) -> int:
    """Rows of data a chart sends to the browser (its Arrow datasets)."""
    import pyarrow as pa

    tables = [ds.data.data for ds in chart.proto.datasets] + ([chart.proto.data.data] if chart.proto.data.data else [])
    return sum(pa.ipc.open_stream(b).read_all().num_rows for b in tables)


def _texts(at) -> str:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_host_page_shows_distributions_pages_the_table_and_builds_no_export_until_asked(app_db, monkeypatch):
    import json

    from core.i18n import t

    eng = app_db
    host = staff(eng, "association_host", "host@example.org")
    ws = _workshop(eng, host)
    for i in range(60):
        _share(eng, ws, _quick(50_000 + 5_000 * i, employees=5 + i))
    built = []
    monkeypatch.setattr(workshops, "export_xlsx", lambda *a, **k: built.append(1) or b"")
    token = accounts.sign_in(eng, "host@example.org", PASSWORD).token
    at = _host_page(eng, token).run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert t("staff.room.distribution", "zh-TW") in text
    assert t("staff.room.intensity_basis_employee", "zh-TW", n=60) in text  # quick estimates: no revenue
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    for chart in charts:
        assert 1 <= _chart_rows(chart) <= 13  # a dozen bars, not one per firm
        assert "firm" not in json.loads(chart.proto.spec).get("encoding", {}).get("x", {}).get("field", "")
    table = at.dataframe[-1].value
    assert len(table) == workshops.PAGE_SIZE and "員工規模" in table.columns and "員工人數" not in " ".join(table.columns)
    assert t("staff.room.page_of", "zh-TW", page=1, pages=2, n=60, size=workshops.PAGE_SIZE) in text
    at.number_input(key="_ws_page").set_value(2).run()
    assert not at.exception, at.exception
    assert len(at.dataframe[-1].value) == 60 - workshops.PAGE_SIZE
    assert built == []  # rendering (and re-rendering) the page built no workbook
    assert len(at.get("download_button")) == 1


def test_the_projector_shows_the_room_not_each_firm(app_db):
    from core.i18n import t

    eng = app_db
    host = staff(eng, "association_host", "host@example.org")
    ws = _workshop(eng, host)
    _share(eng, ws, show_name=True, firm_name="具名螺絲")
    _share(eng, ws, _quick(100_000))
    at = _host_page(eng, accounts.sign_in(eng, "host@example.org", PASSWORD).token, projector=True).run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert t("staff.room.projector_note", "zh-TW") in text
    assert "具名螺絲" not in text and all("具名螺絲" not in df.value.to_string() for df in at.dataframe)
    assert len(at.get("download_button")) == 0
    # a room that gave neither revenue nor head count says what is missing instead of "0.000000"
    ws2 = _workshop(eng, host, "快速估算場")
    _share(eng, ws2, _quick(100_000))
    at = _host_page(eng, accounts.sign_in(eng, "host@example.org", PASSWORD).token)
    at.session_state["_ws_selected"] = ws2.id
    at.run()
    assert not at.exception, at.exception
    assert t("staff.room.intensity_missing", "zh-TW") in [i.value for i in at.info]
    assert "0.000000" not in _texts(at)


def test_join_page_sends_nothing_until_share_is_ticked_and_a_closed_workshop_says_so(app_db):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT
    from core.i18n import t

    eng = app_db
    host = staff(eng, "association_host", "host@example.org")
    ws = _workshop(eng, host)
    receipt = save_firm(eng)
    at = AppTest.from_file(str(ROOT / "pages" / "staff" / "join.py"), default_timeout=60)
    at.query_params["code"] = ws.join_code
    at.session_state["resume_code"] = receipt.code  # saved in this browser before joining
    at.run()
    at.text_input[1].set_value("想保密的公司")
    at.button[0].click().run()  # joined without ticking anything
    assert not at.exception, at.exception
    assert t("staff.room.not_shared", "zh-TW") in [i.value for i in at.info]
    assert workshops.dashboard(eng, host, ws.id).finished == 0  # the code saved in this browser was not sent
    at.button[0].click().run()  # "send" without the tick
    assert t("staff.room.share_needed", "zh-TW") in [w.value for w in at.warning]
    assert workshops.dashboard(eng, host, ws.id).finished == 0
    workshops.set_open(eng, host, ws.id, False)
    at.run()
    assert not at.exception, at.exception
    assert t("staff.room.closed", "zh-TW") in [w.value for w in at.warning]
    assert not at.button  # no send form on a closed workshop
    assert workshops.dashboard(eng, host, ws.id).finished == 0


def test_saving_after_ticking_share_sends_once_and_a_later_save_waits_to_be_sent(app_db):
    """The save page's save (ui.engine.save → after_save): the first save reaches the room because "share" is
    ticked; a later save of other numbers does not, until the firm sends it again (consent is for what was shared)."""
    import copy

    from apptest_helpers import SAVE, start

    eng = app_db
    host = staff(eng, "association_host", "host@example.org")
    ws = _workshop(eng, host)
    joined = workshops.join(eng, ws.join_code)
    data = copy.deepcopy(core.to_data(core.parse_checkup(_quick(100_000, employees=10)[0])))
    at = start(SAVE, session={"checkup": data, "workshop_token": joined.token, "workshop_share": {"share": True}})
    at.button(key="save_button").click().run()
    assert not at.exception, at.exception
    assert workshops.dashboard(eng, host, ws.id).sum_total == pytest.approx(47.4)  # 100,000 度 × 0.474
    at.session_state["checkup"] = {**data, "electricity": {"kwh": 300_000}}
    at.run()
    at.button(key="save_button").click().run()
    assert not at.exception, at.exception
    assert storage.load_checkup(eng, at.session_state["resume_code"]).total_tco2e == pytest.approx(142.2)
    assert workshops.dashboard(eng, host, ws.id).sum_total == pytest.approx(47.4)  # the room keeps what was shared
    # without the tick, a save reaches no room at all
    other = workshops.join(eng, ws.join_code)
    at = start(SAVE, session={"checkup": data, "workshop_token": other.token, "workshop_share": {"share": False}})
    at.button(key="save_button").click().run()
    assert workshops.dashboard(eng, host, ws.id).finished == 1

