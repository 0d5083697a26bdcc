"""The offline template: validations in the file, a round trip that keeps the numbers, and
bad uploads refused with messages that name the sheet and cell (in Chinese and English)."""

import io
import zipfile

import openpyxl
import openpyxl.xml
import pytest

import core
from core.errors import CheckupError, ValidationErrors
from core.reports.template import (
    FIRST_ROW,
    MAX_BYTES,
    TemplateError,
    build_template,
    import_template,
    load_any,
)
from core.reports.workbook import build_workbook


@pytest.fixture(scope="module")
def screws():
    return core.load("examples/screws.yaml")


def blank(lang="zh-TW"):
    return openpyxl.load_workbook(io.BytesIO(build_template(lang)))


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fill_minimal(wb, lang="zh-TW"):
    names = wb.sheetnames
    company, elec, fuels = wb[names[1]], wb[names[2]], wb[names[3]]
    company["B4"] = 2024
    company["B5"] = "測試工業＆㈱"
    elec["B5"] = 120000
    fuels[f"A{FIRST_ROW}"] = "柴油" if lang == "zh-TW" else "Diesel"
    fuels[f"B{FIRST_ROW}"] = 500
    fuels[f"C{FIRST_ROW}"] = "公升" if lang == "zh-TW" else "litres (L)"
    return wb


def messages(exc_info, lang="zh-TW"):
    err = exc_info.value
    errs = err.errors if isinstance(err, ValidationErrors) else [err]
    return [e.message(lang) for e in errs], errs


# --------------------------------------------------------------------------- the file


def test_template_has_sheets_lists_and_validation():
    wb = blank()
    assert wb.sheetnames[:6] == ["填寫說明", "基本資料", "用電", "燃料", "冷媒", "其他排放源"]
    assert wb["lists"].sheet_state == "hidden" and wb["_meta"].sheet_state == "hidden"
    fuels = wb["燃料"]
    kinds = {(dv.type, str(dv.sqref)) for dv in fuels.data_validations.dataValidation}
    assert ("list", "A5:A54") in kinds  # fuel drop-down
    assert ("decimal", "B5:B54") in kinds  # amounts ≥ 0
    assert ("list", "C5:C54") in kinds  # units
    assert "list_fuel" in wb.defined_names
    company = wb["基本資料"]
    year = next(dv for dv in company.data_validations.dataValidation if "B4" in str(dv.sqref))
    assert year.type == "whole" and year.formula1 == "2005"
    labels = [c.value for c in wb["lists"]["A"] if c.value]
    assert "柴油" in labels
    assert fuels.protection.sheet and not fuels["B5"].protection.locked


def test_english_template():
    wb = blank("en")
    assert wb.sheetnames[:6] == ["How to fill", "Company", "Electricity", "Fuels", "Refrigerants", "Other sources"]


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_round_trip_template_import_export_keeps_the_numbers(screws, lang):
    before = core.compute(screws)
    checkup = import_template(build_template(lang, screws), "filled.xlsx")
    after = core.compute(checkup)
    assert after.total_tco2e == pytest.approx(before.total_tco2e, rel=1e-12)
    assert after.scope1_tco2e == pytest.approx(before.scope1_tco2e, rel=1e-12)
    assert [ln.tco2e for ln in after.lines] == pytest.approx([ln.tco2e for ln in before.lines], rel=1e-12)
    assert checkup.company.name == screws.company.name
    assert checkup.company.eu_exports == screws.company.eu_exports
    # and the exported workbook carries the same numbers
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(checkup, after, lang)))
    calc = book.worksheets[3]
    values = [(calc[f"E{r}"].value, calc[f"G{r}"].value, calc[f"I{r}"].value) for r in range(5, calc.max_row + 1)
              if isinstance(calc[f"J{r}"].value, str) and "*" in calc[f"J{r}"].value]
    assert sum(e * g * i / 1000 for e, g, i in values) == pytest.approx(before.total_tco2e, rel=1e-12)


