"""The full inventory, step by step. Every answer lives in the model, so steps can be skipped and revisited."""

import streamlit as st

from core.inventory import edits

from ui import choices, fmt, next_steps, results, state
from ui import widgets as w
from ui.engine import evaluate
from ui.goods import eu_goods
from ui.i18n import bound, lang, t

STEPS = ("company", "electricity", "fuels", "refrigerants", "other", "results")
SECTION_OF = {"company": 0, "year": 0, "production": 0, "goods": 0, "electricity": 1, "fuels": 2, "refrigerants": 3, "septic": 4, "other": 4}


def _go(n: int) -> None:
    state.set_step(max(0, min(n, len(STEPS) - 1)))


def _jumped() -> None:
    value = st.session_state.get("_step_widget")
    if value is not None:  # a segmented control can come back empty: stay where we are
        state.set_step(int(value))


def _filled(name: str, data: dict) -> bool:
    if name == "company":
        return bool(data.get("company")) or "production" in data or bool(data.get("goods"))
    if name == "other":
        return "septic" in data or bool(data.get("other"))
    return bool(data.get(name))


w.flash()
data = state.checkup()
ev = evaluate()
spots = w.ErrorSpots(ev.errors, results.questions(ev.result) if ev.result else None)
current = min(max(state.step(), 0), len(STEPS) - 1)

st.title(t("checkup.inventory.title"))
st.progress((current + 1) / len(STEPS), text=t("checkup.inventory.progress", n=current + 1, of=len(STEPS), step=t(f"checkup.steps.{STEPS[current]}")))


def _step_label(i: int) -> str:
    name = STEPS[i]
    mark = "⚠ " if any(SECTION_OF.get(state.split(p)[0]) == i for p in ev.errors) else ("✓ " if name != "results" and _filled(name, data) else "")
    return f"{mark}{i + 1}. {t(f'checkup.steps.{name}')}"


st.segmented_control(
    t("checkup.inventory.steps_label"),
    options=list(range(len(STEPS))),
    format_func=bound(_step_label),
    **({} if "_step_widget" in st.session_state else {"default": current}),
    key="_step_widget",
    on_change=_jumped,
    help=t("checkup.inventory.steps_help"),
    label_visibility="collapsed",
)
st.caption(t("checkup.inventory.skip_hint"))


# --------------------------------------------------------------------------- steps


def step_company() -> None:
    st.header(t("checkup.company.title"), anchor=False)
    st.caption(t("checkup.company.intro"))
    c1, c2 = st.columns(2)
    with c1:
        w.text("company.name", t("checkup.company.name"), t("checkup.company.name_help"), spots, max_chars=200)
    w.select("year", t("checkup.company.year"), t("checkup.company.year_help"), choices.years(state.get("year")), str, spots,
             default=state.default_year(), container=c2)
    c1, c2 = st.columns(2)
    w.select("company.industry", t("checkup.company.industry"), t("checkup.company.industry_help"),
             [None, *choices.INDUSTRIES], choices.industry_label, spots, container=c1)
    with c2:
        w.text("company.county", t("checkup.company.county"), t("checkup.company.county_help"), spots,
               placeholder=t("checkup.company.county_ph"), max_chars=10)
    c1, c2 = st.columns(2)
    w.number("company.employees", t("checkup.company.employees"), t("checkup.company.employees_help"), spots,
             integer=True, placeholder=t("checkup.company.employees_ph"), container=c1)
    w.number("company.revenue_ntd", t("checkup.company.revenue"), t("checkup.company.revenue_help"), spots,
             placeholder=t("checkup.company.revenue_ph"), container=c2)
    c1, c2 = st.columns(2)
    w.number("production.amount", t("checkup.company.production"), t("checkup.company.production_help"), spots, container=c1)
    with c2:
        w.text("production.unit", t("checkup.company.production_unit"), t("checkup.company.production_unit_help"), spots,
               placeholder=t("checkup.company.production_unit_ph"), max_chars=20)
    spots.at("production")
    eu_goods(spots)  # sells to the EU? which CBAM goods (CN code shown), how much of each
    with st.expander(t("checkup.company.more"), icon=":material/apartment:"):
        c1, c2 = st.columns(2)
        w.number("company.contract_kw", t("checkup.company.contract_kw"), t("checkup.company.contract_kw_help"), spots, container=c1)
        w.number("company.capital_ntd", t("checkup.company.capital"), t("checkup.company.capital_help"), spots, container=c2)
        c1, c2 = st.columns(2)
        w.select("company.park", t("checkup.company.park"), t("checkup.company.park_help"),
                 list(choices.PARKS), lambda v: t(f"checkup.company.park_{v}"),
                 spots, default="none", container=c1)
        w.select("company.factory_registration", t("checkup.company.registration"), t("checkup.company.registration_help"),
                 [None, *choices.REGISTRATIONS],
                 lambda v: t("checkup.choose") if v is None else t(f"checkup.company.registration_{v}"), spots, container=c2)
        w.checkbox("company.customer_requests", t("checkup.company.customer_requests"), t("checkup.company.customer_requests_help"))
    spots.rest("company")
    spots.rest("year")
    spots.rest("production")


