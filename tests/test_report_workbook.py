"""The inventory workbook: the sheets Taiwan's forms use, live formulas that evaluate to the
engine's numbers (recomputed here from the cells), every factor's source, safe text."""

import datetime as dt
import io
import re

import openpyxl
import pytest

import core
from core.reports.workbook import build_workbook

TODAY = dt.date(2026, 11, 1)
REF = re.compile(r"(?:'((?:[^']|'')+)'!)?\$?([A-Z]{1,3})\$?(\d+)")


class Evaluator:
    """Just enough of Excel to check the workbook: cell refs (other sheets too), SUM, + - * /."""

    def __init__(self, wb):
        self.wb = wb

    def cell(self, sheet, ref):
        value = self.wb[sheet][ref].value
        if isinstance(value, str) and value.startswith("="):
            return self.formula(sheet, value[1:])
        return value or 0

    def formula(self, sheet, text):
        def sum_args(m):
            total = 0.0
            for arg in m.group(1).split(","):
                arg = arg.strip()
                if ":" in arg:
                    a, b = arg.split(":")
                    ma, mb = REF.fullmatch(a), REF.fullmatch(b)
                    sh = (ma.group(1) or sheet).replace("''", "'")
                    for row in range(int(ma.group(3)), int(mb.group(3)) + 1):
                        total += float(self.cell(sh, f"{ma.group(2)}{row}"))
                else:
                    total += float(self.formula(sheet, arg))
            return repr(total)

        expr = re.sub(r"SUM\(([^()]*)\)", sum_args, text)
        expr = REF.sub(lambda m: repr(float(self.cell((m.group(1) or sheet).replace("''", "'"), m.group(2) + m.group(3)))), expr)
        assert re.fullmatch(r"[0-9eE.+\-*/() ]+", expr), expr  # nothing but arithmetic is left
        return eval(expr)  # noqa: S307 - arithmetic only, checked above


@pytest.fixture(scope="module")
def screws():
    checkup = core.load("examples/screws.yaml")
    return checkup, core.compute(checkup)


@pytest.fixture(scope="module")
def book(screws):
    checkup, result = screws
    data = build_workbook(checkup, result, "zh-TW", today=TODAY)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_as_taiwan_inventory_forms_are_read(book):
    assert book.sheetnames == ["基本資料", "排放源鑑別", "活動數據", "排放量計算", "係數來源"]


def test_every_emission_formula_evaluates_to_the_engines_number(book, screws):
    _, result = screws
    ws = book["排放量計算"]
    ev = Evaluator(book)
    rows = [r for r in range(5, ws.max_row + 1) if isinstance(ws[f"J{r}"].value, str) and "*" in ws[f"J{r}"].value]
    assert len(rows) == len(result.lines)
    counted = sorted((ln for ln in result.lines), key=lambda ln: (not ln.counted, ln.scope))
    for r, line in zip(rows, counted):
        assert ws[f"J{r}"].value == f"=E{r}*G{r}*I{r}/1000"
        assert ev.cell("排放量計算", f"J{r}") == pytest.approx(line.tco2e, rel=1e-12)
        assert ws[f"K{r}"].value == line.factor_id


def test_totals_are_sums_that_match_the_engine(book, screws):
    _, result = screws
    ws = book["基本資料"]
    ev = Evaluator(book)
    found = {}
    for row in ws.iter_rows(min_row=1, max_col=2):
        label, value = row[0].value, row[1].value
        if isinstance(value, str) and value.startswith("='排放量計算'!"):
            found[label] = ev.cell("基本資料", row[1].coordinate)
    assert found["範疇一（直接排放）"] == pytest.approx(result.scope1_tco2e, rel=1e-12)
    assert found["範疇二（能源間接排放）"] == pytest.approx(result.scope2_tco2e, rel=1e-12)
    assert found["合計（範疇一＋範疇二）"] == pytest.approx(result.total_tco2e, rel=1e-12)
    assert found["另列揭露（不計入合計）"] == pytest.approx(result.reported_apart_tco2e, abs=1e-12)
    calc = book["排放量計算"]
    sums = [c.value for c in calc["J"] if isinstance(c.value, str) and c.value.startswith("=SUM(")]
    assert len(sums) >= 3


