"""The command line on good and bad files: ``core.cli.main(argv)`` in-process (what ``python -m core`` runs), and a
real process where only one shows the behaviour (the exit status of ``python -m core``, a pipe closed early)."""

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.cli import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch):
    monkeypatch.chdir(ROOT)  # the paths below are the README's, relative to the project


def run(*args) -> Done:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return Done(status, out.getvalue(), err.getvalue())


def test_python_dash_m_core_exits_with_the_status_main_returns():
    bad = subprocess.run([sys.executable, "-m", "core", "checkup", "no/such/file.yaml"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "找不到檔案" in bad.stderr and "Traceback" not in bad.stderr


def test_checkup_json_has_the_documented_keys():
    out = run("checkup", "examples/screws.yaml", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("year", "gwp_basis", "scope1_tco2e", "scope2_tco2e", "total_tco2e", "lines", "intensities", "flags", "factors"):
        assert key in data
    line = data["lines"][0]
    for key in ("source", "scope", "gas", "activity", "unit", "factor", "factor_source", "tco2e"):
        assert key in line
    assert data["scope2_tco2e"] == pytest.approx(150000 * 0.474 / 1000)
    assert data["gwp_basis"] == "AR5"


def test_checkup_table_in_chinese_and_english():
    zh = run("checkup", "examples/screws.yaml")
    assert zh.returncode == 0 and "範疇一" in zh.stdout and "71.100" in zh.stdout
    en = run("checkup", "examples/screws.yaml", "--lang", "en")
    assert "Scope 1" in en.stdout and "Purchased electricity" in en.stdout


def test_gwp_option_changes_the_result():
    ar5 = json.loads(run("checkup", "examples/screws.yaml", "--format", "json").stdout)
    ar4 = json.loads(run("checkup", "examples/screws.yaml", "--format", "json", "--gwp", "AR4").stdout)
    assert ar4["gwp_basis"] == "AR4" and ar4["scope1_tco2e"] != ar5["scope1_tco2e"]


@pytest.mark.parametrize(
    "content, expect_zh, expect_en",
    [
        ("format: checkup/1\nyear: 2024\nelectricity: {kwh: -3}\n", "年用電度數", "Annual kWh"),
        ("format: checkup/1\nyear: 2024\nelectricity: {kwh: lots}\n", "請填數字", "Please enter a number"),
        ("format: checkup/1\nyear: 1999\n", "盤查年度", "Inventory year"),
        ("format: checkup/1\nyear: 2024\nfuels: [{fuel: unobtanium, amount: 1, unit: L}]\n", "燃料", "Fuel"),
        ("format: checkup/1\nyear: 2024\nfuels: [{fuel: diesel, amount: 1, unit: bbl}]\n", "單位", "Unit"),
        ("format: checkup/1\nyear: [2024\n", "無法讀取", "cannot be read"),
    ],
)
def test_bad_files_exit_non_zero_with_both_languages_and_no_traceback(tmp_path, content, expect_zh, expect_en):
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    out = run("checkup", str(f))
    assert out.returncode == 2
    assert expect_zh in out.stderr and expect_en in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_missing_file():
    out = run("checkup", "no/such/file.yaml")
    assert out.returncode == 2 and "找不到檔案" in out.stderr


def test_factors_command_lists_the_year():
    out = run("factors", "--year", "2024")
    assert out.returncode == 0 and "0.474" in out.stdout and "2.685856" in out.stdout


def test_schema_command():
    out = run("schema")
    assert json.loads(out.stdout)["title"].startswith("Carbon Checkup")


def test_advise_prints_measures_and_programmes_with_the_documented_keys():
    out = run("advise", "examples/screws.yaml", "--format", "json", "--date", "2026-06-01")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for m in data["measures"]:
        for key in ("id", "name", "system", "saving_kwh", "saving_fuel", "saving_tco2e", "saving_ntd_per_year",
                    "cost_ntd_low", "cost_ntd_high", "payback_years", "sources"):
            assert key in m, key
    ids = {p["id"] for p in data["programmes"]}
    assert {"oneplusn_carbon_team", "sbia_carbon_health_check", "cbam_help_desk"} <= ids
    for p in data["programmes"]:
        for key in ("id", "name", "agency", "status", "checked", "match", "reasons", "next_step", "contact", "source"):
            assert key in p, key
        assert p["match"] in {"yes", "maybe", "no"} and p["status"] in {"running", "ended", "unknown"}
    cbam = next(p for p in data["programmes"] if p["id"] == "cbam_help_desk")
    assert cbam["match"] == "yes"  # the example exports fasteners (CN 7318) to the EU


def test_report_template_and_batch_commands(tmp_path):
    pdf, xlsx, tpl = tmp_path / "r.pdf", tmp_path / "r.xlsx", tmp_path / "t.xlsx"
    out = run("report", "examples/screws.yaml", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 1000
    assert run("template", str(tpl)).returncode == 0
    # an empty template is not a checkup: a clear message, status 2
    bad = run("checkup", str(tpl))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text((Path(__file__).resolve().parents[1] / "examples" / "screws.yaml").read_text("utf-8"), "utf-8")
    (folder / "broken.yaml").write_text("year: [", "utf-8")
    done = run("batch", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 2  # one file had a problem, and it is named
    assert "broken.yaml" in done.stdout and (tmp_path / "out" / "summary.xlsx").exists()


def test_a_filled_template_is_accepted_wherever_a_checkup_file_is(tmp_path):
    from core.reports.template import build_template

    import core

    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(build_template("zh-TW", core.load(ROOT / "examples" / "screws.yaml")))
    out = run("checkup", str(filled), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["scope2_tco2e"] == pytest.approx(150000 * 0.474 / 1000)


def test_output_piped_to_head_ends_quietly():
    """`python -m core advise FILE | head -1`: the reader goes away; no 'unexpected error', status 0. (The advice is
    ~150 KB, more than a pipe holds, so the writer meets the closed pipe whatever the timing.)"""
    proc = subprocess.Popen([sys.executable, "-m", "core", "advise", "examples/screws.yaml"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "{"
    proc.stdout.close()  # what head does after its first line
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""
