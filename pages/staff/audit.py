"""Administrator: staff accounts and the audit log of every staff view of a firm's data."""


import pandas as pd
import streamlit as st

from core import accounts
from core.accounts import access
from ui import fmt
from ui.engine import get_engine
from ui.access_log import audit_words
from ui.i18n import t
from ui.staff import require, signed_in_bar

staff = require("admin")
engine = get_engine()

st.title(t("staff.audit.title"))
signed_in_bar(staff)
st.caption(t("staff.audit.intro"))
log = access.audit_log(engine, staff)


_named = audit_words  # an action or object id in words (staff.audit.* or access.audit.*)


if not log:
    st.info(t("staff.audit.empty"))
else:
    st.dataframe(pd.DataFrame({
        t("staff.audit.at"): [fmt.local_time(x.at, seconds=True) for x in log],
        t("staff.audit.staff"): [x.staff_email for x in log],
        t("staff.audit.action"): [_named("actions", x.action) for x in log],
        t("staff.audit.firm"): [x.firm_id for x in log],
        t("staff.audit.object"): [f"{_named('objects', x.object_type)} {x.object_id or ''}".strip() for x in log],
    }), hide_index=True, width="stretch")

st.subheader(t("staff.audit.staff_list"))
people = accounts.list_staff(engine)
st.dataframe(pd.DataFrame({
    t("staff.login.email"): [p.email for p in people],
    t("staff.audit.staff"): [p.name for p in people],
    t("staff.workshop.association"): [p.association or "" for p in people],
    t("staff.audit.role"): [t(f"staff.role.{p.role}") for p in people],
}), hide_index=True, width="stretch")
