"""The calculation against values worked by hand from the official factors.

Every expected value below is written as the arithmetic on the published
numbers (with the document they come from), not as the engine's own output.
"""

import datetime as dt
from pathlib import Path

import pytest

import core
from core.inventory.factors import load_factor_set

TJ_PER_KCAL = 4.1868e-9  # 溫室氣體排放係數 附表一 註2
GWP_AR5 = {"CH4": 28, "N2O": 265}  # 附表四


def checkup(**parts):
    return core.parse_checkup({"format": "checkup/1", "year": parts.pop("year", 2024), **parts})


def total(**parts) -> float:
    return core.compute(checkup(**parts)).total_tco2e


# ---------------------------------------------------------------- electricity


def test_electricity_2024_uses_the_0474_factor():
    # 能源署 113年度電力排碳係數 0.474 kgCO2e/kWh
    assert total(electricity={"kwh": 150000}) == pytest.approx(150000 * 0.474 / 1000)


def test_electricity_2025_uses_the_industry_factor_0466_not_0467():
    # 能源署 114年度 產業電力排碳係數 0.466 (the utility average 0.467 is not the inventory value)
    assert total(year=2025, electricity={"kwh": 1_000_000}) == pytest.approx(466.0)


def test_each_published_year_has_its_own_factor():
    expected = {2017: 0.554, 2018: 0.533, 2019: 0.509, 2020: 0.502, 2021: 0.509, 2022: 0.495, 2023: 0.494}
    for year, factor in expected.items():
        assert total(year=year, electricity={"kwh": 1000}) == pytest.approx(factor), year


def test_a_year_without_a_published_factor_uses_the_latest_and_says_so():
    year = dt.date.today().year
    result = core.compute(checkup(year=year, electricity={"kwh": 1000}))
    assert result.electricity_factor_year == 2025
    assert result.total_tco2e == pytest.approx(0.466)
    flag = next(f for f in result.flags if f.code == "electricity_factor_substituted")
    assert flag.params == {"year": year, "used_year": 2025}


def test_units_mwh_and_du():
    assert total(electricity={"kwh": 150, "unit": "MWh"}) == pytest.approx(150000 * 0.474 / 1000)
    assert total(electricity={"kwh": 150000, "unit": "度"}) == pytest.approx(150000 * 0.474 / 1000)


def test_monthly_figures_add_up_and_give_the_profile():
    months = [10000, 11000, 12000, 13000, 14000, 15000, 16000, 15000, 14000, 13000, 12000, 11000]
    result = core.compute(checkup(electricity={"monthly_kwh": months}))
    assert result.electricity_kwh == sum(months) == 156000
    assert result.monthly_kwh == months
    assert result.scope2_tco2e == pytest.approx(156000 * 0.474 / 1000)


def test_bimonthly_bills_are_prorated_by_day_into_the_year():
    bills = [
        {"from": "2023-12-15", "to": "2024-02-14", "kwh": 8640},  # 61 days, 44 in 2024 (Jan 31 + Feb 13)
        {"from": "2024-12-15", "to": "2025-02-14", "kwh": 6100},  # 61 days, 17 in 2024 (Dec 15-31)
    ]
    result = core.compute(checkup(electricity={"bills": bills}))
    kwh_2024 = 8640 * 44 / 61 + 6100 * 17 / 61
    assert result.electricity_kwh == pytest.approx(kwh_2024)
    assert result.monthly_kwh[0] == pytest.approx(8640 * 31 / 61)
    assert result.monthly_kwh[1] == pytest.approx(8640 * 13 / 61)
    assert result.monthly_kwh[11] == pytest.approx(6100 * 17 / 61)
    assert "bills_incomplete" in result.flag_codes()


def test_overlapping_bills_are_refused():
    bills = [{"from": "2024-01-01", "to": "2024-03-01", "kwh": 1}, {"from": "2024-02-01", "to": "2024-04-01", "kwh": 1}]
    with pytest.raises(core.InputError) as err:
        core.compute(checkup(electricity={"bills": bills}))
    assert err.value.code == "bills_overlap"


def test_ntd_amount_is_converted_with_the_documented_price_and_flagged():
    # 2025: the industrial average price 4.29 NT$/kWh was in force all year (經濟部 2024-09-30 decision)
    result = core.compute(checkup(year=2025, electricity={"ntd": 429000}))
    assert result.electricity_kwh == pytest.approx(100000)
    assert result.lines[0].estimate is True
    flag = next(f for f in result.flags if f.code == "estimated_from_ntd")
    assert flag.params["price"] == pytest.approx(4.29)


