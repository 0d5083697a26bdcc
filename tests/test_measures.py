"""Measures (issue 4): each saving checked against a value worked by hand from its documented rule.

The rules and their sources are in data/measures.yaml; the hand arithmetic is written in each test.
A stub factor set pins the factors so the arithmetic stays readable:
  electricity 0.474 kgCO2e/kWh  (2024 factor, 經濟部能源署, published 2025-04-14)
  electricity price NT$4.29/kWh  (industrial average from 2024-10-16, 經濟部 電價費率審議會)
  diesel 2.688 kgCO2e/L, 8,629 kcal/L, NT$25.2/L;  natural gas 1.8966 kgCO2e/m3, 8,107 kcal/m3 (能源署 熱值表)
One test at the end runs the real factor tables end to end.
"""

from __future__ import annotations

import math

import pytest

import core
from core.advice.measures import Measure, abatement_curve, suggest, to_dict, total
from core.inventory.models import Checkup
from core.inventory.result import Line, Result

EF = 0.474
PRICE = 4.29
DIESEL_EF, DIESEL_KCAL, DIESEL_PRICE = 2.688, 8629.0, 25.2
NG_EF, NG_KCAL = 1.8966, 8107.0


class StubFactors:
    """The FactorSet methods the measures use, with pinned values."""

    def electricity_factor(self) -> float:
        return EF

    def electricity(self) -> dict:
        return {"value": EF, "year": 2024, "source_document": "113年度電力排碳係數", "source_agency": "經濟部能源署"}

    def fuel_kgco2e_per_unit(self, fuel: str, unit: str, use: str = "stationary") -> float:
        return {("diesel", "L"): DIESEL_EF, ("natural_gas", "m3"): NG_EF}[(fuel, unit)]

    def fuel_kcal_per_unit(self, fuel: str, unit: str) -> float:
        return {("diesel", "L"): DIESEL_KCAL, ("natural_gas", "m3"): NG_KCAL}[(fuel, unit)]

    def price(self, item: str):
        table = {"electricity": (PRICE, "NT$/kWh", "stub"), "diesel": (DIESEL_PRICE, "NT$/L", "stub")}
        if item not in table:
            raise KeyError(item)
        return table[item]


@pytest.fixture(autouse=True)
def _pinned_prices(monkeypatch):
    """Savings are valued at the prices of the current year: pin them too, or the arithmetic drifts with the clock."""
    monkeypatch.setattr("core.advice.measures._price_factors", StubFactors)


def checkup(equipment: dict | None = None, contract: dict | None = None, industry: str | None = None) -> Checkup:
    data: dict = {"year": 2024}
    if equipment is not None:
        data["equipment"] = equipment
    if contract is not None:
        data["contract"] = contract
    if industry:
        data["company"] = {"industry": industry}
    return core.parse_checkup(data)


def result(kwh: float | None = None, diesel_l: float | None = None) -> Result:
    lines = []
    if diesel_l:
        lines.append(
            Line(source="fuel:diesel:stationary", input="fuels[0]", category="fuel", label_key="sources.fuel.diesel",
                 scope=1, gas="CO2", activity=diesel_l, unit="L", factor=DIESEL_EF, factor_unit="kgCO2e/L",
                 factor_id="stub", factor_source="stub", gwp=1, tco2e=diesel_l * DIESEL_EF / 1000)
        )
    return Result(year=2024, gwp_basis="AR5", fuel_factor_set="stub", scope1_tco2e=0, scope2_tco2e=0, total_tco2e=0,
                  electricity_kwh=kwh, lines=lines)


def run(equipment=None, contract=None, kwh=None, diesel_l=None, industry=None) -> dict[str, Measure]:
    ms = suggest(checkup(equipment, contract, industry), result(kwh, diesel_l), factors=StubFactors())
    return {m.id: m for m in ms}


# An old 37 kW compressor, 4,000 h a year. Energy = 37 kW × 1 × 4,000 h × 0.75 load (defaults.compressor_load_factor)
COMPRESSOR_KWH = 37 * 1 * 4000 * 0.75  # = 111,000 kWh
OLD_COMPRESSOR = {"kw": 37, "count": 1, "age_years": 15, "pressure_bar": 7, "hours_per_year": 4000, "vfd": False}


