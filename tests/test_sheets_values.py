"""core.sheets.to_bytes: every workbook is saved with its formulas' values, so a previewer that does not calculate
(a phone, a mail client) shows the totals; text that looks like a formula stays text."""

from __future__ import annotations

import io

import openpyxl
from openpyxl import Workbook

from core.sheets import formula, put, to_bytes


def _values(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True)


def test_sums_products_and_references_across_sheets_by_hand():
    wb = Workbook()
    a = wb.active
    a.title = "排放量計算"
    for r, (activity, factor, gwp) in enumerate([(2000, 2.677, 1), (30000, 1.904, 1), (150000, 0.474, 1)], 1):
        put(a, r, 1, activity), put(a, r, 2, factor), put(a, r, 3, gwp)
        formula(a, r, 4, f"=A{r}*B{r}*C{r}/1000")
    formula(a, 4, 4, "=SUM(D1:D3)")
    b = wb.create_sheet("基本資料 (總)")
    formula(b, 1, 1, "='排放量計算'!D4")
    formula(b, 2, 1, "=SUM('排放量計算'!D1,'排放量計算'!D2)-1")
    put(b, 3, 1, "=SUM(A1:A2)")  # typed text: never a formula, never evaluated
    v = _values(to_bytes(wb))
    # 2000 × 2.677 / 1000 = 5.354; 30000 × 1.904 / 1000 = 57.12; 150000 × 0.474 / 1000 = 71.1 → 133.574
    assert v["排放量計算"]["D1"].value == 5.354
    assert round(v["排放量計算"]["D4"].value, 6) == 133.574
    assert round(v["基本資料 (總)"]["A1"].value, 6) == 133.574
    assert round(v["基本資料 (總)"]["A2"].value, 6) == round(5.354 + 57.12 - 1, 6)
    assert v["基本資料 (總)"]["A3"].value == "=SUM(A1:A2)"
    f = openpyxl.load_workbook(io.BytesIO(to_bytes(wb)))
    assert f["排放量計算"]["D4"].value == "=SUM(D1:D3)"  # the formula is still there for Excel to recalculate


def test_a_formula_it_does_not_know_is_saved_without_a_value():
    wb = Workbook()
    ws = wb.active
    put(ws, 1, 1, 4)
    formula(ws, 1, 2, "=SQRT(A1)")
    formula(ws, 1, 3, "=A1*2")
    v = _values(to_bytes(wb))
    assert v.active["B1"].value is None and v.active["C1"].value == 8
