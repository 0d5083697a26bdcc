"""The exports' reference data: sources and statuses named, the default values consistent with the annex's own
mark-up columns, every message the exports can show present in both languages."""

import re
from pathlib import Path

import pytest

from core.exports import reference as ref
from core.i18n import catalog

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_names_its_sources_and_a_known_status():
    rules = ref.cbam_rules()
    assert rules["checked"]
    for name, rule in rules["rules"].items():
        if name == "greenhouse_gases" or "status" in rule:
            assert rule.get("status") in {"confirmed", "unconfirmed"}, name
            assert rule.get("sources"), name
    for act in rules["acts"].values():
        assert act["url"].startswith("https://eur-lex.europa.eu/"), act


def test_default_values_agree_with_the_annex_mark_up_columns():
    """markup_2026/2027/2028 = the listed value × 1.1 / 1.2 / 1.3 (fertilisers × 1.01) on every stored line."""
    rows = [r for rows in ref._default_rows().values() for r in rows]
    assert len(rows) > 1000
    no_total = [r for r in rows if not r["total"]]   # e.g. Taiwan 7218: a direct value but no total → the fallback line
    assert len(no_total) < 5
    for r in rows:
        if not r["total"]:
            continue
        total = float(r["total_workbook"])
        rates = (1.01, 1.01, 1.01) if r["sector"] == "Fertilisers" else (1.1, 1.2, 1.3)
        for year, rate in zip((2026, 2027, 2028), rates):
            assert float(r[f"markup_{year}"]) == pytest.approx(total * rate, abs=6e-4), (r["country"], r["cn_code"], year)
        assert float(r["total"]) == pytest.approx(total, abs=5.01e-4)           # rounded to the OJ's three decimals
        if r["indirect"]:   # the annex rounds each part to two decimals: its totals can differ by 0.01
            assert float(r["total"]) == pytest.approx(float(r["direct"]) + float(r["indirect"]), abs=0.011)


def test_iron_steel_and_aluminium_defaults_have_no_indirect_part():
    rows = [r for rows in ref._default_rows().values() for r in rows if r["sector"] in ("Iron and steel", "Aluminium")]
    assert rows and all(r["indirect"] == "" for r in rows if not r["cn_code"].startswith("2601"))


def test_markup_rule_by_year():
    assert [ref.markup_percent("Iron and steel", y) for y in (2025, 2026, 2027, 2028, 2031)] == [0, 10, 20, 30, 30]
    assert ref.markup_percent("Fertilisers", 2027) == 1


def test_the_fastener_codes_are_in_scope_and_direct_only():
    for cn in ("7318", "73181590", "7326", "7213", "7228", "7616"):
        scope = ref.cn_scope(cn)
        assert scope is not None and scope.direct_only, cn


def test_moenv_codes_resolve_and_every_mapping_names_codes_that_exist():
    codes = ref.moenv_codes()
    for row in ref.moenv_source_codes():
        for col in ("process", "equipment", "material"):
            code = row[col]
            if code not in ("MAIN", "FUEL", "REFRIGERANT"):
                assert code in codes, (row["source_id"], col, code)
    assert {"250051", "000999"} <= set(codes)
    assert set(ref.moenv_refrigerant_codes().values()) <= set(codes)
    from core.inventory.factors import tables

    for fuel, meta in tables()["fuels"].items():
        assert not meta["code"] or meta["code"] in codes, fuel


def test_every_message_the_exports_use_exists_in_both_languages():
    src = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "core" / "exports").glob("*.py"))
    src += (ROOT / "core" / "cli.py").read_text(encoding="utf-8")
    problems = set(re.findall(r'ExportProblem\(\s*"([a-z_]+)"', src))
    notes = set(re.findall(r'Note\(code="([a-z_]+)"', src)) | {f"excluded_{r}" for r in ("gas", "vehicle", "refrigerant", "septic", "fire", "custom_indirect")} \
        | {f"included_{r}" for r in ("process", "heat", "custom")}
    notes = {n for n in notes if "{" not in n}
    reasons = set(re.findall(r'return "(?:direct|indirect|excluded)", "([a-z_]+)"', src)) | {"gas"}
    assert problems and notes and reasons
    for lang in ("zh-TW", "en"):
        cat = catalog(lang)
        assert sorted(p for p in problems if f"exports.errors.{p}" not in cat) == []
        assert sorted(n for n in notes if f"exports.notes.{n}" not in cat) == []
        assert sorted(r for r in reasons if f"exports.reason.{r}" not in cat) == []
    layout = ref.moenv_layout()
    assert all(f"exports.moenv.diff.{d}" in catalog("zh-TW") for d in layout["differences"])
    assert all(f"exports.vsme.adds.{a}" in catalog("en") for a in ref.vsme_b3()["the_sme_adds"])