def test_compressed_air_leaks():
    # rule (ITAC): leaks 20/25/30 % of output, a repair programme fixes 50/65/80 % of them
    ms = run({"air_compressors": [OLD_COMPRESSOR]})
    m = ms["compressed_air_leaks"]
    assert COMPRESSOR_KWH == 111_000
    assert m.saving_kwh == pytest.approx(111_000 * 0.25 * 0.65)  # 18,037.5 kWh
    assert m.saving_kwh_range.low == pytest.approx(111_000 * 0.20 * 0.50)  # 11,100
    assert m.saving_kwh_range.high == pytest.approx(111_000 * 0.30 * 0.80)  # 26,640
    assert m.saving_tco2e == pytest.approx(18_037.5 * 0.474 / 1000)  # 8.550 t
    assert m.saving_ntd_per_year == pytest.approx(18_037.5 * 4.29)  # NT$77,381
    # cost from the documented payback of 0.5-2 years (no priced study found)
    assert (m.cost_ntd_low, m.cost_ntd_high) == pytest.approx((0.5 * 18_037.5 * 4.29, 2 * 18_037.5 * 4.29))
    assert m.cost_class == "low_cost" and m.carbon_saving


def test_pressure_setpoint_alone():
    # leaks checked a month ago (leaks do not apply); 0.5 bar lower × 7.25 %/bar (DOE: 1 % per 2 psi; 1 bar = 14.5 psi)
    ms = run({"air_compressors": [{**OLD_COMPRESSOR, "leak_check_months_ago": 1}]})
    assert "compressed_air_leaks" not in ms
    assert ms["compressor_pressure_setpoint"].saving_kwh == pytest.approx(111_000 * 0.5 * 0.0725)  # 4,023.75 kWh
    assert ms["compressor_pressure_setpoint"].cost_class == "no_cost"


def test_compressor_vfd_alone():
    # leaks checked, pressure already 6 bar (< 6.5): only the VFD applies; 20 % (ecct case 20.2 %)
    ms = run({"air_compressors": [{**OLD_COMPRESSOR, "leak_check_months_ago": 1, "pressure_bar": 6}]})
    assert set(ms) & {"compressed_air_leaks", "compressor_pressure_setpoint"} == set()
    m = ms["compressor_vfd"]
    assert m.saving_kwh == pytest.approx(111_000 * 0.20)  # 22,200 kWh
    assert m.saving_tco2e == pytest.approx(22_200 * 0.474 / 1000)  # 10.52 t
    assert m.saving_kwh_range.low == pytest.approx(111_000 * 0.10)


def test_compressor_measures_in_sequence_not_added():
    ms = run({"air_compressors": [OLD_COMPRESSOR]})
    leaks = 111_000 * 0.1625  # 18,037.5
    pressure = (111_000 - leaks) * 0.03625  # 3,369.89 on the 92,962.5 left
    vfd = (111_000 - leaks - pressure) * 0.20  # 17,918.52 on the 89,592.61 left
    assert ms["compressor_pressure_setpoint"].saving_kwh == pytest.approx(pressure)
    assert ms["compressor_vfd"].saving_kwh == pytest.approx(vfd)
    tot = total(list(ms.values()))
    assert tot["by_pool"]["elec:air_compressors"]["saved"]["central"] == pytest.approx(leaks + pressure + vfd)
    # adding the percentages would have said 16.25 + 3.625 + 20 = 39.875 %; in sequence it is less
    assert leaks + pressure + vfd < 111_000 * (0.1625 + 0.03625 + 0.20)


