"""core.inventory.carryover: next year's copy carries every row; the yearly figures are blank, remembered as last year's."""

import copy

import pytest

import core
from core.inventory.carryover import blank_rows, next_year

SCREWS = core.to_data(core.load("examples/screws.yaml"))


def test_every_row_is_carried_for_the_owner_to_confirm():
    carried = next_year(SCREWS)
    new = carried.data
    assert new["year"] == 2025
    # the company as it was, the employees asked once; the revenue is a yearly figure
    assert new["company"] == {k: v for k, v in SCREWS["company"].items() if k != "revenue_ntd"}
    assert new["company"]["employees"] == 8 and new["company"]["contract_kw"] == 150
    # every fuel row, with its fuel, unit and use, but not last year's amount
    assert new["fuels"] == [{"fuel": "diesel", "unit": "L"},  # stationary: the default, left out of the file
                            {"fuel": "gasoline", "unit": "L", "use": "vehicle"},
                            {"fuel": "natural_gas", "unit": "m3"}]
    # the air-conditioners as they were (charge, count, type); a top-up is a yearly figure
    assert new["refrigerants"][0] == SCREWS["refrigerants"][0]
    assert new["refrigerants"][1] == {"refrigerant": "R-134a"}
    assert new["septic"] == SCREWS["septic"]
    assert "production" not in new  # this year's output, with its unit beside it as last year's
    assert "electricity" not in new  # this year's bills are new
    assert new["goods"][0]["good"] == "fasteners" and "tonnes" not in new["goods"][0]
    assert new["precursors"][0]["country"] == "TW" and "tonnes" not in new["precursors"][0]


def test_last_years_figures_come_back_beside_their_fields():
    last = next_year(SCREWS).last_year
    assert last["fuels[0].amount"] == 2000 and last["fuels[1].amount"] == 94.4 and last["fuels[2].amount"] == 30000
    assert last["refrigerants[1].recharged_kg"] == 2
    assert last["electricity.kwh"] == 150000
    assert last["production.amount"] == 500 and last["production.unit"] == "公噸"
    assert last["company.revenue_ntd"] == 60000000
    assert last["goods[0].tonnes"] == 450 and last["precursors[0].tonnes"] == 520
    assert sorted(set(blank_rows(next_year(SCREWS)))) == ["fuels[0]", "fuels[1]", "fuels[2]", "goods[0]",
                                                          "precursors[0]", "refrigerants[1]"]


def test_the_copy_never_changes_this_years_answers():
    before = copy.deepcopy(SCREWS)
    carried = next_year(SCREWS)
    carried.data["company"]["name"] = "改了"
    carried.data["fuels"][0]["unit"] = "kL"
    assert SCREWS == before


def test_filled_in_again_it_computes_like_a_new_year():
    carried = next_year(SCREWS)
    data = carried.data
    for path, value in carried.last_year.items():  # the owner confirms every figure as last year's
        if path.startswith(("fuels", "refrigerants", "goods", "precursors")):
            name, rest = path.split("[", 1)
            i, key = rest.split("].")
            data[name][int(i)][key] = value
    data["electricity"] = {"kwh": 150000}
    result = core.compute(core.parse_checkup(data))
    assert result.year == 2025
    # Scope 2 with 2025's factor: 150,000 kWh × 0.466 kgCO2e/kWh (能源署 114年度) = 69.9 t
    assert result.scope2_tco2e == pytest.approx(69.9)


def test_a_checkup_with_nothing_but_a_year():
    assert next_year({"format": "checkup/1", "year": 2024}).data == {"format": "checkup/1", "year": 2025, "company": {}}
    assert next_year({}).data == {"format": "checkup/1", "company": {}}
