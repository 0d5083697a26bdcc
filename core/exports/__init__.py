"""The formats customers ask a small manufacturer for, made from one checkup and its result.

- ``cbam_supplier_data``: the installation's embedded emissions per CBAM good for EU importers;
- ``moenv_tables``: the checkup laid out as MOENV's inventory tables (清冊) with their codes;
- ``vsme_b3``: the EFRAG VSME Basic Module B3 datapoints (energy and GHG).

Each is a pure function ``(checkup, result) -> document`` (pydantic models, JSON as ``to_json``);
``build_workbook(document)`` writes it as an Excel workbook. Rules, published values and code tables
come from ``data/cbam``, ``data/moenv`` and ``data/vsme`` with their sources.
"""

from __future__ import annotations

import json
from typing import Any

from .cbam import CbamDocument, cbam_supplier_data
from .common import Note
from .moenv import MoenvDocument, moenv_tables
from .vsme import VsmeDocument, vsme_b3
from .xlsx import build_cbam_workbook, build_moenv_workbook, build_vsme_workbook, build_workbook

Document = CbamDocument | MoenvDocument | VsmeDocument
FORMATS = {"cbam": cbam_supplier_data, "moenv": moenv_tables, "vsme": vsme_b3}
DOCUMENTS = {"cbam": CbamDocument, "moenv": MoenvDocument, "vsme": VsmeDocument}


def to_json(doc: Document) -> str:
    """The document as JSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one export document (``cbam``, ``moenv`` or ``vsme``)."""
    return DOCUMENTS[kind].model_json_schema()


__all__ = [
    "CbamDocument",
    "DOCUMENTS",
    "Document",
    "FORMATS",
    "MoenvDocument",
    "Note",
    "VsmeDocument",
    "build_cbam_workbook",
    "build_moenv_workbook",
    "build_vsme_workbook",
    "build_workbook",
    "cbam_supplier_data",
    "json_schema",
    "moenv_tables",
    "to_json",
    "vsme_b3",
]
