"""Workshop host: create an event, show its join code and QR code, watch the room's figures, export to Excel."""

import datetime as dt
import html
import os
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

import core
from core.accounts import workshops
from ui import fmt
from ui.engine import get_engine
from ui.i18n import colon, lang, t
from ui.staff import TOKEN_KEY, error_text, require, signed_in_bar, still_signed_in

staff = require("association_host")
engine = get_engine()


def _base_url() -> str:
    """Where participants open the app: PUBLIC_URL when hosted behind a proxy, else this page's own address."""
    configured = os.environ.get("PUBLIC_URL")
    if configured:
        return configured
    parts = urlsplit(st.context.url or "http://localhost:8501")
    return f"{parts.scheme}://{parts.netloc}"


@st.cache_data(max_entries=64, show_spinner=False)
def _qr(url: str) -> bytes:
    return workshops.qr_png(url)


projector = st.session_state.get("_ws_projector", False)
mine = workshops.my_workshops(engine, staff)
if not projector:
    st.title(t("staff.workshop.title"))
    signed_in_bar(staff)
    st.caption(t("staff.workshop.intro"))
    with st.expander(t("staff.workshop.new"), icon=":material/add:", expanded=not mine):
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
    st.image(_qr(url), caption=t("staff.workshop.qr_caption", name=ws.name), width=260 if projector else 200)
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


def _bars(bands: list[workshops.Band], axis: str, color: str) -> None:
    """The room's distribution: a dozen bars of firm counts (a few rows sent, whatever the room's size).
    A Vega-Lite spec as data: no chart object to build and validate on every refresh."""
    data = [{"low": b.low, "high": b.high, "firms": b.firms} for b in bands]
    firms = t("staff.room.firms")
    st.vega_lite_chart(data, {
        "mark": {"type": "bar", "color": color},
        "encoding": {
            "x": {"field": "low", "type": "quantitative", "bin": "binned", "title": axis},
            "x2": {"field": "high"},
            "y": {"field": "firms", "type": "quantitative", "title": firms, "axis": {"tickMinStep": 1}},
            "tooltip": [{"field": "low", "type": "quantitative", "title": "≥"}, {"field": "high", "type": "quantitative", "title": "<"},
                        {"field": "firms", "type": "quantitative", "title": firms}],
        },
    }, width="stretch")


def _export(workshop_id: int, token: str | None, language: str):
    """The download button's callable: the workbook is built when the host presses, for a session still valid."""
    return lambda: workshops.room_export(engine, token, workshop_id, language)


