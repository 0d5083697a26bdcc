"""core.accounts.access: every role against every other firm's data, workshop and case — denied unless consented."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from core.accounts import access, helpline, teams, workshops
from core.accounts.access import FirmActor
from core.errors import AccessDenied
from conftest_pg import save_firm, staff


@pytest.fixture()
def world(db_engine):
    """Five staff, five firms, two workshops, two cases, one team — each consent given to exactly one party."""
    e = db_engine
    w = {"engine": e}
    w["host_a"] = staff(e, "association_host", "host.a@example.org", "公會甲")
    w["host_b"] = staff(e, "association_host", "host.b@example.org", "公會乙")
    w["agent_a"] = staff(e, "helpline_agent", "agent.a@example.org")
    w["agent_b"] = staff(e, "helpline_agent", "agent.b@example.org")
    w["admin"] = staff(e, "admin", "admin@example.org")
    receipts = {name: save_firm(e, kwh) for name, kwh in
                (("f_ws", 100_000), ("f_case", 120_000), ("f_lead", 300_000), ("f_sup", 80_000), ("f_alone", 90_000))}
    w["codes"] = {k: r.code for k, r in receipts.items()}
    w["firms"] = {k: FirmActor(r.firm_id) for k, r in receipts.items()}
    w["ws_a"] = workshops.create_workshop(e, w["host_a"], "螺絲業碳盤查工作坊", dt.date(2026, 12, 1))
    w["ws_b"] = workshops.create_workshop(e, w["host_b"], "Other event", dt.date(2026, 12, 2))
    joined = workshops.join(e, w["ws_a"].join_code)
    workshops.link_saved(e, joined.token, w["codes"]["f_ws"], show_name=False)
    w["case_a"] = helpline.open_case(e, w["agent_a"], "來電公司", "04-2222-3333")
    w["case_b"] = helpline.open_case(e, w["agent_b"], "Other caller", "02-1234-5678")
    helpline.link_firm(e, w["agent_a"], w["case_a"].id, w["codes"]["f_case"])
    w["team"] = teams.create_team(e, w["firms"]["f_lead"], "彰化螺絲 1+N")
    teams.join_team(e, w["firms"]["f_sup"], w["team"].invite_code, teams.Share(total=True))
    return w


STAFF = ("host_a", "host_b", "agent_a", "agent_b", "admin")
FIRMS = ("f_ws", "f_case", "f_lead", "f_sup", "f_alone")

# who may see which firm's data: only the consented party (and the firm itself)
ALLOWED = {
    ("host_a", "f_ws"),  # f_ws joined host_a's workshop
    ("agent_a", "f_case"),  # f_case linked its code to agent_a's case
    ("f_lead", "f_sup"),  # f_sup joined f_lead's team and shares its total
} | {(f, f) for f in FIRMS}


def _only_if(allowed: bool, calls) -> None:
    """Each call works when ``allowed``; otherwise each is refused with AccessDenied."""
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(AccessDenied):
                call()


def _actor(w, name):
    return w[name] if name in STAFF else w["firms"][name]


@pytest.mark.parametrize("who", STAFF + FIRMS)
def test_firm_data_is_visible_only_to_itself_and_whom_it_consented(world, who):
    e = world["engine"]
    for firm in FIRMS:
        expected = (who, firm) in ALLOWED
        assert access.may_view_firm(e, _actor(world, who), world["firms"][firm].firm_id) is expected, (who, firm)
        if expected:
            access.view_firm(e, _actor(world, who), world["firms"][firm].firm_id, action="test")
        else:
            with pytest.raises(AccessDenied):
                access.view_firm(e, _actor(world, who), world["firms"][firm].firm_id, action="test")


@pytest.mark.parametrize("who", STAFF + FIRMS)
def test_workshops_are_seen_by_their_own_host_only(world, who):
    e = world["engine"]
    for ws, owner in (("ws_a", "host_a"), ("ws_b", "host_b")):
        wid = world[ws].id
        calls = [
            lambda: workshops.dashboard(e, _actor(world, who), wid, advice=False),
            lambda: workshops.get_workshop(e, _actor(world, who), wid),
            lambda: workshops.set_open(e, _actor(world, who), wid, True),
        ]
        _only_if(who == owner, calls)
    if who.startswith("host"):
        mine = {x.id for x in workshops.my_workshops(e, world[who])}
        assert mine == {world["ws_a" if who == "host_a" else "ws_b"].id}
    else:
        with pytest.raises(AccessDenied):
            workshops.my_workshops(e, _actor(world, who))
        with pytest.raises(AccessDenied):
            workshops.create_workshop(e, _actor(world, who), "x", dt.date(2026, 1, 1))


@pytest.mark.parametrize("who", STAFF + FIRMS)
def test_cases_are_seen_by_their_own_agent_only(world, who):
    e = world["engine"]
    for case, owner in (("case_a", "agent_a"), ("case_b", "agent_b")):
        c = world[case]
        calls = [
            lambda: helpline.find_case(e, _actor(world, who), c.number),
            lambda: helpline.get_case(e, _actor(world, who), c.id),
            lambda: helpline.history(e, _actor(world, who), c.id),
            lambda: helpline.case_checkup(e, _actor(world, who), c.id),
            lambda: helpline.add_note(e, _actor(world, who), c.id, "hello"),
            lambda: helpline.set_status(e, _actor(world, who), c.id, "call_back", dt.date(2026, 12, 3)),
            lambda: helpline.link_firm(e, _actor(world, who), c.id, world["codes"]["f_alone"]),
        ]
        _only_if(who == owner, calls)


@pytest.mark.parametrize("who", STAFF + FIRMS)
def test_teams_are_seen_by_their_lead_and_members_only(world, who):
    e = world["engine"]
    tid = world["team"].id
    if who == "f_lead":
        assert teams.team_summary(e, world["firms"][who], tid).sharing == 1
    else:
        with pytest.raises(AccessDenied):
            teams.team_summary(e, _actor(world, who), tid)
    if who == "f_sup":
        assert teams.my_share(e, world["firms"][who], tid).total
    else:
        with pytest.raises(AccessDenied):
            teams.my_share(e, _actor(world, who), tid)


def test_a_made_up_id_is_denied_the_same_way_as_someone_elses(world):
    e = world["engine"]
    with pytest.raises(AccessDenied):
        workshops.dashboard(e, world["host_a"], 999_999)
    with pytest.raises(AccessDenied):
        helpline.get_case(e, world["agent_a"], 999_999)
    with pytest.raises(AccessDenied):
        helpline.find_case(e, world["agent_a"], "HL-2026-99999")
    with pytest.raises(AccessDenied):
        teams.team_summary(e, world["firms"]["f_lead"], 999_999)


def test_every_staff_view_of_a_firm_is_in_the_audit_log_and_denials_add_nothing(world):
    e = world["engine"]
    admin = world["admin"]
    before = len(access.audit_log(e, admin))
    workshops.dashboard(e, world["host_a"], world["ws_a"].id, advice=False)
    helpline.case_checkup(e, world["agent_a"], world["case_a"].id)
    for who, ws in itertools.product(("host_b", "agent_a", "admin"), ("ws_a",)):
        with pytest.raises(AccessDenied):
            workshops.dashboard(e, world[who], world[ws].id)
    log = access.audit_log(e, admin)
    assert len(log) == before + 2
    seen = {(x.staff_email, x.firm_id, x.action) for x in log}
    # the room is audited once per view (one row for the whole room, not one per firm) ...
    assert ("host.a@example.org", None, "workshop_dashboard") in seen
    assert ("agent.a@example.org", world["firms"]["f_case"].firm_id, "helpline_case") in seen
    # a dashboard refreshing every few seconds does not flood the log
    for _ in range(3):
        workshops.dashboard(e, world["host_a"], world["ws_a"].id, advice=False)
    assert len(access.audit_log(e, admin)) == before + 2
    # a firm sees who looked at its own data, nobody else's; other staff cannot read the log
    own = access.audit_log(e, world["firms"]["f_ws"])
    assert own and {x.firm_id for x in own} == {world["firms"]["f_ws"].firm_id}
    assert "workshop_dashboard" in {x.action for x in own}  # ... and each firm in the room finds that view in its log
    for who in ("host_a", "agent_a"):
        with pytest.raises(AccessDenied):
            access.audit_log(e, world[who])


def test_a_firm_can_delete_its_data_and_every_link_goes_with_it(world):
    e = world["engine"]
    from core import storage
    from core.errors import StorageError

    for name in ("f_ws", "f_case", "f_sup"):
        access.delete_firm(e, world["codes"][name])
        with pytest.raises(StorageError):
            storage.load_checkup(e, world["codes"][name])
    board = workshops.dashboard(e, world["host_a"], world["ws_a"].id, advice=False)
    assert board.finished == 0
    assert not helpline.get_case(e, world["agent_a"], world["case_a"].id).linked
    assert helpline.case_checkup(e, world["agent_a"], world["case_a"].id) is None
    assert helpline.history(e, world["agent_a"], world["case_a"].id)  # the call notes stay with the agent
    assert teams.team_summary(e, world["firms"]["f_lead"], world["team"].id).suppliers == 0
    assert not access.may_view_firm(e, world["host_a"], world["firms"]["f_ws"].firm_id)


def test_resume_code_is_the_firms_only_key(world):
    e = world["engine"]
    assert access.firm_actor(e, world["codes"]["f_alone"]) == world["firms"]["f_alone"]
    from core.errors import StorageError
    from core.storage import new_code

    with pytest.raises(StorageError):
        access.firm_actor(e, new_code())


# --------------------------------------------------------------------------- the pages (AppTest)


@pytest.fixture()
def staff_app(app_db):
    """The pages' database with one account per role."""
    people = {role: staff(app_db, role, f"{role}@example.org", "公會") for role in ("association_host", "helpline_agent", "admin")}
    return app_db, people


