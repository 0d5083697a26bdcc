"""1+N team: the lead firm creates a team and invites suppliers; each supplier chooses what to share."""

import streamlit as st

import core
from core.accounts import access, teams
from core.advice.oneplusn import calculate, rules
from ui import fmt
from ui.engine import get_engine
from ui.i18n import lang, t
from ui.staff import checkup_firm_name, error_text, guarded_code, page_link

engine = get_engine()
st.title(t("staff.team.title"))
st.caption(t("staff.team.intro"))

code = st.text_input(t("staff.team.code"), value=st.session_state.get("resume_code") or "", help=t("staff.team.code_help"),
                     type="password", max_chars=40, key="_team_code")
if not code:
    st.stop()
try:
    with guarded_code(code, rerun_proof=True):  # the box is read on every run of the page
        me = access.firm_actor(engine, code)
except core.CheckupError as err:
    st.error(error_text(err))
    st.stop()

led, member_of = teams.my_teams(engine, me)

for team in led:
    with st.container(border=True):
        st.subheader(team.name)
        st.markdown(t("staff.team.invite", code=f"`{team.invite_code}`"))
        s = teams.team_summary(engine, me, team.id)
        m = st.columns(4)
        m[0].metric(t("staff.team.suppliers"), s.suppliers)
        m[1].metric(t("staff.team.sharing"), s.sharing)
        m[2].metric(t("staff.team.suppliers_total"), fmt.num(s.suppliers_total_tco2e, 1))
        m[3].metric(t("staff.team.team_total"), fmt.num(s.team_total_tco2e, 1))
        if s.lines:
            st.dataframe({
                t("staff.dashboard.firm"): [x.label if x.named else t("staff.team.supplier", n=x.label.lstrip("#")) for x in s.lines],
                t("staff.dashboard.year"): [x.year for x in s.lines],
                t("staff.dashboard.total"): [fmt.num(x.total_tco2e, 1) if x.total_tco2e is not None else t("staff.team.not_shared") for x in s.lines],
                t("staff.dashboard.scope1"): [fmt.num(x.scope1_tco2e, 1) for x in s.lines],
                t("staff.dashboard.scope2"): [fmt.num(x.scope2_tco2e, 1) for x in s.lines],
            }, hide_index=True, width="stretch")
        else:
            st.info(t("staff.team.no_suppliers_yet"))
        r = calculate(teams.calculator_input(s))
        st.markdown(f"**{t('staff.team.calculator')}**")
        st.caption(t("staff.team.calculator_basis", firms=s.sharing + 1))
        st.caption(t("staff.room.counted", sharing=s.sharing, suppliers=s.suppliers))
        st.markdown(" · ".join([
            t("staff.team.cap", value=fmt.num(r.cap_ntd, 0)) if r.cap_ntd is not None else
            t("programmes.oneplusn_rules.no_cap", min=min(c.min_suppliers for c in rules().budget_caps)),
            t("staff.team.government", value=fmt.num(r.government_ntd, 0)),
            t("staff.team.firms_pay", value=fmt.num(r.firms_ntd, 0)),
        ]))
        problems = [p for p in r.problems if p.code != "reduction_too_small"]  # the team's reduction target is not asked here
        if not problems:
            st.success(t("staff.team.meets_rules"))
        else:
            st.warning("\n".join([t("staff.team.fails_rules"), *(f"- {p.text(lang())}" for p in problems)]))
        page_link("pages/advice/programmes.py", t("staff.team.full_calculator"), ":material/calculate:")

with st.expander(t("staff.team.new"), icon=":material/add:"):
    with st.form("team_new", border=False):
        name = st.text_input(t("staff.team.name"), max_chars=120)
        if st.form_submit_button(t("staff.team.create"), type="primary"):
            try:
                teams.create_team(engine, me, name)
            except core.CheckupError as err:
                st.error(error_text(err))
            else:
                st.rerun()

with st.expander(t("staff.team.join"), icon=":material/group_add:", expanded=not led and not member_of):
    with st.form("team_join", border=False):
        invite = st.text_input(t("staff.team.invite_code"), max_chars=12)
        total = st.checkbox(t("staff.team.share_total"), value=True)
        scopes = st.checkbox(t("staff.team.share_scopes"))
        named = st.checkbox(t("staff.team.share_name"))
        firm_name = st.text_input(t("staff.team.firm_name"), value=checkup_firm_name(), max_chars=120)
        if st.form_submit_button(t("staff.team.join_submit"), type="primary"):
            try:
                with guarded_code(invite):
                    joined = teams.join_team(engine, me, invite, teams.Share(total, scopes, named, firm_name))
            except core.CheckupError as err:
                st.error(error_text(err))
            else:
                st.success(t("staff.team.joined", name=joined.name))
                st.rerun()

for team in member_of:
    share = teams.my_share(engine, me, team.id)
    with st.container(border=True):
        st.subheader(t("staff.team.member_of", name=team.name))
        with st.form(f"team_share_{team.id}", border=False):
            total = st.checkbox(t("staff.team.share_total"), value=share.total)
            scopes = st.checkbox(t("staff.team.share_scopes"), value=share.scopes)
            named = st.checkbox(t("staff.team.share_name"), value=share.name)
            firm_name = st.text_input(t("staff.team.firm_name"), value=share.firm_name or "", max_chars=120)
            c1, c2 = st.columns(2)
            if c1.form_submit_button(t("staff.team.update"), type="primary"):
                teams.set_share(engine, me, team.id, teams.Share(total, scopes, named, firm_name))
                st.rerun()
            if c2.form_submit_button(t("staff.team.leave")):
                teams.leave_team(engine, me, team.id)
                st.rerun()
