"""The checkup laid out as MOENV's inventory tables (溫室氣體排放量清冊): sources with their codes, activity
data, factors, emissions by gas, and the summary tables of 表八.

``moenv_tables(checkup, result) -> MoenvDocument`` is a pure function. Codes come from the official code
tables (附表五–七, in ``data/moenv``); where the checkup does not say which equipment a source is, a
catch-all code is used and marked, so the firm replaces it before filing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field

from .._version import __version__
from ..inventory.factors import resolve_equipment, tables
from ..inventory.models import Checkup
from ..inventory.result import Line, Result
from ..reports.charts import source_label
from ..reports.workbook import emission_type
from . import reference as ref
from .common import Note, _Doc

FORMAT = "moenv-inventory-tables/1"
SEVEN = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
TYPES = ("stationary", "process", "mobile", "fugitive")


def line_group(line: Line) -> str:
    """The seven-gas group of a line; a refrigerant by its components (R-410A → HFCs, R-744 → CO2)."""
    if line.category == "refrigerant":
        groups = {gas_group(component) for component, _ in tables()["refrigerants"].get(line.gas, [])}
        return groups.pop() if len(groups) == 1 else "other"
    return gas_group(line.gas)


def gas_group(gas: str) -> str:
    """Which of the seven gases (彙整表二 columns) a gas is; pre-combined CO2e counts as CO2."""
    if gas in ("CO2", "CO2e"):
        return "CO2"
    if gas.startswith("CH4"):
        return "CH4"
    if gas in ("N2O", "SF6", "NF3"):
        return gas
    if gas.startswith("HFC"):
        return "HFCs"
    if gas.startswith("PFC") or gas in ("CF4", "C2F6"):
        return "PFCs"
    return "other"


class Code(_Doc):
    code: str
    name: str


class Source(_Doc):
    number: str = Field(description="S01, S02 … in checkup order (not a registry number).")
    input: str
    source: str
    name: str
    process: Code
    equipment: Code
    material: Code
    codes_default: bool = Field(description="True when a catch-all code stands for equipment the checkup does not name.")
    codes_basis: str
    scope: int
    emission_type: str
    gases: list[str]
    biomass: bool = False
    entered_amount: float | None
    entered_unit: str | None
    activity: float
    unit: str
    estimate: bool


class GasLine(_Doc):
    number: str
    gas: str
    group: str
    activity: float
    unit: str
    factor: float
    factor_unit: str
    factor_source: str
    factor_year: int | None
    gwp: float
    gas_tonnes: float
    tco2e: float
    counted: bool
    working: str


class Summary(_Doc):
    electricity_kwh: float
    green_kwh: float
    rec_kwh: float
    by_gas: dict[str, float] = Field(description="彙整表二: scope 1 + 2 by the seven gases, tCO2e.")
    scope1_by_gas: dict[str, float] = Field(description="彙整表三: scope 1 by the seven gases, tCO2e.")
    by_type: dict[str, float] = Field(description="彙整表四: scope 1 by emission type, tCO2e.")
    scope1_tco2e: float
    scope2_tco2e: float
    total_tco2e: float
    reported_apart_tco2e: float


class CodeUsed(_Doc):
    table: str
    code: str
    name: str
    official_seq: str


class MoenvDocument(_Doc):
    format: Literal["moenv-inventory-tables/1"] = FORMAT
    generated: dt.date
    engine_version: str
    year: int
    company: str | None
    industry: str | None
    county: str | None
    gwp_basis: str
    fuel_factor_set: str
    electricity_factor_year: int | None
    sources: list[Source]
    lines: list[GasLine]
    summary: Summary
    apart: list[GasLine]
    codes_used: list[CodeUsed]
    differences: list[str] = Field(description="Ids of the differences from the official form (exports.moenv.diff.*).")
    form: str
    notes: list[Note]


# --------------------------------------------------------------------------- codes


def _main_process(checkup: Checkup) -> str:
    return "250051" if any((g.cn_code or "").startswith("7318") for g in checkup.goods) else "000999"


def _code(code: str) -> Code:
    row = ref.moenv_codes().get(code)
    return Code(code=code, name=row["name_zh"] if row else "")


def _codes(line: Line, checkup: Checkup, main: str) -> tuple[Code, Code, Code, bool, str]:
    """Process, equipment and material codes of a source, whether they are catch-alls, and why they were chosen."""
    parts = line.source.split(":")
    kind = parts[0]
    if kind == "refrigerant":
        index = int(re.sub(r"\D", "", line.input) or 0)
        r = checkup.refrigerants[index] if index < len(checkup.refrigerants) else None
        equip = resolve_equipment(r.equipment) if r is not None and r.equipment else "*"
        keys = [f"refrigerant:{equip}", "refrigerant:*"]
    elif kind == "fuel":
        keys = [line.source, f"fuel:*:{parts[2]}"]
    else:
        keys = [line.source]
    rows = ref.moenv_source_codes()
    name = (line.name or "").lower()

    def fits(row: dict[str, str]) -> bool:
        words = [w for w in row["keywords"].split("|") if w]
        return not words or any(w.lower() in name for w in words)

    candidates = [(keys.index(r["source_id"]), bool(r["keywords"]), r) for r in rows if r["source_id"] in keys and fits(r)]
    # a keyword that matches beats the fuel-specific row without one; otherwise the more specific source id wins
    _, _, row = sorted(candidates, key=lambda c: (not c[1], c[0]))[0]
    process = main if row["process"] == "MAIN" else row["process"]
    material = row["material"]
    if material == "FUEL":
        material = tables()["fuels"][parts[1]].get("code", "")
    elif material == "REFRIGERANT":
        material = ref.moenv_refrigerant_codes().get(_refrigerant_name(line), "")
    return _code(process), _code(row["equipment"]), _code(material) if material else Code(code="", name=""), row["default"] == "yes", row["basis"]


def _refrigerant_name(line: Line) -> str:
    return line.source.split(":", 1)[1]


# --------------------------------------------------------------------------- the document


def moenv_tables(checkup: Checkup, result: Result, *, today: dt.date | None = None) -> MoenvDocument:
    main = _main_process(checkup)
    sources: dict[str, Source] = {}
    lines: list[GasLine] = []
    apart: list[GasLine] = []
    for line in result.lines:
        key = f"{line.input}|{line.source}"
        if key not in sources:
            process, equipment, material, default, basis = _codes(line, checkup, main)
            label = source_label(line, "zh-TW")
            sources[key] = Source(
                number=f"S{len(sources) + 1:02d}", input=line.input, source=line.source, name=label,
                process=process, equipment=equipment, material=material, codes_default=default, codes_basis=basis,
                scope=line.scope, emission_type=emission_type(line), gases=[],
                entered_amount=line.entered_amount, entered_unit=line.entered_unit,
                activity=line.activity, unit=line.unit, estimate=line.estimate,
            )
        src = sources[key]
        group = line_group(line)
        if line.counted and group not in src.gases and group in SEVEN:
            src.gases.append(group)
        gas_line = GasLine(
            number=src.number, gas=line.gas, group=group, activity=line.activity, unit=line.unit, factor=line.factor,
            factor_unit=line.factor_unit, factor_source=line.factor_source, factor_year=line.factor_year, gwp=line.gwp,
            gas_tonnes=line.tco2e / line.gwp if line.gwp else line.tco2e, tco2e=line.tco2e, counted=line.counted,
            working=line.working_text("zh-TW"),
        )
        (lines if line.counted else apart).append(gas_line)

    counted = [ln for ln in result.lines if ln.counted]
    by_gas = {g: sum(ln.tco2e for ln in counted if line_group(ln) == g) for g in SEVEN}
    scope1 = [ln for ln in counted if ln.scope == 1]
    scope1_by_gas = {g: sum(ln.tco2e for ln in scope1 if line_group(ln) == g) for g in SEVEN}
    by_type = {k: sum(ln.tco2e for ln in scope1 if emission_type(ln) == k) for k in TYPES}
    other_type = sum(ln.tco2e for ln in scope1 if emission_type(ln) not in TYPES)
    if other_type:
        by_type["stationary"] += other_type  # own-factor scope-1 lines: shown with stationary combustion (a difference)
    e = checkup.electricity
    summary = Summary(
        electricity_kwh=result.electricity_kwh or 0.0, green_kwh=e.green_kwh if e else 0.0, rec_kwh=e.rec_kwh if e else 0.0,
        by_gas=by_gas, scope1_by_gas=scope1_by_gas, by_type=by_type, scope1_tco2e=result.scope1_tco2e,
        scope2_tco2e=result.scope2_tco2e, total_tco2e=result.total_tco2e, reported_apart_tco2e=result.reported_apart_tco2e,
    )

    used: dict[str, CodeUsed] = {}
    for s in sources.values():
        for c in (s.process, s.equipment, s.material):
            row = ref.moenv_codes().get(c.code)
            if row and c.code not in used:
                used[c.code] = CodeUsed(table=row["table"], code=c.code, name=row["name_zh"], official_seq=row["official_seq"])
    layout = ref.moenv_layout()
    notes = [Note(code="moenv_not_official", status="info"), Note(code="moenv_layout_unconfirmed", status="unconfirmed")]
    if any(s.codes_default for s in sources.values()):
        notes.append(Note(code="moenv_default_codes", status="check"))
    return MoenvDocument(
        generated=today or dt.date.today(), engine_version=__version__, year=checkup.year,
        company=checkup.company.name, industry=checkup.company.industry, county=checkup.company.county,
        gwp_basis=result.gwp_basis, fuel_factor_set=result.fuel_factor_set,
        electricity_factor_year=result.electricity_factor_year,
        sources=list(sources.values()), lines=lines, summary=summary, apart=apart,
        codes_used=sorted(used.values(), key=lambda c: (c.table, c.code)),
        differences=list(layout["differences"]), form=layout["form"], notes=notes,
    )
