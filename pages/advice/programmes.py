"""Government programmes, obligations and the 1+N calculator for the current checkup.

Reads the checkup through ui/state (a plain dict in the checkup-file format) and the language from ``st.session_state["ui_lang"]``. Every text comes from
the message catalogue (``programmes.*``); nothing here decides a verdict: that is
``core.advice.programmes.match`` and ``core.advice.oneplusn.calculate``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from core import compute, parse_checkup
from core.advice.measures import suggest
from core.errors import CheckupError, ValidationErrors
from core.i18n import normalise_lang, t
from ui import fmt, state
from ui.filters import multiselect_ids, radio_id
from ui.i18n import colon, md
from ui.engine import content_key
from core.inventory.models import Checkup
from core.advice.oneplusn import ITEM_IDS, ItemInput, TeamInput, calculate, rules, supplier_costs
from core.advice.programmes import (load_catalogue, match, obligations, obligations_text, questions_to_ask,
                                    render_params)

LANG = normalise_lang(st.session_state.get("ui_lang", "zh-TW"))
COLON = colon()
PROFILE_QUESTIONS = {"industry", "employees", "sme_size", "factory_registration", "contract_kw", "county"}


def T(key: str, **params: object) -> str:
    return md(t(f"programmes.{key}", LANG, **params))  # NT$ never typeset as maths


def _labels(prefix: str, values) -> dict[str, str]:
    """Option labels as a dict: its bound ``get`` is a picklable format_func (session state must pickle)."""
    return {v: T(f"{prefix}{v}") for v in values}


def _money(x: float | None) -> str:
    return "—" if x is None else f"NT$ {fmt.num(x, 0)}"


def _compute(checkup: Checkup):
    """The emissions result and suggested measure ids (kept for the session while the checkup is the same)."""
    key = content_key("programmes", checkup.model_dump(mode="json"))
    memo = st.session_state.get("_prog_computed")
    if memo is None or memo[0] != key:
        memo = (key, _computed(checkup))
        st.session_state["_prog_computed"] = memo
    return memo[1]


def _matches(checkup: Checkup, result, measure_ids: list[str], on: dt.date, answers: dict[str, bool]):
    """The programmes' verdicts, kept while the checkup, the date and the answers are the same."""
    key = content_key("matches", checkup.model_dump(mode="json"), measure_ids, on, answers)
    memo = st.session_state.get("_prog_matches")
    if memo is None or memo[0] != key:
        memo = (key, match(checkup, result, measure_ids, on=on, answers=answers))
        st.session_state["_prog_matches"] = memo
    return memo[1]


def _computed(checkup: Checkup):
    result = None
    measure_ids: list[str] = []
    try:
        result = compute(checkup)
    except (CheckupError, ValueError):
        result = None
    try:
        measure_ids = [m.id for m in suggest(checkup, result)]
    except Exception:  # the measures are advice for the match; never block the page on them
        measure_ids = list(st.session_state.get("measure_ids", []))
    return result, measure_ids


ANSWERS = "programme_answers"  # question id → True/False, read by the plan page too
ANSWER_IDS = ("unknown", "yes", "no")


def _answers() -> dict[str, bool]:
    stored = st.session_state.get(ANSWERS)
    return {q: v for q, v in stored.items() if isinstance(v, bool)} if isinstance(stored, dict) else {}


def _answer_id(q: str) -> str:
    value = _answers().get(q)
    return "unknown" if value is None else ("yes" if value else "no")


def _answered(q: str):
    def keep(value: str) -> None:
        answers = dict(_answers())
        answers.pop(q, None)
        if value in ("yes", "no"):
            answers[q] = value == "yes"
        st.session_state[ANSWERS] = answers

    return keep


