"""The factors of each inventory year, worked by hand from the official tables (issue: every status says what is known).

Sources of the numbers written below:
  6.0.4    溫室氣體排放係數管理表 6.0.4 版 (環保署, 108年6月): sheet 1-3 per-unit factors and 我國熱值 (the 能源局 2015 table),
           sheet 5 electricity factors (能源局 107.7.4公告 revised series), 表單說明: for inventories of 2019 on.
  2024     環境部 2024-02-05「溫室氣體排放係數」附表一 kg/TJ (IPCC 2006), for inventory years 2024 on; 1 kcal = 4.1868e-9 TJ.
  EA 2024  能源署 能源產品單位熱值表 (自113年起): diesel 8,629 kcal/L, fuel oil 9,320, coal 5,890 (transcriptions only).
  MOENV    環境部 114年度 heating values (2026-02-10): diesel 8,636 kcal/L (a transcription only).
  AR5      附表四: CH4 28, N2O 265.
"""

import pytest

import core
from core.inventory.factors import load_factor_set

TJ = 4.1868e-9
CH4, N2O = 28, 265


def compute(year: int, **parts):
    return core.compute(core.parse_checkup({"format": "checkup/1", "year": year, **parts}))


def diesel(year: int, litres: float = 1000, **options):
    data = {"fuels": [{"fuel": "diesel", "amount": litres, "unit": "L"}]}
    if options:
        data["options"] = options
    return compute(year, **data)


# ---------------------------------------------------------------- electricity 2005-2016


@pytest.mark.parametrize("year, factor", [
    (2005, 0.555), (2006, 0.562), (2007, 0.558), (2008, 0.555), (2009, 0.543), (2010, 0.534), (2011, 0.534),
    (2012, 0.529), (2013, 0.519), (2014, 0.518), (2015, 0.525), (2016, 0.530),  # 6.0.4 sheet 5 rows 5-16
])
def test_electricity_factors_before_2017_are_the_revised_series(year, factor):
    result = compute(year, electricity={"kwh": 10_000})
    assert result.total_tco2e == pytest.approx(10_000 * factor / 1000)
    assert result.electricity_factor_year == year
    assert "electricity_factor_substituted" not in result.flag_codes()


def test_2016_is_0530_not_0529():
    # 0.529 is 2012's factor (6.0.4 sheet 5 row 12); 2016 is 0.530 (row 16)
    assert compute(2016, electricity={"kwh": 1000}).total_tco2e == pytest.approx(0.530)


# ---------------------------------------------------------------- which fuel set, which heating value


def test_2023_uses_the_604_set_and_its_per_litre_factors():
    # 6.0.4 sheets 1-3 row 28 柴油 (固定源): 2.606032 kg CO2, 0.000105507 kg CH4, 0.0000211015 kg N2O per L
    result = diesel(2023)
    assert result.fuel_factor_set == "v6_0_4"
    assert result.total_tco2e == pytest.approx(1000 * (2.606032 + 0.000105507 * CH4 + 0.0000211015 * N2O) / 1000)
    assert not {"fuel_set_substituted", "heat_value_substituted", "heat_value_unconfirmed"} & set(result.flag_codes())


def test_2024_uses_the_2024_announcement_with_the_energy_administrations_2024_table():
    result = diesel(2024)
    assert result.fuel_factor_set == "moenv_2024"
    assert result.total_tco2e == pytest.approx(1000 * (74100 + 3 * CH4 + 0.6 * N2O) * 8629 * TJ / 1000)
    flag = next(f for f in result.flags if f.code == "heat_value_unconfirmed")
    assert flag.params["row"] == "ea_2024_diesel"


def test_2025_uses_moenvs_announced_heating_value():
    result = diesel(2025)
    assert result.total_tco2e == pytest.approx(1000 * (74100 + 3 * CH4 + 0.6 * N2O) * 8636 * TJ / 1000)
    assert "heat_value_substituted" not in result.flag_codes()
    assert any(f.code == "heat_value_unconfirmed" and f.params["row"] == "moenv_2025_diesel" for f in result.flags)


def test_2026_reuses_2025s_heating_value_and_says_so():
    result = diesel(2026)
    assert result.total_tco2e == pytest.approx(1000 * (74100 + 3 * CH4 + 0.6 * N2O) * 8636 * TJ / 1000)
    flag = next(f for f in result.flags if f.code == "heat_value_substituted")
    assert flag.params == {"fuel": "diesel", "unit": "L", "year": 2026, "used": "moenv_2025_diesel", "used_years": "2025",
                           "source": "114年度車用汽油、柴油、液化石油氣及天然氣之熱值 (環境部公告 2026-02-10)"}


