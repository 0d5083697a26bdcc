"""How much of the full inventory a quick estimate (electricity and one main fuel) usually covers.

The figures and their source are in ``data/quick_estimate.yaml``; ``full_range(quick_total)`` gives the range the
full inventory's total usually falls in: the quick total divided by the high and by the low coverage.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..datafiles import load_yaml

DATA = Path(__file__).resolve().parents[2] / "data" / "quick_estimate.yaml"


@dataclass(frozen=True)
class Coverage:
    low: float  # share of the full inventory's total a quick estimate usually reaches, at least …
    high: float  # … and at most
    source: str
    url: str
    status: str

    def full_range(self, quick_total: float) -> tuple[float, float]:
        """Where the full inventory's total usually lies, given the quick estimate's total."""
        return quick_total / self.high, quick_total / self.low


@functools.cache
def quick_coverage() -> Coverage:
    raw = load_yaml(DATA)
    low, high = float(raw["coverage_low"]), float(raw["coverage_high"])
    if not 0 < low <= high <= 1:
        raise ValueError(f"{DATA.name}: coverage must satisfy 0 < low <= high <= 1")
    src = raw["source"]
    return Coverage(low, high, str(src["document"]), str(src["url"]), str(src.get("status", "unconfirmed")))
