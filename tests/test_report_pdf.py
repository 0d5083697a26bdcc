"""The PDF report: text is real and searchable, totals and Chinese section titles are in it,
any firm name renders, measures and programmes appear when given, pages render."""

import datetime as dt
import io
import shutil
import subprocess

import pytest

import core
from core.reports import charts
from core.reports.pdf import build_pdf, fmt_sig, rank_measures

ROOT_EXAMPLE = "examples/screws.yaml"
FIRM = "範例螺絲＆Co.㈱ 精密工業 (Changhua) =SUM(1)"
TODAY = dt.date(2026, 11, 1)

MEASURES = [
    {"id": "led", "name": "T8 燈管換 LED", "system": "lighting", "saving_kwh": 8000, "saving_tco2e": 3.79,
     "saving_ntd_per_year": 30000, "cost_ntd_low": 60000, "cost_ntd_high": 60000, "payback_years": 2.0, "sources": []},
    {"id": "air_leaks", "name": "空壓管路洩漏改善", "system": "compressed_air", "saving_kwh": 12000, "saving_tco2e": 5.69,
     "saving_ntd_per_year": 45000, "cost_ntd_low": 15000, "cost_ntd_high": 40000, "payback_years": 0.6,
     "sources": ["經濟部能源署 空壓系統節能技術手冊"]},
]
PROGRAMMES = [
    {"id": "sme_saving", "name": "中小企業節能減碳輔導", "agency": "經濟部中小及新創企業署", "status": "running", "match": "yes",
     "reasons": [{"code": "sme", "text": "符合中小企業認定。"}], "next_step": "打免付費電話詢問到廠診斷報名方式。",
     "contact": {"hotline": "0800-056-476", "website": "https://www.sme.gov.tw"}, "source": [{"title": "113年製造部門行動方案"}]},
    {"id": "green_loan", "name": "綠色融資專案", "agency": "金融監督管理委員會", "status": "recurring", "match": "maybe",
     "reasons": ["需確認貸款用途"], "next_step": "洽詢往來銀行。", "contact": None, "source": None},
    {"id": "closed_one", "name": "已截止的補助", "agency": "某機關", "status": "closed", "match": "no", "reasons": [],
     "next_step": "", "contact": None, "source": None},
]


@pytest.fixture(scope="module")
def screws():
    checkup = core.load(ROOT_EXAMPLE)
    checkup.company.name = FIRM
    return checkup, core.compute(checkup)


@pytest.fixture(scope="module")
def pngs(screws):
    return charts.report_charts(screws[1], "zh-TW")


