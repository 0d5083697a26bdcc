"""Reports for many firms at once: an association that collected filled templates.

``batch(folder, out_dir, lang="zh-TW") -> BatchResult`` reads every filled template
(.xlsx) and checkup file (.yaml/.yml/.json) directly in ``folder``, writes one PDF report
and one inventory workbook per firm into ``out_dir`` and a summary workbook
(``summary.xlsx``) with one row per file of the folder: the firm, its totals, what is wrong
with the file (by sheet and cell), or that it is not a kind of file the batch reads. A bad
file never stops the others; ``BatchResult.failed`` says how many had a problem.

The files are shared out over one worker process per core (``workers``; forked from this process
after it loaded the fonts and catalogues once, so on POSIX and from a process with one thread, as the
command line is; elsewhere the files are done in this process); ``progress`` is called with each file's row as it is done (the command line
draws a progress bar with it). A worker process that dies takes no file's row with it: the files it
had not finished are given to a new pool, and after that are marked as failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..advice import advise
from ..errors import CheckupError
from ..i18n import normalise_lang, t
from ..inventory.calc import compute
from .pdf import build_pdf
from .template import load_any
from ..sheets import formula, put, to_bytes
from .workbook import HEAD_FILL, HEAD_FONT, NUM_T, TITLE_FONT, TOTAL_FILL, build_workbook
from ..advice.measures import library
from ..advice.programmes import load_catalogue
from .fonts import _parse, font_path

SUFFIXES = (".xlsx", ".yaml", ".yml", ".json")
# meant as input, but not a kind the batch reads: a row that says so (and counts as a problem)
NOT_READ = (".xls", ".xlsm", ".ods", ".csv", ".numbers")
MAX_FILES = 2000
SUMMARY_NAME = "summary.xlsx"
OUTPUT_SUFFIX = "-inventory.xlsx"  # so a firm's workbook never overwrites its filled template


@dataclass
class BatchItem:
    file: str
    ok: bool
    firm: str | None = None
    year: int | None = None
    scope1_tco2e: float | None = None
    scope2_tco2e: float | None = None
    total_tco2e: float | None = None
    pdf: str | None = None
    xlsx: str | None = None
    error: str | None = None
    skipped: bool = False  # not a checkup file or template at all (a PDF, a note): listed, not a problem
    plan_first: str | None = None  # the plan's first action, in the batch's language
    plan_saving_ntd: float | None = None  # what the plan's actions save together, NT$ a year
    plan_saving_tco2e: float | None = None


@dataclass
class BatchResult:
    items: list[BatchItem] = field(default_factory=list)
    summary: str = ""
    seconds: float = 0.0  # wall time of the whole batch
    workers: int = 1  # processes that made the reports

    @property
    def ok(self) -> int:
        return sum(1 for i in self.items if i.ok)

    @property
    def failed(self) -> int:
        return sum(1 for i in self.items if not i.ok and not i.skipped)


def _stem(path: Path, used: set[str]) -> str:
    base = re.sub(r"[^\w\-. ]+", "_", path.stem, flags=re.UNICODE).strip(" .") or "report"
    stem, n = base, 2
    while stem.lower() in used or stem.lower() == Path(SUMMARY_NAME).stem:
        stem = f"{base}-{n}"
        n += 1
    used.add(stem.lower())
    return stem


def _advice(checkup: Any, result: Any, lang: str, today: dt.date | None = None) -> dict[str, Any]:
    """The plan, measures and programmes for the checkup, from the one advice builder, in ``lang``."""
    return advise(checkup, result, lang, on=today)


def batch(
    folder: str | Path,
    out_dir: str | Path,
    lang: str = "zh-TW",
    *,
    with_advice: bool = True,
    today: dt.date | None = None,
    with_pdf: bool = True,
    workers: int | None = None,
    progress: Callable[[int, int, BatchItem], None] | None = None,
) -> BatchResult:
    """One PDF (``<name>.pdf``) and one workbook (``<name>-inventory.xlsx``) per file, plus ``summary.xlsx``.

    ``with_pdf=False``: the workbooks and the summary only. ``workers``: processes making the reports
    (default: one per core; 1 = in this process)."""
    started = time.perf_counter()
    lang = normalise_lang(lang)
    src = Path(folder)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    same = out.resolve() == src.resolve()
    files = sorted(
        p
        for p in src.iterdir()
        if p.is_file()
        and not p.name.startswith(("~$", "."))  # Excel's lock files, hidden files
        and not (p.name == SUMMARY_NAME or p.name.endswith(OUTPUT_SUFFIX))  # our own output, if out_dir == folder
        and not (same and p.suffix.lower() == ".pdf")
    )
    result = BatchResult()
    used: set[str] = set()
    jobs: list[tuple[int, Path, str]] = []  # (row, file, output name), names fixed here in the folder's order
    for path in files:  # every file gets a row: done, its problem, or why it was not read
        item = BatchItem(file=path.name, ok=False)
        result.items.append(item)
        suffix = path.suffix.lower()
        if suffix in NOT_READ:
            item.error = t("report.batch.not_supported", lang)
        elif suffix not in SUFFIXES:
            item.skipped, item.error = True, t("report.batch.skipped", lang)
        elif len(jobs) >= MAX_FILES:
            item.error = t("report.batch.too_many", lang, max=MAX_FILES)
        else:
            jobs.append((len(result.items) - 1, path, _stem(path, used)))
    done = 0

    def tick(item: BatchItem) -> None:  # a row is done: tell the caller (files done, files in all, the row)
        nonlocal done
        done += 1
        if progress:
            progress(done, len(result.items), item)

    for item in result.items:
        if item.error:  # not read: done already
            tick(item)
    result.workers = _workers(workers, len(jobs)) if _can_fork() else 1
    args = (out, lang, with_advice, today, with_pdf)
    if result.workers == 1:
        for row, path, stem in jobs:
            result.items[row] = _one(path, stem, *args)
            tick(result.items[row])
    else:
        _in_pool(jobs, args, result, tick)
    summary = out / SUMMARY_NAME
    summary.write_bytes(summary_workbook(result, lang))
    result.summary = summary.name
    result.seconds = time.perf_counter() - started
    return result


def _workers(asked: int | None, jobs: int) -> int:
    """One process per core the machine lets us use (never more than there are files)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(asked or cores, jobs))


