"""Workshop host: create an event, show its join code and QR code, watch the room's figures, export to Excel."""

import datetime as dt
import html
import os
from urllib.parse import urlsplit

import altair as alt
import pandas as pd
import streamlit as st

import core
from core import accounts
from core.accounts import workshops
from ui import fmt
from ui.engine import get_engine
from ui.i18n import colon, lang, t
from ui.staff import error_text, require, signed_in_bar, still_signed_in

staff = require("association_host")
engine = get_engine()


def _base_url() -> str:
    """Where participants open the app: PUBLIC_URL when hosted behind a proxy, else this page's own address."""
    configured = os.environ.get("PUBLIC_URL")
    if configured:
        return configured
    parts = urlsplit(st.context.url or "http://localhost:8501")
    return f"{parts.scheme}://{parts.netloc}"


projector = st.session_state.get("_ws_projector", False)
if not projector:
    st.title(t("staff.workshop.title"))
    signed_in_bar(staff)
    st.caption(t("staff.workshop.intro"))
    with st.expander(t("staff.workshop.new"), icon=":material/add:", expanded=not workshops.my_workshops(engine, staff)):
        with st.form("ws_new", border=False):
            name = st.text_input(t("staff.workshop.name"), max_chars=120)
            c1, c2 = st.columns(2)
            date = c1.date_input(t("staff.workshop.date"), value=dt.date.today(), format="YYYY-MM-DD")
            assoc = c2.text_input(t("staff.workshop.association"), value=staff.association or "", max_chars=120)
            if st.form_submit_button(t("staff.workshop.create"), type="primary"):
                try:
                    made = workshops.create_workshop(engine, staff, name, date, assoc)
                except core.CheckupError as err:
                    st.error(error_text(err))
                else:
                    st.session_state["_ws_selected"] = made.id
                    st.success(t("staff.workshop.created", name=made.name, code=made.join_code))

mine = workshops.my_workshops(engine, staff)
if not mine:
    st.info(t("staff.workshop.none"))
    st.stop()
ids = [w.id for w in mine]
by_id = {w.id: w for w in mine}
if st.session_state.get("_ws_selected") not in ids:
    st.session_state["_ws_selected"] = ids[0]
if not projector:
    st.selectbox(t("staff.workshop.choose"), ids, key="_ws_selected",
                 format_func=lambda i: f"{by_id[i].event_date.isoformat()} · {by_id[i].name} · {by_id[i].join_code}")
ws = by_id[st.session_state["_ws_selected"]]
url = workshops.join_url(_base_url(), ws.join_code)

with st.container(horizontal=True, vertical_alignment="center"):
    st.toggle(t("staff.workshop.projector"), key="_ws_projector", help=t("staff.workshop.projector_help"))
    if not projector:
        is_open = st.toggle(t("staff.workshop.open"), value=ws.open, key=f"_ws_open_{ws.id}")
        if is_open != ws.open:
            workshops.set_open(engine, staff, ws.id, is_open)
            st.rerun()
    st.button(t("staff.workshop.refresh"), icon=":material/refresh:", key="_ws_refresh")

left, right = st.columns([2, 1] if projector else [3, 1])
with right:
    st.image(workshops.qr_png(url), caption=t("staff.workshop.qr_caption", name=ws.name), width=260 if projector else 200)
with left:
    if projector:
        st.markdown(f"# {ws.name}")
    st.markdown(f"### {t('staff.workshop.join_code')}")
    st.markdown(f"<div data-testid='join-code' style='font-size:{'5rem' if projector else '3rem'};font-weight:700;"
                f"letter-spacing:.3em;font-family:monospace'>{html.escape(ws.join_code)}</div>", unsafe_allow_html=True)  # our code, escaped anyway
    st.caption(f"{t('staff.workshop.join_url')}{colon()}{url}")
    if not ws.open:
        st.warning(t("staff.workshop.closed"))


def _names(pairs: list[tuple[str, dict[str, str], int]], head: str) -> pd.DataFrame:
    return pd.DataFrame({t("staff.dashboard.firms"): [k for _, _, k in pairs],  # first: long names must not hide it
                         t(head): [n.get(lang()) or n.get("zh-TW") or i for i, n, _ in pairs]})


