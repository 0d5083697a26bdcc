"""What CBAM costs the screw factory's EU importer (core/exports/cost.py), worked by hand from data/cbam/.

examples/screws.yaml sells 120 t of 7318 15 bolts into the EU; their embedded emissions as CBAM counts them (direct
only, iron and steel) are 2.5149 tCO₂e/t (core.exports.cbam, tested in test_exports_cbam); the EU default for Taiwan
is 2.707 (2.9779 with the 2026 mark-up of 10 %, 3.2486 in 2027, 3.5193 from 2028)."""

from __future__ import annotations

import pytest

import core
from core.exports import reference as ref
from core.exports.cost import cbam_cost, prices

SCREWS = core.load("examples/screws.yaml")
RESULT = core.compute(SCREWS)
EMBEDDED = 2.51487838539168


def test_the_price_the_rate_and_the_phase_out_are_data_with_their_source():
    p = prices()
    assert p["certificate_price"]["eur_per_tco2e"] == 75.36  # European Commission, Q1 2026, published 2026-04-07
    assert p["certificate_price"]["published"] == "2026-04-07" and p["certificate_price"]["url"].startswith("https://")
    assert p["exchange_rate"]["status"] == "unconfirmed" and p["exchange_rate"]["basis"]
    factors = ref.free_allocation()
    assert (factors[2026], factors[2030], factors[2034]) == (97.5, 51.5, 0)


def test_importer_cost_year_by_year_by_hand():
    cost = cbam_cost(SCREWS, RESULT)
    g = cost.goods[0]
    assert g.eu_tonnes == 120 and g.embedded_actual == pytest.approx(EMBEDDED)
    by_year = {y.year: y for y in g.years}
    # 2026: 120 t × 2.51488 × (1 − 97.5 %) = 7.5446 certificates × €75.36 × NT$36.5 = NT$ 20,752.6
    assert by_year[2026].certificates_actual == pytest.approx(120 * EMBEDDED * 0.025)
    assert by_year[2026].cost_actual_ntd == pytest.approx(20_752.6, abs=0.1)
    # with the EU default and its 2026 mark-up: 120 × 2.9779 × 0.025 × 75.36 × 36.5 = NT$ 24,573.4
    assert by_year[2026].cost_default_ntd == pytest.approx(24_573.4, abs=0.1)
    # 2030: half the free allocation gone (51.5 % left): 120 × 2.51488 × 0.485 × 75.36 × 36.5 = NT$ 402,600
    assert by_year[2030].cost_actual_ntd == pytest.approx(402_600, abs=1)
    # 2034: no free allocation; default from 2028 with its 30 % mark-up (3.5193):
    # saved by actual data = 120 × (3.5193 − 2.51488) × 75.36 × 36.5 = NT$ 331,536
    assert by_year[2034].saved_by_actual_ntd == pytest.approx(331_536, abs=1)
    assert [t["year"] for t in cost.totals] == list(range(2026, 2035))
    costs = [t["cost_actual_ntd"] for t in cost.totals]
    assert costs == sorted(costs)  # the cost only grows as free allocation phases out


def test_the_50_tonne_line_and_the_users_exchange_rate():
    cost = cbam_cost(SCREWS, RESULT, ntd_per_eur=35.0)
    assert cost.de_minimis_t == 50 and cost.eu_tonnes_total == 120 and cost.over_de_minimis
    assert cost.rate_from_user and cost.rate_status == "user"
    assert cost.totals[0]["cost_actual_ntd"] == pytest.approx(120 * EMBEDDED * 0.025 * 75.36 * 35.0)
    small = SCREWS.model_copy(deep=True)
    small.goods[0].eu_tonnes = 30
    assert not cbam_cost(small, RESULT).over_de_minimis


def test_no_eu_tonnes_no_estimate():
    none = SCREWS.model_copy(deep=True)
    none.goods = []
    assert cbam_cost(none, RESULT) is None