@st.fragment(run_every=dt.timedelta(seconds=10))
def board() -> None:
    me = still_signed_in(("association_host",))  # every tick: a turned-off account or ended session sees no more
    if me is None:
        return
    page = int(st.session_state.get("_ws_page") or 1)
    try:
        b = workshops.dashboard(engine, me, ws.id, page=page - 1)
    except core.CheckupError as err:
        st.error(error_text(err))
        return
    c = st.columns(4)
    c[0].metric(t("staff.dashboard.joined"), b.joined)
    c[1].metric(t("staff.dashboard.finished"), b.finished)
    c[2].metric(t("staff.dashboard.sum_total"), fmt.num(b.sum_total, 1))
    c[3].metric(t("staff.dashboard.median_total"), fmt.num(b.median_total, 1))
    if not b.finished:
        st.info(t("staff.dashboard.nothing_yet"))
        return
    g1, g2 = st.columns(2)
    with g1:
        st.subheader(t("staff.room.distribution"))
        _bars(b.bands.get("total", []), t("staff.room.range"), "#1565c0")
        st.caption(t("staff.room.distribution_caption"))
    with g2:
        st.subheader(t("staff.dashboard.intensity"))
        shown, values = b.intensity()
        have = [k for k, v in (("per_revenue", b.intensity_revenue), ("per_employee", b.intensity_employee)) if v]
        if shown is None:
            st.info(t("staff.room.intensity_missing"), icon=":material/info:")
        else:
            metric = shown
            if len(have) > 1:
                metric = st.segmented_control(t("staff.dashboard.intensity"), have, default=shown,
                                              format_func=lambda k: t(f"staff.dashboard.{k}"), key="_ws_intensity",
                                              label_visibility="collapsed") or shown
            values = b.intensity_revenue if metric == "per_revenue" else b.intensity_employee
            _bars(b.bands.get(metric, []), t(f"staff.dashboard.{metric}"), "#2e7d32")
            basis = "intensity_basis_revenue" if metric == "per_revenue" else "intensity_basis_employee"
            median = b.medians.get(metric)
            shown_median = fmt.smart(median) if median else fmt.num(0, 0)  # a zero reads "0", never "0.000000"
            st.caption(f"{t(f'staff.room.{basis}', n=len(values))} {t('staff.room.median_intensity', value=shown_median)}")
    s1, s2, s3 = st.columns([1, 1.3, 1.7])
    with s1:
        st.subheader(t("staff.dashboard.sources"))
        st.dataframe(pd.DataFrame({
            t("staff.dashboard.source"): [t(f"staff.category.{c}") if c in workshops.CATEGORIES else c for c, _, _ in b.sources],
            t("staff.dashboard.firms"): [k for _, k, _ in b.sources],
            t("staff.dashboard.total"): [round(v, 1) for _, _, v in b.sources],
        }), hide_index=True, width="stretch")
        if b.sizes:
            st.subheader(t("staff.room.sizes"))
            st.dataframe(pd.DataFrame({
                t("staff.room.size_band"): [workshops.size_band_label(k, lang()) for k, _ in b.sizes],
                t("staff.dashboard.firms"): [n for _, n in b.sizes],
            }), hide_index=True, width="stretch")
    with s2:
        st.subheader(t("staff.dashboard.measures"))
        st.dataframe(_names(b.measures, "staff.dashboard.measure"), hide_index=True, width="stretch")
    with s3:
        st.subheader(t("staff.dashboard.programmes"))
        st.dataframe(_names(b.programmes, "staff.dashboard.programme"), hide_index=True, width="stretch")
    if projector:
        st.caption(t("staff.room.projector_note"))
        return
    st.subheader(t("staff.xlsx.firms"))
    st.caption(t("staff.dashboard.names_hidden"))
    label = lambda r: r.label if r.named else t("staff.dashboard.anonymous", n=r.label.lstrip("#"))  # noqa: E731
    st.dataframe(pd.DataFrame({
        t("staff.dashboard.firm"): [label(r) for r in b.rows],
        t("staff.dashboard.year"): [r.year for r in b.rows],
        t("staff.dashboard.industry"): [r.industry or "" for r in b.rows],
        t("staff.room.size_band"): [workshops.size_band_label(r.size_band, lang()) for r in b.rows],
        t("staff.dashboard.scope1"): [_r(r.scope1_tco2e) for r in b.rows],
        t("staff.dashboard.scope2"): [_r(r.scope2_tco2e) for r in b.rows],
        t("staff.dashboard.total"): [_r(r.total_tco2e) for r in b.rows],
    }), hide_index=True, width="stretch")
    with st.container(horizontal=True, vertical_alignment="center"):
        if b.pages > 1:
            if int(st.session_state.get("_ws_page") or 1) > b.pages:  # the room shrank (a firm deleted its data)
                st.session_state["_ws_page"] = b.pages
            st.number_input(t("staff.room.page"), min_value=1, max_value=b.pages, step=1, key="_ws_page", width=140)
        st.caption(t("staff.room.page_of", page=min(page, b.pages), pages=b.pages, n=b.finished, size=b.page_size))
    st.download_button(t("staff.workshop.export"), _export(ws.id, st.session_state.get(TOKEN_KEY), lang()),
                       file_name=f"workshop-{b.workshop.event_date.isoformat()}-{b.workshop.join_code}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", on_click="ignore", help=t("staff.room.export_help"), key="_ws_export")


board()
