"""What to do about it: energy-saving measures with savings, cost, payback and cost per tonne.

``suggest(checkup, result)`` reads the equipment answers of a checkup (and, where
they are missing, the industry's typical energy breakdown) and returns the
measures that apply, ranked: no-cost and low-cost first, then by payback and
cost per tonne. Every number comes from ``data/measures.yaml`` or
``data/industry_energy_breakdown.yaml`` (with its source) or from the factor
tables the inventory uses; this module only holds the arithmetic.

No double counting: measures on the same system ("pool" of energy) are applied
in the library's order to the energy left by the ones before (compressor leaks
→ pressure → VFD), never added as percentages. ``total(measures)`` redoes that
sequence for any selection, and ``abatement_curve(measures)`` gives the data of
a marginal abatement cost curve.

Each measure's effect is kept as a fraction (or an amount) of what is left in
its pool, per scenario: ``low`` (cautious), ``central`` and ``high``
(optimistic), so savings are always shown as a range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..datafiles import load_yaml
from ..inventory.models import Checkup
from ..inventory.result import Result
from ..errors import FactorError
from ..i18n import normalise_lang, t
from ..inventory.calc import compute
from ..inventory.factors import load_factor_set
from .citations import citation

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SCENARIOS = ("low", "central", "high")
COST_CLASS_ORDER = {"no_cost": 0, "low_cost": 1, "investment": 2}
ELECTRIC_SYSTEMS = ("air_compressors", "chillers", "pumps", "fans", "motors", "lighting")


# --------------------------------------------------------------------------- data files


@cache
def library() -> dict[str, Any]:
    """The measure library (data/measures.yaml)."""
    return load_yaml(DATA_DIR / "measures.yaml")


@cache
def breakdown() -> dict[str, Any]:
    """Typical energy shares by system per industry (data/industry_energy_breakdown.yaml)."""
    return load_yaml(DATA_DIR / "industry_energy_breakdown.yaml")


# --------------------------------------------------------------------------- the catalogue, typed


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Number = int | float  # kept as written in the file (a payback of 2 years prints as 2, not 2.0)


class SourceSpec(_Spec):
    """A document a figure comes from; ``title`` as published, or ours in both languages. ``notes`` are research
    notes for maintainers, never shown."""

    title: str | dict[str, str]
    publisher: str
    year: Number | str
    url: str | None = None
    verified: bool
    notes: str | None = None


class Condition(_Spec):
    """One condition on an equipment row: ``field op value``; an unanswered field passes only if ``if_missing``."""

    field: str
    op: Literal["eq", "ne", "ge", "gt", "le", "lt", "in", "not_in"]
    value: Any = None
    if_missing: bool = False
    source: str | None = None
    note: str | None = None


class Applies(_Spec):
    equipment: str | None = None
    when: tuple[Condition, ...] = ()
    needs_waste_heat: bool = False
    needs_heat_use: bool = False
    contract: bool = False
    site: bool = False
    roof: bool = False


class Saving(_Spec):
    method: Literal["share", "affinity", "motor_efficiency", "led", "boiler_efficiency", "boiler_replacement",
                    "fuel_switch", "compressor_heat", "heat_pump", "contract_capacity", "power_factor", "solar"]
    params: dict[str, Any]  # {low, central, high, unit, source} per parameter; their shape depends on the method


class Cost(_Spec):
    basis: Literal["fixed", "per_kwp", "from_payback", "quote_needed"]
    low: Number | None
    high: Number | None
    unit: str
    source: str
    note: str | None = None


class Lifetime(_Spec):
    value: Number = Field(gt=0)
    source: str
    note: str | None = None


class MeasureSpec(_Spec):
    """One measure of data/measures.yaml: what it applies to, its rule and range, cost, life and sources."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    system: str
    names: dict[str, str]
    cost_class: Literal["no_cost", "low_cost", "investment"]
    carbon_saving: bool
    breakdown_estimate: bool = False
    exclusive_group: str | None = None
    applies: Applies = Field(default_factory=Applies)
    saving: Saving
    cost: Cost
    lifetime_years: Lifetime
    programmes: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)


class MeasureLibrary(_Spec):
    """data/measures.yaml, validated: every figure's source exists, ids are unique, costs and ranges are ordered."""

    format: Literal["measures/1"]
    sources: dict[str, SourceSpec]
    prices: dict[str, Any]
    defaults: dict[str, Any]
    tables: dict[str, Any]
    measures: tuple[MeasureSpec, ...]

    @model_validator(mode="after")
    def _consistent(self) -> "MeasureLibrary":
        ids = [m.id for m in self.measures]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate measure ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        for m in self.measures:
            if set(m.names) != {"zh-TW", "en"}:
                raise ValueError(f"{m.id}: names in zh-TW and en")
            refs = [*m.sources, m.cost.source, m.lifetime_years.source]
            refs += [p["source"] for p in _flat_params(m)] + [c.source for c in m.applies.when if c.source]
            unknown = sorted({r for r in refs if r not in self.sources})
            if unknown:
                raise ValueError(f"{m.id}: unknown sources {unknown}")
            if m.cost.basis != "quote_needed" and (m.cost.low is None or m.cost.high is None or m.cost.low > m.cost.high):
                raise ValueError(f"{m.id}: cost low and high, low first")
        return self

    def get(self, measure_id: str) -> MeasureSpec:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)


@cache
def catalogue() -> MeasureLibrary:
    """The measure library as typed models, validated once (from the same load as ``library()``)."""
    return MeasureLibrary.model_validate(library())


def measure_ids() -> list[str]:
    return [m.id for m in catalogue().measures]


def _spec(measure_id: str) -> MeasureSpec:
    return catalogue().get(measure_id)


def _default(name: str) -> float:
    return float(library()["defaults"][name]["central"])


def _param(p: dict[str, Any], s: str) -> Any:
    """A parameter's value in scenario ``s`` (central where low/high are not given)."""
    v = p.get(s)
    return p["central"] if v is None else v


def industry_profile(industry: str | None) -> tuple[str, dict[str, Any]]:
    """(code used, profile) for a 2- or 4-digit 行業標準分類 code; the general profile if unknown."""
    data = breakdown()
    code = (industry or "")[:2]
    if code in data.get("industries", {}):
        return code, data["industries"][code]
    return "default", data["default"]


# --------------------------------------------------------------------------- the measure


class Range(BaseModel):
    low: float | None = None
    central: float | None = None
    high: float | None = None


class WorkingLine(BaseModel):
    """One line of arithmetic: a catalogue label, the expression with numbers, and the value."""

    label: str
    expr: str = ""
    value: str = ""
    params: dict[str, Any] = Field(default_factory=dict)


