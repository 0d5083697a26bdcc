"""The PDF report and the other files, as ratios against baselines measured in the same run.

Shared, noisy machines: absolute seconds drift 2-3× from one run to the next, so each figure is
printed as a ratio against a baseline run minutes apart in the same process. The goals (issue 17):
a warm report within 3× the baseline and under 1 s; a cold ``python -m core report`` within 3× a
process writing that one page.

Baselines:
- warm: fpdf2 writing one page of Chinese text with the same font (Noto Sans TC, added as fpdf2
  does it: parsed, then subset, for that document);
- cold: a fresh ``python`` process importing fpdf2 and writing that one page.

"as before" rows rebuild the report the way it was built before issue 17 (charts drawn as PNGs by
vl-convert, every font parsed again for every report) in the same run, for the before/after.
Run: make bench (or .venv/bin/python benchmarks/bench_reports.py)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import core  # noqa: E402
from core.reports import charts, fonts  # noqa: E402
from core.reports.pdf import build_pdf  # noqa: E402
from core.reports.template import build_template, import_template  # noqa: E402
from core.reports.workbook import build_workbook  # noqa: E402
from timing import timeit as _timeit  # noqa: E402

EXAMPLE = ROOT / "examples" / "screws.yaml"
ONE_PAGE = """
import sys
from fpdf import FPDF
pdf = FPDF(format="A4")
pdf.add_font("NotoSansTC", "", sys.argv[1])
pdf.set_font("NotoSansTC", size=11)
pdf.add_page()
pdf.multi_cell(0, 6, sys.argv[2])
pdf.output(sys.argv[3])
"""
TEXT = "工廠碳健診報告：範疇一 67.09 公噸 CO2e，範疇二 71.10 公噸 CO2e，合計 138.19 公噸 CO2e。" * 6


def timeit(fn, repeat: int = 5, number: int = 1) -> float:
    """A report takes a fraction of a second: fewer runs than the engine's micro-benchmark."""
    return _timeit(fn, repeat=repeat, number=number)


def one_page() -> bytes:
    """The warm baseline: one page, same font, added the way fpdf2 adds a font."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("NotoSansTC", "", str(fonts.font_path()))
    pdf.set_font("NotoSansTC", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, TEXT)
    return bytes(pdf.output())


def as_before(checkup, result, advice) -> bytes:
    """The report as built before: vl-convert PNG charts, the font parsed again for this report."""
    fonts._parsed.clear()
    return build_pdf(checkup, result, advice["measures"], advice["programmes"],
                     measures_total=advice["measures_total"], charts=charts.report_charts(result))


def process_seconds(args: list[str], runs: int = 3) -> float:
    """Median wall time of a fresh process running ``args``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    checkup = core.load(EXAMPLE)
    result = core.compute(checkup)
    advice = core.advise(checkup, result, "zh-TW")
    start = time.perf_counter()
    build_pdf(checkup, result)  # the first report of this process: the font is parsed here, once
    first = time.perf_counter() - start

    def report() -> bytes:
        return build_pdf(checkup, result, advice["measures"], advice["programmes"],
                         measures_total=advice["measures_total"])

    baseline = timeit(one_page, repeat=7)
    rows = [
        ("report, no advice (4 pages)", timeit(lambda: build_pdf(checkup, result))),
        ("report as the app gives it (advice given)", timeit(report)),
        ("advice + report (the app's download)", timeit(lambda: (core.advise(checkup, result, "zh-TW"), report()))),
        ("as before: vl-convert charts, font parsed", timeit(lambda: as_before(checkup, result, advice))),
    ]
    print(f"PDF, warm — baseline: fpdf2 writing one page, same font ({baseline * 1e3:.0f} ms on this run)")
    for name, secs in rows:
        print(f"  {name:44s} {secs / baseline:6.1f} × baseline  ({secs:.2f} s)")
    whole = rows[1][1]
    verdict = "within" if whole <= 3 * baseline and whole < 1 else "OVER"
    print(f"  goal: within 3× and under 1 s: {verdict}; first report of a process {first:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base_cold = process_seconds([sys.executable, "-c", ONE_PAGE, str(fonts.font_path()), TEXT, str(out / "one.pdf")])
        cli = process_seconds([sys.executable, "-m", "core", "report", str(EXAMPLE), "--pdf", str(out / "r.pdf")])
    print(f"PDF, cold — baseline: a fresh process writing that one page ({base_cold:.2f} s on this run)")
    print(f"  {'python -m core report FILE --pdf OUT':44s} {cli / base_cold:6.1f} × baseline  ({cli:.2f} s)"
          f"  goal: within 3×: {'within' if cli <= 3 * base_cold else 'OVER'}")

    template = build_template("zh-TW", checkup)
    compute_base = timeit(lambda: core.compute(checkup), repeat=7, number=20)
    others = [
        ("inventory workbook", timeit(lambda: build_workbook(checkup, result), number=5)),
        ("offline template (pre-filled)", timeit(lambda: build_template("zh-TW", checkup), number=5)),
        ("import a filled template", timeit(lambda: import_template(template), number=5)),
    ]
    print(f"Workbooks — baseline: core.compute(example) ({compute_base * 1e3:.2f} ms on this run)")
    for name, secs in others:
        print(f"  {name:44s} {secs / compute_base:6.0f} × baseline")


if __name__ == "__main__":
    main()
