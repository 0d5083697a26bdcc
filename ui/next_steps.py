"""Where the owner goes next: how far a quick estimate usually is from the full inventory, and the results'
next steps (what to do, who helps pay, the reports to take away, coming back next year)."""

from __future__ import annotations

import streamlit as st

from core.inventory.coverage import quick_coverage

from . import fmt
from .engine import Evaluation
from .exports import downloads as customer_downloads
from .results import downloads
from .i18n import t

def _is_quick(ev: Evaluation) -> bool:
    """Only electricity and at most one fuel: what the quick estimate asks (nothing of the full inventory yet)."""
    data = ev.checkup
    if data is None:
        return False
    extra = any(getattr(data, name, None) for name in ("refrigerants", "other", "septic", "equipment"))
    return not extra and len(data.fuels or []) <= 1


def quick_gap(ev: Evaluation) -> None:
    """Under a quick estimate: the share of the full total it usually reaches, and the range that gives."""
    if not (ev.ok and ev.result and ev.result.total_tco2e and _is_quick(ev)):
        return
    cov = quick_coverage()
    lo, hi = cov.full_range(ev.result.total_tco2e)
    st.info(t("guide.quick_gap", low=round(cov.low * 100), high=round(cov.high * 100), lo=fmt.tco2e(lo), hi=fmt.tco2e(hi)),
            icon=":material/straighten:")
    status = t("guide.status_confirmed") if cov.status == "confirmed" else t("guide.status_unconfirmed")
    st.caption(t("guide.quick_gap_source", source=cov.source, status=status))


def _link(page: str, label: str, icon: str) -> None:
    try:
        st.page_link(page, label=label, icon=icon)
    except Exception:  # noqa: BLE001 - the page is not in this run's navigation (a page script run alone)
        pass


def show(ev: Evaluation, *, customer_formats: bool = False) -> None:
    """The end of the results: measures, programmes, the report downloads (and the customers' formats), next year."""
    st.divider()
    st.header(t("guide.next_title"), anchor=False)
    st.caption(t("guide.next_intro"))
    left, right = st.columns(2)
    with left.container(border=True):
        st.subheader(t("guide.next_measures_title"), anchor=False)
        st.markdown(t("guide.next_measures_text"))
        _link("pages/advice/measures.py", t("guide.next_measures_link"), ":material/lightbulb:")
    with right.container(border=True):
        st.subheader(t("guide.next_programmes_title"), anchor=False)
        st.markdown(t("guide.next_programmes_text"))
        _link("pages/advice/programmes.py", t("guide.next_programmes_link"), ":material/handshake:")
    with st.container(border=True):
        st.subheader(t("guide.next_reports_title"), anchor=False)
        downloads(ev)
        if customer_formats:
            customer_downloads(ev)
    with st.container(border=True):
        st.subheader(t("guide.next_save_title"), anchor=False)
        st.markdown(t("guide.next_save_text"))
