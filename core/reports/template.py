"""The offline Excel template: fill it without the app, bring it back.

``build_template(lang="zh-TW", checkup=None) -> bytes`` writes the template (pre-filled
from a checkup when one is given). Cells carry data validation (drop-down lists, number
ranges, units), so Excel or LibreOffice stops most typing slips as they happen.

``import_template(data, name="") -> Checkup`` reads a filled template back. The file is
untrusted: size cap, zip-bomb and huge-sheet guards, no macros, formulas refused in
input cells. Every problem is reported by sheet and cell, in Chinese or English, all at
once (``ValidationErrors``); nothing is imported half-way: either a complete, valid
``Checkup`` that the engine can compute, or an error.

Besides the inventory, two optional sheets carry the answers the measures engine uses
(``equipment`` and ``contract`` of the checkup file): one block per system on the equipment
sheet, the Taipower contract, roof and waste heat on the other. Templates made before those
sheets existed still import.

``load_any(path)`` reads a checkup file (YAML/JSON) or a filled template (.xlsx);
``loads_any(data, name)`` does the same for an upload's bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..advice import equipment
from ..inventory.format import SPREADSHEET_SUFFIXES
from ..inventory.format import load as load_checkup_file
from ..inventory.format import loads as loads_checkup_text
from ..inventory.format import parse_checkup, read_capped
from ..errors import CheckupError, FileFormatError, InputError, ValidationErrors
from ..inventory.calc import compute
from ..inventory.factors import parse_unit, resolve_equipment, resolve_refrigerant, tables
from ..i18n import LANGS, has, normalise_lang, t
from ..inventory.models import FIRST_YEAR, Checkup
from ..sheets import put, put_row
from ..vocab import FORMAT_ID, FUEL_USES, OTHER_KINDS, OTHER_UNITS, PARKS, REGISTRATIONS
from .workbook import GREEN, HEAD_FILL, HEAD_FONT, TITLE_FONT

TEMPLATE_ID = "carbon-checkup-template"
TEMPLATE_VERSION = "1"

MAX_BYTES = 5 * 1024 * 1024  # a filled template is ~30 KB
MAX_UNPACKED = 20 * 1024 * 1024  # the template unpacks to ~130 KB; saved by Excel, a few hundred KB
MAX_MEMBERS = 200
MAX_RATIO = 200  # uncompressed/compressed per member (sheet XML compresses ~10-30x)
MAX_CELLS = 30_000  # filled cells in all sheets (the template's input cells: ~2,500)
MAX_STRINGS = 30_000  # entries of the shared-strings table (read whole by openpyxl)
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
TABLE_ROWS = 50  # data rows on each table sheet
MAX_SHEET_ROWS = 2000  # rows a sheet may claim before it is refused as not ours

INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
SHEETS = ("guide", "company", "electricity", "fuels", "refrigerants", "other")
# added later, for the measures: optional in an upload unless its _meta says the template had them
EXTRA_SHEETS = ("equipment", "contract")

COUNTIES = (
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣",
    "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣", "金門縣", "連江縣",
)
FUEL_UNITS = ("L", "kL", "m3", "thousand_m3", "kg", "t", "NT$")
ELEC_UNITS = ("kWh", "MWh")
# the measures page's choices (pages/advice/measures.py QUESTIONS), labelled by its catalogue (measures.page.opt)


def _tp(key: str, lang: str, **params: Any) -> str:
    return t(f"report.tpl.{key}", lang, **params)


def sheet_title(key: str, lang: str) -> str:
    return _tp(f"sheet.{key}", lang)


# --------------------------------------------------------------------------- choice lists


@dataclass(frozen=True)
class Choice:
    """A drop-down list: the labels shown in one language, mapped back to stable ids."""

    name: str
    ids: tuple[str, ...]
    labeller: Callable[[str, str], str]

    def labels(self, lang: str) -> list[str]:
        return [self.labeller(i, lang) for i in self.ids]

    def lookup(self) -> dict[str, str]:
        """Every accepted spelling (labels in both languages, ids) → id."""
        out: dict[str, str] = {}
        for lang in LANGS:
            for i in self.ids:
                label = self.labeller(i, lang)
                short = re.split(r" ?[（(]", label, maxsplit=1)[0]  # 液化石油氣 (桶裝瓦斯) → 液化石油氣
                out.setdefault(_norm(short), i)
                if self.name == "fuel" and has(f"sources.fuel.{i}", lang):
                    out.setdefault(_norm(t(f"sources.fuel.{i}", lang)), i)
        for lang in LANGS:
            for i in self.ids:
                out[_norm(self.labeller(i, lang))] = i
        for i in self.ids:
            out[_norm(i)] = i
        return out


def _norm(text: Any) -> str:
    return str(text).strip().lower().replace(" ", "").replace("　", "")


def _fuel_label(i: str, lang: str) -> str:
    row = tables()["fuels"][i]
    return row["label_en"] if lang == "en" else row["label_zh"]


def _unit_label(i: str, lang: str) -> str:
    row = tables()["units"][i]
    return row["label_en"] if lang == "en" else row["label_zh"]


def _equip_label(i: str, lang: str) -> str:
    row = tables()["leak_rates"][i]
    return row["label_en"] if lang == "en" else row["label_zh"]


def _other_label(i: str, lang: str) -> str:
    key = f"sources.other.{i}"
    return t(key, lang) if has(key, lang) else i


def _tp_label(prefix: str) -> Callable[[str, str], str]:
    return lambda i, lang: _tp(f"{prefix}.{i}", lang)


def _opt_label(i: str, lang: str) -> str:
    return t(f"measures.page.opt.{i}", lang)


def choices() -> dict[str, Choice]:
    return {
        "fuel": Choice("fuel", tuple(tables()["fuels"]), _fuel_label),
        "fuel_unit": Choice("fuel_unit", FUEL_UNITS, _unit_label),
        "elec_unit": Choice("elec_unit", ELEC_UNITS, _unit_label),
        "other_unit": Choice("other_unit", OTHER_UNITS, _unit_label),
        "use": Choice("use", FUEL_USES, _tp_label("use")),
        "refrigerant": Choice("refrigerant", tuple(tables()["refrigerants"]), lambda i, lang: i),
        "equipment": Choice("equipment", tuple(tables()["leak_rates"]), _equip_label),
        "other_kind": Choice("other_kind", OTHER_KINDS, _other_label),
        "scope": Choice("scope", ("1", "2"), lambda i, lang: t(f"report.scope.{i}", lang)),
        "yes_no": Choice("yes_no", ("yes", "no"), _tp_label("yes_no")),
        "county": Choice("county", COUNTIES, lambda i, lang: i),
        "park": Choice("park", PARKS, _tp_label("park")),
        "registration": Choice("registration", REGISTRATIONS, _tp_label("registration")),
        "chiller_type": Choice("chiller_type", equipment.CHILLER_TYPES, _opt_label),
        "lighting_type": Choice("lighting_type", equipment.LIGHTING_TYPES, _opt_label),
        "boiler_fuel": Choice("boiler_fuel", equipment.BOILER_FUELS, _opt_label),
        "heat_source": Choice("heat_source", equipment.HEAT_SOURCES, _opt_label),
        "ie_class": Choice("ie_class", equipment.IE_CLASSES, _opt_label),
        "furnace_kind": Choice("furnace_kind", equipment.FURNACE_KINDS, _opt_label),
        "furnace_fuel": Choice("furnace_fuel", equipment.FURNACE_FUELS, _opt_label),
    }


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Field:
    """One input cell of a key/value sheet (company, electricity)."""

    key: str  # stable id, also the catalogue key report.tpl.field.<key>
    row: int
    kind: str  # int, number, text, choice
    choice: str | None = None
    min: float | None = None
    max: float | None = None


COMPANY_FIELDS = (
    Field("year", 4, "int", min=FIRST_YEAR, max=2100),
    Field("name", 5, "text", max=200),
    Field("industry", 6, "text", max=4),
    Field("employees", 7, "int", min=0),
    Field("capital_ntd", 8, "number", min=0),
    Field("revenue_ntd", 9, "number", min=0),
    Field("county", 10, "choice", "county"),
    Field("park", 11, "choice", "park"),
    Field("factory_registration", 12, "choice", "registration"),
    Field("contract_kw", 13, "number", min=0),
    Field("customer_requests", 14, "choice", "yes_no"),
    Field("production_amount", 15, "number", min=0),
    Field("production_unit", 16, "text", max=20),
    Field("septic", 17, "choice", "yes_no"),
    Field("septic_employees", 18, "int", min=0),
    Field("septic_hours", 19, "number", min=0, max=equipment.HOURS_IN_A_YEAR),
    Field("eu_exports", 20, "text", max=200),
)

ELEC_FIELDS = (
    Field("elec_unit", 4, "choice", "elec_unit"),
    Field("kwh", 5, "number", min=0),
    Field("ntd", 6, "number", min=0),
    Field("ntd_per_kwh", 7, "number", min=0),
    Field("green_kwh", 8, "number", min=0),
    Field("rec_kwh", 9, "number", min=0),
)
MONTH_ROW = 12  # months 1..12 in B12:B23

# table sheets: (column key, kind, choice, min)
FUEL_COLS = (("fuel", "choice", "fuel"), ("amount", "number", None), ("unit", "choice", "fuel_unit"),
             ("use", "choice", "use"), ("name", "text", None))
REF_COLS = (("refrigerant", "choice", "refrigerant"), ("equipment", "choice", "equipment"),
            ("charge_kg", "number", None), ("count", "int", None), ("recharged_kg", "number", None),
            ("name", "text", None), ("leak_rate_pct", "number", None))  # the last column came later: old files lack it
OTHER_COLS = (("kind", "choice", "other_kind"), ("amount", "number", None), ("unit", "choice", "other_unit"),
              ("name", "text", None), ("factor", "number", None), ("factor_source", "text", None),
              ("scope", "choice", "scope"))
TABLES = {"fuels": FUEL_COLS, "refrigerants": REF_COLS, "other": OTHER_COLS}
HEAD_ROW = 4
FIRST_ROW = 5

# the contract sheet: the Taipower contract (checkup.contract), then the site (equipment.roof_area_m2 …)
CONTRACT_FIELDS = (
    Field("contract_kw", 4, "number", min=0),
    Field("peak_kw", 5, "number", min=0),
    Field("power_factor", 6, "number", min=0, max=1),
    Field("roof_area_m2", 9, "number", min=0),
    Field("waste_heat_sources", 10, "text", max=300),
)
CONTRACT_KEYS = equipment.CONTRACT
SITE_HEAD_ROW = 8


@dataclass(frozen=True)
class Col:
    """One column of an equipment block. kind: number, int, choice, bool (a yes/no list)."""

    key: str  # the model's field; header text report.tpl.col.equipment[.<system>].<key>
    kind: str
    choice: str | None = None
    max: float | None = None


# the template's drop-down list of each choice question (core/advice/equipment.py holds the questions themselves)
_LISTS = {("chillers", "type"): "chiller_type", ("boilers", "fuel"): "boiler_fuel", ("process_heat", "source"): "heat_source",
          ("lighting", "type"): "lighting_type", ("motors", "efficiency_class"): "ie_class",
          ("furnaces", "kind"): "furnace_kind", ("furnaces", "fuel"): "furnace_fuel"}


def _column(system: str, q: equipment.Question) -> Col:
    choice = "yes_no" if q.kind == "bool" else _LISTS.get((system, q.key))
    return Col(q.key, q.kind, choice, q.max)


# one block per system: the measures page's questions in its order
EQUIPMENT_COLS: dict[str, tuple[Col, ...]] = {
    system: tuple(_column(system, q) for q in qs) for system, qs in equipment.QUESTIONS.items()
}
EQUIP_TOP = 4  # title row of the first block
EQUIP_ROWS = 15  # data rows of each block (a row is a group of identical units, with their count)
EQUIP_BLOCK = EQUIP_ROWS + 3  # title, header, data rows, a blank row


def equipment_block(system: str) -> tuple[int, int, int]:
    """(header row, first data row, last data row) of a system's block on the equipment sheet."""
    top = EQUIP_TOP + list(EQUIPMENT_COLS).index(system) * EQUIP_BLOCK
    return top + 1, top + 2, top + 1 + EQUIP_ROWS


