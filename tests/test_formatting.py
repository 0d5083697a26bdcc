"""Numbers and times for people go through core/formatting.py (babel): the values below are worked by hand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from core import formatting
from core.formatting import local_time, number, percent, smart

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, digits, expected", [
    (12345.678, 1, "12,345.7"),
    (150000, 0, "150,000"),
    (71.1, 3, "71.100"),
    (0.0, 2, "0.00"),
    (-0.04, 1, "0.0"),  # never "-0.0"
    (-1234.5, 0, "-1,234"),  # babel rounds half to even: -1234.5 → -1,234
    (None, 1, "—"),
    (float("nan"), 1, "—"),
    (float("inf"), 1, "—"),
])
def test_number(value, digits, expected):
    assert number(value, digits) == expected
    assert number(value, digits, "en") == expected  # Taiwan and English share , and .


def test_trailing_zeros_dropped_when_asked():
    assert number(1200, 6, fixed=False) == "1,200"
    assert number(0.25, 6, fixed=False) == "0.25"
    assert number(1 / 3, 6, fixed=False) == "0.333333"


def test_smart_and_percent():
    assert [smart(v) for v in (123456.7, 138.19, 2.3034, 0.2764, 0.000123)] == ["123,457", "138.2", "2.30", "0.276", "0.000123"]
    assert percent(0.125) == "12.5%" and percent(0.3) == "30%"


def test_a_stored_utc_time_is_shown_on_taiwans_clock():
    naive_utc = dt.datetime(2026, 3, 1, 18, 5, 9)  # SQLite gives naive UTC
    assert local_time(naive_utc) == "2026-03-02 02:05"
    assert local_time(naive_utc.replace(tzinfo=dt.timezone.utc), seconds=True) == "2026-03-02 02:05:09"


def test_the_locale_and_the_pattern_are_parsed_once():
    formatting._pattern.cache_clear()
    for _ in range(3):
        number(1.5, 1)
    assert formatting._pattern.cache_info().misses == 1 and formatting._pattern.cache_info().hits == 2


def test_babel_number_formatting_is_called_in_one_module_only():
    users = [str(p.relative_to(ROOT)) for d in ("core", "ui", "pages") for p in (ROOT / d).rglob("*.py")
             if re.search(r"^\s*(from|import) babel\b", p.read_text(encoding="utf-8"), re.M)]
    assert users == ["core/formatting.py"]


def test_pages_and_ui_format_no_number_by_hand():
    """Thousands separators in pages and ui/ come from ui.fmt (core/formatting.py), not from f-string specs."""
    by_hand = [f"{p.relative_to(ROOT)}:{n}" for d in ("ui", "pages") for p in sorted((ROOT / d).rglob("*.py"))
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if re.search(r"\{[^{}]*:,", line)]
    assert by_hand == []


def test_zero_reads_as_zero_not_six_decimals():
    """A zero (a room of quick estimates, a source of nothing) printed "0.000000" wherever smart() was used."""
    from core.formatting import smart

    assert smart(0) == "0" and smart(0.0, "en") == "0"
    assert smart(0.004) == "0.004000" and smart(12.34) == "12.3"  # the other sizes keep their digits