def _r(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


@st.fragment(run_every=dt.timedelta(seconds=10))
def board() -> None:
    me = still_signed_in(("association_host",))  # every tick: a turned-off account or ended session sees no more
    if me is None:
        return
    try:
        b = workshops.dashboard(engine, me, ws.id)
    except core.CheckupError as err:
        st.error(error_text(err))
        return
    c = st.columns(4)
    c[0].metric(t("staff.dashboard.joined"), b.joined)
    c[1].metric(t("staff.dashboard.finished"), b.finished)
    c[2].metric(t("staff.dashboard.sum_total"), fmt.num(b.sum_total, 1))
    c[3].metric(t("staff.dashboard.median_total"), fmt.num(b.median_total, 1))
    if not b.rows:
        st.info(t("staff.dashboard.nothing_yet"))
        return
    label = lambda r: r.label if r.named else t("staff.dashboard.anonymous", n=r.label.lstrip("#"))  # noqa: E731
    frame = pd.DataFrame({
        "firm": [label(r) for r in b.rows],
        "total": [r.total_tco2e for r in b.rows],
        "per_revenue": [r.intensities.get("per_million_ntd_revenue") for r in b.rows],
        "per_employee": [r.intensities.get("per_employee") for r in b.rows],
    })
    g1, g2 = st.columns(2)
    with g1:
        st.subheader(t("staff.dashboard.distribution"))
        st.altair_chart(
            alt.Chart(frame).mark_bar().encode(
                x=alt.X("firm:N", sort="-y", title=t("staff.dashboard.firm"), axis=alt.Axis(labelAngle=0)),
                y=alt.Y("total:Q", title=t("staff.dashboard.total")),
                tooltip=["firm", "total"],
            ),
            width="stretch",
        )
    with g2:
        st.subheader(t("staff.dashboard.intensity"))
        metric = st.segmented_control(t("staff.dashboard.intensity"), ["per_revenue", "per_employee"], default="per_revenue",
                                      format_func=lambda k: t(f"staff.dashboard.{k}"), key="_ws_intensity",
                                      label_visibility="collapsed") or "per_revenue"
        st.altair_chart(
            alt.Chart(frame.dropna(subset=[metric])).mark_bar(color="#2e7d32").encode(
                x=alt.X("firm:N", sort="-y", title=t("staff.dashboard.firm"), axis=alt.Axis(labelAngle=0)),
                y=alt.Y(f"{metric}:Q", title=None),
            ),
            width="stretch",
        )
    s1, s2, s3 = st.columns([1, 1.3, 1.7])
    with s1:
        st.subheader(t("staff.dashboard.sources"))
        st.dataframe(pd.DataFrame({
            t("staff.dashboard.source"): [t(f"staff.category.{c}") if c in workshops.CATEGORIES else c for c, _, _ in b.sources],
            t("staff.dashboard.firms"): [k for _, k, _ in b.sources],
            t("staff.dashboard.total"): [round(v, 1) for _, _, v in b.sources],
        }), hide_index=True, width="stretch")
    with s2:
        st.subheader(t("staff.dashboard.measures"))
        st.dataframe(_names(b.measures, "staff.dashboard.measure"), hide_index=True, width="stretch")
    with s3:
        st.subheader(t("staff.dashboard.programmes"))
        st.dataframe(_names(b.programmes, "staff.dashboard.programme"), hide_index=True, width="stretch")
    if not projector:
        st.subheader(t("staff.xlsx.firms"))
        st.caption(t("staff.dashboard.names_hidden"))
        st.dataframe(pd.DataFrame({
            t("staff.dashboard.firm"): [label(r) for r in b.rows],
            t("staff.dashboard.year"): [r.year for r in b.rows],  # the year of the save the firm shared
            t("staff.dashboard.industry"): [r.industry or "" for r in b.rows],
            t("staff.dashboard.employees"): [r.employees for r in b.rows],
            t("staff.dashboard.scope1"): [_r(r.scope1_tco2e) for r in b.rows],
            t("staff.dashboard.scope2"): [_r(r.scope2_tco2e) for r in b.rows],
            t("staff.dashboard.total"): [_r(r.total_tco2e) for r in b.rows],
        }), hide_index=True, width="stretch")
        def _export(b=b, language=lang()) -> bytes:
            """Built when the host clicks: the session checked again, each firm in the file audited."""
            workshops.audit_export(engine, accounts.current_staff(engine, st.session_state.get("staff_token")), b.workshop.id)
            return workshops.export_xlsx(b, language)

        st.download_button(t("staff.workshop.export"), _export,
                           file_name=f"workshop-{b.workshop.event_date.isoformat()}-{b.workshop.join_code}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", on_click="ignore")


board()
