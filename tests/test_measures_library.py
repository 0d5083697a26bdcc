"""The measure library and the industry breakdown are complete: every figure has a source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.i18n import catalog
from core.advice.measures import breakdown, library

ROOT = Path(__file__).resolve().parents[1]

REQUIRED_IDS = [
    "compressed_air_leaks", "compressor_pressure_setpoint", "compressor_vfd", "compressor_heat_recovery",
    "chiller_replacement", "chilled_water_temperature", "pump_vfd", "fan_vfd", "motor_ie4", "led_lighting",
    "boiler_tuning", "condensate_recovery", "flash_steam_recovery", "boiler_fuel_switch_gas",
    "boiler_fuel_switch_biomass", "heat_pump_hot_water", "waste_heat_recovery", "contract_capacity_optimisation",
    "power_factor_correction", "rooftop_solar", "energy_management_system",
    "boiler_replacement", "furnace_burner_tuning", "furnace_insulation", "furnace_heat_recovery", "injection_servo",
    "injection_barrel_insulation",
]
SOURCE_KEYS = ("title", "publisher", "year")  # url where one exists: rules of thumb and assumptions have none


def _url_ok(src: dict) -> bool:
    """No url, or a web address: never a local file or path."""
    return src.get("url") in (None, "") or str(src["url"]).startswith(("https://", "http://"))


def _figures(node, path=""):
    """Every dict in the tree that carries a number (a figure someone may ask about)."""
    if isinstance(node, dict):
        numeric = any(isinstance(node.get(k), (int, float)) and not isinstance(node.get(k), bool)
                      for k in ("low", "central", "high", "value"))
        if numeric:
            yield path, node
        for k, v in node.items():
            yield from _figures(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _figures(v, f"{path}[{i}]")


def test_all_required_measures_are_there_once():
    ids = [m["id"] for m in library()["measures"]]
    assert sorted(ids) == sorted(REQUIRED_IDS)
    assert len(ids) == len(set(ids))


def test_every_source_is_described():
    for sid, src in library()["sources"].items():
        missing = [k for k in SOURCE_KEYS if src.get(k) in (None, "")]
        assert missing == [], f"source {sid} lacks {missing}"
        assert _url_ok(src), (sid, src.get("url"))
        assert isinstance(src.get("verified"), bool), sid


def test_every_measure_has_sources_cost_and_lifetime_with_a_source():
    sources = library()["sources"]
    for m in library()["measures"]:
        assert m["sources"], m["id"]
        assert all(s in sources for s in m["sources"]), m["id"]
        assert m["cost"].get("source") in sources, f"{m['id']}: cost without a source"
        assert m["cost"]["basis"] in ("fixed", "per_kwp", "from_payback", "quote_needed"), m["id"]
        if m["cost"]["basis"] != "quote_needed":
            assert m["cost"]["low"] is not None and m["cost"]["high"] is not None and m["cost"]["low"] <= m["cost"]["high"]
        assert m["lifetime_years"]["source"] in sources, m["id"]
        assert m["lifetime_years"]["value"] > 0
        assert m["cost_class"] in ("no_cost", "low_cost", "investment")
        assert isinstance(m["carbon_saving"], bool)
        assert set(m["names"]) == {"zh-TW", "en"}


def test_every_figure_in_the_library_has_a_source():
    sources = library()["sources"]
    lib = library()
    missing = []
    for section in ("measures", "defaults", "prices"):
        for path, fig in _figures(lib[section], section):
            if fig.get("source") not in sources:
                missing.append(path)
    assert missing == []
    assert lib["tables"]["ie_efficiency"]["source"] in sources


def test_a_missing_source_is_caught():
    broken = yaml.safe_load(yaml.safe_dump(library()))
    del broken["measures"][0]["saving"]["params"]["leak_fraction"]["source"]
    assert any(p.endswith("leak_fraction") and "source" not in f for p, f in _figures(broken["measures"], "measures"))


def test_ranges_are_ordered_cautious_to_optimistic():
    # a low value may be the higher number (e.g. flow fraction: more flow needed = less saving), so
    # check the order only for shares of energy saved
    for m in library()["measures"]:
        for name, p in m["saving"]["params"].items():
            if isinstance(p, dict) and name.endswith(("share", "_fraction")) and "low" in p and name != "flow_fraction":
                assert p["low"] <= p["central"] <= p["high"], (m["id"], name)


def test_programme_ids_exist():
    """Programme ids are ids of the project's programme catalogue (data/programmes.yaml)."""
    try:
        from core.advice.programmes import load_catalogue
    except ImportError:  # pragma: no cover - the matcher is another part of the product
        pytest.skip("programme catalogue not present")
    cat = load_catalogue()
    known = {p.id for p in cat.programmes}
    for m in library()["measures"]:
        unknown = set(m["programmes"]) - known
        assert unknown == set(), (m["id"], unknown)


def test_names_match_the_catalogue():
    for m in library()["measures"]:
        for lang in ("zh-TW", "en"):
            assert catalog(lang)[f"measures.name.{m['id']}"] == m["names"][lang]


def test_every_parameter_and_note_has_a_label():
    zh = catalog("zh-TW")
    for m in library()["measures"]:
        for name, p in m["saving"]["params"].items():
            if isinstance(p, dict) and "central" in p:
                assert f"measures.working.param.{name}" in zh, name
            for cond in m.get("applies", {}).get("when", []):
                if cond.get("if_missing"):
                    assert f"measures.note.missing.{cond['field']}" in zh, cond["field"]


def test_industry_breakdown_is_complete():
    data = breakdown()
    sources = data["sources"]
    for sid, src in sources.items():
        assert all(src.get(k) not in (None, "") for k in SOURCE_KEYS), sid
        assert _url_ok(src), (sid, src.get("url"))
    profiles = {"default": data["default"], **data["industries"]}
    for code, prof in profiles.items():
        assert prof["sources"] and all(s in sources for s in prof["sources"]), code
        assert prof["status"] in ("to_verify", "confirmed")
        for block in ("electricity", "fuel"):
            shares = prof[block]
            assert set(shares) <= set(data["systems"][block]), code
            assert all(0 <= v <= 1 for v in shares.values()), code
            assert sum(shares.values()) <= 1.0 + 1e-9, code
        assert code == "default" or (len(code) == 2 and code.isdigit())
    for system in data["systems"]["electricity"] + data["systems"]["fuel"]:
        assert data["what_to_measure"][system]
        assert f"measures.to_measure.{system}" in catalog("zh-TW")
