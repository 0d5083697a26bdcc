"""Helpline console: find or open a case, call notes with time, follow-up status, history, the quick estimate."""


import pandas as pd
import streamlit as st

import core
from core.accounts import helpline
from ui import fmt
from ui.engine import get_engine
from ui.i18n import lang, t
from ui.staff import error_text, require, signed_in_bar

staff = require("helpline_agent")
engine = get_engine()

st.title(t("staff.helpline.title"))
signed_in_bar(staff)
st.caption(t("staff.helpline.intro"))


def _open(case_id: int) -> None:
    st.session_state["_hl_case"] = case_id
    st.session_state.pop("_hl_code", None)


left, right = st.columns([1, 2], gap="large")

with left:
    with st.form("hl_find"):
        number = st.text_input(t("staff.helpline.number"), placeholder="HL-2026-00012", max_chars=20)
        if st.form_submit_button(t("staff.helpline.search"), icon=":material/search:"):
            try:
                _open(helpline.find_case(engine, staff, number).id)
            except core.CheckupError as err:
                st.error(error_text(err))
    with st.expander(t("staff.helpline.new"), icon=":material/add_call:"):
        with st.form("hl_new", border=False):
            company = st.text_input(t("staff.helpline.company"), max_chars=120)
            phone = st.text_input(t("staff.helpline.phone"), max_chars=40)
            if st.form_submit_button(t("staff.helpline.create"), type="primary"):
                made = helpline.open_case(engine, staff, company, phone)
                _open(made.id)
                st.success(t("staff.helpline.created", number=made.number))
    st.subheader(t("staff.helpline.mine"))
    cases = helpline.my_cases(engine, staff)
    if not cases:
        st.caption(t("staff.helpline.none"))
    for c in cases[:30]:
        due = f" · {c.follow_up_on.isoformat()}" if c.follow_up_on else ""
        st.button(f"{c.number} · {c.company or '—'} · {t(f'staff.helpline.status_name.{c.status}')}{due}",
                  key=f"_hl_open_{c.id}", on_click=_open, args=(c.id,), type="tertiary")

case_id = st.session_state.get("_hl_case")
if case_id is None:
    st.stop()

