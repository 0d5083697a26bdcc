"""The product's own data files (data/*.yaml): each parsed once per process, with libyaml's C parser.

One function reads them all, so the catalogues (measures, programmes, obligations, the 1+N rules,
CBAM and MOENV layouts, input limits) cost one parse each per process, however many pages, reruns
and reports use them. ``PARSES`` counts the parses (the tests read it). Callers share what is
returned: read it, never change it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~8× faster; the pure-Python parser if absent

_lock = threading.Lock()
_parsed: dict[Path, Any] = {}
PARSES: dict[str, int] = {}


def load_yaml(path: str | Path) -> Any:
    """The parsed content of one of the product's YAML data files, parsed on first use only."""
    key = Path(path).resolve()
    with _lock:
        if key not in _parsed:
            with key.open(encoding="utf-8") as fh:
                _parsed[key] = yaml.load(fh, Loader=LOADER)  # noqa: S506 - the safe loader (C or Python)
            name = str(key.relative_to(DATA_DIR)) if key.is_relative_to(DATA_DIR) else str(key)
            PARSES[name] = PARSES.get(name, 0) + 1
        return _parsed[key]
