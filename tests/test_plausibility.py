"""Numbers that look like slips get a question, never a refusal (data/plausibility.yaml).

Hand-worked:
- 4,000 L of LPG × 0.546 kg/L (5,993 kcal/L ÷ 10,972 kcal/kg) = 2,184 kg, shown as about 2,180 kg.
- contract 150 kW × 8,760 h = 1,314,000 kWh: 150,000 kWh is fine, 150,000,000 kWh (1,000×) is not.
- 150,000,000 kWh ÷ 12 people = 12,500,000 kWh each, above the 1,500,000 band; 150,000 ÷ 12 = 12,500 is inside.
- a 0.5 t/h diesel boiler at full load all year: 0.5 × 8,760 × 2.8 GJ ÷ 0.5 efficiency = 24,528 GJ of fuel;
  2,000,000 L of diesel × 8,629 kcal/L (the 2024 heat-value table) × 4.1868 kJ/kcal ÷ 1e6 = 72,256 GJ > 24,528 GJ.
"""

from __future__ import annotations

import pytest

import core
from core.inventory import plausibility

QUESTIONS = set(plausibility.QUESTIONS)


def run(**parts):
    return core.compute(core.parse_checkup({"format": "checkup/1", "year": 2024, **parts}))


def questions(result):
    return {(f.code, f.input) for f in result.flags if f.code in QUESTIONS}


def test_lpg_is_bought_by_the_kg_and_litres_get_a_question_in_kg():
    assert plausibility.default_unit("lpg", ["L", "kg"]) == "kg"
    r = run(fuels=[{"fuel": "lpg", "amount": "4,000", "unit": "公升"}])
    flag = next(f for f in r.flags if f.code == "unit_question")
    assert flag.input == "fuels[0].unit"
    assert flag.params["converted"] == pytest.approx(2180)  # 4,000 × 0.546 = 2,184
    assert flag.text("zh-TW") == "4,000 公升的液化石油氣約等於 2,180 公斤，請確認單位：液化石油氣通常以公斤計價。"
    assert "moenv" not in flag.text("en") and " L " not in flag.text("en")


@pytest.mark.parametrize(("fuel", "unit"), [("lpg", "kg"), ("natural_gas", "m3"), ("diesel", "L"), ("fuel_oil", "kL"), ("coal", "t")])
def test_the_units_fuels_are_bought_in_ask_nothing(fuel, unit):
    r = run(fuels=[{"fuel": fuel, "amount": 1000, "unit": unit}])
    assert "unit_question" not in r.flag_codes()


def test_the_default_units_by_what_people_buy():
    assert [plausibility.bought_in(f)[0] for f in ("lpg", "natural_gas", "diesel", "gasoline", "fuel_oil", "coal")] == \
        ["kg", "m3", "L", "L", "L", "t"]
    assert "kL" in plausibility.bought_in("fuel_oil")  # 重油 in L or 公秉


def test_a_question_never_changes_the_number():
    litres = run(fuels=[{"fuel": "lpg", "amount": 4000, "unit": "L"}])
    assert litres.total_tco2e > 0  # computed as typed: 4,000 L, with the question beside it
    assert litres.lines[0].activity == 4000 and litres.lines[0].unit == "L"


def test_electricity_above_what_the_contract_can_draw():
    ok = run(company={"contract_kw": 150, "employees": 12}, electricity={"kwh": 150_000})
    assert questions(ok) == set()
    slip = run(company={"contract_kw": 150, "employees": 12}, electricity={"kwh": "150,000,000"})
    assert questions(slip) == {("kwh_above_contract", "electricity.kwh"), ("kwh_per_employee_high", "electricity.kwh")}
    flag = next(f for f in slip.flags if f.code == "kwh_above_contract")
    assert flag.params["max"] == 150 * 8760 == 1_314_000
    assert "是不是多打了三個 0？" in flag.text("zh-TW")
    assert slip.total_tco2e == pytest.approx(150_000_000 * 0.474 / 1000)  # never blocks: the number as typed


def test_just_at_the_contract_limit_is_not_a_slip():
    assert questions(run(company={"contract_kw": 100}, electricity={"kwh": 876_000})) == set()
    assert questions(run(company={"contract_kw": 100}, electricity={"kwh": 876_001})) == {("kwh_above_contract", "electricity.kwh")}


def test_electricity_per_employee_far_outside_manufacturing():
    assert questions(run(company={"employees": 12}, electricity={"kwh": 150_000})) == set()
    low = run(company={"employees": 12}, electricity={"kwh": 1_500})  # 125 kWh a person: a month, or a zero missing
    assert questions(low) == {("kwh_per_employee_low", "electricity.kwh")}


def test_bills_put_the_question_on_the_electricity_step():
    bills = [{"from": "2024-01-01", "to": "2024-03-01", "kwh": 90_000_000}]
    r = run(company={"contract_kw": 150}, electricity={"bills": bills})
    assert ("kwh_above_contract", "electricity") in questions(r)


def test_fuel_far_above_what_the_boiler_can_burn():
    boiler = {"boilers": [{"fuel": "diesel", "capacity_tph": 0.5}]}
    fine = run(fuels=[{"fuel": "diesel", "amount": 20_000, "unit": "L"}], equipment=boiler)
    assert questions(fine) == set()
    slip = run(fuels=[{"fuel": "diesel", "amount": 2_000_000, "unit": "L"}], equipment=boiler)
    flag = next(f for f in slip.flags if f.code == "fuel_above_equipment")
    assert flag.input == "fuels[0].amount"
    assert flag.params["max"] == pytest.approx(0.5 * 8760 * 2.8 / 0.5)
    assert slip.factors["rows"]["heat:diesel:L"]["kcal_per_unit"] == 8629
    assert flag.params["gj"] == pytest.approx(2_000_000 * 8629 * 4.1868 / 1e6)  # 72,256 GJ


def test_fuel_for_a_vehicle_or_without_a_sized_boiler_is_not_compared():
    eq = {"boilers": [{"fuel": "diesel"}]}
    assert questions(run(fuels=[{"fuel": "diesel", "amount": 2_000_000, "unit": "L"}], equipment=eq)) == set()
    eq = {"boilers": [{"fuel": "diesel", "capacity_tph": 0.5}]}
    assert questions(run(fuels=[{"fuel": "diesel", "amount": 2_000_000, "unit": "L", "use": "vehicle"}], equipment=eq)) == set()


def test_every_question_has_words_in_both_languages():
    for code in QUESTIONS:
        for lang in ("zh-TW", "en"):
            assert core.t(f"flags.{code}", lang) != f"flags.{code}"
