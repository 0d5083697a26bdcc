"""Every input and button on the owner's pages has a stable ``key=``, so tests (and the state) find it by key,
never by its Chinese label; and every owner page reaches the checkup through ui/state."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWNER = sorted([*(ROOT / "pages" / "checkup").glob("*.py"), *(ROOT / "pages" / "advice").glob("*.py"),
                *(p for p in (ROOT / "ui").glob("*.py") if p.name != "staff.py")])
WIDGETS = {"button", "download_button", "text_input", "number_input", "text_area", "selectbox", "multiselect", "radio",
           "checkbox", "toggle", "segmented_control", "pills", "date_input", "file_uploader", "slider", "select_slider"}


def _unkeyed(path: Path, root: Path = ROOT) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WIDGETS:
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "w":
                continue  # ui.widgets: every input it draws is keyed by its checkup path
            if not any(k.arg == "key" for k in node.keywords):
                out.append(f"{path.relative_to(root)}:{node.lineno} {node.func.attr}")
    return out


def test_every_owner_widget_has_a_key():
    assert [w for p in OWNER for w in _unkeyed(p)] == []


def test_the_checker_sees_a_widget_without_a_key(tmp_path):
    page = tmp_path / "p.py"
    page.write_text("import streamlit as st\nst.button('保存', key='save')\ncol = st\ncol.download_button('下載', b'')\n")
    assert _unkeyed(page, tmp_path) == ["p.py:4 download_button"]


def test_owner_pages_reach_the_checkup_through_ui_state():
    direct = [f"{p.relative_to(ROOT)}:{n}" for p in OWNER if p.name != "state.py"
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"""session_state(\.get\(|\[)["']checkup["']""", line)]
    assert direct == []
