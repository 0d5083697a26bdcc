"""Every factor row names its source; the tables are complete for the years they claim."""

from pathlib import Path

import pytest

from core.inventory.factors import FACTORS_DIR, read_table, tables

ROOT = Path(__file__).resolve().parents[1]
FACT_TABLES = ["electricity.csv", "fuel_factors.csv", "heat_values.csv", "gwp.csv", "leak_rates.csv",
               "septic.csv", "other_factors.csv", "prices.csv", "constants.csv", "refrigerants.csv",
               "renewable_electricity.csv"]


@pytest.mark.parametrize("name", FACT_TABLES)
def test_every_row_has_a_source_document_and_url(name):
    rows = read_table(name)
    assert rows
    for row in rows:
        assert row.get("source_document", "").strip(), (name, row)
        assert row.get("source_url", "").startswith("https://"), (name, row)
        if "status" in row:
            assert row["status"] in {"confirmed", "derived", "unconfirmed"}, (name, row)


def test_every_data_file_names_its_source():
    for path in (ROOT / "data").rglob("*"):
        if path.suffix in (".csv", ".yaml", ".yml", ".json"):
            assert "source" in path.read_text(encoding="utf-8").lower(), path


def test_no_data_file_cites_local_notes_or_files():
    """The product cites original sources: never the research folder outside the repo, or a local file."""
    bad = []
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            bad += [f"{path.relative_to(ROOT)}: {word}" for word in ("shared/", "file://") if word in text]
    assert bad == []


def test_electricity_years_are_consecutive_up_to_the_latest():
    years = sorted(int(r["year"]) for r in tables()["electricity"])
    assert years == list(range(years[0], years[-1] + 1))
    assert years[-1] >= 2025


def test_each_fuel_has_co2_ch4_n2o_in_the_current_set():
    rows = [r for r in tables()["fuel_factors"] if r["set"] == "moenv_2024" and r["use"] == "stationary"]
    for fuel in tables()["fuels"]:
        assert {r["gas"] for r in rows if r["fuel"] == fuel} == {"CO2", "CH4", "N2O"}, fuel


def test_every_gas_has_all_three_gwp_bases():
    by_gas = {}
    for r in tables()["gwp"]:
        by_gas.setdefault(r["gas"], set()).add(r["basis"])
    assert all(b == {"AR4", "AR5", "AR6"} for b in by_gas.values())


def test_blend_fractions_sum_to_one_and_components_have_gwps():
    gases = {r["gas"] for r in tables()["gwp"]}
    for ref, comps in tables()["refrigerants"].items():
        assert sum(f for _, f in comps) == pytest.approx(1.0), ref
        assert all(g in gases for g, _ in comps), ref


def test_leak_rate_defaults_lie_in_the_ipcc_ranges():
    for r in tables()["leak_rates"].values():
        assert float(r["rate_low"]) <= float(r["rate_default"]) <= float(r["rate_high"]), r["equipment"]


def test_csv_files_are_utf8_without_bom():
    for path in FACTORS_DIR.glob("*.csv"):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), path