def test_compressor_heat_recovery_displaces_boiler_fuel():
    # heat = 111,000 kWh × 0.7 recoverable × 0.5 of the year needed × 860 kcal/kWh; fuel = heat ÷ (8,629 kcal/L × 0.80)
    eq = {"air_compressors": [{**OLD_COMPRESSOR, "leak_check_months_ago": 1, "pressure_bar": 6, "vfd": True}],
          "boilers": [{"fuel": "diesel", "capacity_tph": 0.5, "efficiency_pct": 80, "condensate_return": True}]}
    ms = run(eq, diesel_l=30_000)
    m = ms["compressor_heat_recovery"]
    litres = 111_000 * 0.7 * 0.5 * 860 / (8629 * 0.80)  # 4,839.9 L
    assert m.saving_fuel == {"fuel": "diesel", "amount": pytest.approx(litres, abs=1e-3), "unit": "L"}
    assert m.saving_kwh == 0
    assert m.saving_tco2e == pytest.approx(litres * 2.688 / 1000)  # 13.01 t
    assert m.saving_ntd_per_year == pytest.approx(litres * 25.2)


def test_chilled_water_temperature():
    # 120 kW × 4,000 h × 0.7 load = 336,000 kWh; +1.5 °C × 3 %/°C = 4.5 %
    ms = run({"chillers": [{"kw": 120, "count": 1, "age_years": 5, "type": "water_cooled", "hours_per_year": 4000}]})
    assert ms["chilled_water_temperature"].saving_kwh == pytest.approx(336_000 * 1.5 * 0.03)  # 15,120 kWh
    assert ms["chilled_water_temperature"].cost_ntd_high == 0
    assert "chiller_replacement" not in ms  # only 5 years old


def test_chiller_replacement():
    # split units: no chilled water; 18 years old → replacement saves 30 % (25-40 %; ecct case 40 %)
    ms = run({"chillers": [{"kw": 120, "count": 1, "age_years": 18, "type": "split_ac", "hours_per_year": 4000}]})
    assert "chilled_water_temperature" not in ms
    assert ms["chiller_replacement"].saving_kwh == pytest.approx(336_000 * 0.30)  # 100,800 kWh
    assert ms["chiller_replacement"].saving_kwh_range.high == pytest.approx(336_000 * 0.40)


def test_chiller_in_rt_uses_kw_per_rt():
    # 100 RT × 1.1 kW/RT × 4,000 h × 0.7 = 308,000 kWh
    ms = run({"chillers": [{"rt": 100, "age_years": 20, "type": "split_ac", "hours_per_year": 4000}]})
    assert ms["chiller_replacement"].saving_kwh == pytest.approx(100 * 1.1 * 4000 * 0.7 * 0.30)


def test_pump_vfd_affinity_law():
    # 15 kW × 2 × 5,000 h × 0.75 = 112,500 kWh; saving = 1 − (0.8³ + 0.03 VFD loss) ÷ 0.75 throttled power = 27.73 %
    ms = run({"pumps": [{"kw": 15, "count": 2, "vfd": False, "throttled": True, "hours_per_year": 5000}]})
    frac = 1 - (0.8**3 + 0.03) / 0.75
    assert ms["pump_vfd"].saving_kwh == pytest.approx(112_500 * frac)  # 31,200 kWh
    assert ms["pump_vfd"].saving_kwh_range.low == pytest.approx(112_500 * (1 - (0.85**3 + 0.03) / 0.75))


def test_pump_not_throttled_gets_no_vfd():
    ms = run({"pumps": [{"kw": 15, "count": 2, "vfd": False, "throttled": False, "hours_per_year": 5000}]})
    assert "pump_vfd" not in ms


def test_fan_vfd():
    # 7.5 kW × 4 × 5,000 h × 0.75 = 112,500 kWh × 27.73 %
    ms = run({"fans": [{"kw": 7.5, "count": 4, "vfd": False, "hours_per_year": 5000}]})
    assert ms["fan_vfd"].saving_kwh == pytest.approx(112_500 * (1 - (0.8**3 + 0.03) / 0.75))
    assert any("missing.throttled" == n for n in ms["fan_vfd"].notes)


def test_motor_ie4():
    # 11 kW × 6 × 4,000 h × 0.75 = 198,000 kWh; IEC 60034-30-1 11 kW 4-pole: IE1 87.6 %, IE4 93.3 %
    ms = run({"motors": [{"kw": 11, "count": 6, "efficiency_class": "IE1", "hours_per_year": 4000}]})
    assert ms["motor_ie4"].saving_kwh == pytest.approx(198_000 * (1 - 87.6 / 93.3))  # 12,096 kWh


