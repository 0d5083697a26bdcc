"""The checkup file, as typed models (format ``checkup/1``).

These models are the one definition of the format: the JSON Schema in
``schema/checkup-1.schema.json`` is generated from them (``python -m core schema``)
and a test fails if the two drift apart. Field names are English and stable;
labels for people live in the message catalogues (``fields.*``).

Validation here covers shape and plain ranges (no negative amounts, no NaN, a
year from 2005 to next year). Whether a unit fits a fuel, and whether a
refrigerant is known, is checked by the calculation against the factor tables,
so that the file format does not hard-code the factor data.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..vocab import FIRST_YEAR, FORMAT_ID, FUEL_USES, OTHER_KINDS, OWN_FACTOR_KINDS, PARKS, REGISTRATIONS
from .limits import limit
from .reading import parse_amount, parse_date


def _number(value: Any) -> Any:
    """Accept what people type: ``"1,200"``, ``" 36 "``, full-width digits, ``"18萬"``, ``"180,000 度"``."""
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except ValueError:
            return value.strip()  # not a number: pydantic says so, at this field
    if isinstance(value, float) and math.isnan(value):
        raise PydanticCustomError("not_a_number", "not a number")
    return value


def _date(value: Any) -> Any:
    """A bill's date as printed: 115/01/05, 115.01.05, 民國115年1月5日 or 2026-01-05."""
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            raise PydanticCustomError("not_a_date", "not a date") from None
    return value


BillDate = Annotated[dt.date, BeforeValidator(_date)]


Amount = Annotated[float, BeforeValidator(_number), Field(ge=0, allow_inf_nan=False),
                   AfterValidator(lambda v: v + 0.0)]  # -0.0 + 0.0 is 0.0: never "-0" in a report
Count = Annotated[int, BeforeValidator(_number), Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)


def _check_max(value: float | None, key: str) -> float | None:
    if value is not None and value > limit(key):
        raise PydanticCustomError("too_large", "too large", {"max": limit(key)})
    return value


# --------------------------------------------------------------------------- company


Park = Literal[PARKS]
FactoryRegistration = Literal[REGISTRATIONS]


class Company(_Model):
    """Who the firm is: what the programme rules ask about."""

    name: str | None = Field(None, max_length=200, description="Firm name; optional.")
    industry: str | None = Field(
        None,
        pattern=r"^[0-9]{2}([0-9]{2})?$",
        description="行業標準分類 code, 2 or 4 digits (e.g. '25', '2599').",
    )
    employees: Count | None = Field(None, description="Regular employees (經常僱用員工數).")
    capital_ntd: Amount | None = Field(None, description="Paid-in capital, NT$.")
    revenue_ntd: Amount | None = Field(None, description="Annual revenue, NT$.")
    county: str | None = Field(None, max_length=10, description="County or city, e.g. 彰化縣.")
    park: Park = "none"
    factory_registration: FactoryRegistration | None = None
    contract_kw: Amount | None = Field(None, description="Taipower contract capacity, kW.")
    eu_exports: list[str] = Field(default_factory=list, description="Goods exported to the EU.")
    customer_requests: bool = Field(False, description="Customers ask for carbon data.")
    chinese_capital: bool | None = Field(None, description="Has mainland-Chinese capital (陸資).")
    state_owned: bool | None = Field(None, description="State-owned or government-funded.")

    @field_validator("employees")
    @classmethod
    def _employees_max(cls, v: int | None) -> int | None:
        return _check_max(v, "employees")  # type: ignore[return-value]

    @field_validator("capital_ntd", "revenue_ntd")
    @classmethod
    def _money_max(cls, v: float | None) -> float | None:
        return _check_max(v, "ntd")

    @field_validator("contract_kw")
    @classmethod
    def _kw_max(cls, v: float | None) -> float | None:
        return _check_max(v, "kw")


class Production(_Model):
    """Annual output, for an intensity per product unit."""

    amount: Amount = Field(gt=0)
    unit: str = Field(min_length=1, max_length=20, description="Free text, e.g. 公噸, 千支, 件.")


# --------------------------------------------------------------------------- electricity


class Bill(_Model):
    """One Taipower bill: a reading period and its kWh (bills are bimonthly)."""

    from_: BillDate = Field(alias="from", description="First day of the reading period.")
    to: BillDate = Field(description="Reading date closing the period, or the period's last day as the bill prints it.")
    kwh: Amount

    @model_validator(mode="after")
    def _order(self) -> "Bill":
        if self.to <= self.from_:
            raise PydanticCustomError("period_order", "'to' must come after 'from'")
        if (self.to - self.from_).days > 100:
            raise PydanticCustomError("period_too_long", "a bill covers at most about two months")
        _check_max(self.kwh, "kwh")
        return self


