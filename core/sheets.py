"""The one writer of spreadsheet cells: every workbook the product writes puts its values through here.

Text never becomes a formula. openpyxl stores a string that starts with ``=`` as a formula, and Excel
or LibreOffice act on ``+ - @`` (and a leading tab or line break) when someone edits the cell: such
text is stored with the string type and Excel's quote prefix, so it shows as typed and stays text.
Formulas the product itself writes (``=SUM(...)``) go through ``formula`` and are never built from
what a user typed.

No openpyxl import here: the functions take the worksheet they write to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

# what Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP "CSV injection")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Cell:
    """Write a value; a string is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(DANGEROUS):
            cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell


def put_row(ws: Worksheet, row: int, values: Iterable[Any], first_col: int = 1) -> list[Cell]:
    """``put`` each value along a row, from ``first_col``."""
    return [put(ws, row, col, v) for col, v in enumerate(values, first_col)]


def append_row(ws: Worksheet, values: Iterable[Any]) -> list[Cell]:
    """``ws.append(values)`` through ``put``: the row after the last one written (an empty list: a blank row)."""
    row = ws._current_row + 1  # openpyxl's own count of rows written, the one ws.append uses
    cells = put_row(ws, row, values)
    ws._current_row = row
    return cells


def formula(ws: Worksheet, row: int, col: int, text: str, number_format: str | None = None) -> Cell:
    """A formula the workbook itself writes (never built from user text)."""
    cell = ws.cell(row=row, column=col)
    cell.value = text
    if number_format:
        cell.number_format = number_format
    return cell