def _col(i: int) -> str:
    return "ABCDEFGHIJ"[i]


# --------------------------------------------------------------------------- building


def _validation(ws: Worksheet, ref: str, kind: str, choice: str | None, lang: str, lo: float | None = None,
                hi: float | None = None, strict_list: bool = True) -> None:
    title = _tp("dv.title", lang)
    if kind == "choice":
        # a defined name over the hidden lists sheet (OOXML stores formulas without "=")
        dv = DataValidation(type="list", formula1=f"list_{choice}", allow_blank=True,
                            showErrorMessage=strict_list, errorTitle=title, error=_tp("dv.pick", lang))
    elif kind in ("int", "number"):
        lo = 0 if lo is None else lo
        op = "between" if hi is not None else "greaterThanOrEqual"
        dv = DataValidation(type="whole" if kind == "int" else "decimal", operator=op, formula1=str(lo),
                            formula2=str(hi) if hi is not None else None, allow_blank=True, showErrorMessage=True,
                            errorTitle=title,
                            error=_tp("dv.range", lang, min=lo, max=hi) if hi is not None else _tp("dv.nonneg", lang))
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(int(hi or 300)),
                            allow_blank=True, showErrorMessage=True, errorTitle=title,
                            error=_tp("dv.too_long", lang, max=int(hi or 300)))
    dv.promptTitle = title
    ws.add_data_validation(dv)
    dv.add(ref)