def test_round_trip_of_months_other_sources_and_no_septic():
    data = {
        "year": 2025,
        "company": {"name": "月月工業", "employees": 30, "park": "science_park"},
        "electricity": {"monthly_kwh": [1000 * (i + 1) for i in range(12)], "unit": "kWh", "green_kwh": 500},
        "fuels": [{"fuel": "lpg", "amount": 300, "unit": "kg", "name": "廚房"}],
        "other": [
            {"kind": "welding_co2", "amount": 40, "unit": "kg"},
            {"kind": "custom", "amount": 12, "unit": "桶", "factor": 3.5, "factor_source": "供應商碳足跡", "scope": 1},
        ],
    }
    checkup = core.parse_checkup(data)
    back = import_template(build_template("zh-TW", checkup))
    assert back.electricity.monthly_kwh == checkup.electricity.monthly_kwh
    assert back.other[1].unit == "桶" and back.other[1].scope == 1
    assert back.company.park == "science_park"
    assert back.septic is None
    assert core.compute(back).total_tco2e == pytest.approx(core.compute(checkup).total_tco2e, rel=1e-12)


def test_round_trip_keeps_a_firms_own_leak_rate():
    checkup = core.parse_checkup({"year": 2024, "refrigerants": [
        {"refrigerant": "R-32", "charge_kg": 2.5, "count": 2, "equipment": "air_conditioner", "leak_rate_pct": 4}]})
    back = import_template(build_template("zh-TW", checkup))
    assert back.refrigerants[0].leak_rate_pct == 4
    assert core.compute(back).total_tco2e == pytest.approx(2.5 * 2 * 0.04 * 677 / 1000)  # R-32 GWP 677 (附表四)


def test_a_template_filled_by_hand_imports(tmp_path):
    data = save(fill_minimal(blank()))
    checkup = import_template(data, "mine.xlsx")
    assert checkup.year == 2024 and checkup.company.name == "測試工業＆㈱"
    assert checkup.fuels[0].fuel == "diesel" and checkup.fuels[0].amount == 500
    result = core.compute(checkup)
    assert result.scope2_tco2e == pytest.approx(120000 * 0.474 / 1000)
    path = tmp_path / "mine.xlsx"
    path.write_bytes(data)
    assert load_any(path).year == 2024
    assert load_any("examples/screws.yaml").year == 2024


def test_labels_of_either_language_and_full_width_numbers_are_accepted():
    wb = fill_minimal(blank())
    fuels = wb["燃料"]
    fuels[f"A{FIRST_ROW + 1}"] = "Natural gas (NG1 city gas)"
    fuels[f"B{FIRST_ROW + 1}"] = "１,２００"
    fuels[f"C{FIRST_ROW + 1}"] = "度"
    checkup = import_template(save(wb))
    assert checkup.fuels[1].fuel == "natural_gas" and checkup.fuels[1].amount == 1200


# --------------------------------------------------------------------------- bad uploads


def test_defusedxml_guards_the_xml():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, this is a csv\n1,2,3\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"PK\x03\x04 broken zip"],
)
def test_not_a_workbook(data):
    with pytest.raises(TemplateError) as exc:
        import_template(data)
    assert exc.value.code == "template.not_a_workbook"
    assert "不是 Excel 活頁簿" in exc.value.message("zh-TW")
    assert "not an Excel workbook" in exc.value.message("en")


def test_a_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(TemplateError) as exc:
        import_template(buf.getvalue())
    assert exc.value.code == "template.not_a_workbook"


def test_too_large():
    with pytest.raises(TemplateError) as exc:
        import_template(b"PK\x03\x04" + b"\0" * (MAX_BYTES + 1))
    assert exc.value.code == "template.too_large"
    assert "5 MB" in exc.value.message("zh-TW")


def test_zip_bomb_refused_before_parsing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<sheetData>" + "<row/>" * 10_000_000 + "</sheetData>")
    data = buf.getvalue()
    assert len(data) < MAX_BYTES
    with pytest.raises(TemplateError) as exc:
        import_template(data)
    assert exc.value.code == "template.unsafe_file"
    assert "異常龐大" in exc.value.message("zh-TW")


def test_macros_refused():
    data = save(fill_minimal(blank()))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\0" * 100)
    with pytest.raises(TemplateError) as exc:
        import_template(buf.getvalue())
    assert exc.value.code == "template.macros"


