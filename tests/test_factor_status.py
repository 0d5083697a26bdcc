"""Every factor row's status says what is known, and every result says when it leans on a weaker row.

- a row marked confirmed names the document and where in it (sheet and row, table, page): ``row_ref``;
- a row marked unconfirmed says what is known and where it was seen;
- in any result, every substitution (a row of another year or version standing in) and every unconfirmed row
  used carries a flag naming it, also when the result is recomputed from its saved snapshot;
- ``python -m core factors --unconfirmed`` lists exactly the unconfirmed rows, and the README shows it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest

import core
from core.cli import main
from core.inventory.factors import FUEL_SETS, STATUS_TABLES, FactorSet, read_table, tables

ROOT = Path(__file__).resolve().parents[1]


def _key(table: str, r: dict) -> str:
    """How the flags name a row: written out here, not taken from the engine."""
    return {
        "electricity.csv": lambda: r["id"],
        "fuel_factors.csv": lambda: f"{r['set']}:{r['fuel']}:{r['use']}:{r['gas']}",
        "heat_values.csv": lambda: r["id"],
        "gwp.csv": lambda: f"gwp:{r['gas']}:{r['basis']}",
        "leak_rates.csv": lambda: f"leak:{r['equipment']}",
        "septic.csv": lambda: f"septic:{r['id']}",
        "other_factors.csv": lambda: f"other:{r['kind']}",
        "renewable_electricity.csv": lambda: f"renewable:{r['kind']}",
        "constants.csv": lambda: f"constant:{r['id']}",
        "prices.csv": lambda: f"price:{r['item']}",
    }[table]()


@pytest.mark.parametrize("table", sorted(STATUS_TABLES))
def test_confirmed_rows_name_their_document_and_where_in_it(table):
    for row in read_table(table):
        assert row["status"] in {"confirmed", "derived", "unconfirmed"}, (table, row)
        assert row["source_document"].strip() and row["source_url"].startswith("https://"), (table, row)
        if row["status"] == "confirmed":
            assert row["row_ref"].strip() or "Table" in row["source_document"], (table, _key(table, row))


@pytest.mark.parametrize("table", sorted(STATUS_TABLES))
def test_unconfirmed_rows_say_where_they_were_seen(table):
    for row in read_table(table):
        if row["status"] == "unconfirmed":
            assert (row.get("seen_in") or row.get("note") or "").strip(), (table, _key(table, row))


def test_the_rows_the_issue_named_have_the_status_the_documents_give():
    heat = {r["id"]: r for r in read_table("heat_values.csv")}
    assert heat["ea_2015_diesel"]["status"] == "confirmed"  # read in 6.0.4 sheet 1 (the 能源局 2015 table)
    assert heat["moenv_2025_diesel"]["status"] == "unconfirmed"  # only a transcription of the announcement was read
    leak = {r["equipment"]: r for r in read_table("leak_rates.csv")}
    assert leak["air_conditioner"]["status"] == "confirmed" and "第244列" in leak["air_conditioner"]["row_ref"]
    prices = read_table("prices.csv")
    assert {r["status"] for r in prices} == {"unconfirmed"}  # news reports, not the ministry's or CPC's own text


# ---------------------------------------------------------------- results flag what they lean on


def _every_source(fs: FactorSet, year: int) -> dict:
    """A checkup using every fuel, unit, use, refrigerant, equipment type and other source the set has."""
    have = {(r["fuel"], r["use"]) for r in tables()["fuel_factors"] if r["set"] == fs.fuel_set}
    fuels = []
    for fuel, meta in tables()["fuels"].items():
        for use in ("stationary", "vehicle"):
            if (fuel, use) not in have:
                continue
            fuels += [{"fuel": fuel, "amount": 100, "unit": unit, "use": use} for unit in fs.fuel_units(fuel)]
            if meta["price_item"]:
                fuels.append({"fuel": fuel, "amount": 5000, "unit": "NT$", "use": use})
    refrigerants = [{"refrigerant": ref, "recharged_kg": 1} for ref in tables()["refrigerants"]]
    refrigerants += [{"refrigerant": "R-410A", "charge_kg": 2, "equipment": e} for e in tables()["leak_rates"]]
    other = [{"kind": k, "amount": 10, "unit": "kg"} for k in tables()["other"]]
    return {"format": "checkup/1", "year": year, "company": {"employees": 12},
            "electricity": {"ntd": 4_000_000, "green_kwh": 50_000, "rec_kwh": 20_000},
            "fuels": fuels, "refrigerants": refrigerants, "septic": {}, "other": other}


def _cases():
    last = dt.date.today().year + 1
    for year in range(2005, last + 1):
        for fuel_set in FUEL_SETS:
            yield year, fuel_set, "AR5"
    for year in (2010, 2024, last):
        for gwp in ("AR4", "AR6"):
            yield year, "moenv_2024", gwp


def _row_years(row: dict) -> tuple[int, int | None]:
    return int(row["years_from"] or 0), int(row["years_to"]) if row.get("years_to") else None


def _covers(row: dict, year: int) -> bool:
    start, end = _row_years(row)
    return start <= year and (end is None or year <= end)


@pytest.mark.parametrize("year, fuel_set, gwp", list(_cases()))
def test_every_substitution_and_unconfirmed_row_in_a_result_is_flagged(year, fuel_set, gwp):
    data = _every_source(FactorSet(year, fuel_set, gwp), year)
    data["options"] = {"fuel_factor_set": fuel_set, "gwp": gwp}
    result = core.compute(core.parse_checkup(data))
    flags = [(f.code, f.params) for f in result.flags]
    named = {p.get("row") for _, p in flags}
    rows = result.factors["rows"]

    # 1. rows of another year or version standing in
    set_rows = [r for r in tables()["fuel_factors"] if r["set"] == fuel_set]
    if not _covers(set_rows[0], year):
        assert any(c == "fuel_set_substituted" and p["set"] == fuel_set and p["year"] == year for c, p in flags)
    if rows["electricity"]["year"] != year:
        assert ("electricity_factor_substituted", {"year": year, "used_year": rows["electricity"]["year"]}) in flags
    for key, entry in rows.items():
        if key.startswith("heat:") and ":as:" not in key and not _covers(entry, year):
            assert any(c == "heat_value_substituted" and p["used"] == entry["id"] and p["year"] == year for c, p in flags), key
        if key.startswith("price:"):
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            covered = {start + dt.timedelta(days=n) for n in range((end - start).days + 1)
                       if any(r["valid_from"] <= (start + dt.timedelta(days=n)).isoformat() <= (r["valid_to"] or "9999")
                              for r in entry["rows"])}
            if len(covered) < (end - start).days + 1:
                assert any(c in ("price_partial_year", "price_substituted") and p["item"] == key[6:] for c, p in flags), key

    # 2. unconfirmed rows used
    for key, entry in rows.items():
        kind = key.split(":", 1)[0]
        if kind == "fuel":
            for g in entry["gases"]:
                if g["status"] == "unconfirmed":
                    assert _key("fuel_factors.csv", g["row"]) in named, key
        elif kind == "price":
            if any(r["status"] == "unconfirmed" for r in entry["rows"]):
                assert f"price:{key[6:]}" in named, key
        elif entry.get("status") == "unconfirmed":
            table = {"electricity": "electricity.csv", "heat": "heat_values.csv", "gwp": "gwp.csv", "leak": "leak_rates.csv",
                     "septic": "septic.csv", "other": "other_factors.csv", "renewable": "renewable_electricity.csv",
                     "constant": "constants.csv"}[kind]
            assert _key(table, entry) in named, key

    # 3. the saved snapshot gives the same flags
    again = core.compute(core.parse_checkup(data), FactorSet.from_snapshot(result.factors))
    assert [(f.code, f.params) for f in again.flags] == flags


def test_a_2026_inventory_reusing_2025_heating_values_says_so():
    result = core.compute(core.parse_checkup({"format": "checkup/1", "year": 2026,
                                              "fuels": [{"fuel": "diesel", "amount": 1000, "unit": "L"}]}))
    flag = next(f for f in result.flags if f.code == "heat_value_substituted")
    assert flag.params["used"] == "moenv_2025_diesel" and flag.params["used_years"] == "2025"
    assert "2025" in flag.text() and "2026" in flag.text()


# ---------------------------------------------------------------- the listing


def _run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


def test_factors_unconfirmed_lists_exactly_the_unconfirmed_rows():
    text = _run("factors", "--unconfirmed")
    listed = {line.split()[0] for line in text.splitlines() if line.startswith("  ") and not line.startswith("      ")}
    expected, confirmed = set(), set()
    for table in STATUS_TABLES:
        for row in read_table(table):
            (expected if row["status"] == "unconfirmed" else confirmed).add(_key(table, row))
    assert listed == expected
    assert not listed & (confirmed - {"price:electricity", "price:diesel", "price:gasoline"})
    assert f"共 {len(expected)} 筆" in text
    assert "見於：" in text  # where each was seen


def test_the_readme_shows_the_listing():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m core factors --unconfirmed" in readme