class Measure(BaseModel):
    """One suggested measure, with its saving range, cost, payback and the arithmetic behind it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    system: str
    names: dict[str, str]
    cost_class: str
    carbon_saving: bool
    saving_kwh: float = 0.0
    saving_kwh_range: Range = Field(default_factory=Range)
    saving_fuel: dict[str, Any] | None = None
    saving_fuel_range: Range | None = None
    added_fuel: dict[str, Any] | None = None
    saving_tco2e: float = 0.0
    saving_tco2e_range: Range = Field(default_factory=Range)
    saving_ntd_per_year: float | None = None
    saving_ntd_range: Range | None = None
    cost_ntd_low: float | None = None
    cost_ntd_high: float | None = None
    cost_basis: str = ""
    payback_years: Range | None = None
    payback_verdict: str | None = Field(None, description="yes, likely, open or no: whether it pays back within its life")
    ntd_per_tco2e: float | None = None
    lifetime_years: float = 1.0
    basis: str = "answers"
    to_measure: list[str] = Field(default_factory=list)
    assumptions: list[WorkingLine] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    programmes: list[str] = Field(default_factory=list)
    sources: list[dict[str, Any]] = Field(default_factory=list)
    working: list[WorkingLine] = Field(default_factory=list)
    pool: str | None = None
    exclusive_group: str | None = None
    order: int = 0
    # internal: how the measure acts on its pool (used by total() to re-sequence)
    effect: dict[str, Any] = Field(default_factory=dict, exclude=True, repr=False)

    def name(self, lang: str = "zh-TW") -> str:
        return t(f"measures.name.{self.id}", lang)

    @property
    def pays_back(self) -> bool | None:
        """Whether it pays for itself within its life at the central estimate (None: cost or saving unknown)."""
        return None if self.payback_verdict is None else self.payback_verdict != "no"

    def working_text(self, lang: str = "zh-TW") -> list[str]:
        return [_render_line(w, lang) for w in self.working]

    def to_dict(self, lang: str = "zh-TW") -> dict[str, Any]:
        """The JSON the command line prints for one measure."""
        return {
            "id": self.id,
            "name": self.name(lang),
            "system": self.system,
            "cost_class": self.cost_class,
            "carbon_saving": self.carbon_saving,
            "saving_kwh": _round(self.saving_kwh),
            "saving_kwh_range": _round_range(self.saving_kwh_range),
            "saving_fuel": self.saving_fuel,
            "saving_fuel_range": _round_range(self.saving_fuel_range) if self.saving_fuel_range else None,
            "added_fuel": self.added_fuel,
            "saving_tco2e": _round(self.saving_tco2e, 3),
            "saving_tco2e_range": _round_range(self.saving_tco2e_range, 3),
            "saving_ntd_per_year": _round(self.saving_ntd_per_year),
            "saving_ntd_range": _round_range(self.saving_ntd_range) if self.saving_ntd_range else None,
            "cost_ntd_low": _round(self.cost_ntd_low),
            "cost_ntd_high": _round(self.cost_ntd_high),
            "cost_basis": self.cost_basis,
            "payback_years": _round(self.payback_years.central, 2) if self.payback_years else None,
            "payback_years_range": _round_range(self.payback_years, 2) if self.payback_years else None,
            "payback_verdict": self.payback_verdict,
            "pays_back": self.pays_back,
            "ntd_per_tco2e": _round(self.ntd_per_tco2e),
            "lifetime_years": self.lifetime_years,
            "basis": self.basis,
            "basis_text": t(f"measures.basis.{self.basis}", lang),
            "to_measure": [t(f"measures.to_measure.{k}", lang) for k in self.to_measure],
            "no_carbon_note": None if self.carbon_saving else t("measures.note.no_carbon", lang),
            "notes": [t(f"measures.note.{k}", lang) for k in self.notes],
            "assumptions": [_render_line(w, lang) for w in self.assumptions],
            "programmes": self.programmes,
            "sources": [{**src, "title": _title(src.get("title"), lang), "text": _citation(src, lang)}
                        for src in self.sources],
            "working": self.working_text(lang),
        }


def _title(title: Any, lang: str) -> str:
    """A source's title: as published, or ours in the reader's language ({zh-TW, en})."""
    if isinstance(title, dict):
        return str(title.get(normalise_lang(lang)) or title.get("zh-TW") or "")
    return str(title or "")


def _citation(src: dict[str, Any], lang: str) -> str:
    """A source as a citation (publisher, title, year, URL); the factor and price rows with their value."""
    text = citation(_title(src.get("title"), lang), src.get("publisher"), src.get("year"), src.get("url"), lang=lang)
    if src.get("value") is not None:
        text += f"：{src['value']} {src.get('unit', '')}".rstrip() if normalise_lang(lang) != "en" else f": {src['value']} {src.get('unit', '')}".rstrip()
    return text


def _round(v: float | None, nd: int = 1) -> float | None:
    if v is None:
        return None
    return round(float(v), nd)


def _round_range(r: Range | None, nd: int = 1) -> dict[str, float | None] | None:
    if r is None:
        return None
    return {"low": _round(r.low, nd), "central": _round(r.central, nd), "high": _round(r.high, nd)}


def _render_line(w: WorkingLine, lang: str) -> str:
    params = dict(w.params)
    if params.get("industry") == "default":
        params["industry"] = t("measures.industry_default", lang)
    label = t(f"measures.working.{w.label}", lang, **params) if params else t(f"measures.working.{w.label}", lang)
    if w.expr and w.value:
        text = f"{label}: {w.expr} = {w.value}"
    elif w.value:
        text = f"{label}: {w.value}"
    elif w.expr:
        text = f"{label}: {w.expr}"
    else:
        text = label
    if normalise_lang(lang) == "zh-TW":
        text = re.sub(r"(\d) y\b", r"\1 年", text)
    return text


def _n(v: float, nd: int = 0) -> str:
    """A number as people read it: thousands separators, no trailing zeros."""
    if v is None:
        return "?"
    if nd == 0 and abs(v) >= 100:
        return f"{v:,.0f}"
    text = f"{v:,.{max(nd, 3)}f}".rstrip("0").rstrip(".")
    return text or "0"


# --------------------------------------------------------------------------- factors and prices


@dataclass
class _Ctx:
    """Factors and prices: the same ones the inventory uses."""

    checkup: Checkup
    result: Result | None
    fs: Any
    ef_elec: float
    ef_elec_source: str
    price_elec: float | None
    price_elec_source: str
    notes: list[str] = field(default_factory=list)

    def fuel_ef(self, fuel: str, unit: str) -> float | None:
        try:
            return float(self.fs.fuel_kgco2e_per_unit(fuel, unit, "stationary"))
        except Exception:  # noqa: BLE001 - a missing factor means "cannot say", not a crash
            return None

    def fuel_kcal(self, fuel: str, unit: str) -> float | None:
        try:
            return float(self.fs.fuel_kcal_per_unit(fuel, unit))
        except Exception:  # noqa: BLE001
            return None

    def fuel_price(self, fuel: str, unit: str) -> tuple[float | None, str]:
        try:
            value, punit, source = _price_factors().price(fuel)
            if punit.split("/", 1)[-1] == unit:
                return float(value), source
        except Exception:  # noqa: BLE001
            pass
        row = library().get("prices", {}).get(fuel)
        if row and row.get("value") is not None and row["unit"].split("/", 1)[-1] == unit:
            return float(row["value"]), _source_label(row["source"])
        return None, ""


def _price_factors() -> Any:
    """Prices of the current year (the latest known price where none is set for it yet)."""
    import datetime as _dt

    return load_factor_set(_dt.date.today().year)


def _source_label(source_id: str) -> str:
    s = library()["sources"].get(source_id, {})
    return f"{_title(s.get('title', source_id), 'zh-TW')} ({s.get('publisher', '')}, {s.get('year', '')})"


def _context(checkup: Checkup, result: Result | None, factors: Any | None) -> _Ctx:
    opts = checkup.options
    fs = factors
    if fs is None:
        fs = load_factor_set(checkup.year, opts.fuel_factor_set, opts.gwp)
    ef, ef_source = None, ""
    try:
        ef = float(fs.electricity_factor())
        row = fs.electricity() if hasattr(fs, "electricity") else {}
        ef_source = f"{row.get('source_document', '')} ({row.get('source_agency', '')}, {row.get('year', '')})".strip()
    except Exception:  # noqa: BLE001
        ef = None
    if ef is None and result is not None:
        lines = [ln for ln in result.lines if ln.category == "electricity" and ln.counted]
        if lines:
            ef, ef_source = lines[0].factor, lines[0].factor_source
    if ef is None:
        raise FactorError("factor_missing", None, item="electricity")
    price, price_source = None, ""
    own = checkup.electricity.ntd_per_kwh if checkup.electricity else None
    if own:
        price, price_source = float(own), "own"
    else:
        try:
            # savings come in the years ahead: value them at the price in force now, not the inventory year's
            value, _unit, price_source = _price_factors().price("electricity")
            price = float(value)
        except Exception:  # noqa: BLE001
            price = None
    return _Ctx(checkup, result, fs, ef, ef_source, price, price_source)


# --------------------------------------------------------------------------- conditions


def _passes(item: Any, when: Iterable[Condition]) -> tuple[bool, list[str]]:
    """Whether an equipment item meets a measure's conditions; also the fields that were missing."""
    missing: list[str] = []
    for cond in when or []:
        value = getattr(item, cond.field, None)
        if value is None:
            if cond.if_missing:
                missing.append(cond.field)
                continue
            return False, missing
        op, target = cond.op, cond.value
        if isinstance(value, str):
            value_cmp: Any = value.strip()
        else:
            value_cmp = value
        ok = {
            "eq": lambda: value_cmp == target,
            "ne": lambda: value_cmp != target,
            "ge": lambda: float(value_cmp) >= float(target),
            "gt": lambda: float(value_cmp) > float(target),
            "le": lambda: float(value_cmp) <= float(target),
            "lt": lambda: float(value_cmp) < float(target),
            "in": lambda: _norm(value_cmp) in {_norm(x) for x in target},
            "not_in": lambda: _norm(value_cmp) not in {_norm(x) for x in target},
        }[op]()
        if not ok:
            return False, missing
    return True, missing


def _norm(v: Any) -> str:
    return str(v).strip().lower().replace("-", "_").replace(" ", "_")


def _extra(item: Any, name: str) -> Any:
    """A field of an item, or None when its kind of system has no such field."""
    return getattr(item, name, None)


# --------------------------------------------------------------------------- pools (system energy)


@dataclass
class _Pool:
    """The energy of one system that measures draw from, in one carrier."""

    key: str
    system: str
    carrier: str  # "electricity" or a fuel id
    unit: str  # kWh, L, m3, kg
    base: float
    basis: str  # answers / answers_with_defaults / industry_breakdown
    working: list[WorkingLine] = field(default_factory=list)
    items: list[tuple[Any, float]] = field(default_factory=list)  # (equipment item, its energy)
    efficiency: float | None = None  # boilers: present efficiency
    to_measure: list[str] = field(default_factory=list)


def _hours(item: Any) -> tuple[float, bool]:
    h = getattr(item, "hours_per_year", None)
    if h is None:
        return _default("hours_per_year"), True
    return float(h), False


