"""What CBAM costs the firm's EU importers, in euros and NT$, year by year as free allocation phases out.

``cbam_cost(checkup, result, ntd_per_eur=None) -> CbamCost`` reads the goods the firm sells into the EU
(``goods[].eu_tonnes``), their embedded emissions as ``cbam.cbam_supplier_data`` works them out, and the EU's
default values with their mark-up, and prices the certificates an importer surrenders each year from 2026 to 2034:

    certificates = EU tonnes × embedded emissions (tCO₂e/t) × (1 − CBAM factor of the year)
    cost         = certificates × certificate price (EUR) × NT$ per euro

The free-allocation reduction is taken as the CBAM factor × the embedded emissions. The regulation deducts the EU
benchmark × the CBAM factor (Implementing Regulation (EU) 2025/2620, whose benchmarks are not stored): for goods that
emit more than the benchmark the real cost is higher, which the page says. "Actual instead of default" compares the
installation's own embedded emissions with the EU default value of Taiwan for the good, with the year's mark-up.
Every figure comes from data/cbam/ (free_allocation.csv, prices.yaml, rules.yaml, default_values.csv).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..datafiles import load_yaml
from ..inventory.models import Checkup
from ..inventory.result import Result
from . import reference as ref
from .cbam import cbam_supplier_data

PRICES = Path(__file__).resolve().parents[2] / "data" / "cbam" / "prices.yaml"
FIRST_YEAR, LAST_YEAR = 2026, 2034


@cache
def prices() -> dict[str, Any]:
    data = load_yaml(PRICES)
    assert data.get("format") == "cbam-prices/1", "data/cbam/prices.yaml: unknown format"
    return data


class YearCost(BaseModel):
    year: int
    cbam_factor_pct: float
    paid_share: float = Field(description="1 − CBAM factor: the share of embedded emissions the importer pays for.")
    certificates_actual: float
    certificates_default: float | None
    cost_actual_eur: float
    cost_actual_ntd: float
    cost_default_eur: float | None
    cost_default_ntd: float | None
    saved_by_actual_ntd: float | None


class GoodCost(BaseModel):
    name: str
    cn_code: str
    eu_tonnes: float
    embedded_actual: float = Field(description="tCO₂e per tonne, as CBAM counts it (direct only for iron and steel).")
    default_value: float | None = Field(description="The EU default value for Taiwan, without mark-up.")
    years: list[YearCost]


class CbamCost(BaseModel):
    goods: list[GoodCost]
    eu_tonnes_total: float
    de_minimis_t: float
    over_de_minimis: bool
    price_eur: float
    price_period: str
    price_published: str
    price_status: str
    ntd_per_eur: float
    rate_from_user: bool
    rate_status: str
    factor_status: str
    totals: list[dict[str, Any]]


def _default_for(markup: dict[str, float], total: float, year: int) -> float:
    """The default value with the year's mark-up (the latest year's from 2028 on)."""
    if str(year) in markup:
        return float(markup[str(year)])
    later = [int(y) for y in markup if int(y) <= year]
    return float(markup[str(max(later))]) if later else total


def cbam_cost(checkup: Checkup, result: Result, *, ntd_per_eur: float | None = None,
              today: dt.date | None = None) -> CbamCost | None:
    """The importers' CBAM cost for the goods the firm sells into the EU; ``None`` without EU tonnes."""
    if not checkup.goods or not any(g.eu_tonnes for g in checkup.goods):
        return None
    doc = cbam_supplier_data(checkup, result, today=today)
    p = prices()
    price = float(p["certificate_price"]["eur_per_tco2e"])
    rate = float(ntd_per_eur) if ntd_per_eur else float(p["exchange_rate"]["ntd_per_eur"])
    factors = ref.free_allocation()
    goods: list[GoodCost] = []
    for g, prod in zip(doc.goods, doc.products):
        if not g.eu_tonnes:
            continue
        years = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            factor = factors.get(year, 0.0)
            paid = 1 - factor / 100
            actual = g.eu_tonnes * prod.embedded_counted * paid
            default = None
            if prod.eu_default is not None:
                default = g.eu_tonnes * _default_for(prod.eu_default.markup, prod.eu_default.total, year) * paid
            years.append(YearCost(
                year=year, cbam_factor_pct=factor, paid_share=paid, certificates_actual=actual,
                certificates_default=default, cost_actual_eur=actual * price, cost_actual_ntd=actual * price * rate,
                cost_default_eur=None if default is None else default * price,
                cost_default_ntd=None if default is None else default * price * rate,
                saved_by_actual_ntd=None if default is None else (default - actual) * price * rate,
            ))
        goods.append(GoodCost(name=prod.name, cn_code=prod.cn_code, eu_tonnes=g.eu_tonnes, embedded_actual=prod.embedded_counted,
                              default_value=prod.eu_default.total if prod.eu_default else None, years=years))
    totals = []
    for i, year in enumerate(range(FIRST_YEAR, LAST_YEAR + 1)):
        rows = [gc.years[i] for gc in goods]
        defaults = [r.cost_default_ntd for r in rows]
        totals.append({
            "year": year,
            "cost_actual_ntd": sum(r.cost_actual_ntd for r in rows),
            "cost_default_ntd": None if any(d is None for d in defaults) else sum(d for d in defaults if d is not None),
            "saved_by_actual_ntd": None if any(d is None for d in defaults) else sum(r.saved_by_actual_ntd or 0 for r in rows),
        })
    eu_total = sum(gc.eu_tonnes for gc in goods)
    return CbamCost(
        goods=goods, eu_tonnes_total=eu_total, de_minimis_t=doc.de_minimis_t, over_de_minimis=eu_total > doc.de_minimis_t,
        price_eur=price, price_period=str(p["certificate_price"]["period"]), price_published=str(p["certificate_price"]["published"]),
        price_status=str(p["certificate_price"]["status"]), ntd_per_eur=rate, rate_from_user=bool(ntd_per_eur),
        rate_status="user" if ntd_per_eur else str(p["exchange_rate"]["status"]), factor_status="unconfirmed",
        totals=totals,
    )
