"""AppTest: results page, save with a resume code, resume by code and by link, upload and download,
the change against the firm's earlier year. Numbers worked by hand from the official factors:

examples/screws.yaml, 2024 (AR5, 環境部 2024 附表一; electricity 0.474 kgCO2e/kWh, 經濟部能源署 113年度):
  Scope 2: 150,000 kWh × 0.474 ÷ 1000 = 71.1 t
  Scope 1: diesel 5.372 + gasoline (vehicle) 0.214 + natural gas 57.180 + R-410A 0.866 + R-134a 2 kg × 1,300 = 2.6
           + septic 0.857 = 67.09 t
  Total 138.19 t; per employee 138.19 / 8 = 17.27 t; per NT$ million 138.19 / 60 = 2.303 t; per 公噸 138.19 / 500 = 0.276 t
"""

from pathlib import Path

import pytest

import core
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, RESULTS, SAVE, errors, metrics, start

ROOT = Path(__file__).resolve().parent.parent
SCREWS = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))


@pytest.fixture(autouse=True)
def _db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")


def test_results_page_shows_totals_intensities_flags_and_workings():
    at = start(RESULTS, session={"checkup": SCREWS})
    m = metrics(at)
    assert m["2024 年總排放量"] == "138.2 公噸 CO₂e"
    assert m["範疇一（直接排放）"] == "67.1 公噸 CO₂e"
    assert m["範疇二（外購電力）"] == "71.1 公噸 CO₂e"
    assert m["每位員工"] == "17.27 公噸／人"
    assert m["每百萬元營收"] == "2.303 公噸／百萬元"
    assert m["每單位產品"] == "0.276 公噸／公噸"
    infos = [i.value for i in at.info]
    assert any("預設逸散率 3.0%（設備：冷氣機" in i for i in infos)  # flags.default_leak_rate in plain words
    table = at.dataframe[0].value
    assert len(table) == len(core.compute(core.parse_checkup(SCREWS)).lines)
    elec = table[table["排放源"] == "外購電力"].iloc[0]
    assert elec["算式"] == "150,000.0 kWh × 0.474 kgCO2e/kWh ÷ 1000"
    assert "能源署" in elec["係數來源（年度）"] and "2024" in elec["係數來源（年度）"]
    lines = "\n".join(m.value for m in at.markdown)
    assert "**外購電力**（CO2e）：150,000.0 kWh × 0.474 kgCO2e/kWh ÷ 1000 = 71.100 公噸 CO₂e" in lines
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads == ["下載 PDF 報告", "下載盤查工作表（Excel）",
                         "CBAM 供應商資料（Excel）", "環境部盤查清冊表格（Excel）", "VSME B3（Excel）"]


def test_without_cbam_goods_the_results_page_says_what_cbam_data_needs():
    data = {k: v for k, v in SCREWS.items() if k not in ("goods", "precursors")}
    at = start(RESULTS, session={"checkup": data})
    downloads = [b.proto.label for b in at.get("download_button")]
    assert "CBAM 供應商資料（Excel）" not in downloads and "VSME B3（Excel）" in downloads
    assert any("請先填寫工廠生產的 CBAM 產品" in c.value for c in at.caption)


def test_results_in_english():
    at = start(RESULTS, lang="en", session={"checkup": SCREWS})
    m = metrics(at)
    assert m["Total emissions 2024"] == "138.2 tCO₂e"
    assert m["Per employee"] == "17.27 t per person"


def test_save_gives_a_code_that_restores_every_answer_in_a_new_session():
    at = start(SAVE, session={"checkup": SCREWS})
    at.button(key="save_button").click().run()
    code = at.session_state["resume_code"]
    assert len(code) == 23
    assert any(code in c.value for c in at.code)
    assert any("/save?resume=" + code in c.value for c in at.code)
    # a fresh session: type the code
    fresh = start(SAVE)
    fresh.text_input(key="w._resume_code").input(code.lower())
    fresh.button(key="resume_button").click().run()
    assert fresh.session_state["checkup"] == SCREWS
    fresh.switch_page(RESULTS).run()
    assert metrics(fresh)["2024 年總排放量"] == "138.2 公噸 CO₂e"
    # and by the link
    linked = AppTest.from_file(APP, default_timeout=30)
    linked.query_params["resume"] = code
    linked.run()
    assert not linked.exception
    assert linked.session_state["checkup"] == SCREWS
    assert linked.session_state["_saved"]["factors"]["rows"]["electricity"]["value"] == 0.474
    assert any("已打開 2024 年" in s.value for s in linked.success)


def test_unknown_code_says_so_and_keeps_the_answers():
    at = start(SAVE, session={"checkup": SCREWS})
    at.text_input(key="w._resume_code").input("AAAAA-BBBBB-CCCCC-DDDDD")
    at.button(key="resume_button").click().run()
    assert any("找不到這個續填碼" in e for e in errors(at))
    assert at.session_state["checkup"] == SCREWS