with right:
    try:
        case = helpline.get_case(engine, staff, case_id)
    except core.CheckupError as err:
        st.error(error_text(err))
        st.session_state.pop("_hl_case", None)
        st.stop()
    st.header(t("staff.helpline.case", number=case.number))
    st.markdown(f"**{case.company or '—'}** · {case.contact_phone or '—'}")

    with st.form(f"hl_status_{case.id}"):
        c1, c2 = st.columns(2)
        status = c1.selectbox(t("staff.helpline.status"), helpline.STATUSES, index=helpline.STATUSES.index(case.status),
                              format_func=lambda s: t(f"staff.helpline.status_name.{s}"))
        follow = c2.date_input(t("staff.helpline.follow_up_on"), value=case.follow_up_on, format="YYYY-MM-DD")
        if st.form_submit_button(t("staff.helpline.save_status")):
            helpline.set_status(engine, staff, case.id, status, follow)
            st.rerun()

    with st.form(f"hl_note_{case.id}", clear_on_submit=True):
        note = st.text_area(t("staff.helpline.note"), max_chars=4000, height=100)
        if st.form_submit_button(t("staff.helpline.add_note"), icon=":material/edit_note:"):
            try:
                helpline.add_note(engine, staff, case.id, note)
            except core.CheckupError as err:
                st.error(error_text(err))
            else:
                st.rerun()

    code = st.session_state.get("_hl_code")
    if code:
        st.success(t("staff.helpline.code_for_caller", code=code))
        st.code(t("staff.helpline.sms_text", code=code), language=None)
        if st.button(t("staff.helpline.record_code_sent"), icon=":material/sms:"):
            helpline.record_sent(engine, staff, case.id, "code_sent")
            st.rerun()

    if case.linked:
        st.subheader(t("staff.helpline.checkup"))
        saved = helpline.case_checkup(engine, staff, case.id)  # written to the audit log; the save the caller shared
        if saved is not None:
            st.caption(t("access.shared.case_year", year=saved.year, saved=fmt.local_time(saved.saved_at)))
            m = st.columns(3)
            m[0].metric(t("staff.dashboard.total"), fmt.num(saved.total_tco2e, 1))
            m[1].metric(t("staff.dashboard.scope1"), fmt.num(saved.scope1_tco2e, 1))
            m[2].metric(t("staff.dashboard.scope2"), fmt.num(saved.scope2_tco2e, 1))
            def _report(saved=saved, language=lang()) -> bytes:
                """The caller's PDF report, made only when the agent asks for it (with the saved factors)."""
                from core.inventory.factors import FactorSet
                from core.reports.pdf import build_pdf

                helpline.report_downloaded(engine, staff, case.id)  # consent checked again, and audited
                checkup = core.parse_checkup(saved.data)
                factors = FactorSet.from_snapshot(saved.factors) if saved.factors else None
                result = core.compute(checkup, factors) if factors is not None else core.compute(checkup)
                advice = core.advise(checkup, result, language)  # the one advice builder: the caller's plan too
                return build_pdf(checkup, result, advice["measures"], advice["programmes"], lang=language,
                                 measures_total=advice["measures_total"], plan=advice["plan"])

            b1, b2 = st.columns(2)
            b1.download_button(t("staff.helpline.report"), _report, file_name=f"{case.number}.pdf", mime="application/pdf",
                               icon=":material/picture_as_pdf:", on_click="ignore")
            if b2.button(t("staff.helpline.record_report_sent"), icon=":material/outgoing_mail:"):
                helpline.record_sent(engine, staff, case.id, "report_sent")
                st.rerun()
    else:
        st.caption(t("staff.helpline.not_linked"))
    # linking again shares the caller's latest save (consent is for what was shared)
    with st.expander(t("access.shared.relink") if case.linked else t("staff.helpline.link"), icon=":material/link:"):
        with st.form(f"hl_link_{case.id}", border=False):
            resume = st.text_input(t("staff.helpline.link_code"), max_chars=40)
            if st.form_submit_button(t("staff.helpline.link_submit")):
                try:
                    helpline.link_firm(engine, staff, case.id, resume)
                except core.CheckupError as err:
                    st.error(error_text(err))
                else:
                    st.rerun()
    if not case.linked:
        with st.expander(t("staff.helpline.script"), icon=":material/format_list_numbered:", expanded=True):
            st.caption(t("staff.helpline.script_intro"))
            with st.form(f"hl_estimate_{case.id}", border=False):
                st.markdown(f"**{t('staff.helpline.step.company')}** — {case.company or '—'}")
                year = st.number_input(t("staff.helpline.field.year"), *helpline.year_choices())
                st.markdown(f"**{t('staff.helpline.step.industry')}**")
                industry = st.text_input(t("staff.helpline.field.industry"), max_chars=4)
                st.markdown(f"**{t('staff.helpline.step.electricity')}**")
                kwh = st.number_input(t("staff.helpline.field.kwh"), 0.0, 1e9, 0.0, step=1000.0)
                st.markdown(f"**{t('staff.helpline.step.fuels')}**")
                f1, f2, f3 = st.columns(3)
                diesel = f1.number_input(t("staff.helpline.field.diesel_l"), 0.0, 1e8, 0.0)
                gas = f2.number_input(t("staff.helpline.field.natural_gas_m3"), 0.0, 1e8, 0.0)
                lpg = f3.number_input(t("staff.helpline.field.lpg_kg"), 0.0, 1e8, 0.0)
                st.markdown(f"**{t('staff.helpline.step.refrigerants')}**")
                ac = st.number_input(t("staff.helpline.field.ac_units"), 0, 1000, 0)
                st.markdown(f"**{t('staff.helpline.step.people')}**")
                employees = st.number_input(t("staff.helpline.field.employees"), 0, 100000, 0)
                st.markdown(f"**{t('staff.helpline.step.save')}**")
                go = st.form_submit_button(t("staff.helpline.save_estimate"), type="primary", icon=":material/save:")
            if go:
                answers = helpline.CallAnswers(year=int(year), industry=industry, kwh=kwh, diesel_l=diesel, natural_gas_m3=gas,
                                               lpg_kg=lpg, ac_units=int(ac), employees=int(employees))
                try:
                    checkup = core.parse_checkup(helpline.estimate_data(case.company, answers))
                    result = core.compute(checkup)
                    st.session_state["_hl_code"] = helpline.save_estimate(engine, staff, case.id, core.to_data(checkup), result)
                except core.CheckupError as err:
                    st.error(error_text(err))
                else:
                    st.rerun()

    st.subheader(t("staff.helpline.history"))
    notes = helpline.history(engine, staff, case.id)
    st.dataframe(pd.DataFrame({
        t("staff.audit.at"): [fmt.local_time(n.at) for n in notes],
        t("staff.audit.action"): [t(f"staff.helpline.kind.{n.kind}") for n in notes],
        t("staff.helpline.note"): [t(f"staff.helpline.status_name.{n.status}") + (f" → {n.follow_up_on.isoformat()}" if n.follow_up_on else "")
                                   if n.status else n.text for n in notes],
    }), hide_index=True, width="stretch")
