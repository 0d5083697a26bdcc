"""Energy-saving measures for the current checkup: equipment questions, ranked measures, the curve.

Reads and writes the checkup through ui/state (a plain dict in the checkup-file format; the
rows of each system shown are ``state.equipment_rows``, never fewer than the checkup holds)
and the language from ``st.session_state["ui_lang"]``; writes the equipment answers back
into ``checkup["equipment"]`` and ``checkup["contract"]``. Every text comes
from the message catalogue (``measures.*``); every number from ``core.advice.measures``.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.errors import CheckupError
from core import parse_checkup
from core.advice.equipment import CONTRACT, PRESENCE_ASKED, QUESTIONS, answer, asked_before, kept
from ui.choices import unit_label
from ui.charts import chart as spec_chart
from ui.engine import content_key
from core.advice.measures import abatement_curve, suggest, total
from core.advice.programmes import load_catalogue
from core.i18n import has, normalise_lang, t
from ui import fmt, state
from ui.i18n import colon, md

LANG = normalise_lang(st.session_state.get("ui_lang", "zh-TW"))
COLON = colon()

YES_NO = [None, True, False]



def T(key: str, **params: object) -> str:
    return md(t(f"measures.{key}", LANG, **params))  # NT$ never typeset as maths


def Q(field: str) -> str:
    return T(f"page.q.{field}")


def help_for(field: str) -> str | None:
    key = f"measures.page.q.{field}_help"
    return t(key, LANG) if has(key, LANG) else None


def opt(value: str) -> str:
    if has(f"measures.page.opt.{value}", LANG):
        return T(f"page.opt.{value}")
    if has(f"sources.fuel.{value}", LANG):  # a fuel of the factor tables: its name, never its id
        return t(f"sources.fuel.{value}", LANG)
    return value


def num(x: float | None, nd: int = 0) -> str:
    return fmt.num(x, nd)


# --------------------------------------------------------------------------- questions


def _widget(system: str, key: str, field: str, kind: str, options: list[Any] | None, current: Any) -> Any:
    # a system's own wording where the shared one would mislead (a furnace's temperature is not a water outlet's)
    label = T(f"page.q.{system}_{field}") if has(f"measures.page.q.{system}_{field}", LANG) else Q(field)
    helptext = help_for(field)
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


def _system_questions(system: str) -> list[dict[str, Any]]:
    """The rows of one system: as many as ui/state says (never fewer than the checkup holds). Widgets are keyed
    by the row's path (``w.equipment.<system>[i].<field>``) and seeded from the checkup; a row is kept when it
    answers what the measures need."""
    existing = state.list_of_equipment(system)
    n = state.equipment_rows(system)
    rows_area = st.container()
    with st.container(horizontal=True):
        st.button(T("page.add_row"), key=f"mq_add_{system}", icon=":material/add:", type="tertiary",
                  on_click=state.add_equipment_row, args=(system,))
        st.button(T("page.remove_row"), key=f"mq_del_{system}", icon=":material/remove:", type="tertiary",
                  disabled=n == 0, on_click=state.remove_equipment_row, args=(system,))
    out: list[dict[str, Any]] = []
    for i in range(n):
        row = dict(existing[i]) if i < len(existing) and isinstance(existing[i], dict) else {}
        asked = QUESTIONS[system]
        cols = rows_area.columns(len(asked))
        for col, q in zip(cols, asked):
            with col:
                key = f"{state.WIDGET_PREFIX}equipment.{system}[{i}].{q.key}"
                value = answer(q.key, _widget(system, key, q.key, q.kind, q.options, row.get(q.key)))
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
    said = [s for s in (equipment.get("has") or []) if s in QUESTIONS]
    for system in QUESTIONS:
        with st.expander(Q(system), expanded=bool(equipment.get(system)) or system in said):
            if system in PRESENCE_ASKED:
                # "we have one, details unknown": the only way a system with no rows gets (estimated) measures
                if st.checkbox(Q("has"), value=system in said, key=f"mq_has_{system}", help=Q("has_help")):
                    said = [*dict.fromkeys([*said, system])]
                else:
                    said = [s for s in said if s != system]
            rows = _system_questions(system)
        if rows:
            equipment[system] = rows
        else:
            equipment.pop(system, None)
    if said:
        equipment["has"] = said
    else:
        equipment.pop("has", None)
    with st.expander(Q("contract"), expanded=bool(contract or asked_before(checkup))):
        cols = st.columns(len(CONTRACT))
        new_contract: dict[str, Any] = {}
        known = asked_before(checkup)  # the contract capacity the company step already asked: not asked twice
        for col, field in zip(cols, CONTRACT):
            cur = contract.get(field, known.get(f"contract.{field}"))
            with col:
                if field == "power_factor":
                    v = st.number_input(Q(field), min_value=0.0, max_value=1.0, step=0.01,
                                        value=float(cur) if cur is not None else None, key=f"{state.WIDGET_PREFIX}contract.{field}",
                                        help=help_for(field))
                else:
                    v = st.number_input(Q(field), min_value=0.0, step=1.0, value=float(cur) if cur is not None else None,
                                        key=f"{state.WIDGET_PREFIX}contract.{field}", help=help_for(field), format="%g")
            if v is not None:
                new_contract[field] = v
        if new_contract:
            checkup["contract"] = new_contract
        else:
            checkup.pop("contract", None)
    with st.expander(Q("site"), expanded=bool(equipment.get("roof_area_m2") or equipment.get("waste_heat_sources"))):
        roof = st.number_input(Q("roof_area_m2"), min_value=0.0, step=10.0, key=f"{state.WIDGET_PREFIX}equipment.roof_area_m2", format="%g",
                               value=float(equipment["roof_area_m2"]) if equipment.get("roof_area_m2") else None)
        heat = st.text_area(Q("waste_heat_sources"), key=f"{state.WIDGET_PREFIX}equipment.waste_heat_sources",
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
                lines.append(T("page.fuel_range", fuel=opt(m.saving_fuel["fuel"]), unit=unit_label(m.saving_fuel["unit"]),
                               low=num(f.low), high=num(f.high), central=num(f.central)))
            if m.added_fuel:
                lines.append(T("page.added_fuel", fuel=opt(m.added_fuel["fuel"]), amount=num(m.added_fuel["amount"]),
                               unit=unit_label(m.added_fuel["unit"])))
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
            if p.high is None:  # the cautious scenario saves no money: said in words, never "0.5–—"
                lines.append(T("page.payback_line_open", central=num(p.central, 1), low=num(p.low, 1)))
            else:
                lines.append(T("page.payback_line", central=num(p.central, 1), low=num(p.low, 1), high=num(p.high, 1)))
            lines.append(T("page.life_line", life=num(m.lifetime_years, 0)))
        if m.ntd_per_tco2e is not None:
            lines.append(T("page.per_t_line", value=num(m.ntd_per_tco2e)))
        st.markdown("\n".join(f"- {line}" for line in lines))
        st.caption(md(d["basis_text"]))
        for note in d["notes"]:
            st.caption(md(note))
        if d["to_measure"]:
            st.caption(T("page.to_measure") + COLON + " ".join(d["to_measure"]))
        with st.expander(T("page.working")):
            for line in d["working"]:
                st.markdown(f"- {md(line)}")
            if d["assumptions"]:
                st.markdown(f"**{T('page.assumptions')}**")
                for line in d["assumptions"]:
                    st.markdown(f"- {line}")
            st.markdown(f"**{T('page.sources')}**")
            for s in d["sources"]:
                st.markdown(f"- {s['text']}")
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

if not state.has_checkup():
    st.info(T("page.no_checkup"))
    st.stop()

checkup = state.checkup()
questions(checkup)
if not checkup.get("equipment"):
    checkup.pop("equipment", None)  # no answers: no empty group in the file

try:
    model = parse_checkup(checkup)
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