class Electricity(_Model):
    """Purchased electricity: exactly one of kwh, monthly_kwh, bills or ntd."""

    kwh: Amount | None = Field(None, description="Annual total, kWh (度).")
    unit: str = Field("kWh", description="Unit of kwh/monthly_kwh: 度, kWh or MWh.")
    monthly_kwh: list[Amount] | None = Field(None, min_length=12, max_length=12)
    bills: list[Bill] | None = Field(None, min_length=1, max_length=40)
    ntd: Amount | None = Field(None, description="Annual electricity bill, NT$ (gives an estimate).")
    ntd_per_kwh: Amount | None = Field(
        None, gt=0, description="Your own average price, NT$/kWh, from the bill; else a documented average."
    )
    green_kwh: Amount = Field(0, description="Green power wheeled to the firm (綠電轉供/直供), kWh; its certificates come with it.")
    rec_kwh: Amount = Field(
        0, description="Certificates (T-REC) bundled with other electricity used in the year (電證合一), kWh: not the wheeled "
        "green power above, and not certificates bought on their own (電證分離), which MOENV has not counted since 2019.")

    @model_validator(mode="after")
    def _one_way(self) -> "Electricity":
        given = [k for k in ("kwh", "monthly_kwh", "bills", "ntd") if getattr(self, k) is not None]
        if len(given) > 1:
            raise PydanticCustomError("choose_one", "give only one of {options}", {"options": ", ".join(given)})
        for v in [self.kwh, *(self.monthly_kwh or [])]:
            _check_max(v, "kwh")
        _check_max(self.ntd, "ntd")
        return self


# --------------------------------------------------------------------------- fuels

FuelUse = Literal[FUEL_USES]


class Fuel(_Model):
    fuel: str = Field(description="Fuel id: natural_gas, lpg, diesel, gasoline, fuel_oil, kerosene, coal…")
    amount: Amount
    unit: str = Field(description="L, 公升, 公秉/kL, m3, 度 (gas bill), 千立方公尺, kg, 公噸, or NT$.")
    use: FuelUse = "stationary"
    name: str | None = Field(None, max_length=100, description="What it is used for, e.g. 堆高機.")


# --------------------------------------------------------------------------- refrigerants


class Refrigerant(_Model):
    """A piece of cooling equipment (charge × count × leak rate) or a recharged amount.

    The leak rate is the firm's own (``leak_rate_pct``) where it knows it, else the default of the equipment type.
    """

    refrigerant: str = Field(description="R-410A, R-32, R-134a, R-404A, R-407C, R-507A, R-22…")
    charge_kg: Amount | None = Field(None, description="Charge per unit, kg (nameplate).")
    count: Count = Field(1, ge=1)
    equipment: str | None = Field(None, description="Equipment type (its default leak rate applies).")
    leak_rate_pct: Amount | None = Field(None, gt=0, le=100, description="Your own annual leak rate, % of the charge (service records).")
    recharged_kg: Amount | None = Field(None, description="Amount topped up in the year, kg.")
    name: str | None = Field(None, max_length=100)

    @model_validator(mode="after")
    def _one_way(self) -> "Refrigerant":
        if self.charge_kg is None and self.recharged_kg is None:
            raise PydanticCustomError("charge_or_recharge", "give charge_kg (with equipment) or recharged_kg")
        if self.charge_kg is not None and self.recharged_kg is not None:
            raise PydanticCustomError("choose_one", "give only one of {options}", {"options": "charge_kg, recharged_kg"})
        if self.leak_rate_pct is not None and self.recharged_kg is not None:
            raise PydanticCustomError("choose_one", "give only one of {options}", {"options": "leak_rate_pct, recharged_kg"})
        _check_max(self.charge_kg, "refrigerant_kg")
        _check_max(self.recharged_kg, "refrigerant_kg")
        _check_max(self.count, "count")
        return self


# --------------------------------------------------------------------------- septic and others


class Septic(_Model):
    """Septic tank (化糞池): CH4 from the people in the factory."""

    employees: Count | None = Field(None, description="People working on site; defaults to company.employees.")
    hours_per_year: Amount | None = Field(None, description="Working hours per person per year.")

    @model_validator(mode="after")
    def _max(self) -> "Septic":
        _check_max(self.employees, "employees")
        _check_max(self.hours_per_year, "hours_per_year")
        return self


OtherKind = Literal[OTHER_KINDS]


