"""python -m core export FILE --cbam|--moenv|--vsme OUT, called in-process through core.cli.main."""

import json
from pathlib import Path

from openpyxl import load_workbook

from core.cli import EXIT_INPUT, main

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "screws.yaml")


def test_all_three_formats_in_one_call(tmp_path):
    out = {k: tmp_path / f"{k}.{ext}" for k, ext in (("cbam", "xlsx"), ("moenv", "xlsx"), ("vsme", "json"))}
    assert main(["export", EXAMPLE, "--cbam", str(out["cbam"]), "--moenv", str(out["moenv"]), "--vsme", str(out["vsme"])]) == 0
    assert "E Summary per product" in load_workbook(out["cbam"]).sheetnames
    assert "表八 排放量彙總" in load_workbook(out["moenv"]).sheetnames
    data = json.loads(out["vsme"].read_text(encoding="utf-8"))
    assert data["format"] == "vsme-b3/1" and data["ghg"]["scope1_tco2e"] > 0


def test_cbam_as_json(tmp_path):
    out = tmp_path / "cbam.json"
    assert main(["export", EXAMPLE, "--cbam", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "cbam-supplier-data/1"
    assert data["products"][0]["cn_code"] == "731815"
    assert data["precursors"][0]["basis"] == "default"


def test_no_format_and_a_wrong_suffix_are_input_errors(tmp_path, capsys):
    assert main(["export", EXAMPLE]) == EXIT_INPUT
    assert "--cbam" in capsys.readouterr().err
    assert main(["export", EXAMPLE, "--moenv", str(tmp_path / "m.pdf")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "輸出檔名須以 .xlsx 或 .json 結尾" in err and "must end in .xlsx or .json" in err
    assert not (tmp_path / "m.pdf").exists()


def test_a_checkup_without_goods_writes_nothing_and_says_why(tmp_path, capsys):
    src = tmp_path / "no-goods.yaml"
    src.write_text("format: checkup/1\nyear: 2024\nelectricity: {kwh: 1000}\n", encoding="utf-8")
    vsme, cbam = tmp_path / "v.xlsx", tmp_path / "c.xlsx"
    assert main(["export", str(src), "--vsme", str(vsme), "--cbam", str(cbam)]) == EXIT_INPUT
    assert "CBAM" in capsys.readouterr().err
    assert not vsme.exists() and not cbam.exists()          # every format is checked before anything is written


def test_the_export_schemas_print(capsys):
    assert main(["schema", "--of", "cbam"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "CbamDocument"