def _page(name: str, token: str | None = None):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT

    at = AppTest.from_file(str(ROOT / "pages" / "staff" / f"{name}.py"), default_timeout=60)
    at.session_state["ui_lang"] = "zh-TW"
    if token:
        at.session_state["staff_token"] = token
    return at.run()


def _texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_sign_in_page_refuses_wrong_passwords_and_slows_them_down(staff_app):
    from core.i18n import t

    at = _page("login")
    assert not at.exception
    for i in range(4):
        at.text_input[0].set_value("helpline_agent@example.org")
        at.text_input[1].set_value(f"wrong {i}")
        at.button[0].click().run()
    assert t("staff.errors.too_many_attempts", "zh-TW", seconds=2).split("2")[0] in _texts(at)
    assert "staff_token" not in at.session_state


def test_sign_in_page_signs_in_with_the_right_password(staff_app):
    from conftest_pg import PASSWORD

    at = _page("login")
    at.text_input[0].set_value("association_host@example.org")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["staff_token"]
    assert "association_host" in _texts(at) or "主持人" in _texts(at)


@pytest.mark.parametrize("page, allowed", [("workshops", "association_host"), ("helpline", "helpline_agent"), ("audit", "admin")])
def test_each_staff_page_opens_only_for_its_role(staff_app, page, allowed):
    from conftest_pg import PASSWORD
    from core import accounts
    from core.i18n import t

    eng, people = staff_app
    anonymous = _page(page)
    assert not anonymous.exception
    assert t("staff.login.please_sign_in", "zh-TW") in _texts(anonymous)
    for role in people:
        token = accounts.sign_in(eng, f"{role}@example.org", PASSWORD).token
        at = _page(page, token)
        assert not at.exception, at.exception
        refused = t("staff.login.need_role", "zh-TW", role=t(f"staff.role.{allowed}", "zh-TW")) in _texts(at)
        assert refused is (role != allowed), (page, role)


