"""One advice builder: the CLI (`advise`, `plan`), the PDF, the batch reports and the pages all carry the same
plan, built by core.advice.plan in the requested language (English batch reports printed Chinese measure names)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

import core
from core.advice import plan
from core.cli import main
from core.reports.batch import batch
from test_report_pdf import text_of

ROOT = Path(__file__).resolve().parent.parent
SCREWS = ROOT / "examples" / "screws.yaml"
TODAY = dt.date(2026, 12, 4)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def english_batch(tmp_path_factory):
    src, out = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("out")
    shutil.copy(SCREWS, src / "screws.yaml")
    result = batch(src, out, "en", today=TODAY)
    assert result.ok == 1
    return text_of((out / result.items[0].pdf).read_bytes())


def test_english_batch_report_names_the_measures_in_english(english_batch):
    text = " ".join(english_batch.split())
    assert "compressor pressure set-point" in text or "compressor's outlet pressure" in text
    for zh in ("降低空壓機出口壓力設定", "壓縮空氣洩漏檢測與修補", "導入能源管理系統"):
        assert zh not in text


def test_the_batch_report_carries_the_plan(english_batch):
    text = " ".join(english_batch.split())
    assert "Action plan" in text
    assert "How the plan is ranked" in text


# --------------------------------------------------------------------------- the command line


def test_plan_command_prints_the_same_plan_as_json_and_as_a_table(capsys):
    assert main(["plan", str(SCREWS), "--format", "json", "--date", "2026-12-04"]) == 0
    data = json.loads(capsys.readouterr().out)
    money = data.pop("money")
    same = plan.build(core.load(SCREWS), on=TODAY).to_dict("zh-TW")
    assert data == json.loads(json.dumps(same, ensure_ascii=False, default=str))
    assert money["carbon_fee"]["applies"] is False and money["carbon_fee"]["threshold_tco2e"] == 25_000
    assert money["cbam"]["totals"][0]["year"] == 2026
    assert round(money["cbam"]["totals"][0]["cost_actual_ntd"]) == 20_753  # as worked by hand in test_cbam_cost
    assert main(["plan", str(SCREWS), "--date", "2026-12-04"]) == 0
    table = capsys.readouterr().out
    for a in data["actions"]:
        assert f"{a['rank']}. {a['action']}" in table
        assert a["call_text"] in table
    assert data["rule"] in table
    assert "碳費門檻 25,000 公噸" in table and "20,753" in table  # the money the firm faces, after the plan


def test_plan_command_takes_answers_and_english(capsys):
    assert main(["plan", str(SCREWS), "--format", "json", "--date", "2026-12-04", "--lang", "en",
                 "--yes", "us_tariff_affected"]) == 0
    data = json.loads(capsys.readouterr().out)
    ems = next(a for a in data["actions"] if a["id"] == "energy_management_system")
    assert ems["subsidy"]["conditional"] is False and ems["payback_after"]["central"] == pytest.approx(1.0)
    assert not HAN.search(ems["action"] + ems["payback_text"] + ems["subsidy"]["text"])


def test_advise_carries_the_plan(capsys):
    assert main(["advise", str(SCREWS), "--date", "2026-12-04", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in data["plan"]["actions"]][0] == "compressor_pressure_setpoint"
    assert data["plan"]["actions"][0]["name"] == "Lower the compressor pressure set-point"


# --------------------------------------------------------------------------- the PDF and the workbook


@pytest.fixture(scope="module", params=["zh-TW", "en"])
def report(request, tmp_path_factory):
    lang = request.param
    out = tmp_path_factory.mktemp("r") / "r.pdf"
    assert main(["report", str(SCREWS), "--pdf", str(out), "--lang", lang]) == 0
    return lang, out.read_bytes()


def test_the_example_firms_report_is_at_most_eight_pages_with_the_plan_before_the_detail(report):
    lang, pdf = report
    from pypdf import PdfReader

    import io

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= 8
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    keys = ("sec.summary", "sec.sources", "sec.plan", "sec.measures", "sec.programmes", "sec.method")
    assert titles == [core.t(f"report.{k}", lang) for k in keys]


def test_no_latin_word_is_broken_across_lines_in_the_chinese_report():
    from core.reports.pdf import _Report

    pdf = _Report("zh-TW", "x")
    pdf.add_page()
    text = ("估算依據：Carbon Checkup product assumption (no published figure found)；113 年度電力排碳係數"
            "（經濟部能源署公告；見台灣電力公司「台電系統發購電量及電力排碳係數(105-113)」開放資料），4.29 NT$/kWh")
    for width in (60, 90, 120, 180):
        lines = pdf.lines_of(text, width).split("\n")
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for a, b in zip(lines, lines[1:]):
            # a break between two Latin letters or digits is only allowed where the text had a space
            if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum():
                assert f"{a.split()[-1]} {b.split()[0]}" in text, (a, b)
            assert pdf.get_string_width(a) <= width


def test_the_workbook_keeps_the_values_of_its_formulas(tmp_path):
    import openpyxl

    out = tmp_path / "w.xlsx"
    assert main(["report", str(SCREWS), "--xlsx", str(out)]) == 0
    wb = openpyxl.load_workbook(out, data_only=True)  # what a previewer that does not calculate shows
    basic = wb.worksheets[0]
    values = [c.value for row in basic.iter_rows() for c in row if isinstance(c.value, float)]
    assert any(round(v, 2) == 138.19 for v in values)  # the hand-worked total of examples/screws.yaml
    formulas = openpyxl.load_workbook(out)
    for ws_f, ws_v in zip(formulas.worksheets, wb.worksheets):
        for row in ws_f.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert ws_v[c.coordinate].value is not None, (ws_f.title, c.coordinate, c.value)


def test_the_batch_summary_names_each_firms_first_action_and_what_the_plan_saves(tmp_path):
    import openpyxl

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SCREWS, src / "screws.yaml")
    batch(src, tmp_path / "out", "en", today=TODAY)
    ws = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx", data_only=True).active
    head = [c.value for c in ws[4]]
    row = [c.value for c in ws[5]]
    p = plan.build(core.load(SCREWS), on=TODAY).to_dict("en")
    assert row[head.index("First action of the plan")] == p["actions"][0]["action"]
    assert row[head.index("Plan saves (NT$ a year)")] == p["together"]["saving_ntd_per_year"]
