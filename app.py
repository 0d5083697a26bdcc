"""Carbon Checkup (工廠碳健診): the router and frame. Pages live in pages/<section>/.

Run with ``python -m ui.serve`` (``make run``): ``streamlit run app.py`` with Streamlit's old
``pages/``-folder mode off from the server's first session (see ui/serve.py). The language is
Traditional Chinese unless the user switches (or the address says ``?lang=en``); page addresses
stay the same in both languages.
"""

import logging
from pathlib import Path

import streamlit as st

import core
from ui import chrome, drafts
from ui.engine import get_engine, handle_resume_link
from ui.i18n import init_lang, language_switch, t
from ui.staff import staff_pages

ROOT = Path(__file__).resolve().parent

init_lang()
st.set_page_config(page_title=t("app.page_title"), page_icon=":material/eco:", layout="wide")
chrome.words()  # Streamlit's own English words (uploader, "Press Enter to apply"…) in Taiwan's words
try:
    get_engine()  # the database and its migrations: once per process
except core.StorageError as err:  # full, read-only or gone: the checkup still works; saving says why it cannot
    logging.getLogger(__name__).warning("the database is not available: %s", err.message("en"))
drafts.restore()  # ?draft=KEY: the answers kept on the server come back (reload, new tab, restarted server)
handle_resume_link()

pages = {
    "": [  # the checkup's own pages sit directly in the top bar
        (home := st.Page("pages/checkup/home.py", title=t("app.nav.home"), icon=":material/home:", url_path="", default=True)),
        st.Page("pages/checkup/quick.py", title=t("app.nav.quick"), icon=":material/bolt:", url_path="quick"),
        st.Page("pages/checkup/inventory.py", title=t("app.nav.inventory"), icon=":material/checklist:", url_path="inventory"),
        st.Page("pages/checkup/results.py", title=t("app.nav.results"), icon=":material/insights:", url_path="results"),
        st.Page("pages/checkup/save.py", title=t("app.nav.save"), icon=":material/save:", url_path="save"),
        # the default page answers at "/" only: /home (an address people type and bookmark) leads there
        st.Page(lambda: st.switch_page(home, query_params=dict(st.query_params)), title=t("drafts.home_alias"),
                url_path="home", visibility="hidden"),
    ],
}
advice = [
    st.Page(f"pages/advice/{name}.py", title=t(f"app.nav.{name}"), icon=icon, url_path=name)
    for name, icon in (("plan", ":material/flag:"), ("measures", ":material/lightbulb:"), ("programmes", ":material/handshake:"))
    if (ROOT / "pages" / "advice" / f"{name}.py").exists()
]
if advice:
    pages[t("app.nav.section_advice")] = advice
pages.update(staff_pages())  # workshop join / team for everyone; the staff console only once signed in

page = st.navigation(pages, position="top")

with st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
    st.caption(t("app.tagline"))
    language_switch()

try:
    page.run()
finally:
    drafts.keep()  # every answer, written when it changed
drafts.status()

st.divider()
st.caption(t("app.footer"))
