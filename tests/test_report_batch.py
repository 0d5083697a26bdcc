"""Batch reports for an association: one report per filled template or checkup file, a summary
workbook, and bad files reported without stopping the others."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import core
from core.reports.batch import OUTPUT_SUFFIX, SUMMARY_NAME, batch
from core.reports.template import build_template

TODAY = dt.date(2026, 11, 1)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    out = tmp_path_factory.mktemp("out")
    screws = core.load("examples/screws.yaml")
    shutil.copy("examples/screws.yaml", src / "螺絲廠.yaml")
    other = screws.model_copy(deep=True)
    other.company.name = "第二家＆Co."
    other.fuels = []
    (src / "second.xlsx").write_bytes(build_template("zh-TW", other))
    (src / "empty.xlsx").write_bytes(build_template("zh-TW"))
    (src / "broken.yaml").write_text("year: [", encoding="utf-8")
    (src / "notes.txt").write_text("not a checkup", encoding="utf-8")
    (src / "~$second.xlsx").write_bytes(b"lock file")
    result = batch(src, out, "zh-TW", with_advice=False, today=TODAY)
    return src, out, result, screws, other


def test_one_report_per_good_file_and_problems_for_the_rest(run):
    src, out, result, screws, other = run
    # every file gets a row (the note too, as not read); Excel's lock file is not a file of the folder's owner
    assert [i.file for i in result.items] == ["broken.yaml", "empty.xlsx", "notes.txt", "second.xlsx", "螺絲廠.yaml"]
    assert result.ok == 2 and result.failed == 2
    assert [i.file for i in result.items if i.skipped] == ["notes.txt"]
    good = {i.file: i for i in result.items if i.ok}
    assert good["螺絲廠.yaml"].total_tco2e == pytest.approx(core.compute(screws).total_tco2e)
    assert good["second.xlsx"].total_tco2e == pytest.approx(core.compute(other).total_tco2e)
    for item in good.values():
        assert (out / item.pdf).read_bytes().startswith(b"%PDF")
        assert item.xlsx.endswith(OUTPUT_SUFFIX)
        openpyxl.load_workbook(out / item.xlsx)
    bad = {i.file: i for i in result.items if not i.ok and not i.skipped}
    assert "工作表「基本資料」儲存格 B4" in bad["empty.xlsx"].error
    assert bad["broken.yaml"].error


def test_summary_workbook(run):
    src, out, result, screws, other = run
    wb = openpyxl.load_workbook(out / SUMMARY_NAME)
    ws = wb.active
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    by_file = {r[0]: r for r in rows}
    assert by_file["second.xlsx"][1] == "第二家＆Co."
    assert by_file["螺絲廠.yaml"][5] == pytest.approx(core.compute(screws).total_tco2e)
    assert by_file["empty.xlsx"][6] == "有問題"
    total_row = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "合計")
    assert total_row[5].value.startswith("=SUM(F5:F")


def test_outputs_never_overwrite_inputs_in_the_same_folder(tmp_path):
    screws = core.load("examples/screws.yaml")
    template = build_template("zh-TW", screws)
    (tmp_path / "firm.xlsx").write_bytes(template)
    first = batch(tmp_path, tmp_path, with_advice=False, today=TODAY)
    assert (tmp_path / "firm.xlsx").read_bytes() == template
    assert (tmp_path / f"firm{OUTPUT_SUFFIX}").exists() and (tmp_path / "firm.pdf").exists()
    again = batch(tmp_path, tmp_path, with_advice=False, today=TODAY)  # outputs are not read as inputs
    assert [i.file for i in again.items] == [i.file for i in first.items] == ["firm.xlsx"]


def test_english_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy("examples/screws.yaml", src / "a.yaml")
    result = batch(src, tmp_path / "out", "en", today=TODAY)  # with measures and programmes when available
    ws = openpyxl.load_workbook(tmp_path / "out" / SUMMARY_NAME).active
    assert ws.title == "Summary" and result.ok == 1


def test_two_workers_give_the_same_rows_and_reports_as_one(tmp_path):
    """The batch shares the files over one process per core: the same rows, in the folder's order, the same
    report names, and the progress told once per file with the total."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("b.yaml", "a.yaml", "A.yml", "c.yaml"):
        shutil.copy("examples/screws.yaml", src / name)
    (src / "bad.yaml").write_text("year: [", encoding="utf-8")
    (src / "note.txt").write_text("hello", encoding="utf-8")
    # two workers need a process with one thread (as the command line is; a test run has AppTest's threads)
    code = (f"import datetime as dt, json, sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from core.reports.batch import batch\n"
            "seen = []\n"
            f"two = batch({str(src)!r}, {str(tmp_path / 'two')!r}, with_advice=False, today=dt.date(2026, 11, 1), "
            "workers=2, progress=lambda n, total, item: seen.append((n, total, item.file)))\n"
            "print(json.dumps({'workers': two.workers, 'seen': seen, 'ok': two.ok, 'failed': two.failed,"
            " 'rows': [(i.file, i.ok, i.pdf, i.total_tco2e, i.error) for i in two.items]}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    two = json.loads(done.stdout.strip().splitlines()[-1])
    one = batch(src, tmp_path / "one", with_advice=False, today=TODAY, workers=1)
    assert two["workers"] == 2 and one.workers == 1
    assert [tuple(r) for r in two["rows"]] == [(i.file, i.ok, i.pdf, i.total_tco2e, i.error) for i in one.items]
    assert [r[2] for r in two["rows"] if r[1]] == ["A.pdf", "a-2.pdf", "b.pdf", "c.pdf"]  # names fixed in order
    seen = two["seen"]
    assert [n for n, _, _ in seen] == list(range(1, 7)) and {t for _, t, _ in seen} == {6}
    assert sorted(f for *_, f in seen) == sorted(r[0] for r in two["rows"])
    assert two["ok"] == 4 and two["failed"] == 1
    for row in two["rows"]:
        if row[1]:
            assert (tmp_path / "two" / row[2]).read_bytes()[:4] == b"%PDF"


def test_a_caller_with_threads_gets_the_files_done_in_its_own_process(tmp_path):
    import threading

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy("examples/screws.yaml", src / "a.yaml")
    shutil.copy("examples/screws.yaml", src / "b.yaml")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as a server's or AppTest's threads
    other.start()
    try:
        done = batch(src, tmp_path / "out", with_advice=False, today=TODAY, workers=2)
    finally:
        stop.set()
        other.join()
    assert done.workers == 1 and done.ok == 2


def test_workers_never_more_than_files_or_cores():
    from core.reports.batch import _workers

    assert _workers(None, 1) == 1 and _workers(8, 3) == 3 and _workers(1, 100) == 1
    assert 1 <= _workers(None, 1000) <= (os.cpu_count() or 1)
