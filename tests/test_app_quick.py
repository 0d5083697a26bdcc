"""AppTest: the quick estimate. Numbers worked by hand from the official factors.

Electricity: 150,000 kWh × 0.474 kgCO2e/kWh (2024 factor, 經濟部能源署 113年度電力排碳係數) ÷ 1000 = 71.1 t.
Diesel (環境部 2024 溫室氣體排放係數 附表一, AR5 GWPs: CH4 28, N2O 265):
2,000 L × 8,629 kcal/L × 4.1868e-9 TJ/kcal = 0.072255 TJ;
× (74,100 + 3 × 28 + 0.6 × 265 = 74,343 kgCO2e/TJ) = 5,371.7 kg = 5.37 t.
"""

import pytest

from apptest_helpers import QUICK, chosen, errors, metrics, start, typed


@pytest.fixture(autouse=True)
def _db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")


def test_five_answers_give_a_first_result():
    at = start(QUICK)
    chosen(at, "year", 2024)
    chosen(at, "company.industry", "25")
    typed(at, "company.employees", "8")
    typed(at, "electricity.kwh", "150,000")
    m = metrics(at)
    assert m["2024 年總排放量"] == "71.1 公噸 CO₂e"
    assert m["範疇二（外購電力）"] == "71.1 公噸 CO₂e"
    at.selectbox(key="w._quick_fuel").select("diesel").run()
    typed(at, "fuels[0].amount", "2000")
    m = metrics(at)
    assert m["範疇一（直接排放）"] == "5.4 公噸 CO₂e"
    assert m["2024 年總排放量"] == "76.5 公噸 CO₂e"  # 71.1 + 5.37
    data = at.session_state["checkup"]
    assert data["company"] == {"industry": "25", "employees": 8}
    assert data["electricity"] == {"kwh": 150000}
    assert data["fuels"] == [{"fuel": "diesel", "unit": "L", "amount": 2000}]


def test_bill_amount_in_ntd_gives_a_flagged_estimate():
    at = start(QUICK)
    chosen(at, "year", 2024)
    at.radio(key="w._quick_method").set_value("ntd").run()
    typed(at, "electricity.ntd", "500000")
    # 2024 average industrial price, day-weighted: 3.38 NT$/kWh to 2024-03-31 (91 days),
    # 3.81 from 2024-04-01 to 10-15 (198 days), later price from prices.csv for the rest; see core tests.
    assert at.session_state["checkup"]["electricity"] == {"ntd": 500000}
    total = metrics(at)["2024 年總排放量"]
    assert total.endswith("公噸 CO₂e")
    value = float(total.split()[0].replace(",", ""))
    assert 55 < value < 72  # 500,000 NT$ ÷ (3.38–3.81 NT$/kWh) × 0.474 ÷ 1000 = 62.2–70.1 t


def test_text_that_is_not_a_number_is_explained_at_the_field_and_kept():
    at = start(QUICK)
    typed(at, "company.employees", "8")
    typed(at, "electricity.kwh", "abc")
    assert any("請填數字" in e and "abc" in e for e in errors(at))
    assert at.text_input(key="w.electricity.kwh").value == "abc"
    assert at.session_state["checkup"]["company"]["employees"] == 8  # nothing else lost
    typed(at, "electricity.kwh", "１２，０００")  # full-width digits as typed on a Chinese keyboard
    assert not errors(at)
    assert at.session_state["checkup"]["electricity"] == {"kwh": 12000}


def test_english_by_the_address():
    at = start(QUICK, lang="en")
    chosen(at, "year", 2024)
    typed(at, "electricity.kwh", "150000")
    assert metrics(at)["Total emissions 2024"] == "71.1 tCO₂e"
    assert at.title[0].value == "Quick estimate"
