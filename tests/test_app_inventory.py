"""AppTest: the full inventory, step by step, against numbers worked by hand from the official factors.

The example factory (examples/screws.yaml) for 2024:
- electricity 150,000 kWh × 0.474 kgCO2e/kWh (經濟部能源署 113年度電力排碳係數) = 71.1 t (Scope 2)
- diesel 2,000 L stationary: 0.072255 TJ × 74,343 kgCO2e/TJ = 5.372 t (環境部 2024 附表一, AR5)
- natural gas 30,000 m³: 30,000 × 8,107 kcal × 4.1868e-9 = 1.01828 TJ × (56,100 + 1×28 + 0.1×265 = 56,154.5) = 57.18 t
- R-410A split AC 3 kg × 5 units × 3 %/yr (6.0.4 sheet 6, air conditioner) = 0.45 kg × GWP 1,923.5 = 0.866 t
- septic 8 people × 2,400 h × 0.00159375 kgCH4/person-hour × 28 = 0.857 t
"""

import pytest

from apptest_helpers import INVENTORY, errors, metrics, start, typed, chosen


@pytest.fixture(autouse=True)
def _db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")


def _next(at):
    at.button(key="nav_next").click().run()
    assert not at.exception, [e.message for e in at.exception]


def _back(at):
    at.button(key="nav_back").click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_all_steps_give_the_hand_worked_total_and_back_loses_nothing():
    at = start(INVENTORY)
    # 1 company
    typed(at, "company.name", "範例螺絲")
    chosen(at, "year", 2024)
    chosen(at, "company.industry", "25")
    typed(at, "company.employees", "8")
    typed(at, "company.revenue_ntd", "60,000,000")
    typed(at, "production.amount", "500")
    typed(at, "production.unit", "公噸")
    _next(at)
    # 2 electricity: twelve months of 12,500 kWh = 150,000 kWh
    at.radio(key="w._elec_method").set_value("monthly").run()
    for i in range(12):
        at.text_input(key=f"w.electricity.monthly_kwh[{i}]").input("12,500")
    at.run()
    assert at.session_state["checkup"]["electricity"] == {"monthly_kwh": [12500] * 12}
    _next(at)
    # 3 fuels
    add = at.button(key="add_fuel")
    add.click().run()
    typed(at, "fuels[0].amount", "2,000")
    at.button(key="add_fuel").click().run()
    at.selectbox(key="w.fuels[1].fuel").select("natural_gas").run()
    typed(at, "fuels[1].amount", "30000")
    assert at.selectbox(key="w.fuels[1].unit").value == "m3"
    _next(at)
    # 4 refrigerants
    at.button(key="add_ref").click().run()
    typed(at, "refrigerants[0].charge_kg", "3")
    typed(at, "refrigerants[0].count", "5")
    _next(at)
    # 5 septic
    at.toggle(key="w._septic_on").set_value(True).run()
    typed(at, "septic.hours_per_year", "2400")
    _next(at)
    # 6 results
    m = metrics(at)
    assert m["2024 年總排放量"] == "135.4 公噸 CO₂e"  # 71.1 + 5.372 + 57.18 + 0.866 + 0.857 = 135.375
    assert m["範疇二（外購電力）"] == "71.1 公噸 CO₂e"
    # back to the start: every answer still there
    for _ in range(5):
        _back(at)
    assert at.text_input(key="w.company.name").value == "範例螺絲"
    assert at.text_input(key="w.company.revenue_ntd").value == "60,000,000"
    data = at.session_state["checkup"]
    assert data["fuels"][1] == {"fuel": "natural_gas", "unit": "m3", "amount": 30000}
    assert data["septic"] == {"hours_per_year": 2400}


def test_a_step_can_be_skipped_and_jumped_back_to():
    at = start(INVENTORY)
    _next(at)
    _next(at)  # skip electricity
    at.segmented_control(key="_step_widget").set_value(1).run()
    assert at.radio(key="w._elec_method").value == "kwh"
    typed(at, "electricity.kwh", "150000")
    chosen_year = at.session_state["checkup"]["year"]
    at.segmented_control(key="_step_widget").set_value(5).run()
    assert not at.exception
    assert metrics(at)[f"{chosen_year} 年總排放量"].endswith("公噸 CO₂e")


def test_bad_input_is_explained_at_the_field_in_the_users_language():
    at = start(INVENTORY, session={"step": 3})
    at.button(key="add_ref").click().run()
    # an entry just added is not red before the owner types in it (issue 11, point 9) …
    assert not errors(at)
    typed(at, "refrigerants[0].count", "2")
    # … once typed in, core explains what is missing, at the entry
    assert any("充填量" in e for e in errors(at))
    typed(at, "refrigerants[0].charge_kg", "-3")
    assert any("不能是負數" in e for e in errors(at))
    assert at.text_input(key="w.refrigerants[0].charge_kg").value == "-3"
    typed(at, "refrigerants[0].charge_kg", "3")
    assert not errors(at)


def test_switching_the_electricity_method_keeps_what_was_typed():
    at = start(INVENTORY, session={"step": 1})
    typed(at, "electricity.kwh", "150000")
    at.radio(key="w._elec_method").set_value("bills").run()
    assert "kwh" not in at.session_state["checkup"].get("electricity", {})
    at.radio(key="w._elec_method").set_value("kwh").run()
    assert at.text_input(key="w.electricity.kwh").value == "150,000"