def test_wrong_extension_refused():
    with pytest.raises(TemplateError) as exc:
        import_template(save(fill_minimal(blank())), "filled.xlsm")
    assert exc.value.code == "template.not_a_workbook"


def test_some_other_workbook_is_not_the_template():
    wb = openpyxl.Workbook()
    wb.active["A1"] = "我的用電表"
    with pytest.raises(TemplateError) as exc:
        import_template(save(wb))
    assert exc.value.code == "template.not_template"
    assert "不是碳健診的離線範本" in exc.value.message("zh-TW")


def test_missing_sheets_are_named():
    wb = fill_minimal(blank())
    del wb["冷媒"]
    wb["燃料"].title = "我的燃料"
    with pytest.raises(CheckupError) as exc:
        import_template(save(wb))
    texts, errs = messages(exc)
    assert {e.code for e in errs} == {"template.missing_sheet"}
    assert any("工作表「冷媒」" in m for m in texts) and any("工作表「燃料」" in m for m in texts)


def test_a_huge_sheet_is_refused():
    wb = fill_minimal(blank())
    wb["燃料"]["A60000"] = "x"
    with pytest.raises(TemplateError) as exc:
        import_template(save(wb))
    assert exc.value.code == "template.sheet_too_large" and exc.value.sheet == "燃料"


def test_formulas_in_inputs_are_refused_at_their_cells():
    wb = fill_minimal(blank())
    wb["燃料"]["B5"] = "=100*5"
    wb["基本資料"]["B5"] = '=HYPERLINK("http://evil.example","x")'
    with pytest.raises(ValidationErrors) as exc:
        import_template(save(wb))
    texts, errs = messages(exc)
    assert {(e.sheet, e.cell, e.code) for e in errs} == {("燃料", "B5", "template.formula"), ("基本資料", "B5", "template.formula")}
    assert any(m.startswith("工作表「燃料」儲存格 B5：這一格是公式") for m in texts)
    en, _ = messages(exc, "en")
    assert any(m.startswith("Sheet “Fuels”, cell B5: This cell holds a formula") or "cell B5" in m for m in en)


def test_every_problem_is_named_at_once_and_nothing_is_imported():
    wb = fill_minimal(blank())
    fuels, refs = wb["燃料"], wb["冷媒"]
    fuels["A6"], fuels["B6"], fuels["C6"] = "木柴", 10, "公斤"  # not a fuel we know
    fuels["A8"], fuels["B8"], fuels["C8"] = "車用汽油", "很多", "公升"  # not a number
    refs["A5"], refs["C5"], refs["D5"] = "R-410A", 3, 2  # charge without equipment type
    with pytest.raises(ValidationErrors) as exc:
        import_template(save(wb))
    texts, errs = messages(exc)
    where = {(e.sheet, e.cell) for e in errs}
    assert ("燃料", "A6") in where  # 木柴 is not in the list
    assert ("燃料", "B8") in where  # 很多 is not a number: reported in the same go
    assert any("木柴" in m and "下拉選單" in m for m in texts)


def test_engine_errors_come_back_at_their_cells():
    wb = fill_minimal(blank())
    fuels, refs = wb["燃料"], wb["冷媒"]
    fuels["A6"], fuels["B6"], fuels["C6"] = "車用汽油", "很多", "公升"
    fuels["A7"], fuels["B7"], fuels["C7"] = "柴油", 100, "度 (kWh)"  # an electricity unit for diesel
    refs["A5"], refs["C5"], refs["D5"] = "R-410A", 3, 2  # charge without equipment type
    wb["基本資料"]["B7"] = -3  # employees
    with pytest.raises(ValidationErrors) as exc:
        import_template(save(wb))
    texts, errs = messages(exc)
    where = {(e.sheet, e.cell) for e in errs}
    assert ("燃料", "B6") in where and ("基本資料", "B7") in where
    assert any(m.startswith("工作表「燃料」儲存格 B6：請填數字") for m in texts)
    assert any(m.startswith("工作表「基本資料」儲存格 B7：") and "負數" in m for m in texts)
    # the checks of the calculation (units, equipment) are reported once the shape is right
    wb["基本資料"]["B7"] = 3
    fuels["B6"] = 50
    with pytest.raises(CheckupError) as exc2:
        import_template(save(wb))
    texts2, errs2 = messages(exc2)
    where2 = {(e.sheet, e.cell) for e in errs2}
    assert ("燃料", "C7") in where2 and ("冷媒", "B5") in where2, texts2


