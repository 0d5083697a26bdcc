"""Participant: join a workshop by its code (or the QR code's link), then send the saved checkup to it."""

import streamlit as st

import core
from core.accounts import workshops
from ui.engine import get_engine
from ui.i18n import t
from ui.staff import SHARE_KEY, page_link, WORKSHOP_KEY, after_save, checkup_firm_name, error_text, guarded_code

engine = get_engine()
st.title(t("staff.join.title"))

token = st.session_state.get(WORKSHOP_KEY)
status = workshops.participant_status(engine, token) if token else None

if status is None:
    st.caption(t("staff.join.intro"))
    with st.form("ws_join"):
        code = st.text_input(t("staff.join.code"), value=str(st.query_params.get("code", "")), max_chars=12)
        share = st.checkbox(t("staff.room.share"), value=False)  # nothing is shared until the firm ticks it
        show_name = st.checkbox(t("staff.join.show_name"), value=False)
        firm_name = st.text_input(t("staff.join.firm_name"), value=checkup_firm_name(), max_chars=120)
        st.caption(t("staff.join.consent"))
        if st.form_submit_button(t("staff.join.submit"), type="primary", icon=":material/login:"):
            try:
                with guarded_code(code):
                    joined = workshops.join(engine, code)
            except core.CheckupError as err:
                st.error(error_text(err))
            else:
                st.session_state[WORKSHOP_KEY] = joined.token
                st.session_state[SHARE_KEY] = {"share": share, "show_name": show_name, "firm_name": firm_name.strip()}
                if "code" in st.query_params:
                    del st.query_params["code"]
                st.rerun()
    st.stop()

ws, linked = status
st.success(t("staff.join.joined", name=ws.name, date=ws.event_date.isoformat()))
share = st.session_state.get(SHARE_KEY) or {}

# Saved in this browser already (the checkup's save page keeps the code) and "share" ticked: link it now.
resume_code = st.session_state.get("resume_code")
if ws.open and share.get("share") and resume_code and not linked and st.session_state.get("_workshop_linked_code") != resume_code:
    linked = after_save(resume_code)

if not ws.open:
    st.warning(t("staff.room.closed"), icon=":material/event_busy:")
elif linked:
    st.success(t("staff.join.sent"))
elif not share.get("share"):
    st.info(t("staff.room.not_shared"))
else:
    st.info(t("staff.join.next"))
    page_link("pages/checkup/quick.py", t("app.nav.quick"), ":material/bolt:")

if ws.open:
    with st.form("ws_send"):
        code = st.text_input(t("staff.join.resume_code"), value=resume_code or "", help=t("staff.join.resume_help"), max_chars=40)
        share_it = st.checkbox(t("staff.room.share"), value=bool(share.get("share")))
        show_name = st.checkbox(t("staff.join.show_name"), value=bool(share.get("show_name")))
        firm_name = st.text_input(t("staff.join.firm_name"), value=share.get("firm_name") or checkup_firm_name(), max_chars=120)
        st.caption(t("staff.join.consent"))
        if st.form_submit_button(t("staff.join.send"), type="primary", icon=":material/send:"):
            st.session_state[SHARE_KEY] = {"share": share_it, "show_name": show_name, "firm_name": firm_name.strip()}
            if not share_it:
                st.warning(t("staff.room.share_needed"))
            else:
                try:
                    with guarded_code(code):
                        workshops.link_saved(engine, token, code, show_name=show_name, firm_name=firm_name)
                except core.CheckupError as err:
                    st.error(error_text(err))
                else:
                    st.session_state["_workshop_linked_code"] = code
                    st.rerun()