def _input(cell: Any) -> None:
    cell.fill = INPUT_FILL
    cell.protection = Protection(locked=False)


def _sheet_head(ws: Worksheet, key: str, lang: str) -> None:
    c = put(ws, 1, 1, sheet_title(key, lang))
    c.font = TITLE_FONT
    h = put(ws, 2, 1, _tp(f"hint.{key}", lang))
    h.font = Font(color="666666", size=9)
    h.alignment = Alignment(wrap_text=False)


def _kv_sheet(ws: Worksheet, key: str, fields: Iterable[Field], lang: str, texts: str = "") -> None:
    """A sheet of labelled cells; labels at report.tpl.<texts>field.<key>, notes at <texts>unit.<key>."""
    _sheet_head(ws, key, lang)
    for f in fields:
        put(ws, f.row, 1, _tp(f"{texts}field.{f.key}", lang))
        put(ws, f.row, 3, _tp(f"{texts}unit.{f.key}", lang)).font = Font(color="666666", size=9)
        cell = ws.cell(f.row, 2)
        _input(cell)
        if f.kind == "text":
            cell.number_format = "@"
        _validation(ws, f"B{f.row}", f.kind, f.choice, lang, f.min, f.max)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 60


def _table_sheet(ws: Worksheet, key: str, cols: tuple, lang: str) -> None:
    _sheet_head(ws, key, lang)
    last = FIRST_ROW + TABLE_ROWS - 1
    for i, (col, kind, choice) in enumerate(cols):
        c = put(ws, HEAD_ROW, i + 1, _tp(f"col.{key}.{col}", lang))
        c.font = HEAD_FONT
        c.fill = HEAD_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = _col(i)
        for r in range(FIRST_ROW, last + 1):
            cell = ws.cell(r, i + 1)
            _input(cell)
            if kind == "text":
                cell.number_format = "@"
        hi = 300 if col == "factor_source" else 100 if kind == "text" else None
        # units of "other" lines may be free text (custom lines): suggest, do not insist
        _validation(ws, f"{letter}{FIRST_ROW}:{letter}{last}", kind, choice, lang, hi=hi,
                    strict_list=not (key == "other" and col == "unit"))
        ws.column_dimensions[letter].width = 30 if col in ("name", "factor_source", "equipment", "fuel", "kind") else 16
    ws.row_dimensions[HEAD_ROW].height = 34
    ws.freeze_panes = f"A{FIRST_ROW}"


def _equip_head(system: str, key: str, lang: str) -> str:
    own = f"col.equipment.{system}.{key}"
    return _tp(own if has(f"report.tpl.{own}", lang) else f"col.equipment.{key}", lang)


def _equipment_sheet(ws: Worksheet, lang: str) -> None:
    """One block per system: its name and what a row needs, a header row, EQUIP_ROWS input rows."""
    _sheet_head(ws, "equipment", lang)
    for system, cols in EQUIPMENT_COLS.items():
        head, first, last = equipment_block(system)
        title = _tp("equip.block", lang, name=_tp(f"equip.system.{system}", lang),
                    need=_tp(f"equip.need.{system}", lang))
        put(ws, head - 1, 1, title).font = Font(bold=True, size=12, color=GREEN)
        for i, col in enumerate(cols):
            c = put(ws, head, i + 1, _equip_head(system, col.key, lang))
            c.font = HEAD_FONT
            c.fill = HEAD_FILL
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            for r in range(first, last + 1):
                _input(ws.cell(r, i + 1))
            letter = _col(i)
            kind = "choice" if col.kind == "bool" else col.kind
            _validation(ws, f"{letter}{first}:{letter}{last}", kind, col.choice, lang, hi=col.max)
        ws.row_dimensions[head].height = 48
    for i in range(max(len(cols) for cols in EQUIPMENT_COLS.values())):
        ws.column_dimensions[_col(i)].width = 18


