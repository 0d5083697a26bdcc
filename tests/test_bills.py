"""Bills as printed: consecutive bills cover the year whether the next one starts on the previous one's last
day or the day after; a real gap or overlap is named by its days.

Hand-worked: 2026 has 365 days. Seven bimonthly bills from 2025-12-05 to 2027-02-03 printed with the period's
last day (the next bill starts the day after) cover every day of 2026.
"""

from __future__ import annotations

import pytest

import core

LAST_DAY = [("114/12/05", "115/02/04"), ("115/02/05", "115/04/06"), ("115/04/07", "115/06/05"), ("115/06/06", "115/08/05"),
            ("115/08/06", "115/10/05"), ("115/10/06", "115/12/04"), ("115/12/05", "116/02/03")]
READING_DAY = [("2025-12-05", "2026-02-05"), ("2026-02-05", "2026-04-07"), ("2026-04-07", "2026-06-06"),
               ("2026-06-06", "2026-08-06"), ("2026-08-06", "2026-10-06"), ("2026-10-06", "2026-12-05"),
               ("2026-12-05", "2027-02-04")]


def run(periods, kwh=20_000):
    bills = [{"from": a, "to": b, "kwh": kwh} for a, b in periods]
    return core.compute(core.parse_checkup({"format": "checkup/1", "year": 2026, "electricity": {"bills": bills}}))


@pytest.mark.parametrize("periods", [LAST_DAY, READING_DAY], ids=["next-starts-day-after", "next-starts-same-day"])
def test_seven_contiguous_bills_cover_the_year_without_a_gap_note(periods):
    r = run(periods)
    assert "bills_incomplete" not in r.flag_codes()
    assert next(f for f in r.flags if f.code == "bills_prorated").params["days"] == 365


def test_last_day_bills_count_every_day_once():
    # first bill 2025-12-05..2026-02-04 inclusive: 62 days, 35 of them in 2026 (Jan 31 + Feb 4)
    r = run(LAST_DAY, kwh=6_200)
    assert r.monthly_kwh[0] == pytest.approx(6_200 * 31 / 62)
    # December: 4 of the 60 days of 2026-10-06..12-04, and 27 of the 61 days of 2026-12-05..2027-02-03
    assert r.monthly_kwh[11] == pytest.approx(6_200 * 4 / 60 + 6_200 * 27 / 61)
    assert r.electricity_kwh == pytest.approx(6_200 * (35 / 62 + 5 + 27 / 61))


def test_a_real_gap_is_named_by_its_days():
    periods = list(LAST_DAY)
    periods[3] = ("115/06/20", "115/08/05")  # 2026-06-06 to 06-19 not billed: 14 days
    r = run(periods)
    flag = next(f for f in r.flags if f.code == "bills_incomplete")
    assert flag.params["days"] == 365 - 14
    assert flag.params["missing"] == "2026-06-06 ~ 2026-06-19"
    assert "2026-06-06 ~ 2026-06-19" in flag.text("zh-TW")


def test_missing_months_at_the_year_edges_are_named():
    r = run(LAST_DAY[1:-1])  # 2026-02-05 .. 2026-12-04
    flag = next(f for f in r.flags if f.code == "bills_incomplete")
    assert flag.params["missing"] == "2026-01-01 ~ 2026-02-04, 2026-12-05 ~ 2026-12-31"


def test_an_overlap_is_refused_naming_the_days_and_the_bill_as_entered():
    periods = [("2026-01-01", "2026-03-01"), ("2026-05-01", "2026-07-01"), ("2026-02-20", "2026-04-01")]
    with pytest.raises(core.InputError) as err:
        run(periods)
    assert err.value.code == "bills_overlap"
    assert err.value.field == "electricity.bills[2]"  # the third bill as typed, not its place in date order
    assert "2026-02-20 ~ 2026-02-28" in err.value.message("zh-TW")
