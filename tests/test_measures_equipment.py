"""Measures for what the firm has, and only that; the new measures worked by hand; paybacks that outlast the measure.

Factors and prices pinned as in tests/test_measures.py (StubFactors): electricity 0.474 kgCO2e/kWh at NT$4.29/kWh,
diesel 2.688 kgCO2e/L at NT$25.2/L, natural gas 1.8966 kgCO2e/m3 and 8,107 kcal/m3 (no gas price on file).
Rules and ranges: data/measures.yaml.
"""

from __future__ import annotations

import pytest

from core.advice.measures import suggest
from core.inventory.result import Line, Result

from test_measures import EF, NG_EF, NG_KCAL, OLD_COMPRESSOR, PRICE, StubFactors, checkup, result, run  # noqa: F401

CHILLER_IDS = {"chilled_water_temperature", "chiller_replacement"}
BOILER_IDS = {"boiler_tuning", "boiler_replacement", "condensate_recovery", "flash_steam_recovery",
              "waste_heat_recovery", "boiler_fuel_switch_gas", "boiler_fuel_switch_biomass", "compressor_heat_recovery"}
COMPRESSOR_IDS = {"compressed_air_leaks", "compressor_pressure_setpoint", "compressor_vfd", "compressor_heat_recovery"}
FURNACE_IDS = {"furnace_burner_tuning", "furnace_insulation", "furnace_heat_recovery"}


def gas_result(kwh: float | None, gas_m3: float) -> Result:
    base = result(kwh)
    base.lines.append(Line(source="fuel:natural_gas:stationary", input="fuels[0]", category="fuel",
                           label_key="sources.fuel.natural_gas", scope=1, gas="CO2", activity=gas_m3, unit="m3",
                           factor=NG_EF, factor_unit="kgCO2e/m3", factor_id="stub", factor_source="stub", gwp=1,
                           tco2e=gas_m3 * NG_EF / 1000))
    return base


def ids(equipment=None, kwh=600_000, diesel_l=None, industry=None) -> set[str]:
    return set(run(equipment, kwh=kwh, diesel_l=diesel_l, industry=industry))


# --------------------------------------------------------------------------- only what the firm has


def test_no_equipment_no_equipment_measures():
    # 600,000 kWh and 30,000 L of diesel, nothing said about equipment: only the whole-site measure
    assert ids(None, diesel_l=30_000) == {"energy_management_system"}
    assert ids({}, diesel_l=30_000, industry="2611") == {"energy_management_system"}


def test_no_chiller_measure_without_a_chiller():
    # electronics (26): the profile gives chillers 30 % of the site, but the firm did not say it has one
    got = ids({"air_compressors": [OLD_COMPRESSOR]}, industry="2611")
    assert not got & CHILLER_IDS
    assert {"compressed_air_leaks", "compressor_vfd"} <= got
    # "we have chillers, details unknown": the cautious estimate from the profile, no investment on it
    got = ids({"has": ["chillers"]}, industry="2611")
    assert "chilled_water_temperature" in got and "chiller_replacement" not in got


def test_a_boiler_measure_for_a_boiler_not_for_a_furnace():
    # the gas burns in a heat-treatment furnace: furnace measures, never boiler tuning or condensate return
    c = checkup({"furnaces": [{"kind": "heat_treatment", "fuel": "natural_gas", "temperature_c": 650}]})
    got = {m.id for m in suggest(c, gas_result(300_000, 30_000), factors=StubFactors())}
    assert not got & BOILER_IDS
    assert FURNACE_IDS <= got


def test_a_fuel_without_a_boiler_or_furnace_gives_no_heat_measure():
    got = ids(None, diesel_l=30_000)
    assert not got & (BOILER_IDS | FURNACE_IDS)
    got = ids({"has": ["boilers"]}, diesel_l=30_000)  # said it has a boiler: tuning on an estimate only
    assert "boiler_tuning" in got and not got & {"boiler_replacement", "condensate_recovery", "boiler_fuel_switch_gas"}


