"""What else changes when a fuel or the kind of an "other" source changes (core/inventory/edits.py), checked
against the factor table's own units (data/factors/fuels.csv) and the catalogue's steam unit."""

from __future__ import annotations

import core
from core.inventory.edits import fuel_chosen, other_kind_chosen


def test_a_new_fuel_starts_in_the_unit_it_is_bought_in():
    diesel = {"fuel": "diesel", "amount": 1200, "unit": "L", "name": "堆高機"}
    assert fuel_chosen(diesel, "natural_gas") == {"fuel": "natural_gas", "amount": 1200, "unit": "m3", "name": "堆高機"}
    assert fuel_chosen(diesel, "coal")["unit"] == "t"  # bought by the 公噸 (data/plausibility.yaml)
    assert fuel_chosen(diesel, "lpg")["unit"] == "kg"  # 桶裝瓦斯 by the kg
    assert diesel["unit"] == "L"  # the old entry is not changed under the caller


def test_a_fuel_no_vehicle_burns_is_no_longer_a_vehicles():
    truck = {"fuel": "diesel", "amount": 300, "unit": "L", "use": "vehicle"}
    assert "use" not in fuel_chosen(truck, "fuel_oil")  # 燃料油: no vehicle row in the factor table
    assert fuel_chosen(truck, "gasoline")["use"] == "vehicle"


def test_purchased_steam_is_in_tonnes_and_scope_two():
    custom = {"kind": "custom", "amount": 5, "unit": "批", "factor": 12.5, "factor_source": "供應商", "scope": 1}
    steam = other_kind_chosen(custom, "steam", "zh-TW")
    assert steam["unit"] == "公噸" and "scope" not in steam and steam["factor"] == 12.5
    assert other_kind_chosen(custom, "steam", "en")["unit"] == "t"
    parsed = core.parse_checkup({"format": "checkup/1", "year": 2024, "other": [steam]})
    assert core.compute(parsed).lines[0].scope == 2


def test_a_gas_bought_by_weight_drops_the_own_factor():
    custom = {"kind": "custom", "amount": 5, "unit": "批", "factor": 12.5, "factor_source": "供應商", "scope": 1}
    gas = other_kind_chosen(custom, "welding_co2", "zh-TW")
    assert gas == {"kind": "welding_co2", "amount": 5, "unit": "kg"}
    assert other_kind_chosen({"kind": "acetylene", "amount": 2, "unit": "t"}, "process_co2", "zh-TW")["unit"] == "t"
    assert other_kind_chosen({"kind": "steam", "amount": 2, "unit": "公噸"}, "custom", "zh-TW")["unit"] == "公噸"
