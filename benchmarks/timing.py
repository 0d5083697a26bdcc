"""Timing helpers of the benchmark scripts: the median of several runs, and peak traced memory."""

from __future__ import annotations

import statistics
import time
import tracemalloc


def timeit(fn, repeat: int = 7, number: int = 50) -> float:
    """Median seconds of one call of ``fn`` over ``repeat`` runs of ``number`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def peak_bytes(fn) -> int:
    """Peak memory Python allocates while ``fn`` runs (tracemalloc)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak
