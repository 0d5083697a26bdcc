"""Formatting a number for people: core/formatting.py (locale and pattern parsed once) against babel's
``format_decimal`` (which parses both on every call) and against Python's own ``f"{x:,.1f}"``, measured in the
same run and printed as ratios. Run: make bench
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.formatting import number  # noqa: E402
from timing import timeit  # noqa: E402

VALUES = [12345.678, 0.274, 150000.0, 71.1, 3.14159, 98765432.1]


def main() -> None:
    baseline = timeit(lambda: [f"{v:,.1f}" for v in VALUES], number=500)
    rows = [
        ("core.formatting.number (cached locale and pattern)", timeit(lambda: [number(v, 1, "zh-TW") for v in VALUES], number=500)),
        ("babel format_decimal (parses both per call)", timeit(lambda: [format_decimal(v, format="#,##0.0", locale="zh_TW")
                                                                        for v in VALUES], number=50)),
    ]
    print(f"baseline: Python's f'{{x:,.1f}}' on {len(VALUES)} numbers")
    for name, seconds in rows:
        print(f"  {name:52s} {seconds / baseline:7.1f}× the baseline")
    print(f"  format_decimal costs {rows[1][1] / rows[0][1]:.1f}× core.formatting.number")


if __name__ == "__main__":
    main()
