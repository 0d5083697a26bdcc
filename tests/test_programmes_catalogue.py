"""The programme catalogue as data: every entry sourced and dated, and the message catalogues in step."""

from __future__ import annotations

import copy
import re
import string
import tomllib
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from core.i18n import catalog, has
from core.advice.programmes import (
    CATALOGUE_FILE,
    MEASURE_IDS,
    NEEDS,
    Catalogue,
    load_catalogue,
    load_obligations,
)

ROOT = Path(__file__).resolve().parent.parent

REQUIRED = [
    "oneplusn_carbon_team", "tiip_low_carbon_transition", "smu_smart_application_upgrade",
    "moea_boiler_low_carbon_fuel_subsidy", "moenv_boiler_replacement_subsidy", "local_epb_boiler_subsidy",
    "esco_performance_guarantee_subsidy", "power_utility_equipment_subsidy", "waste_heat_cold_recovery_subsidy",
    "mfg_upgrade_subsidy_micro", "mfg_upgrade_big_leads_small", "low_carbon_smart_managed_loan",
    "sme_multi_development_loan", "idb_system_optimization_service", "sbia_sme_energy_carbon_advisory",
    "sbia_carbon_health_check", "iso50001_energy_mgmt_coaching", "natural_gas_supply_assistance",
    "carbon_training_courses", "cbam_help_desk", "aii_10_1_energy_saving_tax_credit",
]

# Simplified-only characters that must not appear in Traditional Chinese text (Taiwan usage).
SIMPLIFIED = set("补贷业发环节术务计划际该这对关门电气实现为们过还时进经济产类设备费须应数据网络软质构项级营员资个区动于与东车书长开义")


def _raw() -> dict:
    with CATALOGUE_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_catalogue_loads_and_carries_the_required_ids():
    cat = load_catalogue()
    ids = {p.id for p in cat.programmes}
    missing = [i for i in REQUIRED if i not in ids]
    assert not missing, missing
    assert len(cat.programmes) >= 40
    assert cat.checked.isoformat() == "2026-03-09"


@pytest.mark.parametrize("programme", load_catalogue().programmes, ids=lambda p: p.id)
def test_every_entry_has_source_status_and_contact(programme):
    cat = load_catalogue()
    assert programme.sources, "no source"
    assert programme.period.recorded in ("running", "recurring", "probable", "closed", "unknown")
    assert programme.period.basis.strip()
    for cite in programme.sources:
        doc = cat.sources[cite.ref]
        if not doc.url:  # a document with no public URL: names its issuer, and the citation gives the place in it
            assert doc.issuer and "/" not in doc.issuer and not doc.issuer.endswith(".txt"), doc.issuer  # not a path
            assert cite.lines and not re.search(r"\bL\d", cite.lines), cite.lines  # section or page, not our line numbers
            assert doc.date
        else:
            assert doc.url.startswith("http")
            assert doc.date
    assert programme.next_step.zh and programme.next_step.en
    assert programme.summary.zh and programme.summary.en
    if programme.period.recorded == "closed":
        assert programme.period.end is not None or programme.successors or programme.see_also


def test_missing_source_fails_validation():
    raw = _raw()
    broken = copy.deepcopy(raw)
    broken["programmes"][0]["sources"] = []
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)
    broken = copy.deepcopy(raw)
    del broken["programmes"][0]["sources"]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)


def test_missing_status_fails_validation():
    raw = _raw()
    broken = copy.deepcopy(raw)
    del broken["programmes"][0]["period"]["recorded"]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)
    broken = copy.deepcopy(raw)
    del broken["programmes"][0]["period"]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)


def test_seed_source_without_lines_and_unknown_refs_fail():
    raw = _raw()
    broken = copy.deepcopy(raw)
    broken["programmes"][0]["sources"] = [{"ref": "S003"}]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)
    broken = copy.deepcopy(raw)
    broken["programmes"][0]["sources"] = [{"ref": "W_nowhere"}]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)
    broken = copy.deepcopy(raw)
    broken["programmes"][0]["fits_measures"] = ["not_a_measure"]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(broken)


def test_measures_and_needs_are_known():
    for p in load_catalogue().programmes:
        assert set(p.fits_measures) <= set(MEASURE_IDS)
        assert set(p.fits_needs) <= set(NEEDS)


def _zh_texts():
    cat = load_catalogue()
    for p in cat.programmes:
        yield p.id, p.name_zh
        yield p.id, p.agency_zh
        yield p.id, p.summary.zh
        yield p.id, p.offers.text.zh
        yield p.id, p.next_step.zh
        for u in p.uncertain:
            yield p.id, u.zh
    for key, value in catalog("zh-TW").items():
        if key.startswith("programmes."):
            yield key, value


def test_traditional_chinese_only():
    bad = [(where, ch) for where, text in _zh_texts() for ch in text if ch in SIMPLIFIED]
    assert not bad, bad[:10]


def _locale(lang: str) -> dict[str, str]:
    path = ROOT / "locales" / lang / "programmes.toml"
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    out: dict[str, str] = {}

    def walk(prefix, node):
        for k, v in node.items():
            full = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                walk(full, v)
            else:
                out[full] = v

    walk("", raw)
    return out


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_locale_files_have_the_same_keys_and_placeholders():
    zh, en = _locale("zh-TW"), _locale("en")
    assert set(zh) == set(en), sorted(set(zh) ^ set(en))
    diff = {k: (_placeholders(zh[k]), _placeholders(en[k])) for k in zh if _placeholders(zh[k]) != _placeholders(en[k])}
    assert not diff, diff


def test_locale_covers_the_vocabularies():
    cat = load_catalogue()
    needed = [f"programmes.question.{q}" for q in cat.questions]
    needed += [f"programmes.need.{n}" for n in NEEDS]
    needed += [f"programmes.measure.{m}" for m in MEASURE_IDS]
    needed += [f"programmes.kind.{k}" for p in cat.programmes for k in p.kind]
    needed += [f"programmes.registration.{r}" for r in ("registered", "exempt", "managed", "specific", "none")]
    needed += [f"programmes.park.{r}" for r in ("none", "industrial_zone", "science_park", "export_zone")]
    for q in cat.questions:
        if q not in ("industry", "employees", "sme_size", "factory_registration", "contract_kw", "county",
                     "chinese_capital", "state_owned"):
            needed += [f"programmes.reason.answered_{q}", f"programmes.reason.answered_not_{q}"]
    for lang in ("zh-TW", "en"):
        missing = [k for k in needed if k not in catalog(lang)]
        assert not missing, (lang, missing)
    assert has("programmes.page.title")


def test_obligations_data_has_sources():
    ob = load_obligations()
    assert ob["carbon_fee"]["threshold_tco2e"] == 25000
    assert ob["carbon_fee"]["rates"] == {"general": 300, "preferential_a": 50, "preferential_b": 100}
    for section in ("carbon_fee", "inventory_registration", "inventory_only", "cbam", "supply_chain", "sme_definition"):
        assert ob[section]["sources"], section
    assert {g["id"] for g in ob["cbam"]["goods"]} == {"iron_steel", "aluminium", "cement", "fertilisers", "electricity", "hydrogen"}
    steel = next(g for g in ob["cbam"]["goods"] if g["id"] == "iron_steel")
    assert "7318" in steel["cn"]