def _electric_pools(ctx: _Ctx) -> dict[str, _Pool]:
    eq = ctx.checkup.equipment
    pools: dict[str, _Pool] = {}
    if eq is None:
        return pools

    def add(system: str, items: list[Any], energy_fn) -> None:
        rows, total, defaulted, lines = [], 0.0, False, []
        for i, item in enumerate(items):
            kwh, expr, used_default = energy_fn(item)
            if kwh is None:
                continue
            defaulted = defaulted or used_default
            rows.append((item, kwh))
            total += kwh
            lines.append(WorkingLine(label=f"base.{system}", expr=expr, value=f"{_n(kwh)} kWh", params={"n": i + 1}))
        if total > 0:
            pools[f"elec:{system}"] = _Pool(
                key=f"elec:{system}", system=system, carrier="electricity", unit="kWh", base=total,
                basis="answers_with_defaults" if defaulted else "answers", working=lines, items=rows,
                to_measure=[system] if defaulted else [],
            )

    def motor_driven(load_name: str):
        def fn(item):
            h, d = _hours(item)
            load = _default(load_name)
            kwh = item.kw * item.count * h * load
            return kwh, f"{_n(item.kw, 1)} kW × {item.count} × {_n(h)} h × {_n(load, 2)}", d
        return fn

    add("air_compressors", eq.air_compressors, motor_driven("compressor_load_factor"))
    add("pumps", eq.pumps, motor_driven("motor_load_factor"))
    add("fans", eq.fans, motor_driven("motor_load_factor"))
    add("motors", eq.motors, motor_driven("motor_load_factor"))

    def chiller(item):
        h, d = _hours(item)
        load = _default("chiller_load_factor")
        if item.kw is not None:
            kw, kw_expr = item.kw, f"{_n(item.kw, 1)} kW"
        elif item.rt is not None:
            kpr = _default("chiller_kw_per_rt")
            kw, kw_expr, d = item.rt * kpr, f"({_n(item.rt, 1)} RT × {_n(kpr, 2)} kW/RT)", True
        else:
            return None, "", d
        return kw * item.count * h * load, f"{kw_expr} × {item.count} × {_n(h)} h × {_n(load, 2)}", d

    add("chillers", eq.chillers, chiller)

    def lighting(item):
        h, d = _hours(item)
        watts = item.watts
        if watts is None:
            row = {_norm(k): v for k, v in library()["defaults"]["lighting_watts"].items()}.get(_norm(item.type))
            if row is None:
                return None, "", d
            watts, d = float(row["central"]), True
        ballast_types = {_norm(x) for x in _spec("led_lighting").saving.params["ballast_types"]}
        ballast = _default("lighting_ballast_w") if _norm(item.type) in {_norm(x) for x in ballast_types} else 0.0
        kwh = item.count * (watts + ballast) * h / 1000
        return kwh, f"{item.count} × ({_n(watts)} W + {_n(ballast)} W) × {_n(h)} h ÷ 1000", d

    add("lighting", eq.lighting, lighting)

    # electric process heaters (for heat pumps)
    def heater(item):
        if _norm(item.source or "") != "electric":
            return None, "", False
        kw = _extra(item, "kw")
        if not kw:
            return None, "", False
        h, d = _hours(item)
        load = _default("heater_load_factor")
        return float(kw) * item.count * h * load, f"{_n(float(kw), 1)} kW × {item.count} × {_n(h)} h × {_n(load, 2)}", d

    add("process_heat", eq.process_heat, heater)
    add("injection_moulding", eq.injection_moulding, motor_driven("injection_load_factor"))

    def electric_furnace(item):
        if _norm(item.fuel) != "electric" or not item.kw:
            return None, "", False
        h, d = _hours(item)
        load = _default("furnace_load_factor")
        return float(item.kw) * item.count * h * load, f"{_n(float(item.kw), 1)} kW × {item.count} × {_n(h)} h × {_n(load, 2)}", d

    add("furnaces", eq.furnaces, electric_furnace)
    return pools


def _fuel_amounts(ctx: _Ctx) -> dict[tuple[str, str], float]:
    """Stationary fuel use per (fuel, unit) from the inventory result (one amount per input line)."""
    out: dict[tuple[str, str], float] = {}
    if ctx.result is None:
        return out
    seen: set[tuple[str, str]] = set()
    for ln in ctx.result.lines:
        if ln.category != "fuel" or not ln.source.endswith(":stationary"):
            continue
        fuel = ln.source.split(":")[1]
        if (ln.input, fuel) in seen:
            continue
        seen.add((ln.input, fuel))
        out[(fuel, ln.unit)] = out.get((fuel, ln.unit), 0.0) + ln.activity
    return out


def _boiler_pools(ctx: _Ctx) -> dict[str, _Pool]:
    eq = ctx.checkup.equipment
    pools: dict[str, _Pool] = {}
    amounts = _fuel_amounts(ctx)
    boilers = eq.boilers if eq else []
    fuels = sorted({_norm(b.fuel) for b in boilers})
    for fuel in fuels:
        items = [b for b in boilers if _norm(b.fuel) == fuel]
        eff_given = [b.efficiency_pct for b in items if b.efficiency_pct]
        eff = (eff_given[0] / 100) if eff_given else _default("boiler_efficiency")
        from_result = [(u, a) for (f, u), a in amounts.items() if f == fuel]
        lines: list[WorkingLine] = []
        if from_result:
            unit, amount = max(from_result, key=lambda x: x[1])
            basis = "answers"
            lines.append(WorkingLine(label="base.boilers_fuel", value=f"{_n(amount)} {unit}", params={"fuel": fuel}))
            weights = _split(amount, [(b, (b.capacity_tph or 1.0) * b.count) for b in items])
        else:
            unit = library()["defaults"]["default_fuel_unit"].get(fuel, "L")
            kcal = ctx.fuel_kcal(fuel, unit)
            if kcal is None:
                continue
            amount, weights = 0.0, []
            for b in items:
                if not b.capacity_tph:
                    continue
                h, _ = _hours(b)
                load, steam = _default("boiler_load_factor"), _default("steam_kcal_per_kg")
                a = b.capacity_tph * 1000 * b.count * h * load * steam / (kcal * eff)
                amount += a
                weights.append((b, a))
                lines.append(WorkingLine(
                    label="base.boilers_capacity",
                    expr=f"{_n(b.capacity_tph, 2)} t/h × 1000 × {b.count} × {_n(h)} h × {_n(load, 2)} × {_n(steam)} kcal/kg ÷ ({_n(kcal)} kcal/{unit} × {_n(eff, 2)})",
                    value=f"{_n(a)} {unit}",
                ))
            basis = "answers_with_defaults"
            if amount <= 0:
                continue
        if amount <= 0:
            continue
        pools[f"fuel:boilers:{fuel}"] = _Pool(
            key=f"fuel:boilers:{fuel}", system="boilers", carrier=fuel, unit=unit, base=amount, basis=basis,
            working=lines, items=weights, efficiency=eff, to_measure=["boilers"] if basis != "answers" else [],
        )
    return pools


def _split(amount: float, sized: list[tuple[Any, float]]) -> list[tuple[Any, float]]:
    """A system's measured fuel shared out over its rows in proportion to their size (rating × count)."""
    total_w = sum(w for _, w in sized) or 1.0
    return [(item, amount * w / total_w) for item, w in sized]


def _furnace_pools(ctx: _Ctx) -> dict[str, _Pool]:
    """Fuel of the burner-fired furnaces and ovens, per fuel: the inventory's stationary use of that fuel when no
    boiler burns it (weighted by rating across the rows), else the rating × hours × load factor."""
    eq = ctx.checkup.equipment
    pools: dict[str, _Pool] = {}
    if eq is None or not eq.furnaces:
        return pools
    amounts = _fuel_amounts(ctx)
    boiler_fuels = {_norm(b.fuel) for b in eq.boilers}
    for fuel in sorted({_norm(f.fuel) for f in eq.furnaces} - {"electric"}):
        items = [f for f in eq.furnaces if _norm(f.fuel) == fuel]
        from_result = [(u, a) for (f, u), a in amounts.items() if f == fuel and a > 0]
        lines: list[WorkingLine] = []
        if from_result and fuel not in boiler_fuels:
            unit, amount = max(from_result, key=lambda x: x[1])
            basis = "answers"
            lines.append(WorkingLine(label="base.furnaces_fuel", value=f"{_n(amount)} {unit}", params={"fuel": fuel}))
            weights = _split(amount, [(f, (f.kw or 1.0) * f.count) for f in items])
        else:
            unit = library()["defaults"]["default_fuel_unit"].get(fuel, "L")
            kcal = ctx.fuel_kcal(fuel, unit)
            if kcal is None:
                continue
            amount, weights, basis = 0.0, [], "answers_with_defaults"
            load, k = _default("furnace_load_factor"), _default("kcal_per_kwh")
            for f in items:
                if not f.kw:
                    continue
                h, _ = _hours(f)
                a = float(f.kw) * f.count * h * load * k / kcal
                amount += a
                weights.append((f, a))
                lines.append(WorkingLine(
                    label="base.furnaces_rating",
                    expr=f"{_n(float(f.kw), 1)} kW × {f.count} × {_n(h)} h × {_n(load, 2)} × {_n(k)} kcal/kWh ÷ {_n(kcal)} kcal/{unit}",
                    value=f"{_n(a)} {unit}"))
        if amount <= 0:
            continue
        pools[f"fuel:furnaces:{fuel}"] = _Pool(
            key=f"fuel:furnaces:{fuel}", system="furnaces", carrier=fuel, unit=unit, base=amount, basis=basis,
            working=lines, items=weights, to_measure=["furnaces"] if basis != "answers" else [])
    return pools


def _breakdown_pools(ctx: _Ctx, have: dict[str, _Pool]) -> dict[str, _Pool]:
    """System energy estimated from the industry's typical breakdown, for systems with no answers."""
    pools: dict[str, _Pool] = {}
    code, profile = industry_profile(ctx.checkup.company.industry)
    eq = ctx.checkup.equipment
    site = ctx.result.electricity_kwh if ctx.result is not None else None
    answered = set()
    # only for what the factory has: a system with no rows counts only when the owner said it is there
    said = set(eq.has) if eq is not None else set()
    if eq is not None:
        for system in ELECTRIC_SYSTEMS + ("boilers",):
            if getattr(eq, system):
                answered.add(system)
    if site and site > 0:
        for system, share in (profile.get("electricity") or {}).items():
            if system in answered or system not in said or f"elec:{system}" in have or not share:
                continue
            kwh = site * float(share)
            pools[f"elec:{system}"] = _Pool(
                key=f"elec:{system}", system=system, carrier="electricity", unit="kWh", base=kwh,
                basis="industry_breakdown",
                working=[WorkingLine(label="base.breakdown", expr=f"{_n(site)} kWh × {_n(float(share), 2)}",
                                     value=f"{_n(kwh)} kWh", params={"industry": code})],
                to_measure=[system],
            )
    if "boilers" not in answered and "boilers" in said:
        share = float((profile.get("fuel") or {}).get("boilers") or 0)
        if share > 0:
            for (fuel, unit), amount in _fuel_amounts(ctx).items():
                if amount <= 0:
                    continue
                pools[f"fuel:boilers:{fuel}"] = _Pool(
                    key=f"fuel:boilers:{fuel}", system="boilers", carrier=fuel, unit=unit, base=amount * share,
                    basis="industry_breakdown", efficiency=_default("boiler_efficiency"),
                    working=[WorkingLine(label="base.breakdown_fuel", expr=f"{_n(amount)} {unit} × {_n(share, 2)}",
                                         value=f"{_n(amount * share)} {unit}", params={"industry": code, "fuel": fuel})],
                    to_measure=["boilers"],
                )
    return pools


