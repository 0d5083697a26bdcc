"""Emission factors, heating values, GWPs and prices, read from data/factors/.

Every number the calculation multiplies by comes from a CSV row that names its
source. ``FactorSet`` binds the tables to one inventory year, one fuel-factor
set and one GWP basis, records every row it hands out (the *snapshot*), and can
be rebuilt from a snapshot so that a saved checkup keeps its numbers after the
files are updated.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import FactorError, UnitError

FACTORS_DIR = Path(__file__).resolve().parents[2] / "data" / "factors"

GWP_BASES = ("AR4", "AR5", "AR6")
DEFAULT_GWP = "AR5"  # 環境部 2024-02-05 溫室氣體排放係數 附表四 (see data/factors/gwp.csv)
FUEL_SETS = ("moenv_2024", "v6_0_4")


def read_table(name: str) -> list[dict[str, str]]:
    """A CSV of data/factors/ as dicts; lines starting with ``#`` are comments."""
    path = FACTORS_DIR / name
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]


def _years(row: dict[str, str]) -> tuple[int, int | None]:
    start = int(row["years_from"]) if row.get("years_from") else 0
    end = int(row["years_to"]) if row.get("years_to") else None
    return start, end


def _covers(row: dict[str, str], year: int) -> bool:
    start, end = _years(row)
    return start <= year and (end is None or year <= end)


def source_text(row: dict[str, str]) -> str:
    """``document, agency (url)`` for people; the row keeps the full provenance."""
    parts = [row.get("source_document", "")]
    if row.get("source_agency"):
        parts.append(row["source_agency"])
    text = ", ".join(p for p in parts if p)
    if row.get("source_url"):
        text += f" ({row['source_url']})"
    return text


# The tables whose rows say how sure they are (a ``status`` column), and how one of their rows is named in
# flags and in ``python -m core factors --unconfirmed``.
STATUS_TABLES = {
    "electricity.csv": lambda r: r["id"],
    "fuel_factors.csv": lambda r: f"{r['set']}:{r['fuel']}:{r['use']}:{r['gas']}",
    "heat_values.csv": lambda r: r["id"],
    "gwp.csv": lambda r: f"gwp:{r['gas']}:{r['basis']}",
    "leak_rates.csv": lambda r: f"leak:{r['equipment']}",
    "septic.csv": lambda r: f"septic:{r['id']}",
    "other_factors.csv": lambda r: f"other:{r['kind']}",
    "renewable_electricity.csv": lambda r: f"renewable:{r['kind']}",
    "constants.csv": lambda r: f"constant:{r['id']}",
    "prices.csv": lambda r: f"price:{r['item']}",
}
_SNAPSHOT_TABLE = {"electricity": "electricity.csv", "heat": "heat_values.csv", "gwp": "gwp.csv", "leak": "leak_rates.csv",
                   "septic": "septic.csv", "other": "other_factors.csv", "renewable": "renewable_electricity.csv",
                   "constant": "constants.csv"}


def row_key(table: str, row: dict[str, Any]) -> str:
    """The name of a data row in flags and listings, e.g. ``ea_2024_diesel`` or ``gwp:propane:AR5``."""
    return STATUS_TABLES[table](row)


def unconfirmed_rows() -> list[dict[str, str]]:
    """Every data row whose status is ``unconfirmed``: what is known, and where it was seen."""
    out: list[dict[str, str]] = []
    for table, key in STATUS_TABLES.items():
        rows = [r for r in read_table(table) if r.get("status") == "unconfirmed"]
        if table == "prices.csv":  # one entry per item: weekly pump prices are many rows of one kind
            for item in dict.fromkeys(r["item"] for r in rows):
                mine = [r for r in rows if r["item"] == item]
                values = sorted(float(r["value"]) for r in mine)
                span = f"{mine[0]['valid_from']}–{mine[-1]['valid_to']}"
                value = f"{values[0]:g}" if values[0] == values[-1] else f"{values[0]:g}–{values[-1]:g}"
                out.append({"table": table, "row": key(mine[0]), "value": f"{value} ({len(mine)} × {span})", "unit": mine[0]["unit"],
                            "source": mine[0]["source_document"], "seen_in": mine[0].get("seen_in", ""), "note": ""})
            continue
        for row in rows:
            value = row.get("value") or row.get("kcal_per_unit") or row.get("rate_default") or ""
            unit = f"kcal/{row['unit']}" if "kcal_per_unit" in row else row.get("unit", "")
            out.append({"table": table, "row": key(row), "value": value, "unit": unit,
                        "source": row.get("source_document", ""), "seen_in": row.get("seen_in", ""), "note": row.get("note", "")})
    return out


