"""core.accounts.teams: a lead firm invites suppliers by code; each supplier chooses what to share; team sums."""

from __future__ import annotations

import pytest

import core.storage as storage
from core.accounts import access, teams
from core.errors import AccessDenied, StaffProblem
from core.advice.oneplusn import calculate
from conftest_pg import save_firm


@pytest.fixture()
def team(db_engine):
    lead = save_firm(db_engine, 500_000)
    sups = [save_firm(db_engine, 100_000 + 10_000 * i) for i in range(4)]
    la = access.firm_actor(db_engine, lead.code)
    info = teams.create_team(db_engine, la, "彰化螺絲 1+N")
    return db_engine, lead, la, sups, info


def _total(engine, code):
    return storage.load_checkup(engine, code)


def test_suppliers_join_by_code_and_the_lead_sees_only_what_each_shares(team):
    e, lead, la, sups, info = team
    assert len(info.invite_code) == 8
    shares = [
        teams.Share(total=True, scopes=True, name=True, firm_name="甲螺帽"),
        teams.Share(total=True, name=False, firm_name="乙不具名"),
        teams.Share(total=False, scopes=False, name=True, firm_name="丙只給名字"),
        teams.Share(total=False),
    ]
    for r, share in zip(sups, shares):
        joined = teams.join_team(e, access.firm_actor(e, r.code), info.invite_code.lower(), share)
        assert joined.id == info.id and joined.invite_code == ""
    s = teams.team_summary(e, la, info.id)
    assert s.suppliers == 4 and s.sharing == 2
    assert s.lead_total_tco2e == pytest.approx(_total(e, lead.code).total_tco2e)
    a, b = _total(e, sups[0].code), _total(e, sups[1].code)
    assert s.suppliers_total_tco2e == pytest.approx(a.total_tco2e + b.total_tco2e)
    assert s.scope1_tco2e == pytest.approx(a.scope1_tco2e) and s.scope2_tco2e == pytest.approx(a.scope2_tco2e)
    assert s.team_total_tco2e == pytest.approx(s.lead_total_tco2e + s.suppliers_total_tco2e)
    labels = [(x.label, x.named, x.total_tco2e is not None, x.scope1_tco2e is not None) for x in s.lines]
    assert labels == [("甲螺帽", True, True, True), ("#2", False, True, False), ("丙只給名字", True, False, False), ("#4", False, False, False)]
    # N of 1+N counts only the 2 suppliers sharing a checkup (not the 2 sharing nothing), with an inventory
    # diagnosis for each of the 3 firms counted by default
    result = calculate(teams.calculator_input(s))
    assert result.suppliers == 2 and result.team_size == 3
    assert {i.id: i.count for i in result.items}["inventory_diagnosis"] == 3


def test_a_supplier_changes_its_mind_or_leaves(team):
    e, lead, la, sups, info = team
    sa = access.firm_actor(e, sups[0].code)
    teams.join_team(e, sa, info.invite_code, teams.Share(total=True))
    assert teams.team_summary(e, la, info.id).sharing == 1
    teams.set_share(e, sa, info.id, teams.Share(total=False))
    assert teams.team_summary(e, la, info.id).sharing == 0
    assert teams.my_share(e, sa, info.id) == teams.Share(False, False, False, None)
    assert not access.may_view_firm(e, la, sa.firm_id)  # still a member, sharing nothing: an anonymous line, nothing of it
    teams.set_share(e, sa, info.id, teams.Share(total=False, name=True, firm_name="乙廠"))
    assert access.may_view_firm(e, la, sa.firm_id)  # its name only: the lead may see that
    teams.leave_team(e, sa, info.id)
    assert teams.team_summary(e, la, info.id).suppliers == 0
    assert not access.may_view_firm(e, la, sa.firm_id)
    led, member = teams.my_teams(e, la)
    assert [t.id for t in led] == [info.id] and member == []


def test_wrong_codes_and_own_team_are_refused(team):
    e, lead, la, sups, info = team
    with pytest.raises(StaffProblem) as err:
        teams.join_team(e, la, info.invite_code)
    assert err.value.code == "own_team"
    for bad in ("", "1234", "ZZZZZZZZ" if info.invite_code != "ZZZZZZZZ" else "YYYYYYYY"):
        with pytest.raises(StaffProblem):
            teams.join_team(e, access.firm_actor(e, sups[0].code), bad)
    # joining twice keeps one membership
    sa = access.firm_actor(e, sups[0].code)
    teams.join_team(e, sa, info.invite_code)
    teams.join_team(e, sa, info.invite_code)
    assert teams.team_summary(e, la, info.id).suppliers == 1


def test_a_supplier_cannot_see_the_teams_sums(team):
    e, lead, la, sups, info = team
    sa = access.firm_actor(e, sups[0].code)
    teams.join_team(e, sa, info.invite_code)
    with pytest.raises(AccessDenied):
        teams.team_summary(e, sa, info.id)
    assert not access.may_view_firm(e, sa, la.firm_id)


def test_team_page_creates_a_team_and_shows_the_sums(app_db):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT

    eng = app_db
    lead, sup = save_firm(eng, 300_000), save_firm(eng, 100_000)
    at = AppTest.from_file(str(ROOT / "pages" / "staff" / "team.py"), default_timeout=60)
    at.session_state["resume_code"] = lead.code
    at.run()
    assert not at.exception
    name_box = [b for b in at.text_input if b.label == core_t("staff.team.name")][0]
    name_box.set_value("彰化 1+N")
    [b for b in at.button if b.label == core_t("staff.team.create")][0].click().run()
    assert not at.exception, at.exception
    led, _ = teams.my_teams(eng, access.firm_actor(eng, lead.code))
    assert [x.name for x in led] == ["彰化 1+N"]
    # no supplier yet: the page says so, and the calculator names the rule broken in words
    assert any(core_t("staff.team.no_suppliers_yet") in i.value for i in at.info)
    assert [w.value for w in at.warning] == ["尚未符合計畫規定：\n- 受輔導廠商 0 家，未達遴選須知最低的 10 家：這樣的團隊不符申請資格，須知也沒有為它訂經費（不是不設上限）。"]
    teams.join_team(eng, access.firm_actor(eng, sup.code), led[0].invite_code, teams.Share(total=True))
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[core_t("staff.team.suppliers")] == "1"
    from core.i18n import t

    assert t("staff.room.counted", "zh-TW", sharing=1, suppliers=1) in [c.value for c in at.caption]
    assert "N 未達 10 家：不符資格，須知未訂經費" in " ".join(m.value for m in at.markdown)  # not "經費上限：— 元"
    eng.dispose()


def core_t(key):
    from core.i18n import t

    return t(key, "zh-TW")
