"""Sanity bounds for input, read from data/limits.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..datafiles import load_yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@cache
def limits() -> dict[str, float]:
    return {k: float(v) for k, v in load_yaml(DATA_DIR / "limits.yaml").items()}


def limit(key: str) -> float:
    return limits()[key]