def _show_programme(m, expanded: bool = False) -> None:
    label = f"{m.name(LANG)} · {T(f'status.{m.status}')}"
    with st.expander(label, expanded=expanded):
        # one block of text per programme (not a dozen elements): the page has some fifty of them
        parts = [f"{T(f'status.{m.status}')} · {T('page.status_checked', date=m.status_checked.isoformat())}",
                 f"**{T('page.agency')}**{COLON}{m.agency_en if LANG == 'en' else m.agency_zh}",
                 str(m.summary.get(LANG) or ""),
                 f"**{T('page.offers')}**{COLON}{m.offers.text.get(LANG)}",
                 f"**{T('page.reasons')}**\n" + "\n".join(f"- {text}" for text in m.reasons_text(LANG))]
        if m.questions:
            parts.append(f"**{T('page.questions')}**\n" + "\n".join(f"- {text}" for text in m.questions_text(LANG)))
        parts.append(f"**{T('page.next_step')}**{COLON}{m.next_step.get(LANG)}")
        contact = []
        if m.contact.hotline:
            contact.append(f"{T('page.hotline')}{COLON}{m.contact.hotline}")
        if m.contact.website:
            contact.append(f"{T('page.website')}{COLON}{m.contact.website}")
        if m.contact.text:
            contact.append(m.contact.text.get(LANG))
        if contact:
            sep = "; " if LANG == "en" else "；"
            parts.append(f"**{T('page.contact')}**{COLON}" + sep.join(contact))
        if m.successor:
            names = render_params({"programmes": m.successor}, LANG)["programmes"]
            parts.append(f"**{T('page.successor')}**{COLON}{names}")
        st.markdown(md("\n\n".join(p for p in parts if p)))  # NT$ in any part never typeset as maths
        if m.uncertain:
            st.warning(T("page.uncertain") + "\n\n" + "\n".join(f"- {u.get(LANG)}" for u in m.uncertain))
        st.caption(T("page.source") + COLON + " · ".join(m.citations(LANG)))


def _show_folded(m) -> None:
    """One ended or unconfirmed programme in the folded list: no nested expander, a few lines."""
    head = f"**{m.name(LANG)}** · {T(f'status.{m.status}')} · {T('page.status_checked', date=m.status_checked.isoformat())}"
    st.markdown(head)
    lines = [r.text(LANG) for r in m.reasons if r.code != "status_checked"]  # the date is in the heading
    if m.fit != "no" and m.status != "ended":
        lines.insert(0, T("page.fit_if_running", verdict=T(f"match.{m.fit}")))
    st.markdown("\n".join(f"- {text}" for text in lines))
    st.caption(T("page.source") + COLON + " · ".join(m.citations(LANG)))


def _programmes_section(checkup: Checkup, result, measure_ids: list[str]) -> None:
    cat = load_catalogue()
    with st.sidebar:
        st.subheader(T("page.filters"))
        on = st.date_input(T("page.date_used"), value=dt.date.today(), key="prog_on")
        kinds_all = sorted({k for p in cat.programmes for k in p.kind})
        kinds = multiselect_ids(T("page.filter_kind"), kinds_all, _labels("kind.", kinds_all), key="prog_kind",
                                store="prog_kind_ids", placeholder=T("page.filter_all"))
    if not isinstance(on, dt.date):
        on = dt.date.today()
    st.caption(T("page.dates", on=on.isoformat(), checked=cat.checked.isoformat()))

    matches = _matches(checkup, result, measure_ids, on, _answers())
    shown = [m for m in matches if not kinds or set(m.kind) & set(kinds)]
    running = [m for m in shown if not m.folded]

    st.header(T("page.section_yes"))
    yes = [m for m in running if m.match == "yes"]
    if not yes:
        st.write(T("page.none_here"))
    for i, m in enumerate(yes):
        _show_programme(m, expanded=i < 3)

    st.header(T("page.section_maybe"))
    maybe = [m for m in running if m.match == "maybe"]
    # only questions whose answer changes a running programme's verdict, the one deciding most first
    open_questions = questions_to_ask(maybe, skip=PROFILE_QUESTIONS)
    settles = {q: sum(q in m.questions for m in maybe) for q in open_questions}
    answered = [q for q in cat.questions if q in _answers() and q not in open_questions]
    if open_questions or answered:
        with st.container(border=True):
            st.markdown(f"**{T('page.questions')}**")
            st.caption(T("page.questions_intro"))
            for q in open_questions + answered:
                label = T(f"question.{q}") + (f" {T('page.question_settles', n=settles[q])}" if q in settles else "")
                st.session_state[f"pq_{q}_id"] = _answer_id(q)
                radio_id(label, ANSWER_IDS, _labels("page.answer_", ANSWER_IDS), key=f"pq_{q}",
                         store=f"pq_{q}_id", default="unknown", after=_answered(q), horizontal=True)
    if not maybe:
        st.write(T("page.none_here"))
    for m in maybe:
        _show_programme(m)

    st.header(T("page.section_no_running"))
    no = [m for m in running if m.match == "no"]
    if not no:
        st.write(T("page.none_here"))
    for m in no:
        _show_programme(m)

    # those that would fit first, then the rest; ended ones after those whose status is unknown
    folded = sorted((m for m in shown if m.folded),
                    key=lambda m: ({"yes": 0, "maybe": 1, "no": 2}[m.fit], m.status == "ended"))
    if folded:
        with st.expander(T("page.folded", n=len(folded)), expanded=False):
            st.caption(T("page.folded_intro"))
            for m in folded:
                _show_folded(m)