# --------------------------------------------------------------------------- building measures


@dataclass
class _Draft:
    """A measure before sequencing: its pool, its effect per scenario, and what a unit saved is worth."""

    spec: MeasureSpec
    pool: _Pool | None
    kind: str  # fraction | amount | money
    values: dict[str, float]
    kwh_per_unit: dict[str, float]
    fuel_per_unit: dict[str, float]
    added_fuel: tuple[str, str] | None
    added_per_unit: dict[str, float]
    t_per_unit: dict[str, float]
    ntd_per_unit: dict[str, float | None]
    working: list[WorkingLine]
    assumptions: list[WorkingLine]
    basis: str
    to_measure: list[str]
    notes: list[str]
    cost_override: tuple[float, float] | None = None


def _params_lines(spec: MeasureSpec, names: Iterable[str] | None = None) -> list[WorkingLine]:
    params = spec.saving.params
    out = []
    for name, p in params.items():
        if names is not None and name not in names:
            continue
        if not isinstance(p, dict) or "central" not in p:
            continue
        lo, ce, hi = _param(p, "low"), p["central"], _param(p, "high")
        val = f"{lo} / {ce} / {hi}" if (lo != ce or hi != ce) else f"{ce}"
        src = library()["sources"].get(p["source"], {})
        cite = f"{src.get('publisher', p['source'])}, {src.get('year', '')}".strip(", ")
        unit = str(p.get("unit", ""))
        unit = unit if unit and " " not in unit else ""  # symbols (bar, °C, kW/RT) only; the label says the rest
        out.append(WorkingLine(label=f"param.{name}", value=f"{val} {unit}".strip() + f" ({cite})"))
    return out


def _elec_units(ctx: _Ctx) -> tuple[dict[str, float], dict[str, float], dict[str, float | None]]:
    one = {s: 1.0 for s in SCENARIOS}
    t = {s: ctx.ef_elec / 1000 for s in SCENARIOS}
    ntd = {s: ctx.price_elec for s in SCENARIOS}
    return one, t, ntd


def _fuel_units(ctx: _Ctx, fuel: str, unit: str) -> tuple[dict[str, float], dict[str, float | None]]:
    ef = ctx.fuel_ef(fuel, unit)
    price, _src = ctx.fuel_price(fuel, unit)
    return ({s: (ef or 0.0) / 1000 for s in SCENARIOS}, {s: price for s in SCENARIOS})


def _draft_for_pool(ctx: _Ctx, spec: MeasureSpec, pool: _Pool, values: dict[str, float], kind: str,
                    working: list[WorkingLine], notes: list[str] | None = None) -> _Draft:
    zero = {s: 0.0 for s in SCENARIOS}
    if pool.carrier == "electricity":
        one, t, ntd = _elec_units(ctx)
        return _Draft(spec, pool, kind, values, one, zero, None, zero, t, ntd, working, _params_lines(spec),
                      pool.basis, list(pool.to_measure), notes or [])
    t, ntd = _fuel_units(ctx, pool.carrier, pool.unit)
    one = {s: 1.0 for s in SCENARIOS}
    return _Draft(spec, pool, kind, values, zero, one, None, zero, t, ntd, working, _params_lines(spec),
                  pool.basis, list(pool.to_measure), notes or [])


def _applicable(pool: _Pool, spec: MeasureSpec) -> tuple[float, list[str], int]:
    """Energy of the pool's items that meet the measure's conditions (all of it for breakdown pools)."""
    when = spec.applies.when
    if pool.basis == "industry_breakdown":
        return pool.base, [], 1
    energy, missing, n = 0.0, [], 0
    for item, e in pool.items:
        ok, miss = _passes(item, when)
        if ok:
            energy += e
            n += 1
            missing += [m for m in miss if m not in missing]
    return energy, missing, n


def _share_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    energy, missing, n = _applicable(pool, spec)
    if n == 0 or energy <= 0:
        return None
    params = spec.saving.params
    share = {s: math.prod(float(_param(p, s)) for p in params.values()) for s in SCENARIOS}
    part = energy / pool.base
    values = {s: share[s] * part for s in SCENARIOS}
    expr = " × ".join(f"{_param(p, 'central')}" for p in params.values()) if len(params) > 1 else ""
    working = list(pool.working) + [
        WorkingLine(label="share", expr=expr, value=f"{_n(share['low'], 4)} / {_n(share['central'], 4)} / {_n(share['high'], 4)}"),
    ]
    if part < 0.9999:
        working.append(WorkingLine(label="applicable_part", expr=f"{_n(energy)} ÷ {_n(pool.base)} {pool.unit}", value=_n(part, 3)))
    return _draft_for_pool(ctx, spec, pool, values, "fraction", working, notes=[f"missing.{m}" for m in missing])


def _affinity_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    if pool.basis == "industry_breakdown":
        return None
    p = spec.saving.params
    when = spec.applies.when
    saved = {s: 0.0 for s in SCENARIOS}
    missing: list[str] = []
    for item, e in pool.items:
        ok, miss = _passes(item, when)
        if not ok:
            continue
        missing += [m for m in miss if m not in missing]
        for s in SCENARIOS:
            flow, thr, loss = float(_param(p["flow_fraction"], s)), float(_param(p["throttled_power_fraction"], s)), float(_param(p["vfd_loss"], s))
            saved[s] += e * max(0.0, 1 - (flow ** 3 + loss) / thr)
    if saved["central"] <= 0 and saved["high"] <= 0:
        return None
    values = {s: saved[s] / pool.base for s in SCENARIOS}
    c = {k: float(_param(p[k], "central")) for k in ("flow_fraction", "throttled_power_fraction", "vfd_loss")}
    working = list(pool.working) + [
        WorkingLine(label="affinity",
                    expr=f"1 − ({_n(c['flow_fraction'], 2)}³ + {_n(c['vfd_loss'], 2)}) ÷ {_n(c['throttled_power_fraction'], 2)}",
                    value=_n(1 - (c["flow_fraction"] ** 3 + c["vfd_loss"]) / c["throttled_power_fraction"], 4)),
    ]
    return _draft_for_pool(ctx, spec, pool, values, "fraction", working, notes=[f"missing.{m}" for m in missing])


def _ie_efficiency(kw: float, cls: str) -> float:
    rows = library()["tables"]["ie_efficiency"]["rows"]
    for row in rows:
        if kw <= row["kw"]:
            return float(row[cls]) / 100
    return float(rows[-1][cls]) / 100


def _motor_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    if pool.basis == "industry_breakdown":
        return None
    p = spec.saving.params
    when = spec.applies.when
    saved = {s: 0.0 for s in SCENARIOS}
    working = list(pool.working)
    missing: list[str] = []
    for i, (item, e) in enumerate(pool.items):
        ok, miss = _passes(item, when)
        if not ok:
            continue
        missing += [m for m in miss if m not in missing]
        for s in SCENARIOS:
            cls = (item.efficiency_class or "").upper()
            if cls not in ("IE1", "IE2", "IE3"):
                cls = _param(p["unknown_class"], s)
            target = _param(p["target_class"], s)
            eta_old, eta_new = _ie_efficiency(item.kw, cls), _ie_efficiency(item.kw, target)
            frac = max(0.0, 1 - eta_old / eta_new)
            saved[s] += e * frac
            if s == "central":
                working.append(WorkingLine(label="motor", expr=f"1 − {_n(eta_old * 100, 1)} % ÷ {_n(eta_new * 100, 1)} % ({cls} → {target}, {_n(item.kw, 1)} kW)",
                                           value=_n(frac, 4), params={"n": i + 1}))
    if saved["high"] <= 0:
        return None
    values = {s: saved[s] / pool.base for s in SCENARIOS}
    return _draft_for_pool(ctx, spec, pool, values, "fraction", working, notes=[f"missing.{m}" for m in missing])


def _led_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    if pool.basis == "industry_breakdown":
        return None
    by_type = {_norm(k): v for k, v in spec.saving.params["share_by_type"].items()}
    when = spec.applies.when
    saved = {s: 0.0 for s in SCENARIOS}
    working = list(pool.working)
    for i, (item, e) in enumerate(pool.items):
        ok, _ = _passes(item, when)
        row = by_type.get(_norm(item.type))
        if not ok or row is None:
            continue
        for s in SCENARIOS:
            saved[s] += e * float(_param(row, s))
        working.append(WorkingLine(label="led", expr=f"{_n(e)} kWh × {_param(row, 'central')}",
                                   value=f"{_n(e * float(row['central']))} kWh", params={"n": i + 1, "type": item.type}))
    if saved["central"] <= 0:
        return None
    values = {s: saved[s] / pool.base for s in SCENARIOS}
    return _draft_for_pool(ctx, spec, pool, values, "fraction", working)


def _boiler_eff_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    energy, missing, n = _applicable(pool, spec)
    if n == 0:
        return None
    eta = pool.efficiency or _default("boiler_efficiency")
    gain = spec.saving.params["gain_points"]
    part = energy / pool.base
    values = {s: (1 - eta / (eta + float(_param(gain, s)))) * part for s in SCENARIOS}
    working = list(pool.working) + [
        WorkingLine(label="boiler_eff", expr=f"1 − {_n(eta, 3)} ÷ ({_n(eta, 3)} + {_n(float(gain['central']), 3)})",
                    value=_n(1 - eta / (eta + float(gain["central"])), 4)),
    ]
    notes = [f"missing.{m}" for m in missing]
    return _draft_for_pool(ctx, spec, pool, values, "fraction", working, notes=notes)


