"""Option lists for the inputs, labelled from the catalogue and the factor tables."""

from __future__ import annotations

import datetime as dt

from core.inventory import factors
from core.inventory.plausibility import bought_in
from core.vocab import FIRST_YEAR, FUEL_USES, OTHER_KINDS, OTHER_UNITS, OWN_FACTOR_KINDS, PARKS, REGISTRATIONS  # noqa: F401  (the pages take their option lists here)

from .i18n import has, lang, t

INDUSTRIES = [f"{n:02d}" for n in range(8, 35)]


def years(current: object = None) -> list[int]:
    """Inventory years to choose from, newest first (an older year from a file stays choosable)."""
    last = dt.date.today().year
    options = list(range(last, 2015, -1))
    if isinstance(current, int) and current not in options and FIRST_YEAR <= current <= last + 1:
        options.append(current)
        options.sort(reverse=True)
    return options


def industry_label(code: str | None) -> str:
    if not code:
        return t("checkup.choose")
    key = f"checkup.industry.c{code[:2]}"
    return f"{code} {t(key)}" if has(key) else code


def fuel_label(fuel: str | None) -> str:
    if not fuel:
        return t("checkup.quick.no_fuel")
    row = factors.tables()["fuels"].get(fuel)
    if row is None:
        return fuel
    return row["label_zh"] if lang() == "zh-TW" else row["label_en"]


def fuels() -> list[str]:
    return factors.fuel_ids()


def fuel_has_vehicle(fuel: str) -> bool:
    row = factors.tables()["fuels"].get(fuel)
    return bool(row and row["vehicle"] == "yes")


def fuel_units(fuel: str) -> list[str]:
    """The units a fuel can be entered in: the one it is bought in first, others of its kind, NT$ where a price is known."""
    row = factors.tables()["fuels"].get(fuel)
    if row is None:
        return ["L"]
    own = [row["base_unit"], *filter(None, row["alt_units"].split("|"))]
    dims = tuple(dict.fromkeys(factors.tables()["units"][u]["dimension"] for u in own))
    units = list(dict.fromkeys(own + factors.allowed_units(dims)))
    usual = [u for u in bought_in(fuel) if u in units]  # the unit it is bought in comes first: 桶裝瓦斯 in kg
    units = usual + [u for u in units if u not in usual]
    if row["price_item"]:
        units.append("NT$")
    return units


def unit_label(unit: str) -> str:
    row = factors.tables()["units"].get(unit)
    if row is None:
        return unit
    return row["label_zh"] if lang() == "zh-TW" else row["label_en"]


def refrigerants() -> list[str]:
    return factors.refrigerant_ids()


def equipment() -> list[str]:
    return factors.equipment_types()


def equipment_label(equip: str | None) -> str:
    if not equip:
        return t("checkup.choose")
    row = factors.tables()["leak_rates"].get(equip)
    if row is None:
        return equip
    label = row["label_zh"] if lang() == "zh-TW" else row["label_en"]
    return t("checkup.refrigerants.equipment_option", label=label, rate=f"{float(row['rate_default']) * 100:g}%")


def other_label(kind: str) -> str:
    return t(f"sources.other.{kind}")
