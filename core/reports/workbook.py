"""The inventory workbook (openpyxl), laid out the way Taiwan's inventory forms are read.

``build_workbook(checkup, result, lang="zh-TW") -> bytes``

Sheets: 基本資料 (the firm, the year, the basis and the totals), 排放源鑑別 (each source
with its scope and emission type), 活動數據 (amounts as entered and as used), 排放量計算
(one row per source and gas, with live formulas ``activity × factor × GWP ÷ 1000`` and
subtotals as ``SUM`` so a consultant can check every number) and 係數來源 (every factor
with its document, agency, year and URL). Text that came from the user is always stored
as text (never a formula), whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import field_label
from ..sheets import formula, put, to_bytes  # noqa: F401 - re-exported: the report modules write through the one safe writer
from ..i18n import has, normalise_lang, t
from ..inventory.models import Checkup
from ..inventory.result import Line, Result
from .charts import label, source_label, unit_text

GREEN = "2E7D32"
LIGHT = "E8F3E9"
HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor=GREEN)
TOTAL_FILL = PatternFill("solid", fgColor=LIGHT)
TITLE_FONT = Font(bold=True, size=14, color=GREEN)
THIN = Side(style="thin", color="BBBBBB")
BORDER = Border(bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

NUM_T = "#,##0.000"
NUM_ACT = "#,##0.###"
NUM_FACTOR = "0.000000000"

# --------------------------------------------------------------------------- cells: core/sheets.py writes them all


def heading(ws: Worksheet, row: int, labels: list[str], widths: list[float] | None = None) -> None:
    for i, text in enumerate(labels, 1):
        c = put(ws, row, i, text)
        c.font = HEAD_FONT
        c.fill = HEAD_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = 32
    if widths:
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w


def title(ws: Worksheet, text: str, sub: str | None = None) -> None:
    c = put(ws, 1, 1, text)
    c.font = TITLE_FONT
    if sub:
        s = put(ws, 2, 1, sub)
        s.font = Font(italic=True, color="666666", size=9)


def _w(key: str, lang: str, **params: Any) -> str:
    return t(f"report.wb.{key}", lang, **params)


def sheet_name(key: str, lang: str) -> str:
    return _w(f"sheet.{key}", lang)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


# --------------------------------------------------------------------------- classification


def emission_type(line: Line) -> str:
    """The inventory form's type of a line: stationary, mobile, process, fugitive, energy_indirect."""
    if line.scope == 2:
        return "energy_indirect"
    if line.category == "fuel":
        return "mobile" if line.source.endswith(":vehicle") else "stationary"
    if line.category in ("refrigerant", "septic"):
        return "fugitive"
    kind = line.source.split(":", 1)[-1]
    if kind in ("fire_extinguisher_co2", "hfc_227ea", "welding_co2"):
        return "fugitive"
    if kind in ("process_co2", "acetylene"):
        return "process"
    return "other"


def _sources(result: Result) -> list[tuple[str, list[Line]]]:
    """Lines grouped by where they come from (one source of the checkup), in order."""
    groups: dict[str, list[Line]] = {}
    for ln in result.lines:
        groups.setdefault(ln.input + "|" + ln.source, []).append(ln)
    return [(k, v) for k, v in groups.items()]


def _year_text(row: dict[str, Any]) -> str:
    if row.get("year"):
        return str(row["year"])
    start, end = row.get("years_from") or "", row.get("years_to") or ""
    if start or end:
        return f"{start}–{end}" if end != start else str(start)
    return str(row.get("published") or "")


def factor_rows(result: Result) -> list[dict[str, Any]]:
    """Every factor row of the snapshot, flattened (fuel rows give one row per gas)."""
    out: list[dict[str, Any]] = []
    rows = (result.factors or {}).get("rows", {})
    for key, row in rows.items():
        if not isinstance(row, dict):
            continue
        if "gases" in row:
            for g in row["gases"]:
                r = g.get("row", {})
                out.append(
                    {
                        "key": f"{key}:{g.get('gas')}",
                        "value": r.get("value"),
                        "unit": r.get("unit"),
                        "derived": f"{g.get('kg_per_unit')} ({g.get('working', '')})",
                        **{k: r.get(k, "") for k in ("source_document", "source_agency", "source_url", "status", "note")},
                        "year": _year_text(r),
                        "ref": r.get("row_ref", ""),
                    }
                )
            continue
        value = row.get("value", row.get("kcal_per_unit", row.get("rate_default", "")))
        unit = row.get("unit", "")
        if "kcal_per_unit" in row:
            unit = f"kcal/{row.get('unit', '')}"
        out.append(
            {
                "key": key,
                "value": value,
                "unit": unit,
                "derived": "",
                **{k: row.get(k, "") for k in ("source_document", "source_agency", "source_url", "status", "note")},
                "year": _year_text(row),
                "ref": row.get("row_ref", ""),
            }
        )
    return out