def _boiler_replacement_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    """A new boiler for an old one: fuel saved = 1 − η_old ÷ η_new on the energy of the boilers that qualify."""
    if pool.basis == "industry_breakdown":
        return None
    energy, missing, n = _applicable(pool, spec)
    if n == 0:
        return None
    eta = pool.efficiency or _default("boiler_efficiency")
    new = spec.saving.params["new_efficiency"]
    part = energy / pool.base
    values = {s: max(0.0, 1 - eta / float(_param(new, s))) * part for s in SCENARIOS}
    if values["high"] <= 0:
        return None
    working = list(pool.working) + [
        WorkingLine(label="boiler_replacement", expr=f"1 − {_n(eta, 3)} ÷ {_n(float(new['central']), 3)}",
                    value=_n(max(0.0, 1 - eta / float(new["central"])), 4)),
    ]
    return _draft_for_pool(ctx, spec, pool, values, "fraction", working, notes=[f"missing.{m}" for m in missing])


def _fuel_switch_measure(ctx: _Ctx, spec: MeasureSpec, pool: _Pool) -> _Draft | None:
    if pool.basis == "industry_breakdown":
        return None
    energy, missing, n = _applicable(pool, spec)
    if n == 0:
        return None
    p = spec.saving.params
    new_fuel, new_unit = p["new_fuel"]["central"], p["new_unit"]["central"]
    old_kcal = ctx.fuel_kcal(pool.carrier, pool.unit)
    if old_kcal is None:
        return None
    if "new_fuel_kcal_per_unit" in p:
        new_kcal = float(p["new_fuel_kcal_per_unit"]["central"])
        tj = new_kcal * 4.1868e-9
        new_ef = tj * (float(p["new_fuel_ch4_kg_per_tj"]["central"]) * float(p["gwp_ch4"]["central"])
                       + float(p["new_fuel_n2o_kg_per_tj"]["central"]) * float(p["gwp_n2o"]["central"]))
        prow = library().get("prices", {}).get(new_fuel) or {}
        new_price = prow.get("value")
    else:
        new_kcal = ctx.fuel_kcal(new_fuel, new_unit)
        new_ef = ctx.fuel_ef(new_fuel, new_unit)
        new_price, _ = ctx.fuel_price(new_fuel, new_unit)
    if new_kcal is None or new_ef is None:
        return None
    old_ef = ctx.fuel_ef(pool.carrier, pool.unit) or 0.0
    old_price, _ = ctx.fuel_price(pool.carrier, pool.unit)
    eta = pool.efficiency or _default("boiler_efficiency")
    added, t_unit, ntd_unit = {}, {}, {}
    for s in SCENARIOS:
        eta_new = min(0.99, eta + float(_param(p["efficiency_gain"], s)))
        added[s] = old_kcal * eta / (eta_new * new_kcal)
        t_unit[s] = (old_ef - added[s] * new_ef) / 1000
        ntd_unit[s] = None if (old_price is None or new_price is None) else old_price - added[s] * float(new_price)
    part = energy / pool.base
    values = {s: part for s in SCENARIOS}
    working = list(pool.working) + [
        WorkingLine(label="fuel_switch",
                    expr=f"{_n(old_kcal)} kcal/{pool.unit} × {_n(eta, 3)} ÷ ({_n(min(0.99, eta + float(_param(p['efficiency_gain'], 'central'))), 3)} × {_n(new_kcal)} kcal/{new_unit})",
                    value=f"{_n(added['central'], 4)} {new_unit}/{pool.unit}", params={"new": new_fuel}),
        WorkingLine(label="fuel_switch_carbon",
                    expr=f"{_n(old_ef, 4)} − {_n(added['central'], 4)} × {_n(new_ef, 4)}",
                    value=f"{_n(t_unit['central'] * 1000, 4)} kgCO2e/{pool.unit}"),
    ]
    notes = [f"missing.{m}" for m in missing]
    if ntd_unit["central"] is None:
        notes.append("price_unknown")
    zero = {s: 0.0 for s in SCENARIOS}
    one = {s: 1.0 for s in SCENARIOS}
    return _Draft(spec, pool, "fraction", values, zero, one, (new_fuel, new_unit), added, t_unit, ntd_unit,
                  working, _params_lines(spec, ["efficiency_gain"]), pool.basis, list(pool.to_measure), notes)


def _compressor_heat_measure(ctx: _Ctx, spec: MeasureSpec, comp: _Pool, boiler: _Pool) -> _Draft | None:
    p = spec.saving.params
    kcal = ctx.fuel_kcal(boiler.carrier, boiler.unit)
    if kcal is None:
        return None
    eta = boiler.efficiency or _default("boiler_efficiency")
    k = _default("kcal_per_kwh")
    amounts = {}
    for s in SCENARIOS:
        a = comp.base * float(_param(p["recoverable_fraction"], s)) * float(_param(p["utilisation"], s)) * k / (kcal * eta)
        amounts[s] = min(a, float(_param(p["max_share_of_heater"], s)) * boiler.base)
    working = list(comp.working) + list(boiler.working) + [
        WorkingLine(label="compressor_heat",
                    expr=f"{_n(comp.base)} kWh × {_param(p['recoverable_fraction'], 'central')} × {_param(p['utilisation'], 'central')} × {_n(k)} kcal/kWh ÷ ({_n(kcal)} kcal/{boiler.unit} × {_n(eta, 2)})",
                    value=f"{_n(amounts['central'])} {boiler.unit}", params={"fuel": boiler.carrier}),
    ]
    d = _draft_for_pool(ctx, spec, boiler, amounts, "amount", working)
    d.basis = comp.basis if comp.basis != "answers" else boiler.basis
    d.to_measure = sorted(set(comp.to_measure) | set(boiler.to_measure))
    return d


def _heat_pump_measure(ctx: _Ctx, spec: MeasureSpec) -> _Draft | None:
    eq = ctx.checkup.equipment
    if eq is None or not eq.process_heat:
        return None
    p = spec.saving.params
    when = spec.applies.when
    groups: dict[str, list[tuple[Any, float, bool]]] = {}
    for item in eq.process_heat:
        ok, _ = _passes(item, when)
        if not ok:
            continue
        h, d = _hours(item)
        kwh_in = float(_extra(item, "kw")) * item.count * h * _default("heater_load_factor")
        groups.setdefault(_norm(item.source), []).append((item, kwh_in, d))
    if not groups:
        return None
    source = max(groups, key=lambda g: sum(e for _, e, _ in groups[g]))
    rows = groups[source]
    kwh_in = sum(e for _, e, _ in rows)
    defaulted = any(d for _, _, d in rows)
    basis = "answers_with_defaults" if defaulted else "answers"
    load = _default("heater_load_factor")
    base_lines = [WorkingLine(label="base.process_heat", expr=f"{_n(float(_extra(i, 'kw')), 1)} kW × {i.count} × {_n(_hours(i)[0])} h × {_n(load, 2)}",
                              value=f"{_n(e)} kWh", params={"n": n + 1}) for n, (i, e, _) in enumerate(rows)]
    to_measure = ["process_heat"] if defaulted else []
    if source == "electric":
        pool = _Pool(key="elec:process_heat", system="process_heat", carrier="electricity", unit="kWh", base=kwh_in,
                     basis=basis, working=base_lines, to_measure=to_measure)
        values = {s: max(0.0, 1 - float(_param(p["heater_efficiency_electric"], s)) / float(_param(p["cop"], s))) for s in SCENARIOS}
        working = base_lines + [WorkingLine(label="heat_pump_electric",
                                            expr=f"1 − {_param(p['heater_efficiency_electric'], 'central')} ÷ {_param(p['cop'], 'central')}",
                                            value=_n(values["central"], 4))]
        return _draft_for_pool(ctx, spec, pool, values, "fraction", working)
    fuel = source
    unit = library()["defaults"]["default_fuel_unit"].get(fuel, "L")
    kcal = ctx.fuel_kcal(fuel, unit)
    if kcal is None:
        return None
    k = _default("kcal_per_kwh")
    fuel_amount = kwh_in * k / kcal
    pool = _Pool(key=f"fuel:process_heat:{fuel}", system="process_heat", carrier=fuel, unit=unit, base=fuel_amount,
                 basis=basis, working=base_lines, to_measure=to_measure)
    t_f, ntd_f = _fuel_units(ctx, fuel, unit)
    kwh_per_unit, t_unit, ntd_unit = {}, {}, {}
    for s in SCENARIOS:
        added_kwh = kcal * float(_param(p["heater_efficiency_fuel"], s)) / k / float(_param(p["cop"], s))
        kwh_per_unit[s] = -added_kwh
        t_unit[s] = t_f[s] - added_kwh * ctx.ef_elec / 1000
        ntd_unit[s] = None if (ntd_f[s] is None or ctx.price_elec is None) else ntd_f[s] - added_kwh * ctx.price_elec
    working = base_lines + [
        WorkingLine(label="heat_pump_fuel_base", expr=f"{_n(kwh_in)} kWh × {_n(k)} kcal/kWh ÷ {_n(kcal)} kcal/{unit}", value=f"{_n(fuel_amount)} {unit}"),
        WorkingLine(label="heat_pump_fuel",
                    expr=f"{_n(kcal)} kcal/{unit} × {_param(p['heater_efficiency_fuel'], 'central')} ÷ {_n(k)} ÷ {_param(p['cop'], 'central')}",
                    value=f"{_n(-kwh_per_unit['central'], 3)} kWh/{unit}"),
    ]
    notes = ["price_unknown"] if ntd_unit["central"] is None else []
    one = {s: 1.0 for s in SCENARIOS}
    zero = {s: 0.0 for s in SCENARIOS}
    return _Draft(spec, pool, "fraction", one, kwh_per_unit, one, None, zero, t_unit, ntd_unit, working,
                  _params_lines(spec), basis, to_measure, notes)


