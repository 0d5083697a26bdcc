"""Reports and files: the PDF report, the inventory workbook, the offline template, batches.

Plain Python (no streamlit): the app's download buttons and the command line call these.

    build_pdf(checkup, result, measures=None, programmes=None, lang="zh-TW") -> bytes
    build_workbook(checkup, result, lang="zh-TW") -> bytes
    build_template(lang="zh-TW", checkup=None) -> bytes
    import_template(data: bytes, name="") -> Checkup
    loads_any(data: bytes, name="") -> Checkup   (an upload: a filled template, or a YAML/JSON checkup file)
    core.reports.batch.batch(folder, out_dir, lang="zh-TW") -> BatchResult  (import it from the module)
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:  # lazy: fpdf2, altair and vl-convert load only when used
    if name == "build_pdf":
        from .pdf import build_pdf

        return build_pdf
    if name == "build_workbook":
        from .workbook import build_workbook

        return build_workbook
    if name in ("build_template", "import_template", "load_any", "loads_any"):
        from . import template

        return getattr(template, name)
    raise AttributeError(name)


__all__ = ["build_pdf", "build_template", "build_workbook", "import_template", "load_any", "loads_any"]