# --------------------------------------------------------------------------- sheets


def _basic(ws: Worksheet, checkup: Checkup, result: Result, lang: str, totals: dict[str, str], today: dt.date) -> None:
    title(ws, _w("title", lang), _w("screening", lang))
    co = checkup.company
    yes, no = _w("yes", lang), _w("no", lang)
    rows: list[tuple[str, Any, str | None]] = [
        (t("fields.name", lang), co.name or "", None),
        (t("fields.industry", lang), co.industry or "", None),
        (t("fields.employees", lang), co.employees, "#,##0"),
        (t("fields.county", lang), co.county or "", None),
        (t("fields.capital_ntd", lang), co.capital_ntd, "#,##0"),
        (t("fields.revenue_ntd", lang), co.revenue_ntd, "#,##0"),
        (t("fields.customer_requests", lang), yes if co.customer_requests else no, None),
        (_w("year", lang), checkup.year, "0"),
        (_w("boundary", lang), _w("boundary_value", lang), None),
        (_w("gwp", lang), result.gwp_basis, None),
        (_w("fuel_set", lang), t(f"report.fuel_set.{result.fuel_factor_set}", lang)
         if has(f"report.fuel_set.{result.fuel_factor_set}", lang) else result.fuel_factor_set, None),
        (_w("electricity_year", lang), result.electricity_factor_year, "0"),
        (_w("generated", lang), today.isoformat(), None),
        (_w("engine", lang), result.engine_version, None),
    ]
    if checkup.production:
        rows.insert(7, (t("fields.production", lang), f"{checkup.production.amount:g} {checkup.production.unit}", None))
    r = 4
    put(ws, r, 1, _w("basic.firm_head", lang)).font = Font(bold=True, color=GREEN)
    r += 1
    for name, value, fmt in rows:
        put(ws, r, 1, name).font = Font(color="555555")
        put(ws, r, 2, value, fmt).alignment = Alignment(horizontal="left")
        r += 1
    r += 1
    put(ws, r, 1, _w("basic.totals_head", lang)).font = Font(bold=True, color=GREEN)
    r += 1
    for key in ("scope1", "scope2", "total", "apart"):
        put(ws, r, 1, _w(f"total.{key}", lang)).font = Font(color="555555")
        c = formula(ws, r, 2, f"={totals[key]}", NUM_T)
        c.alignment = Alignment(horizontal="right")
        put(ws, r, 3, t("report.unit_t", lang))
        if key == "total":
            for col in (1, 2, 3):
                ws.cell(r, col).fill = TOTAL_FILL
                ws.cell(r, col).font = Font(bold=True)
        r += 1
    r += 1
    put(ws, r, 1, _w("basic.formula_note", lang)).font = Font(italic=True, color="666666", size=9)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 14


def _identify(ws: Worksheet, checkup: Checkup, result: Result, lang: str) -> dict[str, int]:
    """One row per source; returns its number by group key."""
    title(ws, sheet_name("sources", lang), _w("sources.sub", lang))
    heading(
        ws,
        4,
        [_w(f"sources.col.{c}", lang) for c in ("no", "source", "name", "scope", "type", "gases", "input", "estimate", "counted")],
        [7, 24, 22, 10, 18, 22, 24, 10, 12],
    )
    numbers: dict[str, int] = {}
    r = 5
    for n, (key, lines) in enumerate(_sources(result), 1):
        ln = lines[0]
        numbers[key] = n
        put(ws, r, 1, n)
        put(ws, r, 2, label(ln.label_key, lang))
        put(ws, r, 3, ln.name or "")
        put(ws, r, 4, t(f"report.scope.{ln.scope}", lang))
        put(ws, r, 5, _w(f"type.{emission_type(ln)}", lang))
        put(ws, r, 6, ", ".join(dict.fromkeys(x.gas for x in lines)))
        put(ws, r, 7, field_label(ln.input, lang))
        put(ws, r, 8, _w("yes", lang) if any(x.estimate for x in lines) else "")
        put(ws, r, 9, _w("yes", lang) if all(x.counted for x in lines) else _w("no_apart", lang))
        for col in range(1, 10):
            ws.cell(r, col).border = BORDER
        r += 1
    ws.freeze_panes = "A5"
    return numbers


