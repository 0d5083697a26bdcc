"""Words for Taiwan: brackets in Chinese text are full-width (scripts/fullwidth_brackets.py fixes and checks them)."""

import importlib.util
from pathlib import Path

import pytest

from core.i18n import catalog

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("fullwidth_brackets", ROOT / "scripts" / "fullwidth_brackets.py")
brackets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(brackets)


@pytest.mark.parametrize("text, expected", [
    ("功率 (kW)", "功率（kW）"),
    ("效率等級 (IE) 與運轉時數", "效率等級（IE）與運轉時數"),
    ("馬力 (HP) × 0.746 = kW", "馬力（HP） × 0.746 = kW"),
    ("第 {n} 組燈具 ({type}) 節省", "第 {n} 組燈具（{type}）節省"),
    ("歐盟規則 (EU) 2023/956", "歐盟規則 (EU) 2023/956"),  # a citation keeps its own brackets
    ("B1 第 24(e)(iv) 段", "B1 第 24(e)(iv) 段"),
    ("管理服務費 (A − B) × 12%", "管理服務費 (A − B) × 12%"),  # a formula too
    ("Scope 1 (direct)", "Scope 1 (direct)"),  # English stays English
])
def test_the_rule(text, expected):
    assert brackets.fix(text) == expected


def test_every_chinese_text_has_full_width_brackets():
    zh = catalog("zh-TW")
    half = {k: v for k, v in zh.items() if brackets.fix(v) != v}
    assert half == {}, "run: python scripts/fullwidth_brackets.py"