def test_required_year_and_empty_template():
    with pytest.raises(ValidationErrors) as exc:
        import_template(build_template())
    texts, errs = messages(exc)
    assert {e.code for e in errs} == {"required", "template.empty"}
    assert "工作表「基本資料」儲存格 B4：這一格必須填寫。" in texts


def test_months_must_be_complete():
    wb = fill_minimal(blank())
    wb["用電"]["B5"] = None
    wb["用電"]["B12"] = 1000
    with pytest.raises(TemplateError) as exc:
        import_template(save(wb))
    assert exc.value.code == "template.months_incomplete" and "B13" in exc.value.cell


def test_choose_one_way_for_electricity():
    wb = fill_minimal(blank())
    wb["用電"]["B6"] = 500000  # both kWh and NT$
    with pytest.raises(CheckupError) as exc:
        import_template(save(wb))
    texts, errs = messages(exc)
    assert errs[0].sheet == "用電" and "只能擇一填寫" in texts[0]


def test_every_template_error_code_has_a_message_in_both_languages():
    import re
    from pathlib import Path

    from core.i18n import catalog

    src = Path("core/reports/template.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'TemplateError\(\s*"template\.([a-z_]+)"', src))
    assert len(codes) >= 12
    for lang in ("zh-TW", "en"):
        assert sorted(c for c in codes if f"report.tpl.err.{c}" not in catalog(lang)) == []


# --------------------------------------------------------------------------- equipment and contract


def with_equipment(base):
    from core.inventory.format import to_data

    data = to_data(base)
    data["equipment"] = {
        "air_compressors": [
            {"kw": 37, "count": 1, "age_years": 12, "pressure_bar": 7.5, "hours_per_year": 4000, "vfd": False},
            {"kw": 22, "count": 2, "vfd": True, "leak_check_months_ago": 3},
        ],
        "chillers": [{"rt": 60, "type": "water_cooled", "age_years": 15, "hours_per_year": 2500}],
        "lighting": [{"type": "T8", "count": 120, "watts": 36, "hours_per_year": 3000}],
        "roof_area_m2": 800,
        "waste_heat_sources": ["鍋爐排氣", "空壓機冷卻水"],
    }
    data["contract"] = {"contract_kw": 150, "peak_kw": 110, "power_factor": 0.88}
    return core.parse_checkup(data)


def block_rows(system):
    from core.reports.template import equipment_block

    return equipment_block(system)


def test_equipment_and_contract_sheets_have_lists_limits_and_protection():
    wb = blank()
    assert wb.sheetnames[6:8] == ["設備", "電費契約與廠區"]
    ws = wb["設備"]
    head, first, last = block_rows("air_compressors")
    assert ws.cell(head, 1).value == "功率（kW）" and ws.cell(head, 6).value == "已有變頻器（是／否）"
    assert ws.cell(head - 1, 1).value.startswith("空壓機")
    kinds = {(dv.type, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    assert ("decimal", f"A{first}:A{last}") in kinds and ("whole", f"B{first}:B{last}") in kinds
    assert ("list", f"F{first}:F{last}") in kinds  # yes / no
    head, first, last = block_rows("lighting")
    assert ws.cell(head, 1).value == "燈具種類"
    light = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == f"A{first}:A{last}")
    assert light.type == "list" and light.formula1 == "list_lighting_type"
    assert ws.protection.sheet and not ws[f"A{first}"].protection.locked and ws["A1"].protection.locked
    contract = wb["電費契約與廠區"]
    pf = next(dv for dv in contract.data_validations.dataValidation if "B6" in str(dv.sqref))
    assert pf.type == "decimal" and (pf.formula1, pf.formula2) == ("0", "1")
    assert blank("en").sheetnames[6:8] == ["Equipment", "Contract and site"]


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_round_trip_keeps_equipment_and_contract(screws, lang):
    checkup = with_equipment(screws)
    back = import_template(build_template(lang, checkup), "filled.xlsx")
    assert back.equipment == checkup.equipment
    assert back.contract == checkup.contract
    assert len(back.equipment.air_compressors) == 2 and back.equipment.air_compressors[0].vfd is False
    assert core.compute(back).total_tco2e == pytest.approx(core.compute(checkup).total_tco2e, rel=1e-12)


def test_a_checkup_without_equipment_comes_back_without(screws):
    back = import_template(build_template("zh-TW", screws))
    assert back.equipment is None and back.contract is None


def test_imported_equipment_gives_the_compressor_measures(screws):
    from core.advice.measures import suggest

    back = import_template(build_template("zh-TW", with_equipment(screws)))
    ids = {m.id for m in suggest(back)}
    assert {"compressor_vfd", "compressor_pressure_setpoint", "compressed_air_leaks"} <= ids
    assert {"led_lighting", "contract_capacity_optimisation", "power_factor_correction", "rooftop_solar"} <= ids


def test_equipment_filled_by_hand_follows_the_measures_page_rules():
    wb = fill_minimal(blank())
    ws = wb["設備"]
    _, first, _ = block_rows("air_compressors")
    ws[f"A{first}"], ws[f"B{first}"], ws[f"F{first}"] = "３７", 2, "否"
    ws[f"B{first + 2}"], ws[f"C{first + 2}"] = 3, 10  # no kW: left out, as on the page
    _, first, _ = block_rows("chillers")
    ws[f"B{first}"], ws[f"E{first}"] = 80, "Air-cooled chiller"  # RT alone is enough; English label
    ws[f"C{first + 1}"] = 2  # neither kW nor RT
    _, first, _ = block_rows("motors")
    ws[f"A{first}"], ws[f"C{first}"] = 5.5, "不知道"  # "don't know" is no answer
    _, first, _ = block_rows("process_heat")
    ws[f"A{first}"], ws[f"B{first}"] = 60, "電熱"
    wb["電費契約與廠區"]["B10"] = "鍋爐排氣，烤箱排氣"
    back = import_template(save(wb))
    eq = back.equipment
    assert [(a.kw, a.count, a.vfd) for a in eq.air_compressors] == [(37, 2, False)]
    assert [(c.rt, c.type) for c in eq.chillers] == [(80, "air_cooled")]
    assert eq.motors[0].efficiency_class is None
    assert eq.process_heat[0].source == "electric" and eq.process_heat[0].temperature_c == 60
    assert eq.waste_heat_sources == ["鍋爐排氣", "烤箱排氣"]
    assert eq.pumps == [] and back.contract is None


def test_bad_equipment_cells_are_named_by_sheet_row_and_column():
    wb = fill_minimal(blank())
    ws = wb["設備"]
    _, first, _ = block_rows("air_compressors")
    ws[f"A{first}"] = "很多"  # text in kW
    ws[f"A{first + 1}"], ws[f"C{first + 1}"] = 15, -3  # negative age
    ws[f"A{first + 2}"], ws[f"F{first + 2}"] = 15, "也許"  # not yes / no
    ws[f"A{first + 3}"] = "=10*2"  # a formula
    _, light, _ = block_rows("lighting")
    ws[f"A{light}"], ws[f"B{light}"] = "日光燈", 10  # not a lamp in the list: reported, not dropped quietly
    wb["電費契約與廠區"]["B6"] = 88  # power factor as a percentage
    with pytest.raises(ValidationErrors) as exc:
        import_template(save(wb))
    texts, errs = messages(exc)
    where = {(e.sheet, e.cell) for e in errs}
    assert where == {("設備", f"A{first}"), ("設備", f"C{first + 1}"), ("設備", f"F{first + 2}"),
                     ("設備", f"A{first + 3}"), ("設備", f"A{light}"), ("電費契約與廠區", "B6")}
    assert f"工作表「設備」儲存格 A{first}：請填數字（您填的是「很多」）。" in texts
    assert f"工作表「設備」儲存格 C{first + 1}：不能是負數。" in texts
    assert any(m.startswith(f"工作表「設備」儲存格 F{first + 2}：「也許」不是可選的項目") for m in texts)
    assert any(m.startswith(f"工作表「設備」儲存格 A{first + 3}：這一格是公式") for m in texts)
    assert any(m.startswith("工作表「電費契約與廠區」儲存格 B6：數值大得不合理（上限 1）") for m in texts)
    en, _ = messages(exc, "en")
    assert f"Sheet “設備”, cell A{first}: Please enter a number (you entered “很多”)." in en


def test_an_old_template_without_the_equipment_sheets_still_imports():
    wb = fill_minimal(blank())
    del wb["設備"]
    del wb["電費契約與廠區"]
    wb["_meta"]["A3"] = wb["_meta"]["B3"] = None  # templates made before the sheets carry no mark of them
    checkup = import_template(save(wb))
    assert checkup.year == 2024 and checkup.equipment is None and checkup.contract is None
    # a template made with them notices one deleted
    wb = fill_minimal(blank())
    del wb["設備"]
    with pytest.raises(TemplateError) as exc:
        import_template(save(wb))
    assert exc.value.code == "template.missing_sheet" and exc.value.sheet == "設備"


def test_the_equipment_sheet_is_held_to_the_same_limits():
    wb = fill_minimal(blank())
    wb["設備"]["A60000"] = 5
    with pytest.raises(TemplateError) as exc:
        import_template(save(wb))
    assert exc.value.code == "template.sheet_too_large" and exc.value.sheet == "設備"
    wb = fill_minimal(blank())
    from core.reports.template import EQUIPMENT_COLS

    _, _, last = block_rows(list(EQUIPMENT_COLS)[-1])
    wb["設備"][f"A{last + 5}"] = 99  # outside every block: not read
    wb["設備"]["K6"] = 99
    assert import_template(save(wb)).equipment is None


def test_more_rows_than_a_block_holds_is_said_not_dropped(screws):
    from core.inventory.format import to_data
    from core.reports.template import EQUIP_ROWS

    data = to_data(screws)
    data["equipment"] = {"motors": [{"kw": 1 + i} for i in range(EQUIP_ROWS + 1)]}
    with pytest.raises(TemplateError) as exc:
        build_template("zh-TW", core.parse_checkup(data))
    assert exc.value.code == "template.too_many_rows"
    assert "「其他馬達」有 16 筆" in exc.value.message("zh-TW")


def test_engine_limits_keep_the_engine_wording():
    wb = fill_minimal(blank())
    wb["基本資料"]["B7"] = 2_000_000  # employees: the engine's too_large, not the upload's
    with pytest.raises(TemplateError) as exc:
        import_template(save(wb))
    assert "數值大得不合理" in exc.value.message("zh-TW")


def test_equipment_blocks_ask_the_shared_questions_in_the_models_terms():
    """The template's blocks are core/advice/equipment.py's questions (the measures page asks the same), and every
    question, choice and row rule fits the checkup model."""
    from core.advice import equipment
    from core.inventory.models import Contract, Equipment
    from core.reports.template import CONTRACT_KEYS, EQUIPMENT_COLS, choices

    assert list(EQUIPMENT_COLS) == list(equipment.QUESTIONS)
    for system, questions in equipment.QUESTIONS.items():
        item_model = Equipment.model_fields[system].annotation.__args__[0]  # list[Item]
        assert [(c.key, c.kind) for c in EQUIPMENT_COLS[system]] == [(q.key, q.kind) for q in questions], system
        for col, q in zip(EQUIPMENT_COLS[system], questions):
            assert q.key in item_model.model_fields, (system, q.key)
            if q.options:
                assert tuple(choices()[col.choice].ids) == q.options
                for option in q.options:  # each choice is a value the model takes
                    if equipment.answer(q.key, option) is not None:
                        by_key = {x.key: x for x in questions}
                        need = {k: (by_key[k].options[0] if by_key[k].options else 1)
                                for k in equipment.NEEDS[system] if k != q.key}
                        item_model.model_validate({**need, q.key: option})
        assert set(equipment.NEEDS[system]) <= {q.key for q in questions}
    assert set(CONTRACT_KEYS) <= set(Contract.model_fields)