def test_bills_across_the_year_end_are_split_by_days():
    at = start(INVENTORY, session={"step": 1, "checkup": {"format": "checkup/1", "year": 2024, "company": {}}})
    at.radio(key="w._elec_method").set_value("bills").run()
    at.button(key="add_bill").click().run()
    # typed the way the Taipower bill prints them: ROC years
    at.text_input(key="w.electricity.bills[0].from").input("112/12/15")
    at.text_input(key="w.electricity.bills[0].to").input("113.02.14")
    at.text_input(key="w.electricity.bills[0].kwh").input("6100")
    at.run()
    assert at.session_state["checkup"]["electricity"]["bills"] == [{"from": "2023-12-15", "to": "2024-02-14", "kwh": 6100}]
    at.segmented_control(key="_step_widget").set_value(5).run()
    # 44 of the bill's 61 days fall in 2024: 6,100 × 44/61 = 4,400 kWh × 0.474 = 2.0856 t
    assert metrics(at)["2024 年總排放量"] == "2.1 公噸 CO₂e"
    # back at the bill, the dates read as printed
    at.segmented_control(key="_step_widget").set_value(1).run()
    assert at.text_input(key="w.electricity.bills[0].from").value == "112/12/15"
    # reversed dates are explained at the bill
    at.text_input(key="w.electricity.bills[0].to").input("民國112年12月1日").run()
    assert any("結束日期必須晚於開始日期" in e for e in errors(at))
    # a date that does not exist is explained, and what was typed stays
    at.text_input(key="w.electricity.bills[0].to").input("113/02/30").run()
    assert any("115/01/05" in e for e in errors(at))
    assert at.text_input(key="w.electricity.bills[0].to").value == "113/02/30"


def test_septic_and_other_sources_with_own_factor():
    """Septic: 10 people × 2,000 h (default, 勞基法 §30) × 0.00159375 kgCH4 × 28 ÷ 1000 = 0.8925 t.
    CO2 extinguishers 50 kg × 1 kgCO2/kg = 0.05 t. Purchased steam 100 公噸 × 250 kgCO2e/公噸 (supplier) = 25 t, Scope 2."""
    at = start(INVENTORY, session={"step": 4, "checkup": {"format": "checkup/1", "year": 2024, "company": {"employees": 10}}})
    at.toggle(key="w._septic_on").set_value(True).run()
    add = lambda: at.button(key="add_other").click().run()  # noqa: E731
    add()
    typed(at, "other[0].amount", "50")
    add()
    at.selectbox(key="w.other[1].kind").select("steam").run()
    typed(at, "other[1].amount", "100")
    typed(at, "other[1].factor", "250")
    assert any("係數的來源" in e for e in errors(at))  # a factor needs its source: said at the entry
    typed(at, "other[1].factor_source", "供應商 2024 年蒸汽係數證明")
    assert not errors(at)
    at.segmented_control(key="_step_widget").set_value(5).run()
    m = metrics(at)
    assert m["範疇一（直接排放）"] == "0.9 公噸 CO₂e"  # 0.8925 + 0.05
    assert m["範疇二（外購電力）"] == "25.0 公噸 CO₂e"
    assert m["2024 年總排放量"] == "25.9 公噸 CO₂e"
    assert at.session_state["checkup"]["other"][1] == {
        "kind": "steam", "unit": "公噸", "amount": 100, "factor": 250, "factor_source": "供應商 2024 年蒸汽係數證明"}


def test_monthly_profile_is_charted():
    data = {"format": "checkup/1", "year": 2024, "company": {}, "electricity": {"monthly_kwh": [10000 + 1000 * i for i in range(12)]}}
    at = start(INVENTORY, session={"step": 5, "checkup": data})
    # 186,000 kWh × 0.474 ÷ 1000 = 88.164 t
    assert metrics(at)["2024 年總排放量"] == "88.2 公噸 CO₂e"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3  # by source, by scope, by month


def test_removing_an_entry_keeps_the_others_as_entered():
    data = {"format": "checkup/1", "year": 2024, "company": {}, "fuels": [
        {"fuel": "diesel", "unit": "L", "amount": 2000}, {"fuel": "natural_gas", "unit": "m3", "amount": 30000, "name": "鍋爐"}]}
    at = start(INVENTORY, session={"step": 2, "checkup": data})
    assert at.selectbox(key="w.fuels[1].fuel").value == "natural_gas"
    at.button(key="del_fuel_0").click().run()
    assert not at.exception
    assert at.session_state["checkup"]["fuels"] == [{"fuel": "natural_gas", "unit": "m3", "amount": 30000, "name": "鍋爐"}]
    assert at.selectbox(key="w.fuels[0].fuel").value == "natural_gas"
    assert at.selectbox(key="w.fuels[0].unit").value == "m3"
    assert at.text_input(key="w.fuels[0].amount").value == "30,000"
    assert at.text_input(key="w.fuels[0].name").value == "鍋爐"
    typed(at, "fuels[0].amount", "31000")  # and the next edit lands on the right entry
    assert at.session_state["checkup"]["fuels"][0]["amount"] == 31000
    assert at.session_state["checkup"]["fuels"][0]["fuel"] == "natural_gas"


def test_removing_a_refrigerant_keeps_the_way_the_others_were_entered():
    data = {"format": "checkup/1", "year": 2024, "company": {}, "refrigerants": [
        {"refrigerant": "R-410A", "charge_kg": 3, "count": 5, "equipment": "air_conditioner"},
        {"refrigerant": "R-134a", "recharged_kg": 2}]}
    at = start(INVENTORY, session={"step": 3, "checkup": data})
    at.button(key="del_ref_0").click().run()
    assert at.session_state["checkup"]["refrigerants"] == [{"refrigerant": "R-134a", "recharged_kg": 2}]
    assert at.radio(key="w._ref_mode[0]").value == "recharge"
    assert at.text_input(key="w.refrigerants[0].recharged_kg").value == "2"
    assert at.selectbox(key="w.refrigerants[0].refrigerant").value == "R-134a"
