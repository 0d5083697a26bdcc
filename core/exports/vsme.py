"""VSME B3 (energy and greenhouse gas emissions), filled from a checkup.

``vsme_b3(checkup, result) -> VsmeDocument`` is a pure function. Energy in MWh by carrier (paragraph 29),
gross Scope 1 and location-based Scope 2 (paragraph 30), market-based Scope 2 as the guidance allows
(paragraph 109), and the GHG intensity per turnover (paragraph 31). What the checkup does not hold is
listed for the firm to add, never guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .._version import __version__
from ..errors import CheckupError, ExportProblem
from ..i18n import t
from ..inventory.factors import FactorSet, load_factor_set
from ..inventory.models import Checkup
from ..inventory.result import Result
from . import reference as ref
from .common import Note, _Doc

FORMAT = "vsme-b3/1"


class FuelEnergy(_Doc):
    input: str
    fuel: str
    label: str
    amount: float
    unit: str
    kcal_per_unit: float
    mwh: float
    renewable: bool
    working: str


class EnergyRow(_Doc):
    renewable_mwh: float
    non_renewable_mwh: float
    total_mwh: float


class Energy(_Doc):
    electricity: EnergyRow
    fuels: EnergyRow
    total: EnergyRow
    fuel_lines: list[FuelEnergy]
    electricity_working: str


class Ghg(_Doc):
    scope1_tco2e: float
    scope2_location_tco2e: float
    scope2_market_tco2e: float | None
    total_location_tco2e: float = Field(description="Paragraph 30: Scope 1 + location-based Scope 2.")
    reported_apart_tco2e: float = Field(description="Gases outside the seven (HCFCs), not in the totals.")


class Intensity(_Doc):
    revenue_ntd: float | None
    tco2e_per_million_ntd: float | None
    turnover_eur: float | None = Field(None, description="To be entered by the firm (B1 24(e)(iv)).")
    tco2e_per_million_eur: float | None = None


class Datapoint(_Doc):
    id: str
    paragraph: str
    worksheet: str
    unit: str
    filled_from: str


class VsmeDocument(_Doc):
    format: Literal["vsme-b3/1"] = FORMAT
    generated: dt.date
    engine_version: str
    year: int
    company: str | None
    energy: Energy
    ghg: Ghg
    intensity: Intensity
    datapoints: list[Datapoint]
    the_sme_adds: list[str]
    the_sme_adds_ids: list[str]
    standard: str
    notes: list[Note]


def _row(renewable: float, total: float) -> EnergyRow:
    return EnergyRow(renewable_mwh=renewable, non_renewable_mwh=total - renewable, total_mwh=total)


def vsme_b3(checkup: Checkup, result: Result, *, today: dt.date | None = None) -> VsmeDocument:
    if not result.lines:
        raise ExportProblem("vsme_no_inventory")
    b3 = ref.vsme_b3()
    mwh_per_tj = float(b3["units"]["mwh_per_tj"])
    mwh_per_kwh = float(b3["units"]["mwh_per_kwh"])
    notes = [Note(code="vsme_grid_not_split", status="info")]

    kwh = result.electricity_kwh or 0.0
    renewable_kwh = 0.0
    if checkup.electricity is not None:
        renewable_kwh = min(checkup.electricity.green_kwh + checkup.electricity.rec_kwh, kwh)
    electricity = _row(renewable_kwh * mwh_per_kwh, kwh * mwh_per_kwh)
    elec_working = (f"{kwh:,.1f} kWh × {mwh_per_kwh:g} = {kwh * mwh_per_kwh:,.3f} MWh; renewable = green power "
                    f"+ T-RECs = {renewable_kwh:,.1f} kWh")

    frozen = FactorSet.from_snapshot(result.factors) if result.factors else None
    live = load_factor_set(result.year, result.fuel_factor_set, result.gwp_basis)
    fuels: list[FuelEnergy] = []
    seen: set[str] = set()
    for line in result.lines:
        if line.category != "fuel" or line.input in seen:
            continue
        seen.add(line.input)
        fuel = line.source.split(":")[1]
        try:
            kcal = frozen.fuel_kcal_per_unit(fuel, line.unit) if frozen else live.fuel_kcal_per_unit(fuel, line.unit)
            tj = frozen.tj_per_kcal() if frozen else live.tj_per_kcal()
        except CheckupError:
            kcal, tj = live.fuel_kcal_per_unit(fuel, line.unit), live.tj_per_kcal()
        mwh = line.activity * kcal * tj * mwh_per_tj
        fuels.append(FuelEnergy(
            input=line.input, fuel=fuel, label=t(line.label_key, "en"), amount=line.activity, unit=line.unit,
            kcal_per_unit=kcal, mwh=mwh, renewable=False,
            working=f"{line.activity:,.3f} {line.unit} × {kcal:g} kcal/{line.unit} × {tj:g} TJ/kcal × {mwh_per_tj:.4f} MWh/TJ = {mwh:,.3f} MWh",
        ))
    fuel_total = sum(f.mwh for f in fuels)
    fuel_row = _row(sum(f.mwh for f in fuels if f.renewable), fuel_total)
    total = _row(electricity.renewable_mwh + fuel_row.renewable_mwh, electricity.total_mwh + fuel_row.total_mwh)

    s1, s2 = result.scope1_tco2e, result.scope2_tco2e
    ghg = Ghg(scope1_tco2e=s1, scope2_location_tco2e=s2, scope2_market_tco2e=result.scope2_market_tco2e,
              total_location_tco2e=s1 + s2, reported_apart_tco2e=result.reported_apart_tco2e)
    revenue = checkup.company.revenue_ntd
    if revenue:
        intensity = Intensity(revenue_ntd=revenue, tco2e_per_million_ntd=(s1 + s2) / (revenue / 1e6))
        notes.append(Note(code="vsme_no_rate", status="check"))
    else:
        intensity = Intensity(revenue_ntd=None, tco2e_per_million_ntd=None)
        notes.append(Note(code="vsme_no_revenue", status="check"))

    return VsmeDocument(
        generated=today or dt.date.today(), engine_version=__version__, year=checkup.year,
        company=checkup.company.name,
        energy=Energy(electricity=electricity, fuels=fuel_row, total=total, fuel_lines=fuels, electricity_working=elec_working),
        ghg=ghg, intensity=intensity,
        datapoints=[Datapoint(id=d["id"], paragraph=str(d["paragraph"]), worksheet=d["worksheet"], unit=d["unit"],
                              filled_from=" ".join(str(d["filled_from"]).split())) for d in b3["datapoints"]],
        the_sme_adds=[t(f"exports.vsme.adds.{k}", "en") for k in b3["the_sme_adds"]],
        the_sme_adds_ids=list(b3["the_sme_adds"]), standard=b3["standard"], notes=notes,
    )
