"""The action plan (行動計畫): the five to eight actions that matter most for this firm, ranked.

Reads the checkup through ``ui.state`` and the answers to the programmes' questions from
``st.session_state["programme_answers"]`` (question id → True/False, kept by the programmes page). Every number
and the ranking come from ``core.advice.advise`` (the one advice builder); every text from the catalogue
(``plan.*``). The rest of the measures and programmes are one click away.
"""

from __future__ import annotations

import streamlit as st

import core
from core.advice import plan as planning
from core.advice.programmes import load_catalogue
from ui import fmt, state
from ui.i18n import colon, lang, t

LANG = lang()
COLON = colon()


def T(key: str, **params: object) -> str:
    return t(f"plan.page.{key}", **params)


def span(r: dict | None, digits: int = 0) -> str:
    if not r:
        return "–"
    return planning.span_text(planning.Span(**r), digits, LANG)


def investment(a: dict) -> str:
    if a["group"] == "free":
        return T("free_cost")
    low, high = a["investment_low"], a["investment_high"]
    if low is None or high is None:
        return T("unknown_cost")
    return fmt.num(low, 0) if round(low) == round(high) else f"{fmt.num(low, 0)}–{fmt.num(high, 0)}"


def payback(a: dict) -> tuple[str, str]:
    """(label, value) of the payback metric: after the subsidy when one is counted or may apply."""
    before = a["payback_before"] or {}
    if a["group"] == "free":
        return T("payback"), T("now")
    if before.get("central") is None:
        return T("payback_before"), "–"
    after = a["payback_after"]
    if a["subsidy"] and after and after.get("central") is not None:
        label = T("payback_after_if") if a["subsidy"]["conditional"] else T("payback_after")
        return label, t("plan.page.years", years=f"{before['central']:.1f} → {after['central']:.1f}")
    return T("payback_before"), t("plan.page.years", years=f"{before['central']:.1f}")


def action_card(a: dict) -> None:
    with st.container(border=True, key=f"plan_action_{a['id']}"):
        st.subheader(f"{a['rank']}. {a['action']}", anchor=False)
        st.caption(f"{a['name']} · {a['group_text']}")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(T("money_ntd"), span(a["saving_ntd"]) if a["saving_ntd"] else "–")
        c2.metric(T("carbon_t"), span(a["saving_tco2e"], 2) if a["carbon_saving"] else T("no_carbon"))
        c3.metric(T("investment_ntd"), investment(a))
        label, value = payback(a)
        c4.metric(label, value)
        lines = []
        if a["saving_text"]:
            lines.append(f"**{T('saving')}**{COLON}{a['saving_text']}")
        lines.append(f"**{T('payback')}**{COLON}{a['payback_text']}")
        if a["subsidy"]:
            lines.append(f"**{T('subsidy')}**{COLON}{a['subsidy']['text']}")
        if a["ntd_per_tco2e"] is not None:
            per_t = t("plan.page.per_tonne_value", value=fmt.num(a['ntd_per_tco2e'], 0))
            if a["ntd_per_tco2e_after"] is not None:
                per_t += "；" if LANG != "en" else "; "
                per_t += t("plan.page.per_tonne_after", value=fmt.num(a['ntd_per_tco2e_after'], 0))
            lines.append(f"**{T('per_tonne')}**{COLON}{per_t}")
        call = a["call"]
        if call:
            who = call["name"]
            contact = [x for x in (call["hotline"] and f"{T('hotline')} {call['hotline']}",
                                   call["website"] and f"{T('website')} <{call['website']}>", call["contact_text"]) if x]
            if contact:
                who += f"（{'；'.join(contact)}）" if LANG != "en" else f" ({'; '.join(contact)})"
            lines.append(f"**{T('call')}**{COLON}{who}")
            lines.append(f"**{T('next_step')}**{COLON}{call['next_step']}")
        else:
            lines.append(f"**{T('call')}**{COLON}{T('no_call')}")
        if a["deadline"]:
            lines.append(f"**{T('deadline')}**{COLON}{T('deadline_value', date=a['deadline'])}")
        if a["also"]:
            cat = load_catalogue()
            names = [(cat.get(i).name_en if LANG == "en" else cat.get(i).name_zh) for i in a["also"][:3]]
            lines.append(f"**{T('also')}**{COLON}" + ("; " if LANG == "en" else "、").join(names))
        st.markdown("\n\n".join(lines))


