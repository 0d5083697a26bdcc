"""Every workbook the product writes keeps text as text: a firm named "=HYPERLINK(…)" or "+1+1" never becomes a
live formula, whatever starts it (= + - @ tab CR). One writer (core/sheets.py) writes every cell."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import core
from core.accounts.workshops import Dashboard, Row, WorkshopInfo, export_xlsx
from core.reports.batch import BatchItem, BatchResult, summary_workbook
from core.reports.template import build_template
from core.reports.workbook import build_workbook

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
MARK = "PWN"


def hostile(prefix: str, n: int = 0) -> str:
    return f'{prefix}HYPERLINK("http://x.test/{MARK}{n}","{MARK}")' if prefix == "=" else f"{prefix}1+1+{MARK}{n}"


def checkup(prefix: str) -> core.Checkup:
    """The example, with every free-text field a user fills starting with ``prefix``."""
    data = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))
    h = lambda n: hostile(prefix, n)  # noqa: E731
    data["company"]["name"] = h(1)
    data["company"]["eu_exports"] = [h(2)]
    data["production"] = {"amount": 500, "unit": h(3)[:20]}
    for i, f in enumerate(data["fuels"]):
        f["name"] = h(10 + i)
    data["refrigerants"][0]["name"] = h(20)
    data["other"] = [{"kind": "custom", "amount": 10, "unit": h(30)[:20], "factor": 1.5, "factor_source": h(31),
                      "scope": 1, "name": h(32)}]
    data["equipment"] = {"waste_heat_sources": [h(40)], "lighting": [{"type": h(41), "count": 10, "watts": 36}]}
    for i, g in enumerate(data.get("goods", [])):
        g["name"] = h(50 + i)
    for i, p in enumerate(data.get("precursors", [])):
        p["supplier"] = h(60 + i)
    return core.parse_checkup(data)


def room(prefix: str) -> Dashboard:
    w = WorkshopInfo(1, hostile(prefix, 1), dt.date(2026, 5, 1), hostile(prefix, 2), "ABCD-EFGH", True)
    rows = [Row(hostile(prefix, 3), True, 2025, 10.0, 4.0, 6.0, {}, {}, hostile(prefix, 4)[:4], 12, None)]
    return Dashboard(w, joined=1, finished=1, rows=rows, totals=[10.0])


def batch_summary(prefix: str) -> bytes:
    items = [BatchItem(file=hostile(prefix, 1), ok=False, firm=hostile(prefix, 2), error=hostile(prefix, 3)),
             BatchItem(file="ok.yaml", ok=True, firm=hostile(prefix, 4), year=2025, total_tco2e=1.0)]
    return summary_workbook(BatchResult(items=items), "en")


def exports(prefix: str) -> dict[str, bytes]:
    """Every workbook the product writes, from hostile text."""
    from core import exports

    c = checkup(prefix)
    result = core.compute(c)
    return {
        **{f"{kind} export": exports.build_workbook(make(c, result), "en") for kind, make in exports.FORMATS.items()},
        "inventory workbook": build_workbook(c, result, lang="en"),
        "inventory workbook (zh-TW)": build_workbook(c, result, lang="zh-TW"),
        "pre-filled template": build_template("en", c),
        "batch summary": batch_summary(prefix),
        "workshop room": export_xlsx(room(prefix), "en"),
    }


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_text_from_users_is_never_a_formula_in_any_export(prefix):
    for name, data in exports(prefix).items():
        wb = load_workbook(io.BytesIO(data))
        marked = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if not (isinstance(cell.value, str) and MARK in cell.value):
                        continue
                    marked += 1
                    assert cell.data_type == "s", (name, ws.title, cell.coordinate, cell.value)
                    if cell.value.startswith(tuple(PREFIXES)):
                        assert cell.quotePrefix, (name, ws.title, cell.coordinate, cell.value)
        assert marked, f"{name}: the hostile text never reached the workbook, so this test proves nothing"
        # and in the file itself: no formula element anywhere holds what the user typed
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for member in z.namelist():
                if member.endswith(".xml"):
                    for f in re.findall(rb"<f[ >].*?</f>", z.read(member), flags=re.S):
                        assert MARK.encode() not in f, (name, member, f[:80])


# --------------------------------------------------------------------------- one writer

CELL_WRITER = ROOT / "core" / "sheets.py"


def _sheet_names(tree: ast.AST) -> set[str]:
    """Names bound to a worksheet: ``x = wb.active``, ``x = wb.create_sheet(…)``, ``x = wb[…]``, ``x: Worksheet``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            v = node.value
            if (isinstance(v, ast.Attribute) and v.attr == "active") or (
                    isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "create_sheet") or (
                    isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and v.value.id == "wb"):
                names.add(node.targets[0].id)
        if isinstance(node, ast.arg) and node.annotation is not None and "Worksheet" in ast.unparse(node.annotation):
            names.add(node.arg)
    return names


def _offences(tree: ast.AST, where: str) -> list[str]:
    """Cells written other than through core/sheets.py, function by function (a worksheet's name is local)."""
    out = []
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] or [tree]
    for scope in scopes:
        sheets = _sheet_names(scope)
        for node in ast.walk(scope):
            at = f"{where}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Attribute) and target.attr == "value":
                        out.append(f"{at} sets a cell's value")
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in sheets:
                        out.append(f"{at} writes {target.value.id}[…] directly")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                recv = node.func.value.id if isinstance(node.func.value, ast.Name) else None
                if node.func.attr == "append" and recv in sheets:
                    out.append(f"{at} {recv}.append(…) writes cells its own way")
                if node.func.attr == "cell" and recv in sheets and (
                        len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)):
                    out.append(f"{at} {recv}.cell(…, value) writes a cell its own way")
    return sorted(set(out))


def test_every_cell_of_every_workbook_goes_through_the_one_writer():
    offences = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        if path != CELL_WRITER:
            offences += _offences(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
    assert offences == [], "write cells with core.sheets.put / put_row / append_row / formula:\n" + "\n".join(offences)


def test_the_checker_finds_cells_written_their_own_way():
    code = ("def f(wb, other: Worksheet):\n    ws = wb.active\n    ws.append(['=1+1'])\n    ws['A1'] = '=1+1'\n"
            "    other.cell(1, 1, '=1+1')\n    ws.cell(2, 2).value = '=1+1'\n    d = {}\n    d['A1'] = 1\n")
    found = _offences(ast.parse(code), "x.py")
    assert [f.split(" ", 1)[1] for f in found] == [
        "ws.append(…) writes cells its own way", "writes ws[…] directly", "other.cell(…, value) writes a cell its own way",
        "sets a cell's value"]
