"""The results as people read them: totals, charts, intensities, the working, flags, the change."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import core
from core.reports.charts import unit_text
from core.inventory.compare import compare
from core.inventory.goods import good_label
from core.inventory.plausibility import QUESTIONS
from core.inventory.result import notes

from . import fmt
from .charts import chart as spec_chart
from .engine import Evaluation, earlier
from .i18n import field_label, has, lang, md, t

SCOPE_COLORS = ["#2E7D32", "#1565C0"]


def _source_label(line: core.Line) -> str:
    base = t(line.label_key) if has(line.label_key) else line.source
    return f"{base}（{line.name}）" if line.name and lang() == "zh-TW" else (f"{base} ({line.name})" if line.name else base)


def _scope_label(scope: int) -> str:
    return t(f"sources.scope.{scope}")


def _scope_short(scope: int) -> str:
    return t(f"checkup.results.scope_short_{scope}")


def headline(ev: Evaluation, *, compare: bool = True) -> None:
    """Total, Scope 1 and Scope 2 as metrics (and the change against the firm's earlier year)."""
    r = ev.result
    assert r is not None
    delta = None
    prev = earlier(r.year) if compare else None
    if prev is not None and prev.total_tco2e is not None:
        change = r.total_tco2e - prev.total_tco2e
        # the signed number comes first in every language: Streamlit reads the arrow (and its colour) from it
        delta = t("checkup.results.years.delta", value=_signed(change), year=prev.year)
    cols = st.columns(3)
    cols[0].metric(
        t("checkup.results.total", year=r.year),
        fmt.tco2e(r.total_tco2e),
        delta=delta,
        delta_color="inverse",
        help=t("checkup.results.total_help"),
        border=True,
    )
    cols[1].metric(t("checkup.results.scope1"), fmt.tco2e(r.scope1_tco2e), help=t("checkup.results.scope1_help"), border=True)
    cols[2].metric(t("checkup.results.scope2"), fmt.tco2e(r.scope2_tco2e), help=t("checkup.results.scope2_help"), border=True)


def _signed(value: float, digits: int = 1) -> str:
    """+3.2 / −: the sign always shown (a minus as Streamlit's metric reads it)."""
    if round(value, digits) == 0:
        return fmt.num(0, digits)  # no change: no arrow either way
    text = fmt.num(value, digits)
    return text if text.startswith("-") else "+" + text


def _row_name(row) -> str:
    """A source in words: its name, what tells two of a kind apart (the refrigerant, a vehicle's fuel), its scope."""
    words = [t(row.label_key) if has(row.label_key) else row.key]
    parts = row.key.split(":")
    if parts[0] == "refrigerant" and len(parts) > 1:
        words.append(parts[1])
    if parts[0] == "fuel" and len(parts) > 2 and parts[2] == "vehicle":
        words.append(t("sources.use.vehicle"))
    words.append(_scope_short(row.scope))
    return f"{words[0]}（{'，'.join(words[1:])}）" if lang() == "zh-TW" else f"{words[0]} ({', '.join(words[1:])})"


def years(ev: Evaluation) -> None:
    """This year beside the firm's earlier saved year: per scope and per source, the electricity change explained."""
    r = ev.result
    assert r is not None
    prev = earlier(r.year)
    if prev is None or not prev.result:
        return
    try:
        before = core.Result.model_validate(prev.result)
    except ValueError:  # a result saved by a much older version: the badge on the total still compares
        return
    cmp = compare(before, r)
    st.subheader(t("checkup.results.years.title", before=cmp.year_before, after=cmp.year_after), anchor=False)
    y0, y1, ch = str(cmp.year_before), str(cmp.year_after), t("checkup.results.years.col_change")
    label = t("checkup.results.years.col_item")

    def frame(rows, named) -> pd.DataFrame:
        return pd.DataFrame([{label: named(row), y0: fmt.num(row.before, 1) if row.before is not None else "—",
                              y1: fmt.num(row.after, 1) if row.after is not None else "—", ch: _signed(row.change)} for row in rows])

    st.dataframe(frame(cmp.scopes, lambda row: t(row.label_key)), hide_index=True, width="stretch", key="years_scopes")
    st.dataframe(frame(cmp.sources, _row_name), hide_index=True, width="stretch", key="years_sources")
    e = cmp.electricity
    if e is not None:
        st.markdown(t("checkup.results.years.electricity", before=cmp.year_before, after=cmp.year_after,
                      kwh_before=fmt.num(e.kwh_before, 0), kwh_after=fmt.num(e.kwh_after, 0), use=_signed(e.use_tco2e),
                      ef_before=f"{e.factor_before:g}", ef_after=f"{e.factor_after:g}", factor=_signed(e.factor_tco2e),
                      change=_signed(e.change_tco2e)))
    st.caption(t("checkup.results.years.note", before=cmp.year_before))


def _category_frame(r: core.Result) -> pd.DataFrame:
    rows: dict[tuple[str, int], float] = {}
    for line in r.lines:
        if not line.counted:
            continue
        key = (t(f"sources.category.{line.category}"), line.scope)
        rows[key] = rows.get(key, 0.0) + line.tco2e
    return pd.DataFrame(
        [{"source": k[0], "scope": _scope_short(k[1]), "tco2e": round(v, 3)} for k, v in rows.items()]
    )


def charts(r: core.Result) -> None:
    df = _category_frame(r)
    if df.empty:
        return
    rows = df.to_dict("records")
    left, right = st.columns([3, 2])
    with left:
        spec_chart("by_source", rows, lambda: _by_source_chart(df), width="stretch")
    with right:
        spec_chart("by_scope", rows, lambda: _by_scope_chart(df), width="stretch")


def _scale() -> alt.Scale:
    return alt.Scale(domain=[_scope_short(1), _scope_short(2)], range=SCOPE_COLORS)


def _by_source_chart(df: pd.DataFrame) -> alt.Chart:
    tco2e_title, scale = t("app.unit.tco2e"), _scale()
    return (
        alt.Chart(df, title=t("checkup.results.chart_by_source"))
        .mark_bar()
        .encode(
            x=alt.X("tco2e:Q", title=tco2e_title),
            y=alt.Y("source:N", sort="-x", title=None),
            color=alt.Color("scope:N", scale=scale, legend=alt.Legend(title=None, orient="bottom")),
            tooltip=[alt.Tooltip("source:N", title=t("checkup.results.col_source")), alt.Tooltip("tco2e:Q", title=tco2e_title, format=",.2f")],
        )
    )


def _by_scope_chart(df: pd.DataFrame) -> alt.Chart:
    tco2e_title, scale = t("app.unit.tco2e"), _scale()
    scope_df = df.groupby("scope", as_index=False)["tco2e"].sum()
    return (
        alt.Chart(scope_df, title=t("checkup.results.chart_by_scope"))
        .mark_arc(innerRadius=50)
        .encode(
            theta=alt.Theta("tco2e:Q"),
            color=alt.Color("scope:N", scale=scale, legend=alt.Legend(title=None, orient="bottom")),
            tooltip=[alt.Tooltip("scope:N", title=t("checkup.results.col_scope")), alt.Tooltip("tco2e:Q", title=tco2e_title, format=",.2f")],
        )
    )


def monthly(r: core.Result) -> None:
    if not r.monthly_kwh:
        st.caption(t("checkup.results.no_monthly"))
        return
    kwh = [round(v, 1) for v in r.monthly_kwh]
    spec_chart("monthly", kwh, lambda: _monthly_chart(kwh), width="stretch")


def _monthly_chart(kwh: list[float]) -> alt.Chart:
    df = pd.DataFrame({"month": [t(f"checkup.month.{i}") for i in range(1, 13)], "order": list(range(1, 13)), "kwh": kwh})
    return (
        alt.Chart(df, title=t("checkup.results.chart_monthly"))
        .mark_bar(color="#F9A825")
        .encode(
            x=alt.X("month:N", sort=alt.SortField("order"), title=None),
            y=alt.Y("kwh:Q", title=t("app.unit.kwh")),
            tooltip=[alt.Tooltip("month:N", title=t("checkup.results.col_month")), alt.Tooltip("kwh:Q", title=t("app.unit.kwh"), format=",.0f")],
        )
    )


def intensities(r: core.Result, data: core.Checkup | None) -> None:
    items = []
    if "per_employee" in r.intensities:
        items.append((t("checkup.results.per_employee"), t("checkup.results.per_employee_value", value=fmt.num(r.intensities["per_employee"], 2))))
    if "per_million_ntd_revenue" in r.intensities:
        items.append((t("checkup.results.per_revenue"), t("checkup.results.per_revenue_value", value=fmt.num(r.intensities["per_million_ntd_revenue"], 3))))
    if "per_product_unit" in r.intensities and data is not None and data.production is not None:
        items.append(
            (t("checkup.results.per_product"), t("checkup.results.per_product_value", value=fmt.smart(r.intensities["per_product_unit"]), unit=data.production.unit))
        )
    helps: dict[str, str] = {}
    if "per_tonne_goods" in r.intensities and data is not None and data.goods:
        label = t("checkup.results.goods.per_tonne")
        items.append((label, t("checkup.results.goods.per_tonne_value", value=fmt.smart(r.intensities["per_tonne_goods"]))))
        tonnes = r.total_tco2e / r.intensities["per_tonne_goods"] if r.intensities["per_tonne_goods"] else 0
        names = ("、" if lang() == "zh-TW" else ", ").join(good_label(g.good, lang(), code=True) for g in data.goods)
        helps[label] = t("checkup.results.goods.per_tonne_help", tonnes=fmt.smart(tonnes), goods=names)
    if not items:
        st.caption(t("checkup.results.no_intensity"))
        return
    cols = st.columns(len(items))
    for col, (label, value) in zip(cols, items):
        col.metric(label, value, border=True, help=helps.get(label))


def workings(r: core.Result) -> None:
    rows = []
    for line in r.lines:
        rows.append(
            {
                t("checkup.results.col_source"): _source_label(line),
                t("checkup.results.col_scope"): _scope_short(line.scope),
                t("checkup.results.col_gas"): line.gas,
                t("checkup.results.col_tco2e"): round(line.tco2e, 3),
                t("checkup.results.col_working"): line.working_text(lang()),
                t("checkup.results.col_factor_source"): line.factor_source + (f"（{line.factor_year}）" if line.factor_year else ""),
                t("checkup.results.col_activity"): f"{fmt.smart(line.activity)} {unit_text(line.unit, lang())}",
                t("checkup.results.col_factor"): f"{line.factor:g} {unit_text(line.factor_unit, lang())}",
                t("checkup.results.col_gwp"): fmt.smart(line.gwp),
                t("checkup.results.col_counted"): t("checkup.yes") if line.counted else t("checkup.results.apart"),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    # the same, one line each, readable on a phone without scrolling sideways
    st.markdown("\n".join(
        t("checkup.results.working_line", source=_source_label(line), gas=line.gas, working=line.working_text(lang()), value=fmt.num(line.tco2e, 3))
        for line in r.lines
    ))
    fuel_set = t(f"report.fuel_set.{r.fuel_factor_set}") if has(f"report.fuel_set.{r.fuel_factor_set}") else r.fuel_factor_set
    st.caption(t("checkup.results.basis", gwp=r.gwp_basis, fuel_set=fuel_set, elec_year=r.electricity_factor_year or "—"))


def questions(r: core.Result) -> dict[str, list[str]]:
    """The numbers that look like slips, by the field they concern, in the reader's language."""
    out: dict[str, list[str]] = {}
    for flag in r.flags:
        if flag.code in QUESTIONS and flag.input:
            out.setdefault(flag.input, []).append(flag.text(lang()))
    return out


def ask(r: core.Result) -> None:
    """The questions again with the results, each naming its field: a warning, never a stop."""
    for path, messages in questions(r).items():
        for message in messages:
            st.warning(t("checkup.error_at", field=field_label(path), message=message), icon=":material/help:")


def flags(r: core.Result) -> None:
    shown = [f for f in r.flags if f.code not in QUESTIONS and has(f"flags.{f.code}")]
    if not shown:
        st.success(t("checkup.results.no_flags"), icon=":material/verified:")
        return
    for where, text in notes(shown, lang()):  # each note once; ids become names, shares percentages
        st.info(md((field_label(where) + " · " if where else "") + text), icon=":material/info:")


def full(ev: Evaluation) -> None:
    """Everything about a result, for the results page and the last step of the inventory."""
    r = ev.result
    assert r is not None
    headline(ev)
    ask(r)
    years(ev)
    if r.scope2_market_tco2e is not None and abs(r.scope2_market_tco2e - r.scope2_tco2e) > 1e-9:
        st.caption(t("checkup.results.market", value=fmt.tco2e(r.scope2_market_tco2e)))
    if r.reported_apart_tco2e:
        st.caption(t("checkup.results.reported_apart", value=fmt.tco2e(r.reported_apart_tco2e, 3)))
    if ev.frozen:
        st.caption(t("checkup.results.frozen"))
    charts(r)
    st.subheader(t("checkup.results.monthly_title"))
    if r.electricity_kwh is not None:
        st.caption(t("checkup.results.kwh_total", value=fmt.kwh(r.electricity_kwh)))
    monthly(r)
    st.subheader(t("checkup.results.intensity_title"))
    intensities(r, ev.checkup)
    st.subheader(t("checkup.results.flags_title"))
    flags(r)
    with st.expander(t("checkup.results.workings_title"), icon=":material/calculate:"):
        st.caption(t("checkup.results.workings_help"))
        workings(r)
    # the report downloads follow in the next steps (ui/next_steps.py), at the end of the page


def downloads(ev: Evaluation) -> None:
    """The PDF report and the inventory workbook, built only when the button is pressed."""
    checkup, result, lg = ev.checkup, ev.result, lang()
    assert checkup is not None and result is not None

    def pdf() -> bytes:
        from core.reports import build_pdf

        advice = core.advise(checkup, result, lg)
        return build_pdf(checkup, result, advice["measures"], advice["programmes"], lang=lg,
                         measures_total=advice["measures_total"], plan=advice["plan"])

    def workbook() -> bytes:
        from core.reports import build_workbook

        return build_workbook(checkup, result, lang=lg)

    st.subheader(t("checkup.report_download.title"))
    st.caption(t("checkup.report_download.help"))
    left, right = st.columns(2)
    left.download_button(t("checkup.report_download.pdf"), data=pdf, file_name=f"carbon-checkup-{checkup.year}.pdf",
                         mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:", key="dl_pdf",
                         type="primary", help=t("checkup.report_download.pdf_help"))
    right.download_button(t("checkup.report_download.xlsx"), data=workbook,
                          file_name=f"carbon-checkup-{checkup.year}-inventory.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore", icon=":material/table_view:", key="dl_xlsx",
                          help=t("checkup.report_download.xlsx_help"))
