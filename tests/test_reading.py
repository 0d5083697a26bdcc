"""What people type, read the way they meant it: amounts as written in Taiwan, bill dates in ROC or Western years.

Each expected value is worked by hand: 18萬 = 18 × 10,000; 民國 115 年 = 115 + 1911 = 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

import core
from core.inventory.reading import parse_amount, parse_date, roc


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("18萬", 180_000),
        ("180,000 度", 180_000),
        ("1.8 萬", 18_000),
        ("1.8萬度", 18_000),
        ("１８萬", 180_000),           # full-width digits, as a Chinese IME types them
        ("１８０，０００", 180_000),
        ("NT$ 12,000", 12_000),
        ("12,000元", 12_000),
        ("3千", 3_000),
        ("2億", 200_000_000),
        ("4,000 公升", 4_000),
        ("2,100 kg", 2_100),
        ("0.25", 0.25),
        (" 36 ", 36),
        ("-5", -5),                     # the sign is kept: the model says "not negative" at the field
    ],
)
def test_amounts_as_people_write_them(typed, number):
    value = parse_amount(typed)
    assert value == number
    assert type(value) is type(number)


@pytest.mark.parametrize("typed", ["abc", "1,80,000", "12 apples", "1.2.3", "萬", "18萬萬", "1e5"])
def test_text_that_is_no_amount_is_refused_not_guessed(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)


def test_blank_is_no_answer():
    assert parse_amount("") is None
    assert parse_amount("   ") is None
    assert parse_amount(None) is None


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("115/01/05", dt.date(2026, 1, 5)),
        ("115.01.05", dt.date(2026, 1, 5)),
        ("115-1-5", dt.date(2026, 1, 5)),
        ("民國115年1月5日", dt.date(2026, 1, 5)),
        ("115年1月5日", dt.date(2026, 1, 5)),
        ("１１５／０１／０５", dt.date(2026, 1, 5)),
        ("1150105", dt.date(2026, 1, 5)),
        ("99/12/31", dt.date(2010, 12, 31)),
        ("2026-01-05", dt.date(2026, 1, 5)),
        ("2026/1/5", dt.date(2026, 1, 5)),
        ("20260105", dt.date(2026, 1, 5)),
    ],
)
def test_bill_dates_in_roc_or_western_years(typed, date):
    assert parse_date(typed) == date


@pytest.mark.parametrize("typed", ["115/02/30", "115/13/01", "yesterday", "115/01", "1/5"])
def test_a_date_that_does_not_exist_is_refused(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def test_roc_is_how_the_bill_prints_it():
    assert roc(dt.date(2026, 1, 5)) == "115/01/05"


def test_the_checkup_file_reads_the_same_way():
    data = {"format": "checkup/1", "year": 2024, "company": {"employees": "1.2萬"},
            "electricity": {"bills": [{"from": "113/01/01", "to": "113.03.01", "kwh": "1.8 萬"}]}}
    c = core.parse_checkup(data)
    assert c.company.employees == 12_000
    assert c.electricity.bills[0].from_ == dt.date(2024, 1, 1)
    assert c.electricity.bills[0].to == dt.date(2024, 3, 1)
    assert c.electricity.bills[0].kwh == 18_000


def test_a_bad_date_in_the_file_is_located_and_shows_the_roc_example():
    data = {"format": "checkup/1", "year": 2024, "electricity": {"bills": [{"from": "113/02/30", "to": "113/03/01", "kwh": 1}]}}
    with pytest.raises(core.CheckupError) as err:
        core.parse_checkup(data)
    assert err.value.field == "electricity.bills[0].from"
    assert err.value.code == "not_a_date"
    assert "115/01/05" in err.value.message("zh-TW")