def step_electricity() -> None:
    st.header(t("checkup.electricity.title"), anchor=False)
    with st.expander(t("checkup.electricity.bill_hint_title"), expanded=True, icon=":material/receipt_long:"):
        st.markdown(t("checkup.electricity.bill_hint"))
    method = state.elec_method()
    st.radio(
        t("checkup.electricity.how"),
        list(state.ELEC_KEYS),
        index=list(state.ELEC_KEYS).index(method),
        format_func=bound(lambda m: t(f"checkup.electricity.method_{m}")),
        horizontal=True,
        key="w._elec_method",
        on_change=lambda: state.switch_elec_method(st.session_state.get("w._elec_method") or "kwh"),
        help=t("checkup.electricity.how_help"),
    )
    if method == "kwh":
        w.number("electricity.kwh", t("checkup.electricity.kwh"), t("checkup.electricity.kwh_help"), spots,
                 placeholder=t("checkup.electricity.kwh_ph"))
    elif method == "monthly":
        st.caption(t("checkup.electricity.monthly_intro"))
        months = state.get("electricity.monthly_kwh") or [None] * 12
        cols = st.columns(4)
        for i in range(12):
            path = f"electricity.monthly_kwh[{i}]"
            w.number(path, t("checkup.electricity.month_label", month=t(f"checkup.month.{i + 1}")),
                     t("checkup.electricity.month_help"), None, container=cols[i % 4])
            messages = [m for m in ev.errors.get(path, []) if months[i] is not None]
            for m in messages:
                cols[i % 4].error(m)
            spots.shown.add(path)
        blank = sum(1 for m in months if m is None)
        if blank:
            st.info(t("checkup.electricity.months_missing", n=blank))
        else:
            st.success(t("checkup.electricity.months_total", value=fmt.kwh(sum(m for m in months if isinstance(m, (int, float))))))
    elif method == "bills":
        st.caption(t("checkup.electricity.bills_intro"))
        bills = state.get("electricity.bills") or []
        for i, _bill in enumerate(bills):
            with st.container(border=True):
                c1, c2, c3, c4 = st.columns([3, 3, 3, 1], vertical_alignment="bottom")
                w.date_text(f"electricity.bills[{i}].from", t("checkup.electricity.bill_from"), t("checkup.electricity.bill_from_help"), spots,
                            placeholder=t("checkup.electricity.read.date_ph"), container=c1)
                w.date_text(f"electricity.bills[{i}].to", t("checkup.electricity.bill_to"), t("checkup.electricity.bill_to_help"), spots,
                            placeholder=t("checkup.electricity.read.date_ph"), container=c2)
                w.number(f"electricity.bills[{i}].kwh", t("checkup.electricity.bill_kwh"), t("checkup.electricity.bill_kwh_help"), spots, container=c3)
                c4.button(":material/delete:", key=f"del_bill_{i}", help=t("checkup.remove"), on_click=_remove_bill, args=(i,))
                spots.at(f"electricity.bills[{i}]")
        st.button(t("checkup.electricity.add_bill"), icon=":material/add:", on_click=_add_bill, help=t("checkup.electricity.add_bill_help"),
              key="add_bill")
    else:
        c1, c2 = st.columns(2)
        w.number("electricity.ntd", t("checkup.electricity.ntd"), t("checkup.electricity.ntd_help"), spots,
                 placeholder=t("checkup.electricity.ntd_ph"), container=c1)
        w.number("electricity.ntd_per_kwh", t("checkup.electricity.ntd_per_kwh"), t("checkup.electricity.ntd_per_kwh_help"), spots, container=c2)
        st.caption(t("checkup.electricity.ntd_note"))
    with st.expander(t("checkup.electricity.green_title"), icon=":material/solar_power:"):
        c1, c2 = st.columns(2)
        w.number("electricity.green_kwh", t("checkup.electricity.green_kwh"), t("checkup.electricity.green_kwh_help"), spots, container=c1)
        w.number("electricity.rec_kwh", t("checkup.electricity.rec_kwh"), t("checkup.electricity.rec_kwh_help"), spots, container=c2)
    spots.rest("electricity")


