"""The report's charts drawn with fpdf2's own vector drawing: no chart engine, no picture, per report.

The same data as the screen's Altair charts (``charts.by_source_rows`` and the result's scope and
monthly figures) and the same colours; drawn as rectangles, arcs and real (searchable) text in the
report's font, so a chart costs a few milliseconds instead of a chart engine's start and a PNG each.
"""

from __future__ import annotations

import math
from typing import Any

from ..i18n import t
from ..inventory.result import Result
from .charts import SCOPE_COLOURS, by_source_rows
from .fonts import PDF_FAMILY

INK = (51, 51, 51)
GRID = (225, 225, 225)
AXIS = (150, 150, 150)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round axis steps from 0 to at least ``top``, at most ``count`` steps (``[0, 20, 40, 60, 80]`` for 71)."""
    if top <= 0:
        return [0.0, 1.0]
    mag = 10 ** math.floor(math.log10(top / count))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10, 20) if math.ceil(top / (m * mag) - 1e-9) <= count)
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def _tick(v: float) -> str:
    return f"{v:,.0f}" if v >= 1000 or v == int(v) else f"{round(v, 6):g}"


def _fit(pdf: Any, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` mm at the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _title(pdf: Any, x: float, y: float, text: str) -> float:
    pdf.set_font(PDF_FAMILY, size=10)
    pdf.set_text_color(*INK)
    pdf.set_xy(x, y)
    pdf.cell(0, 6, text)
    return y + 8


def _room(pdf: Any, height: float) -> float:
    """The y at which a drawing ``height`` mm tall starts, on a new page if this one is full."""
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    return pdf.get_y()


def _legend(pdf: Any, x: float, y: float, lang: str) -> None:
    pdf.set_font(PDF_FAMILY, size=8.5)
    for n in (1, 2):
        pdf.set_fill_color(*_rgb(SCOPE_COLOURS[n]))
        pdf.rect(x, y + 1, 3.2, 3.2, style="F")
        label = t(f"report.scope.{n}", lang)
        pdf.set_text_color(*INK)
        pdf.set_xy(x + 4.2, y)
        pdf.cell(0, 5.2, label)
        x += 4.2 + pdf.get_string_width(label) + 6


def by_source(pdf: Any, result: Result, lang: str, width: float = 170) -> None:
    """Horizontal bars: counted tCO2e per source, largest first, coloured by scope, value at each bar."""
    rows = by_source_rows(result, lang)
    if not rows:
        return
    bar_h, gap = 4.6, 1.6
    height = 8 + len(rows) * (bar_h + gap) + 7 + 8
    y = _title(pdf, pdf.l_margin, _room(pdf, height), t("report.chart.by_source", lang))
    x0 = pdf.l_margin
    pdf.set_font(PDF_FAMILY, size=8.5)
    label_w = min(62.0, max(pdf.get_string_width(r["source"]) for r in rows) + 2)
    plot_x, plot_w = x0 + label_w + 2, width - label_w - 2 - 16  # room for the value after the longest bar
    ticks = nice_ticks(max(r["tco2e"] for r in rows))
    top = ticks[-1]
    plot_h = len(rows) * (bar_h + gap)
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    for v in ticks:  # grid and axis labels
        gx = plot_x + plot_w * v / top
        pdf.line(gx, y, gx, y + plot_h)
        pdf.set_font(PDF_FAMILY, size=7.5)
        pdf.set_text_color(*AXIS)
        label = _tick(v)
        pdf.set_xy(gx - 10, y + plot_h + 0.5)
        pdf.cell(20, 4, label, align="C")
    for i, r in enumerate(rows):
        by = y + i * (bar_h + gap) + gap / 2
        pdf.set_font(PDF_FAMILY, size=8.5)
        pdf.set_text_color(*INK)
        pdf.set_xy(x0, by)
        pdf.cell(label_w, bar_h, pdf.p(_fit(pdf, r["source"], label_w)), align="R")
        scope = 1 if r["scope"] == t("report.scope.1", lang) else 2
        pdf.set_fill_color(*_rgb(SCOPE_COLOURS[scope]))
        bw = plot_w * r["tco2e"] / top
        if bw > 0:
            pdf.rect(plot_x, by, max(bw, 0.3), bar_h, style="F")
        pdf.set_font(PDF_FAMILY, size=7.5)
        pdf.set_xy(plot_x + bw + 1, by)
        pdf.cell(16, bar_h, f"{r['tco2e']:,.1f}")
    pdf.set_draw_color(*AXIS)
    pdf.line(plot_x, y, plot_x, y + plot_h)
    _legend(pdf, plot_x, y + plot_h + 6, lang)
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, y + plot_h + 13)


def by_scope(pdf: Any, result: Result, lang: str) -> None:
    """A ring split into scope 1 and scope 2, each with its tCO2e and share beside it."""
    total = result.scope1_tco2e + result.scope2_tco2e
    if result.scope1_tco2e <= 0 or result.scope2_tco2e <= 0:
        return  # one scope only: nothing to split
    radius, hole = 22.0, 12.5
    y = _title(pdf, pdf.l_margin, _room(pdf, 8 + 2 * radius + 6), t("report.chart.by_scope", lang))
    cx, cy = pdf.l_margin + 10 + radius, y + radius
    # fpdf2's arc: x, y the bounding box's top left, ``a`` its width; the page's y runs down, so angles
    # grow clockwise and 270° is twelve o'clock
    start = 270.0
    for n, v in ((1, result.scope1_tco2e), (2, result.scope2_tco2e)):
        sweep = 360.0 * v / total
        pdf.set_fill_color(*_rgb(SCOPE_COLOURS[n]))
        pdf.solid_arc(cx - radius, cy - radius, 2 * radius, start, start + sweep, style="F")
        start += sweep
    pdf.set_fill_color(255, 255, 255)
    pdf.ellipse(cx - hole, cy - hole, 2 * hole, 2 * hole, style="F")
    lx, ly = cx + radius + 12, cy - 8
    unit = t("report.unit_t", lang)
    for n, v in ((1, result.scope1_tco2e), (2, result.scope2_tco2e)):
        pdf.set_fill_color(*_rgb(SCOPE_COLOURS[n]))
        pdf.rect(lx, ly + 1.2, 3.6, 3.6, style="F")
        pdf.set_xy(lx + 5, ly)
        pdf.set_font(PDF_FAMILY, size=9.5)
        pdf.set_text_color(*INK)
        pdf.cell(0, 6, f"{t(f'report.scope.{n}', lang)}  {v / total:.0%}  ({v:,.2f} {unit})" if lang == "en"
                 else f"{t(f'report.scope.{n}', lang)}　{v / total:.0%}（{v:,.2f} {unit}）")
        ly += 9
    pdf.set_xy(pdf.l_margin, y + 2 * radius + 4)


def monthly(pdf: Any, result: Result, lang: str, width: float = 170) -> None:
    """Columns of the electricity used each month (kWh), when the checkup gave months or bills."""
    months = result.monthly_kwh
    if not months:
        return
    plot_h = 38.0
    y = _title(pdf, pdf.l_margin, _room(pdf, 8 + plot_h + 10), t("report.chart.monthly", lang))
    ticks = nice_ticks(max(months))
    top = ticks[-1]
    pdf.set_font(PDF_FAMILY, size=7.5)
    axis_w = max(pdf.get_string_width(_tick(v)) for v in ticks) + 2
    plot_x, plot_w = pdf.l_margin + axis_w + 1, width - axis_w - 1
    base = y + plot_h
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    for v in ticks:
        gy = base - plot_h * v / top
        pdf.line(plot_x, gy, plot_x + plot_w, gy)
        pdf.set_text_color(*AXIS)
        pdf.set_xy(pdf.l_margin, gy - 2)
        pdf.cell(axis_w, 4, _tick(v), align="R")
    slot = plot_w / len(months)
    pdf.set_fill_color(*_rgb(SCOPE_COLOURS[2]))
    for i, kwh in enumerate(months):
        bh = plot_h * kwh / top
        if bh > 0:
            pdf.rect(plot_x + i * slot + slot * 0.15, base - bh, slot * 0.7, bh, style="F")
        pdf.set_text_color(*INK)
        pdf.set_xy(plot_x + i * slot, base + 0.8)
        pdf.cell(slot, 4, t("report.month", lang, n=i + 1), align="C")
    pdf.set_draw_color(*AXIS)
    pdf.line(plot_x, base, plot_x + plot_w, base)
    pdf.set_font(PDF_FAMILY, size=7.5)
    pdf.set_text_color(*AXIS)
    pdf.set_xy(plot_x, base + 5)
    pdf.cell(plot_w, 4, t("report.unit_kwh", lang), align="R")
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, base + 11)


def draw_all(pdf: Any, result: Result, lang: str) -> bool:
    """Every chart the result has (none when it has no emissions and no months); True when one was drawn."""
    start = (pdf.page_no(), pdf.get_y())
    if result.total_tco2e > 0:
        by_source(pdf, result, lang)
        by_scope(pdf, result, lang)
    monthly(pdf, result, lang)
    pdf.set_font(PDF_FAMILY, size=10.5)
    return (pdf.page_no(), pdf.get_y()) != start