def test_the_change_against_the_firms_earlier_year():
    earlier = {**SCREWS, "year": 2023, "electricity": {"kwh": 200000}}
    at = start(SAVE, session={"checkup": earlier})
    at.button(key="save_button").click().run()
    code = at.session_state["resume_code"]
    # next year from the same code: 2024 with 150,000 kWh
    at2 = start(SAVE, session={"checkup": SCREWS, "resume_code": code})
    at2.button(key="save_button").click().run()
    assert at2.session_state["resume_code"] == code
    at2.switch_page(RESULTS).run()
    total = [m for m in at2.metric if m.label == "2024 年總排放量"][0]
    # 2023: 200,000 kWh × 0.494 = 98.8 t (Scope 2) + the same Scope 1 (2023 factors: set 6.0.4)
    r23 = core.compute(core.parse_checkup(earlier)).total_tco2e
    change = 138.1889737703394 - r23
    assert change < 0
    # the signed number first, so Streamlit draws the decrease green and down in Chinese too
    assert total.delta == f"{change:,.1f} 公噸（與 2023 年比）"
    # side by side, per scope and per source, with the electricity change explained
    frames = [df.value for df in at2.dataframe]
    scopes = next(f for f in frames if "2023" in f.columns and core.t("sources.scope.2") in list(f.iloc[:, 0]))
    assert list(scopes.columns) == ["項目", "2023", "2024", "變化（公噸 CO₂e）"]
    assert scopes.iloc[1].tolist()[1:] == ["98.8", "71.1", "-27.7"]
    text = " ".join(m.value for m in at2.markdown)
    # use: (150,000 − 200,000) × 0.494 = −24.7 t; factor: 150,000 × (0.474 − 0.494) = −3.0 t
    assert "以 2023 年的係數計是 -24.7 公噸" in text and "是 -3.0 公噸（電網的變化" in text
    at2.switch_page(SAVE).run()
    assert [b.key for b in at2.button if b.key and b.key.startswith("open_")] == ["open_2024", "open_2023"]


def test_upload_reads_a_checkup_file_and_rejects_others():
    at = start(SAVE)
    yaml_bytes = core.dumps(core.parse_checkup(SCREWS), "yaml").encode()
    at.file_uploader(key="w._upload").set_value(("screws.yaml", yaml_bytes, "application/yaml")).run()
    assert not at.exception
    assert at.session_state["checkup"] == SCREWS
    at.file_uploader(key="w._upload").set_value(("bad.yaml", b"format: checkup/9\nyear: 2024\n", "application/yaml")).run()
    assert any("checkup/1" in e for e in errors(at))
    assert at.session_state["checkup"] == SCREWS  # nothing lost
    at.file_uploader(key="w._upload").set_value(("big.yaml", b"#" * 300_000, "application/yaml")).run()
    assert any("檔案太大" in e for e in errors(at))


def test_download_offers_the_file_in_both_formats():
    at = start(SAVE, session={"checkup": SCREWS})
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下載 YAML 檔", "下載 JSON 檔", "下載離線 Excel 範本"]


def test_delete_my_data_needs_the_tick_then_the_code_opens_nothing():
    at = start(SAVE, session={"checkup": SCREWS})
    at.button(key="save_button").click().run()
    code = at.session_state["resume_code"]
    at.button(key="delete_saved").click().run()  # no tick: nothing deleted
    assert any("請先勾選" in w.value for w in at.warning)
    assert at.session_state["resume_code"] == code
    at.checkbox(key="w._delete_confirm").check().run()
    at.button(key="delete_saved").click().run()
    assert any("已刪除" in s.value for s in at.success)
    assert "resume_code" not in at.session_state
    assert at.session_state["checkup"] == SCREWS  # what is on screen stays
    assert not [b for b in at.button if b.key == "delete_saved"]
    fresh = start(SAVE)
    fresh.text_input(key="w._resume_code").input(code)
    fresh.button(key="resume_button").click().run()
    assert any("找不到這個續填碼" in e for e in errors(fresh))


def test_upload_takes_the_offline_template_and_names_every_bad_cell_keeping_the_answers():
    import io

    import openpyxl

    from core.reports.template import FIRST_ROW, build_template

    at = start(SAVE)
    wb = openpyxl.load_workbook(io.BytesIO(build_template("zh-TW")))
    company, elec, fuels = (wb[n] for n in wb.sheetnames[1:4])
    company["B4"], elec["B5"] = 2024, 180000
    fuels[f"A{FIRST_ROW}"], fuels[f"B{FIRST_ROW}"], fuels[f"C{FIRST_ROW}"] = "柴油", 2000, "公升"
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="w._upload").set_value(("範本.xlsx", buf.getvalue(), xlsx)).run()
    assert not at.exception
    assert at.session_state["checkup"]["electricity"] == {"kwh": 180000}
    assert at.session_state["checkup"]["fuels"] == [{"fuel": "diesel", "amount": 2000, "unit": "L"}]
    kept = dict(at.session_state["checkup"])
    fuels[f"B{FIRST_ROW}"] = "很多"
    company["B4"] = None
    buf = io.BytesIO()
    wb.save(buf)
    at.file_uploader(key="w._upload").set_value(("壞範本.xlsx", buf.getvalue(), xlsx)).run()
    assert not at.exception
    [shown] = errors(at)
    assert "壞範本\\.xlsx" in shown and "2 個地方" in shown  # the name shown literally (markdown escaped)
    assert "工作表「基本資料」儲存格 B4" in shown and f"工作表「燃料」儲存格 B{FIRST_ROW}" in shown
    assert at.session_state["checkup"] == kept  # a refused upload replaces nothing
