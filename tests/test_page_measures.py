"""The measures page, driven with Streamlit's AppTest."""

from __future__ import annotations


from streamlit.testing.v1 import AppTest

from apptest_helpers import page_alone

from core.i18n import t


OLD_COMPRESSOR_FACTORY = {
    "format": "checkup/1",
    "year": 2024,
    "company": {"industry": "25"},
    "electricity": {"kwh": 300000},
    "equipment": {"air_compressors": [{"kw": 37, "count": 1, "age_years": 15, "pressure_bar": 7,
                                       "hours_per_year": 4000, "vfd": False}]},
}
COMPRESSOR_MEASURES = ("compressed_air_leaks", "compressor_pressure_setpoint", "compressor_vfd")


def _page(checkup=None, lang=None) -> AppTest:
    return page_alone("pages/advice/measures.py", checkup=checkup, lang=lang)


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    return "\n".join(parts)


def test_no_checkup_points_to_the_checkup_pages():
    at = _page()
    assert at.info[0].value == t("measures.page.no_checkup", "zh-TW")


def test_old_compressor_leads_to_the_compressor_measures():
    import copy

    at = _page(copy.deepcopy(OLD_COMPRESSOR_FACTORY))
    text = _text(at)
    for mid in COMPRESSOR_MEASURES:
        assert t(f"measures.name.{mid}", "zh-TW") in text, mid
    # the answers stay in the checkup, in the checkup-file shape
    comp = at.session_state["checkup"]["equipment"]["air_compressors"][0]
    assert comp["kw"] == 37 and comp["vfd"] is False and comp["pressure_bar"] == 7
    # the working is there on demand, with the hand-checkable arithmetic
    assert "37 kW × 1 × 4,000 h × 0.75" in text
    assert at.session_state["measure_ids"][:1] and set(COMPRESSOR_MEASURES) <= set(at.session_state["measure_ids"])


def test_english_page():
    import copy

    at = _page(copy.deepcopy(OLD_COMPRESSOR_FACTORY), lang="en")
    text = _text(at)
    assert at.title[0].value == t("measures.page.title", "en")
    assert t("measures.name.compressor_vfd", "en") in text


def test_answering_a_question_brings_its_measure():
    import copy

    at = _page(copy.deepcopy(OLD_COMPRESSOR_FACTORY))
    assert t("measures.name.led_lighting", "zh-TW") not in _text(at)
    at.selectbox(key="mq_lighting_0_type").set_value("T8")
    at.number_input(key="mq_lighting_0_count").set_value(200)
    at.number_input(key="mq_lighting_0_watts").set_value(36)
    at.run()
    assert not at.exception
    assert at.session_state["checkup"]["equipment"]["lighting"][0]["type"] == "T8"
    assert t("measures.name.led_lighting", "zh-TW") in _text(at)


def test_contract_money_only_says_no_carbon():
    import copy

    data = copy.deepcopy(OLD_COMPRESSOR_FACTORY)
    data["contract"] = {"contract_kw": 300, "peak_kw": 200, "power_factor": 0.85}
    at = _page(data)
    warnings = [w.value for w in at.warning]
    assert t("measures.note.no_carbon", "zh-TW") in warnings


def test_broken_checkup_shows_an_error_not_a_crash():
    at = _page({"format": "checkup/1", "year": 1990})
    assert at.error