def test_reported_apart_lines_are_outside_the_total():
    checkup = core.parse_checkup({"year": 2024, "refrigerants": [{"refrigerant": "R-22", "recharged_kg": 3}],
                                  "electricity": {"kwh": 1000}})
    result = core.compute(checkup)
    assert result.reported_apart_tco2e > 0
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(checkup, result, today=TODAY)))
    ev = Evaluator(book)
    totals = {r[0].value: ev.cell("基本資料", r[1].coordinate) for r in book["基本資料"].iter_rows(max_col=2)
              if isinstance(r[1].value, str) and r[1].value.startswith("=")}
    assert totals["合計（範疇一＋範疇二）"] == pytest.approx(result.total_tco2e)
    assert totals["另列揭露（不計入合計）"] == pytest.approx(result.reported_apart_tco2e)


def test_every_factor_has_its_document_year_and_url(book, screws):
    _, result = screws
    ws = book["係數來源"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for line in result.lines:
        assert line.factor_id in text
    assert "https://ghgregistry.moenv.gov.tw" in text
    assert "113年度電力排碳係數" in text
    assert "能源產品單位熱值表" in text and "8629" in text  # the heating value behind the diesel factor
    assert "gwp:CH4:AR5" in text


def test_sources_and_activity_sheets(book, screws):
    ident = [r for r in book["排放源鑑別"].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    kinds = {r[1]: r[4] for r in ident}
    assert kinds["外購電力"] == "能源間接排放"
    assert kinds["柴油"] == "固定燃燒排放"
    assert kinds["車用汽油"] == "移動燃燒排放"
    assert kinds["化糞池"] == "逸散排放"
    act = [r for r in book["活動數據"].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert ("外購電力", 150000) == (act[0][1], act[0][2])


def test_monthly_electricity_sums_to_the_year():
    months = [10000.0 + i for i in range(12)]
    checkup = core.parse_checkup({"year": 2024, "electricity": {"monthly_kwh": months}})
    result = core.compute(checkup)
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(checkup, result, today=TODAY)))
    ws = book["活動數據"]
    cell = next(c for c in ws["C"] if isinstance(c.value, str) and c.value.startswith("=SUM("))
    assert Evaluator(book).cell("活動數據", cell.coordinate) == pytest.approx(sum(months))


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"])
def test_user_text_never_becomes_a_formula(evil):
    checkup = core.parse_checkup({
        "year": 2024,
        "company": {"name": evil, "county": "彰化縣"},
        "production": {"amount": 10, "unit": evil[:20]},
        "fuels": [{"fuel": "diesel", "amount": 100, "unit": "L", "name": evil[:100]}],
        "other": [{"kind": "custom", "amount": 1, "unit": "kg", "factor": 2, "factor_source": evil, "scope": 1, "name": evil[:100]}],
    })
    result = core.compute(checkup)
    data = build_workbook(checkup, result, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    ours = re.compile(r"^=(?:[A-Z]+\d+\*[A-Z]+\d+\*[A-Z]+\d+/1000|SUM\([A-Z0-9:,]+\)|'[^']+'!J\d+)$")
    seen = 0
    for ws in book:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert ours.match(c.value), (ws.title, c.coordinate, c.value)
                if c.value == evil:
                    seen += 1
                    assert c.data_type == "s"
                    assert c.quotePrefix if evil[0] in "=+-@" else True
    assert seen >= 2


def test_english_workbook():
    checkup = core.load("examples/screws.yaml")
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(checkup, core.compute(checkup), "en", today=TODAY)))
    assert book.sheetnames == ["Company", "Source identification", "Activity data", "Emissions", "Factor sources"]
