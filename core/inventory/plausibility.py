"""Numbers that are more likely a slip than the factory: gentle questions, never refusals (data/plausibility.yaml).

- a fuel entered in a unit it is not sold in (桶裝瓦斯 in litres) is shown in the usual unit, with a question;
- electricity above what the contract capacity can draw in a year (kW × 8,760 h);
- electricity per employee far outside what manufacturing uses;
- a fuel's heat far above what the listed boilers and heaters can burn at full load all year.

Each becomes a ``Flag`` whose ``input`` names the field, so the page can ask at the field and again with the
results. ``QUESTIONS`` lists their codes: the pages show them as warnings, apart from the data-quality notes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..datafiles import load_yaml
from .factors import tables
from .limits import DATA_DIR
from .models import Checkup, Fuel
from .result import Flag, Line

QUESTIONS = ("good_production_missing", "unit_question", "kwh_above_contract", "kwh_per_employee_high", "kwh_per_employee_low", "fuel_above_equipment")


@cache
def rules() -> dict[str, Any]:
    return load_yaml((DATA_DIR / "plausibility.yaml"))


def bought_in(fuel: str | None) -> list[str]:
    """The units a fuel is bought in (the first is the default of a new row); [] for a fuel without a rule."""
    return list(rules()["bought_in"].get(fuel or "", []))


def default_unit(fuel: str | None, units: list[str]) -> str:
    """The unit a new row of ``fuel`` starts in: how it is bought, if that is one of ``units``."""
    for unit in bought_in(fuel):
        if unit in units:
            return unit
    return units[0]


def _round3(x: float) -> float:
    """Three significant figures: 2,184 → 2,180 (a conversion shown to ask, not to compute)."""
    if x == 0:
        return 0.0
    from math import floor, log10

    digits = 2 - int(floor(log10(abs(x))))
    return round(x, digits)


def _times(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def _to_unit(fuel: str, amount: float, unit: str, target: str) -> float | None:
    """``amount`` of ``fuel`` in ``unit`` expressed in ``target`` (through the fuel's density across dimensions)."""
    units = tables()["units"]
    a, b = units.get(unit), units.get(target)
    if a is None or b is None:
        return None
    base = amount * a["to_base"]
    if a["dimension"] == b["dimension"]:
        return base / b["to_base"]
    rho = (rules().get("densities", {}).get(fuel) or {}).get("kg_per_L")
    if rho is None:
        return None
    if a["dimension"] == "volume" and b["dimension"] == "mass":  # base units: L and kg
        return base * float(rho) / b["to_base"]
    if a["dimension"] == "mass" and b["dimension"] == "volume":
        return base / float(rho) / b["to_base"]
    return None


def unit_question(fuel: Fuel, where: str, unit: str) -> Flag | None:
    """A fuel entered in a unit it is not sold in: the same amount in the usual unit, as a question."""
    usual = bought_in(fuel.fuel)
    if not usual or unit in usual or unit == "NT$" or fuel.amount == 0:
        return None
    converted = _to_unit(fuel.fuel, fuel.amount, unit, usual[0])
    if converted is None:
        return None
    return Flag(code="unit_question", input=f"{where}.unit",
                params={"amount": fuel.amount, "unit": unit, "fuel": fuel.fuel, "converted": _round3(converted), "usual": usual[0]})


def checks(checkup: Checkup, lines: list[Line], kwh: float | None, snapshot: dict[str, Any]) -> list[Flag]:
    """Every question the checkup raises (computed lines and the factor snapshot give the amounts in base units)."""
    flags: list[Flag] = []
    flags += _electricity(checkup, kwh)
    flags += _fuels_vs_equipment(checkup, lines, snapshot)
    for i, g in enumerate(checkup.goods):  # a good without its production: the intensity per tonne waits for it
        if g.mass_t() is None:
            flags.append(Flag(code="good_production_missing", input=f"goods[{i}]", params={"good": g.good}))
    return flags


def _contract_kw(checkup: Checkup) -> float | None:
    if checkup.company.contract_kw:
        return checkup.company.contract_kw
    if checkup.contract is not None and checkup.contract.contract_kw:
        return checkup.contract.contract_kw
    return None


def _electricity(checkup: Checkup, kwh: float | None) -> list[Flag]:
    if not kwh:
        return []
    flags = []
    where = _electricity_field(checkup)
    kw = _contract_kw(checkup)
    hours = float(rules()["electricity"]["hours_per_year"])
    if kw and kwh > kw * hours:
        flags.append(Flag(code="kwh_above_contract", input=where,
                          params={"kwh": kwh, "kw": kw, "hours": hours, "max": kw * hours}))
    people = checkup.company.employees
    band = rules()["kwh_per_employee"]
    if people:
        per = kwh / people
        if per > float(band["high"]):
            flags.append(Flag(code="kwh_per_employee_high", input=where,
                              params={"per": per, "usual": float(band["usual"]), "times": _times(per / float(band["usual"]))}))
        elif per < float(band["low"]):
            flags.append(Flag(code="kwh_per_employee_low", input=where, params={"per": per, "usual": float(band["usual"])}))
    return flags


def _electricity_field(checkup: Checkup) -> str:
    e = checkup.electricity
    if e is None:
        return "electricity"
    if e.kwh is not None:
        return "electricity.kwh"
    if e.ntd is not None:
        return "electricity.ntd"
    return "electricity"


def _fuels_vs_equipment(checkup: Checkup, lines: list[Line], snapshot: dict[str, Any]) -> list[Flag]:
    eq = checkup.equipment
    if eq is None or not (eq.boilers or eq.process_heat):
        return []
    r = rules()["equipment"]
    eff = float(r["lowest_efficiency"])
    hours = float(rules()["electricity"]["hours_per_year"])
    flags = []
    for i, f in enumerate(checkup.fuels):
        if f.use != "stationary":
            continue
        boilers = [b for b in eq.boilers if b.fuel == f.fuel]
        heaters = [h for h in eq.process_heat if h.source == f.fuel]
        if not boilers and not heaters:
            continue
        if any(b.capacity_tph is None for b in boilers) or any(h.kw is None for h in heaters):
            continue  # a unit without its size: nothing to compare with
        cap_gj = sum(b.capacity_tph * b.count * hours * float(r["steam_gj_per_t"]) for b in boilers)  # type: ignore[operator]
        cap_gj += sum(h.kw * h.count * hours * float(r["mj_per_kwh"]) / 1000 for h in heaters)  # type: ignore[operator]
        max_fuel_gj = cap_gj / eff
        line = next((ln for ln in lines if ln.input == f"fuels[{i}]"), None)
        if line is None:
            continue
        heat = snapshot.get(f"heat:{f.fuel}:{line.unit}")
        if heat is None:
            continue
        fuel_gj = line.activity * float(heat["kcal_per_unit"]) * float(r["kj_per_kcal"]) / 1e6
        if fuel_gj > max_fuel_gj:
            flags.append(Flag(code="fuel_above_equipment", input=f"fuels[{i}].amount",
                              params={"fuel": f.fuel, "gj": fuel_gj, "max": max_fuel_gj, "times": _times(fuel_gj / max_fuel_gj)}))
    return flags