def test_an_electric_furnace_gets_insulation_but_no_burner_or_flue_measure():
    ms = run({"furnaces": [{"kind": "oven", "fuel": "electric", "kw": 40, "hours_per_year": 3000, "temperature_c": 200}]},
             kwh=600_000)
    assert "furnace_insulation" in ms
    assert not set(ms) & {"furnace_burner_tuning", "furnace_heat_recovery"}
    # 40 kW × 3,000 h × 0.5 load (defaults.furnace_load_factor) = 60,000 kWh × 4 % = 2,400 kWh
    assert ms["furnace_insulation"].saving_kwh == pytest.approx(2_400)
    assert ms["furnace_insulation"].saving_tco2e == pytest.approx(2_400 * EF / 1000)


# --------------------------------------------------------------------------- the new measures, by hand


def test_heat_treatment_furnace_measures_in_sequence():
    # 30,000 m3 of natural gas (the inventory), one 650 °C heat-treatment furnace without a recuperator:
    #   burner tuning 5 % = 1,500 m3; insulation 4 % of 28,500 = 1,140 m3; flue heat recovery 15 % of 27,360 = 4,104 m3
    c = checkup({"furnaces": [{"kind": "heat_treatment", "fuel": "natural_gas", "kw": 300, "temperature_c": 650}]})
    ms = {m.id: m for m in suggest(c, gas_result(300_000, 30_000), factors=StubFactors())}
    tuning, insulation, recovery = 1_500.0, 28_500 * 0.04, 27_360 * 0.15
    assert ms["furnace_burner_tuning"].saving_fuel == {"fuel": "natural_gas", "amount": pytest.approx(tuning), "unit": "m3"}
    assert ms["furnace_insulation"].saving_fuel["amount"] == pytest.approx(insulation)
    assert ms["furnace_heat_recovery"].saving_fuel["amount"] == pytest.approx(recovery)
    assert ms["furnace_heat_recovery"].saving_tco2e == pytest.approx(recovery * NG_EF / 1000)  # 7.78 t
    assert ms["furnace_burner_tuning"].basis == "answers"
    # ranges low → high: tuning 3-10 % of the same 30,000 m3
    r = ms["furnace_burner_tuning"].saving_fuel_range
    assert (r.low, r.central, r.high) == pytest.approx((900, 1_500, 3_000))
    # no recovery on a cool oven, nor where a recuperator is already fitted
    for furnace in ({"kind": "oven", "fuel": "natural_gas", "temperature_c": 180},
                    {"kind": "furnace", "fuel": "natural_gas", "temperature_c": 900, "recuperator": True}):
        got = {m.id for m in suggest(checkup({"furnaces": [furnace]}), gas_result(300_000, 30_000), factors=StubFactors())}
        assert "furnace_heat_recovery" not in got and "furnace_burner_tuning" in got


def test_furnace_fuel_from_its_rating_when_a_boiler_burns_the_same_fuel():
    # diesel both in a boiler and a 100 kW forging furnace: the boiler keeps the inventory's diesel; the furnace's
    # fuel comes from its rating: 100 kW × 2,000 h × 0.5 × 860 kcal/kWh ÷ 8,629 kcal/L = 9,966.4 L
    ms = run({"boilers": [{"fuel": "diesel", "capacity_tph": 1}],
              "furnaces": [{"fuel": "diesel", "kw": 100, "hours_per_year": 2000, "temperature_c": 1100}]}, diesel_l=30_000)
    base = 100 * 2000 * 0.5 * 860 / 8629
    assert ms["furnace_burner_tuning"].saving_fuel["amount"] == pytest.approx(base * 0.05, abs=1e-3)
    assert ms["furnace_burner_tuning"].basis == "answers_with_defaults"
    assert ms["boiler_tuning"].saving_fuel["amount"] == pytest.approx(30_000 * (1 - 0.80 / 0.83), abs=1e-3)


def test_injection_moulding_servo_then_barrel_jackets():
    # 3 machines × 30 kW × 5,000 h × 0.5 load (defaults.injection_load_factor) = 225,000 kWh
    #   servo pumps 35 % = 78,750 kWh; jackets on what is left: 146,250 × 20 % in heaters × 30 % saved = 8,775 kWh
    ms = run({"injection_moulding": [{"kw": 30, "count": 3, "hours_per_year": 5000}]})
    assert ms["injection_servo"].saving_kwh == pytest.approx(78_750)
    assert ms["injection_servo"].saving_ntd_per_year == pytest.approx(78_750 * PRICE)
    assert ms["injection_barrel_insulation"].saving_kwh == pytest.approx(146_250 * 0.20 * 0.30)
    r = ms["injection_servo"].saving_kwh_range
    assert (r.low, r.high) == pytest.approx((225_000 * 0.25, 225_000 * 0.50))
    # servo machines with jackets: nothing to suggest on them
    done = run({"injection_moulding": [{"kw": 30, "count": 3, "servo": True, "barrel_insulation": True}]})
    assert not {"injection_servo", "injection_barrel_insulation"} & set(done)