def test_ntd_in_a_year_with_price_changes_uses_the_day_weighted_average():
    # 2024: 3.38 to 3-31 (91 days), 3.81 from 4-1 to 10-15 (198 days), 4.29 from 10-16 (77 days); 366 days
    price = (91 * 3.38 + 198 * 3.81 + 77 * 4.29) / 366
    result = core.compute(checkup(electricity={"ntd": 1_000_000}))
    assert result.electricity_kwh == pytest.approx(1_000_000 / price)


def test_own_price_beats_the_average():
    result = core.compute(checkup(electricity={"ntd": 500000, "ntd_per_kwh": 5.0}))
    assert result.electricity_kwh == pytest.approx(100000)


def test_market_based_view_subtracts_green_power_and_certificates():
    result = core.compute(checkup(electricity={"kwh": 100000, "green_kwh": 20000, "rec_kwh": 10000}))
    assert result.scope2_tco2e == pytest.approx(100000 * 0.474 / 1000)
    assert result.scope2_market_tco2e == pytest.approx(70000 * 0.474 / 1000)


# ---------------------------------------------------------------- fuels


def test_diesel_stationary_2024_from_kg_per_tj_and_the_energy_administration_heating_value():
    # 附表一 柴油 固定源: CO2 74,100, CH4 3, N2O 0.6 kg/TJ; 能源署 熱值表 柴油 8,629 kcal/L
    tj_per_l = 8629 * TJ_PER_KCAL
    kg_co2e_per_l = tj_per_l * (74100 + 3 * 28 + 0.6 * 265)
    assert total(fuels=[{"fuel": "diesel", "amount": 2000, "unit": "L"}]) == pytest.approx(2000 * kg_co2e_per_l / 1000)
    # the same per-litre value a public SME inventory workbook shows for this pair (2.685856)
    assert kg_co2e_per_l == pytest.approx(2.685856, rel=1e-6)


def test_2025_uses_moenv_announced_heating_values():
    # MOENV 114年度 熱值: 柴油 8,636 kcal/L, NG1 8,067 kcal/m3, LPG 10,972 kcal/kg
    fs = load_factor_set(2025)
    assert fs.fuel_kgco2e_per_unit("diesel", "L") == pytest.approx(8636 * TJ_PER_KCAL * (74100 + 3 * 28 + 0.6 * 265))
    assert fs.fuel_kgco2e_per_unit("diesel", "L") == pytest.approx(2.688035, rel=1e-6)
    assert fs.fuel_kgco2e_per_unit("natural_gas", "m3") == pytest.approx(1.896613, rel=1e-6)
    assert fs.fuel_kgco2e_per_unit("lpg", "kg") == pytest.approx(2.901164, rel=1e-6)


def test_vehicle_use_changes_ch4_and_n2o():
    # 附表一 移動源 柴油: CH4 3.9, N2O 3.9 kg/TJ
    fs = load_factor_set(2024)
    assert fs.fuel_kgco2e_per_unit("diesel", "L", "vehicle") == pytest.approx(8629 * TJ_PER_KCAL * (74100 + 3.9 * 28 + 3.9 * 265))
    assert fs.fuel_kgco2e_per_unit("diesel", "L", "vehicle") > fs.fuel_kgco2e_per_unit("diesel", "L")


def test_gasoline_vehicle_catalyst_row():
    # 附表一 移動源 車用汽油 氧化觸媒: CH4 25, N2O 8 kg/TJ; 能源署 汽油 7,520 kcal/L
    fs = load_factor_set(2024)
    assert fs.fuel_kgco2e_per_unit("gasoline", "L", "vehicle") == pytest.approx(2.270679, rel=1e-6)


def test_kilolitres_and_thousand_cubic_metres():
    one = total(fuels=[{"fuel": "diesel", "amount": 2000, "unit": "L"}])
    assert total(fuels=[{"fuel": "diesel", "amount": 2, "unit": "公秉"}]) == pytest.approx(one)
    gas = total(fuels=[{"fuel": "natural_gas", "amount": 30000, "unit": "m3"}])
    assert total(fuels=[{"fuel": "natural_gas", "amount": 30, "unit": "千立方公尺"}]) == pytest.approx(gas)
    # on a gas bill 度 means cubic metres
    assert total(fuels=[{"fuel": "natural_gas", "amount": 30000, "unit": "度"}]) == pytest.approx(gas)


