"""Sanity bounds for input, read from data/limits.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@cache
def limits() -> dict[str, float]:
    with (DATA_DIR / "limits.yaml").open(encoding="utf-8") as fh:
        return {k: float(v) for k, v in yaml.safe_load(fh).items()}


def limit(key: str) -> float:
    return limits()[key]