def text_of(pdf: bytes) -> str:
    """pdftotext when installed (as the notes recommend), else pypdf (which pads CJK with NULs)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
        return out.stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\x00", "")


@pytest.fixture(scope="module")
def full_pdf(screws, pngs):
    checkup, result = screws
    return build_pdf(checkup, result, MEASURES, PROGRAMMES, lang="zh-TW", today=TODAY, charts=pngs)


def test_text_holds_the_firm_totals_and_chinese_section_titles(screws, full_pdf):
    _, result = screws
    assert full_pdf.startswith(b"%PDF")
    text = text_of(full_pdf)
    assert FIRM in text
    for value in (result.total_tco2e, result.scope1_tco2e, result.scope2_tco2e):
        assert f"{value:,.2f}" in text
    assert "138.19" in text  # the worked example, by hand: 67.09 + 71.10
    for title in ("一、排放摘要", "二、各排放源排放量與係數來源", "三、節能減碳建議", "四、可申請的政府資源",
                  "五、計算方法、資料品質與聲明", "目錄", "資料品質提醒", "聲明"):
        assert title in text, title
    assert "2024 年" in text
    assert "第 2 頁，共" in text


def test_every_line_shows_its_factor_and_the_factor_source(screws, full_pdf):
    _, result = screws
    text = text_of(full_pdf)
    assert "0.474 kgCO2e/kWh" in text
    assert "113年度電力排碳係數" in text
    assert "環部授氣字第1139101231號" in text
    assert "係數出處" in text
    assert "[5]" in text
    assert text.count("範疇一") >= sum(1 for ln in result.lines if ln.scope == 1)


def test_disclaimer_says_plainly_it_is_a_screening(full_pdf):
    text = text_of(full_pdf).replace("\n", "")
    assert "不是經第三方查驗的溫室氣體盤查報告書" in text
    assert "初步碳健診（篩檢）" in text


def test_measures_ranked_with_savings_and_payback(full_pdf):
    text = text_of(full_pdf)
    leaks, led = text.index("空壓管路洩漏改善"), text.index("T8 燈管換 LED")
    assert leaks < led  # 5.69 t before 3.79 t
    assert "12,000" in text and "45,000" in text and "15,000–40,000" in text and "0.6" in text
    assert [m["id"] for m in rank_measures(MEASURES)] == ["air_leaks", "led"]


def test_programmes_with_next_steps_and_contacts(full_pdf):
    text = text_of(full_pdf)
    assert "中小企業節能減碳輔導" in text and "符合" in text
    assert "0800-056-476" in text and "https://www.sme.gov.tw" in text
    assert "打免付費電話詢問到廠診斷報名方式。" in text
    assert "可能符合" in text and "洽詢往來銀行。" in text
    # those that may fit: one table, what to check first (the reasons when there are no questions)
    assert "要先確認" in text and "需確認貸款用途" in text
    assert "1 項政府補助、輔導或貸款符合，1 項可能符合" in text
    assert "已截止的補助" in text  # listed among those that do not match


def test_sections_left_out_when_not_given_and_short_report_has_no_contents(screws, pngs):
    checkup, result = screws
    text = text_of(build_pdf(checkup, result, lang="zh-TW", today=TODAY, charts=pngs))
    assert "節能減碳建議" not in text and "可申請的政府資源" not in text
    assert "目錄" not in text
    # sections are numbered in the order the report has them, without gaps
    assert "一、排放摘要" in text and "三、計算方法、資料品質與聲明" in text


def test_empty_lists_say_none_found(screws, pngs):
    checkup, result = screws
    text = text_of(build_pdf(checkup, result, [], [], lang="zh-TW", today=TODAY, charts=pngs))
    assert "沒有找到適合的建議措施" in text
    assert "沒有找到明確符合的政府資源" in text


def test_english_report(screws):
    checkup, result = screws
    pdf = build_pdf(checkup, result, MEASURES, PROGRAMMES, lang="en", today=TODAY)
    text = text_of(pdf)
    for title in ("1. Summary", "2. Emissions by source", "3. Energy-saving measures", "Contents", "Disclaimer"):
        assert title in text
    assert "not a greenhouse gas inventory verified by a third party" in " ".join(text.split())
    assert FIRM in text
    assert "Page 2 of" in text


def test_any_unicode_name_renders_without_error(screws, pngs):
    checkup, result = screws
    odd = checkup.model_copy(deep=True)
    odd.company.name = "株式会社 対馬 Ωmega ＆ 㐀𠀀 Ünïcödé ₂ ☃ עברית"
    pdf = build_pdf(odd, result, lang="zh-TW", today=TODAY, charts=pngs)
    text = text_of(pdf)
    assert "Ωmega ＆" in text and "Ünïcödé" in text
    from core.reports.fonts import _fallback_cmaps

    if any(ord("対") in cmap for *_, cmap in _fallback_cmaps()):  # the system CJK font is there (Debian fonts-noto-cjk)
        assert "対馬" in text
    else:  # pip-installed font only: drawn as ?, never a crash or an empty box
        assert "?馬" in text
    nameless = checkup.model_copy(deep=True)
    nameless.company.name = None
    assert "（未填公司名稱）" in text_of(build_pdf(nameless, result, today=TODAY, charts=pngs))


def test_pypdf_also_finds_the_text(full_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(full_pdf))
    text = "".join(p.extract_text() for p in reader.pages).replace("\x00", "")
    assert "範例螺絲" in text and "排放摘要" in text
    assert len(reader.outline) >= 5  # bookmarks for the sections


def test_monthly_electricity_gets_a_chart():
    checkup = core.parse_checkup({"year": 2024, "electricity": {"monthly_kwh": [1000 + 100 * i for i in range(12)]}})
    result = core.compute(checkup)
    pngs = charts.report_charts(result, "zh-TW")
    assert set(pngs) == {"by_source", "monthly"}  # one scope only: no scope split to show
    assert all(p.startswith(b"\x89PNG") for p in pngs.values())
    assert b"%PDF" in build_pdf(checkup, result, today=TODAY, charts=pngs)[:10]


def test_a_checkup_without_emissions_still_gives_a_report():
    checkup = core.parse_checkup({"year": 2024, "company": {"name": "空白工廠"}})
    result = core.compute(checkup)
    assert charts.report_charts(result, "zh-TW") == {}
    text = text_of(build_pdf(checkup, result, today=TODAY))
    assert "空白工廠" in text and "0.00" in text


def test_a_very_long_name_fits(screws, pngs):
    checkup, result = screws
    long = checkup.model_copy(deep=True)
    long.company.name = "很長的公司名稱" * 28
    text = text_of(build_pdf(long, result, today=TODAY, charts=pngs))
    assert "很長的公司名稱很長的公司名稱" in text


def test_chart_data_match_the_result(screws):
    _, result = screws
    rows = charts.by_source_rows(result, "zh-TW")
    assert sum(r["tco2e"] for r in rows) == pytest.approx(result.total_tco2e, abs=0.01)
    assert rows[0]["source"] == "外購電力"
    spec = charts.by_source(result, "zh-TW").to_dict()
    assert spec["config"]["font"] == "Noto Sans TC"
    assert charts.monthly(result, "zh-TW") is None


def test_factor_formatting():
    assert fmt_sig(0.474) == "0.474"
    assert fmt_sig(2.6770771825) == "2.677"
    assert fmt_sig(0.00010838) == "0.000108"
    assert fmt_sig(1923.5) == "1,923.5"
    assert "e" not in fmt_sig(3.39e-06)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_pages_render_to_png(full_pdf, tmp_path):
    src = tmp_path / "report.pdf"
    src.write_bytes(full_pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(src), str(tmp_path / "page")], check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 6
    assert all(p.stat().st_size > 1000 for p in pages)


def test_facts_about_the_firm_are_said_once_above_the_programme_cards(screws):
    checkup, result = screws
    sme = {"code": "is_sme", "text": "符合中小企業認定。"}
    fits = [
        {"id": f"p{i}", "name": f"方案{i}", "agency": "經濟部", "status": "running", "match": "yes",
         "reasons": [sme, {"code": "fits_measures", "text": f"對應措施{i}。"}], "next_step": "洽詢。"}
        for i in (1, 2)
    ]
    text = text_of(build_pdf(checkup, result, [], fits, charts={}))
    assert text.count("符合中小企業認定") == 1  # once, in the line above the cards
    assert "判斷時用到的貴公司資料：符合中小企業認定" in text
    assert "對應措施1。" in text and "對應措施2。" in text  # each programme's own reasons stay on its card
