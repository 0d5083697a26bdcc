"""An upload on the site: a filled offline template (.xlsx) or a checkup file (YAML/JSON), one entry point.

The template the site gives, filled by openpyxl, reads back to the same checkup as the same data typed in;
every problem of a bad template comes at once, named by sheet and cell, in the user's language."""

import io

import openpyxl
import pytest

import core
from core.errors import ValidationErrors
from core.reports import loads_any
from core.reports.template import FIRST_ROW, build_template, is_workbook


def _filled(lang="zh-TW") -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(build_template(lang)))
    names = wb.sheetnames
    company, elec, fuels = wb[names[1]], wb[names[2]], wb[names[3]]
    company["B4"] = 2024
    elec["B5"] = 180000
    fuels[f"A{FIRST_ROW}"] = "柴油" if lang == "zh-TW" else "Diesel"
    fuels[f"B{FIRST_ROW}"] = 2000
    fuels[f"C{FIRST_ROW}"] = "公升" if lang == "zh-TW" else "litres (L)"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_a_filled_template_reads_as_the_same_data_typed_in(lang):
    checkup = loads_any(_filled(lang), "mine.xlsx")
    typed = core.parse_checkup({"format": "checkup/1", "year": 2024, "electricity": {"kwh": 180000},
                                "fuels": [{"fuel": "diesel", "amount": 2000, "unit": "L"}]})
    assert core.to_data(checkup)["electricity"] == core.to_data(typed)["electricity"]
    assert core.to_data(checkup)["fuels"] == core.to_data(typed)["fuels"]
    # 180,000 kWh × 0.474 = 85.32 t; diesel 2,000 L × 8,629 kcal/L × 4.1868e-9 TJ/kcal × 74,343 kg/TJ = 5.372 t
    assert core.compute(checkup).total_tco2e == pytest.approx(85.32 + 5.372, abs=0.001)
    assert core.compute(checkup).total_tco2e == pytest.approx(core.compute(typed).total_tco2e)


def test_a_template_is_known_by_its_contents_even_under_another_name():
    data = _filled()
    assert is_workbook(data, "") and is_workbook(b"", "x.XLSX") and not is_workbook(b"year: 2024", "a.yaml")
    assert loads_any(data, "").year == 2024


def test_yaml_and_json_still_come_in():
    text = core.dumps(core.load("examples/screws.yaml"), "yaml").encode()
    assert loads_any(text, "screws.yaml").year == core.load("examples/screws.yaml").year
    js = core.dumps(core.load("examples/screws.yaml"), "json").encode()
    assert loads_any(js, "screws.json").year == core.load("examples/screws.yaml").year


def test_every_problem_of_a_template_at_once_by_sheet_and_cell_in_both_languages():
    wb = openpyxl.load_workbook(io.BytesIO(_filled()))
    fuels = wb[wb.sheetnames[3]]
    fuels[f"B{FIRST_ROW}"] = "很多"
    fuels[f"A{FIRST_ROW + 1}"], fuels[f"B{FIRST_ROW + 1}"], fuels[f"C{FIRST_ROW + 1}"] = "木柴", 10, "公斤"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationErrors) as err:
        loads_any(buf.getvalue(), "mine.xlsx")
    cells = {(e.sheet, e.cell) for e in err.value.errors}
    assert {("燃料", f"B{FIRST_ROW}"), ("燃料", f"A{FIRST_ROW + 1}")} <= cells
    zh = [e.message("zh-TW") for e in err.value.errors]
    en = [e.message("en") for e in err.value.errors]
    assert all("燃料" in m for m in zh) and any(f"B{FIRST_ROW}" in m for m in zh)
    assert all(m.isascii() or "燃料" in m for m in en)  # English words around the sheet's own (Chinese) name


def test_a_missing_year_does_not_hide_the_other_problems():
    wb = openpyxl.load_workbook(io.BytesIO(build_template("zh-TW")))
    fuels = wb[wb.sheetnames[3]]
    fuels[f"A{FIRST_ROW}"], fuels[f"B{FIRST_ROW}"], fuels[f"C{FIRST_ROW}"] = "柴油", "很多", "公升"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationErrors) as err:
        loads_any(buf.getvalue(), "no-year.xlsx")
    cells = {(e.sheet, e.cell): e.code for e in err.value.errors}
    assert cells[("基本資料", "B4")] == "required"  # the year
    assert ("燃料", f"B{FIRST_ROW}") in cells  # and 很多, in the same go
