"""Report speed as ratios against a baseline measured in the same run (shared, noisy machines:
absolute seconds mean little). The goal is "a report in about a second".

Baseline: computing the example checkup (core.compute). Printed: each operation's median time,
its ratio to the baseline, and, for the whole PDF, the seconds too, since that is the promise.
Run: .venv/bin/python benchmarks/bench_reports.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import core  # noqa: E402
from core.reports import charts  # noqa: E402
from core.reports.pdf import build_pdf  # noqa: E402
from core.reports.template import build_template, import_template  # noqa: E402
from core.reports.workbook import build_workbook  # noqa: E402
from timing import timeit as _timeit  # noqa: E402

MEASURES = [
    {"id": f"m{i}", "name": f"措施 {i}", "saving_kwh": 1000 * i, "saving_tco2e": 0.5 * i, "saving_ntd_per_year": 4000 * i,
     "cost_ntd_low": 10000 * i, "cost_ntd_high": 20000 * i, "payback_years": 2.5, "sources": ["來源"]}
    for i in range(1, 9)
]
PROGRAMMES = [
    {"id": f"p{i}", "name": f"計畫 {i}", "agency": "經濟部", "status": "running", "match": "yes" if i % 2 else "maybe",
     "reasons": ["理由一", "理由二"], "next_step": "打電話詢問。", "contact": {"hotline": "0800-000-000"}, "source": ["公告"]}
    for i in range(1, 9)
]


def timeit(fn, repeat: int = 5, number: int = 1) -> float:
    """A report takes about a second: fewer runs than the engine's micro-benchmark."""
    return _timeit(fn, repeat=repeat, number=number)


def main() -> None:
    checkup = core.load(ROOT / "examples" / "screws.yaml")
    result = core.compute(checkup)
    start = time.perf_counter()
    build_pdf(checkup, result)  # first report in a fresh process: fonts and the chart engine warm up
    cold = time.perf_counter() - start
    baseline = timeit(lambda: core.compute(checkup), repeat=7, number=20)
    pngs = charts.report_charts(result)
    template = build_template("zh-TW", checkup)
    rows = [
        ("charts (2 PNGs, vl-convert)", timeit(lambda: charts.report_charts(result))),
        ("PDF from ready charts", timeit(lambda: build_pdf(checkup, result, charts=pngs))),
        ("PDF, whole (charts included)", timeit(lambda: build_pdf(checkup, result))),
        ("PDF with 8 measures + 8 programmes", timeit(lambda: build_pdf(checkup, result, MEASURES, PROGRAMMES))),
        ("inventory workbook", timeit(lambda: build_workbook(checkup, result), number=5)),
        ("offline template (pre-filled)", timeit(lambda: build_template("zh-TW", checkup), number=5)),
        ("import a filled template", timeit(lambda: import_template(template), number=5)),
    ]
    print(f"baseline: core.compute(example) = {baseline * 1000:.2f} ms")
    print(f"{'operation':40} {'median ms':>10} {'× baseline':>11}")
    for name, secs in rows:
        print(f"{name:40} {secs * 1000:10.1f} {secs / baseline:11.0f}")
    whole = rows[2][1]
    print(f"first report in a fresh process: {cold:.2f} s; a report after that: {whole:.2f} s "
          f"({'within' if whole <= 1.2 else 'OVER'} the ~1 s goal)")


if __name__ == "__main__":
    main()