class Other(_Model):
    """Small sources: extinguishers, welding gas, purchased steam, or a line with your own factor."""

    kind: OtherKind
    amount: Amount
    unit: str = Field("kg", description="kg or 公噸 for gases; 公噸 for steam; free text for custom.")
    name: str | None = Field(None, max_length=100)
    factor: Amount | None = Field(None, description="kgCO2e per unit (steam and custom lines).")
    factor_source: str | None = Field(None, max_length=300, description="Where the factor comes from.")
    scope: Literal[1, 2] | None = Field(None, description="Custom lines: 1 (direct) or 2 (energy indirect).")

    @model_validator(mode="after")
    def _own_factor(self) -> "Other":
        if self.kind in OWN_FACTOR_KINDS:
            if self.factor is None:
                raise PydanticCustomError("factor_required", "a factor is required for this line")
            if not (self.factor_source or "").strip():
                raise PydanticCustomError("factor_source_required", "say where the factor comes from")
        if self.kind == "custom" and self.scope is None:
            raise PydanticCustomError("scope_required", "say whether the line is scope 1 or 2")
        _check_max(self.amount, "other_amount")
        return self


# --------------------------------------------------------------------------- equipment (for measures)


class _Equip(_Model):
    """One row of a system: a group of identical units. Unknown keys are refused, as everywhere."""

    count: Count = 1
    age_years: Amount | None = None
    hours_per_year: Amount | None = None


class AirCompressor(_Equip):
    kw: Amount
    pressure_bar: Amount | None = None
    vfd: bool | None = None
    leak_check_months_ago: Amount | None = Field(None, description="When leaks were last checked, months ago.")


class Chiller(_Equip):
    kw: Amount | None = None
    rt: Amount | None = None
    type: str | None = Field(None, description="water_cooled, air_cooled, split_ac, window_ac…")


class PumpOrFan(_Equip):
    kw: Amount
    vfd: bool | None = None
    throttled: bool | None = None


class Boiler(_Equip):
    fuel: str
    capacity_tph: Amount | None = None
    efficiency_pct: Amount | None = Field(None, le=100)
    condensate_return: bool | None = None


class Lighting(_Equip):
    type: str = Field(description="T8, T5, metal_halide, mercury, LED…")
    watts: Amount | None = None


class Motor(_Equip):
    kw: Amount
    efficiency_class: str | None = Field(None, description="IE1, IE2, IE3, IE4")


class ProcessHeat(_Equip):
    kw: Amount | None = Field(None, description="Heater power, kW.")
    temperature_c: Amount | None = None
    source: str | None = Field(None, description="What heats it now: electric, lpg, diesel, natural_gas, boiler…")


class Furnace(_Equip):
    """An industrial furnace or oven (melting, forging, heat treatment, drying, curing): heat by a burner or electric."""

    kind: str = Field("furnace", description="furnace, oven or heat_treatment")
    fuel: str = Field(description="What heats it: electric, natural_gas, lpg, diesel, fuel_oil, kerosene")
    kw: Amount | None = Field(None, description="Burner or heater rating, kW.")
    temperature_c: Amount | None = None
    recuperator: bool | None = Field(None, description="Whether its flue gas already preheats the combustion air.")


class InjectionMachine(_Equip):
    """Plastic injection-moulding machines (a group of alike machines)."""

    kw: Amount = Field(description="Pump motor (or drive) rating, kW.")
    servo: bool | None = Field(None, description="Servo-driven pump or all-electric.")
    barrel_insulation: bool | None = Field(None, description="Insulation jackets on the barrel heaters.")


class Equipment(_Model):
    has: list[str] = Field(default_factory=list, description=(
        "Systems the factory has whose details are not known (air_compressors, chillers, boilers …): their energy "
        "is then estimated from the industry's typical share. A system neither listed here nor answered is absent."))
    air_compressors: list[AirCompressor] = Field(default_factory=list)
    chillers: list[Chiller] = Field(default_factory=list)
    pumps: list[PumpOrFan] = Field(default_factory=list)
    fans: list[PumpOrFan] = Field(default_factory=list)
    boilers: list[Boiler] = Field(default_factory=list)
    process_heat: list[ProcessHeat] = Field(default_factory=list)
    lighting: list[Lighting] = Field(default_factory=list)
    motors: list[Motor] = Field(default_factory=list)
    furnaces: list[Furnace] = Field(default_factory=list)
    injection_moulding: list[InjectionMachine] = Field(default_factory=list)
    roof_area_m2: Amount | None = None
    waste_heat_sources: list[str] = Field(default_factory=list)


class Contract(_Model):
    contract_kw: Amount | None = None
    peak_kw: Amount | None = None
    power_factor: Amount | None = Field(None, le=1)


# --------------------------------------------------------------------------- CBAM goods and precursors

def _cn_code(value: Any) -> Any:
    """A CN code as people write it ('7318 15 90', '7318.15', 7318) → digits; 4, 6 or 8 of them."""
    text = str(value).replace(" ", "").replace(".", "") if isinstance(value, (str, int)) else value
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}([0-9]{2}([0-9]{2})?)?", text):
        raise PydanticCustomError("bad_cn_code", "a CN code has 4, 6 or 8 digits")
    return text


CnCode = Annotated[str, BeforeValidator(_cn_code)]