def test_motor_already_ie4_or_short_hours():
    ms = run({"motors": [{"kw": 11, "count": 6, "efficiency_class": "IE4", "hours_per_year": 4000},
                         {"kw": 11, "count": 6, "efficiency_class": "IE1", "hours_per_year": 1000}]})
    assert "motor_ie4" not in ms


def test_led_lighting():
    # 200 × (36 W + 10 W magnetic ballast) × 3,000 h ÷ 1000 = 27,600 kWh × 60 % (T8 → LED, 能源局 LED 手冊)
    ms = run({"lighting": [{"type": "T8", "count": 200, "watts": 36, "hours_per_year": 3000}]})
    assert ms["led_lighting"].saving_kwh == pytest.approx(27_600 * 0.60)  # 16,560 kWh
    assert ms["led_lighting"].saving_kwh_range.high == pytest.approx(27_600 * 0.675)


def test_led_already_led():
    assert "led_lighting" not in run({"lighting": [{"type": "LED", "count": 200, "watts": 18}]})


BOILER = {"fuel": "diesel", "capacity_tph": 1, "age_years": 20, "efficiency_pct": 80, "condensate_return": False}


def test_boiler_measures_in_sequence():
    # 30,000 L diesel a year; tuning 80 % → 83 %: 1 − 0.80/0.83 = 3.61 %
    ms = run({"boilers": [BOILER], "waste_heat_sources": ["boiler exhaust"]}, diesel_l=30_000)
    tuning = 30_000 * (1 - 0.80 / 0.83)  # 1,084.3 L
    # the 20-year-old boiler may be replaced instead (80 % → 88 %: 9.09 %): tuning and replacement are
    # alternatives, both drawn from the same 30,000 L; what follows gets what the larger one leaves
    replacement = 30_000 * (1 - 0.80 / 0.88)  # 2,727.3 L
    condensate = (30_000 - replacement) * 0.08  # 2,181.8 L
    flash = (30_000 - replacement - condensate) * 0.03  # 752.7 L
    waste = (30_000 - replacement - condensate - flash) * 0.05  # 1,216.9 L
    assert ms["boiler_tuning"].saving_fuel["amount"] == pytest.approx(tuning, abs=1e-3)
    assert ms["boiler_tuning"].saving_tco2e == pytest.approx(tuning * 2.688 / 1000)
    assert ms["boiler_tuning"].saving_ntd_per_year == pytest.approx(tuning * 25.2)
    assert ms["boiler_replacement"].saving_fuel["amount"] == pytest.approx(replacement, abs=1e-3)
    assert "exclusive_boiler_upgrade" in ms["boiler_replacement"].notes
    assert ms["condensate_recovery"].saving_fuel["amount"] == pytest.approx(condensate, abs=1e-3)
    assert ms["flash_steam_recovery"].saving_fuel["amount"] == pytest.approx(flash, abs=1e-3)
    assert ms["waste_heat_recovery"].saving_fuel["amount"] == pytest.approx(waste, abs=1e-3)
    # the fuel switch takes what is left
    left = 30_000 - replacement - condensate - flash - waste
    assert ms["boiler_fuel_switch_gas"].saving_fuel["amount"] == pytest.approx(left, abs=1e-3)


def test_boiler_fuel_switch_to_gas():
    # efficiency 90 % (no tuning), condensate returned, 0.5 t/h (no flash steam): only the switches apply
    # gas per litre = 8,629 kcal/L × 0.90 ÷ ((0.90 + 0.03) × 8,107 kcal/m3) = 1.0300 m3/L
    ms = run({"boilers": [{"fuel": "diesel", "capacity_tph": 0.5, "efficiency_pct": 90, "condensate_return": True}]},
             diesel_l=30_000)
    assert set(ms) >= {"boiler_fuel_switch_gas", "boiler_fuel_switch_biomass"}
    assert not set(ms) & {"boiler_tuning", "condensate_recovery", "flash_steam_recovery"}
    m = ms["boiler_fuel_switch_gas"]
    gas_per_l = 8629 * 0.90 / (0.93 * 8107)
    assert m.saving_fuel["amount"] == pytest.approx(30_000)
    assert m.added_fuel == {"fuel": "natural_gas", "amount": pytest.approx(30_000 * gas_per_l, abs=1e-2), "unit": "m3"}
    assert m.saving_tco2e == pytest.approx(30_000 * (2.688 - gas_per_l * 1.8966) / 1000)  # 21.99 t
    assert m.saving_ntd_per_year is None and "price_unknown" in m.notes  # no natural-gas price on file