def test_old_boiler_replacement_by_efficiency():
    # 25-year-old diesel boiler at 78 %: 1 − 0.78/0.88 = 11.36 % of 30,000 L = 3,409.1 L (86-92 %: 9.3-15.2 %)
    ms = run({"boilers": [{"fuel": "diesel", "capacity_tph": 1, "age_years": 25, "efficiency_pct": 78}]}, diesel_l=30_000)
    m = ms["boiler_replacement"]
    assert m.saving_fuel["amount"] == pytest.approx(30_000 * (1 - 0.78 / 0.88), abs=1e-3)
    assert (m.saving_fuel_range.low, m.saving_fuel_range.high) == pytest.approx(
        (30_000 * (1 - 0.78 / 0.86), 30_000 * (1 - 0.78 / 0.92)), abs=1e-3)
    assert m.saving_tco2e == pytest.approx(30_000 * (1 - 0.78 / 0.88) * 2.688 / 1000)
    # a young boiler, or one already at 90 %, is not put up for replacement
    assert "boiler_replacement" not in run({"boilers": [{"fuel": "diesel", "age_years": 5}]}, diesel_l=30_000)
    assert "boiler_replacement" not in run({"boilers": [{"fuel": "diesel", "age_years": 25, "efficiency_pct": 90}]},
                                           diesel_l=30_000)


# --------------------------------------------------------------------------- paybacks and their life


def test_a_payback_longer_than_the_measure_life_says_it_does_not_pay_back():
    # leak repair: cost = 0.5-2 years of its saving, so the central payback is 1.25 years for a 1-year life
    ms = suggest(checkup({"air_compressors": [OLD_COMPRESSOR], "lighting": [{"type": "T8", "count": 200, "watts": 36}]}),
                 result(600_000), factors=StubFactors())
    by_id = {m.id: m for m in ms}
    leaks = by_id["compressed_air_leaks"]
    assert leaks.payback_years.central == pytest.approx(1.25)
    assert leaks.lifetime_years == 1
    assert (leaks.payback_verdict, leaks.pays_back) == ("no", False)
    assert "payback_no" in leaks.notes
    assert leaks.ntd_per_tco2e > 0  # it costs money per tonne over its life
    d = leaks.to_dict("zh-TW")
    assert d["pays_back"] is False and any("不划算" in n for n in d["notes"])
    # never ranked ahead of a measure that pays back
    first_no = next(i for i, m in enumerate(ms) if m.pays_back is False)
    assert all(m.pays_back is False for m in ms[first_no:])
    # the pressure set-point (0-1 year for a 5-year life) pays back even in the cautious case
    assert by_id["compressor_pressure_setpoint"].payback_verdict == "yes"


def test_payback_ranges_are_low_to_high_and_never_half_open():
    ms = suggest(checkup({"air_compressors": [OLD_COMPRESSOR], "pumps": [{"kw": 15, "throttled": True}],
                          "boilers": [{"fuel": "diesel", "capacity_tph": 1, "age_years": 20}],
                          "injection_moulding": [{"kw": 22}]},
                         {"contract_kw": 300, "peak_kw": 220, "power_factor": 0.85}), result(600_000, 30_000),
                 factors=StubFactors())
    for m in ms:
        for r in (m.saving_kwh_range, m.saving_tco2e_range, m.saving_ntd_range, m.saving_fuel_range, m.payback_years):
            if r is None or r.central is None:
                continue
            if r.low is not None and r.high is not None:
                assert r.low <= r.central + 1e-9 <= r.high + 2e-9, (m.id, r)
        if m.payback_years is not None and m.payback_years.high is None:
            assert m.payback_verdict in ("open", "no"), m.id  # said in words, not printed as "0.5–—"
