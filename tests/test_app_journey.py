"""AppTest: the owner's way through. A new row is not red before the owner types in it (and is, once a wrong value
is typed); the quick estimate says which fuel to choose and how far the full inventory usually is; the results end
with the next steps."""

from __future__ import annotations

import pytest

import core
from apptest_helpers import INVENTORY, QUICK, RESULTS, chosen, errors, start, typed

T = lambda key, **p: core.t(key, "zh-TW", **p)  # noqa: E731


@pytest.fixture(autouse=True)
def _db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")


def _step(at, n):
    at.session_state["step"] = n
    at.session_state["_step_widget"] = n
    at.run()


def _button(at, label):
    [b] = [b for b in at.button if b.label == label]
    b.click().run()
    assert not at.exception


def test_a_new_row_is_not_red_until_the_owner_types_in_it():
    at = start(INVENTORY)
    _step(at, 2)  # fuels
    _button(at, T("checkup.fuels.add"))
    assert errors(at) == []  # the blank amount of the row just added
    typed(at, "fuels[0].amount", "很多")
    assert any(T("errors.not_a_number").split("（")[0][:4] in e for e in errors(at)), errors(at)
    typed(at, "fuels[0].amount", "")
    assert errors(at) != []  # typed in, then emptied: now the blank is said


@pytest.mark.parametrize("step, add", [(3, "checkup.refrigerants.add"), (4, "checkup.other.add")])
def test_new_refrigerant_and_other_rows_are_not_red_either(step, add):
    at = start(INVENTORY)
    _step(at, step)
    _button(at, T(add))
    assert errors(at) == []


def test_a_new_bill_is_not_red_until_the_owner_types_in_it():
    at = start(INVENTORY)
    _step(at, 1)
    at.radio(key="w._elec_method").set_value("bills").run()
    _button(at, T("checkup.electricity.add_bill"))
    assert errors(at) == []
    typed(at, "electricity.bills[0].kwh", "-5")
    assert errors(at) != []


def test_the_quick_estimate_says_which_fuel_and_how_far_the_full_inventory_usually_is():
    at = start(QUICK)
    assert T("guide.quick_fuel_hint") in [c.value for c in at.caption]
    chosen(at, "year", 2024)
    typed(at, "electricity.kwh", "180,000")
    # 180,000 kWh × 0.474 = 85.32 t; covering 80-90 % of the full total → 85.32/0.9 = 94.8 … 85.32/0.8 = 106.65
    # (106.649999… in binary floating point, shown to one decimal: 106.6)
    [gap] = [i.value for i in at.info if "%" in i.value]
    assert "80% 至 90%" in gap and "94.8 公噸" in gap and "106.6 公噸" in gap, gap
    assert any("ghgregistry" not in c.value and "環境部" in c.value for c in at.caption)


def test_the_gap_is_not_claimed_once_the_full_inventory_has_more():
    at = start(QUICK, session={"checkup": {"format": "checkup/1", "year": 2024, "company": {},
                                           "electricity": {"kwh": 180000}, "septic": {"employees": 12}}})
    assert not [i.value for i in at.info if "%" in i.value]


def test_the_results_end_with_the_next_steps():
    at = start(RESULTS, session={"checkup": {"format": "checkup/1", "year": 2024, "company": {},
                                             "electricity": {"kwh": 180000}}})
    headers = [h.value for h in at.header]
    assert T("guide.next_title") in headers
    subs = [s.value for s in at.subheader]
    for key in ("guide.next_measures_title", "guide.next_programmes_title", "guide.next_reports_title", "guide.next_save_title"):
        assert T(key) in subs
    # the downloads sit in the next steps, after every figure of the page
    assert subs.index(T("checkup.report_download.title")) > subs.index(T("guide.next_reports_title"))
    assert subs.index(T("guide.next_reports_title")) > subs.index(T("checkup.results.flags_title"))
    assert {b.key for b in at.get("download_button")} >= {"dl_pdf", "dl_xlsx", "dl_moenv", "dl_vsme"}


def test_next_years_copy_carries_every_row_with_last_years_figures_beside_the_blanks():
    from apptest_helpers import SAVE

    screws = core.to_data(core.load("examples/screws.yaml"))
    at = start(SAVE, session={"checkup": screws})
    at.button(key="save_button").click().run()
    assert not at.exception and at.session_state["resume_code"]
    _button(at, T("checkup.save.next_year", year=2025))
    new = at.session_state["checkup"]
    assert new["year"] == 2025
    assert [r["fuel"] for r in new["fuels"]] == ["diesel", "gasoline", "natural_gas"]
    assert all("amount" not in r for r in new["fuels"])
    assert new["septic"] == screws["septic"] and new["refrigerants"][0] == screws["refrigerants"][0]
    assert new["company"]["employees"] == 8 and new["company"]["contract_kw"] == 150
    from apptest_helpers import INVENTORY as INV

    at.switch_page(INV).run()
    _step(at, 2)  # fuels: blank amounts, last year's beside them, nothing red yet
    boxes = {b.key: b for b in at.text_input}
    assert boxes["w.fuels[0].amount"].value == "" and boxes["w.fuels[0].amount"].placeholder == "去年：2,000"
    assert boxes["w.fuels[1].amount"].placeholder == "去年：94.4"
    assert errors(at) == []
    _step(at, 3)  # the top-up row stays a top-up row
    assert {b.key: b for b in at.text_input}["w.refrigerants[1].recharged_kg"].placeholder == "去年：2"
    _step(at, 1)
    assert {b.key: b for b in at.text_input}["w.electricity.kwh"].placeholder == "去年：150,000"


def test_the_contract_capacity_given_once_is_prefilled_on_the_measures_page():
    data = {"format": "checkup/1", "year": 2024, "company": {"contract_kw": 150}, "electricity": {"kwh": 180000}}
    at = start("pages/advice/measures.py", session={"checkup": data})
    box = at.number_input(key="w.contract.contract_kw")
    assert box.value == 150
    assert at.session_state["checkup"]["contract"] == {"contract_kw": 150}
    # an answer of the measures page itself wins
    at2 = start("pages/advice/measures.py", session={"checkup": {**data, "contract": {"contract_kw": 200}}})
    assert at2.number_input(key="w.contract.contract_kw").value == 200


def test_asked_before_reads_only_a_real_contract_capacity():
    from core.advice.equipment import asked_before

    assert asked_before({"company": {"contract_kw": 150}}) == {"contract.contract_kw": 150}
    for company in ({}, {"contract_kw": 0}, {"contract_kw": "150"}, {"contract_kw": True}):
        assert asked_before({"company": company}) == {}
    assert asked_before({}) == {} and asked_before({"company": None}) == {}