def _obligations_section(checkup: Checkup, result) -> None:
    st.header(T("page.obligations"))
    ob = obligations(checkup, result)
    for text in obligations_text(ob, LANG):
        st.markdown(f"- {md(text)}")
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


def _supplier_section() -> None:
    """What joining a customer's team costs one supplier (the calculator is for the lead firm)."""
    st.subheader(T("page.supplier_costs_title"))
    st.caption(T("page.supplier_costs_intro"))
    rows = []
    for c in supplier_costs():
        ref = T("page.no_reference_cost") if c.cost_min is None else f"NT$ {fmt.num(c.cost_min, 0)}–{fmt.num(c.cost_max, 0)}"
        pay = "—" if c.pay_min is None else (f"NT$ {fmt.num(c.pay_min, 0)}" if c.pay_min == c.pay_max
                                             else f"NT$ {fmt.num(c.pay_min, 0)}–{fmt.num(c.pay_max, 0)}")
        if c.pay_min is None and c.self_pay_min >= 1:
            pay = T("page.paid_in_full")
        rows.append({T("page.col_item"): T(f"oneplusn.item.{c.id}"), T("page.col_reference"): ref,
                     T("page.col_share"): fmt.pct(c.self_pay_min), T("page.col_you_pay"): pay})
    st.table(rows)
    st.caption(T("page.rules_source", source=calculate(TeamInput(suppliers=10)).source))


@st.fragment  # the calculator's inputs rerun the calculator only, not the fifty programmes above it
def _oneplusn_section() -> None:
    st.header(T("page.oneplusn"))
    st.write(T("page.oneplusn_intro"))
    role = st.radio(T("page.opn_role"), ["supplier", "lead"], key="opn_role", horizontal=True,
                    format_func=_labels("page.opn_role_", ["supplier", "lead"]).get)
    if role != "lead":
        _supplier_section()
        return
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
            st.caption(T("page.cost_range" if rule.self_pay_min else "oneplusn_rules.cost_range_no_share",
                         min=fmt.num(rule.cost_min, 0), max=fmt.num(rule.cost_max, 0),
                         share=round(rule.self_pay_min * 100), line=rule.line))
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
    st.info(T("page.supplier_view", diag=fmt.num(sv['inventory_diagnosis'], 0), verif=fmt.num(sv['verification_coaching'], 0),
              foot=fmt.num(sv['footprint_coaching'], 0)))
    with st.expander(T("page.assumptions")):
        for line in res.working:
            st.text(line)
        for a in r.assumptions:
            st.markdown(f"- {a['en'] if LANG == 'en' else a['zh']}")
        st.caption(T("page.rules_source", source=res.source))


# --------------------------------------------------------------------------- the page

st.title(T("page.title"))
st.write(T("page.intro"))

checkup: Checkup | None = None
if not state.has_checkup() or not state.checkup():
    st.info(T("page.no_checkup"))
else:
    try:
        checkup = parse_checkup(state.checkup())
    except CheckupError as err:  # each problem in the user's words, naming its field, as the checkup pages say it
        problems = err.errors if isinstance(err, ValidationErrors) else [err]
        st.warning(T("page.bad_checkup") + "\n\n" + "\n".join(f"- {e.message(LANG)}" for e in problems[:10]))

if checkup is not None:
    result, measure_ids = _compute(checkup)
    _programmes_section(checkup, result, measure_ids)
    _obligations_section(checkup, result)

_oneplusn_section()
