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
    assert headers[:3] == ["符合的方案", "可能符合：回答問題即可判斷", "辦理中但不符合的方案"]
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
    tariff = next(label for label in labels_before if label.startswith("因應美國關稅"))
    yes_header = next(i for i, h in enumerate(at.header) if h.value == "符合的方案")
    assert tariff
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


def _folded(at: AppTest):
    return next(e for e in at.expander if e.label.startswith("已結束或狀態未確認的方案"))


def test_ended_and_unconfirmed_programmes_sit_folded_with_the_date_last_checked():
    at = _page(FASTENER)
    assert not at.exception
    folded = _folded(at)
    assert folded.proto.expanded is False
    n = int(folded.label.split("（")[1].split(" ")[0])
    text = "\n".join(m.value for m in folded.markdown)
    # the 10+ upgrade subsidy closed on 2025-03-20: folded, ended, with the day it was last checked
    assert "**中小型製造業（經常僱用員工數 10 人以上）低碳及智慧化升級轉型個案補助** · 已結束 · 最後查證 2026-12-04" in text
    assert "本方案已結束（最後期限 2025-03-20）。" in text
    # SMESA's carbon health check fits, but only press reports show its 2026 round: folded, never 符合
    assert "**中小企業碳健檢（中企署）** · 狀態不明 · 最後查證 2026-12-04" in text
    assert "若仍在辦理：符合" in text
    # every programme the page lists outside the fold is running; the fold holds the rest
    listed = [e.label for e in at.expander if " · " in e.label]
    assert listed and all(label.endswith(" · 辦理中") for label in listed)
    from core.advice.programmes import load_catalogue
    assert len(listed) + n == len(load_catalogue().programmes)


def test_folded_list_in_english_and_questions_in_the_order_that_settles_most():
    at = _page(FASTENER, lang="en")
    assert not at.exception
    folded = next(e for e in at.expander if e.label.startswith("Ended or not confirmed running"))
    assert "last checked 2026-12-04" in "\n".join(m.value for m in folded.markdown)
    counts = [int(r.label.rsplit("(decides ", 1)[1].split(" ")[0]) for r in at.radio if "(decides " in r.label]
    assert counts and counts == sorted(counts, reverse=True)


def test_supplier_sees_what_joining_a_team_costs_and_no_calculator():
    at = _page()
    assert at.radio(key="opn_role").value == "supplier"
    assert not [n for n in at.number_input if n.key == "opn_suppliers"]
    table = at.table[0].value
    # 2023 rules: diagnosis paid by the programme; verification coaching NT$250,000–400,000 at >= 30 % own share
    assert list(table.iloc[:, 3]) == ["NT$ 0", "NT$ 75,000–120,000", "NT$ 120,000–150,000", "全額自付"]


def _lead(at: AppTest) -> AppTest:
    at.radio(key="opn_role").set_value("lead").run()
    return at


def test_oneplusn_calculator_on_the_page():
    at = _lead(_page())
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
    at = _lead(_page())
    at.number_input(key="opn_suppliers").set_value(9).run()
    assert not at.exception
    assert "受輔導廠商 9 家，未達遴選須知最低的 10 家：這樣的團隊不符申請資格" in at.error[0].value
    # below the first tier the rules set no budget: not "no cap applies" (which reads as unlimited)
    assert [m.value for m in at.metric][0] == "N 未達 10 家：不符資格，須知未訂經費"


def test_oneplusn_own_share_is_shown_as_the_rules_say():
    """陸、二: at least 30 % own share for 查證輔導 and 碳足跡輔導 only; no own share named for 盤查診斷 and 講習."""
    at = _page()
    at.radio(key="opn_role").set_value("lead").run()  # the calculator is for the lead firm
    assert not at.exception
    captions = [c.value for c in at.caption]
    diag = next(c for c in captions if c.startswith("參考費用 90,000–130,000"))
    assert "須知未規定此項的廠商自付比例" in diag and "至少自付 0%" not in " ".join(captions)
    assert any(c.startswith("參考費用 250,000–400,000") and "廠商至少自付 30%" in c for c in captions)
    share = at.number_input(key="opn_share")
    assert share.value == 30 and "須知規定至少 30%" in share.label


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
    at.multiselect(key="prog_kind.zh-TW").set_value(["subsidy"]).run()
    at.radio(key="pq_us_tariff_affected.zh-TW").set_value("yes").run()
    assert at.session_state["prog_kind_ids"] == ["subsidy"]
    assert at.session_state["programme_answers"] == {"us_tariff_affected": True}  # what the plan page reads
    at.session_state["ui_lang"] = "en"
    at.run()
    assert not at.exception
    assert at.multiselect(key="prog_kind.en").value == ["subsidy"]  # the English widget starts from the ids
    assert at.radio(key="pq_us_tariff_affected.en").value == "yes"
    assert all(e.label.endswith("Running") for e in at.expander if "·" in e.label)
