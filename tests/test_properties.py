"""Property tests: unit conversion, additivity of lines, monthly vs annual electricity."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core

amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


def total(**parts) -> float:
    return core.compute(core.parse_checkup({"format": "checkup/1", "year": 2024, **parts})).total_tco2e


@settings(max_examples=60, deadline=None)
@given(amounts)
def test_same_quantity_in_any_unit_gives_the_same_emissions(x):
    litres = total(fuels=[{"fuel": "diesel", "amount": x, "unit": "L"}])
    assert total(fuels=[{"fuel": "diesel", "amount": x / 1000, "unit": "公秉"}]) == pytest.approx(litres, rel=1e-9, abs=1e-12)
    kwh = total(electricity={"kwh": x})
    assert total(electricity={"kwh": x / 1000, "unit": "MWh"}) == pytest.approx(kwh, rel=1e-9, abs=1e-12)
    kg = total(other=[{"kind": "welding_co2", "amount": x, "unit": "kg"}])
    assert total(other=[{"kind": "welding_co2", "amount": x / 1000, "unit": "公噸"}]) == pytest.approx(kg, rel=1e-9, abs=1e-12)


fuel_lines = st.lists(
    st.fixed_dictionaries(
        {
            "fuel": st.sampled_from(["diesel", "gasoline", "lpg", "natural_gas", "fuel_oil", "kerosene"]),
            "amount": amounts,
        }
    ),
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(fuel_lines, amounts)
def test_the_total_is_the_sum_of_each_source_alone(lines, kwh):
    units = {"natural_gas": "m3"}
    fuels = [{**ln, "unit": units.get(ln["fuel"], "L")} for ln in lines]
    together = total(fuels=fuels, electricity={"kwh": kwh})
    apart = sum(total(fuels=[f]) for f in fuels) + total(electricity={"kwh": kwh})
    assert together == pytest.approx(apart, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(amounts, min_size=12, max_size=12))
def test_twelve_months_equal_their_annual_sum(months):
    assert total(electricity={"monthly_kwh": months}) == pytest.approx(total(electricity={"kwh": sum(months)}), rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(amounts, st.floats(min_value=0, max_value=1))
def test_scaling_activity_scales_emissions(x, k):
    one = total(fuels=[{"fuel": "lpg", "amount": x, "unit": "kg"}])
    assert total(fuels=[{"fuel": "lpg", "amount": x * k, "unit": "kg"}]) == pytest.approx(one * k, rel=1e-9, abs=1e-9)