def money_section(checkup, advice: dict) -> None:
    """The carbon fee and, for EU exporters, what CBAM costs their importers, year by year (core.exports.cost)."""
    st.subheader(t("plan.money.title"), anchor=False)
    fee = advice["obligations"]["carbon_fee"]
    total = advice["total_tco2e"] or 0.0
    line = fee["threshold_tco2e"]
    if fee["applies"]:
        st.markdown(t("plan.money.fee_applies", total=fmt.num(total, 0), line=fmt.num(line, 0), rate=fee["rate_general_ntd"],
                      fee=fmt.num(fee['fee_general_ntd'], 0)))
    else:
        st.markdown(t("plan.money.fee_below", total=fmt.num(total, 1), line=fmt.num(line, 0), share=fmt.pct(total / line)))
    st.caption(t("plan.money.fee_plan", rate_a=fee["rate_preferential_a_ntd"], rate_b=fee["rate_preferential_b_ntd"]) + " "
               + t("plan.money.fee_source"))
    from core.exports.cost import cbam_cost, prices

    default_rate = float(prices()["exchange_rate"]["ntd_per_eur"])
    try:
        cost = cbam_cost(checkup, core.compute(checkup))
    except core.CheckupError:
        cost = None
    if cost is None:
        st.markdown(t("plan.money.cbam_none"))
        return
    rate = st.number_input(t("plan.money.rate"), min_value=1.0, max_value=100.0, value=default_rate, step=0.1,
                           format="%.2f", key="plan_ntd_per_eur", help=t("plan.money.rate_help"))
    if abs(rate - default_rate) > 1e-9:
        cost = cbam_cost(checkup, core.compute(checkup), ntd_per_eur=rate)
    g = cost.goods[0]
    st.markdown(t("plan.money.cbam_intro", actual=f"{g.embedded_actual:.3f}",
                  default="–" if g.default_value is None else f"{g.default_value:.3f}"))
    over = t("plan.money.cbam_over") if cost.over_de_minimis else t("plan.money.cbam_under")
    st.markdown(t("plan.money.cbam_threshold", t=f"{cost.de_minimis_t:g}", eu=fmt.num(cost.eu_tonnes_total, 0), over=over))
    factor = {y.year: y.cbam_factor_pct for y in g.years}
    rows = [{
        t("plan.money.col_year"): str(r["year"]),
        t("plan.money.col_factor"): f"{factor[r['year']]:g}%",
        t("plan.money.col_actual"): fmt.num(r['cost_actual_ntd'], 0),
        t("plan.money.col_default"): "–" if r["cost_default_ntd"] is None else fmt.num(r['cost_default_ntd'], 0),
        t("plan.money.col_saved"): "–" if r["saved_by_actual_ntd"] is None else fmt.num(r['saved_by_actual_ntd'], 0),
    } for r in cost.totals]
    st.dataframe(rows, hide_index=True, width="stretch", key="plan_cbam_table")
    st.caption(t("plan.money.table_caption", period=cost.price_period, price=f"{cost.price_eur:g}",
                 published=cost.price_published) + " " + t("plan.money.caveat"))


# --------------------------------------------------------------------------- the page

st.title(T("title"))
st.write(T("intro"))

raw = state.checkup() if state.has_checkup() else None
checkup = None
if not isinstance(raw, dict) or not raw.get("company") and not raw.get("electricity") and not raw.get("fuels"):
    st.info(T("no_checkup"))
else:
    try:
        checkup = core.parse_checkup(raw)
        advice = core.advise(checkup, lang=LANG, answers=st.session_state.get("programme_answers") or {})
    except core.CheckupError as err:
        st.warning(T("bad_checkup") + "\n\n" + err.message(LANG))
        checkup = None

if checkup is not None:
    data = advice["plan"]
    st.caption(f"{data['rule']} {T('dates', on=data['on'])}")
    if not data["actions"]:
        st.info(T("no_actions"))
    else:
        together = data["together"]
        share = together.get("share_of_total")
        key = "together" if share else "together_no_share"
        st.success(T(key, ntd=fmt.num(together['saving_ntd_per_year'], 0), tco2e=fmt.num(together['saving_tco2e'], 2),
                     share=fmt.pct(share) if share else "", low=fmt.num(together['investment_low'], 0),
                     high=fmt.num(together['investment_high'], 0)), icon=":material/savings:")
        for a in data["actions"]:
            action_card(a)
    money_section(checkup, advice)
    st.subheader(T("more_title"), anchor=False)
    if data["more_measures"]:
        sep = ", " if LANG == "en" else "、"
        st.write(T("more_measures", n=len(data["more_measures"]), names=sep.join(m["name"] for m in data["more_measures"])))
    st.write(T("more_programmes", yes=data["programmes_yes"], maybe=data["programmes_maybe"]))

left, right = st.columns(2)
left.page_link("pages/advice/measures.py", label=T("to_measures"), icon=":material/lightbulb:")
right.page_link("pages/advice/programmes.py", label=T("to_programmes"), icon=":material/handshake:")