def test_an_expired_session_is_sent_back_to_sign_in(staff_app, monkeypatch):
    import datetime as dt

    from conftest_pg import PASSWORD
    from core import accounts
    from core.i18n import t

    eng, _ = staff_app
    long_ago = dt.datetime.now(dt.timezone.utc) - accounts.SESSION_IDLE - dt.timedelta(minutes=1)
    token = accounts.sign_in(eng, "association_host@example.org", PASSWORD, now=long_ago).token
    at = _page("workshops", token)
    assert not at.exception
    assert t("staff.login.expired", "zh-TW") in _texts(at)
    assert "staff_token" not in at.session_state


def test_host_page_lists_only_the_hosts_own_workshops(staff_app):
    import datetime as dt

    from conftest_pg import PASSWORD
    from core import accounts

    eng, people = staff_app
    other = staff(eng, "association_host", "other.host@example.org")
    workshops.create_workshop(eng, people["association_host"], "我的工作坊", dt.date(2026, 12, 1))
    workshops.create_workshop(eng, other, "別人的工作坊", dt.date(2026, 12, 2))
    token = accounts.sign_in(eng, "association_host@example.org", PASSWORD).token
    at = _page("workshops", token)
    assert not at.exception, at.exception
    options = " ".join(str(o) for o in at.selectbox[0].options)
    assert "我的工作坊" in options and "別人的工作坊" not in options


def test_admin_sees_each_staff_view_in_words(staff_app):
    import datetime as dt

    from conftest_pg import PASSWORD
    from core import accounts

    eng, people = staff_app
    token = accounts.sign_in(eng, "admin@example.org", PASSWORD).token
    first = _page("audit", token).dataframe[0].value  # only the admin's own sign-in so far
    assert list(first["動作"]) == ["登入"] and first["廠商編號"].isna().all()
    ws = workshops.create_workshop(eng, people["association_host"], "彰化場", dt.date(2026, 12, 1))
    joined = workshops.join(eng, ws.join_code)
    workshops.link_saved(eng, joined.token, save_firm(eng).code)
    workshops.dashboard(eng, people["association_host"], ws.id, advice=False)  # the host looks at the room
    at = _page("audit", token)
    assert not at.exception, at.exception
    log = at.dataframe[0].value
    views = log[log["動作"] == "查看工作坊統計"]  # one row per view of the room, not one per firm
    assert len(views) == 1
    assert list(views["對象"]) == [f"工作坊 {ws.id}"]
    assert "登入" in list(log["動作"])  # the admin's own sign-in, in words
    assert sorted(at.dataframe[1].value["角色"]) == sorted(["公協會工作坊主持人", "諮詢專線人員", "系統管理員"])
