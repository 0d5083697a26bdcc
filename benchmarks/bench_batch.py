"""A batch an association runs at lunch: N firms with PDFs, as a ratio against the same batch without PDFs.

Goal (issue 17): 1,000 firms with PDFs within 10× the same batch without PDFs, using both cores, memory
flat. The baseline is the same folder done without PDFs (reading, computing, advice, the inventory
workbook and the summary) in one process, as the batch did everything before; each batch runs in a
fresh process, which reports its wall time and the peak memory of the processes that did the work.
"As before" is the batch as it was: one process, the font parsed and the charts drawn by vl-convert
for every report, timed on a tenth of the folder and scaled.
Run: make bench (or .venv/bin/python benchmarks/bench_batch.py [N_FIRMS])
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from core.reports import batch as b
if {before!r}:  # the batch as it was: the font parsed, and the charts drawn by vl-convert, for every report
    from core.reports import charts, fonts, pdf
    def build_pdf(checkup, result, *args, **kw):
        fonts._parsed.clear()
        return pdf.build_pdf(checkup, result, *args, charts=charts.report_charts(result), **kw)
    b.build_pdf = build_pdf
start = time.perf_counter()
done = b.batch({src!r}, {out!r}, with_pdf={with_pdf!r}, workers={workers!r})
took = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({{"seconds": took, "cpu": cpu, "ok": done.ok, "failed": done.failed, "workers": done.workers,
                  "peak_mib": max(me.ru_maxrss, kids.ru_maxrss) / 1024}}))
"""


def folder(path: Path, n: int) -> None:
    """``n`` firms: the example with its name and amounts varied; every tenth a filled offline template."""
    from core.inventory.format import parse_checkup
    from core.reports.template import build_template

    base = yaml.safe_load((ROOT / "examples" / "screws.yaml").read_text(encoding="utf-8"))
    for i in range(n):
        data = json.loads(json.dumps(base))
        data["company"]["name"] = f"第 {i + 1} 號工廠股份有限公司"
        data["electricity"] = {"kwh": 50_000 + 997 * i}
        if i % 10 == 9:
            (path / f"firm{i:04d}.xlsx").write_bytes(build_template("zh-TW", parse_checkup(data)))
        else:
            (path / f"firm{i:04d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def run(src: Path, out: Path, with_pdf: bool, workers: int | None, before: bool = False) -> dict:
    code = RUN.format(root=str(ROOT), src=str(src), out=str(out), with_pdf=with_pdf, workers=workers, before=before)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "all").mkdir()
        (t / "tenth").mkdir()
        folder(t / "all", n)
        folder(t / "tenth", max(1, n // 10))
        base = run(t / "all", t / "o0", with_pdf=False, workers=1)
        rows = [
            (f"{n:,} firms with PDFs, {cores} workers", run(t / "all", t / "o1", with_pdf=True, workers=None), 1),
            (f"{n // 10:,} firms with PDFs, {cores} workers", run(t / "tenth", t / "o2", with_pdf=True, workers=None), 1),
            (f"{n:,} firms without PDFs, {cores} workers", run(t / "all", t / "o3", with_pdf=False, workers=None), 1),
            (f"as before: {n // 10:,} firms, 1 process, × 10", run(t / "tenth", t / "o4", True, 1, before=True), 10),
        ]
    print(f"Batch — baseline: {n:,} firms without PDFs, one process ({base['seconds']:.1f} s on this run, "
          f"{base['seconds'] / n * 1e3:.0f} ms a file, peak {base['peak_mib']:.0f} MiB)")
    print("  (wall: the time an association waits; CPU: the work done, which the machine's other load does not change)")
    for name, r, scale in rows:
        print(f"  {name:44s} {r['seconds'] * scale / base['seconds']:6.1f} × baseline wall, "
              f"{r['cpu'] * scale / base['cpu']:5.1f} × CPU  ({r['seconds'] * scale / n * 1e3:.0f} ms a file; "
              f"largest process {r['peak_mib']:.0f} MiB; {r['ok']} ok, {r['failed']} failed)")
    with_pdfs = rows[0][1]["seconds"] / base["seconds"]
    print(f"  goal: within 10×: {'within' if with_pdfs <= 10 else 'OVER'}; memory flat: the largest process "
          f"{rows[1][1]['peak_mib']:.0f} MiB at {n // 10:,} firms, {rows[0][1]['peak_mib']:.0f} MiB at {n:,}")


if __name__ == "__main__":
    main()
