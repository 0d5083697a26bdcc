"""Energy-saving measures for the current checkup: equipment questions, ranked measures, the curve.

Reads the checkup from ``st.session_state["checkup"]`` (a plain dict in the checkup-file
format) and the language from ``st.session_state["ui_lang"]``; writes the equipment
answers back into ``checkup["equipment"]`` and ``checkup["contract"]``. Every text comes
from the message catalogue (``measures.*``); every number from ``core.advice.measures``.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.errors import CheckupError
from core.i18n import normalise_lang, t
from ui.charts import chart as spec_chart
from ui.engine import content_key
from ui.i18n import colon
from core.advice.equipment import CONTRACT, QUESTIONS, answer, kept
from core.advice.measures import abatement_curve, suggest, total

LANG = normalise_lang(st.session_state.get("ui_lang", "zh-TW"))
COLON = colon()

YES_NO = [None, True, False]



def T(key: str, **params: object) -> str:
    return t(f"measures.{key}", LANG, **params)


def Q(field: str) -> str:
    return T(f"page.q.{field}")


def help_for(field: str) -> str | None:
    key = f"measures.page.q.{field}_help"
    from core.i18n import has

    return t(key, LANG) if has(key, LANG) else None


def opt(value: str) -> str:
    from core.i18n import has

    return T(f"page.opt.{value}") if has(f"measures.page.opt.{value}", LANG) else value


def num(x: float | None, nd: int = 0) -> str:
    if x is None:
        return "—"
    return f"{x:,.{nd}f}"


# --------------------------------------------------------------------------- questions


def _widget(system: str, i: int, field: str, kind: str, options: list[Any] | None, current: Any) -> Any:
    key = f"mq_{system}_{i}_{field}"
    label, helptext = Q(field), help_for(field)
    if kind == "number":
        value = float(current) if isinstance(current, (int, float)) and not isinstance(current, bool) else None
        return st.number_input(label, min_value=0.0, value=value, step=1.0, key=key, help=helptext, format="%g")
    if kind == "int":
        value = int(current) if isinstance(current, (int, float)) and not isinstance(current, bool) else 1
        return int(st.number_input(label, min_value=1, value=value, step=1, key=key, help=helptext))
    if kind == "bool":
        index = YES_NO.index(current) if current in YES_NO else 0
        return st.selectbox(label, YES_NO, index=index, key=key, help=helptext,
                            format_func=lambda v: Q("unknown") if v is None else (Q("yes") if v else Q("no")))
    if kind == "choice":
        opts = [None, *options]  # type: ignore[list-item]
        index = opts.index(current) if current in opts else 0
        return st.selectbox(label, opts, index=index, key=key, help=helptext,
                            format_func=lambda v: "—" if v is None else opt(v))
    return None


def _system_questions(system: str, equipment: dict[str, Any]) -> list[dict[str, Any]]:
    rows_key = f"mq_rows_{system}"
    existing = list(equipment.get(system) or [])
    if rows_key not in st.session_state:
        st.session_state[rows_key] = max(1, len(existing))
    rows_area = st.container()
    with st.container(horizontal=True):
        if st.button(T("page.add_row"), key=f"mq_add_{system}", icon=":material/add:", type="tertiary"):
            st.session_state[rows_key] += 1
        if st.button(T("page.remove_row"), key=f"mq_del_{system}", icon=":material/remove:", type="tertiary",
                     disabled=st.session_state[rows_key] == 0):
            st.session_state[rows_key] -= 1
    out: list[dict[str, Any]] = []
    for i in range(st.session_state[rows_key]):
        row = dict(existing[i]) if i < len(existing) and isinstance(existing[i], dict) else {}
        asked = QUESTIONS[system]
        cols = rows_area.columns(len(asked))
        for col, q in zip(cols, asked):
            with col:
                value = answer(q.key, _widget(system, i, q.key, q.kind, q.options, row.get(q.key)))
            if value is None:
                row.pop(q.key, None)
            else:
                row[q.key] = value
        if kept(system, row):
            out.append(row)
    return out


def questions(checkup: dict[str, Any]) -> None:
    equipment = checkup.setdefault("equipment", {}) or {}
    checkup["equipment"] = equipment
    contract = checkup.get("contract") or {}
    st.subheader(T("page.questions"))
    st.caption(T("page.questions_help"))
    for system in QUESTIONS:
        with st.expander(Q(system), expanded=bool(equipment.get(system))):
            rows = _system_questions(system, equipment)
        if rows:
            equipment[system] = rows
        else:
            equipment.pop(system, None)
    with st.expander(Q("contract"), expanded=bool(contract)):
        cols = st.columns(len(CONTRACT))
        new_contract: dict[str, Any] = {}
        for col, field in zip(cols, CONTRACT):
            cur = contract.get(field)
            with col:
                if field == "power_factor":
                    v = st.number_input(Q(field), min_value=0.0, max_value=1.0, step=0.01,
                                        value=float(cur) if cur is not None else None, key=f"mq_contract_{field}",
                                        help=help_for(field))
                else:
                    v = st.number_input(Q(field), min_value=0.0, step=1.0, value=float(cur) if cur is not None else None,
                                        key=f"mq_contract_{field}", help=help_for(field), format="%g")
            if v is not None:
                new_contract[field] = v
        if new_contract:
            checkup["contract"] = new_contract
        else:
            checkup.pop("contract", None)
    with st.expander(Q("site"), expanded=bool(equipment.get("roof_area_m2") or equipment.get("waste_heat_sources"))):
        roof = st.number_input(Q("roof_area_m2"), min_value=0.0, step=10.0, key="mq_roof", format="%g",
                               value=float(equipment["roof_area_m2"]) if equipment.get("roof_area_m2") else None)
        heat = st.text_area(Q("waste_heat_sources"), key="mq_waste_heat",
                            value="\n".join(equipment.get("waste_heat_sources") or []))
    if roof:
        equipment["roof_area_m2"] = roof
    else:
        equipment.pop("roof_area_m2", None)
    sources = [line.strip() for line in (heat or "").splitlines() if line.strip()]
    if sources:
        equipment["waste_heat_sources"] = sources
    else:
        equipment.pop("waste_heat_sources", None)


# --------------------------------------------------------------------------- results


def _programme_names(ids: list[str]) -> list[str]:
    try:
        from core.advice.programmes import load_catalogue

        cat = load_catalogue()
        out = []
        for pid in ids:
            try:
                p = cat.get(pid)
                out.append(p.name_en if LANG == "en" else p.name_zh)
            except KeyError:
                out.append(pid)
        return out
    except Exception:  # the catalogue is another part of the product: never block advice on it
        return ids


def show_measure(m) -> None:
    d = m.to_dict(LANG)
    with st.container(border=True):
        st.markdown(f"**{d['name']}** · {T('system.' + m.system)} · {T('cost_class.' + m.cost_class)}")
        lines: list[str] = []
        if not m.carbon_saving:
            st.warning(d["no_carbon_note"])
        else:
            r = m.saving_tco2e_range
            lines.append(T("page.saving_range", low=num(r.low, 2), high=num(r.high, 2), central=num(r.central, 2)))
            if m.saving_kwh:
                k = m.saving_kwh_range
                lines.append(T("page.kwh_range", low=num(k.low), high=num(k.high), central=num(k.central)))
            if m.saving_fuel:
                f = m.saving_fuel_range
                lines.append(T("page.fuel_range", fuel=opt(m.saving_fuel["fuel"]), unit=m.saving_fuel["unit"],
                               low=num(f.low), high=num(f.high), central=num(f.central)))
            if m.added_fuel:
                lines.append(T("page.added_fuel", fuel=opt(m.added_fuel["fuel"]), amount=num(m.added_fuel["amount"]),
                               unit=m.added_fuel["unit"]))
        if m.saving_ntd_per_year is not None:
            lines.append(T("page.ntd_line", ntd=num(m.saving_ntd_per_year)))
        if m.cost_ntd_low is None:
            lines.append(T("page.cost_unknown"))
        elif not m.cost_ntd_high:
            lines.append(T("page.cost_zero"))
        else:
            lines.append(T("page.cost_line", low=num(m.cost_ntd_low), high=num(m.cost_ntd_high)))
        if m.payback_years is not None and m.payback_years.central and m.cost_ntd_high:
            p = m.payback_years
            lines.append(T("page.payback_line", central=num(p.central, 1), low=num(p.low, 1), high=num(p.high, 1)))
        if m.ntd_per_tco2e is not None:
            lines.append(T("page.per_t_line", value=num(m.ntd_per_tco2e)))
        st.markdown("\n".join(f"- {line}" for line in lines))
        st.caption(d["basis_text"])
        for note in d["notes"]:
            st.caption(note)
        if d["to_measure"]:
            st.caption(T("page.to_measure") + COLON + " ".join(d["to_measure"]))
        with st.expander(T("page.working")):
            for line in d["working"]:
                st.markdown(f"- {line}")
            if d["assumptions"]:
                st.markdown(f"**{T('page.assumptions')}**")
                for line in d["assumptions"]:
                    st.markdown(f"- {line}")
            st.markdown(f"**{T('page.sources')}**")
            for s in d["sources"]:
                mark = "" if s.get("verified", True) else " " + T("page.unverified")
                year = f", {s['year']}" if s.get("year") else ""
                url = f" — {s['url']}" if s.get("url") else ""
                st.markdown(f"- {s.get('title', s.get('id'))}{year}{url}{mark}")
            if m.programmes:
                st.markdown(f"**{T('page.programmes')}**{COLON}" + "、".join(_programme_names(m.programmes))
                            if LANG != "en" else f"**{T('page.programmes')}**{COLON}" + "; ".join(_programme_names(m.programmes)))


def table(measures) -> pd.DataFrame:
    rows = []
    for m in measures:
        pb = m.payback_years.central if m.payback_years else None
        if m.cost_ntd_low is None:
            cost = "—"
        elif not m.cost_ntd_high:
            cost = "0"
        else:
            cost = f"{num(m.cost_ntd_low)}–{num(m.cost_ntd_high)}"
        rows.append({
            T("page.col_measure"): m.name(LANG),
            T("page.col_system"): T(f"system.{m.system}"),
            T("page.col_class"): T(f"cost_class.{m.cost_class}"),
            T("page.col_kwh"): num(m.saving_kwh),
            T("page.col_tco2e"): num(m.saving_tco2e, 2),
            T("page.col_ntd"): num(m.saving_ntd_per_year),
            T("page.col_cost"): cost,
            T("page.col_payback"): "—" if pb is None else num(pb, 1),
            T("page.col_per_t"): num(m.ntd_per_tco2e),
        })
    return pd.DataFrame(rows)


def curve_chart(measures) -> alt.Chart | None:
    bars = abatement_curve(measures, LANG)
    if not bars:
        return None
    df = pd.DataFrame([{**b, "system_name": T(f"system.{b['system']}"), "zero": 0.0} for b in bars])
    return (
        alt.Chart(df)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("x0:Q", title=T("page.curve_x")),
            x2="x1:Q",
            y=alt.Y("zero:Q", title=T("page.curve_y")),
            y2="y:Q",
            color=alt.Color("system_name:N", title=T("page.col_system")),
            tooltip=[alt.Tooltip("name:N", title=T("page.col_measure")),
                     alt.Tooltip("width:Q", title=T("page.col_tco2e"), format=",.2f"),
                     alt.Tooltip("y:Q", title=T("page.col_per_t"), format=",.0f")],
        )
    )


# --------------------------------------------------------------------------- the page

st.title(T("page.title"))
st.write(T("page.intro"))

checkup = st.session_state.get("checkup")
if not isinstance(checkup, dict):
    st.info(T("page.no_checkup"))
    st.stop()

questions(checkup)
st.session_state["checkup"] = checkup

try:
    import core

    model = core.parse_checkup(checkup)
    key = content_key("measures", checkup)  # kept while the answers are the same (a rerun computes nothing)
    memo = st.session_state.get("_measures_memo")
    if memo is None or memo[0] != key:
        memo = (key, suggest(model))
        st.session_state["_measures_memo"] = memo
    measures = memo[1]
except CheckupError as err:
    st.error(err.message(LANG))
    st.stop()

st.session_state["measure_ids"] = [m.id for m in measures]
st.subheader(T("page.results"))
if not measures:
    st.info(T("page.none"))
    st.stop()

tot = total(measures)
st.markdown(f"**{T('page.total')}**")
r = tot["saving_tco2e_range"]
st.write(T("page.total_line", kwh=num(tot["saving_kwh"]), t=num(tot["saving_tco2e"], 1), t_low=num(r["low"], 1),
           t_high=num(r["high"], 1), ntd=num(tot["saving_ntd_per_year"]), cost_low=num(tot["cost_ntd_low"]),
           cost_high=num(tot["cost_ntd_high"])))
st.dataframe(table(measures), hide_index=True, width="stretch")

bars = abatement_curve(measures, LANG)
if bars:
    st.subheader(T("page.curve"))
    st.caption(T("page.curve_help"))
    spec_chart("measures_curve", bars, lambda: curve_chart(measures), width="stretch")  # built once per answers

for m in measures:
    show_measure(m)