# --------------------------------------------------------------------------- tables


@cache
def tables() -> dict[str, Any]:
    """All factor tables, parsed once per process."""
    units: dict[str, dict[str, Any]] = {}
    aliases: dict[str, list[str]] = {}
    for row in read_table("units.csv"):
        units[row["unit"]] = {**row, "to_base": float(row["to_base"])}
        for alias in [row["unit"].lower(), *row["aliases"].split("|")]:
            aliases.setdefault(alias.strip().lower(), []).append(row["unit"])
    refrigerants: dict[str, list[tuple[str, float]]] = {}
    ref_alias: dict[str, str] = {}
    for row in read_table("refrigerants.csv"):
        refrigerants.setdefault(row["refrigerant"], []).append((row["component"], float(row["mass_fraction"])))
        for alias in [row["refrigerant"], *filter(None, row["aliases"].split("|"))]:
            ref_alias[_key(alias)] = row["refrigerant"]
    leak: dict[str, dict[str, str]] = {}
    leak_alias: dict[str, str] = {}
    for row in read_table("leak_rates.csv"):
        leak[row["equipment"]] = row
        for alias in [row["equipment"], *filter(None, row["aliases"].split("|"))]:
            leak_alias[_key(alias)] = row["equipment"]
    return {
        "electricity": read_table("electricity.csv"),
        "fuel_factors": read_table("fuel_factors.csv"),
        "heat_values": read_table("heat_values.csv"),
        "gwp": read_table("gwp.csv"),
        "constants": {r["id"]: r for r in read_table("constants.csv")},
        "septic": {r["id"]: r for r in read_table("septic.csv")},
        "other": {r["kind"]: r for r in read_table("other_factors.csv")},
        "prices": read_table("prices.csv"),
        "renewables": {r["kind"]: r for r in read_table("renewable_electricity.csv")},
        "fuels": {r["fuel"]: r for r in read_table("fuels.csv")},
        "units": units,
        "unit_aliases": aliases,
        "refrigerants": refrigerants,
        "refrigerant_aliases": ref_alias,
        "leak_rates": leak,
        "leak_aliases": leak_alias,
    }


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "").replace("_", "-")


def fuel_ids() -> list[str]:
    return list(tables()["fuels"])


def refrigerant_ids() -> list[str]:
    return list(tables()["refrigerants"])


def equipment_types() -> list[str]:
    return list(tables()["leak_rates"])


def latest_electricity_year() -> int:
    return max(int(r["year"]) for r in tables()["electricity"])


def electricity_years() -> list[int]:
    return sorted(int(r["year"]) for r in tables()["electricity"])


def fuel_set_years(name: str) -> tuple[int, int | None]:
    """The inventory years a fuel-factor set applies to (its rows' years_from/years_to)."""
    rows = [r for r in tables()["fuel_factors"] if r["set"] == name]
    return _years(rows[0])


def _distance(years: tuple[int, int | None], year: int) -> int:
    start, end = years
    return start - year if year < start else (year - end if end is not None and year > end else 0)


def default_fuel_set(year: int) -> str:
    """The set whose years cover ``year`` (moenv_2024 from 2024, 6.0.4 for 2019-2023); else the nearest one.

    Years before 2019 had earlier versions of the 6.0.4 table, which the product does not carry: they get
    6.0.4, and the factor set records the substitution.
    """
    return min(FUEL_SETS, key=lambda name: _distance(fuel_set_years(name), year))


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    unit: str
    dimension: str
    to_base: float


