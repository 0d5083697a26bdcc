"""The one writer of spreadsheet cells: every workbook the product writes puts its values through here.

Text never becomes a formula. openpyxl stores a string that starts with ``=`` as a formula, and Excel
or LibreOffice act on ``+ - @`` (and a leading tab or line break) when someone edits the cell: such
text is stored with the string type and Excel's quote prefix, so it shows as typed and stays text.
Formulas the product itself writes (``=SUM(...)``) go through ``formula`` and are never built from
what a user typed.

No openpyxl import here: the functions take the worksheet they write to.
"""

from __future__ import annotations

import re
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


# --------------------------------------------------------------------------- saving, with formulas' values

_REF = r"(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?[0-9]+"
_TOKEN = re.compile(rf"\s*(?:(?P<range>{_REF}:\$?[A-Z]{{1,3}}\$?[0-9]+)|(?P<ref>{_REF})|(?P<num>[0-9]+(?:\.[0-9]+)?)"
                    r"|(?P<sum>SUM)\(|(?P<op>[-+*/(),]))")


def _split_ref(ref: str, sheet: str) -> tuple[str, str]:
    if "!" in ref:
        name, cell = ref.rsplit("!", 1)
        if name.startswith("'"):
            name = name[1:-1].replace("''", "'")
        return name, cell.replace("$", "")
    return sheet, ref.replace("$", "")


class _Eval:
    """The value of the formulas the product writes (cell references, ranges in SUM, + − × ÷, numbers)."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.seen: dict[tuple[str, str], float] = {}

    def cell(self, sheet: str, ref: str, depth: int = 0) -> float:
        key = (sheet, ref)
        if key not in self.seen:
            value = self.wb[sheet][ref].value
            if isinstance(value, str) and value.startswith("=") and self.wb[sheet][ref].data_type == "f":
                if depth > 50:
                    raise ValueError("formula chain too deep")
                self.seen[key] = self.formula(value[1:], sheet, depth + 1)
            else:
                self.seen[key] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
        return self.seen[key]

    def formula(self, text: str, sheet: str, depth: int = 0) -> float:
        tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ValueError(f"unsupported formula: {text}")
            kind = m.lastgroup or ""
            tokens.append((kind, m.group(kind)))
            pos = m.end()
        self.tokens, self.i, self.sheet, self.depth = tokens, 0, sheet, depth
        value = self._expr()
        if self.i != len(tokens):
            raise ValueError(f"unsupported formula: {text}")
        return value

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _expr(self) -> float:
        value = self._term()
        while (tok := self._peek()) and tok[1] in ("+", "-"):
            self.i += 1
            value = value + self._term() if tok[1] == "+" else value - self._term()
        return value

    def _term(self) -> float:
        value = self._atom()
        while (tok := self._peek()) and tok[1] in ("*", "/"):
            self.i += 1
            other = self._atom()
            value = value * other if tok[1] == "*" else (value / other if other else 0.0)
        return value

    def _atom(self) -> float:
        tok = self._peek()
        if tok is None:
            raise ValueError("formula ends early")
        self.i += 1
        kind, text = tok
        if kind == "num":
            return float(text)
        if kind == "ref":
            return self._ref(text)
        if kind == "op" and text == "-":
            return -self._atom()
        if kind == "op" and text == "(":
            value = self._expr()
            self._expect(")")
            return value
        if kind == "sum":
            total = 0.0
            while True:
                nxt = self._peek()
                if nxt and nxt[0] == "range":
                    self.i += 1
                    total += self._range(nxt[1])
                else:
                    total += self._expr()
                nxt = self._peek()
                if nxt and nxt[1] == ",":
                    self.i += 1
                    continue
                self._expect(")")
                return total
        raise ValueError(f"unexpected {text!r} in a formula")

    def _expect(self, op: str) -> None:
        tok = self._peek()
        if tok is None or tok[1] != op:
            raise ValueError(f"expected {op!r} in a formula")
        self.i += 1

    def _ref(self, text: str) -> float:
        sheet, ref = _split_ref(text, self.sheet)
        saved = (self.tokens, self.i, self.sheet, self.depth)
        try:
            return self.cell(sheet, ref, self.depth)
        finally:
            self.tokens, self.i, self.sheet, self.depth = saved

    def _range(self, text: str) -> float:
        start, end = text.split(":")
        sheet, first = _split_ref(start, self.sheet)
        rows = self.wb[sheet][f"{first}:{end.replace('$', '')}"]
        total = 0.0
        for row in rows:
            for c in row:
                total += self._ref(f"{quote_sheet_name(sheet)}!{c.coordinate}")
        return total


def quote_sheet_name(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def to_bytes(wb: Any) -> bytes:
    """The workbook as .xlsx bytes, every formula saved with its value (so previewers that do not calculate, such
    as a phone's or a mail client's, show the totals). A formula the evaluator does not know keeps no value."""
    import zipfile
    from io import BytesIO

    values: dict[int, dict[str, str]] = {}
    ev = _Eval(wb)
    for n, ws in enumerate(wb.worksheets, 1):
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and isinstance(c.value, str):
                    try:
                        v = ev.cell(ws.title, c.coordinate)
                    except (ValueError, KeyError, TypeError):
                        continue
                    values.setdefault(n, {})[c.coordinate] = repr(round(v, 10))
    buf = BytesIO()
    wb.save(buf)
    if not values:
        return buf.getvalue()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet([0-9]+)\.xml", item.filename)
            if m and int(m.group(1)) in values:
                cells = values[int(m.group(1))]

                def fill(match: re.Match[bytes]) -> bytes:
                    v = cells.get(match.group(2).decode())
                    return match.group(1) + (f"<v>{v}</v>".encode() if v is not None else match.group(3))

                data = re.sub(rb'(<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)(<v ?/>|<v></v>)', fill, data)
            zout.writestr(item, data)
    return out.getvalue()
