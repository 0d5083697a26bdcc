"""Scope 2 market-based by MOENV's rules (data/factors/renewable_electricity.csv), worked by hand.

- 2024-02-05 announcement, 說明 一(四)1: electricity of the public utility takes the ministry's factor (0.474 for 2024);
  一(四)2: electricity bought from another seller (wheeled green power) takes the supplier's factor: 0 for solar or wind.
- 6.0.4 sheet 5 rows 24-25: certificates issued with the electricity (電證合一) count as 0.
- MOENV's inventory form, code GG3503: certificates bought without their electricity count no more since 2019.
- Taiwan publishes no residual mix: the kWh left over keep the grid factor, and the result says so.
"""

import pytest

import core

EF_2024 = 0.474


def compute(**electricity):
    return core.compute(core.parse_checkup({"format": "checkup/1", "year": 2024, "electricity": electricity}))


def test_wheeled_green_power_and_bundled_certificates_count_at_zero_the_rest_at_the_grid_factor():
    result = compute(kwh=100_000, green_kwh=20_000, rec_kwh=10_000)
    assert result.scope2_tco2e == pytest.approx(100_000 * EF_2024 / 1000)  # location-based: all kWh
    assert result.scope2_market_tco2e == pytest.approx((20_000 * 0 + 10_000 * 0 + 70_000 * EF_2024) / 1000)


def test_the_result_says_what_the_residual_is_valued_at():
    result = compute(kwh=100_000, green_kwh=20_000, rec_kwh=10_000)
    flag = next(f for f in result.flags if f.code == "market_residual_at_grid")
    assert flag.params == {"green": 20_000, "rec": 10_000, "residual": 70_000, "factor": EF_2024}
    text = flag.text()
    assert "70,000" in text and "0.474" in text and "剩餘電力組合" in text


def test_no_green_power_no_residual_note():
    result = compute(kwh=100_000)
    assert result.scope2_market_tco2e == pytest.approx(result.scope2_tco2e)
    assert "market_residual_at_grid" not in result.flag_codes()


def test_the_same_kwh_cannot_count_twice():
    # 80,000 wheeled + 30,000 certificates > 100,000 used: some kWh were entered both ways
    with pytest.raises(core.InputError) as err:
        compute(kwh=100_000, green_kwh=80_000, rec_kwh=30_000)
    assert err.value.code == "renewables_exceed_use" and err.value.field == "electricity.rec_kwh"
    assert "110,000" in err.value.message("zh-TW") and "100,000" in err.value.message("zh-TW")


def test_certificates_equal_to_the_wheeled_power_are_questioned():
    result = compute(kwh=100_000, green_kwh=30_000, rec_kwh=30_000)
    assert "renewables_maybe_twice" in result.flag_codes()
    assert result.scope2_market_tco2e == pytest.approx(40_000 * EF_2024 / 1000)


def test_all_green_gives_zero():
    result = compute(kwh=50_000, green_kwh=50_000)
    assert result.scope2_market_tco2e == pytest.approx(0)


def test_a_result_saved_before_these_rules_were_data_recomputes_from_its_snapshot():
    from core.inventory.factors import FactorSet

    checkup = core.parse_checkup({"format": "checkup/1", "year": 2024,
                                  "electricity": {"kwh": 100_000, "green_kwh": 20_000},
                                  "refrigerants": [{"refrigerant": "R-134a", "recharged_kg": 2}]})
    snap = core.compute(checkup).factors
    old = {**snap, "rows": {k: v for k, v in snap["rows"].items() if not k.startswith(("renewable:", "constant:"))}}
    old.pop("substitutions")
    again = core.compute(checkup, FactorSet.from_snapshot(old))
    assert again.scope2_market_tco2e == pytest.approx(80_000 * EF_2024 / 1000)
    assert again.total_tco2e == pytest.approx(100_000 * EF_2024 / 1000 + 2 * 1300 / 1000)
