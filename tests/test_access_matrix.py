"""The access matrix: every actor × every object and route, on SQLite and PostgreSQL, refused or the allowed content.

Actors: owner A and owner B (their resume codes), the hosts of two associations, a helpline agent, an admin,
a 1+N team lead, a supplier sharing nothing, and three who must get nothing: signed out, a turned-off
account, an expired session. Staff are resolved the way every page resolves them, from their session token
(``current_staff``), so the last three are refused before any object is reached.

The world (each consent given to exactly one party):
* owner A (150,000 kWh in 2024 → 71.1 t Scope 2) sent its checkup to host 1's workshop, linked it to the
  agent's case, and shares its total with the lead's 1+N team;
* owner B (90,000 kWh) shares nothing with anyone;
* the silent supplier joined the lead's team sharing nothing;
* host 2 runs an empty workshop of another association.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest_pg import PASSWORD, save_firm, staff
from core import accounts
from core.accounts import access, helpline, teams, workshops
from core.errors import AccessDenied, SessionExpired

A_SCOPE2 = 150_000 * 0.474 / 1000  # 71.1 t: 能源署 2024, 0.474 kgCO2e/kWh
ACTORS = ("owner_a", "owner_b", "host_1", "host_2", "agent", "admin", "lead", "silent_supplier", "signed_out", "disabled", "expired")
STAFF = {"host_1", "host_2", "agent", "admin", "signed_out", "disabled", "expired"}
NOBODY = {"signed_out", "disabled", "expired"}


@pytest.fixture()
def world(db_engine):
    e = db_engine
    w: dict = {"engine": e}
    people = {
        "host_1": staff(e, "association_host", "host1@example.org", "台灣區螺絲工業同業公會"),
        "host_2": staff(e, "association_host", "host2@example.org", "台灣區模具工業同業公會"),
        "agent": staff(e, "helpline_agent", "agent@example.org"),
        "admin": staff(e, "admin", "admin@example.org"),
        "disabled": staff(e, "association_host", "gone@example.org", "台灣區螺絲工業同業公會"),
        "expired": staff(e, "helpline_agent", "late@example.org"),
    }
    w["people"] = people
    w["tokens"] = {name: accounts.sign_in(e, f"{people[name].email}", PASSWORD).token for name in people}
    long_ago = dt.datetime.now(dt.timezone.utc) - accounts.SESSION_IDLE - dt.timedelta(minutes=5)
    w["tokens"]["expired"] = accounts.sign_in(e, "late@example.org", PASSWORD, now=long_ago).token
    w["tokens"]["signed_out"] = None
    codes = {name: save_firm(e, kwh).code for name, kwh in
             (("owner_a", 150_000), ("owner_b", 90_000), ("lead", 400_000), ("silent_supplier", 60_000))}
    w["codes"] = codes
    firm = {name: access.firm_actor(e, code) for name, code in codes.items()}
    w["firm"] = firm
    w["ws_1"] = workshops.create_workshop(e, people["host_1"], "螺絲業碳盤查工作坊", dt.date(2026, 12, 4))
    w["ws_2"] = workshops.create_workshop(e, people["host_2"], "模具業工作坊", dt.date(2026, 12, 5))
    w["ws_gone"] = workshops.create_workshop(e, people["disabled"], "停用帳號的工作坊", dt.date(2026, 12, 6))
    workshops.link_saved(e, workshops.join(e, w["ws_1"].join_code).token, codes["owner_a"])
    workshops.link_saved(e, workshops.join(e, w["ws_gone"].join_code).token, codes["owner_a"])
    w["case"] = helpline.open_case(e, people["agent"], "甲廠")
    helpline.link_firm(e, people["agent"], w["case"].id, codes["owner_a"])
    w["team"] = teams.create_team(e, firm["lead"], "彰化螺絲 1+N")
    teams.join_team(e, firm["owner_a"], w["team"].invite_code, teams.Share(total=True, scopes=True))
    teams.join_team(e, firm["silent_supplier"], w["team"].invite_code, teams.Share(total=False))
    accounts.set_active(e, "gone@example.org", False)
    return w


def _resolve(w, who):
    """The actor as the pages get it: a firm by its resume code, staff by their session token (refused if not valid)."""
    if who in STAFF:
        return accounts.current_staff(w["engine"], w["tokens"][who])
    return access.firm_actor(w["engine"], w["codes"][who])


# Each object or route: what it gives an allowed actor (compared with EXPECTED) — anyone else is refused.
def _firm_view(firm):
    return lambda w, a: access.view_firm(w["engine"], a, w["firm"][firm].firm_id, action="matrix") or "seen"


OBJECTS = {
    "firm_a": _firm_view("owner_a"),
    "firm_b": _firm_view("owner_b"),
    "silent_supplier": _firm_view("silent_supplier"),
    "ws_1_dashboard": lambda w, a: [(r.year, round(r.scope2_tco2e, 1)) for r in
                                    workshops.dashboard(w["engine"], a, w["ws_1"].id, advice=False).rows],
    "ws_1_export": lambda w, a: workshops.audit_export(w["engine"], a, w["ws_1"].id) or "exported",
    "ws_1_close": lambda w, a: workshops.set_open(w["engine"], a, w["ws_1"].id, True) or "set",
    "ws_2_dashboard": lambda w, a: workshops.dashboard(w["engine"], a, w["ws_2"].id, advice=False).finished,
    "ws_gone_dashboard": lambda w, a: workshops.dashboard(w["engine"], a, w["ws_gone"].id, advice=False).finished,
    "my_workshops": lambda w, a: sorted(x.name for x in workshops.my_workshops(w["engine"], a)),
    "case": lambda w, a: (lambda s: (s.year, round(s.scope2_tco2e, 1)))(helpline.case_checkup(w["engine"], a, w["case"].id)),
    "case_pdf": lambda w, a: helpline.report_downloaded(w["engine"], a, w["case"].id) or "downloaded",
    "case_find": lambda w, a: helpline.find_case(w["engine"], a, w["case"].number).company,
    "case_note": lambda w, a: helpline.add_note(w["engine"], a, w["case"].id, "matrix") or "noted",
    "team_summary": lambda w, a: [(x.total_tco2e is not None) for x in teams.team_summary(w["engine"], a, w["team"].id).lines],
    "team_share": lambda w, a: teams.my_share(w["engine"], a, w["team"].id).total,
    "audit_all": lambda w, a: len(access.audit_log(w["engine"], a)) > 0,
    "staff_list_of_admin": lambda w, a: access.require_role(a, "admin") and "listed",
}

A = round(A_SCOPE2, 1)
EXPECTED = {
    ("owner_a", "firm_a"): "seen", ("host_1", "firm_a"): "seen", ("agent", "firm_a"): "seen", ("lead", "firm_a"): "seen",
    ("owner_b", "firm_b"): "seen",
    ("silent_supplier", "silent_supplier"): "seen",  # itself; the lead gets nothing of it
    ("host_1", "ws_1_dashboard"): [(2024, A)],
    ("host_1", "ws_1_export"): "exported",
    ("host_1", "ws_1_close"): "set",
    ("host_2", "ws_2_dashboard"): 0,
    ("host_1", "my_workshops"): ["螺絲業碳盤查工作坊"],
    ("host_2", "my_workshops"): ["模具業工作坊"],
    ("agent", "case"): (2024, A),
    ("agent", "case_pdf"): "downloaded",
    ("agent", "case_find"): "甲廠",
    ("agent", "case_note"): "noted",
    ("lead", "team_summary"): [True, False],  # owner A's total; the silent supplier's, never
    ("owner_a", "team_share"): True,
    ("silent_supplier", "team_share"): False,
    ("admin", "audit_all"): True,
    ("owner_a", "audit_all"): True,  # a firm reads the log of who looked at it (its own rows only, below)
    ("owner_b", "audit_all"): False,  # nobody looked at B: its own log is empty
    ("lead", "audit_all"): False,
    ("silent_supplier", "audit_all"): False,
    ("admin", "staff_list_of_admin"): "listed",
}


@pytest.mark.parametrize("who", ACTORS)
def test_every_actor_against_every_object(world, who):
    try:
        actor = _resolve(world, who)
    except SessionExpired:
        assert who in NOBODY, who
        return
    assert who not in NOBODY, f"{who} must not get a session"
    for name, call in OBJECTS.items():
        if (who, name) in EXPECTED:
            assert call(world, actor) == EXPECTED[(who, name)], (who, name)
        else:
            with pytest.raises(AccessDenied):
                call(world, actor)
                pytest.fail(f"{who} reached {name}")


def test_refusals_write_no_audit_row_and_a_firm_reads_only_its_own(world):
    e = world["engine"]
    admin = _resolve(world, "admin")
    before = len(access.audit_log(e, admin))
    for who in ("host_2", "agent", "owner_b", "lead"):
        with pytest.raises(AccessDenied):
            workshops.dashboard(e, _resolve(world, who), world["ws_1"].id)
    with pytest.raises(AccessDenied):
        helpline.case_checkup(e, _resolve(world, "host_1"), world["case"].id)
    assert len(access.audit_log(e, admin)) == before
    own = access.audit_log(e, _resolve(world, "owner_a"))
    assert own and {x.firm_id for x in own} == {world["firm"]["owner_a"].firm_id}


def test_the_turned_off_hosts_workshop_shows_nothing_to_anyone(world):
    """Its own host is turned off; no other host may open it; the firm's data in it stays the firm's."""
    e = world["engine"]
    for who in ("host_1", "host_2", "admin", "agent"):
        with pytest.raises(AccessDenied):
            workshops.dashboard(e, _resolve(world, who), world["ws_gone"].id, advice=False)
    with pytest.raises(SessionExpired):
        _resolve(world, "disabled")


# --------------------------------------------------------------------------- the routes (pages, AppTest, SQLite)

PAGES = {"workshops": "association_host", "helpline": "helpline_agent", "audit": "admin"}


@pytest.fixture()
def app_world(app_db):
    e = app_db
    for role, email in (("association_host", "host@example.org"), ("helpline_agent", "agent@example.org"),
                        ("admin", "admin@example.org"), ("association_host", "gone@example.org")):
        staff(e, role, email, "公會")
    tokens = {who: accounts.sign_in(e, email, PASSWORD).token for who, email in
              (("host", "host@example.org"), ("agent", "agent@example.org"), ("admin", "admin@example.org"),
               ("disabled", "gone@example.org"))}
    long_ago = dt.datetime.now(dt.timezone.utc) - accounts.SESSION_MAX - dt.timedelta(minutes=1)
    tokens["expired"] = accounts.sign_in(e, "host@example.org", PASSWORD, now=long_ago).token
    tokens["signed_out"] = None
    tokens["made_up"] = "not-a-token-the-database-knows"
    accounts.set_active(e, "gone@example.org", False)
    ws = workshops.create_workshop(e, accounts.current_staff(e, tokens["host"]), "秘密工作坊", dt.date(2026, 12, 4))
    workshops.link_saved(e, workshops.join(e, ws.join_code).token, save_firm(e).code, show_name=True, firm_name="甲廠機密名稱")
    return e, tokens


@pytest.mark.parametrize("who", ["host", "agent", "admin", "disabled", "expired", "signed_out", "made_up"])
def test_every_staff_page_for_every_kind_of_visitor(app_world, who):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT
    from core.i18n import t

    _, tokens = app_world
    role = {"host": "association_host", "agent": "helpline_agent", "admin": "admin"}.get(who)
    for page, allowed in PAGES.items():
        at = AppTest.from_file(str(ROOT / "pages" / "staff" / f"{page}.py"), default_timeout=60)
        at.session_state["ui_lang"] = "zh-TW"
        if tokens[who]:
            at.session_state["staff_token"] = tokens[who]
        at.run()
        assert not at.exception, at.exception
        shown = "\n".join(str(x.value) for kind in ("markdown", "caption", "info", "warning", "error", "title", "subheader")
                          for x in getattr(at, kind))
        if role == allowed:
            assert t("staff.login.need_role", "zh-TW", role=t(f"staff.role.{allowed}", "zh-TW")) not in shown
            continue
        if role is None:  # no valid session: asked to sign in (or told it ended), and nothing else
            expected = t("staff.login.expired", "zh-TW") if who in ("expired", "disabled", "made_up") else t("staff.login.please_sign_in", "zh-TW")
            assert expected in shown, (who, page)
            assert "staff_token" not in at.session_state
        else:
            assert t("staff.login.need_role", "zh-TW", role=t(f"staff.role.{allowed}", "zh-TW")) in shown, (who, page)
        assert "秘密工作坊" not in shown and "甲廠機密名稱" not in shown and not at.dataframe, (who, page)
