"""The hostile-input corpus (tests/data/hostile/, 70 files) through the core loader, the command line and the
upload widget: each file is refused with its own clear, located message in both languages (or read as meant),
never an unexpected error. What each must give is in tests/data/hostile/expected.toml."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from apptest_helpers import SAVE, start
from hostile_corpus import STATIC, write_all

import core
from core import cli
from core.reports.template import import_template

CASES: dict[str, dict] = tomllib.loads((STATIC / "expected.toml").read_text(encoding="utf-8"))

# words each code's message must hold, written here by hand (not read from the catalogue under test)
PHRASES = {
    "file_alias": ("anchors or aliases", "錨點或別名"),
    "file_too_deep": ("more than 20 levels deep", "超過 20 層"),
    "file_too_complex": ("more than 20000 values", "超過 20000 個值"),
    "file_too_large": ("too large", "太大"),
    "file_unreadable": ("cannot be read", "無法讀取"),
    "file_empty": ("empty", "是空的"),
    "not_utf8": ("not UTF-8", "不是 UTF-8"),
    "not_a_checkup": ("not a Carbon Checkup file", "不是碳健診檔案"),
    "wrong_format": ("not a format this tool reads", "不是本工具可讀"),
    "duplicate_key": ("given twice", "填了兩次"),
    "unknown_field": ("Unknown field", "不認得這個欄位"),
    "unknown_gwp": ("GWP basis must be one of", "GWP 版本只能是"),
    "required": ("required", "必須填寫"),
    "too_small": ("at least 1", "至少要是 1"),
    "too_long": ("too long", "太長"),
    "not_a_date": ("enter a date", "請填日期"),
    "not_a_number": ("enter a number", "請填數字"),
    "not_finite": ("too large to be a real figure", "大到不可能"),
    "year_range": ("between 2005", "2005 到"),
    "template.formula": ("formula", "公式"),
    "template.damaged_sheet": ("damaged", "已損壞"),
    "template.unsafe_file": ("unsafe", "不安全"),
    "template.too_many_cells": ("filled cells", "填了超過"),
    "template.macros": ("macros", "巨集"),
    "template.not_a_workbook": ("not an Excel workbook", "不是 Excel 活頁簿"),
}
# what a message must never show: an unfilled placeholder, Python's None, a traceback
NEVER = ("{", "}", "None", "“…”", "「…」", "Traceback", "unexpected", "未預期")


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write_all(folder)
    return folder


def path_of(name: str, generated: Path) -> Path:
    return (generated if CASES[name].get("generated") else STATIC) / name


def assert_message(text: str, name: str, lang: str) -> None:
    case = CASES[name]
    i = 0 if lang == "en" else 1
    assert PHRASES[case["code"]][i] in text, (name, lang, text)
    if "at" in case:
        assert case["at"][i] in text, (name, lang, text)
    if "value" in case:
        assert case["value"] in text, (name, lang, text)
    for bad in NEVER:
        assert bad not in text, (name, lang, bad, text)


def read(path: Path) -> core.Checkup:
    """The core loader, as the app and the CLI use it: the file's bytes → a checkup, then its calculation."""
    data = path.read_bytes()
    checkup = import_template(data, path.name) if path.suffix == ".xlsx" else core.loads(data, path.name)
    core.compute(checkup)
    return checkup


