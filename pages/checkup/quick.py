"""Quick estimate: about five answers, a first result at once. Answers carry over to the full inventory."""

import streamlit as st

from ui import choices, fmt, state
from ui import widgets as w
from ui.engine import evaluate
from ui.i18n import bound, t
from ui.next_steps import quick_gap
from ui.results import headline, questions

w.flash()
st.title(t("checkup.quick.title"))
st.markdown(t("checkup.quick.intro"))

ev = evaluate()
spots = w.ErrorSpots(ev.errors, questions(ev.result) if ev.result else None)
data = state.checkup()

with st.container(border=True):
    st.markdown(t("checkup.quick.q_firm"))
    c1, c2, c3 = st.columns([3, 2, 2])
    w.select("company.industry", t("checkup.company.industry"), t("checkup.company.industry_help"),
             [None, *choices.INDUSTRIES], choices.industry_label, spots, container=c1)
    w.number("company.employees", t("checkup.company.employees"), t("checkup.company.employees_help"), spots,
             integer=True, placeholder=t("checkup.company.employees_ph"), container=c2)
    w.select("year", t("checkup.company.year"), t("checkup.company.year_help"), choices.years(state.get("year")), str, spots,
             default=state.default_year(), container=c3)


def _method_changed() -> None:
    state.switch_elec_method(st.session_state.get("w._quick_method") or "kwh")


with st.container(border=True):
    st.markdown(t("checkup.quick.q_electricity"))
    current = state.elec_method()
    if current in ("monthly", "bills"):
        st.info(t("checkup.quick.electricity_detailed", value=fmt.kwh(ev.result.electricity_kwh) if ev.ok and ev.result.electricity_kwh else "—"))
    else:
        c1, c2 = st.columns([2, 3])
        c1.radio(t("checkup.quick.electricity_how"), ["kwh", "ntd"], index=["kwh", "ntd"].index(current),
                 format_func=bound(lambda m: t(f"checkup.electricity.method_{m}")), key="w._quick_method",
                 on_change=_method_changed, help=t("checkup.quick.electricity_how_help"))
        if current == "kwh":
            w.number("electricity.kwh", t("checkup.electricity.kwh"), t("checkup.electricity.kwh_help"), spots,
                     placeholder=t("checkup.electricity.kwh_ph"), container=c2)
        else:
            w.number("electricity.ntd", t("checkup.electricity.ntd"), t("checkup.electricity.ntd_help"), spots,
                     placeholder=t("checkup.electricity.ntd_ph"), container=c2)
        with c2:
            spots.at("electricity")


def _fuel_changed() -> None:
    fuel = st.session_state.get("w._quick_fuel")
    rows = state.list_of("fuels")
    if not fuel:
        if rows:
            state.remove_row("fuels", 0)
        return
    if rows:
        rows[0]["fuel"] = fuel
        rows[0]["unit"] = choices.fuel_units(fuel)[0]
        if rows[0].get("use") == "vehicle" and not choices.fuel_has_vehicle(fuel):
            rows[0].pop("use", None)
    else:
        state.add_row("fuels", {"fuel": fuel, "unit": choices.fuel_units(fuel)[0]})
    state.clear_widgets("fuels")


with st.container(border=True):
    st.markdown(t("checkup.quick.q_fuel"))
    rows = state.list_of("fuels")
    first = rows[0] if rows else {}
    c1, c2, c3 = st.columns([3, 2, 2])
    options = [None, *choices.fuels()]
    c1.selectbox(t("checkup.quick.fuel"), options, index=options.index(first.get("fuel")) if first.get("fuel") in options else 0,
                 format_func=bound(choices.fuel_label), key="w._quick_fuel", on_change=_fuel_changed, help=t("checkup.quick.fuel_help"))
    if first.get("fuel"):
        w.number("fuels[0].amount", t("checkup.fuels.amount"), t("checkup.fuels.amount_help"), spots, container=c2)
        w.select("fuels[0].unit", t("checkup.fuels.unit"), t("checkup.fuels.unit_help"), choices.fuel_units(first["fuel"]),
                 choices.unit_label, spots, container=c3)
        with c1:
            spots.at("fuels[0]", "fuels[0].fuel", "fuels[0].use")
    st.caption(t("guide.quick_fuel_hint"))
    if len(rows) > 1:
        st.caption(t("checkup.quick.more_fuels", n=len(rows) - 1))

for message in ev.general:
    st.error(message)

st.subheader(t("checkup.quick.result_title"))
if ev.ok and ev.result.lines:
    headline(ev, compare=False)
    st.caption(t("checkup.quick.result_note"))
    quick_gap(ev)
    st.page_link("pages/checkup/inventory.py", label=t("checkup.quick.continue"), icon=":material/arrow_forward:")
elif ev.ok:
    st.info(t("checkup.quick.empty"))
else:
    st.warning(t("checkup.quick.fix_first"))