def _contract_sheet(ws: Worksheet, lang: str) -> None:
    _kv_sheet(ws, "contract", CONTRACT_FIELDS, lang, texts="contract.")
    put(ws, SITE_HEAD_ROW, 1, _tp("contract.site_head", lang)).font = Font(bold=True)


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def build_template(lang: str = "zh-TW", checkup: Checkup | None = None) -> bytes:
    """The offline template as .xlsx bytes; pre-filled from ``checkup`` when given."""
    lang = normalise_lang(lang)
    wb = Workbook()
    guide = wb.active
    guide.title = sheet_title("guide", lang)
    put(guide, 1, 1, _tp("guide.title", lang)).font = TITLE_FONT
    for i in range(1, 11):
        key = f"guide.l{i}"
        if has(f"report.tpl.{key}", lang):
            put(guide, i + 2, 1, _tp(key, lang)).alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 110

    company = wb.create_sheet(sheet_title("company", lang))
    _kv_sheet(company, "company", COMPANY_FIELDS, lang)
    elec = wb.create_sheet(sheet_title("electricity", lang))
    _kv_sheet(elec, "electricity", ELEC_FIELDS, lang)
    put(elec, MONTH_ROW - 1, 1, _tp("field.months", lang)).font = Font(bold=True)
    put(elec, MONTH_ROW - 1, 3, _tp("unit.months", lang)).font = Font(color="666666", size=9)
    for m in range(12):
        put(elec, MONTH_ROW + m, 1, t("report.month", lang, n=m + 1))
        _input(elec.cell(MONTH_ROW + m, 2))
    _validation(elec, f"B{MONTH_ROW}:B{MONTH_ROW + 11}", "number", None, lang)
    for key, cols in TABLES.items():
        _table_sheet(wb.create_sheet(sheet_title(key, lang)), key, cols, lang)
    _equipment_sheet(wb.create_sheet(sheet_title("equipment", lang)), lang)
    _contract_sheet(wb.create_sheet(sheet_title("contract", lang)), lang)

    lists = wb.create_sheet("lists")
    for i, (name, choice) in enumerate(choices().items(), 1):
        labels = choice.labels(lang)
        col_letter = _letter(i)
        for r, text in enumerate(labels, 1):
            put(lists, r, i, text)
        wb.defined_names[f"list_{name}"] = DefinedName(
            f"list_{name}", attr_text=f"lists!${col_letter}$1:${col_letter}${len(labels)}"
        )
    lists.sheet_state = "hidden"
    meta = wb.create_sheet("_meta")
    for r, pair in enumerate(((TEMPLATE_ID, TEMPLATE_VERSION), ("lang", lang),
                              ("sheets", ",".join(EXTRA_SHEETS))), 1):  # sheets: so that a deleted one is noticed
        put_row(meta, r, pair)
    meta.sheet_state = "hidden"

    if checkup is not None:
        _prefill(wb, checkup, lang)
    for ws in (company, elec, *(wb[sheet_title(k, lang)] for k in (*TABLES, *EXTRA_SHEETS))):
        _protect(ws)
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _prefill(wb: Workbook, c: Checkup, lang: str) -> None:
    ch = choices()
    label = lambda name, i: ch[name].labeller(str(i), lang)  # noqa: E731
    ws = wb[sheet_title("company", lang)]
    co = c.company
    yes_no = lambda b: label("yes_no", "yes" if b else "no")  # noqa: E731
    values: dict[str, Any] = {
        "year": c.year,
        "name": co.name,
        "industry": co.industry,
        "employees": co.employees,
        "capital_ntd": co.capital_ntd,
        "revenue_ntd": co.revenue_ntd,
        "county": co.county,
        "park": label("park", co.park) if co.park else None,
        "factory_registration": label("registration", co.factory_registration) if co.factory_registration else None,
        "contract_kw": co.contract_kw,
        "customer_requests": yes_no(co.customer_requests),
        "production_amount": c.production.amount if c.production else None,
        "production_unit": c.production.unit if c.production else None,
        "septic": yes_no(c.septic is not None),
        "septic_employees": c.septic.employees if c.septic else None,
        "septic_hours": c.septic.hours_per_year if c.septic else None,
        "eu_exports": ("、" if lang != "en" else ", ").join(co.eu_exports) or None,
    }
    for f in COMPANY_FIELDS:
        if values.get(f.key) is not None:
            put(ws, f.row, 2, values[f.key])
    e = c.electricity
    if e is not None:
        ws = wb[sheet_title("electricity", lang)]
        unit = parse_unit(e.unit, ("electricity",)).unit
        ev: dict[str, Any] = {"elec_unit": label("elec_unit", unit), "kwh": e.kwh, "ntd": e.ntd,
                              "ntd_per_kwh": e.ntd_per_kwh, "green_kwh": e.green_kwh or None, "rec_kwh": e.rec_kwh or None}
        monthly = e.monthly_kwh
        if e.bills:  # the template has months, not bills: the engine's prorated months (in kWh)
            monthly = compute(c).monthly_kwh
            ev["elec_unit"] = label("elec_unit", "kWh")
        for f in ELEC_FIELDS:
            if ev.get(f.key) is not None:
                put(ws, f.row, 2, ev[f.key])
        for m, v in enumerate(monthly or []):
            put(ws, MONTH_ROW + m, 2, v)
    ws = wb[sheet_title("fuels", lang)]
    for r, f in enumerate(c.fuels, FIRST_ROW):
        unit = parse_unit(f.unit, ("volume", "mass", "money")).unit
        for i, v in enumerate((label("fuel", f.fuel), f.amount, label("fuel_unit", unit) if unit in FUEL_UNITS else f.unit,
                               label("use", f.use), f.name)):
            if v is not None:
                put(ws, r, i + 1, v)
    ws = wb[sheet_title("refrigerants", lang)]
    for r, x in enumerate(c.refrigerants, FIRST_ROW):
        equip = label("equipment", resolve_equipment(x.equipment)) if x.equipment else None
        for i, v in enumerate((resolve_refrigerant(x.refrigerant), equip, x.charge_kg,
                               x.count if x.charge_kg is not None else None, x.recharged_kg, x.name, x.leak_rate_pct)):
            if v is not None:
                put(ws, r, i + 1, v)
    ws = wb[sheet_title("other", lang)]
    for r, o in enumerate(c.other, FIRST_ROW):
        unit = o.unit
        try:
            u = parse_unit(o.unit, ("mass",)).unit
            unit = label("other_unit", u) if u in OTHER_UNITS else o.unit
        except CheckupError:
            pass
        for i, v in enumerate((label("other_kind", o.kind), o.amount, unit, o.name, o.factor, o.factor_source,
                               label("scope", o.scope) if o.scope else None)):
            if v is not None:
                put(ws, r, i + 1, v)
    _prefill_equipment(wb, c, lang)


