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
    at.selectbox(key="w.equipment.lighting[0].type").set_value("T8")
    at.number_input(key="w.equipment.lighting[0].count").set_value(200)
    at.number_input(key="w.equipment.lighting[0].watts").set_value(36)
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


THREE_COMPRESSORS = {
    **OLD_COMPRESSOR_FACTORY,
    "equipment": {"air_compressors": [
        {"kw": 37, "count": 1, "age_years": 15, "pressure_bar": 7, "hours_per_year": 4000, "vfd": False},
        {"kw": 22, "count": 2, "age_years": 6, "hours_per_year": 3000},
        {"kw": 55, "count": 1, "vfd": True},
    ]},
}


def test_resuming_a_checkup_with_three_compressors_keeps_all_three(tmp_path, monkeypatch):
    """Open the measures page with one compressor, resume a saved checkup with three, come back: three rows."""
    import copy

    from apptest_helpers import SAVE, start

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")
    saver = start(SAVE, session={"checkup": copy.deepcopy(THREE_COMPRESSORS)})
    saver.button(key="save_button").click().run()
    code = saver.session_state["resume_code"]

    at = start("pages/advice/measures.py", session={"checkup": copy.deepcopy(OLD_COMPRESSOR_FACTORY)})
    assert len(at.session_state["checkup"]["equipment"]["air_compressors"]) == 1
    at.switch_page(SAVE).run()
    at.text_input(key="w._resume_code").input(code).run()
    at.button(key="resume_button").click().run()
    assert len(at.session_state["checkup"]["equipment"]["air_compressors"]) == 3
    at.switch_page("pages/advice/measures.py").run()
    assert not at.exception
    kept = at.session_state["checkup"]["equipment"]["air_compressors"]
    assert [c["kw"] for c in kept] == [37, 22, 55]
    assert kept[1]["count"] == 2 and kept[2]["vfd"] is True
    assert at.number_input(key="w.equipment.air_compressors[2].kw").value == 55


def test_adding_and_removing_rows_goes_through_the_checkup():
    import copy

    at = _page(copy.deepcopy(OLD_COMPRESSOR_FACTORY))
    at.button(key="mq_add_air_compressors").click().run()
    assert at.number_input(key="w.equipment.air_compressors[1].kw").value is None  # a blank row, not yet a machine
    assert len(at.session_state["checkup"]["equipment"]["air_compressors"]) == 1
    at.number_input(key="w.equipment.air_compressors[1].kw").set_value(15).run()
    assert [c["kw"] for c in at.session_state["checkup"]["equipment"]["air_compressors"]] == [37, 15]
    at.button(key="mq_del_air_compressors").click().run()
    assert [c["kw"] for c in at.session_state["checkup"]["equipment"]["air_compressors"]] == [37]
    at.button(key="mq_del_air_compressors").click().run()
    assert not at.exception
    assert "air_compressors" not in at.session_state["checkup"].get("equipment", {})
    assert t("measures.name.compressor_vfd", "zh-TW") not in _text(at)


def test_a_system_counts_only_when_the_owner_says_it_is_there():
    """Electricity only: no chiller or compressor measure until the owner ticks "we have this"; then an estimate."""
    import copy

    data = copy.deepcopy(OLD_COMPRESSOR_FACTORY)
    data["company"] = {"industry": "2611"}  # electronics: the profile gives chillers 30 % of the site
    data["equipment"] = {}
    at = _page(data)
    assert not at.exception
    text = _text(at)
    assert t("measures.name.chilled_water_temperature", "zh-TW") not in text
    assert t("measures.name.compressed_air_leaks", "zh-TW") not in text
    # presence is asked only where an estimate needs it (compressors, chillers, boilers)
    assert {c.key for c in at.checkbox} == {"mq_has_air_compressors", "mq_has_chillers", "mq_has_boilers"}
    at.checkbox(key="mq_has_chillers").check().run()
    assert not at.exception
    assert at.session_state["checkup"]["equipment"]["has"] == ["chillers"]
    text = _text(at)
    assert t("measures.name.chilled_water_temperature", "zh-TW") in text
    assert t("measures.basis.industry_breakdown", "zh-TW") in text
    at.checkbox(key="mq_has_chillers").uncheck().run()
    assert "has" not in at.session_state["checkup"].get("equipment", {})  # no answers left: no empty group
    assert t("measures.name.chilled_water_temperature", "zh-TW") not in _text(at)


def test_a_heat_treatment_furnace_on_the_page_and_a_payback_that_outlasts_the_measure():
    import copy

    data = copy.deepcopy(OLD_COMPRESSOR_FACTORY)
    data["fuels"] = [{"fuel": "natural_gas", "amount": 30000, "unit": "m3"}]
    data["equipment"]["furnaces"] = [{"kind": "heat_treatment", "fuel": "natural_gas", "temperature_c": 650}]
    at = _page(data)
    assert not at.exception
    text = _text(at)
    for mid in ("furnace_burner_tuning", "furnace_insulation", "furnace_heat_recovery"):
        assert t(f"measures.name.{mid}", "zh-TW") in text, mid
    assert t("measures.name.boiler_tuning", "zh-TW") not in text
    assert at.selectbox(key="w.equipment.furnaces[0].kind").value == "heat_treatment"
    assert "爐溫（°C）" in [n.label for n in at.number_input]
    # leak repair: 1.25 years to pay back a 1-year measure, said in words
    assert t("measures.note.payback_no", "zh-TW") in text
    assert "–—" not in text and "- —" not in text