def parse_unit(text: str | None, dimensions: tuple[str, ...], field: str | None = None) -> Unit:
    """Resolve what a person wrote (度, 公秉, m³…) to a unit of one of ``dimensions``.

    ``度`` means kWh for electricity and m³ for gas: the allowed dimensions decide.
    """
    if text is None or not str(text).strip():
        raise UnitError("unit_missing", field)
    candidates = tables()["unit_aliases"].get(str(text).strip().lower(), [])
    for name in candidates:
        row = tables()["units"][name]
        if row["dimension"] in dimensions:
            return Unit(name, row["dimension"], row["to_base"])
    if candidates:
        raise UnitError("unit_wrong_kind", field, unit=text, allowed=allowed_units(dimensions))
    raise UnitError("unknown_unit", field, unit=text, allowed=allowed_units(dimensions))


def allowed_units(dimensions: tuple[str, ...]) -> list[str]:
    return [u for u, row in tables()["units"].items() if row["dimension"] in dimensions]


# --------------------------------------------------------------------------- the factor set


@dataclass
class FactorSet:
    """The factors of one inventory year, fuel-factor set and GWP basis.

    Every lookup records the row it used in ``snapshot`` so a result can show
    (and later reproduce) exactly what it was computed with.
    """

    year: int
    fuel_set: str
    gwp_basis: str = DEFAULT_GWP
    snapshot: dict[str, dict[str, Any]] = field(default_factory=dict)
    substitutions: list[dict[str, Any]] = field(default_factory=list)
    frozen: bool = False

    def _use(self, key: str, row: dict[str, Any]) -> dict[str, Any]:
        if self.frozen:
            return self.snapshot[key]
        self.snapshot[key] = dict(row)
        return row

    def substitute(self, note: dict[str, Any]) -> None:
        """Record that a row of another year (or version) stands in; the result turns it into a flag."""
        if not self.frozen and note not in self.substitutions:
            self.substitutions.append(note)

    def _frozen_get(self, key: str) -> dict[str, Any] | None:
        if self.frozen:
            if key not in self.snapshot:
                raise FactorError("factor_not_in_snapshot", None, key=key)
            return self.snapshot[key]
        return None

    # -- electricity -------------------------------------------------------

    def electricity(self) -> dict[str, Any]:
        """The row of the electricity factor for the inventory year (or the latest before it)."""
        key = "electricity"
        if (row := self._frozen_get(key)) is not None:
            return row
        rows = sorted(tables()["electricity"], key=lambda r: int(r["year"]))
        exact = [r for r in rows if int(r["year"]) == self.year]
        if exact:
            row = exact[0]
        else:
            earlier = [r for r in rows if int(r["year"]) < self.year]
            row = earlier[-1] if earlier else rows[0]
            self.substitute({"code": "electricity_factor_substituted", "year": self.year, "used_year": int(row["year"])})
        out = {**row, "value": float(row["value"]), "year": int(row["year"])}
        return self._use(key, out)

    def electricity_factor(self) -> float:
        """kgCO2e per kWh."""
        return float(self.electricity()["value"])

    # -- GWP ----------------------------------------------------------------

    def gwp(self, gas: str) -> dict[str, Any]:
        key = f"gwp:{gas}:{self.gwp_basis}"
        if (row := self._frozen_get(key)) is not None:
            return row
        for r in tables()["gwp"]:
            if r["gas"] == gas and r["basis"] == self.gwp_basis:
                return self._use(key, {**r, "value": float(r["value"])})
        raise FactorError("gwp_missing", None, gas=gas, basis=self.gwp_basis)

    def gwp_value(self, gas: str) -> float:
        return float(self.gwp(gas)["value"])

    # -- fuels --------------------------------------------------------------

    def heat_value(self, fuel: str, unit: str) -> dict[str, Any]:
        """Lower heating value (kcal per unit) for the inventory year."""
        key = f"heat:{fuel}:{unit}"
        if (row := self._frozen_get(key)) is not None:
            return row
        rows = [r for r in tables()["heat_values"] if r["fuel"] == fuel and r["unit"] == unit]
        if not rows:
            raise FactorError("heat_value_missing", None, fuel=fuel, unit=unit)
        covering = [r for r in rows if _covers(r, self.year)]
        if covering:
            row = max(covering, key=lambda r: _years(r)[0])
        else:
            row = min(rows, key=lambda r: (_distance(_years(r), self.year), -_years(r)[0]))
            start, end = _years(row)
            self.substitute({
                "code": "heat_value_substituted", "fuel": fuel, "unit": unit, "year": self.year, "used": row["id"],
                "used_years": f"{start}" if end == start else f"{start}–{end or ''}", "source": row["source_document"],
            })
        return self._use(key, {**row, "kcal_per_unit": float(row["kcal_per_unit"])})

    def fuel_kcal_per_unit(self, fuel: str, unit: str) -> float:
        return float(self.heat_value(fuel, unit)["kcal_per_unit"])

    def tj_per_kcal(self) -> float:
        return self.constant("tj_per_kcal")

    def fuel_gas_factors(self, fuel: str, use: str, unit: str) -> list[dict[str, Any]]:
        """Per gas: kg of gas per ``unit`` of ``fuel`` burnt for ``use``, with the rows behind it.

        For the kg/TJ set the factor is kg/TJ × kcal/unit × TJ/kcal. For a per-unit set
        whose unit differs (LPG bought by kg in a litre-based set), the amount is turned
        into the set's unit by the ratio of the two heating values.
        """
        key = f"fuel:{self.fuel_set}:{fuel}:{use}:{unit}"
        if (row := self._frozen_get(key)) is not None:
            return row["gases"]
        rows = [r for r in tables()["fuel_factors"] if r["set"] == self.fuel_set and r["fuel"] == fuel and r["use"] == use]
        if not rows:
            raise FactorError("fuel_factor_missing", None, fuel=fuel, use=use, set=self.fuel_set)
        gases = []
        for r in rows:
            value = float(r["value"])
            if r["unit"] == "kg/TJ":
                hv = self.heat_value(fuel, unit)
                per_unit = value * hv["kcal_per_unit"] * self.tj_per_kcal()
                working = f"{value:g} kg/TJ × {hv['kcal_per_unit']:g} kcal/{unit} × {self.tj_per_kcal():g} TJ/kcal"
                hv_id = hv["id"]
            else:
                set_unit = r["unit"].split("/", 1)[1]
                if set_unit == unit:
                    per_unit, working, hv_id = value, f"{value:g} kg/{unit}", None
                else:
                    # both heating values from the same announcement, so their ratio is a density
                    hv_from = self.heat_value(fuel, unit)
                    hv_to = self._same_source_heat_value(fuel, set_unit, hv_from)
                    per_unit = value * hv_from["kcal_per_unit"] / hv_to["kcal_per_unit"]
                    working = (
                        f"{value:g} kg/{set_unit} × ({hv_from['kcal_per_unit']:g} kcal/{unit}"
                        f" ÷ {hv_to['kcal_per_unit']:g} kcal/{set_unit})"
                    )
                    hv_id = f"{hv_from['id']}/{hv_to['id']}"
            gases.append(
                {
                    "gas": r["gas"],
                    "kg_per_unit": per_unit,
                    "row": {k: r[k] for k in r},
                    "working": working,
                    "heat_value": hv_id,
                    "status": r["status"],
                }
            )
        self._use(key, {"gases": gases})
        return gases

    def _same_source_heat_value(self, fuel: str, unit: str, like: dict[str, Any]) -> dict[str, Any]:
        key = f"heat:{fuel}:{unit}:as:{like['id']}"
        if (row := self._frozen_get(key)) is not None:
            return row
        for r in tables()["heat_values"]:
            if r["fuel"] == fuel and r["unit"] == unit and r["source_document"] == like["source_document"]:
                return self._use(key, {**r, "kcal_per_unit": float(r["kcal_per_unit"])})
        raise FactorError("heat_value_missing", None, fuel=fuel, unit=unit)

    def fuel_kgco2e_per_unit(self, fuel: str, unit: str, use: str = "stationary") -> float:
        """kgCO2e per L, m3 or kg of a fuel, with this set's GWPs."""
        return sum(g["kg_per_unit"] * self.gwp_value(g["gas"]) for g in self.fuel_gas_factors(fuel, use, unit))

    def fuel_units(self, fuel: str) -> list[str]:
        meta = tables()["fuels"].get(fuel)
        if meta is None:
            raise FactorError("unknown_fuel", None, fuel=fuel, allowed=fuel_ids())
        return [meta["base_unit"], *filter(None, meta["alt_units"].split("|"))]

    # -- refrigerants, septic, other -----------------------------------------

    def refrigerant_gwp(self, refrigerant: str) -> tuple[float, float, list[str]]:
        """(GWP of the counted gases, GWP of gases reported apart, components) of a refrigerant."""
        comps = tables()["refrigerants"][refrigerant]
        counted = apart = 0.0
        names = []
        for gas, fraction in comps:
            row = self.gwp(gas)
            names.append(gas)
            if row["tw_gas"] == "yes":
                counted += fraction * float(row["value"])
            else:
                apart += fraction * float(row["value"])
        return counted, apart, names

    def leak_rate(self, equipment: str) -> dict[str, Any]:
        key = f"leak:{equipment}"
        if (row := self._frozen_get(key)) is not None:
            return row
        row = tables()["leak_rates"][equipment]
        rates = {k: float(row[k]) for k in ("rate_default", "rate_low", "rate_high")}
        return self._use(key, {**row, **rates})

    def _rule(self, key: str, row: dict[str, Any]) -> dict[str, Any]:
        """A method rule or constant (how green power counts, the top-up factor, kcal to TJ). Snapshots saved
        before such a rule became a data row do not hold it; they were computed with the same rule, so the
        table's row answers for them."""
        if self.frozen and key not in self.snapshot:
            return row
        return self._frozen_get(key) or self._use(key, row)

    def renewable(self, kind: str) -> dict[str, Any]:
        """How one kind of renewable electricity counts (data/factors/renewable_electricity.csv)."""
        return self._rule(f"renewable:{kind}", dict(tables()["renewables"][kind]))

    def constant_row(self, name: str) -> dict[str, Any]:
        """A row of constants.csv (conversion and method constants)."""
        row = tables()["constants"][name]
        return self._rule(f"constant:{name}", {**row, "value": float(row["value"])})

    def constant(self, name: str) -> float:
        return float(self.constant_row(name)["value"])

    def septic(self, item: str) -> dict[str, Any]:
        key = f"septic:{item}"
        if (row := self._frozen_get(key)) is not None:
            return row
        row = tables()["septic"][item]
        return self._use(key, {**row, "value": float(row["value"])})

    def other(self, kind: str) -> dict[str, Any]:
        key = f"other:{kind}"
        if (row := self._frozen_get(key)) is not None:
            return row
        row = tables()["other"][kind]
        return self._use(key, {**row, "value": float(row["value"])})

    # -- prices ---------------------------------------------------------------

    def price(self, item: str) -> tuple[float, str, str]:
        """(NT$ per unit, unit, source) for the inventory year: the day-weighted average of
        the prices in force that year; the nearest known price (flagged) outside them."""
        key = f"price:{item}"
        if (row := self._frozen_get(key)) is not None:
            return row["value"], row["unit"], row["source"]
        rows = [r for r in tables()["prices"] if r["item"] == item]
        if not rows:
            raise FactorError("price_missing", None, item=item)
        start, end = dt.date(self.year, 1, 1), dt.date(self.year + 1, 1, 1)
        weighted = days = 0.0
        used = []
        for r in rows:
            r_from = dt.date.fromisoformat(r["valid_from"])
            r_to = dt.date.fromisoformat(r["valid_to"]) + dt.timedelta(days=1) if r["valid_to"] else dt.date.max
            overlap = (min(end, r_to) - max(start, r_from)).days
            if overlap > 0:
                weighted += overlap * float(r["value"])
                days += overlap
                used.append(r)
        if days == 0:
            nearest = min(rows, key=lambda r: abs(dt.date.fromisoformat(r["valid_from"]).year - self.year))
            value, used = float(nearest["value"]), [nearest]
            self.substitute({"code": "price_substituted", "item": item, "year": self.year, "used_from": nearest["valid_from"]})
        else:
            value = weighted / days
            if days < (end - start).days:
                # part of the year has no known price: the known part's average stands in
                self.substitute({"code": "price_partial_year", "item": item, "year": self.year})
        if len(used) == 1:
            r = used[0]
            source = f"{r['value']} {r['unit']} {r['valid_from']}–{r['valid_to'] or ''}: {r['source_document']}"
        else:  # e.g. a year of weekly pump prices: name the documents once
            docs = list(dict.fromkeys(re.sub(r"\s*\(\d{4}-\d{2}-\d{2}[^)]*\)$", "", r["source_document"]) for r in used))
            source = f"{'; '.join(docs)}（{used[0]['valid_from']}～{used[-1]['valid_to'] or ''} 共 {len(used)} 個價格，按天數加權）"
        self._use(key, {"value": value, "unit": rows[0]["unit"], "source": source, "rows": used})
        return value, rows[0]["unit"], source

    # -- snapshot -------------------------------------------------------------

    def to_snapshot(self) -> dict[str, Any]:
        return {"year": self.year, "fuel_set": self.fuel_set, "gwp_basis": self.gwp_basis, "rows": self.snapshot,
                "substitutions": [dict(s) for s in self.substitutions]}

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any]) -> "FactorSet":
        """A set that answers only from the snapshot: the numbers a saved result was made with (and the
        substitutions that were flagged then)."""
        return cls(snap["year"], snap["fuel_set"], snap["gwp_basis"], snapshot=dict(snap["rows"]),
                   substitutions=[dict(s) for s in snap.get("substitutions", [])], frozen=True)

    def unconfirmed(self) -> list[dict[str, Any]]:
        """One note per row handed out whose status is ``unconfirmed``: the result flags each of them.

        ``row`` names the data row (its id, or table:key), so a reader can find it with
        ``python -m core factors --unconfirmed``.
        """
        notes: list[dict[str, Any]] = []
        for key, entry in self.snapshot.items():
            kind, _, rest = key.partition(":")
            if kind == "fuel":
                notes += [{"code": "factor_unconfirmed", "factor_key": f"sources.fuel.{g['row']['fuel']}", "gas": g["gas"],
                           "row": row_key("fuel_factors.csv", g["row"])}
                          for g in entry["gases"] if g["status"] == "unconfirmed"]
            elif kind == "price":
                if any(r.get("status") == "unconfirmed" for r in entry["rows"]):
                    label = "sources.electricity" if rest == "electricity" else f"sources.fuel.{rest}"
                    notes.append({"code": "price_unconfirmed", "item_key": label, "row": row_key("prices.csv", entry["rows"][0])})
            elif entry.get("status") == "unconfirmed":
                name = row_key(_SNAPSHOT_TABLE[kind], entry)
                if kind == "heat":
                    notes.append({"code": "heat_value_unconfirmed", "fuel": entry["fuel"], "unit": entry["unit"],
                                  "source": entry["source_document"], "row": name})
                elif kind == "gwp":
                    notes.append({"code": "gwp_unconfirmed", "gas": entry["gas"], "basis": entry["basis"], "row": name})
                else:
                    notes.append({"code": "row_unconfirmed", "source": entry.get("source_document", ""), "row": name})
        unique: list[dict[str, Any]] = []
        for note in notes:
            if note not in unique:
                unique.append(note)
        return unique