def _prefill_equipment(wb: Workbook, c: Checkup, lang: str) -> None:
    ch = choices()
    eq = c.equipment
    if eq is not None:
        ws = wb[sheet_title("equipment", lang)]
        for system, cols in EQUIPMENT_COLS.items():
            items = getattr(eq, system)
            if len(items) > EQUIP_ROWS:  # never drop rows quietly
                raise TemplateError("template.too_many_rows", ws.title, system=_tp(f"equip.system.{system}", lang),
                                    count=len(items), max=EQUIP_ROWS)
            _, first, _ = equipment_block(system)
            for r, item in enumerate(items, first):
                for i, col in enumerate(cols):
                    v = getattr(item, col.key, None)
                    if v is None:
                        continue
                    if col.kind == "bool":
                        v = ch["yes_no"].labeller("yes" if v else "no", lang)
                    elif col.kind == "choice":
                        found = ch[col.choice].lookup().get(_norm(v))  # type: ignore[index]
                        v = ch[col.choice].labeller(found, lang) if found else str(v)  # type: ignore[index]
                    put(ws, r, i + 1, v)
    values: dict[str, Any] = {k: getattr(c.contract, k) for k in CONTRACT_KEYS} if c.contract else {}
    if eq is not None:
        values["roof_area_m2"] = eq.roof_area_m2
        values["waste_heat_sources"] = ("、" if lang != "en" else ", ").join(eq.waste_heat_sources) or None
    ws = wb[sheet_title("contract", lang)]
    for f in CONTRACT_FIELDS:
        if values.get(f.key) is not None:
            put(ws, f.row, 2, values[f.key])


# --------------------------------------------------------------------------- errors


# engine codes whose template text speaks of a cell rather than a field
CELL_WORDED = frozenset({"required"})


class TemplateError(InputError):
    """A problem in an uploaded template, named by sheet and cell.

    Codes of this module are ``template.<name>`` (texts: ``report.tpl.err.<name>``); errors the
    engine found are re-addressed to their cell and keep the engine's code (``errors.<code>``).
    """

    default_code = "template"

    def __init__(self, code: str, sheet: str | None = None, cell: str | None = None, **params: Any) -> None:
        self.sheet = sheet
        self.cell = cell
        super().__init__(code, f"{sheet}!{cell}" if sheet and cell else sheet, **params)

    def text(self, lang: str) -> str:
        params = {k: (", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for k, v in self.params.items()}
        if self.code.startswith("template."):  # this module's codes: report.tpl.err.<name>
            keys: tuple[str, ...] = (f"report.tpl.err.{self.code.removeprefix('template.')}",)
        elif self.code in CELL_WORDED:
            keys = (f"report.tpl.err.{self.code}", f"errors.{self.code}")
        else:  # the engine's codes keep the engine's text (its too_large is not the file's too_large)
            keys = (f"errors.{self.code}",)
        for key in keys:
            if has(key, lang):
                return t(key, lang, **params)
        return t("report.tpl.err.invalid", lang, code=self.code)

    def message(self, lang: str = "zh-TW") -> str:
        lang = normalise_lang(lang)
        text = self.text(lang)
        if self.sheet and self.cell:
            return _tp("at_cell", lang, sheet=self.sheet, cell=self.cell, message=text)
        if self.sheet:
            return _tp("at_sheet", lang, sheet=self.sheet, message=text)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "sheet": self.sheet, "cell": self.cell}


def _fail(errors: list[CheckupError]) -> None:
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)


# --------------------------------------------------------------------------- reading


def check_upload(data: bytes) -> None:
    """Refuse what is not a small, plain .xlsx before openpyxl parses anything.

    Every XML part is unpacked (within ``MAX_UNPACKED``) and looked at as bytes: a document type
    declaration (external or expanding entities) is refused, and so are more filled cells or shared
    strings than a template holds, which would cost openpyxl memory and time out of all proportion.
    """
    if len(data) > MAX_BYTES:
        raise TemplateError("template.too_large", max_mb=MAX_BYTES // (1024 * 1024))
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateError("template.not_a_workbook")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS:
                raise TemplateError("template.unsafe_file")
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise TemplateError("template.unsafe_file")
            for i in infos:
                if i.file_size > 1_000_000 and i.compress_size and i.file_size / i.compress_size > MAX_RATIO:
                    raise TemplateError("template.unsafe_file")
                if i.filename.lower().endswith("vbaproject.bin"):
                    raise TemplateError("template.macros")
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise TemplateError("template.not_a_workbook")
            cells = strings = 0
            for i in infos:
                # read no further than the size the zip declares: a forged size then fails its CRC here,
                # before openpyxl (which reads whole members) can inflate it
                with z.open(i) as fh:
                    body = fh.read(i.file_size)
                    if fh.read(1):
                        raise TemplateError("template.unsafe_file")
                if not i.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
                    raise TemplateError("template.unsafe_file")
                if i.filename.startswith("xl/worksheets/"):
                    cells += len(_CELL.findall(body))
                elif i.filename == "xl/sharedStrings.xml":
                    strings += len(_STRING.findall(body))
            if cells > MAX_CELLS or strings > MAX_STRINGS:
                raise TemplateError("template.too_many_cells", max=MAX_CELLS)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):  # NotImplementedError: odd compression
        raise TemplateError("template.not_a_workbook") from None