def _basic_charge() -> tuple[float, str]:
    row = library()["prices"]["taipower_basic_charge"]
    return float(row["value"]), row["source"]


def _contract_kw(ctx: _Ctx) -> float | None:
    c = ctx.checkup.contract
    if c is not None and c.contract_kw:
        return float(c.contract_kw)
    return float(ctx.checkup.company.contract_kw) if ctx.checkup.company.contract_kw else None


def _money_draft(spec: MeasureSpec, ntd: dict[str, float], working: list[WorkingLine], cost: tuple[float, float] | None = None) -> _Draft:
    zero = {s: 0.0 for s in SCENARIOS}
    return _Draft(spec, None, "money", ntd, zero, zero, None, zero, zero, {s: 1.0 for s in SCENARIOS}, working,
                  _params_lines(spec), "answers", [], [], cost)


def _contract_measure(ctx: _Ctx, spec: MeasureSpec) -> _Draft | None:
    c = ctx.checkup.contract
    contract = _contract_kw(ctx)
    if c is None or contract is None or not c.peak_kw:
        return None
    basic, _src = _basic_charge()
    head = spec.saving.params["headroom"]
    ntd, working = {}, []
    for s in SCENARIOS:
        new_kw = c.peak_kw * (1 + float(_param(head, s)))
        ntd[s] = max(0.0, contract - new_kw) * basic * 12
    if ntd["central"] <= 0:
        return None
    new_c = c.peak_kw * (1 + float(head["central"]))
    working = [
        WorkingLine(label="contract_new", expr=f"{_n(c.peak_kw)} kW × (1 + {head['central']})", value=f"{_n(new_c)} kW"),
        WorkingLine(label="contract_saving", expr=f"({_n(contract)} − {_n(new_c)}) kW × {_n(basic, 1)} NT$/kW/month × 12",
                    value=f"NT$ {_n(ntd['central'])}"),
    ]
    return _money_draft(spec, ntd, working)


def _power_factor_measure(ctx: _Ctx, spec: MeasureSpec) -> _Draft | None:
    c = ctx.checkup.contract
    contract = _contract_kw(ctx)
    if c is None or contract is None or not c.power_factor:
        return None
    p = spec.saving.params
    basic, _src = _basic_charge()
    floor = float(p["floor_pf"]["central"])
    annual = contract * basic * 12

    def adj(pf: float, per_point: float) -> float:
        # share of the basic charge taken off (negative: added) at this power factor
        return (min(pf, 0.95) - floor) * 100 * per_point

    ntd = {}
    for s in SCENARIOS:
        target, per = float(_param(p["target_pf"], s)), float(_param(p["bill_share_per_point"], s))
        ntd[s] = max(0.0, (adj(target, per) - adj(c.power_factor, per)) * annual)
    if ntd["central"] <= 0:
        return None
    target, per = float(p["target_pf"]["central"]), float(p["bill_share_per_point"]["central"])
    working = [
        WorkingLine(label="pf_basic", expr=f"{_n(contract)} kW × {_n(basic, 1)} NT$/kW/month × 12", value=f"NT$ {_n(annual)}"),
        WorkingLine(label="pf_saving",
                    expr=f"({_n(min(target, 0.95) * 100, 1)} − {_n(min(c.power_factor, 0.95) * 100, 1)}) × {per * 100:g} % × NT$ {_n(annual)}",
                    value=f"NT$ {_n(ntd['central'])}"),
    ]
    return _money_draft(spec, ntd, working)


def _site_drafts(ctx: _Ctx, pools: dict[str, _Pool]) -> list[_Draft]:
    out: list[_Draft] = []
    site = ctx.result.electricity_kwh if ctx.result is not None else None
    basis = "answers"
    if not site:
        if ctx.checkup.electricity and ctx.checkup.electricity.kwh:
            site = ctx.checkup.electricity.kwh
        else:
            site = sum(p.base for p in pools.values() if p.carrier == "electricity")
            basis = "answers_with_defaults"
    answered = sum(p.base for p in pools.values() if p.carrier == "electricity" and p.basis != "industry_breakdown")
    site_notes = ["equipment_exceeds_site"] if basis == "answers" and site and answered > site else []
    if site and site > 0:
        pool = _Pool(key="site", system="site", carrier="electricity", unit="kWh", base=site, basis=basis,
                     working=[WorkingLine(label="base.site", value=f"{_n(site)} kWh")], items=[(None, site)])
        spec = _spec("energy_management_system")
        share = {s: float(_param(spec.saving.params["ems_share"], s)) for s in SCENARIOS}
        out.append(_draft_for_pool(ctx, spec, pool, share, "fraction", list(pool.working) + [
            WorkingLine(label="share", expr=f"{share['central']}", value=f"{share['low']} / {share['central']} / {share['high']}")],
            notes=list(site_notes)))
        eq = ctx.checkup.equipment
        if eq is not None and eq.roof_area_m2:
            spec = _spec("rooftop_solar")
            p = spec.saving.params
            kwp = eq.roof_area_m2 / float(p["m2_per_kwp"]["central"])
            gen = {s: kwp * float(_param(p["yield_kwh_per_kwp"], s)) for s in SCENARIOS}
            d = _draft_for_pool(ctx, spec, pool, gen, "amount", [
                WorkingLine(label="solar_kwp", expr=f"{_n(eq.roof_area_m2)} m2 ÷ {p['m2_per_kwp']['central']} m2/kWp", value=f"{_n(kwp, 1)} kWp"),
                WorkingLine(label="solar_kwh", expr=f"{_n(kwp, 1)} kWp × {p['yield_kwh_per_kwp']['central']} kWh/kWp", value=f"{_n(gen['central'])} kWh"),
            ])
            d.basis = "answers"
            d.effect_kwp = kwp  # type: ignore[attr-defined]
            out.append(d)
    return out


def _one_boiler_pool(ctx: _Ctx, pools: dict[str, _Pool], system: str = "boilers") -> list[str]:
    """Keep the boiler (or furnace) fuel with the most energy (one system, one fuel): each measure then has
    one fuel saving. Returns the fuels left out, which the page names in a note."""
    boiler = [p for k, p in pools.items() if k.startswith(f"fuel:{system}:") or k == f"elec:{system}"]
    if len(boiler) <= 1:
        return []

    def energy(p: _Pool) -> float:
        if p.carrier == "electricity":
            return p.base * _default("kcal_per_kwh")
        return p.base * (ctx.fuel_kcal(p.carrier, p.unit) or 0.0)

    keep = max(boiler, key=energy)
    dropped = []
    for p in boiler:
        if p is not keep:
            dropped.append(p.carrier)
            del pools[p.key]
    return dropped


def _drafts(ctx: _Ctx) -> list[_Draft]:
    pools = _electric_pools(ctx)
    pools.update(_boiler_pools(ctx))
    pools.update(_furnace_pools(ctx))
    pools.update(_breakdown_pools(ctx, pools))
    other_fuels = _one_boiler_pool(ctx, pools)
    other_furnace_fuels = _one_boiler_pool(ctx, pools, "furnaces")
    drafts: list[_Draft] = []
    for spec in catalogue().measures:
        method = spec.saving.method
        system = spec.system
        if system in ("contract", "site"):
            continue
        if spec.id == "compressor_heat_recovery":
            comp = pools.get("elec:air_compressors")
            boilers = [p for k, p in pools.items() if k.startswith("fuel:boilers:") and p.basis != "industry_breakdown"]
            if comp is not None and comp.basis != "industry_breakdown" and boilers:
                d = _compressor_heat_measure(ctx, spec, comp, max(boilers, key=lambda b: b.base))
                if d:
                    drafts.append(d)
            continue
        if method == "heat_pump":
            d = _heat_pump_measure(ctx, spec)
            if d:
                drafts.append(d)
            continue
        if system in ("boilers", "furnaces"):
            cand = [p for k, p in pools.items() if k.startswith(f"fuel:{system}:") or k == f"elec:{system}"]
        else:
            cand = [pools[k] for k in (f"elec:{system}",) if k in pools]
        for pool in cand:
            if pool.basis == "industry_breakdown" and not spec.breakdown_estimate:
                continue
            if spec.applies.needs_waste_heat:
                eq = ctx.checkup.equipment
                if eq is None or not eq.waste_heat_sources or pool.basis == "industry_breakdown":
                    continue
            fn = {
                "share": _share_measure,
                "affinity": _affinity_measure,
                "motor_efficiency": _motor_measure,
                "led": _led_measure,
                "boiler_efficiency": _boiler_eff_measure,
                "boiler_replacement": _boiler_replacement_measure,
                "fuel_switch": _fuel_switch_measure,
            }[method]
            d = fn(ctx, spec, pool)
            if d is not None:
                drafts.append(d)
    if other_fuels:
        for d in drafts:
            if d.pool is not None and d.pool.key.startswith("fuel:boilers:"):
                d.notes.append("other_boiler_fuels")
    if other_furnace_fuels:
        for d in drafts:
            if d.pool is not None and d.pool.system == "furnaces":
                d.notes.append("other_furnace_fuels")
    for fn in (_contract_measure, _power_factor_measure):
        d = fn(ctx, _spec("contract_capacity_optimisation" if fn is _contract_measure else "power_factor_correction"))
        if d is not None:
            drafts.append(d)
    drafts += _site_drafts(ctx, pools)
    return drafts


# --------------------------------------------------------------------------- sequencing


