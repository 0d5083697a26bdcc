"""The action plan page (pages/advice/plan.py), through the app's router with AppTest."""

from __future__ import annotations

import core
from apptest_helpers import start
from core.inventory.format import to_data

PLAN = "pages/advice/plan.py"
SCREWS = to_data(core.load("examples/screws.yaml"))


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [i.value for i in at.info] + [s.value for s in at.success] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


def test_without_a_checkup_the_page_says_what_to_do_first():
    at = start(PLAN)
    assert at.title[0].value == "行動計畫"
    assert "還沒有盤查資料" in at.info[0].value


def test_the_screw_factory_plan_ranks_pressure_first_with_leaks_and_who_to_call():
    at = start(PLAN, session={"checkup": SCREWS})
    heads = [s.value for s in at.subheader]
    assert heads[0].startswith("1. 把空壓機出口壓力調低")
    assert any("超音波檢漏儀" in h for h in heads[:5])  # the leak repair is in the plan
    text = _text(at)
    assert "0800-056-476" in text  # who to call, with the number
    assert "排序方式：不花錢的行動最先" in text  # the rule, in words, on the page
    assert "壽命內" in text and "超過可用的 1 年" in text  # the leak repair says plainly it may not pay back
    metrics = [(m.label, m.value) for m in at.metric]
    assert metrics[0] == ("每年省下（NT$）", "2,519–7,091")


def test_english_plan_speaks_english():
    at = start(PLAN, lang="en", session={"checkup": SCREWS})
    assert at.title[0].value == "Action plan"
    heads = [s.value for s in at.subheader]
    assert heads[0].startswith("1. Lower the compressor's outlet pressure")
    assert not any("\u4e00" <= ch <= "\u9fff" for h in heads[:5] for ch in h)


def test_an_answer_given_on_the_programmes_page_counts_the_subsidy():
    at = start(PLAN, session={"checkup": SCREWS, "programme_answers": {"us_tariff_affected": True}})
    labels = [m.label for m in at.metric]
    assert "回收年數（補助後）" in labels
    assert "回收年數（若符合補助）" not in labels
    before = start(PLAN, session={"checkup": SCREWS})
    assert "回收年數（若符合補助）" in [m.label for m in before.metric]


def test_the_money_section_shows_the_carbon_fee_line_and_cbam_year_by_year():
    at = start(PLAN, session={"checkup": SCREWS})
    text = _text(at)
    assert "碳費門檻 25,000 公噸" in text and "目前不用繳碳費" in text
    assert "50 公噸" in text and "進口商必須申報" in text
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [str(y) for y in range(2026, 2035)]  # sorted by year, as the caption says
    assert table.iloc[0, 2] == "20,753"  # 120 t × 2.5149 × 2.5 % × €75.36 × NT$36.5 (test_cbam_cost)
    at.number_input(key="plan_ntd_per_eur").set_value(35.0).run()
    assert at.dataframe[0].value.iloc[0, 2] == "19,900"  # the same at NT$35 per euro


def test_without_eu_goods_the_money_section_says_what_to_enter():
    data = {**SCREWS, "goods": [], "precursors": []}
    at = start(PLAN, session={"checkup": data})
    assert "沒有填出口歐盟的 CBAM 產品噸數" in _text(at)
