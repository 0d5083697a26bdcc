"""Reports for many firms at once: an association that collected filled templates.

``batch(folder, out_dir, lang="zh-TW") -> BatchResult`` reads every filled template
(.xlsx) and checkup file (.yaml/.yml/.json) directly in ``folder``, writes one PDF report
and one inventory workbook per firm into ``out_dir`` and a summary workbook
(``summary.xlsx``) with one row per file of the folder: the firm, its totals, what is wrong
with the file (by sheet and cell), or that it is not a kind of file the batch reads. A bad
file never stops the others; ``BatchResult.failed`` says how many had a problem.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
) -> BatchResult:
    """One PDF (``<name>.pdf``) and one workbook (``<name>-inventory.xlsx``) per file, plus ``summary.xlsx``."""
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
    read = 0
    for path in files:  # every file gets a row: done, its problem, or why it was not read
        item = BatchItem(file=path.name, ok=False)
        result.items.append(item)
        suffix = path.suffix.lower()
        if suffix in NOT_READ:
            item.error = t("report.batch.not_supported", lang)
            continue
        if suffix not in SUFFIXES:
            item.skipped, item.error = True, t("report.batch.skipped", lang)
            continue
        read += 1
        if read > MAX_FILES:
            item.error = t("report.batch.too_many", lang, max=MAX_FILES)
            continue
        _one(path, item, out, used, lang, with_advice, today)
    summary = out / SUMMARY_NAME
    summary.write_bytes(summary_workbook(result, lang))
    result.summary = summary.name
    return result


def _one(path: Path, item: BatchItem, out: Path, used: set[str], lang: str, with_advice: bool,
         today: dt.date | None) -> None:
    """One file's reports, or its problem in ``item.error``: nothing a file holds stops the batch."""
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
        stem = _stem(path, used)
        pdf_path, xlsx_path = out / f"{stem}.pdf", out / f"{stem}{OUTPUT_SUFFIX}"
        pdf_path.write_bytes(build_pdf(checkup, res, advice.get("measures"), advice.get("programmes"), lang=lang,
                                       today=today, measures_total=advice.get("measures_total"), plan=advice.get("plan")))
        xlsx_path.write_bytes(build_workbook(checkup, res, lang=lang, today=today))
        item.pdf, item.xlsx, item.ok = pdf_path.name, xlsx_path.name, True
    except CheckupError as exc:
        item.error = exc.message(lang)
    except Exception:  # noqa: BLE001 - a fault of ours, or the disk: this file's row says so, the rest go on
        logging.getLogger(__name__).exception("batch: %s failed", path.name)
        item.error = t("report.batch.unexpected", lang)


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
