"""The programmes page, driven with Streamlit's AppTest."""

from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import page_alone


FASTENER = {
    "format": "checkup/1",
    "year": 2025,
    "company": {
        "industry": "25", "employees": 7, "capital_ntd": 5000000, "county": "高雄市",
        "factory_registration": "registered", "eu_exports": ["螺絲"], "customer_requests": True,
        "chinese_capital": False, "state_owned": False,
    },
    "electricity": {"kwh": 300000},
    "equipment": {"air_compressors": [{"kw": 37, "age_years": 15}]},
}


def _page(checkup=None, lang=None) -> AppTest:
    return page_alone("pages/advice/programmes.py", checkup=checkup, lang=lang)


def _all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [e.label for e in at.expander]
    parts += [s.value for s in at.success] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def test_no_checkup_shows_a_friendly_note_and_the_calculator():
    at = _page()
    assert at.title[0].value == "政府方案與義務"
    assert "還沒有健診資料" in at.info[0].value
    assert any(h.value == "1+N 碳管理示範團隊試算" for h in at.header)


def test_fastener_maker_sees_matches_reasons_and_obligations():
    at = _page(FASTENER)
    headers = [h.value for h in at.header]
    assert headers[:3] == ["符合的方案", "可能符合：回答問題即可判斷", "其他方案（不符合或已結束）"]
    text = _all_text(at)
    assert "CBAM 申報協助" in text
    assert "您出口歐盟的螺絲屬 CBAM 產品。" in text
    assert "您有空壓機 1 台，最大一台 37 kW、已使用 15 年。" in text
    assert "方案資料最後查證日期 2026-03-09" in text
    # obligations: below the carbon-fee line, CBAM goods
    assert "不須繳碳費" in text
    assert "屬歐盟 CBAM 產品" in text
    # the tariff question is offered as a widget
    assert at.radio(key="pq_us_tariff_affected.zh-TW").value == "unknown"


def test_answering_a_question_moves_a_programme():
    at = _page(FASTENER)
    labels_before = [e.label for e in at.expander]
    competitiveness = next(label for label in labels_before if label.startswith("產業競爭力輔導團"))
    yes_header = next(i for i, h in enumerate(at.header) if h.value == "符合的方案")
    assert competitiveness
    at.radio(key="pq_us_tariff_affected.zh-TW").set_value("yes").run()
    assert not at.exception
    # now among the matches, with the reason that says why
    assert "您受美國關稅影響。" in _all_text(at)
    at.radio(key="pq_us_tariff_affected.zh-TW").set_value("no").run()
    assert "您表示未受美國關稅影響，本方案只給受影響的廠商。" in _all_text(at)
    assert yes_header == 0


def test_english_page():
    at = _page(FASTENER, lang="en")
    assert at.title[0].value == "Government programmes and obligations"
    text = _all_text(at)
    assert "Your EU exports (螺絲) are CBAM goods." in text


def test_status_filter_hides_ended_programmes():
    at = _page(FASTENER)
    assert any("已結束" in e.label for e in at.expander)
    at.multiselect(key="prog_status.zh-TW").set_value(["running"]).run()
    assert not at.exception
    assert all(e.label.endswith("辦理中") for e in at.expander if "·" in e.label)


def test_oneplusn_calculator_on_the_page():
    at = _page()
    at.number_input(key="opn_suppliers").set_value(12)
    at.number_input(key="opn_inventory_diagnosis_count").set_value(8)
    at.number_input(key="opn_inventory_diagnosis_cost").set_value(120000)
    at.number_input(key="opn_verification_coaching_count").set_value(5)
    at.number_input(key="opn_verification_coaching_cost").set_value(300000)
    at.number_input(key="opn_footprint_coaching_count").set_value(2)
    at.number_input(key="opn_footprint_coaching_cost").set_value(450000)
    at.number_input(key="opn_workshop_count").set_value(3)
    at.number_input(key="opn_workshop_cost").set_value(150000)
    at.number_input(key="opn_reduction").set_value(1600)
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # hand-worked in tests/test_oneplusn.py: A 3,810,000; B 720,000; fee 370,800; government 3,460,800; cap 5,000,000
    assert metrics["經費上限"] == "NT$ 5,000,000"
    assert metrics["A：四項費用合計"] == "NT$ 3,810,000"
    assert metrics["B：廠商自付合計"] == "NT$ 720,000"
    assert metrics["管理服務費 (A − B) × 12%"] == "NT$ 370,800"
    assert metrics["政府經費 (A − B) + 管理服務費"] == "NT$ 3,460,800"
    assert at.success[0].value == "符合遴選須知的規定。"


def test_oneplusn_problems_are_shown():
    at = _page()
    at.number_input(key="opn_suppliers").set_value(9).run()
    assert not at.exception
    assert "受輔導廠商 9 家，未達最低 10 家" in at.error[0].value


@pytest.mark.parametrize("bad", [{"year": "not a year"}, {"year": 2025, "company": {"employees": -3}}])
def test_broken_checkup_warns(bad):
    at = _page(bad)
    assert "健診資料有誤" in at.warning[0].value


def test_a_broken_checkup_is_explained_in_words_not_field_paths():
    import core
    from core.errors import field_label

    at = _page({"format": "checkup/1", "year": 2025, "company": {"employees": -3}})
    warning = at.warning[0].value
    assert field_label("company.employees", "zh-TW") in warning and "company.employees" not in warning
    assert core.t("errors.negative", "zh-TW") in warning


def test_filters_and_answers_survive_a_language_switch_as_ids():
    at = _page(FASTENER)
    at.multiselect(key="prog_status.zh-TW").set_value(["running"]).run()
    at.radio(key="pq_us_tariff_affected.zh-TW").set_value("yes").run()
    assert at.session_state["prog_status_ids"] == ["running"]
    assert at.session_state["programme_answers"] == {"us_tariff_affected": True}  # what the plan page reads
    at.session_state["ui_lang"] = "en"
    at.run()
    assert not at.exception
    assert at.multiselect(key="prog_status.en").value == ["running"]  # the English widget starts from the ids
    assert at.radio(key="pq_us_tariff_affected.en").value == "yes"
    assert all(e.label.endswith("Running") for e in at.expander if "·" in e.label)
