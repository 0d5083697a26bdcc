"""AppTest: numbers read the way the owner meant them, on the inventory pages.

Hand-worked: 4,000 L of LPG × 0.546 kg/L = 2,184 kg (about 2,180); contract 150 kW × 8,760 h = 1,314,000 kWh.
"""

from __future__ import annotations

import pytest

from apptest_helpers import INVENTORY, start, typed

import core


@pytest.fixture(autouse=True)
def _db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_bottled_gas_starts_in_kg_and_litres_get_a_gentle_question():
    at = start(INVENTORY, session={"step": 2, "checkup": {"format": "checkup/1", "year": 2024, "company": {}}})
    [b for b in at.button if b.label == core.t("checkup.fuels.add")][0].click().run()
    at.selectbox(key="w.fuels[0].fuel").select("lpg").run()
    assert at.session_state["checkup"]["fuels"][0]["unit"] == "kg"
    assert at.selectbox(key="w.fuels[0].unit").value == "kg"
    typed(at, "fuels[0].amount", "4,000")
    assert not [w for w in warnings(at) if "請確認單位" in w]  # 4,000 kg of bottled gas: nothing to ask
    at.selectbox(key="w.fuels[0].unit").select("L").run()
    assert "4,000 公升的液化石油氣約等於 2,180 公斤，請確認單位：液化石油氣通常以公斤計價。" in warnings(at)
    assert at.session_state["checkup"]["fuels"][0] == {"fuel": "lpg", "unit": "L", "amount": 4000}  # kept as typed


def test_a_thousand_times_the_electricity_asks_at_the_field_and_with_the_results():
    data = {"format": "checkup/1", "year": 2024, "company": {"employees": 12, "contract_kw": 150}}
    at = start(INVENTORY, session={"step": 1, "checkup": data})
    typed(at, "electricity.kwh", "1.5億")  # 150,000,000: three zeros too many
    assert at.session_state["checkup"]["electricity"]["kwh"] == 150_000_000
    assert any("是不是多打了三個 0？" in w and "1,314,000" in w for w in warnings(at))
    at.segmented_control(key="_step_widget").set_value(5).run()
    assert any("是不是多打了三個 0？" in w for w in warnings(at))
    assert at.metric  # the results are there: a question never blocks
    at.segmented_control(key="_step_widget").set_value(1).run()
    typed(at, "electricity.kwh", "15萬")
    assert at.session_state["checkup"]["electricity"]["kwh"] == 150_000
    assert not [w for w in warnings(at) if "三個 0" in w]


def test_the_questions_read_in_english_too():
    data = {"format": "checkup/1", "year": 2024, "company": {"contract_kw": 150}, "electricity": {"kwh": 150_000_000}}
    at = start(INVENTORY, lang="en", session={"step": 1, "checkup": data})
    assert any("Three zeros too many?" in w for w in warnings(at))


def test_the_company_step_asks_about_eu_goods_with_the_cn_code_and_production():
    at = start(INVENTORY, session={"step": 0, "checkup": {"format": "checkup/1", "year": 2024, "company": {"employees": 12}}})
    at.toggle(key="w._eu_on").set_value(True).run()
    box = at.multiselect(key="w._eu_goods")
    assert box.options[0] == "螺絲螺帽（螺絲、螺栓、螺帽、墊圈、鉚釘）（CN 7318）"  # the owner's words, the CN code shown
    box.select("fasteners").run()
    assert at.session_state["checkup"]["goods"] == [{"good": "fasteners", "cn_code": "7318"}]
    assert any("還沒填年產量" in w for w in warnings(at))  # a question, the results still come
    at.radio(key="w._good_mode[0]").set_value("pieces").run()
    typed(at, "goods[0].pieces", "1,500萬")
    typed(at, "goods[0].piece_g", "3")
    assert at.session_state["checkup"]["goods"][0] == {"good": "fasteners", "cn_code": "7318", "pieces": 15_000_000, "piece_g": 3}
    assert not any("還沒填年產量" in w for w in warnings(at))
    # switched off and on again, the answers come back
    at.toggle(key="w._eu_on").set_value(False).run()
    assert "goods" not in at.session_state["checkup"]
    at.toggle(key="w._eu_on").set_value(True).run()
    assert at.session_state["checkup"]["goods"][0]["pieces"] == 15_000_000
