"""Two years side by side: per scope and per source, and the electricity change split into use and factor.

Hand-worked: 2023 200,000 kWh × 0.494 = 98.8 t; 2024 150,000 kWh × 0.474 = 71.1 t; change −27.7 t =
use (150,000 − 200,000) × 0.494 ÷ 1000 = −24.7 t + factor 150,000 × (0.474 − 0.494) ÷ 1000 = −3.0 t.
"""

from __future__ import annotations

import pytest

import core
from core.inventory.compare import compare


def result(year, kwh, **more):
    return core.compute(core.parse_checkup({"format": "checkup/1", "year": year, "electricity": {"kwh": kwh}, **more}))


def test_the_electricity_change_is_split_into_use_and_factor():
    c = compare(result(2023, 200_000), result(2024, 150_000))
    e = c.electricity
    assert (e.factor_before, e.factor_after) == (0.494, 0.474)
    assert e.use_tco2e == pytest.approx(-24.7)
    assert e.factor_tco2e == pytest.approx(-3.0)
    assert e.change_tco2e == pytest.approx(71.1 - 98.8) == pytest.approx(e.use_tco2e + e.factor_tco2e)


def test_scopes_and_sources_side_by_side_including_a_source_that_is_gone():
    diesel = {"fuels": [{"fuel": "diesel", "amount": 2000, "unit": "L"}]}
    before, after = result(2023, 200_000, **diesel), result(2024, 150_000)
    c = compare(before, after)
    rows = {r.key: r for r in c.scopes}
    assert rows["scope2"].before == pytest.approx(98.8) and rows["scope2"].after == pytest.approx(71.1)
    assert rows["total"].change == pytest.approx(after.total_tco2e - before.total_tco2e)
    src = {r.key: r for r in c.sources}
    assert src["electricity"].change == pytest.approx(-27.7)
    gone = src["fuel:diesel:stationary"]
    assert gone.after is None and gone.change == pytest.approx(-before.scope1_tco2e)
    assert [r.key for r in c.sources] == ["electricity", "fuel:diesel:stationary"]  # this year's first