def _add_bill() -> None:
    data = state.checkup()
    elec = data.setdefault("electricity", {})
    elec.setdefault("bills", []).append({})
    state.mark_fresh(f"electricity.bills[{len(elec['bills']) - 1}]")


def _remove_bill(i: int) -> None:
    bills = state.get("electricity.bills") or []
    if 0 <= i < len(bills):
        bills.pop(i)
    if not bills:
        state.checkup().get("electricity", {}).pop("bills", None)
        if not state.checkup().get("electricity"):
            state.checkup().pop("electricity", None)
    state.clear_widgets("electricity.bills")


def _fuel_changed(i: int) -> None:
    rows = state.list_of("fuels")
    rows[i] = edits.fuel_chosen(rows[i], st.session_state.get(f"{state.WIDGET_PREFIX}fuels[{i}].fuel"))
    state.clear_widgets(f"fuels[{i}].")


def step_fuels() -> None:
    st.header(t("checkup.fuels.title"), anchor=False)
    st.caption(t("checkup.fuels.intro"))
    rows = state.list_of("fuels")
    for i, row in enumerate(rows):
        with st.container(border=True):
            c1, c2 = st.columns(2)
            fuels = choices.fuels()
            w.select(f"fuels[{i}].fuel", t("checkup.fuels.fuel"), t("checkup.fuels.fuel_help"), fuels, choices.fuel_label,
                     spots, container=c1, changed=(_fuel_changed, (i,)))
            fuel = row.get("fuel") if row.get("fuel") in fuels else fuels[0]
            uses = list(choices.FUEL_USES) if choices.fuel_has_vehicle(fuel) else ["stationary"]
            w.select(f"fuels[{i}].use", t("checkup.fuels.use"), t("checkup.fuels.use_help"), uses,
                     lambda u: t(f"sources.use.{u}"), spots, default="stationary", container=c2)
            c1, c2, c3 = st.columns([2, 2, 3])
            w.number(f"fuels[{i}].amount", t("checkup.fuels.amount"), t("checkup.fuels.amount_help"), spots, container=c1)
            w.select(f"fuels[{i}].unit", t("checkup.fuels.unit"), t("checkup.fuels.unit_help"), choices.fuel_units(fuel),
                     choices.unit_label, spots, container=c2)
            with c3:
                w.text(f"fuels[{i}].name", t("checkup.fuels.name"), t("checkup.fuels.name_help"), spots,
                       placeholder=t("checkup.fuels.name_ph"), max_chars=100)
            spots.rest(f"fuels[{i}]")
            st.button(t("checkup.remove"), icon=":material/delete:", key=f"del_fuel_{i}", on_click=state.remove_row, args=("fuels", i),
                      help=t("checkup.remove_help"))
    if not rows:
        st.info(t("checkup.fuels.none_yet"))
    st.button(t("checkup.fuels.add"), icon=":material/add:", on_click=_add_fuel, help=t("checkup.fuels.add_help"), key="add_fuel")
    spots.rest("fuels")


def _add_fuel() -> None:
    state.add_row("fuels", {"fuel": "diesel", "unit": "L"})


def _ref_mode(i: int, row: dict) -> str:
    modes = st.session_state.setdefault("_ref_modes", {})
    if "recharged_kg" in row:
        return "recharge"
    if "charge_kg" in row:
        return "charge"
    return modes.get(i, "charge")


def _ref_mode_changed(i: int) -> None:
    mode = st.session_state.get(f"w._ref_mode[{i}]") or "charge"
    st.session_state.setdefault("_ref_modes", {})[i] = mode
    row = state.list_of("refrigerants")[i]
    stash = st.session_state.setdefault("_ref_stash", {})
    if mode == "recharge":
        stash[i] = {k: row.pop(k) for k in ("charge_kg", "count", "equipment", "leak_rate_pct") if k in row}
        row.update(stash.pop(f"r{i}", {}))
    else:
        stash[f"r{i}"] = {k: row.pop(k) for k in ("recharged_kg",) if k in row}
        row.update(stash.pop(i, {}) or {"equipment": "air_conditioner"})
    state.clear_widgets(f"refrigerants[{i}].")


