"""Government programmes, obligations and the 1+N calculator for the current checkup.

Reads the checkup from ``st.session_state["checkup"]`` (a plain dict in the checkup-file
format) and the language from ``st.session_state["ui_lang"]``. Every text comes from
the message catalogue (``programmes.*``); nothing here decides a verdict: that is
``core.advice.programmes.match`` and ``core.advice.oneplusn.calculate``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from core.errors import CheckupError
from core.i18n import normalise_lang, t
from ui.i18n import colon
from core.inventory.models import Checkup
from core.advice.oneplusn import ITEM_IDS, ItemInput, TeamInput, calculate, rules
from core.advice.programmes import load_catalogue, match, obligations, obligations_text, render_params

LANG = normalise_lang(st.session_state.get("ui_lang", "zh-TW"))
COLON = colon()
PROFILE_QUESTIONS = {"industry", "employees", "sme_size", "factory_registration", "contract_kw", "county"}


def T(key: str, **params: object) -> str:
    return t(f"programmes.{key}", LANG, **params)


def _labels(prefix: str, values) -> dict[str, str]:
    """Option labels as a dict: its bound ``get`` is a picklable format_func (session state must pickle)."""
    return {v: T(f"{prefix}{v}") for v in values}


def _money(x: float | None) -> str:
    return "—" if x is None else f"NT$ {x:,.0f}"


def _compute(checkup: Checkup):
    """The emissions result and suggested measure ids, when the engine can give them."""
    result = None
    measure_ids: list[str] = []
    try:
        from core import compute

        result = compute(checkup)
    except (CheckupError, ValueError, ImportError):
        result = None
    try:
        from core.advice.measures import suggest

        measure_ids = [m.id for m in suggest(checkup, result)]
    except Exception:  # the measures are advice for the match; never block the page on them
        measure_ids = list(st.session_state.get("measure_ids", []))
    return result, measure_ids


def _answers() -> dict[str, bool]:
    out: dict[str, bool] = {}
    for q in load_catalogue().questions:
        value = st.session_state.get(f"pq_{q}")
        if value == "yes":
            out[q] = True
        elif value == "no":
            out[q] = False
    return out


def _show_programme(m, expanded: bool = False) -> None:
    label = f"{m.name(LANG)} · {T(f'status.{m.status}')}"
    with st.expander(label, expanded=expanded):
        st.markdown(f"**{T('page.agency')}**{COLON}{m.agency_en if LANG == 'en' else m.agency_zh}")
        st.write(m.summary.get(LANG))
        st.markdown(f"**{T('page.offers')}**{COLON}{m.offers.text.get(LANG)}")
        st.markdown(f"**{T('page.reasons')}**")
        for text in m.reasons_text(LANG):
            st.markdown(f"- {text}")
        if m.questions:
            st.markdown(f"**{T('page.questions')}**")
            for text in m.questions_text(LANG):
                st.markdown(f"- {text}")
        st.markdown(f"**{T('page.next_step')}**{COLON}{m.next_step.get(LANG)}")
        contact = []
        if m.contact.hotline:
            contact.append(f"{T('page.hotline')}{COLON}{m.contact.hotline}")
        if m.contact.website:
            contact.append(f"{T('page.website')}{COLON}{m.contact.website}")
        if m.contact.text:
            contact.append(m.contact.text.get(LANG))
        if contact:
            sep = "; " if LANG == "en" else "；"
            st.markdown(f"**{T('page.contact')}**{COLON}" + sep.join(contact))
        if m.successor:
            names = render_params({"programmes": m.successor}, LANG)["programmes"]
            st.markdown(f"**{T('page.successor')}**{COLON}{names}")
        if m.uncertain:
            st.warning(T("page.uncertain") + "\n\n" + "\n".join(f"- {u.get(LANG)}" for u in m.uncertain))
        sources = []
        for s in m.source:
            who = f"{s['issuer']}, " if s.get("issuer") else ""
            lines = f" {s['lines']}" if s.get("lines") else ""
            url = f" — {s['url']}" if s.get("url") else ""
            sources.append(f"{s['title']} ({who}{s['date']}){lines}{url}")
        st.caption(T("page.source") + COLON + " · ".join(sources))


def _programmes_section(checkup: Checkup, result, measure_ids: list[str]) -> None:
    cat = load_catalogue()
    with st.sidebar:
        st.subheader(T("page.filters"))
        on = st.date_input(T("page.date_used"), value=dt.date.today(), key="prog_on")
        statuses = st.multiselect(T("page.filter_status"), ["running", "unknown", "ended"],
                                  default=["running", "unknown", "ended"], format_func=_labels("status.", ["running", "unknown", "ended"]).get,
                                  key="prog_status", placeholder=T("page.filter_all"))
        kinds_all = sorted({k for p in cat.programmes for k in p.kind})
        kinds = st.multiselect(T("page.filter_kind"), kinds_all, default=[], format_func=_labels("kind.", kinds_all).get,
                               key="prog_kind", placeholder=T("page.filter_all"))
    if not isinstance(on, dt.date):
        on = dt.date.today()
    st.caption(T("page.dates", on=on.isoformat(), checked=cat.checked.isoformat()))

    matches = match(checkup, result, measure_ids, on=on, answers=_answers())
    shown = [m for m in matches if (not statuses or m.status in statuses) and (not kinds or set(m.kind) & set(kinds))]

    st.header(T("page.section_yes"))
    yes = [m for m in shown if m.match == "yes"]
    if not yes:
        st.write(T("page.none_here"))
    for i, m in enumerate(yes):
        _show_programme(m, expanded=i < 3)

    st.header(T("page.section_maybe"))
    maybe = [m for m in shown if m.match == "maybe"]
    open_questions: list[str] = []
    for m in maybe:
        for q in m.questions:
            if q not in open_questions and q not in PROFILE_QUESTIONS:
                open_questions.append(q)
    answered = [q for q in cat.questions if st.session_state.get(f"pq_{q}") in ("yes", "no") and q not in open_questions]
    if open_questions or answered:
        with st.container(border=True):
            st.markdown(f"**{T('page.questions')}**")
            for q in open_questions + answered:
                st.radio(T(f"question.{q}"), ["unknown", "yes", "no"], key=f"pq_{q}", horizontal=True,
                         format_func=_labels("page.answer_", ["unknown", "yes", "no"]).get)
    if not maybe:
        st.write(T("page.none_here"))
    for m in maybe:
        _show_programme(m)

    st.header(T("page.section_no"))
    no = [m for m in shown if m.match == "no"]
    if not no:
        st.write(T("page.none_here"))
    for m in no:
        _show_programme(m)


def _obligations_section(checkup: Checkup, result) -> None:
    st.header(T("page.obligations"))
    ob = obligations(checkup, result)
    for text in obligations_text(ob, LANG):
        st.markdown(f"- {text}")
    fee = ob["carbon_fee"]
    if fee["applies"]:
        st.subheader(T("page.fee_table"))
        c1, c2, c3 = st.columns(3)
        c1.metric(T("page.fee_general"), _money(fee["fee_general_ntd"]))
        c2.metric(T("page.fee_a"), _money(fee["fee_preferential_a_ntd"]))
        c3.metric(T("page.fee_b"), _money(fee["fee_preferential_b_ntd"]))
    sources = fee["sources"] + ob["cbam"]["sources"] + ob["supply_chain"]["sources"]
    with st.expander(T("page.ob_sources")):
        for s in sources:
            st.caption(s)


def _oneplusn_section() -> None:
    st.header(T("page.oneplusn"))
    st.write(T("page.oneplusn_intro"))
    r = rules()
    n = st.number_input(T("page.suppliers"), min_value=0, max_value=1000, value=10, step=1, key="opn_suppliers")
    items: dict[str, ItemInput] = {}
    defaults = {"inventory_diagnosis": 11, "workshop": 3, "verification_coaching": 0, "footprint_coaching": 0,
                "third_party_verification": 0}
    for item_id in ITEM_IDS:
        rule = r.items[item_id]
        c1, c2 = st.columns(2)
        count = c1.number_input(f"{T(f'oneplusn.item.{item_id}')} · {T('page.count')}", min_value=0, max_value=1000,
                                value=defaults[item_id], step=1, key=f"opn_{item_id}_count")
        cost = c2.number_input(f"{T(f'oneplusn.item.{item_id}')} · {T('page.unit_cost')}", min_value=0,
                               max_value=10_000_000, value=int(rule.cost_max or 100_000), step=10_000,
                               key=f"opn_{item_id}_cost")
        items[item_id] = ItemInput(count=int(count), unit_cost=float(cost))
        if rule.cost_min is not None and rule.cost_max is not None:
            st.caption(T("page.cost_range" if rule.self_pay_min else "oneplusn_rules.cost_range_no_share", min=f"{rule.cost_min:,.0f}",
                         max=f"{rule.cost_max:,.0f}", share=round(rule.self_pay_min * 100), line=rule.line))
        else:
            st.caption(T("page.cost_paid_by_firm", line=rule.line))
    least = round(max(x.self_pay_min for x in r.items.values() if 0 < x.self_pay_min < 1) * 100)  # 30 % (陸、二、(三)-(四))
    share = st.number_input(T("oneplusn_rules.self_pay_share", min=least), min_value=0, max_value=100, value=least, step=5,
                            key="opn_share")
    reduction = st.number_input(T("page.expected_reduction"), min_value=0, max_value=10_000_000, value=1500, step=100,
                                key="opn_reduction")
    res = calculate(TeamInput(suppliers=int(n), self_pay_share=share / 100, expected_reduction_t=float(reduction), **items))

    c1, c2, c3 = st.columns(3)
    c1.metric(T("page.cap"), _money(res.cap_ntd) if res.cap_ntd else T("oneplusn_rules.no_cap", min=min(c.min_suppliers for c in r.budget_caps)))
    c2.metric(T("page.government"), _money(res.government_ntd))
    c3.metric(T("page.firms"), _money(res.firms_ntd))
    c1, c2, c3 = st.columns(3)
    c1.metric(T("page.a_total"), _money(res.a_ntd))
    c2.metric(T("page.b_total"), _money(res.b_ntd))
    c3.metric(T("page.fee"), _money(res.management_fee_ntd))
    if res.meets_rules:
        st.success(T("page.meets_rules"))
    else:
        lines = [T("page.breaks_rules")]
        lines += [f"- {p.text(LANG)} ({p.line})" for p in res.problems]
        st.error("\n".join(lines))
    if res.warnings:
        lines = [T("page.warnings")]
        lines += [f"- {p.text(LANG)}" for p in res.warnings]
        st.warning("\n".join(lines))
    sv = res.supplier_view
    st.info(T("page.supplier_view", diag=f"{sv['inventory_diagnosis']:,.0f}", verif=f"{sv['verification_coaching']:,.0f}",
              foot=f"{sv['footprint_coaching']:,.0f}"))
    with st.expander(T("page.assumptions")):
        for line in res.working:
            st.text(line)
        for a in r.assumptions:
            st.markdown(f"- {a['en'] if LANG == 'en' else a['zh']}")
        st.caption(T("page.rules_source", source=res.source))


# --------------------------------------------------------------------------- the page

st.title(T("page.title"))
st.write(T("page.intro"))

raw = st.session_state.get("checkup")
checkup: Checkup | None = None
if not raw:
    st.info(T("page.no_checkup"))
else:
    try:
        checkup = Checkup.model_validate(raw)
    except ValidationError as exc:
        st.warning(T("page.bad_checkup") + "\n\n" + "\n".join(
            f"- {'.'.join(str(x) for x in e['loc'])}" for e in exc.errors()[:10]))

if checkup is not None:
    result, measure_ids = _compute(checkup)
    _programmes_section(checkup, result, measure_ids)
    _obligations_section(checkup, result)

_oneplusn_section()
