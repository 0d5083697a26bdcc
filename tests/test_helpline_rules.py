"""The helpline's domain rules live in core: the call script's answers → a checkup file, its assumptions, status notes."""

from __future__ import annotations

import datetime as dt

import pytest

import core
from conftest_pg import staff
from core.accounts import helpline


def test_the_call_offers_last_year_first_and_no_year_after_this_one():
    assert helpline.year_choices(dt.date(2026, 12, 4)) == (2015, 2026, 2025)


def test_answers_become_a_checkup_file_with_only_what_the_caller_gave():
    data = helpline.estimate_data("  鹿港五金行 ", helpline.CallAnswers(year=2024, kwh=150_000))
    assert data == {"format": "checkup/1", "year": 2024, "company": {"name": "鹿港五金行"}, "electricity": {"kwh": 150_000}}
    assert helpline.estimate_data("", helpline.CallAnswers(year=2024))["company"] == {}


def test_every_answer_with_the_scripts_assumptions_and_the_numbers_by_hand():
    answers = helpline.CallAnswers(year=2024, industry="2599", kwh=150_000, diesel_l=1000, natural_gas_m3=0, lpg_kg=100,
                                   ac_units=2, employees=8)
    data = helpline.estimate_data("來電公司", answers)
    assert data["company"] == {"name": "來電公司", "industry": "2599", "employees": 8}
    assert data["fuels"] == [{"fuel": "diesel", "amount": 1000, "unit": "L", "use": "stationary"},
                             {"fuel": "lpg", "amount": 100, "unit": "kg"}]
    assert data["refrigerants"] == [{"refrigerant": "R-410A", "charge_kg": 3, "count": 2, "equipment": "split_ac"}]
    result = core.compute(core.parse_checkup(data))
    assert result.scope2_tco2e == pytest.approx(150_000 * 0.474 / 1000, abs=0.01)  # 能源署 2024: 0.474 kgCO2e/kWh
    # 2 units × 3 kg × 3 % (6.0.4 split AC leak rate) × GWP of R-410A (AR5: ½ × 677 + ½ × 3,170 = 1,923.5)
    refrigerant = sum(line.tco2e for line in result.lines if line.category == "refrigerant")
    assert refrigerant == pytest.approx(2 * 3 * 0.03 * 1923.5 / 1000, abs=0.002)


def test_the_assumptions_are_data_with_their_status():
    ac = helpline.call_script_defaults()["air_conditioner"]
    assert ac["status"] == "unconfirmed" and ac["source"]


@pytest.mark.parametrize("status, follow", [("call_back", dt.date(2026, 12, 3)), ("done", None), ("open", None)])
def test_a_status_note_reads_back_as_its_status_and_date(status, follow):
    assert helpline.parse_status(helpline.status_text(status, follow)) == (status, follow)


def test_text_that_is_not_a_status_reads_as_none():
    assert helpline.parse_status("回電：已寄出電費單範例") == (None, None)
    assert helpline.parse_status("call_back → not a date") == ("call_back", None)


def test_the_history_carries_each_status_change_parsed(db_engine):
    agent = staff(db_engine, "helpline_agent", "agent@example.org")
    case = helpline.open_case(db_engine, agent, "來電公司")
    helpline.set_status(db_engine, agent, case.id, "call_back", dt.date(2026, 12, 3))
    helpline.add_note(db_engine, agent, case.id, "open → 這是一則筆記，不是狀態")
    notes = helpline.history(db_engine, agent, case.id)
    assert [(n.kind, n.status, n.follow_up_on) for n in notes] == [
        ("status", "open", None), ("status", "call_back", dt.date(2026, 12, 3)), ("note", None, None)]
