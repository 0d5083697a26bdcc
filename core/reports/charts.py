"""Charts of a result: their data, as Altair specs, and as PNG on request (vl-convert, CJK font registered).

The app can show the same specs (``st.altair_chart(by_source(result, lang))``). The PDF draws the same
data with fpdf2's vector drawing (``drawn.py``), in the same colours, without a chart engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt

from ..i18n import has, t
from ..inventory.result import Result, unit_symbol
from .fonts import FAMILY, register_vl_fonts

PALETTE = ["#2E7D32", "#F9A825", "#1565C0", "#6D4C41", "#8E24AA", "#00838F"]
SCOPE_COLOURS = {1: "#2E7D32", 2: "#1565C0"}


def label(key: str, lang: str) -> str:
    """The catalogue label of a line's ``label_key``, or its last part if not catalogued."""
    return t(key, lang) if has(key, lang) else key.rsplit(".", 1)[-1]


def source_label(line: Any, lang: str) -> str:
    """A line's source for people: catalogue label, plus the user's own name when it adds something."""
    text = label(line.label_key, lang)
    if line.name and line.name not in text:
        text = f"{text}（{line.name}）" if lang != "en" else f"{text} ({line.name})"
    return text


def unit_text(unit: str, lang: str) -> str:
    """Engine unit words (``kg charge``, ``person-hour``…) in the reader's language; m3 as m³."""
    unit = unit_symbol(unit)
    for word in sorted(_UNIT_WORDS, key=len, reverse=True):
        if word in unit:
            unit = unit.replace(word, t(f"report.unit_word.{_UNIT_WORDS[word]}", lang))
    return unit


_UNIT_WORDS = {
    "share of charge per year": "leak_rate",
    "kg charge": "kg_charge",
    "person-hour": "person_hour",
    "people": "people",
}


def by_source_rows(result: Result, lang: str) -> list[dict[str, Any]]:
    """Counted tCO2e per source (gases summed), largest first."""
    rows: dict[tuple[str, int], float] = {}
    for ln in result.lines:
        if not ln.counted:
            continue
        key = (source_label(ln, lang), ln.scope)
        rows[key] = rows.get(key, 0.0) + ln.tco2e
    out = [
        {"source": name, "scope": t(f"report.scope.{scope}", lang), "tco2e": round(v, 3)}
        for (name, scope), v in rows.items()
    ]
    out.sort(key=lambda r: -r["tco2e"])
    return out


def _style(chart: alt.Chart) -> alt.Chart:
    return chart.configure(font=FAMILY, background="white").configure_axis(labelFontSize=12, titleFontSize=12).configure_legend(
        labelFontSize=12, titleFontSize=12
    ).configure_view(stroke=None)


def by_source(result: Result, lang: str = "zh-TW") -> alt.Chart:
    import altair as alt  # altair (with its schema) only when a chart is drawn

    rows = by_source_rows(result, lang)
    scopes = [t(f"report.scope.{n}", lang) for n in (1, 2)]
    unit = t("report.unit_t", lang)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("source:N", sort=[r["source"] for r in rows], title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("tco2e:Q", title=unit),
            color=alt.Color(
                "scope:N",
                scale=alt.Scale(domain=scopes, range=[SCOPE_COLOURS[1], SCOPE_COLOURS[2]]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["source:N", "scope:N", "tco2e:Q"],
        )
        .properties(width=420, height=max(60, 26 * len(rows)), title=t("report.chart.by_source", lang))
    )
    text = chart.mark_text(align="left", dx=3, fontSize=11).encode(
        text=alt.Text("tco2e:Q", format=",.1f"), color=alt.value("#333333")
    )
    return _style(alt.layer(chart, text))


def by_scope(result: Result, lang: str = "zh-TW") -> alt.Chart:
    import altair as alt

    total = result.total_tco2e or 1.0
    rows = [
        {
            "scope": t(f"report.scope.{n}", lang),
            "tco2e": round(v, 3),
            "share": f"{v / total:.0%}",
        }
        for n, v in ((1, result.scope1_tco2e), (2, result.scope2_tco2e))
    ]
    scopes = [r["scope"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        theta=alt.Theta("tco2e:Q", stack=True),
        color=alt.Color(
            "scope:N",
            scale=alt.Scale(domain=scopes, range=[SCOPE_COLOURS[1], SCOPE_COLOURS[2]]),
            legend=alt.Legend(title=None, orient="right"),
        ),
        order=alt.Order("scope:N"),
        tooltip=["scope:N", "tco2e:Q", "share:N"],
    )
    arc = base.mark_arc(innerRadius=50, outerRadius=95)
    text = base.mark_text(radius=118, fontSize=12).encode(text="share:N", color=alt.value("#333333"))
    return _style(alt.layer(arc, text).properties(width=240, height=240, title=t("report.chart.by_scope", lang)))


def monthly(result: Result, lang: str = "zh-TW") -> alt.Chart | None:
    """Monthly electricity (kWh) when the checkup gave months or bills; else None."""
    import altair as alt

    if not result.monthly_kwh:
        return None
    rows = [{"month": t("report.month", lang, n=i + 1), "n": i + 1, "kwh": round(v, 1)} for i, v in enumerate(result.monthly_kwh)]
    order = [r["month"] for r in rows]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=SCOPE_COLOURS[2])
        .encode(
            x=alt.X("month:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("kwh:Q", title=t("report.unit_kwh", lang)),
            tooltip=["month:N", "kwh:Q"],
        )
        .properties(width=440, height=200, title=t("report.chart.monthly", lang))
    )
    return _style(chart)


def to_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    """PNG bytes of a chart, drawn with the report's Chinese font."""
    import vl_convert

    register_vl_fonts()
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


def report_charts(result: Result, lang: str = "zh-TW") -> dict[str, bytes]:
    """The PNGs the PDF uses, by name (``by_source``, ``by_scope``, ``monthly`` when there are months).

    A result with no emissions gets no source or scope chart (an empty chart says nothing).
    """
    out: dict[str, bytes] = {}
    if result.total_tco2e > 0:
        out["by_source"] = to_png(by_source(result, lang))
        if result.scope1_tco2e > 0 and result.scope2_tco2e > 0:
            out["by_scope"] = to_png(by_scope(result, lang))
    m = monthly(result, lang)
    if m is not None:
        out["monthly"] = to_png(m)
    return out