def test_legacy_604_set_per_unit_values_and_gwp_bases():
    # 6.0.4 柴油 固定: CO2 2.606032, CH4 1.05507e-4, N2O 2.11015e-5 kg/L
    co2, ch4, n2o = 2.606032, 1.05507e-4, 2.11015e-5
    fs5 = load_factor_set(2020)
    assert fs5.fuel_set == "v6_0_4"
    assert fs5.fuel_kgco2e_per_unit("diesel", "L") == pytest.approx(co2 + ch4 * 28 + n2o * 265)
    assert fs5.fuel_kgco2e_per_unit("diesel", "L") == pytest.approx(2.614578, rel=1e-6)
    fs4 = load_factor_set(2020, gwp="AR4")
    assert fs4.fuel_kgco2e_per_unit("diesel", "L") == pytest.approx(co2 + ch4 * 25 + n2o * 298)


def test_604_lpg_bought_by_kg_is_converted_by_the_heating_value_ratio():
    # 6.0.4 has LPG per litre only; kg → L by MOENV's 10,972 kcal/kg ÷ 5,993 kcal/L
    fs = load_factor_set(2020)
    per_l = 1.752881 + 2.77794e-5 * 28 + 2.7779e-6 * 265
    assert fs.fuel_kgco2e_per_unit("lpg", "kg") == pytest.approx(per_l * 10972 / 5993, rel=1e-6)


# 台灣中油 超級柴油 price changes in force during 2025 (MM-DD: NT$/L); the first came into force on 2024-12-30
DIESEL_2025 = [("01-01", 27.3), ("01-06", 27.4), ("01-13", 28), ("01-20", 28.2), ("01-27", 28.2), ("02-03", 28.2),
               ("02-10", 28.9), ("02-17", 29), ("02-24", 29), ("03-03", 28.9), ("03-10", 27.9), ("03-17", 27.9),
               ("03-24", 28), ("03-31", 27.9), ("04-07", 27.9), ("04-14", 26.5), ("04-21", 26.9), ("04-28", 27.1),
               ("05-05", 25.7), ("05-12", 24.5), ("05-19", 25.2), ("05-26", 25), ("06-02", 24.8), ("06-09", 25.1),
               ("06-16", 25.4), ("06-23", 25.5), ("06-30", 25.9), ("07-07", 25.6), ("07-14", 25.6), ("07-21", 25.6),
               ("07-28", 25.7), ("08-04", 26), ("08-11", 26.1), ("08-18", 25.8), ("08-25", 26.2), ("09-01", 26.4),
               ("09-08", 26.4), ("09-15", 26.3), ("09-22", 26.2), ("09-29", 26.1), ("10-06", 25.9), ("10-13", 25.7),
               ("10-20", 24.9), ("10-27", 25.5), ("11-03", 25.7), ("11-10", 25.7), ("11-17", 25.5), ("11-24", 25.5),
               ("12-01", 25.5), ("12-08", 25.6), ("12-15", 25.2), ("12-22", 24.8), ("12-29", 25.2)]


def test_ntd_for_diesel_uses_the_day_weighted_pump_price_of_the_year():
    starts = [dt.date.fromisoformat(f"2025-{d}") for d, _ in DIESEL_2025] + [dt.date(2026, 1, 1)]
    days = [(b - a).days for a, b in zip(starts, starts[1:])]  # 5 days at 27.3, then weeks, 3 days at 25.2
    assert (days[0], days[-1], sum(days)) == (5, 3, 365)
    price = sum(n * p for n, (_, p) in zip(days, DIESEL_2025)) / 365
    result = core.compute(checkup(year=2025, fuels=[{"fuel": "diesel", "amount": 26_400, "unit": "NT$"}]))
    assert result.lines[0].activity == pytest.approx(26_400 / price)
    assert {"estimated_from_ntd", "price_unconfirmed"} <= set(result.flag_codes())  # CPC prices from a copy, not CPC
    assert "price_partial_year" not in result.flag_codes()


def test_ntd_for_diesel_in_a_year_only_partly_priced_says_so():
    # the known prices end on 2026-04-19: the year's average is that of the known part, flagged
    result = core.compute(checkup(year=2026, fuels=[{"fuel": "diesel", "amount": 25_200, "unit": "NT$"}]))
    assert "price_partial_year" in result.flag_codes()