class Good(_Model):
    """A CBAM good the firm makes (EU Regulation 2023/956 Annex I), with its yearly production."""

    good: str = Field(min_length=1, max_length=40, description="Id of the good in data/cbam/goods.csv, e.g. fasteners.")
    cn_code: CnCode | None = Field(None, description="CN code, 4, 6 or 8 digits (e.g. '7318' or '73181590').")
    tonnes: Amount | None = Field(None, description="Yearly production, tonnes.")
    pieces: Count | None = Field(None, description="Yearly production in pieces (with piece_g).")
    piece_g: Amount | None = Field(None, gt=0, description="Mass of one piece, grams.")
    eu_tonnes: Amount | None = Field(None, description="Of which sold to the EU, tonnes.")
    name: str | None = Field(None, max_length=100, description="The firm's own name for the good.")

    @model_validator(mode="after")
    def _mass(self) -> "Good":
        by_pieces = self.pieces is not None or self.piece_g is not None
        if self.tonnes is not None and by_pieces:
            raise PydanticCustomError("choose_one", "give only one of {options}", {"options": "tonnes, pieces × piece_g"})
        # no production yet is allowed: the results say it is missing (never blocked); the CBAM export needs it
        for key, value in (("tonnes", self.tonnes), ("tonnes", self.eu_tonnes), ("pieces", self.pieces), ("piece_g", self.piece_g)):
            _check_max(value, key)
        return self

    def mass_t(self) -> float | None:
        """Yearly production in tonnes (pieces × grams ÷ 1,000,000 when given by the piece); None if not given."""
        if self.tonnes is not None:
            return self.tonnes
        if self.pieces is None or self.piece_g is None:
            return None
        return float(self.pieces) * float(self.piece_g) / 1_000_000


class Precursor(_Model):
    """A CBAM precursor bought for the goods (e.g. wire rod for screws), with the supplier's data if known."""

    cn_code: CnCode = Field(description="The precursor's CN code, e.g. '7213' (wire rod).")
    tonnes: Amount = Field(gt=0, description="Bought in the reporting period, tonnes.")
    country: str = Field(description="Country of production, ISO 3166 alpha-2 (TW, CN, JP…).")
    see_direct: Amount | None = Field(None, description="Supplier's specific embedded emissions, direct, tCO2e/t.")
    see_indirect: Amount | None = Field(None, description="Supplier's specific embedded emissions, indirect, tCO2e/t.")
    supplier: str | None = Field(None, max_length=200)
    for_goods: list[Count] | None = Field(None, description="Indexes into goods; default: all goods of its sector.")

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> Any:
        text = v.strip().upper() if isinstance(v, str) else v
        if not isinstance(text, str) or not re.fullmatch(r"[A-Z]{2}", text):
            raise PydanticCustomError("bad_country", "a country is two letters (ISO 3166)")
        return text

    @model_validator(mode="after")
    def _max(self) -> "Precursor":
        _check_max(self.tonnes, "tonnes")
        for value in (self.see_direct, self.see_indirect):
            _check_max(value, "see")
        if self.see_indirect is not None and self.see_direct is None:
            raise PydanticCustomError("see_direct_required", "give the supplier's direct value with the indirect one")
        return self


# --------------------------------------------------------------------------- the file


class Options(_Model):
    """Calculation options. Which values exist is the factor tables' to say (checked by the calculation)."""

    gwp: str | None = Field(None, max_length=10, description="GWP basis: AR4, AR5 or AR6 (default: the year's rule).")
    fuel_factor_set: str | None = Field(None, max_length=20, description="Fuel factor set: moenv_2024 or v6_0_4.")


class Checkup(_Model):
    """One firm's checkup for one inventory year."""

    format: Literal[FORMAT_ID] = FORMAT_ID
    year: int
    company: Company = Field(default_factory=Company)
    production: Production | None = None
    electricity: Electricity | None = None
    fuels: list[Fuel] = Field(default_factory=list)
    refrigerants: list[Refrigerant] = Field(default_factory=list)
    septic: Septic | None = None
    other: list[Other] = Field(default_factory=list)
    equipment: Equipment | None = None
    contract: Contract | None = None
    goods: list[Good] = Field(default_factory=list, max_length=50)
    precursors: list[Precursor] = Field(default_factory=list, max_length=100)
    options: Options = Field(default_factory=lambda: Options(), description="Calculation options.")

    @field_validator("year", mode="before")
    @classmethod
    def _year_number(cls, v: Any) -> Any:
        return _number(v)

    @field_validator("year")
    @classmethod
    def _year_range(cls, v: int) -> int:
        last = dt.date.today().year + 1
        if not FIRST_YEAR <= v <= last:
            raise PydanticCustomError("year_range", "year out of range", {"min": FIRST_YEAR, "max": last})
        return v