def test_boiler_fuel_switch_to_biomass():
    # pellets 3,940 kcal/kg (ISO 17225-2), efficiency 0.90 − 0.02; CO2 biogenic, CH4 30 and N2O 4 kg/TJ (IPCC) × AR5
    ms = run({"boilers": [{"fuel": "diesel", "capacity_tph": 0.5, "efficiency_pct": 90, "condensate_return": True}]},
             diesel_l=30_000)
    m = ms["boiler_fuel_switch_biomass"]
    kg_per_l = 8629 * 0.90 / (0.88 * 3940)  # 2.2399 kg/L
    kg_co2e_per_kg = 3940 * 4.1868e-9 * (30 * 28 + 4 * 265)  # 0.03134
    assert m.added_fuel["amount"] == pytest.approx(30_000 * kg_per_l, abs=1e-2)
    assert m.saving_tco2e == pytest.approx(30_000 * (2.688 - kg_per_l * kg_co2e_per_kg) / 1000)  # 78.53 t
    assert m.cost_ntd_low is None and "quote_needed" in m.notes


def test_fuel_switches_are_alternatives_in_the_total():
    ms = list(run({"boilers": [{"fuel": "diesel", "capacity_tph": 0.5, "efficiency_pct": 90, "condensate_return": True}]},
                  diesel_l=30_000).values())
    tot = total(ms)
    assert tot["by_pool"]["fuel:boilers:diesel"]["saved"]["central"] == pytest.approx(30_000)
    first = next(m for m in ms if m.exclusive_group)
    assert tot["saving_tco2e"] == pytest.approx(first.saving_tco2e)


def test_boiler_capacity_estimate_without_fuel_data():
    # no fuel on file: 1 t/h × 1000 kg × 4,000 h × 0.5 load × 600 kcal/kg ÷ (8,629 kcal/L × 0.80) = 173,832 L
    ms = run({"boilers": [{**BOILER, "hours_per_year": 4000}]})
    base = 1 * 1000 * 4000 * 0.5 * 600 / (8629 * 0.80)
    assert ms["boiler_tuning"].saving_fuel["amount"] == pytest.approx(base * (1 - 0.80 / 0.83), abs=1e-2)
    assert ms["boiler_tuning"].basis == "answers_with_defaults"
    assert "boilers" in ms["boiler_tuning"].to_measure


def test_heat_pump_instead_of_electric_heater():
    # 20 kW × 3,000 h × 0.6 duty = 36,000 kWh; heat pump COP 3 vs 90 % electric: 1 − 0.9/3 = 70 % (ecct)
    ms = run({"process_heat": [{"temperature_c": 60, "source": "electric", "kw": 20, "hours_per_year": 3000}]})
    assert ms["heat_pump_hot_water"].saving_kwh == pytest.approx(36_000 * 0.70)  # 25,200 kWh


def test_heat_pump_instead_of_diesel_heater_adds_electricity():
    # 20 kW × 3,000 h × 0.6 = 36,000 kWh of fuel = 36,000 × 860 ÷ 8,629 = 3,588 L diesel;
    # heat pump needs 8,629 × 0.85 ÷ 860 ÷ 3 = 2.843 kWh per litre replaced
    ms = run({"process_heat": [{"temperature_c": 50, "source": "diesel", "kw": 20, "hours_per_year": 3000}]})
    m = ms["heat_pump_hot_water"]
    litres = 36_000 * 860 / 8629
    kwh_per_l = 8629 * 0.85 / 860 / 3
    assert m.saving_fuel["amount"] == pytest.approx(litres, abs=1e-3)
    assert m.saving_kwh == pytest.approx(-litres * kwh_per_l)  # negative: the heat pump uses electricity
    assert m.saving_tco2e == pytest.approx(litres * (2.688 - kwh_per_l * 0.474) / 1000)