def _activity(ws: Worksheet, result: Result, lang: str, numbers: dict[str, int]) -> None:
    title(ws, sheet_name("activity", lang), _w("activity.sub", lang))
    heading(
        ws,
        4,
        [_w(f"activity.col.{c}", lang) for c in ("no", "source", "entered", "entered_unit", "activity", "unit", "basis")],
        [7, 28, 16, 12, 18, 16, 40],
    )
    r = 5
    for key, lines in _sources(result):
        ln = lines[0]
        put(ws, r, 1, numbers[key])
        put(ws, r, 2, source_label(ln, lang))
        put(ws, r, 3, ln.entered_amount, NUM_ACT)
        put(ws, r, 4, unit_text(ln.entered_unit or "", lang))
        put(ws, r, 5, ln.activity, NUM_ACT)
        put(ws, r, 6, unit_text(ln.unit, lang))
        put(ws, r, 7, _w("activity.estimate", lang) if ln.estimate else _w("activity.entered_basis", lang))
        for col in range(1, 8):
            ws.cell(r, col).border = BORDER
        r += 1
    if result.monthly_kwh:
        r += 1
        put(ws, r, 1, _w("activity.monthly", lang)).font = Font(bold=True, color=GREEN)
        r += 1
        first = r
        for i, kwh in enumerate(result.monthly_kwh, 1):
            put(ws, r, 1, i)
            put(ws, r, 2, t("report.month", lang, n=i))
            put(ws, r, 3, kwh, "#,##0.0")
            put(ws, r, 4, "kWh")
            r += 1
        put(ws, r, 2, _w("activity.monthly_total", lang)).font = Font(bold=True)
        formula(ws, r, 3, f"=SUM(C{first}:C{r - 1})", "#,##0.0").font = Font(bold=True)
        put(ws, r, 4, "kWh")
    ws.freeze_panes = "A5"


COLS = ("no", "source", "scope", "gas", "activity", "unit", "factor", "factor_unit", "gwp", "tco2e", "factor_id", "working")


def _calc(ws: Worksheet, result: Result, lang: str, numbers: dict[str, int]) -> dict[str, str]:
    """Lines with live formulas; returns cell addresses of the totals (for 基本資料)."""
    title(ws, sheet_name("calc", lang), _w("calc.sub", lang))
    heading(ws, 4, [_w(f"calc.col.{c}", lang) for c in COLS], [7, 28, 10, 10, 16, 12, 16, 22, 9, 16, 30, 60])
    r = 5
    subtotals: dict[str, str] = {}

    def block(lines: list[Line], label_key: str) -> str:
        nonlocal r
        first = r
        for ln in lines:
            key = ln.input + "|" + ln.source
            put(ws, r, 1, numbers.get(key))
            put(ws, r, 2, source_label(ln, lang))
            put(ws, r, 3, t(f"report.scope.{ln.scope}", lang))
            put(ws, r, 4, ln.gas)
            put(ws, r, 5, ln.activity, NUM_ACT)
            put(ws, r, 6, unit_text(ln.unit, lang))
            put(ws, r, 7, ln.factor, "0.000000###")
            put(ws, r, 8, unit_text(ln.factor_unit, lang))
            put(ws, r, 9, ln.gwp, "#,##0.###")
            formula(ws, r, 10, f"=E{r}*G{r}*I{r}/1000", NUM_T)
            put(ws, r, 11, ln.factor_id)
            put(ws, r, 12, ln.working_text(lang))
            for col in range(1, 13):
                ws.cell(r, col).border = BORDER
            r += 1
        put(ws, r, 2, _w(label_key, lang))
        if lines:
            formula(ws, r, 10, f"=SUM(J{first}:J{r - 1})", NUM_T)
        else:
            put(ws, r, 10, 0, NUM_T)
        for col in range(1, 13):
            ws.cell(r, col).fill = TOTAL_FILL
            ws.cell(r, col).font = Font(bold=True)
        addr = f"J{r}"
        r += 2
        return addr

    counted = [ln for ln in result.lines if ln.counted]
    subtotals["scope1"] = block([ln for ln in counted if ln.scope == 1], "calc.scope1")
    subtotals["scope2"] = block([ln for ln in counted if ln.scope == 2], "calc.scope2")
    put(ws, r, 2, _w("calc.total", lang))
    formula(ws, r, 10, f"=SUM({subtotals['scope1']},{subtotals['scope2']})", NUM_T)
    for col in range(1, 13):
        ws.cell(r, col).fill = HEAD_FILL
        ws.cell(r, col).font = HEAD_FONT
    subtotals["total"] = f"J{r}"
    r += 3
    put(ws, r - 1, 1, _w("calc.apart_head", lang)).font = Font(bold=True, color=GREEN)
    subtotals["apart"] = block([ln for ln in result.lines if not ln.counted], "calc.apart")
    put(ws, r, 1, _w("calc.note", lang)).font = Font(italic=True, color="666666", size=9)
    ws.freeze_panes = "C5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    return subtotals


