"""Every flag in words: no internal id (moenv_2025_lpg_kg, biomass_pellet, natural_gas, m3) where a person reads —
the data-quality notes, the PDF, the inventory workbook's readable columns; each note once; NT$ never maths."""

from __future__ import annotations

import io
import re
import subprocess

import openpyxl
import pytest

import core
from core.inventory import factors

# snake_case ids, m3, and the fuel-set ids; URLs are left out before looking
ID = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\bm3\b|\bmoenv_2024\b|\bv6_0_4\b")
URL = re.compile(r"https?://\S+")


def ids(text: str) -> set[str]:
    return set(ID.findall(URL.sub("", text)))


def every_fuel(year: int, fuel_set: str | None = None) -> core.Checkup:
    fs = factors.load_factor_set(year, fuel_set)
    fuels = [{"fuel": f, "amount": 100, "unit": u} for f in factors.fuel_ids() for u in fs.fuel_units(f)
             if not (f == "natural_gas_ng2" and fs.fuel_set == "v6_0_4")]
    data = {"format": "checkup/1", "year": year, "fuels": fuels, "electricity": {"ntd": 100_000},
            "company": {"employees": 5, "contract_kw": 1},
            "refrigerants": [{"refrigerant": "R-22", "charge_kg": 3, "equipment": "split_ac"}, {"refrigerant": "R-410A", "recharged_kg": 1}],
            "septic": {"employees": 5}, "goods": [{"good": "fasteners"}]}
    if fuel_set:
        data["options"] = {"fuel_factor_set": fuel_set}
    return core.parse_checkup(data)


@pytest.mark.parametrize(("year", "fuel_set"), [(2016, None), (2023, None), (2024, None), (2025, None), (2024, "v6_0_4")])
def test_notes_name_things_in_words_and_each_note_once(year, fuel_set):
    r = core.compute(every_fuel(year, fuel_set))
    for lang in ("zh-TW", "en"):
        texts = [f.text(lang) for f in r.flags]
        assert [x for x in texts if ids(x)] == []
        assert len(texts) == len(set(texts)), [x for x in texts if texts.count(x) > 1]


def test_line_units_and_workings_show_m3_as_a_symbol():
    r = core.compute(core.parse_checkup({"format": "checkup/1", "year": 2024,
                                         "fuels": [{"fuel": "natural_gas", "amount": 3000, "unit": "m3"}]}))
    for lang in ("zh-TW", "en"):
        assert "m³" in r.lines[0].working_text(lang) and not ids(r.lines[0].working_text(lang))


def test_the_pdf_and_the_workbook_read_in_words():
    from core.reports import build_pdf, build_workbook

    c = core.parse_checkup({"format": "checkup/1", "year": 2024, "company": {"employees": 12}, "electricity": {"kwh": 150_000},
                            "fuels": [{"fuel": "lpg", "amount": 4000, "unit": "kg"}, {"fuel": "natural_gas", "amount": 3000, "unit": "m3"}]})
    r = core.compute(c)
    for lang in ("zh-TW", "en"):
        advice = core.advise(c, r, lang)
        pdf = build_pdf(c, r, advice["measures"], advice["programmes"], lang=lang, measures_total=advice["measures_total"])
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert ids(text) == set(), lang
        wb = openpyxl.load_workbook(io.BytesIO(build_workbook(c, r, lang=lang)))
        found = set()
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    key_column = any(ws.cell(h, cell.column).value in KEY_HEADS[lang] for h in range(3, 8))
                    if isinstance(cell.value, str) and not key_column:
                        found |= {(ws.title, cell.coordinate, m) for m in ids(cell.value)}
        assert found == set(), (lang, sorted(found)[:10])


# the workbook's reference-key columns (a factor's key, linking the calculation to its source row) are keys by design
KEY_HEADS = {lang: {core.t("report.wb.calc.col.factor_id", lang), core.t("report.wb.factors.col.id", lang),
                    core.t("report.wb.factors.col.key", lang), core.t("report.wb.factors.used_head", lang),
                    core.t("report.wb.factors.rows_head", lang)} for lang in ("zh-TW", "en")}


def test_ntd_in_one_markdown_text_is_never_maths():
    from ui.i18n import md

    assert md("省 NT$ 12,000；投資 NT$ 30,000") == r"省 NT\$ 12,000；投資 NT\$ 30,000"
    assert md("NT$ 12,000") == "NT$ 12,000"  # alone it cannot pair (and may go to a table as it is)
    assert md(r"NT\$ 1 and NT$ 2") == r"NT\$ 1 and NT\$ 2"


def test_a_note_that_differs_only_in_the_fuel_is_said_once_naming_the_fuels():
    from core.inventory.result import notes

    data = core.to_data(core.load("examples/screws.yaml"))
    data["year"] = 2026  # no heat values of 2026 yet: the 2025 announcement stands in for every fuel
    r = core.compute(core.parse_checkup(data))
    assert sum(f.code == "heat_value_substituted" for f in r.flags) == 3  # diesel, gasoline, natural gas
    texts = [text for _, text in notes(r.flags, "zh-TW")]
    grouped = [x for x in texts if "沒有 2026 年適用的熱值" in x]
    assert len(grouped) == 1
    assert grouped[0].startswith("柴油（公升）、車用汽油（公升）、天然氣（")
    assert len([x for x in notes(r.flags, "en") if "No heating value" in x[1]]) == 1