def test_heat_pump_not_for_hot_process():
    assert "heat_pump_hot_water" not in run({"process_heat": [{"temperature_c": 150, "source": "electric", "kw": 20}]})


def test_contract_capacity_saves_money_not_carbon():
    # contract 300 kW, highest demand 220 kW → 220 × 1.075 = 236.5 kW; (300 − 236.5) × NT$185.8/kW/month × 12
    ms = run(contract={"contract_kw": 300, "peak_kw": 220, "power_factor": 0.88})
    m = ms["contract_capacity_optimisation"]
    assert m.saving_ntd_per_year == pytest.approx(63.5 * 185.8 * 12)  # NT$141,580
    assert m.carbon_saving is False and m.saving_tco2e == 0 and m.saving_kwh == 0
    assert m.to_dict("zh-TW")["no_carbon_note"] == core.t("measures.note.no_carbon", "zh-TW")
    assert "碳" in m.to_dict("zh-TW")["no_carbon_note"]


def test_power_factor_saves_money_not_carbon():
    # basic charge 300 kW × 185.8 × 12 = NT$668,880 a year; 88 % → 95 %: 7 points × 0.1 % = 0.7 %
    ms = run(contract={"contract_kw": 300, "peak_kw": 290, "power_factor": 0.88})
    assert "contract_capacity_optimisation" not in ms  # 290 × 1.075 > 300: nothing to cut
    m = ms["power_factor_correction"]
    assert m.saving_ntd_per_year == pytest.approx(668_880 * 0.007)  # NT$4,682
    assert not m.carbon_saving and m.saving_tco2e == 0
    assert m.ntd_per_tco2e is None


def test_power_factor_below_80_counts_the_penalty():
    # 0.75 → 0.95: (95 − 75) × 0.1 % = 2 % of the basic charge (the 5 points below 80 are a surcharge today)
    ms = run(contract={"contract_kw": 100, "peak_kw": 95, "power_factor": 0.75})
    assert ms["power_factor_correction"].saving_ntd_per_year == pytest.approx(100 * 185.8 * 12 * 0.02)


def test_energy_management_on_what_is_left_of_the_site():
    # no equipment answers, 600,000 kWh, general manufacturing profile (estimates):
    #   compressors 15 % = 90,000 kWh: leaks 16.25 % = 14,625; pressure 3.625 % of 75,375 = 2,732.34
    #   chillers 10 % = 60,000 kWh: chilled water 4.5 % = 2,700
    #   EMS 3 % of (600,000 − 14,625 − 2,732.34 − 2,700) = 17,398.28 kWh
    ms = run({"has": ["air_compressors", "chillers"]}, kwh=600_000)
    assert ms["compressed_air_leaks"].basis == "industry_breakdown"
    assert ms["compressed_air_leaks"].saving_kwh == pytest.approx(14_625)
    assert ms["compressor_pressure_setpoint"].saving_kwh == pytest.approx(75_375 * 0.03625)
    assert ms["chilled_water_temperature"].saving_kwh == pytest.approx(2_700)
    assert "compressor_vfd" not in ms  # investments are not suggested on an estimate alone
    assert "air_compressors" in ms["compressed_air_leaks"].to_measure
    assert ms["energy_management_system"].saving_kwh == pytest.approx((600_000 - 14_625 - 75_375 * 0.03625 - 2_700) * 0.03)


def test_breakdown_uses_the_industry_profile():
    # industry 26 (electronics): chillers 30 % of 600,000 = 180,000 kWh × 4.5 %
    ms = run({"has": ["chillers"]}, kwh=600_000, industry="2611")
    assert ms["chilled_water_temperature"].saving_kwh == pytest.approx(180_000 * 0.045)


