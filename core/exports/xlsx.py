"""The three export documents as Excel workbooks (openpyxl), through the product's safe cell writer.

Every figure is written as its value, with the arithmetic beside it in a "working" column: the
workbooks hold no formulas, so every program that opens them shows the same numbers (openpyxl saves no
computed values for formulas). Text from the user is always stored as text (``reports.workbook.put``).
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import normalise_lang, t
from ..reports.charts import unit_text
from ..reports.workbook import HEAD_FILL, HEAD_FONT, TOTAL_FILL, WRAP, heading, put, title, to_bytes
from .cbam import CbamDocument
from .common import Note
from .moenv import SEVEN, TYPES, MoenvDocument
from .vsme import VsmeDocument

NUM = "#,##0.000"
NUM4 = "#,##0.0000"
PCT = "0.00%"
BOLD = Font(bold=True)


def _save(wb: Workbook) -> bytes:
    return to_bytes(wb)  # formulas saved with their values


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _table(ws: Worksheet, row: int, headers: list[str], rows: list[list[Any]], formats: dict[int, str] | None = None) -> int:
    """A heading row and data rows from ``row``; returns the next free row."""
    heading(ws, row, headers)
    for r, values in enumerate(rows, row + 1):
        for c, value in enumerate(values, 1):
            cell = put(ws, r, c, value, (formats or {}).get(c) if isinstance(value, (int, float)) else None)
            if isinstance(value, str) and len(value) > 40:
                cell.alignment = WRAP
    return row + len(rows) + 1


def _pairs(ws: Worksheet, row: int, pairs: list[tuple[str, Any]], fmt: str | None = None) -> int:
    for label, value in pairs:
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, value, fmt if isinstance(value, float) else None)
        row += 1
    return row


def _lines(ws: Worksheet, row: int, texts: list[str], col: int = 1) -> int:
    for text in texts:
        put(ws, row, col, text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    return row


def _section(ws: Worksheet, row: int, text: str) -> int:
    c = put(ws, row, 1, text)
    c.font = HEAD_FONT
    c.fill = HEAD_FILL
    return row + 1


def _notes(ws: Worksheet, row: int, notes: list[Note], lang: str, status_label: str) -> int:
    heading(ws, row, [status_label, ""])
    for n in notes:
        row += 1
        put(ws, row, 1, t(f"exports.status.{n.status}", lang))
        put(ws, row, 2, n.text(lang)).alignment = WRAP
    return row + 2


# --------------------------------------------------------------------------- CBAM


def _c(key: str, lang: str = "en", **params: Any) -> str:
    return t(f"exports.cbam.{key}", lang, **params)


def build_cbam_workbook(doc: CbamDocument) -> bytes:
    """The CBAM supplier data in English, with an explanation sheet in Traditional Chinese."""
    wb = Workbook()
    ws = wb.active
    ws.title = _c("sheet.readme")
    name = doc.installation.name or _c("unnamed")
    title(ws, _c("title", name=name, start=doc.period_start.isoformat(), end=doc.period_end.isoformat()),
          _c("status", date=doc.generated.isoformat(), version=doc.engine_version, checked=doc.rules_checked))
    put(ws, 4, 1, _c("intro")).alignment = WRAP
    ws.merge_cells("A4:F4")
    ws.row_dimensions[4].height = 60
    row = _section(ws, 6, _c("sheets_head"))
    for key in ("installation", "emissions", "attribution", "precursors", "summary", "verifier", "sources"):
        put(ws, row, 1, _c(f"sheet.{key}")).font = BOLD
        put(ws, row, 2, _c(f"follows.{key}"))
        row += 1
    row = _section(ws, row + 1, _c("notes_head"))
    _notes(ws, row, doc.notes, "en", _c("status_col"))
    _widths(ws, [24, 120])

    _cbam_installation(wb.create_sheet(_c("sheet.installation")), doc)
    _cbam_emissions(wb.create_sheet(_c("sheet.emissions")), doc)
    _cbam_attribution(wb.create_sheet(_c("sheet.attribution")), doc)
    _cbam_precursors(wb.create_sheet(_c("sheet.precursors")), doc)
    _cbam_summary(wb.create_sheet(_c("sheet.summary")), doc)
    _cbam_verifier(wb.create_sheet(_c("sheet.verifier")), doc, "en")
    _cbam_zh(wb.create_sheet(_c("sheet.zh")), doc)
    _cbam_sources(wb.create_sheet(_c("sheet.sources")), doc)
    return _save(wb)


def _cbam_installation(ws: Worksheet, doc: CbamDocument) -> None:
    inst = doc.installation
    fill = _c("to_fill")
    title(ws, _c("sheet.installation"), _c("follows.installation"))
    categories = sorted({p.aggregated_category for p in doc.products if p.aggregated_category})
    row = _pairs(ws, 4, [
        (_c("field.name"), inst.name or fill),
        (_c("field.country"), inst.country),
        (_c("field.county"), inst.county or fill),
        (_c("field.industry"), inst.industry or fill),
        (_c("field.period_start"), doc.period_start.isoformat()),
        (_c("field.period_end"), doc.period_end.isoformat()),
        *[(_c(f"field.{k}"), fill) for k in inst.to_fill],
        (_c("field.categories"), ", ".join(categories)),
    ])
    row = _section(ws, row + 1, _c("field.processes"))
    rows = [[g.index + 1, g.name or g.good, g.cn_code, t(f"exports.sector.{g.sector}", "en"), _c("yes") if g.direct_only else _c("no"), g.mass_t, g.mass_working]
            for g in doc.goods]
    _table(ws, row, [_c("h.number"), _c("h.good"), _c("h.cn"), _c("h.sector"), _c("h.direct_only"), _c("h.mass"), _c("h.mass_basis")],
           rows, {6: NUM})
    _widths(ws, [40, 36, 12, 16, 16, 14, 40])


def _cbam_emissions(ws: Worksheet, doc: CbamDocument) -> None:
    title(ws, _c("sheet.emissions"), _c("follows.emissions"))
    rows = [[i + 1, s.label, s.input, s.gas, s.tco2e, _c(f"role.{s.role}"), t(f"exports.reason.{s.reason}", "en")]
            for i, s in enumerate(doc.sources)]
    row = _table(ws, 4, [_c("h.number"), _c("h.source"), _c("h.input"), _c("h.gas"), _c("h.tco2e"), _c("h.role"), _c("h.reason")],
                 rows, {5: NUM4})
    tot = doc.totals
    pairs = [(_c("totals.direct", gas=gas), value) for gas, value in tot.direct_by_gas_tco2e.items()]
    pairs += [(_c("totals.kwh"), tot.electricity_kwh), (_c("totals.mwh"), tot.electricity_kwh / 1000),
              (_c("totals.ef"), tot.electricity_ef_kg_per_kwh if tot.electricity_ef_kg_per_kwh is not None else _c("none")),
              (_c("totals.indirect"), tot.indirect_tco2e), (_c("totals.production"), tot.production_t)]
    end = _pairs(ws, row + 1, pairs, NUM4)
    for r in range(row + 1, end):
        ws.cell(row=r, column=1).fill = TOTAL_FILL
    _widths(ws, [60, 36, 16, 10, 14, 12, 70])


def _cbam_attribution(ws: Worksheet, doc: CbamDocument) -> None:
    title(ws, _c("sheet.attribution"), _c("follows.attribution"))
    rows = [[g.index + 1, g.name or g.good, g.cn_code, g.mass_t, g.share, g.attributed_direct_tco2e, g.attributed_kwh / 1000,
             g.attributed_indirect_tco2e, g.working] for g in doc.goods]
    tot = doc.totals
    if tot.other_products_t > 0:
        share = tot.other_products_t / tot.production_t
        direct = sum(tot.direct_by_gas_tco2e.values())
        rows.append(["", _c("other_products"), "", tot.other_products_t, share, direct * share,
                     tot.electricity_kwh * share / 1000, tot.indirect_tco2e * share, ""])
    rows.append(["", _c("total"), "", tot.production_t, 1.0, sum(tot.direct_by_gas_tco2e.values()),
                 tot.electricity_kwh / 1000, tot.indirect_tco2e, ""])
    end = _table(ws, 4, [_c("h.number"), _c("h.good"), _c("h.cn"), _c("h.mass"), _c("h.share"), _c("h.attr_direct"),
                         _c("h.attr_mwh"), _c("h.attr_indirect"), _c("h.working")],
                 rows, {4: NUM, 5: PCT, 6: NUM4, 7: NUM4, 8: NUM4})
    for c in range(1, 10):
        ws.cell(row=end - 1, column=c).fill = TOTAL_FILL
    _widths(ws, [6, 30, 12, 14, 12, 16, 16, 16, 110])


def _cbam_precursors(ws: Worksheet, doc: CbamDocument) -> None:
    title(ws, _c("sheet.precursors"), _c("follows.precursors"))
    headers = [_c("h.number"), _c("h.cn"), _c("h.country"), _c("h.supplier"), _c("h.tonnes"), _c("h.basis"),
               _c("h.see_direct_used"), _c("h.see_indirect_used"), _c("h.default_table"), _c("h.default_line"), _c("h.fallback"),
               *[_c("h.markup", year=y) for y in (2026, 2027, 2028)], _c("h.embedded_direct"), _c("h.uses"), _c("h.working")]
    rows = []
    for p in doc.precursors:
        d = p.default
        uses = "; ".join(f"{u.tonnes:,.3f} t → " + (f"#{u.good_index + 1}" if u.good_index is not None else _c("other_products"))
                         for u in p.uses)
        rows.append([p.index + 1, p.cn_code, p.country, p.supplier or "", p.tonnes, _c(p.basis), p.see_direct,
                     p.see_indirect if p.see_indirect is not None else "N/A",
                     d.table if d else "", d.cn_line if d else "", (_c("yes") if d.fallback else _c("no")) if d else "",
                     *[(d.markup.get(str(y), "") if d else "") for y in (2026, 2027, 2028)],
                     sum(u.direct_tco2e for u in p.uses), uses, p.working])
    _table(ws, 4, headers, rows, {5: NUM, 7: NUM4, 8: NUM4, 12: NUM4, 13: NUM4, 14: NUM4, 15: NUM4})
    _widths(ws, [5, 12, 10, 20, 12, 16, 14, 14, 16, 14, 12, 12, 12, 12, 14, 30, 90])


def _cbam_summary(ws: Worksheet, doc: CbamDocument) -> None:
    title(ws, _c("sheet.summary"), _c("follows.summary"))
    headers = [_c("h.process"), _c("h.category"), _c("h.cn"), _c("h.name"), _c("h.see_direct"), _c("h.see_indirect"),
               _c("h.see_total"), _c("h.unit"), _c("h.default_share"), _c("h.ef_source"), _c("h.embedded_mwh"), _c("h.ef"),
               _c("h.counted"), _c("h.eu_default"), *[_c("h.markup", year=y) for y in (2026, 2027, 2028)],
               _c("h.precursor_ratio"), _c("h.eu_tonnes"), _c("h.working")]
    rows = []
    for p, g in zip(doc.products, doc.goods):
        d = p.eu_default
        rows.append([f"P{p.good_index + 1} {g.name or g.good}", p.aggregated_category, p.cn_code, p.name, p.see_direct,
                     p.see_indirect, p.see_total, p.unit, p.default_share, p.electricity_ef_source or "",
                     p.embedded_electricity_mwh_per_t, p.electricity_ef_t_per_mwh if p.electricity_ef_t_per_mwh is not None else "",
                     p.embedded_counted, d.total if d else (p.eu_default_note or ""),
                     *[(d.markup.get(str(y), "") if d else "") for y in (2026, 2027, 2028)],
                     p.precursor_t_per_t, g.eu_tonnes if g.eu_tonnes is not None else "", p.working])
    _table(ws, 4, headers, rows, {5: NUM4, 6: NUM4, 7: NUM4, 9: PCT, 11: NUM4, 12: NUM4, 13: NUM4, 14: NUM4, 15: NUM4,
                                  16: NUM4, 17: NUM4, 18: NUM, 19: NUM})
    _widths(ws, [24, 20, 12, 24, 12, 12, 12, 10, 14, 40, 14, 12, 16, 16, 12, 12, 12, 14, 12, 100])


def _cbam_verifier(ws: Worksheet, doc: CbamDocument, lang: str) -> None:
    title(ws, _c("sheet.verifier", lang))
    row = _section(ws, 3, _c("verify.head", lang))
    keys = ["boundary", "activity", "production", "precursors", "defaults", "ef", "process_co2", "carbon_price"]
    row = _lines(ws, row, [f"{i}. {_c(f'verify.{k}', lang)}" for i, k in enumerate(keys, 1)])
    row = _section(ws, row + 1, _c("importer.head", lang))
    row = _lines(ws, row, [_c("importer.defaults", lang), _c("importer.compare", lang)])
    rows = [[p.cn_code, p.name, p.embedded_counted, p.eu_default.total if p.eu_default else (p.eu_default_note or ""),
             *[(p.eu_default.markup.get(str(y), "") if p.eu_default else "") for y in (2026, 2027, 2028)]] for p in doc.products]
    row = _table(ws, row, [_c("h.cn", lang), _c("h.name", lang), _c("h.counted", lang), _c("h.eu_default", lang),
                           *[_c("h.markup", lang, year=y) for y in (2026, 2027, 2028)]], rows,
                 {3: NUM4, 4: NUM4, 5: NUM4, 6: NUM4, 7: NUM4})
    row = _section(ws, row + 1, _c("importer.threshold_head", lang))
    de_minimis = next((n for n in doc.notes if n.code == "de_minimis"), None)
    if de_minimis:
        _lines(ws, row, [de_minimis.text(lang)])
    _widths(ws, [110, 30, 18, 18, 14, 14, 14])
    for r in range(1, ws.max_row + 1):
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")


def _cbam_zh(ws: Worksheet, doc: CbamDocument) -> None:
    """The same explanations in Traditional Chinese, for the firm that sends the workbook."""
    zh = "zh-TW"
    name = doc.installation.name or _c("unnamed", zh)
    title(ws, _c("title", zh, name=name, start=doc.period_start.isoformat(), end=doc.period_end.isoformat()),
          _c("status", zh, date=doc.generated.isoformat(), version=doc.engine_version, checked=doc.rules_checked))
    row = _lines(ws, 4, [_c("intro", zh)])
    row = _section(ws, row + 1, _c("sheets_head", zh))
    for key in ("installation", "emissions", "attribution", "precursors", "summary", "verifier", "sources"):
        put(ws, row, 1, f"{_c(f'sheet.{key}', zh)}：{_c(f'follows.{key}', zh)}")
        row += 1
    row = _section(ws, row + 1, _c("notes_head", zh))
    row = _lines(ws, row, [f"［{t(f'exports.status.{n.status}', zh)}］{n.text(zh)}" for n in doc.notes])
    row = _section(ws, row + 1, _c("verify.head", zh))
    keys = ["boundary", "activity", "production", "precursors", "defaults", "ef", "process_co2", "carbon_price"]
    row = _lines(ws, row, [f"{i}. {_c(f'verify.{k}', zh)}" for i, k in enumerate(keys, 1)])
    row = _section(ws, row + 1, _c("importer.head", zh))
    _lines(ws, row, [_c("importer.defaults", zh)])
    _widths(ws, [140])
    for r in range(1, ws.max_row + 1):
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")


def _cbam_sources(ws: Worksheet, doc: CbamDocument) -> None:
    title(ws, _c("sheet.sources"), _c("follows.sources"))
    rows = [[a.title, a.url] for a in doc.acts]
    rows.append(["EU default values: Commission workbook 'DVs as adopted' (2026-02-04), information copy of Implementing Regulation (EU) 2025/2621 Annex I",
                 "https://taxation-customs.ec.europa.eu/carbon-border-adjustment-mechanism_en"])
    _table(ws, 4, [_c("h.act"), _c("h.url")], rows)
    _widths(ws, [120, 60])


# --------------------------------------------------------------------------- MOENV


def build_moenv_workbook(doc: MoenvDocument, lang: str = "zh-TW") -> bytes:
    """MOENV's inventory tables: 表一, 表三, 表四, 表五, the emissions and 表八's summaries (Chinese by default)."""
    lang = normalise_lang(lang)

    def m(key: str, **params: Any) -> str:
        return t(f"exports.moenv.{key}", lang, **params)

    wb = Workbook()
    ws = wb.active
    ws.title = m("sheet.readme")
    title(ws, m("title", name=doc.company or "", year=doc.year), m("status", date=doc.generated.isoformat(),
                                                                     version=doc.engine_version, form=doc.form))
    _notes(ws, 4, doc.notes, lang, m("h.note"))
    _widths(ws, [16, 120])

    ws = wb.create_sheet(m("sheet.basic"))
    title(ws, m("sheet.basic"))
    _pairs(ws, 3, [(m("field.company"), doc.company or m("to_fill")), (m("field.control_no"), m("to_fill")),
                   (m("field.tax_id"), m("to_fill")), (m("field.industry"), doc.industry or m("to_fill")),
                   (m("field.county"), doc.county or m("to_fill")), (m("field.year"), doc.year),
                   (m("field.boundary"), m("field.boundary_value")), (m("field.gwp"), doc.gwp_basis),
                   (m("field.fuel_set"), doc.fuel_factor_set), (m("field.elec_year"), doc.electricity_factor_year or "")])
    _widths(ws, [24, 60])

    ws = wb.create_sheet(m("sheet.sources"))
    title(ws, m("sheet.sources"))
    headers = [m("h.number"), m("h.name"), m("h.process_code"), m("h.process_name"), m("h.equipment_code"),
               m("h.equipment_name"), m("h.material_code"), m("h.material_name"), m("h.codes"), m("h.biomass"),
               m("h.scope"), m("h.type"), *SEVEN]
    rows = [[s.number, s.name, s.process.code, s.process.name, s.equipment.code, s.equipment.name, s.material.code,
             s.material.name, m("default_code") if s.codes_default else m("mapped_code"), m("no"), s.scope,
             m(f"type.{s.emission_type}"), *["v" if g in s.gases else "" for g in SEVEN]] for s in doc.sources]
    _table(ws, 3, headers, rows)
    _widths(ws, [10, 26, 10, 24, 10, 22, 12, 26, 8, 10, 8, 12] + [7] * 7)

    ws = wb.create_sheet(m("sheet.activity"))
    title(ws, m("sheet.activity"))
    rows = [[s.number, s.name, s.entered_amount if s.entered_amount is not None else "", unit_text(s.entered_unit or "", lang),
             s.activity, unit_text(s.unit, lang),
             m("h.estimate") if s.estimate else m("h.measured")] for s in doc.sources]
    _table(ws, 3, [m("h.number"), m("h.name"), m("h.entered"), m("h.entered_unit"), m("h.activity"), m("h.unit"), m("h.quality")],
           rows, {3: "#,##0.###", 5: "#,##0.###"})
    _widths(ws, [10, 30, 14, 10, 16, 10, 14])

    ws = wb.create_sheet(m("sheet.factors"))
    title(ws, m("sheet.factors"))
    rows = [[ln.number, ln.gas, ln.factor, unit_text(ln.factor_unit, lang), ln.gwp, ln.factor_source, ln.factor_year or ""]
            for ln in doc.lines + doc.apart]
    _table(ws, 3, [m("h.number"), m("h.gas"), m("h.factor"), m("h.factor_unit"), m("h.gwp"), m("h.factor_source"), m("h.factor_year")],
           rows, {3: "0.000000000", 5: "#,##0"})
    _widths(ws, [10, 12, 16, 16, 8, 80, 10])

    ws = wb.create_sheet(m("sheet.emissions"))
    title(ws, m("sheet.emissions"))
    rows = [[ln.number, ln.gas, ln.activity, unit_text(ln.unit, lang), ln.factor, ln.gwp, ln.gas_tonnes, ln.tco2e, ln.working]
            for ln in doc.lines]
    end = _table(ws, 3, [m("h.number"), m("h.gas"), m("h.activity"), m("h.unit"), m("h.factor"), m("h.gwp"), m("h.gas_tonnes"),
                         m("h.tco2e"), m("h.working")], rows,
                 {3: "#,##0.###", 5: "0.000000000", 6: "#,##0", 7: "0.000000", 8: NUM})
    put(ws, end, 7, m("total")).font = BOLD
    put(ws, end, 8, doc.summary.total_tco2e, NUM).font = BOLD
    _widths(ws, [10, 12, 14, 10, 14, 8, 14, 14, 80])

    _moenv_summary(wb.create_sheet(m("sheet.summary")), doc, m)

    ws = wb.create_sheet(m("sheet.apart"))
    title(ws, m("sheet.apart"), m("summary.apart"))
    rows = [[ln.number, ln.gas, ln.activity, unit_text(ln.unit, lang), ln.gwp, ln.tco2e, ln.working] for ln in doc.apart]
    _table(ws, 3, [m("h.number"), m("h.gas"), m("h.activity"), m("h.unit"), m("h.gwp"), m("h.tco2e"), m("h.working")], rows,
           {3: "#,##0.###", 6: NUM})
    _widths(ws, [10, 12, 14, 10, 8, 14, 80])

    ws = wb.create_sheet(m("sheet.differences"))
    title(ws, m("sheet.differences"), doc.form)
    _lines(ws, 3, [f"{i}. {m(f'diff.{d}')}" for i, d in enumerate(doc.differences, 1)])
    _widths(ws, [140])

    ws = wb.create_sheet(m("sheet.codes"))
    title(ws, m("sheet.codes"), doc.form)
    rows = [[c.table, c.code, c.name, c.official_seq] for c in doc.codes_used]
    _table(ws, 3, [m("h.table"), m("h.code"), m("h.code_name"), m("h.seq")], rows)
    _widths(ws, [22, 12, 50, 14])
    return _save(wb)


def _moenv_summary(ws: Worksheet, doc: MoenvDocument, m: Any) -> None:
    s = doc.summary
    title(ws, m("sheet.summary"))
    row = _section(ws, 3, m("summary.t1"))
    row = _pairs(ws, row, [(m("summary.kwh"), s.electricity_kwh), (m("summary.green"), s.green_kwh), (m("summary.rec"), s.rec_kwh)],
                 "#,##0.0")
    total = s.total_tco2e
    row = _section(ws, row + 1, m("summary.t2"))
    row = _table(ws, row, ["", *SEVEN, m("total")], [
        [m("h.tco2e"), *[s.by_gas[g] for g in SEVEN], total],
        [m("share"), *[(s.by_gas[g] / total if total else 0.0) for g in SEVEN], 1.0 if total else 0.0],
    ], {**{c: NUM for c in range(2, 10)}})
    for c in range(2, 10):
        ws.cell(row=row - 1, column=c).number_format = PCT
    row = _section(ws, row + 1, m("summary.t3"))
    s1 = s.scope1_tco2e
    row = _table(ws, row, ["", *SEVEN, m("total")], [
        [m("h.tco2e"), *[s.scope1_by_gas[g] for g in SEVEN], s1],
        [m("share"), *[(s.scope1_by_gas[g] / s1 if s1 else 0.0) for g in SEVEN], 1.0 if s1 else 0.0],
    ], {c: NUM for c in range(2, 10)})
    for c in range(2, 10):
        ws.cell(row=row - 1, column=c).number_format = PCT
    row = _section(ws, row + 1, m("summary.t4"))
    headers = ["", *[f"{m('scope1')} {m(f'type.{k}')}" for k in TYPES], m("scope1"), m("scope2"), m("total")]
    values = [s.by_type[k] for k in TYPES] + [s1, s.scope2_tco2e, total]
    row = _table(ws, row, headers, [[m("h.tco2e"), *values], [m("share"), *[(v / total if total else 0.0) for v in values]]],
                 {c: NUM for c in range(2, 10)})
    for c in range(2, 10):
        ws.cell(row=row - 1, column=c).number_format = PCT
    _pairs(ws, row + 1, [(m("summary.apart"), s.reported_apart_tco2e)], NUM)
    _widths(ws, [26] + [16] * 8)


# --------------------------------------------------------------------------- VSME


def build_vsme_workbook(doc: VsmeDocument) -> bytes:
    """VSME B3 in English, with the datapoints' sources, what the firm adds, and an explanation in Chinese."""

    def v(key: str, lang: str = "en", **params: Any) -> str:
        return t(f"exports.vsme.{key}", lang, **params)

    wb = Workbook()
    ws = wb.active
    ws.title = v("sheet.b3")
    title(ws, v("title", name=doc.company or "", year=doc.year),
          v("status", date=doc.generated.isoformat(), version=doc.engine_version, standard=doc.standard))
    e = doc.energy
    row = _section(ws, 4, v("energy_head"))
    row = _table(ws, row, ["", v("renewable"), v("non_renewable"), v("total")], [
        [v(name), r.renewable_mwh, r.non_renewable_mwh, r.total_mwh]
        for name, r in (("electricity", e.electricity), ("fuels", e.fuels), ("total", e.total))
    ], {2: NUM, 3: NUM, 4: NUM})
    g = doc.ghg
    row = _section(ws, row + 1, v("ghg_head"))
    row = _pairs(ws, row, [(v("scope1"), g.scope1_tco2e), (v("scope2_location"), g.scope2_location_tco2e),
                           (v("total_ghg"), g.total_location_tco2e),
                           (v("scope2_market"), g.scope2_market_tco2e if g.scope2_market_tco2e is not None else ""),
                           (v("apart"), g.reported_apart_tco2e)], NUM)
    i = doc.intensity
    row = _section(ws, row + 1, v("intensity_head"))
    row = _pairs(ws, row, [(v("revenue"), i.revenue_ntd if i.revenue_ntd is not None else ""),
                           (v("per_ntd"), i.tco2e_per_million_ntd if i.tco2e_per_million_ntd is not None else ""),
                           (v("turnover_eur"), ""), (v("per_eur"), "")], NUM)
    row = _notes(ws, row + 1, doc.notes, "en", "")
    row = _section(ws, row, v("datapoints_head"))
    _table(ws, row, [v("paragraph"), v("worksheet"), v("unit"), v("filled_from")],
           [[d.paragraph, d.worksheet, d.unit, d.filled_from] for d in doc.datapoints])
    _widths(ws, [52, 18, 18, 90])

    ws = wb.create_sheet(v("sheet.fuels"))
    title(ws, v("fuel_head"))
    rows = [[f.label, f.amount, f.unit, f.kcal_per_unit, f.mwh, f.working] for f in e.fuel_lines]
    rows.append([v("electricity"), e.electricity.total_mwh * 1000, "kWh", "", e.electricity.total_mwh, e.electricity_working])
    _table(ws, 3, ["", v("amount"), v("unit"), v("kcal"), v("mwh"), v("working")], rows, {2: "#,##0.###", 5: NUM})
    _widths(ws, [28, 14, 8, 14, 14, 100])

    ws = wb.create_sheet(v("sheet.adds"))
    title(ws, v("adds_head"))
    _lines(ws, 3, [f"{n}. {text}" for n, text in enumerate(doc.the_sme_adds, 1)])
    _widths(ws, [120])

    ws = wb.create_sheet(v("sheet.zh"))
    zh = "zh-TW"
    title(ws, v("title", zh, name=doc.company or "", year=doc.year),
          v("status", zh, date=doc.generated.isoformat(), version=doc.engine_version, standard=doc.standard))
    row = _section(ws, 4, v("energy_head", zh))
    row = _pairs(ws, row, [(v("electricity", zh), e.electricity.total_mwh), (v("fuels", zh), e.fuels.total_mwh),
                           (v("total", zh), e.total.total_mwh)], NUM)
    row = _section(ws, row + 1, v("ghg_head", zh))
    row = _pairs(ws, row, [(v("scope1", zh), g.scope1_tco2e), (v("scope2_location", zh), g.scope2_location_tco2e),
                           (v("total_ghg", zh), g.total_location_tco2e)], NUM)
    row = _section(ws, row + 1, v("adds_head", zh))
    row = _lines(ws, row, [f"{n}. {v(f'adds.{k}', zh)}" for n, k in enumerate(doc.the_sme_adds_ids, 1)])
    _lines(ws, row + 1, [n.text(zh) for n in doc.notes])
    _widths(ws, [60, 20])
    return _save(wb)


def build_workbook(doc: CbamDocument | MoenvDocument | VsmeDocument, lang: str = "zh-TW") -> bytes:
    if isinstance(doc, CbamDocument):
        return build_cbam_workbook(doc)
    if isinstance(doc, MoenvDocument):
        return build_moenv_workbook(doc, lang)
    return build_vsme_workbook(doc)

