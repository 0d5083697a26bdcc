"""The app's plain helpers: reading what people type, showing numbers, field paths, option lists."""

from ui import choices
from ui.state import parse_number, show_number, split


def test_numbers_as_people_type_them():
    assert parse_number("150,000") == 150000
    assert parse_number(" 36 ") == 36
    assert parse_number("１２，５００") == 12500  # full-width digits and comma
    assert parse_number("94.4") == 94.4
    assert parse_number("2.0", integer=True) == 2
    assert parse_number("") is None and parse_number(None) is None
    assert parse_number("abc") == "abc"  # kept as typed, for core to explain at the field


def test_numbers_shown_with_thousands_separators():
    assert show_number(150000) == "150,000"
    assert show_number(94.4) == "94.4"
    assert show_number(None) == ""
    assert show_number("abc") == "abc"


def test_field_paths_match_cores():
    assert split("fuels[1].amount") == ["fuels", 1, "amount"]
    assert split("electricity.monthly_kwh[11]") == ["electricity", "monthly_kwh", 11]


def test_fuel_units_start_with_the_fuels_own_unit():
    assert choices.fuel_units("natural_gas")[0] == "m3"
    assert choices.fuel_units("diesel")[0] == "L" and "NT$" in choices.fuel_units("diesel")
    assert choices.fuel_units("lpg")[:2] == ["kg", "L"]  # 桶裝瓦斯 is bought by the kg
    assert choices.fuel_units("coal")[0] == "t"
    assert choices.fuel_units("fuel_oil")[:2] == ["L", "kL"]
    assert "NT$" not in choices.fuel_units("coal")


def test_an_old_year_from_a_file_stays_choosable():
    assert 2010 in choices.years(2010)
    assert choices.years(2010)[-1] == 2010


def test_stored_utc_times_are_shown_on_taiwans_clock():
    import datetime as dt

    from ui.fmt import local_time

    naive_from_sqlite = dt.datetime(2026, 11, 23, 13, 6, 5)
    assert local_time(naive_from_sqlite) == "2026-11-23 21:06"
    aware_from_postgres = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.timezone.utc)
    assert local_time(aware_from_postgres, seconds=True) == "2027-01-01 04:00:00"