def test_rooftop_solar():
    # 1,500 m2 ÷ 15 m2/kWp = 100 kWp × 1,150 kWh/kWp = 115,000 kWh (1,000-1,285); cost 100 × NT$40,900-70,000
    ms = run({"roof_area_m2": 1500}, kwh=600_000)
    m = ms["rooftop_solar"]
    assert m.saving_kwh == pytest.approx(115_000)
    assert (m.saving_kwh_range.low, m.saving_kwh_range.high) == pytest.approx((100_000, 128_500))
    assert (m.cost_ntd_low, m.cost_ntd_high) == pytest.approx((4_090_000, 7_000_000))
    assert m.saving_tco2e == pytest.approx(115_000 * 0.474 / 1000)
    # payback = NT$5,545,000 ÷ (115,000 × 4.29) = 11.24 years
    assert m.payback_years.central == pytest.approx(5_545_000 / (115_000 * 4.29))
    # over 20 years: (5,545,000 − 493,350 × 20) ÷ (54.51 t × 20)
    assert m.ntd_per_tco2e == pytest.approx((5_545_000 - 115_000 * 4.29 * 20) / (115_000 * 0.474 / 1000 * 20))


def test_ranking_no_cost_and_low_cost_first():
    ms = suggest(checkup({"air_compressors": [OLD_COMPRESSOR], "lighting": [{"type": "T8", "count": 200, "watts": 36}]},
                         {"contract_kw": 300, "peak_kw": 220, "power_factor": 0.88}), result(600_000), factors=StubFactors())
    # what pays back within its life first; among those no-cost, then low-cost, then investments by payback
    paying = [m for m in ms if m.pays_back is not False]
    assert ms[:len(paying)] == paying
    classes = [m.cost_class for m in paying]
    assert classes == sorted(classes, key=["no_cost", "low_cost", "investment"].index)
    invest = [m.payback_years.central for m in paying if m.cost_class == "investment" and m.payback_years]
    assert invest == sorted(invest)


def test_abatement_curve_adds_up():
    ms = suggest(checkup({"air_compressors": [OLD_COMPRESSOR], "pumps": [{"kw": 15, "count": 2, "throttled": True}]},
                         {"contract_kw": 300, "peak_kw": 220, "power_factor": 0.88}), result(600_000), factors=StubFactors())
    bars = abatement_curve(ms, "en")
    assert [b["y"] for b in bars] == sorted(b["y"] for b in bars)
    assert all(b["id"] not in ("contract_capacity_optimisation", "power_factor_correction") for b in bars)
    assert bars[-1]["x1"] == pytest.approx(sum(b["width"] for b in bars))
    carbon = [m for m in ms if m.carbon_saving and m.ntd_per_tco2e is not None]
    assert bars[-1]["x1"] == pytest.approx(total(carbon)["saving_tco2e"])


def test_json_for_the_command_line():
    ms = suggest(checkup({"air_compressors": [OLD_COMPRESSOR]}), result(600_000), factors=StubFactors())
    out = to_dict(ms, "en")
    keys = {"id", "name", "system", "saving_kwh", "saving_fuel", "saving_tco2e", "saving_ntd_per_year",
            "cost_ntd_low", "cost_ntd_high", "payback_years", "sources"}
    for m in out["measures"]:
        assert keys <= set(m)
        assert m["sources"] and all(s.get("title") for s in m["sources"])
        assert m["working"]
    assert out["measures"][0]["name"] == core.t(f"measures.name.{out['measures'][0]['id']}", "en")
    import json

    json.dumps(out, ensure_ascii=False)


def test_working_shows_the_arithmetic():
    ms = run({"air_compressors": [OLD_COMPRESSOR]})
    text = "\n".join(ms["compressed_air_leaks"].working_text("zh-TW"))
    assert "37 kW × 1 × 4,000 h × 0.75" in text and "111,000 kWh" in text
    assert "0.474 kgCO2e/kWh" in text


def test_nothing_to_suggest_without_data():
    assert suggest(checkup({}), result(None), factors=StubFactors()) == []