def _remove_ref(i: int) -> None:
    st.session_state["_ref_modes"] = {}
    st.session_state["_ref_stash"] = {}
    state.remove_row("refrigerants", i)
    rows = state.list_of("refrigerants")
    for j, row in enumerate(rows):  # re-seed the mode switches of the entries that moved up
        st.session_state[f"w._ref_mode[{j}]"] = _ref_mode(j, row)
    st.session_state.pop(f"w._ref_mode[{len(rows)}]", None)


def _seeded(key: str, **kwargs):
    """Initial-value arguments only for a widget whose key holds no value yet."""
    return {} if key in st.session_state else kwargs


def step_refrigerants() -> None:
    st.header(t("checkup.refrigerants.title"), anchor=False)
    st.caption(t("checkup.refrigerants.intro"))
    rows = state.list_of("refrigerants")
    for i, row in enumerate(rows):
        with st.container(border=True):
            c1, c2 = st.columns(2)
            w.select(f"refrigerants[{i}].refrigerant", t("checkup.refrigerants.refrigerant"), t("checkup.refrigerants.refrigerant_help"),
                     choices.refrigerants(), str, spots, container=c1)
            mode = _ref_mode(i, row)
            c2.radio(t("checkup.refrigerants.mode"), ["charge", "recharge"], **_seeded(f"w._ref_mode[{i}]", index=0 if mode == "charge" else 1),
                     format_func=bound(lambda m: t(f"checkup.refrigerants.mode_{m}")), key=f"w._ref_mode[{i}]",
                     on_change=_ref_mode_changed, args=(i,), help=t("checkup.refrigerants.mode_help"))
            if mode == "charge":
                c1, c2, c3 = st.columns([3, 2, 2])
                w.select(f"refrigerants[{i}].equipment", t("checkup.refrigerants.equipment"), t("checkup.refrigerants.equipment_help"),
                         [None, *choices.equipment()], choices.equipment_label, spots, container=c1)
                w.number(f"refrigerants[{i}].charge_kg", t("checkup.refrigerants.charge_kg"), t("checkup.refrigerants.charge_kg_help"), spots, container=c2)
                w.number(f"refrigerants[{i}].count", t("checkup.refrigerants.count"), t("checkup.refrigerants.count_help"), spots,
                         integer=True, placeholder="1", container=c3)
                w.number(f"refrigerants[{i}].leak_rate_pct", t("checkup.refrigerants.leak_rate_pct"),
                         t("checkup.refrigerants.leak_rate_pct_help"), spots)
            else:
                w.number(f"refrigerants[{i}].recharged_kg", t("checkup.refrigerants.recharged_kg"), t("checkup.refrigerants.recharged_kg_help"), spots)
            w.text(f"refrigerants[{i}].name", t("checkup.refrigerants.name"), t("checkup.refrigerants.name_help"), spots,
                   placeholder=t("checkup.refrigerants.name_ph"), max_chars=100)
            spots.rest(f"refrigerants[{i}]")
            st.button(t("checkup.remove"), icon=":material/delete:", key=f"del_ref_{i}", on_click=_remove_ref, args=(i,), help=t("checkup.remove_help"))
    if not rows:
        st.info(t("checkup.refrigerants.none_yet"))
    st.button(t("checkup.refrigerants.add"), icon=":material/add:", on_click=state.add_row,
              args=("refrigerants", {"refrigerant": "R-410A", "equipment": "air_conditioner"}), help=t("checkup.refrigerants.add_help"),
              key="add_ref")
    spots.rest("refrigerants")


def _septic_toggled() -> None:
    if st.session_state.get("w._septic_on"):
        state.checkup()["septic"] = st.session_state.pop("_septic_stash", {})
    else:
        st.session_state["_septic_stash"] = state.checkup().pop("septic", {})
        state.clear_widgets("septic")


def _other_kind_changed(i: int) -> None:
    rows = state.list_of("other")
    rows[i] = edits.other_kind_chosen(rows[i], st.session_state.get(f"{state.WIDGET_PREFIX}other[{i}].kind"), lang())
    state.clear_widgets(f"other[{i}].")