def _sequence(effects: list[dict[str, Any]], seen: dict[int, dict[str, float]] | None = None) -> dict[int, dict[str, float]]:
    """Units of pool energy each measure saves, applied in order to what is left. Keyed by position.

    ``seen`` (if given) receives, per position, the pool energy left when the measure's turn came."""
    out: dict[int, dict[str, float]] = {}
    order = sorted(range(len(effects)), key=lambda i: (effects[i]["pool"] == "site", effects[i]["order"]))
    remaining: dict[str, dict[str, float]] = {}
    elec_saved = {s: 0.0 for s in SCENARIOS}
    group_start: dict[tuple[str, str], dict[str, float]] = {}
    group_taken: dict[tuple[str, str], dict[str, float]] = {}
    for i in order:
        e = effects[i]
        if e["kind"] == "money" or e["pool"] is None:
            out[i] = dict(e["values"])
            continue
        pool = e["pool"]
        if pool not in remaining:
            base = e["base"]
            if pool == "site":
                remaining[pool] = {s: max(0.0, base - elec_saved[s]) for s in SCENARIOS}
            else:
                remaining[pool] = {s: base for s in SCENARIOS}
        rem = remaining[pool]
        grp = e.get("exclusive_group")
        if grp:
            key = (pool, grp)
            if key not in group_start:
                group_start[key] = dict(rem)
                group_taken[key] = {s: 0.0 for s in SCENARIOS}
            avail = group_start[key]
        else:
            avail = rem
        saved = {}
        if seen is not None:
            seen[i] = dict(avail)
        for s in SCENARIOS:
            v = e["values"][s]
            amount = v * avail[s] if e["kind"] == "fraction" else v
            saved[s] = max(0.0, min(amount, avail[s]))
        if grp:
            key = (pool, grp)
            for s in SCENARIOS:
                extra = max(0.0, saved[s] - group_taken[key][s])
                rem[s] = max(0.0, rem[s] - extra)
                group_taken[key][s] = max(group_taken[key][s], saved[s])
        else:
            for s in SCENARIOS:
                rem[s] = max(0.0, rem[s] - saved[s])
        if pool.startswith("elec:"):
            for s in SCENARIOS:
                elec_saved[s] += saved[s] * e["kwh_per_unit"][s]
        out[i] = saved
    return out


def _measure_from(draft: _Draft, saved: dict[str, float], ctx: _Ctx, order: int,
                  seen: dict[str, float] | None = None) -> Measure:
    spec = draft.spec
    lib = library()
    s_kwh = {s: saved[s] * draft.kwh_per_unit[s] for s in SCENARIOS}
    s_fuel = {s: saved[s] * draft.fuel_per_unit[s] for s in SCENARIOS}
    s_t = {s: saved[s] * draft.t_per_unit[s] for s in SCENARIOS}
    if draft.kind == "money":
        s_ntd: dict[str, float | None] = dict(saved)
        s_t = {s: 0.0 for s in SCENARIOS}
    else:
        s_ntd = {s: (None if draft.ntd_per_unit[s] is None else saved[s] * draft.ntd_per_unit[s]) for s in SCENARIOS}
    pool = draft.pool
    fuel_dict = None
    fuel_range = None
    if pool is not None and pool.carrier != "electricity":
        fuel_dict = {"fuel": pool.carrier, "amount": round(s_fuel["central"], 3), "unit": pool.unit}
        fuel_range = _ordered(s_fuel)
    added = None
    if draft.added_fuel is not None:
        added = {"fuel": draft.added_fuel[0], "amount": round(saved["central"] * draft.added_per_unit["central"], 3), "unit": draft.added_fuel[1]}

    # cost
    cost = spec.cost
    basis = cost.basis
    ntd_c = s_ntd["central"]
    cost_low = cost_high = None
    cost_lines: list[WorkingLine] = []
    if basis == "fixed":
        cost_low, cost_high = float(cost.low), float(cost.high)
        cost_lines.append(WorkingLine(label="cost_fixed", value=f"NT$ {_n(cost_low)} – {_n(cost_high)}"))
    elif basis == "per_kwp":
        kwp = getattr(draft, "effect_kwp", 0.0)
        cost_low, cost_high = float(cost.low) * kwp, float(cost.high) * kwp
        cost_lines.append(WorkingLine(label="cost_per_kwp", expr=f"{_n(kwp, 1)} kWp × NT$ {_n(float(cost.low))} – {_n(float(cost.high))}/kWp",
                                      value=f"NT$ {_n(cost_low)} – {_n(cost_high)}"))
    elif basis == "from_payback":
        if ntd_c is not None and ntd_c > 0:
            cost_low, cost_high = float(cost.low) * ntd_c, float(cost.high) * ntd_c
            cost_lines.append(WorkingLine(label="cost_from_payback",
                                          expr=f"NT$ {_n(ntd_c)} × {cost.low} – {cost.high} y",
                                          value=f"NT$ {_n(cost_low)} – {_n(cost_high)}"))
    # quote_needed: no figure
    payback = None
    cost_mid = None if cost_low is None else (cost_low + cost_high) / 2
    if cost_mid is not None and ntd_c is not None:
        def div(a: float, b: float | None) -> float | None:
            if b is None or b <= 0:
                return None
            return a / b
        if cost_high == 0:
            payback = Range(low=0.0, central=0.0, high=0.0)
        else:
            payback = Range(low=div(cost_low, s_ntd["high"]), central=div(cost_mid, ntd_c), high=div(cost_high, s_ntd["low"]))
    life = float(spec.lifetime_years.value)
    verdict = _payback_verdict(payback, life, cost_high)
    per_t = None
    if draft.kind != "money" and s_t["central"] > 0 and cost_mid is not None and ntd_c is not None:
        per_t = (cost_mid - ntd_c * life) / (s_t["central"] * life)

    working = list(draft.working)
    if pool is not None and draft.kind != "money":
        left = seen["central"] if seen else pool.base
        working.append(WorkingLine(label="sequence",
                                   value=f"{_n(saved['central'])} {pool.unit} ({_n(saved['low'])} – {_n(saved['high'])})",
                                   params={"base": f"{_n(pool.base)} {pool.unit}", "left": f"{_n(left)} {pool.unit}"}))
        if pool.carrier == "electricity":
            working.append(WorkingLine(label="carbon_elec", expr=f"{_n(s_kwh['central'])} kWh × {ctx.ef_elec} kgCO2e/kWh ÷ 1000",
                                       value=f"{_n(s_t['central'], 3)} tCO2e"))
            if ctx.price_elec is not None:
                working.append(WorkingLine(label="money_elec", expr=f"{_n(s_kwh['central'])} kWh × NT$ {_n(ctx.price_elec, 2)}",
                                           value=f"NT$ {_n(ntd_c) if ntd_c is not None else '?'}"))
        else:
            working.append(WorkingLine(label="carbon_fuel", expr=f"{_n(saved['central'])} {pool.unit} × {_n(draft.t_per_unit['central'] * 1000, 4)} kgCO2e/{pool.unit} ÷ 1000",
                                       value=f"{_n(s_t['central'], 3)} tCO2e"))
            if ntd_c is not None:
                working.append(WorkingLine(label="money_fuel", expr=f"{_n(saved['central'])} {pool.unit} × NT$ {_n(draft.ntd_per_unit['central'], 2)}",
                                           value=f"NT$ {_n(ntd_c)}"))
    working += cost_lines
    if payback is not None and payback.central is not None:
        working.append(WorkingLine(label="payback", value=f"{_n(payback.central, 2)} y"))
    if per_t is not None:
        working.append(WorkingLine(label="per_tonne",
                                   expr=f"(NT$ {_n(cost_mid)} − NT$ {_n(ntd_c)} × {_n(life)} y) ÷ ({_n(s_t['central'], 3)} t × {_n(life)} y)",
                                   value=f"NT$ {_n(per_t)}/tCO2e"))

    notes = list(draft.notes)
    if draft.kind != "money" and ctx.price_elec_source == "own":
        notes.append("own_price")
    if draft.kind != "money" and ntd_c is None:
        notes.append("price_unknown")
    if basis == "from_payback" and cost_low is not None:
        notes.append("cost_from_payback")
    if basis == "quote_needed":
        notes.append("quote_needed")
    if spec.exclusive_group:
        group = spec.exclusive_group
        notes.append("exclusive" if group == "boiler_fuel_switch" else f"exclusive_{group}")
    if verdict in ("no", "likely", "open"):
        notes.append(f"payback_{verdict}")
    src_ids = list(dict.fromkeys(list(spec.sources) + [cost.source, spec.lifetime_years.source]
                                 + [p["source"] for p in _flat_params(spec)]))
    sources = [{"id": sid, **{k: lib["sources"][sid].get(k) for k in ("title", "publisher", "year", "url", "verified")}} for sid in src_ids]
    if pool is not None and draft.kind != "money":
        if pool.carrier == "electricity":
            sources.append({"id": "electricity_factor", "title": ctx.ef_elec_source, "value": ctx.ef_elec, "unit": "kgCO2e/kWh"})
            if ctx.price_elec_source and ctx.price_elec_source != "own":
                sources.append({"id": "electricity_price", "title": ctx.price_elec_source, "value": ctx.price_elec, "unit": "NT$/kWh"})

    effect = {
        "pool": pool.key if pool is not None else None,
        "base": pool.base if pool is not None else 0.0,
        "kind": draft.kind,
        "values": dict(draft.values),
        "kwh_per_unit": dict(draft.kwh_per_unit),
        "fuel_per_unit": dict(draft.fuel_per_unit),
        "t_per_unit": dict(draft.t_per_unit),
        "ntd_per_unit": dict(draft.ntd_per_unit),
        "carrier": pool.carrier if pool is not None else None,
        "unit": pool.unit if pool is not None else None,
        "order": order,
        "exclusive_group": spec.exclusive_group,
        "cost": (cost_low, cost_high),
    }
    return Measure(
        id=spec.id,
        system=spec.system,
        names=dict(spec.names),
        cost_class=spec.cost_class,
        carbon_saving=spec.carbon_saving,
        saving_kwh=s_kwh["central"],
        saving_kwh_range=_ordered(s_kwh),
        saving_fuel=fuel_dict,
        saving_fuel_range=fuel_range,
        added_fuel=added,
        saving_tco2e=s_t["central"],
        saving_tco2e_range=_ordered(s_t),
        saving_ntd_per_year=ntd_c,
        saving_ntd_range=None if ntd_c is None else _ordered(s_ntd),
        cost_ntd_low=cost_low,
        cost_ntd_high=cost_high,
        cost_basis=basis,
        payback_years=payback,
        payback_verdict=verdict,
        ntd_per_tco2e=per_t,
        lifetime_years=life,
        basis=draft.basis,
        to_measure=list(dict.fromkeys(draft.to_measure)),
        assumptions=draft.assumptions,
        notes=list(dict.fromkeys(notes)),
        programmes=list(spec.programmes),
        sources=sources,
        working=working,
        pool=pool.key if pool is not None else None,
        exclusive_group=spec.exclusive_group,
        order=order,
        effect=effect,
    )