@contextmanager
def _damaged(sheet: str | None) -> Iterator[None]:
    """openpyxl reads a sheet's XML as it goes: a cut-off or broken part surfaces here, named by its sheet."""
    try:
        yield
    except CheckupError:
        raise
    except Exception:  # noqa: BLE001 - ParseError, BadZipFile, ValueError…: all mean the same to the user
        if sheet is None:
            raise TemplateError("template.not_a_workbook") from None
        raise TemplateError("template.damaged_sheet", sheet) from None


class _Reader:
    def __init__(self, wb: Any, lang: str) -> None:
        self.wb = wb
        self.lang = lang
        self.errors: list[CheckupError] = []
        self.where: dict[str, tuple[str, str]] = {}  # checkup field path -> (sheet, cell)
        self.lookups = {name: c.lookup() for name, c in choices().items()}
        self.choices = choices()

    def sheet(self, key: str) -> Any:
        for lang in (self.lang, *LANGS):
            name = sheet_title(key, lang)
            if name in self.wb.sheetnames:
                return self.wb[name]
        return None

    def cells(self, ws: Any, max_row: int, max_col: int) -> dict[tuple[int, int], Any]:
        """The cells of a sheet up to (max_row, max_col), read as a stream (huge sheets stop early)."""
        out: dict[tuple[int, int], Any] = {}
        with _damaged(ws.title):
            for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
                for cell in row:
                    if getattr(cell, "value", None) is not None:
                        out[(cell.row, cell.column)] = cell
        return out

    def value(self, ws: Any, cell: Any, kind: str, choice: str | None, path: str) -> Any:
        """The cell's value as the model wants it; problems become errors at the cell."""
        addr = cell.coordinate
        self.where[path] = (ws.title, addr)
        v = cell.value
        if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=")) or type(v).__name__ in (
            "ArrayFormula",
            "DataTableFormula",
        ):
            self.errors.append(TemplateError("template.formula", ws.title, addr, value=str(v)[:40]))
            return None
        if cell.data_type == "e":
            self.errors.append(TemplateError("template.cell_error", ws.title, addr, value=str(v)[:20]))
            return None
        if isinstance(v, str):
            v = v.strip()
            if v == "":
                return None
        if isinstance(v, (dt.datetime, dt.date, dt.time)):
            if kind == "text":
                return v.isoformat()
            self.errors.append(TemplateError("not_a_number", ws.title, addr, value=str(v)[:40]))
            return None
        if kind == "choice":
            found = self.lookups[choice].get(_norm(v))
            if found is None:
                if choice in ("fuel_unit", "elec_unit", "other_unit"):
                    return str(v)  # the engine knows many spellings of units (公升, 度…) and says which fit
                allowed = self.choices[choice].labels(self.lang)
                shown = allowed if len(allowed) <= 12 else [*allowed[:12], "…"]
                self.errors.append(TemplateError("template.not_in_list", ws.title, addr, value=str(v)[:40], allowed=shown))
                return None
            return found
        if kind == "text":
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return str(v)
        if kind == "int" and isinstance(v, float) and v.is_integer():
            return int(v)
        return v  # numbers, or text the model parses ("1,200", full-width digits) or names as not a number

    def kv(self, key: str, fields: Iterable[Field]) -> dict[str, Any]:
        ws = self.sheet(key)
        fields = list(fields)
        cells = self.cells(ws, MONTH_ROW + 12 if key == "electricity" else max(f.row for f in fields), 3)
        out: dict[str, Any] = {}
        for f in fields:
            self.where[f"@{key}.{f.key}"] = (ws.title, f"B{f.row}")
            cell = cells.get((f.row, 2))
            if cell is not None:
                v = self.value(ws, cell, f.kind, f.choice, f"@{key}.{f.key}")
                if v is not None:
                    out[f.key] = v
        if key == "electricity":
            months: list[Any] = []
            any_month = False
            for m in range(12):
                cell = cells.get((MONTH_ROW + m, 2))
                self.where[f"electricity.monthly_kwh[{m}]"] = (ws.title, f"B{MONTH_ROW + m}")
                v = self.value(ws, cell, "number", None, f"electricity.monthly_kwh[{m}]") if cell is not None else None
                any_month = any_month or v is not None
                months.append(v)
            if any_month:
                missing = [f"B{MONTH_ROW + m}" for m, v in enumerate(months) if v is None]
                if missing:
                    self.errors.append(TemplateError("template.months_incomplete", ws.title, ", ".join(missing[:12])))
                else:
                    out["monthly_kwh"] = months
        return out

    def table(self, key: str, cols: tuple) -> list[tuple[int, dict[str, Any]]]:
        ws = self.sheet(key)
        last = FIRST_ROW + TABLE_ROWS - 1
        cells = self.cells(ws, last, len(cols))
        rows: list[tuple[int, dict[str, Any]]] = []
        for r in range(FIRST_ROW, last + 1):
            if not any((r, i + 1) in cells for i in range(len(cols))):
                continue
            index = len(rows)
            item: dict[str, Any] = {}
            for i, (col, kind, choice) in enumerate(cols):
                cell = cells.get((r, i + 1))
                self.where[f"{key}[{index}].{col}"] = (ws.title, f"{_col(i)}{r}")
                if cell is None:
                    continue
                v = self.value(ws, cell, kind, choice, f"{key}[{index}].{col}")
                if v is not None:
                    item[col] = v
            self.where[f"{key}[{index}]"] = (ws.title, f"A{r}:{_col(len(cols) - 1)}{r}")
            if item:
                rows.append((r, item))
        return rows

    def equipment(self) -> dict[str, list[dict[str, Any]]]:
        """The equipment sheet's blocks: per system, the rows the measures page would keep."""
        ws = self.sheet("equipment")
        widest = max(len(cols) for cols in EQUIPMENT_COLS.values())
        cells = self.cells(ws, equipment_block(list(EQUIPMENT_COLS)[-1])[2], widest)
        out: dict[str, list[dict[str, Any]]] = {}
        for system, cols in EQUIPMENT_COLS.items():
            _, first, last = equipment_block(system)
            kept: list[dict[str, Any]] = []
            for r in range(first, last + 1):
                if not any((r, i + 1) in cells for i in range(len(cols))):
                    continue  # an empty row
                path = f"equipment.{system}[{len(kept)}]"
                item: dict[str, Any] = {}
                for i, col in enumerate(cols):
                    cell = cells.get((r, i + 1))
                    self.where[f"{path}.{col.key}"] = (ws.title, f"{_col(i)}{r}")
                    if cell is None:
                        continue
                    kind = "choice" if col.kind == "bool" else col.kind
                    v = equipment.answer(col.key, self.value(ws, cell, kind, col.choice, f"{path}.{col.key}"))
                    if v is None:
                        continue  # no answer ("don't know" included), as on the page
                    item[col.key] = (v == "yes") if col.kind == "bool" else v
                self.where[path] = (ws.title, f"A{r}:{_col(len(cols) - 1)}{r}")
                if equipment.kept(system, item):
                    kept.append(item)
            if kept:
                out[system] = kept
        return out