def test_electricity_bill_in_2025_uses_4_29_for_the_whole_year_and_says_it_is_unconfirmed():
    # 4.29 NT$/kWh from 2024-10-16, unchanged for industry at the 2025-03 and 2025-09 reviews (to 2026-03-31)
    result = core.compute(checkup(year=2025, electricity={"ntd": 429_000}))
    assert result.electricity_kwh == pytest.approx(100_000)
    assert "price_unconfirmed" in result.flag_codes() and "price_partial_year" not in result.flag_codes()


def test_fuel_oil_cannot_be_a_vehicle_fuel():
    with pytest.raises(core.InputError) as err:
        core.compute(checkup(fuels=[{"fuel": "fuel_oil", "amount": 1, "unit": "L", "use": "vehicle"}]))
    assert err.value.field == "fuels[0].use"


# ---------------------------------------------------------------- refrigerants, septic, other


def test_refrigerant_from_equipment_list_uses_the_604_default_leak_rate():
    # R-410A = 50 % HFC-32 (677) + 50 % HFC-125 (3,170) → 1,923.5; AC leak rate 3 % (6.0.4 sheet 6 第244列)
    t = total(refrigerants=[{"refrigerant": "R-410A", "charge_kg": 3, "count": 5, "equipment": "split_ac"}])
    assert t == pytest.approx(3 * 5 * 0.03 * (0.5 * 677 + 0.5 * 3170) / 1000)


def test_a_default_leak_rate_shows_the_official_range():
    # the 2024 announcement gives only the range (附表三 三、冷凍及空調: AC 1-10 %); 6.0.4's 3 % lies in it
    result = core.compute(checkup(refrigerants=[{"refrigerant": "R-410A", "charge_kg": 3, "equipment": "split_ac"}]))
    flag = next(f for f in result.flags if f.code == "default_leak_rate")
    assert (flag.params["rate"], flag.params["low"], flag.params["high"]) == (0.03, 0.01, 0.10)
    assert "1.0%～10.0%" in flag.text()


def test_the_firms_own_leak_rate_replaces_the_default():
    # 2 units × 2.5 kg R-32 (GWP 677) losing 4 % a year by the firm's own records
    result = core.compute(checkup(refrigerants=[{"refrigerant": "R-32", "charge_kg": 2.5, "count": 2, "leak_rate_pct": 4}]))
    assert result.total_tco2e == pytest.approx(2.5 * 2 * 0.04 * 677 / 1000)
    assert "own_leak_rate" in result.flag_codes() and "default_leak_rate" not in result.flag_codes()


def test_own_leak_rate_and_a_top_up_are_one_or_the_other():
    with pytest.raises(core.InputError):
        checkup(refrigerants=[{"refrigerant": "R-32", "recharged_kg": 1, "leak_rate_pct": 4}])
    with pytest.raises(core.InputError):
        checkup(refrigerants=[{"refrigerant": "R-32", "charge_kg": 1, "leak_rate_pct": 140}])


def test_refrigerant_from_recharged_amount():
    # 6.0.4 sheet 6 五 (2) 採購量或委外補充量法: amount topped up × 1 × GWP (第285列 註1)
    result = core.compute(checkup(refrigerants=[{"refrigerant": "R-134a", "recharged_kg": 2}]))
    assert result.total_tco2e == pytest.approx(2 * 1 * 1300 / 1000)
    assert "6.0.4" in result.lines[0].factor_source


def test_blends_by_component_gwps():
    # R-404A 44/52/4 of HFC-125/143a/134a; R-407C 23/25/52 of HFC-32/125/134a; R-507A 50/50 of 125/143a
    cases = {
        "R-404A": 0.44 * 3170 + 0.52 * 4800 + 0.04 * 1300,
        "R-407C": 0.23 * 677 + 0.25 * 3170 + 0.52 * 1300,
        "R-507A": 0.5 * 3170 + 0.5 * 4800,
    }
    for ref, gwp in cases.items():
        assert total(refrigerants=[{"refrigerant": ref, "recharged_kg": 1}]) == pytest.approx(gwp / 1000), ref


def test_r22_is_reported_apart_not_counted():
    result = core.compute(checkup(refrigerants=[{"refrigerant": "R22", "recharged_kg": 1}]))
    assert result.total_tco2e == 0
    assert result.reported_apart_tco2e == pytest.approx(1760 / 1000)
    assert "reported_apart" in result.flag_codes()


def test_septic_tank_from_people_and_hours():
    # 6.0.4 sheet 6 八、化糞池 第382列: 0.6 kg CH4/kg BOD × 200 mg BOD/L × 15.625 L per person-hour × 85 % = 1,593.75 mg;
    # CH4 GWP 28
    factor = 0.6 * 200e-6 * 15.625 * 0.85
    assert total(septic={"employees": 8, "hours_per_year": 2400}) == pytest.approx(8 * 2400 * factor * 28 / 1000)