def test_2026_fuel_oil_keeps_the_table_still_in_force():
    # MOENV announces no fuel-oil value: the 自113年起 table (9,320 kcal/L) stays in force, no substitution
    result = compute(2026, fuels=[{"fuel": "fuel_oil", "amount": 1000, "unit": "L"}])
    assert result.total_tco2e == pytest.approx(1000 * (77400 + 3 * CH4 + 0.6 * N2O) * 9320 * TJ / 1000)
    assert "heat_value_substituted" not in result.flag_codes()


def test_the_2024_set_chosen_for_2023_uses_the_heating_values_in_force_in_2023():
    # the 能源局 2015 table (6.0.4 sheet 1 column G, row 28: 8,400 kcal/L) was in force until 2023
    result = diesel(2023, fuel_factor_set="moenv_2024")
    assert result.total_tco2e == pytest.approx(1000 * (74100 + 3 * CH4 + 0.6 * N2O) * 8400 * TJ / 1000)
    assert "heat_value_substituted" not in result.flag_codes()
    flag = next(f for f in result.flags if f.code == "fuel_set_substituted")
    assert (flag.params["year"], flag.params["from"], flag.params["to"]) == (2023, 2024, "")


def test_a_year_before_the_2015_table_uses_it_and_says_so():
    result = diesel(2012, fuel_factor_set="moenv_2024")
    assert result.total_tco2e == pytest.approx(1000 * (74100 + 3 * CH4 + 0.6 * N2O) * 8400 * TJ / 1000)
    flag = next(f for f in result.flags if f.code == "heat_value_substituted")
    assert flag.params["used"] == "ea_2015_diesel" and flag.params["used_years"] == "2015–2023"


def test_a_year_before_604_gets_604_and_says_so():
    # 6.0.4 applies from 2019 (表單說明 第2列); its earlier versions are not held here
    result = diesel(2010)
    assert result.fuel_factor_set == "v6_0_4"
    flag = next(f for f in result.flags if f.code == "fuel_set_substituted")
    assert flag.params["set"] == "v6_0_4" and (flag.params["from"], flag.params["to"]) == (2019, 2023)
    assert "2010" in flag.text() and "6.0.4" in flag.text()


# ---------------------------------------------------------------- coal CH4 per set


def test_coal_ch4_is_1_kg_per_tj_in_the_2024_announcement():
    # 附表一 固定燃燒 row 33 其他煙煤: 94,600 / 1 / 1.5 kg/TJ (IPCC Table 2.2); heating value 5,890 kcal/kg (EA 2024)
    result = compute(2024, fuels=[{"fuel": "coal", "amount": 1000, "unit": "kg"}])
    ch4 = next(ln for ln in result.lines if ln.gas == "CH4")
    assert ch4.factor == pytest.approx(1 * 5890 * TJ)
    assert result.total_tco2e == pytest.approx(1000 * (94600 + 1 * CH4 + 1.5 * N2O) * 5890 * TJ / 1000)


def test_coal_ch4_in_604_is_1_kg_per_tj_too():
    # 6.0.4 sheet 2 row 9 燃料煤: 1 kg CH4/TJ × 6,080 kcal/kg
    fs = load_factor_set(2020)
    ch4 = next(g for g in fs.fuel_gas_factors("coal", "stationary", "kg") if g["gas"] == "CH4")
    assert ch4["kg_per_unit"] == pytest.approx(1 * 6080 * TJ, rel=1e-5)


# ---------------------------------------------------------------- GWPs


def test_propane_ar6_gwp_is_002():
    # IPCC AR6 WG1 Table 7.SM.7: propane GWP-100 0.02; a hydrocarbon, reported apart
    result = compute(2024, refrigerants=[{"refrigerant": "R-290", "recharged_kg": 10}], options={"gwp": "AR6"})
    assert result.total_tco2e == 0
    assert result.reported_apart_tco2e == pytest.approx(10 * 0.02 / 1000)
    assert "gwp_unconfirmed" not in result.flag_codes()


def test_propane_under_ar5_has_no_official_gwp_and_says_so():
    result = compute(2024, refrigerants=[{"refrigerant": "R-290", "recharged_kg": 10}])
    assert result.reported_apart_tco2e == pytest.approx(10 * 3 / 1000)
    flag = next(f for f in result.flags if f.code == "gwp_unconfirmed")
    assert flag.params["row"] == "gwp:propane:AR5"
