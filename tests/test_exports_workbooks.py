"""The three export workbooks opened with openpyxl: sheets, headers and totals against the checkup; no formulas
(every figure is stored as its value); text from the user that starts with = + - @ stays text."""

import json
from io import BytesIO
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

import core
from core import exports

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture(scope="module")
def example():
    c = core.load(ROOT / "examples" / "screws.yaml")
    return c, core.compute(c)


@pytest.fixture(scope="module")
def hostile():
    c = core.parse_checkup({
        "year": 2024,
        "company": {"name": HOSTILE[0], "revenue_ntd": 50_000_000},
        "production": {"amount": 200, "unit": "公噸"},
        "electricity": {"kwh": 80_000, "green_kwh": 8_000},
        "fuels": [{"fuel": "diesel", "amount": 1_000, "unit": "L", "name": HOSTILE[1]},
                  {"fuel": "diesel", "amount": 300, "unit": "L", "use": "vehicle", "name": "堆高機"},
                  {"fuel": "diesel", "amount": 100, "unit": "L", "name": "緊急發電機"}],
        "refrigerants": [{"refrigerant": "R-22", "recharged_kg": 1, "name": HOSTILE[4]}],
        "goods": [{"good": "fasteners", "cn_code": "7318", "tonnes": 150, "name": HOSTILE[2]}],
        "precursors": [{"cn_code": "7213", "tonnes": 160, "country": "TW", "supplier": HOSTILE[3]}],
    })
    return c, core.compute(c)


def book(data: bytes):
    return load_workbook(BytesIO(data))


def all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def header_row(ws, first):
    for row in ws.iter_rows(min_row=1, max_row=20):
        if row[0].value == first:
            return [c.value for c in row if c.value is not None], row[0].row
    raise AssertionError(f"no header {first!r} in {ws.title}")


@pytest.mark.parametrize("kind", ["cbam", "moenv", "vsme"])
def test_no_formulas_and_user_text_stays_text(kind, hostile):
    c, r = hostile
    wb = book(exports.build_workbook(exports.FORMATS[kind](c, r)))
    cells = list(all_cells(wb))
    assert cells
    assert [f"{s}!{cell.coordinate}" for s, cell in cells if cell.data_type == "f"] == []
    exact = {cell.value: cell for _, cell in cells if cell.value in HOSTILE}
    assert {"cbam": {HOSTILE[0], HOSTILE[2], HOSTILE[3]}, "moenv": {HOSTILE[0]}, "vsme": set()}[kind] <= set(exact)
    for value, cell in exact.items():
        assert cell.data_type == "s" and cell.quotePrefix, value
    titled = [cell for _, cell in cells if isinstance(cell.value, str) and HOSTILE[0] in cell.value]
    assert titled and all(cell.data_type == "s" for cell in titled)


def test_cbam_workbook_sheets_headers_and_totals(example):
    c, r = example
    doc = exports.cbam_supplier_data(c, r)
    wb = book(exports.build_cbam_workbook(doc))
    assert wb.sheetnames == ["Read me", "A Installation", "B Emissions", "C Attribution", "D Precursors",
                             "E Summary per product", "F Verifier and importer", "說明 (zh-TW)", "Sources"]
    ws = wb["E Summary per product"]
    headers, row = header_row(ws, "Production process")
    # the columns of the EU template's Summary_Communication, in its order
    assert headers[:12] == ["Production process", "Aggregated goods category", "CN code", "Product name", "SEE (direct)",
                            "SEE (indirect)", "SEE (total)", "Unit", "Share of emissions by default value",
                            "Source for electricity EF", "Embedded electricity (MWh/t)", "Electricity EF (tCO2/MWh)"]
    values = [cell.value for cell in ws[row + 1]]
    p = doc.products[0]
    assert values[2] == "731815" and values[4] == pytest.approx(p.see_direct) and values[7] == "tCO2e/t"
    # installation totals equal the checkup's own lines
    co2_stationary = sum(ln.tco2e for ln in r.lines if ln.category == "fuel" and ln.source.endswith(":stationary") and ln.gas == "CO2")
    ws = wb["B Emissions"]
    totals = {ws.cell(row=i, column=1).value: ws.cell(row=i, column=2).value for i in range(1, ws.max_row + 1)}
    assert totals["Installation direct emissions within the CBAM boundary (tCO2e), CO2"] == pytest.approx(co2_stationary)
    assert totals["Electricity used (kWh)"] == pytest.approx(r.electricity_kwh)
    assert totals["Indirect emissions (tCO2e)"] == pytest.approx(r.scope2_tco2e)
    ws = wb["C Attribution"]
    last = [cell.value for cell in ws[ws.max_row]]
    assert last[1] == "Total" and last[3] == pytest.approx(500) and last[5] == pytest.approx(co2_stationary)
    zh = "\n".join(str(cell.value) for cell in wb["說明 (zh-TW)"]["A"] if cell.value)
    assert "查證" in zh and "50 公噸" in zh
    verifier = "\n".join(str(cell.value) for cell in wb["F Verifier and importer"]["A"] if cell.value)
    assert "50 t" in verifier and "mark-up" in verifier