def test_septic_defaults_to_company_people_and_statutory_hours():
    result = core.compute(checkup(company={"employees": 10}, septic={}))
    assert result.total_tco2e == pytest.approx(10 * 2000 * 0.6 * 200e-6 * 15.625 * 0.85 * 28 / 1000)
    assert "default_hours" in result.flag_codes()
    assert "factor_unconfirmed" not in result.flag_codes()  # derived from 6.0.4's own example, not unconfirmed


def test_small_sources_and_custom_lines():
    result = core.compute(
        checkup(
            other=[
                {"kind": "fire_extinguisher_co2", "amount": 20, "unit": "kg"},
                {"kind": "welding_co2", "amount": 0.5, "unit": "公噸"},
                {"kind": "hfc_227ea", "amount": 1, "unit": "kg"},
                {"kind": "steam", "amount": 100, "unit": "公噸", "factor": 200, "factor_source": "供應商 2024 年報"},
                {"kind": "custom", "amount": 10, "unit": "桶", "factor": 50, "factor_source": "自行量測", "scope": 1},
            ]
        )
    )
    assert result.scope1_tco2e == pytest.approx((20 + 500 + 3350 + 500) / 1000)
    assert result.scope2_tco2e == pytest.approx(100 * 200 / 1000)


def test_gwp_ar6_changes_refrigerants():
    ar6 = core.parse_checkup({"year": 2024, "refrigerants": [{"refrigerant": "R-32", "recharged_kg": 1}], "options": {"gwp": "AR6"}})
    assert core.compute(ar6).total_tco2e == pytest.approx(771 / 1000)


# ---------------------------------------------------------------- whole file, totals, snapshot


def test_example_file_totals_add_up():
    result = core.compute(core.load("examples/screws.yaml"))
    assert result.total_tco2e == pytest.approx(result.scope1_tco2e + result.scope2_tco2e)
    assert result.scope1_tco2e == pytest.approx(sum(ln.tco2e for ln in result.lines if ln.scope == 1 and ln.counted))
    assert result.gwp_basis == "AR5"
    assert result.intensities["per_employee"] == pytest.approx(result.total_tco2e / 8)
    assert result.intensities["per_million_ntd_revenue"] == pytest.approx(result.total_tco2e / 60)
    assert result.intensities["per_product_unit"] == pytest.approx(result.total_tco2e / 500)


def test_snapshot_keeps_the_numbers_after_the_factor_files_change(monkeypatch):
    c = core.load("examples/screws.yaml")
    first = core.compute(c)
    from core.inventory import factors

    changed = dict(factors.tables())
    changed["electricity"] = [dict(r, value="0.999") for r in changed["electricity"]]
    monkeypatch.setattr(factors, "tables", lambda: changed)
    assert core.compute(c).scope2_tco2e == pytest.approx(150000 * 0.999 / 1000)
    again = core.compute(c, factors.FactorSet.from_snapshot(first.factors))
    assert again.total_tco2e == pytest.approx(first.total_tco2e)


def test_errors_in_several_lines_are_reported_together():
    with pytest.raises(core.ValidationErrors) as err:
        core.compute(checkup(fuels=[{"fuel": "petrol", "amount": 1, "unit": "L"}, {"fuel": "diesel", "amount": 1, "unit": "桶"}]))
    fields = [e.field for e in err.value.errors]
    assert fields == ["fuels[0].fuel", "fuels[1].unit"]


def test_the_written_out_arithmetic_reads_in_the_users_language():
    result = core.compute(core.load(Path(__file__).resolve().parent.parent / "examples" / "screws.yaml"))
    by_source = {(ln.source, ln.gas): ln for ln in result.lines}
    septic = next(ln for ln in result.lines if ln.source == "septic")
    assert septic.working_text("zh-TW").startswith("8 人 × 2400 小時 × ")
    assert septic.working_text("en").startswith("8 people × 2400 h × ")
    leak = by_source[("refrigerant:R-410A", "R-410A")]
    assert leak.working_text("zh-TW").startswith("3 kg × 5 台 × 逸散率 3.0%")
    assert "units" not in leak.working_text("zh-TW") and "units" in leak.working_text("en")
    assert by_source[("electricity", "CO2e")].working_text("zh-TW") == "150,000.0 kWh × 0.474 kgCO2e/kWh ÷ 1000"
