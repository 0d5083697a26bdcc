"""Start: what the checkup is, and the two ways in."""

import streamlit as st

from ui import files, state
from ui.i18n import t
from ui.widgets import flash

flash()
st.title(t("checkup.home.title"))
st.markdown(t("checkup.home.intro"))

left, right = st.columns(2)
with left.container(border=True):
    st.subheader(t("checkup.home.quick_title"), anchor=False)
    st.markdown(t("checkup.home.quick_text"))
    if st.button(t("checkup.home.quick_link"), icon=":material/bolt:", type="primary", key="go_quick", help=t("checkup.home.quick_text")):
        st.switch_page("pages/checkup/quick.py")
with right.container(border=True):
    st.subheader(t("checkup.home.full_title"), anchor=False)
    st.markdown(t("checkup.home.full_text"))
    if st.button(t("checkup.home.full_link"), icon=":material/checklist:", type="primary", key="go_full", help=t("checkup.home.full_text")):
        st.switch_page("pages/checkup/inventory.py")

with st.container(border=True):
    st.markdown(t("checkup.home.resume_text"))
    st.page_link("pages/checkup/save.py", label=t("checkup.home.resume_link"), icon=":material/key:")

with st.expander(t("checkup.home.prepare_title"), icon=":material/receipt_long:"):
    st.markdown(t("checkup.home.prepare_text"))
    st.caption(t("files.template_intro"))
    files.template_button(state.checkup(), key="dl_template_home")
