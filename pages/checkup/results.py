"""Results of the current checkup: totals, charts, intensities, the working, data-quality notes, the change."""

import streamlit as st

from ui import next_steps, results
from ui import widgets as w
from ui.engine import evaluate
from ui.i18n import t

w.flash()
st.title(t("checkup.results.page_title"))
ev = evaluate()
if ev.ok and ev.result.lines:
    results.full(ev)
    next_steps.show(ev, customer_formats=True)  # measures, programmes, the downloads, next year
    if st.button(t("checkup.results.go_save"), icon=":material/save:", type="primary", key="go_save", help=t("checkup.save.save_help")):
        st.switch_page("pages/checkup/save.py")
elif ev.ok:
    st.info(t("checkup.results.empty"))
    st.page_link("pages/checkup/quick.py", label=t("checkup.home.quick_link"), icon=":material/bolt:")
else:
    st.warning(t("checkup.results.fix_first"))
    for path, messages in ev.errors.items():
        for m in messages:
            st.error(t("checkup.error_at", field=w._field_label(path), message=m))
    for m in ev.general:
        st.error(m)
    st.page_link("pages/checkup/inventory.py", label=t("checkup.home.full_link"), icon=":material/checklist:")