def _factors(ws: Worksheet, result: Result, lang: str) -> None:
    title(ws, sheet_name("factors", lang), _w("factors.sub", lang))
    put(ws, 4, 1, _w("factors.used_head", lang)).font = Font(bold=True, color=GREEN)
    heading(ws, 5, [_w(f"factors.col.{c}", lang) for c in ("id", "value", "unit", "year", "source")])
    r = 6
    seen: set[str] = set()
    for ln in result.lines:
        if ln.factor_id in seen:
            continue
        seen.add(ln.factor_id)
        put(ws, r, 1, ln.factor_id)
        put(ws, r, 2, ln.factor, "0.000000###")
        put(ws, r, 3, unit_text(ln.factor_unit, lang))
        put(ws, r, 4, ln.factor_year or "")
        put(ws, r, 5, ln.factor_source).alignment = WRAP
        r += 1
    r += 1
    put(ws, r, 1, _w("factors.rows_head", lang)).font = Font(bold=True, color=GREEN)
    r += 1
    cols = ("key", "value", "unit", "year", "source_document", "source_agency", "source_url", "status", "ref", "derived", "note")
    heading(ws, r, [_w(f"factors.col.{c}", lang) for c in cols])
    r += 1
    for row in factor_rows(result):
        for i, c in enumerate(cols, 1):
            value = row.get(c, "")
            if c == "value":
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    pass
            if c in ("unit", "derived", "note") and isinstance(value, str):
                value = unit_text(value, lang)  # m3 → m³ where people read it; the key column stays a key
            put(ws, r, i, value if value is not None else "")
        r += 1
    for i, w in enumerate((34, 14, 16, 12, 48, 18, 50, 12, 18, 40, 40), 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A6"


def build_workbook(checkup: Checkup, result: Result, lang: str = "zh-TW", *, today: dt.date | None = None) -> bytes:
    """The inventory workbook as .xlsx bytes."""
    lang = normalise_lang(lang)
    today = today or dt.date.today()
    wb = Workbook()
    basic = wb.active
    basic.title = sheet_name("basic", lang)
    ident = wb.create_sheet(sheet_name("sources", lang))
    act = wb.create_sheet(sheet_name("activity", lang))
    calc = wb.create_sheet(sheet_name("calc", lang))
    fac = wb.create_sheet(sheet_name("factors", lang))
    numbers = _identify(ident, checkup, result, lang)
    _activity(act, result, lang, numbers)
    subtotals = _calc(calc, result, lang, numbers)
    ref = quote_sheet(calc.title)
    _basic(basic, checkup, result, lang, {k: f"{ref}!{v}" for k, v in subtotals.items()}, today)
    _factors(fac, result, lang)
    wb.properties.title = f"{t('report.title', lang)} {checkup.year}"
    wb.properties.creator = "Carbon Checkup"
    return to_bytes(wb)  # formulas saved with their values
