"""Staff sign-in: e-mail and password (or the organisation's OIDC when configured); sign-out."""

import streamlit as st

from core import accounts
from core.errors import SignInFailed
from ui.engine import get_engine
from ui.i18n import t
from ui.staff import client_source, keep_in_browser, page_link, current_staff, error_text, oidc_configured, signed_in_bar

st.title(t("staff.login.title"))

staff = current_staff()
if staff is not None:
    signed_in_bar(staff)
    target = {"association_host": "pages/staff/workshops.py", "helpline_agent": "pages/staff/helpline.py",
              "admin": "pages/staff/audit.py"}.get(staff.role)
    if target:
        page_link(target, t({"association_host": "staff.nav.workshops", "helpline_agent": "staff.nav.helpline",
                             "admin": "staff.nav.audit"}[staff.role]), ":material/arrow_forward:")
    st.stop()

if st.session_state.pop("_staff_expired", False):
    st.warning(t("staff.login.expired"))
st.caption(t("staff.login.intro"))

with st.form("staff_login", border=True):
    email = st.text_input(t("staff.login.email"), autocomplete="username", max_chars=254)
    password = st.text_input(t("staff.login.password"), type="password", autocomplete="current-password", max_chars=256)
    submitted = st.form_submit_button(t("staff.login.submit"), type="primary", icon=":material/login:")

if submitted:
    try:
        signed = accounts.sign_in(get_engine(), email, password, source=client_source())
    except SignInFailed as err:
        st.error(error_text(err))
    else:
        keep_in_browser(signed.token)  # a reload stays signed in
        st.rerun()

if oidc_configured():
    st.divider()
    if st.button(t("staff.login.oidc"), icon=":material/corporate_fare:"):
        st.login()