def step_other() -> None:
    st.header(t("checkup.other.title"), anchor=False)
    st.subheader(t("checkup.other.septic_title"), anchor=False)
    st.toggle(t("checkup.other.septic_on"), value="septic" in data, key="w._septic_on", on_change=_septic_toggled,
              help=t("checkup.other.septic_on_help"))
    if "septic" in data:
        c1, c2 = st.columns(2)
        w.number("septic.employees", t("checkup.other.septic_people"), t("checkup.other.septic_people_help"), spots,
                 integer=True, placeholder=state.show_number(state.get("company.employees")) or None, container=c1)
        w.number("septic.hours_per_year", t("checkup.other.septic_hours"), t("checkup.other.septic_hours_help"), spots,
                 placeholder="2,000", container=c2)
        spots.rest("septic")
    st.subheader(t("checkup.other.other_title"), anchor=False)
    st.caption(t("checkup.other.intro"))
    rows = state.list_of("other")
    for i, row in enumerate(rows):
        kind = row.get("kind") if row.get("kind") in choices.OTHER_KINDS else "fire_extinguisher_co2"
        with st.container(border=True):
            c1, c2, c3 = st.columns([3, 2, 2])
            w.select(f"other[{i}].kind", t("checkup.other.kind"), t("checkup.other.kind_help"), choices.OTHER_KINDS,
                     choices.other_label, default="fire_extinguisher_co2", container=c1, changed=(_other_kind_changed, (i,)))
            w.number(f"other[{i}].amount", t("checkup.other.amount"), t(f"checkup.other.amount_help_{'own' if kind in choices.OWN_FACTOR_KINDS else 'gas'}"), spots, container=c2)
            if kind in choices.OWN_FACTOR_KINDS:
                with c3:
                    w.text(f"other[{i}].unit", t("checkup.other.unit"), t("checkup.other.unit_help_own"), spots, max_chars=20)
                c1, c2 = st.columns(2)
                w.number(f"other[{i}].factor", t("checkup.other.factor"), t("checkup.other.factor_help"), spots, container=c1)
                with c2:
                    w.text(f"other[{i}].factor_source", t("checkup.other.factor_source"), t("checkup.other.factor_source_help"), spots, max_chars=300)
                if kind == "custom":
                    w.select(f"other[{i}].scope", t("checkup.other.scope"), t("checkup.other.scope_help"), [None, 1, 2],
                             lambda s: t("checkup.choose") if s is None else t(f"sources.scope.{s}"), spots)
            else:
                w.select(f"other[{i}].unit", t("checkup.other.unit"), t("checkup.other.unit_help_gas"), list(choices.OTHER_UNITS),
                         choices.unit_label, spots, default="kg", container=c3)
            w.text(f"other[{i}].name", t("checkup.other.name"), t("checkup.other.name_help"), spots, max_chars=100)
            spots.rest(f"other[{i}]")
            st.button(t("checkup.remove"), icon=":material/delete:", key=f"del_other_{i}", on_click=state.remove_row,
                      args=("other", i), help=t("checkup.remove_help"))
    st.button(t("checkup.other.add"), icon=":material/add:", on_click=state.add_row,
              args=("other", {"kind": "fire_extinguisher_co2", "unit": "kg"}), help=t("checkup.other.add_help"), key="add_other")
    spots.rest("other")


def step_results() -> None:
    st.header(t("checkup.results.title"), anchor=False)
    if ev.ok and ev.result.lines:
        results.full(ev)
        next_steps.show(ev)
        if st.button(t("checkup.results.go_save"), icon=":material/save:", type="primary", key="go_save", help=t("checkup.save.save_help")):
            st.switch_page("pages/checkup/save.py")
    elif ev.ok:
        st.info(t("checkup.results.empty"))
    else:
        st.warning(t("checkup.results.fix_first"))
        for path, messages in ev.errors.items():
            section = SECTION_OF.get(str(state.split(path)[0]), 0)
            for m in messages:
                st.error(t("checkup.error_at", field=w._field_label(path), message=m))
            st.button(t("checkup.results.go_fix", step=t(f"checkup.steps.{STEPS[section]}")), key=f"fix_{path}",
                      on_click=_go, args=(section,))
        for m in ev.general:
            st.error(m)


[step_company, step_electricity, step_fuels, step_refrigerants, step_other, step_results][current]()

st.divider()
c1, c2, c3 = st.columns([1, 1, 1])
if current > 0:
    c1.button(t("checkup.inventory.back"), icon=":material/arrow_back:", on_click=_go, args=(current - 1,),
              key="nav_back", width="stretch", help=t("checkup.inventory.back_help"))
if current < len(STEPS) - 1:
    c3.button(t("checkup.inventory.next"), icon=":material/arrow_forward:", on_click=_go, args=(current + 1,),
              key="nav_next", type="primary", width="stretch", help=t("checkup.inventory.next_help"))