def test_real_factor_tables_end_to_end():
    """The issue's example file with the real 2024 factors: the same electricity factor as the inventory."""
    data = {
        "year": 2024,
        "electricity": {"kwh": 600_000},
        "fuels": [{"fuel": "diesel", "amount": 30_000, "unit": "L"}],
        "equipment": {
            "air_compressors": [OLD_COMPRESSOR],
            "chillers": [{"kw": 120, "count": 1, "age_years": 18, "type": "water_cooled"}],
            "pumps": [{"kw": 15, "count": 2, "vfd": False, "throttled": True, "hours_per_year": 5000}],
            "fans": [{"kw": 7.5, "count": 4, "vfd": False, "hours_per_year": 5000}],
            "boilers": [BOILER],
            "lighting": [{"type": "T8", "count": 200, "watts": 36, "hours_per_year": 3000}],
            "motors": [{"kw": 11, "count": 6, "efficiency_class": "IE1", "hours_per_year": 4000}],
        },
        "contract": {"contract_kw": 300, "peak_kw": 220, "power_factor": 0.88},
    }
    c = core.parse_checkup(data)
    res = core.compute(c)
    fs = core.load_factor_set(2024)
    ms = {m.id: m for m in suggest(c, res)}
    assert fs.electricity_factor() == pytest.approx(0.474)
    # savings are valued at the price in force now (4.29 NT$/kWh since 2024-10-16), not the 2024 average
    price = 4.29
    assert ms["compressed_air_leaks"].saving_tco2e == pytest.approx(18_037.5 * 0.474 / 1000)
    assert ms["compressed_air_leaks"].saving_ntd_per_year == pytest.approx(18_037.5 * price)
    diesel = fs.fuel_kgco2e_per_unit("diesel", "L")
    # compressor heat recovery comes first in the boiler's fuel: 111,000 × 0.7 × 0.5 × 860 ÷ (8,629 × 0.80) L
    heat = 111_000 * 0.7 * 0.5 * 860 / (fs.fuel_kcal_per_unit("diesel", "L") * 0.80)
    tuning = (30_000 - heat) * (1 - 0.80 / 0.83)
    assert ms["boiler_tuning"].saving_tco2e == pytest.approx(tuning * diesel / 1000)
    expected = {"compressed_air_leaks", "compressor_pressure_setpoint", "compressor_vfd", "chilled_water_temperature",
                "chiller_replacement", "pump_vfd", "fan_vfd", "motor_ie4", "led_lighting", "boiler_tuning",
                "condensate_recovery", "flash_steam_recovery", "boiler_fuel_switch_gas", "boiler_fuel_switch_biomass",
                "compressor_heat_recovery", "contract_capacity_optimisation", "power_factor_correction",
                "energy_management_system"}
    assert expected <= set(ms)
    tot = total(list(ms.values()))
    assert tot["saving_kwh"] < 600_000
    assert not math.isnan(tot["saving_tco2e"])


def test_lamp_type_in_any_case_gets_its_default_watts():
    # no watts given: T8 defaults to 36 W (+10 W ballast); 100 × 46 W × 4,000 h (default hours) ÷ 1000 = 18,400 kWh
    ms = run({"lighting": [{"type": "t8", "count": 100}]})
    assert ms["led_lighting"].saving_kwh == pytest.approx(18_400 * 0.60)
    assert ms["led_lighting"].basis == "answers_with_defaults"


def test_two_boiler_fuels_count_the_bigger_one_and_say_so():
    # 30,000 L × 8,629 kcal/L = 259 Gcal of diesel against a small gas boiler estimated from its size:
    # 0.05 t/h × 1000 × 4,000 h × 0.5 × 600 kcal/kg ÷ (8,107 × 0.80) = 9,251 m3 × 8,107 kcal/m3 = 75 Gcal
    eq = {"boilers": [{"fuel": "diesel", "efficiency_pct": 80}, {"fuel": "natural_gas", "capacity_tph": 0.05}]}
    ms = run(eq, diesel_l=30_000)
    assert ms["boiler_tuning"].saving_fuel["fuel"] == "diesel"
    assert "other_boiler_fuels" in ms["boiler_tuning"].notes


def test_json_payback_is_a_number_with_its_range_beside_it():
    ms = run({"air_compressors": [OLD_COMPRESSOR]})
    d = ms["compressed_air_leaks"].to_dict("en")
    assert isinstance(d["payback_years"], float)
    assert d["payback_years_range"]["low"] <= d["payback_years"] <= d["payback_years_range"]["high"]


def test_equipment_with_no_hours_or_count_saves_nothing_and_does_not_crash():
    assert run({"air_compressors": [{"kw": 37, "count": 0}], "pumps": [{"kw": 5, "hours_per_year": 0}]}) == {}
