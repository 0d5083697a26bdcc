"""The firm's own access log on its save page: which staff member looked at its data, when, and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import core
from core.accounts import access

from . import fmt
from .engine import get_engine
from .i18n import has, t


def audit_words(prefix: str, value: str | None) -> str:
    """An audit action or object type in words (the id itself when the catalogue has none)."""
    for key in (f"staff.audit.{prefix}.{value}", f"access.audit.{prefix}.{value}"):
        if value and has(key):
            return t(key)
    return value or ""


def firm_access_log(code: str) -> None:
    """Who looked at this firm's data (the audit log's rows about it), newest first; nothing without a code."""
    try:
        log = access.audit_log(get_engine(), access.firm_actor(get_engine(), code), limit=200)
    except core.CheckupError:
        return
    with st.expander(t("access.firm_log.title", n=len(log)), icon=":material/visibility:"):
        st.caption(t("access.firm_log.intro"))
        if not log:
            st.info(t("access.firm_log.empty"))
            return
        st.dataframe(pd.DataFrame({
            t("staff.audit.at"): [fmt.local_time(x.at) for x in log],
            t("staff.audit.staff"): [x.staff_email for x in log],
            t("staff.audit.action"): [audit_words("actions", x.action) for x in log],
            t("staff.audit.object"): [f"{audit_words('objects', x.object_type)} {x.object_id or ''}".strip() for x in log],
        }), hide_index=True, width="stretch", key="firm_access_log")