def _warm() -> None:
    """A worker's start: the fonts and the catalogues, loaded once for all the files it will do."""

    _parse(str(font_path()), 0)
    library()
    load_catalogue()


def _can_fork() -> bool:
    """Worker processes by fork, where that is safe: POSIX, and this process has one thread (the command line).
    A caller with threads (the app's server, a test run) does the files itself, one after another: forking
    it could copy a lock another thread holds, and spawn would re-run its main script (a page, under AppTest)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


ROUNDS = 3  # pools tried when a worker process dies (the files it had not finished go to the next)


def _in_pool(jobs: list[tuple[int, Path, str]], args: tuple, result: BatchResult,
             tick: Callable[[BatchItem], None]) -> None:
    lang = args[1]
    left = jobs
    for _ in range(ROUNDS):
        if not left:
            return
        broken: list[tuple[int, Path, str]] = []
        _warm()  # the workers start as copies of this process: the fonts and catalogues loaded once, here
        with ProcessPoolExecutor(max_workers=min(result.workers, len(left)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_one, path, stem, *args): (row, path, stem) for row, path, stem in left}
            for future in as_completed(futures):
                row, path, stem = futures[future]
                try:
                    result.items[row] = future.result()
                except BrokenProcessPool:
                    broken.append((row, path, stem))
                    continue
                except Exception:  # noqa: BLE001 - could not even hand the file over: its row says so
                    logging.getLogger(__name__).exception("batch: %s failed", path.name)
                    result.items[row].error = t("report.batch.unexpected", lang)
                tick(result.items[row])
        left = sorted(broken)
    for row, path, _ in left:  # a worker died on each try while these were waiting
        logging.getLogger(__name__).error("batch: %s not done, the worker processes stopped", path.name)
        result.items[row].error = t("report.batch.unexpected", lang)
        tick(result.items[row])


def _one(path: Path, stem: str, out: Path, lang: str, with_advice: bool, today: dt.date | None,
         with_pdf: bool = True) -> BatchItem:
    """One file's reports, or its problem in the row's ``error``: nothing a file holds stops the batch."""
    item = BatchItem(file=path.name, ok=False)
    try:
        checkup = load_any(path)
        res = compute(checkup)
        item.firm = checkup.company.name
        item.year = checkup.year
        item.scope1_tco2e, item.scope2_tco2e, item.total_tco2e = res.scope1_tco2e, res.scope2_tco2e, res.total_tco2e
        advice: dict[str, Any] = {}
        if with_advice:
            try:
                advice = _advice(checkup, res, lang, today)
            except Exception:  # noqa: BLE001 - advice is optional: a report without it beats no report
                logging.getLogger(__name__).exception("batch: no advice for %s", path.name)
                advice = {}
        plan = advice.get("plan") or {}
        if plan.get("actions"):
            item.plan_first = plan["actions"][0]["action"]
            item.plan_saving_ntd = plan["together"].get("saving_ntd_per_year")
            item.plan_saving_tco2e = plan["together"].get("saving_tco2e")
        pdf_path, xlsx_path = out / f"{stem}.pdf", out / f"{stem}{OUTPUT_SUFFIX}"
        if with_pdf:
            pdf_path.write_bytes(build_pdf(checkup, res, advice.get("measures"), advice.get("programmes"), lang=lang,
                                           today=today, measures_total=advice.get("measures_total"), plan=advice.get("plan")))
            item.pdf = pdf_path.name
        xlsx_path.write_bytes(build_workbook(checkup, res, lang=lang, today=today))
        item.xlsx, item.ok = xlsx_path.name, True
    except CheckupError as exc:
        item.error = exc.message(lang)
    except Exception:  # noqa: BLE001 - a fault of ours, or the disk: this file's row says so, the rest go on
        logging.getLogger(__name__).exception("batch: %s failed", path.name)
        item.error = t("report.batch.unexpected", lang)
    return item


def summary_workbook(result: BatchResult, lang: str = "zh-TW") -> bytes:
    """One row per file: firm, year, scope 1, scope 2, total, the report's files or the problem, and the plan's first
    action with what the plan saves (NT$ and tCO2e a year)."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("report.batch.sheet", lang)
    put(ws, 1, 1, t("report.batch.title", lang)).font = TITLE_FONT
    put(ws, 2, 1, t("report.batch.sub", lang, ok=result.ok, failed=result.failed)).font = Font(color="666666", size=9)
    cols = ("file", "firm", "year", "scope1", "scope2", "total", "status", "pdf", "xlsx", "problem", "plan_first",
            "plan_ntd", "plan_tco2e")
    for i, c in enumerate(cols, 1):
        cell = put(ws, 4, i, t(f"report.batch.col.{c}", lang))
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = 5
    for it in result.items:
        values = (it.file, it.firm or "", it.year, it.scope1_tco2e, it.scope2_tco2e, it.total_tco2e,
                  t("report.batch." + ("ok" if it.ok else "skipped_status" if it.skipped else "failed"), lang), it.pdf or "", it.xlsx or "", it.error or "",
                  it.plan_first or "", it.plan_saving_ntd, it.plan_saving_tco2e)
        for i, v in enumerate(values, 1):
            put(ws, r, i, v, NUM_T if i in (4, 5, 6, 13) else "#,##0" if i == 12 else None)
        ws.cell(r, 10).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, 11).alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    put(ws, r, 1, t("report.batch.total", lang)).font = Font(bold=True)
    for col in "DEF":
        formula(ws, r, "DEF".index(col) + 4, f"=SUM({col}5:{col}{max(r - 1, 5)})", NUM_T).font = Font(bold=True)
    for i in range(1, 14):
        ws.cell(r, i).fill = TOTAL_FILL
    for i, w in enumerate((28, 28, 8, 14, 14, 14, 10, 24, 24, 70, 50, 16, 16), 1):
        ws.column_dimensions[chr(64 + i)].width = w
    ws.freeze_panes = "A5"
    return to_bytes(wb)  # formulas saved with their values