def load_factor_set(year: int, fuel_set: str | None = None, gwp: str | None = None) -> FactorSet:
    """The factors for an inventory year (fuel set and GWP basis default to Taiwan's rules for that year)."""
    gwp = (gwp or DEFAULT_GWP).upper()
    if gwp not in GWP_BASES:
        raise FactorError("unknown_gwp", "options.gwp", value=gwp, allowed=GWP_BASES)
    fuel_set = fuel_set or default_fuel_set(year)
    if fuel_set not in FUEL_SETS:
        raise FactorError("unknown_fuel_set", "options.fuel_factor_set", value=fuel_set, allowed=FUEL_SETS)
    fs = FactorSet(year, fuel_set, gwp)
    start, end = fuel_set_years(fuel_set)
    if _distance((start, end), year):
        fs.substitute({"code": "fuel_set_substituted", "year": year, "set": fuel_set, "set_key": f"report.fuel_set.{fuel_set}",
                       "from": start, "to": end or ""})
    return fs


def resolve_refrigerant(name: str, field: str | None = None) -> str:
    found = tables()["refrigerant_aliases"].get(_key(name))
    if not found:
        raise FactorError("unknown_refrigerant", field, value=name, allowed=refrigerant_ids())
    return found


def resolve_equipment(name: str, field: str | None = None) -> str:
    found = tables()["leak_aliases"].get(_key(name))
    if not found:
        raise FactorError("unknown_equipment", field, value=name, allowed=equipment_types())
    return found