def test_the_corpus_is_large_enough_and_every_file_is_listed():
    assert len(CASES) >= 40
    static = {p.name for p in STATIC.iterdir() if p.name != "expected.toml"}
    assert static == {n for n, c in CASES.items() if not c.get("generated")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_core_loader(name, generated):
    case = CASES[name]
    path = path_of(name, generated)
    if case["code"] == "ok":
        read(path)
        return
    with pytest.raises(core.CheckupError) as exc:
        read(path)
    err = exc.value.errors[0] if isinstance(exc.value, core.ValidationErrors) else exc.value
    assert err.code == case["code"], (name, err.code, err.message("en"))
    assert (err.field or "") == case.get("field", ""), (name, err.field)
    assert_message(err.message("en"), name, "en")
    assert_message(err.message("zh-TW"), name, "zh-TW")


@pytest.mark.parametrize("name", sorted(CASES))
def test_command_line(name, generated, capsys):
    case = CASES[name]
    status = cli.main(["checkup", str(path_of(name, generated))])
    out = capsys.readouterr()
    if case["code"] == "ok":
        assert status == 0, out.err
        return
    assert status == 2 and out.out == "", (name, status, out.err)
    assert_message(out.err, name, "en")  # both languages: the person at the terminal may read either
    assert_message(out.err, name, "zh-TW")


def test_negative_zero_reads_as_zero_and_formulas_as_text(generated):
    fuel = read(STATIC / "negative_zero.yaml").fuels[0]
    assert fuel.amount == 0 and str(fuel.amount) == "0.0"
    assert read(STATIC / "formula_text.yaml").company.name.startswith("=HYPERLINK(")


@pytest.mark.parametrize("target, code", [("folder", "not_a_file"), ("/dev/zero", "not_a_file"),
                                          ("missing.yaml", "file_not_found")])
def test_command_line_refuses_what_is_not_a_file_that_ends(target, code, tmp_path, capsys):
    path = {"folder": str(tmp_path), "missing.yaml": str(tmp_path / "missing.yaml")}.get(target, target)
    assert cli.main(["checkup", path]) == 2
    err = capsys.readouterr().err
    assert core.t(f"errors.{code}", "en", path=path) in err and "unexpected" not in err


def test_upload_widget(generated):
    """The save page's uploader, file after file in one session: the message of each, never the last one's."""
    at = start(SAVE)
    cap = _page_cap()
    failures = []
    for name, case in sorted(CASES.items()):
        path = path_of(name, generated)
        if path.suffix == ".xlsx":
            continue  # this uploader takes checkup files; templates go through the loader and CLI tests above
        data = path.read_bytes()
        at.file_uploader(key="w._upload").set_value((name, data, "application/octet-stream")).run()
        errors = [e.value for e in at.error]
        if at.exception:
            failures.append((name, "exception", [e.message for e in at.exception]))
        elif len(data) > cap:
            if not any("太大" in e for e in errors):
                failures.append((name, "size", errors))
        elif case["code"] == "ok" or case.get("stage") == "compute":
            if errors or not at.success:
                failures.append((name, "should load", errors))
        else:
            try:
                assert len(errors) == 1, errors
                assert_message(errors[0], name, "zh-TW")
            except AssertionError as e:
                failures.append((name, "message", str(e)))
    assert failures == []


def _page_cap() -> int:
    import ast

    tree = ast.parse((Path(__file__).resolve().parents[1] / SAVE).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MAX_UPLOAD_BYTES":
            return eval(compile(ast.Expression(node.value), "cap", "eval"))  # noqa: S307 - our own constant
    raise AssertionError("the save page has no MAX_UPLOAD_BYTES")


MEMORY_MB, CPU_S = 200, 2  # every file is refused (or read) within these, on upload and on the command line


def test_every_file_within_memory_and_cpu_limits(generated):
    """Each file, by each path, in a child process held to RLIMIT_AS (+200 MB) and RLIMIT_CPU (2 s): a file that
    needed more would be killed (SIGXCPU) or run out of memory, and the child would say so."""
    import json
    import subprocess
    import sys

    files = [str(path_of(name, generated)) for name in sorted(CASES)]
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("bounded_run.py")), str(MEMORY_MB), str(CPU_S),
                          *files], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    runs = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(runs) == 2 * len(files)
    over = [r for r in runs if r["status"] != 0 or r["signal"]]
    assert over == [], over


def test_one_bad_file_never_stops_a_batch(generated, tmp_path):
    """Every bad file of the corpus in one folder, between two good ones: every file gets its row (done, or its own
    message) and the good ones their reports (the other good files are read in test_core_loader)."""
    import shutil

    from core.reports.batch import batch

    folder = tmp_path / "in"
    folder.mkdir()
    cases = {n: c for n, c in CASES.items() if c["code"] != "ok" or n in ("bom_utf8.yaml", "template_ok.xlsx")}
    for name in cases:
        shutil.copy(path_of(name, generated), folder / name)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not ours")
    done = batch(folder, tmp_path / "out", "en", with_advice=False, today=dt.date(2026, 1, 15))
    rows = {i.file: i for i in done.items}
    assert set(rows) == {*cases, "notes.pdf"} and rows["notes.pdf"].skipped
    for name, case in cases.items():
        item = rows[name]
        if case["code"] == "ok":
            assert item.ok and (tmp_path / "out" / item.pdf).exists(), (name, item.error)
        else:
            assert not item.ok and item.error and "unexpected" not in item.error, (name, item.error)
    assert done.failed == len(cases) - 2 and done.ok == 2


def test_batch_exit_status_says_whether_any_failed(tmp_path, capsys):
    import shutil

    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    shutil.copy(STATIC / "bom_utf8.yaml", good / "a.yaml")
    (good / "readme.txt").write_text("not a checkup")  # listed as not read, not a failure
    shutil.copy(STATIC / "deep_nesting.yaml", bad / "b.yaml")
    shutil.copy(STATIC / "big5.yaml", bad / "c.yaml")
    assert cli.main(["batch", str(good), "--out", str(tmp_path / "o1"), "--lang", "en"]) == 0
    assert cli.main(["batch", str(bad), "--out", str(tmp_path / "o2"), "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert "✓ a.yaml" in out and "– readme.txt" in out and "✗ b.yaml" in out and "levels deep" in out
    assert "✗ c.yaml" in out and "not UTF-8" in out
