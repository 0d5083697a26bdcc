"""Reference data of the exports, read once from ``data/cbam``, ``data/moenv`` and ``data/vsme``.

Everything a customer's format needs that is a rule or a published value (CN scope, EU default values,
the mark-up, MOENV code tables, VSME datapoints) lives in those files with its source; this module only
reads them and answers look-ups.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..datafiles import load_yaml
from ..errors import ExportProblem
from ..inventory.goods import Scope, cn_scope  # noqa: F401 - re-exported: the exports read the CN scope here

DATA = Path(__file__).resolve().parents[2] / "data"
OTHER = "OTHER"  # the table 'Other countries and territories' of Annex I


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _yaml(path: Path) -> dict[str, Any]:
    return load_yaml(path)


@cache
def cbam_rules() -> dict[str, Any]:
    return _yaml(DATA / "cbam" / "rules.yaml")


@cache
def free_allocation() -> dict[int, float]:
    return {int(r["year"]): float(r["cbam_factor_percent"]) for r in _csv(DATA / "cbam" / "free_allocation.csv")}


# --------------------------------------------------------------------------- CN scope (Annex I and II)


# Scope and cn_scope live with the goods list in core.inventory.goods (the programme match uses them too)


# --------------------------------------------------------------------------- EU default values (IR 2025/2621 Annex I)


@dataclass(frozen=True)
class DefaultValue:
    country: str          # the table the value comes from: an ISO code or OTHER
    asked_country: str
    cn_line: str          # the CN code of the annex line used
    description: str
    sector: str
    direct: float
    indirect: float | None
    total: float
    markup: dict[int, float]  # year → value including the mark-up, as listed
    route: str
    fallback: bool         # True when the 'Other countries and territories' line replaced the country's


@cache
def _default_rows() -> dict[str, list[dict[str, str]]]:
    by_country: dict[str, list[dict[str, str]]] = {}
    for row in _csv(DATA / "cbam" / "default_values.csv"):
        by_country.setdefault(row["country"], []).append(row)
    return by_country


def default_countries() -> list[str]:
    return sorted(c for c in _default_rows() if c != OTHER)


def _match(rows: list[dict[str, str]], cn_code: str, field: str | None) -> dict[str, str] | None:
    """The annex line for a CN code: the longest line the code starts with, else the lines under it if they agree."""
    longer = [r for r in rows if cn_code.startswith(r["cn_code"])]
    if longer:
        return max(longer, key=lambda r: len(r["cn_code"]))
    under = [r for r in rows if r["cn_code"].startswith(cn_code)]
    if not under:
        return None
    if len({(r["direct"], r["indirect"], r["total"]) for r in under}) == 1:
        return {**under[0], "cn_code": cn_code, "description": f"all {len(under)} lines under {cn_code} (same value)"}
    raise ExportProblem("cbam_cn_too_short", field, cn=cn_code, lines=", ".join(sorted(r["cn_code"] for r in under)))


def _value(row: dict[str, str], asked: str, fallback: bool) -> DefaultValue:
    markup = {y: float(row[f"markup_{y}"]) for y in (2026, 2027, 2028) if row.get(f"markup_{y}")}
    return DefaultValue(
        country=row["country"],
        asked_country=asked,
        cn_line=row["cn_code"],
        description=row["description"],
        sector=row["sector"],
        direct=float(row["direct"]),
        indirect=float(row["indirect"]) if row["indirect"] else None,
        total=float(row["total"]),
        markup=markup,
        route=row["route"],
        fallback=fallback,
    )


def default_value(cn_code: str, country: str, field: str | None = None) -> DefaultValue:
    """The EU default value of a good for its country of production, with Annex I's fallback rule.

    A listed country without a line (or without a value) for the good takes the line of 'Other countries and
    territories'. A country whose table is not stored here is refused rather than given that line: its own
    table may well differ.
    """
    rows = _default_rows()
    if country not in rows:
        raise ExportProblem("cbam_no_default_table", field, country=country, stored=", ".join(default_countries()))
    row = _match([r for r in rows[country] if r["total"]], cn_code, field)
    if row is not None:
        return _value(row, country, fallback=False)
    other = _match(rows[OTHER], cn_code, field)
    if other is None:
        raise ExportProblem("cbam_no_default_value", field, cn=cn_code, country=country)
    return _value(other, country, fallback=True)


def markup_percent(sector: str, year: int) -> float:
    rule = cbam_rules()["rules"]["default_value_markup"]
    if sector.lower().startswith("fertil"):
        return float(rule["fertilisers"])
    return float(rule["percent"].get(str(year), rule["from_2028"] if year > 2028 else 0))


# --------------------------------------------------------------------------- MOENV and VSME


@cache
def moenv_codes() -> dict[str, dict[str, str]]:
    """Code → row of the official tables (附表五–七) for the codes the exports use."""
    return {r["code"]: r for r in _csv(DATA / "moenv" / "codes.csv")}


@cache
def moenv_source_codes() -> list[dict[str, str]]:
    return _csv(DATA / "moenv" / "source_codes.csv")


@cache
def moenv_refrigerant_codes() -> dict[str, str]:
    return {r["refrigerant"]: r["material"] for r in _csv(DATA / "moenv" / "refrigerant_codes.csv")}


@cache
def moenv_layout() -> dict[str, Any]:
    return _yaml(DATA / "moenv" / "layout.yaml")


@cache
def vsme_b3() -> dict[str, Any]:
    return _yaml(DATA / "vsme" / "b3.yaml")


@cache
def _categories() -> list[dict[str, str]]:
    return _csv(DATA / "cbam" / "aggregated_categories.csv")


def aggregated_category(cn_code: str) -> str:
    hits = [r for r in _categories() if cn_code.startswith(r["prefix"])]
    return max(hits, key=lambda r: len(r["prefix"]))["category"] if hits else ""