def _open(data: bytes) -> Any:
    check_upload(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds for broken files; all mean the same to the user
        raise TemplateError("template.not_a_workbook") from None


def _meta(wb: Any) -> tuple[str, set[str]]:
    """The template's language and the optional sheets it was made with."""
    if "_meta" not in wb.sheetnames:
        raise TemplateError("template.not_template")
    meta = {}
    with _damaged(None):  # a hidden sheet: the user cannot mend it, the file is not a template we can read
        for row in wb["_meta"].iter_rows(min_row=1, max_row=5, max_col=2, values_only=True):
            if row and row[0] is not None:
                meta[str(row[0])] = row[1] if len(row) > 1 else None
    if TEMPLATE_ID not in meta:
        raise TemplateError("template.not_template")
    if str(meta[TEMPLATE_ID]) != TEMPLATE_VERSION:
        raise TemplateError("template.wrong_version", version=str(meta[TEMPLATE_ID])[:20])
    sheets = {x.strip() for x in str(meta.get("sheets") or "").split(",")} & set(EXTRA_SHEETS)
    return normalise_lang(str(meta.get("lang") or "zh-TW")), sheets


def import_template(data: bytes, name: str = "") -> Checkup:
    """A validated ``Checkup`` from a filled template, or a ``CheckupError`` naming each bad cell."""
    if name and not name.lower().endswith(".xlsx"):
        raise TemplateError("template.not_a_workbook")
    wb = _open(data)
    try:
        return _import(wb)
    finally:
        wb.close()


def _import(wb: Any) -> Checkup:
    lang, made_with = _meta(wb)
    reader = _Reader(wb, lang)
    # templates made before the equipment sheets import without them
    expected = (*SHEETS[1:], *(k for k in EXTRA_SHEETS if k in made_with))
    missing = [sheet_title(k, lang) for k in expected if reader.sheet(k) is None]
    if missing:
        _fail([TemplateError("template.missing_sheet", s) for s in missing])
    present = (*SHEETS[1:], *(k for k in EXTRA_SHEETS if reader.sheet(k) is not None))
    for key in present:
        ws = reader.sheet(key)
        with _damaged(ws.title):
            too_large = (ws.max_row or 0) > MAX_SHEET_ROWS or (ws.max_column or 0) > 50
        if too_large:
            reader.errors.append(TemplateError("template.sheet_too_large", ws.title, max=MAX_SHEET_ROWS))
    _fail(reader.errors)

    co = reader.kv("company", COMPANY_FIELDS)
    el = reader.kv("electricity", ELEC_FIELDS)
    fuels = reader.table("fuels", FUEL_COLS)
    refs = reader.table("refrigerants", REF_COLS)
    others = reader.table("other", OTHER_COLS)
    equipment: dict[str, Any] = reader.equipment() if "equipment" in present else {}
    ct = reader.kv("contract", CONTRACT_FIELDS) if "contract" in present else {}
    # cells already found wrong are left out of the data; the model's checks still run on the
    # rest, so that every problem is named in one go

    w = reader.where
    data: dict[str, Any] = {"format": FORMAT_ID}
    if "@company.year" in w:
        w["year"] = w["@company.year"]  # so that the engine's year errors name the sheet and the cell
    if "year" in co:
        data["year"] = co["year"]
    else:
        reader.errors.append(TemplateError("required", *w.get("@company.year", (sheet_title("company", lang), "B4"))))
    company = {k: co[k] for k in ("name", "industry", "employees", "capital_ntd", "revenue_ntd", "county", "park",
                                   "factory_registration", "contract_kw") if k in co}
    if "eu_exports" in co:
        company["eu_exports"] = [x.strip() for x in re.split(r"[,，、;；\n]", str(co["eu_exports"])) if x.strip()]
    if "customer_requests" in co:
        company["customer_requests"] = co["customer_requests"] == "yes"
    data["company"] = company
    _alias(w, "@company", "company", company)
    if "production_amount" in co or "production_unit" in co:
        data["production"] = {"amount": co.get("production_amount"), "unit": co.get("production_unit")}
        w["production.amount"] = w.get("@company.production_amount", w.get("@company.production_unit"))
        w["production.unit"] = w.get("@company.production_unit", w.get("@company.production_amount"))
        w["production"] = w["production.amount"]
    if co.get("septic") == "yes" or "septic_employees" in co or "septic_hours" in co:
        if co.get("septic") == "no":
            pass  # said no septic tank: people/hours are ignored
        else:
            data["septic"] = {k2: co[k1] for k1, k2 in (("septic_employees", "employees"), ("septic_hours", "hours_per_year")) if k1 in co}
            w["septic.employees"] = w["@company.septic_employees"]
            w["septic.hours_per_year"] = w["@company.septic_hours"]
            w["septic"] = w["@company.septic_employees"]
    if el:
        e = {k: el[k] for k in ("kwh", "ntd", "ntd_per_kwh", "green_kwh", "rec_kwh", "monthly_kwh") if k in el}
        if "elec_unit" in el:
            e["unit"] = el["elec_unit"]
        if set(e) - {"unit"}:
            data["electricity"] = e
        for k in ("kwh", "ntd", "ntd_per_kwh", "green_kwh", "rec_kwh"):
            if f"@electricity.{k}" in w:
                w[f"electricity.{k}"] = w[f"@electricity.{k}"]
        if "@electricity.elec_unit" in w:
            w["electricity.unit"] = w["@electricity.elec_unit"]
        first = next((w[f"@electricity.{k}"] for k in ("kwh", "ntd") if f"@electricity.{k}" in w), None)
        w["electricity"] = first or (reader.sheet("electricity").title, f"B{MONTH_ROW}")
    data["fuels"] = [item for _, item in fuels]
    data["refrigerants"] = [_refrigerant(item) for _, item in refs]
    data["other"] = [_other(item) for _, item in others]
    if "roof_area_m2" in ct:
        equipment["roof_area_m2"] = ct["roof_area_m2"]
        w["equipment.roof_area_m2"] = w["@contract.roof_area_m2"]
    if "waste_heat_sources" in ct:
        equipment["waste_heat_sources"] = [x.strip() for x in re.split(r"[,，、;；\n]", str(ct["waste_heat_sources"]))
                                           if x.strip()]
        w["equipment.waste_heat_sources"] = w["@contract.waste_heat_sources"]
    if equipment:
        data["equipment"] = equipment
        w["equipment"] = next((v for k, v in w.items() if k.startswith("equipment.")), ("", ""))
    contract = {k: ct[k] for k in CONTRACT_KEYS if k in ct}
    if contract:
        data["contract"] = contract
        _alias(w, "@contract", "contract", contract)
    if not (data.get("electricity") or data["fuels"] or data["refrigerants"] or data["other"] or data.get("septic")):
        reader.errors.append(TemplateError("template.empty", reader.sheet("electricity").title))
    if "year" not in data:  # reported above; a stand-in year lets the engine name every other problem in the same go
        data["year"] = dt.date.today().year - 1

    found: list[CheckupError] = []
    checkup = None
    try:
        checkup = parse_checkup(data)
        compute(checkup)  # unit, fuel and factor problems surface now, at their cells
    except ValidationErrors as exc:
        found = [_at_cell(e, w, lang) for e in exc.errors]
    except CheckupError as exc:
        found = [_at_cell(exc, w, lang)]
    bad_cells = {(e.sheet, e.cell) for e in reader.errors if isinstance(e, TemplateError)}
    bad_rows = {(e.sheet, (e.cell or "").lstrip("ABCDEFGHIJ")) for e in reader.errors if isinstance(e, TemplateError)}
    for e in found:
        if isinstance(e, TemplateError) and e.code == "required" and (e.sheet, (e.cell or "").split(":")[0].lstrip("ABCDEFGHIJ")) in bad_rows:
            continue  # a required cell we already reported as wrong
        if isinstance(e, TemplateError) and (e.sheet, e.cell) in bad_cells:
            continue
        reader.errors.append(e)
    _fail(reader.errors)
    assert checkup is not None
    return checkup


def _alias(w: dict[str, tuple[str, str]], prefix: str, path: str, keys: Iterable[str]) -> None:
    for k in keys:
        if f"{prefix}.{k}" in w:
            w[f"{path}.{k}"] = w[f"{prefix}.{k}"]
    w[path] = w.get(f"{prefix}.name") or next((v for k, v in w.items() if k.startswith(prefix)), ("", ""))


def _refrigerant(item: dict[str, Any]) -> dict[str, Any]:
    return dict(item)


def _other(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    if "scope" in out:
        out["scope"] = int(out["scope"])
    return out


def _at_cell(err: CheckupError, where: dict[str, tuple[str, str]], lang: str) -> CheckupError:
    """Re-address an engine error (field path) to the template's sheet and cell."""
    field = err.field or ""
    probe = field
    while probe:
        if probe in where:
            sheet, cell = where[probe]
            return TemplateError(err.code, sheet, cell, **err.params)
        probe = probe.rsplit(".", 1)[0] if "." in probe else (probe.rsplit("[", 1)[0] if "[" in probe else "")
    return TemplateError(err.code, None, None, **err.params)


# --------------------------------------------------------------------------- any file


def load_any(path: str | Path) -> Checkup:
    """A checkup from a checkup file (.yaml/.yml/.json) or a filled template (.xlsx)."""
    p = Path(path)
    if p.suffix.lower() in SPREADSHEET_SUFFIXES:
        try:
            data = read_capped(p, MAX_BYTES)
        except FileFormatError as exc:
            if exc.code == "file_too_large":
                raise TemplateError("template.too_large", max_mb=MAX_BYTES // (1024 * 1024)) from None
            raise
        return import_template(data, p.name)
    return load_checkup_file(p)


def is_workbook(data: bytes, name: str = "") -> bool:
    """Whether an upload is a workbook (by its name, or by the zip signature an .xlsx starts with)."""
    return Path(name or "").suffix.lower() in SPREADSHEET_SUFFIXES or data[:4] == b"PK\x03\x04"


def loads_any(data: bytes, name: str = "") -> Checkup:
    """An uploaded file as a checkup: a filled template (.xlsx) or a checkup file (YAML/JSON).

    The same untrusted-file rules as ``import_template`` and ``core.loads``; every problem of a
    template comes at once, each named by its sheet and cell (``ValidationErrors``).
    """
    if is_workbook(data, name):
        return import_template(data, name if Path(name or "").suffix else "upload.xlsx")
    return loads_checkup_text(data, name)