def test_moenv_workbook_codes_and_summaries(example, hostile):
    c, r = example
    wb = book(exports.build_moenv_workbook(exports.moenv_tables(c, r)))
    assert wb.sheetnames == ["說明", "表一 基本資料", "表三 排放源鑑別", "表四 活動數據", "表五 排放係數", "排放量計算",
                             "表八 排放量彙總", "另行揭露", "與官方表單之差異", "代碼表"]
    ws = wb["表三 排放源鑑別"]
    headers, row = header_row(ws, "排放源編號")
    assert headers[:8] == ["排放源編號", "排放源名稱", "製程代碼", "製程名稱", "設備代碼", "設備名稱", "原燃物料代碼", "原燃物料名稱"]
    assert headers[-7:] == ["CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3"]
    rows = {ws.cell(row=i, column=2).value: [ws.cell(row=i, column=j).value for j in range(1, 13)] for i in range(row + 1, ws.max_row + 1)}
    assert rows["外購電力"][2] == "250051" and rows["外購電力"][6] == "GG3500"     # fasteners; purchased Taipower power
    assert rows["柴油"][6] == "170006" and rows["柴油"][4] == "9999" and rows["柴油"][8] == "預設"
    assert rows["冷媒逸散（R-410A）"][4] == "4091" and rows["冷媒逸散（R-410A）"][6] == "GG1814"
    assert rows["化糞池"][4] == "9795"
    ws = wb["表八 排放量彙總"]
    totals = [[ws.cell(row=i, column=j).value for j in range(2, 10)] for i in range(1, ws.max_row + 1)
              if ws.cell(row=i, column=1).value == "排放當量（公噸 CO2e）"]
    table2, table3, table4 = totals                                   # 彙整表二, 三, 四 in that order
    assert table2[-1] == pytest.approx(r.total_tco2e) and sum(table2[:-1]) == pytest.approx(r.total_tco2e)
    assert table3[-1] == pytest.approx(r.scope1_tco2e) and sum(table3[:-1]) == pytest.approx(r.scope1_tco2e)
    assert sum(table4[:4]) == pytest.approx(table4[4]) == pytest.approx(r.scope1_tco2e)   # 固定+製程+移動+逸散 = 範疇一
    assert table4[5] == pytest.approx(r.scope2_tco2e) and table4[6] == pytest.approx(r.total_tco2e)
    # a forklift and a generator by their names; R-22 reported apart, not in the totals
    c2, r2 = hostile
    doc = exports.moenv_tables(c2, r2)
    equipment = {s.name: s.equipment.code for s in doc.sources}
    assert equipment["柴油（堆高機）"] == "B118" and equipment["柴油（緊急發電機）"] == "0298"
    assert [ln.gas for ln in doc.apart] == ["R-22"] and doc.summary.reported_apart_tco2e > 0
    assert sum(doc.summary.by_gas.values()) == pytest.approx(r2.total_tco2e)
    assert doc.summary.by_type["mobile"] == pytest.approx(sum(ln.tco2e for ln in r2.lines if ln.source.endswith(":vehicle")))


def test_vsme_workbook_energy_and_ghg(hostile):
    c, r = hostile
    doc = exports.vsme_b3(c, r)
    wb = book(exports.build_vsme_workbook(doc))
    assert wb.sheetnames == ["B3 Energy and GHG", "Fuels to MWh", "What you add", "說明 (zh-TW)"]
    # paragraph 29, by hand: diesel 1,400 L × 8,629 kcal/L × 4.1868e-9 TJ/kcal × 277.78 MWh/TJ; 80 MWh of electricity, 8 green
    fuels_mwh = 1_400 * 8629 * 4.1868e-9 * (1_000_000 / 3_600)
    e = doc.energy
    assert e.fuels.total_mwh == pytest.approx(fuels_mwh) and e.fuels.renewable_mwh == 0
    assert (e.electricity.renewable_mwh, e.electricity.total_mwh) == (pytest.approx(8), pytest.approx(80))
    assert e.total.total_mwh == pytest.approx(80 + fuels_mwh)
    ws = wb["B3 Energy and GHG"]
    table = {ws.cell(row=i, column=1).value: [ws.cell(row=i, column=j).value for j in range(2, 5)] for i in range(1, ws.max_row + 1)}
    assert table["Electricity (as in utility bills)"] == [pytest.approx(8), pytest.approx(72), pytest.approx(80)]
    assert table["Scope 1"][0] == pytest.approx(r.scope1_tco2e)
    assert table["Scope 2, location-based"][0] == pytest.approx(r.scope2_tco2e)
    assert table["Scope 2, market-based (guidance paragraph 109, optional)"][0] == pytest.approx(r.scope2_market_tco2e)
    assert table["tCO2eq per NT$ million"][0] == pytest.approx((r.scope1_tco2e + r.scope2_tco2e) / 50)
    assert doc.ghg.reported_apart_tco2e > 0 and table["Scope 1 + location-based Scope 2"][0] == pytest.approx(r.total_tco2e)


@pytest.mark.parametrize("kind,schema", [("cbam", "cbam-supplier-data-1"), ("moenv", "moenv-inventory-tables-1"), ("vsme", "vsme-b3-1")])
def test_json_outputs_validate_against_the_committed_schemas(kind, schema, example):
    c, r = example
    committed = json.loads((ROOT / "schema" / f"{schema}.schema.json").read_text(encoding="utf-8"))
    assert committed == exports.json_schema(kind), f"run: python -m core schema --of {kind} > schema/{schema}.schema.json"
    data = json.loads(exports.to_json(exports.FORMATS[kind](c, r)))
    jsonschema.validate(data, committed)
    assert exports.DOCUMENTS[kind].model_validate(data).model_dump(mode="json") == data     # reads back unchanged
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "format": "something-else"}, committed)