def _payback_verdict(payback: Range | None, life: float, cost_high: float | None) -> str | None:
    """Whether the measure pays for itself within its life: yes (even in the cautious scenario), likely (at the
    central estimate, not in the cautious one), open (it never pays back in the cautious scenario, which saves no
    money), no (not even at the central estimate); None when the cost or the saving in NT$ is unknown."""
    if payback is None or payback.central is None:
        return None
    if cost_high == 0:
        return "yes"
    if payback.central > life:
        return "no"
    if payback.high is None:
        return "open"
    return "yes" if payback.high <= life else "likely"


def _ordered(values: dict[str, Any]) -> Range:
    """A range to show: the cautious and optimistic scenarios, lowest first (a whole-site measure can
    save less in the optimistic scenario because the systems before it saved more)."""
    vals = [values[s] for s in SCENARIOS]
    if any(v is None for v in vals):
        return Range(**values)
    return Range(low=min(vals), central=values["central"], high=max(vals))


def _flat_params(spec: MeasureSpec) -> list[dict[str, Any]]:
    out = []
    for p in spec.saving.params.values():
        if isinstance(p, dict) and "source" in p:
            out.append(p)
        elif isinstance(p, dict):
            out += [v for v in p.values() if isinstance(v, dict) and "source" in v]
    return out


def _rank_key(m: Measure) -> tuple:
    pb = m.payback_years.central if m.payback_years and m.payback_years.central is not None else math.inf
    per_t = m.ntd_per_tco2e if m.ntd_per_tco2e is not None else math.inf
    # a measure that does not pay back within its life never ranks ahead of one that does
    return (m.pays_back is False, COST_CLASS_ORDER.get(m.cost_class, 9), pb, per_t, m.order)


# --------------------------------------------------------------------------- public API


def suggest(checkup: Checkup, result: Result | None = None, *, factors: Any | None = None) -> list[Measure]:
    """The measures that apply to this checkup, ranked (no-cost and low-cost first, then by payback).

    ``result`` is the inventory of the same checkup (computed here when not given and
    the checkup has activity data); ``factors`` is a ``FactorSet`` (the inventory's by
    default). Savings of measures on one system are sequenced in the library's order,
    so the list's savings add up without double counting.
    """
    if result is None and (checkup.electricity is not None or checkup.fuels):
        try:
            result = compute(checkup, factors) if factors is not None else compute(checkup)
        except Exception:  # noqa: BLE001 - advice still works from the equipment answers alone
            result = None
    ctx = _context(checkup, result, factors)
    drafts = _drafts(ctx)
    order_of = {mid: i for i, mid in enumerate(measure_ids())}
    effects = []
    for d in drafts:
        effects.append({
            "pool": d.pool.key if d.pool is not None else None,
            "base": d.pool.base if d.pool is not None else 0.0,
            "kind": d.kind,
            "values": d.values,
            "kwh_per_unit": d.kwh_per_unit,
            "order": order_of[d.spec.id],
            "exclusive_group": d.spec.exclusive_group,
        })
    seen: dict[int, dict[str, float]] = {}
    saved = _sequence(effects, seen)
    measures = [_measure_from(d, saved[i], ctx, order_of[d.spec.id], seen.get(i)) for i, d in enumerate(drafts)]
    return sorted(measures, key=_rank_key)


def total(measures: list[Measure]) -> dict[str, Any]:
    """What doing all of ``measures`` saves, re-sequenced so nothing is counted twice.

    Measures on one system apply in the library's order to what is left; of
    alternatives (the two boiler fuel switches) only the first in the list counts.
    """
    chosen: list[Measure] = []
    groups: set[str] = set()
    for m in measures:
        if m.exclusive_group:
            if m.exclusive_group in groups:
                continue
            groups.add(m.exclusive_group)
        chosen.append(m)
    effects = [m.effect for m in chosen]
    saved = _sequence(effects) if effects else {}
    kwh = {s: 0.0 for s in SCENARIOS}
    t = {s: 0.0 for s in SCENARIOS}
    ntd = {s: 0.0 for s in SCENARIOS}
    fuel: dict[tuple[str, str], float] = {}
    by_pool: dict[str, dict[str, Any]] = {}
    ntd_known = True
    for i, m in enumerate(chosen):
        e = m.effect
        sv = saved[i]
        for s in SCENARIOS:
            if e["kind"] == "money":
                ntd[s] += sv[s]
                continue
            kwh[s] += sv[s] * e["kwh_per_unit"][s]
            t[s] += sv[s] * e["t_per_unit"][s]
            if e["ntd_per_unit"][s] is None:
                ntd_known = False
            else:
                ntd[s] += sv[s] * e["ntd_per_unit"][s]
        if e["pool"] is not None and e["kind"] != "money":
            if e["carrier"] != "electricity":
                key = (e["carrier"], e["unit"])
                fuel[key] = fuel.get(key, 0.0) + sv["central"] * e["fuel_per_unit"]["central"]
            p = by_pool.setdefault(e["pool"], {"base": e["base"], "unit": e["unit"], "saved": {s: 0.0 for s in SCENARIOS}})
            for s in SCENARIOS:
                p["saved"][s] += sv[s]
    costs_low = [m.cost_ntd_low for m in chosen]
    costs_high = [m.cost_ntd_high for m in chosen]
    cost_low = sum(c for c in costs_low if c is not None)
    cost_high = sum(c for c in costs_high if c is not None)
    payback = None
    if ntd["central"] > 0:
        payback = (cost_low + cost_high) / 2 / ntd["central"]
    return {
        "count": len(chosen),
        "saving_kwh": kwh["central"],
        "saving_kwh_range": kwh,
        "saving_fuel": [{"fuel": f, "amount": a, "unit": u} for (f, u), a in fuel.items()],
        "saving_tco2e": t["central"],
        "saving_tco2e_range": t,
        "saving_ntd_per_year": ntd["central"],
        "saving_ntd_range": ntd,
        "ntd_complete": ntd_known,
        "cost_ntd_low": cost_low,
        "cost_ntd_high": cost_high,
        "cost_complete": all(c is not None for c in costs_low),
        "payback_years": payback,
        "by_pool": by_pool,
    }


def abatement_curve(measures: list[Measure], lang: str = "zh-TW") -> list[dict[str, Any]]:
    """Bars of a marginal abatement cost curve: cheapest tonne first.

    Each bar: ``x`` cumulative tCO2e a year at the bar's end (``x0``/``x1`` its edges), ``width`` (tCO2e a year), ``y``
    (NT$ per tCO2e over the measure's life; negative = it pays for itself). Only
    measures that save carbon and have a known cost are drawn; of alternatives only
    the first counts. Widths are the sequenced savings, so they add up.
    """
    chosen: list[Measure] = []
    groups: set[str] = set()
    for m in measures:
        if not m.carbon_saving or m.saving_tco2e <= 0 or m.ntd_per_tco2e is None:
            continue
        if m.exclusive_group:
            if m.exclusive_group in groups:
                continue
            groups.add(m.exclusive_group)
        chosen.append(m)
    chosen.sort(key=lambda m: m.ntd_per_tco2e)  # type: ignore[arg-type, return-value]
    out, x = [], 0.0
    for m in chosen:
        w = m.saving_tco2e
        out.append({
            "id": m.id,
            "name": m.name(lang),
            "system": m.system,
            "x": x + w,
            "x0": x,
            "x1": x + w,
            "width": w,
            "y": m.ntd_per_tco2e,
            "cost_class": m.cost_class,
        })
        x += w
    return out


def to_dict(measures: list[Measure], lang: str = "zh-TW") -> dict[str, Any]:
    """The JSON of ``python -m core advise``: the ranked measures and their total."""
    tot = total(measures)
    return {
        "measures": [m.to_dict(lang) for m in measures],
        "total": {
            "saving_kwh": _round(tot["saving_kwh"]),
            "saving_tco2e": _round(tot["saving_tco2e"], 3),
            "saving_tco2e_range": {k: _round(v, 3) for k, v in tot["saving_tco2e_range"].items()},
            "saving_ntd_per_year": _round(tot["saving_ntd_per_year"]),
            "saving_fuel": tot["saving_fuel"],
            "cost_ntd_low": _round(tot["cost_ntd_low"]),
            "cost_ntd_high": _round(tot["cost_ntd_high"]),
            "payback_years": _round(tot["payback_years"], 2),
        },
        "abatement_curve": abatement_curve(measures, lang),
    }
