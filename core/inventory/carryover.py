"""Next year's checkup from this year's: every row carried over for the owner to confirm or change.

What describes the factory (the company, its fuels and their units, the septic tank, the air-conditioners and
their refrigerant, the equipment and the Taipower contract) is carried as it was. What is measured anew each year
(the amount of each fuel, the kWh, a refrigerant top-up, the production, the goods made and the steel bought,
the revenue) is left blank, so that last
year's figure is never mistaken for this year's; it comes back beside the field as last year's value.

    >>> carried = next_year(core.to_data(checkup))     # doctest: +SKIP
    >>> carried.data["year"], carried.last_year["fuels[0].amount"]   # doctest: +SKIP
    (2025, 2000)
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

# copied whole: they describe the factory, not one year's activity
KEPT = ("format", "options", "equipment", "contract", "septic")
# per row: the fields measured anew each year (left blank, remembered as last year's value)
YEARLY_ROW_FIELDS = {"fuels": ("amount",), "refrigerants": ("recharged_kg",), "other": ("amount",),
                     "goods": ("tonnes", "pieces", "eu_tonnes"), "precursors": ("tonnes", "see_direct", "see_indirect")}
YEARLY_COMPANY_FIELDS = ("revenue_ntd",)
ELECTRICITY_TOTALS = ("kwh", "ntd")  # a single yearly figure the owner typed (months and bills are not carried)


@dataclass
class CarriedOver:
    """Next year's answers, and last year's value of each field left blank (by field path)."""

    data: dict[str, Any]
    last_year: dict[str, Any] = field(default_factory=dict)


def next_year(data: dict[str, Any]) -> CarriedOver:
    """The checkup of the year after ``data``'s (a checkup in file form), every row carried over."""
    old = copy.deepcopy(data)
    new: dict[str, Any] = {k: old[k] for k in KEPT if k in old}
    new.setdefault("format", "checkup/1")
    last: dict[str, Any] = {}
    try:
        new["year"] = int(old.get("year")) + 1
    except (TypeError, ValueError):
        pass  # no year yet: the page asks for it
    company = dict(old.get("company") or {})
    for key in YEARLY_COMPANY_FIELDS:
        if key in company:
            last[f"company.{key}"] = company.pop(key)
    new["company"] = company
    production = old.get("production")
    if isinstance(production, dict):  # an amount and its unit go together: both come back as last year's
        for key in ("amount", "unit"):
            if production.get(key) is not None:
                last[f"production.{key}"] = production[key]
    electricity = old.get("electricity")
    if isinstance(electricity, dict):
        for key in ELECTRICITY_TOTALS:
            if electricity.get(key) is not None:
                last[f"electricity.{key}"] = electricity[key]
    for name, yearly in YEARLY_ROW_FIELDS.items():
        rows = old.get(name)
        if not isinstance(rows, list) or not rows:
            continue
        carried = []
        for i, row in enumerate(r for r in rows if isinstance(r, dict)):
            row = dict(row)
            for key in yearly:
                if key in row:
                    last[f"{name}[{i}].{key}"] = row.pop(key)
            carried.append(row)
        new[name] = carried
    return CarriedOver(new, last)


def blank_rows(carried: CarriedOver) -> list[str]:
    """The rows whose yearly figure is left blank (``fuels[0]`` …): the owner fills them in for the new year."""
    rows = []
    for path in carried.last_year:
        if "[" in path:
            rows.append(path.rsplit(".", 1)[0])
    return rows
