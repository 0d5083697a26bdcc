"""Engine speed and memory, as ratios against baselines measured in the same run.

These machines are shared and noisy, so absolute seconds mean little; what is
printed is how many times a baseline each operation costs. Run: make bench
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import core  # noqa: E402
from core.inventory.factors import FactorSet  # noqa: E402
from timing import peak_bytes, timeit  # noqa: E402

EXAMPLE = (ROOT / "examples" / "screws.yaml").read_text(encoding="utf-8")


def big_checkup(n: int) -> core.Checkup:
    data = yaml.safe_load(EXAMPLE)
    data["fuels"] = data["fuels"] * n
    data["refrigerants"] = data["refrigerants"] * n
    return core.parse_checkup(data)


def main() -> None:
    checkup = core.loads(EXAMPLE)
    first = core.compute(checkup)
    snap = first.factors
    baseline = timeit(lambda: yaml.safe_load(EXAMPLE))
    rows = [
        ("parse + validate the example file", timeit(lambda: core.loads(EXAMPLE))),
        ("compute the example (7 sources)", timeit(lambda: core.compute(checkup))),
        ("compute from a saved factor snapshot", timeit(lambda: core.compute(checkup, FactorSet.from_snapshot(snap)))),
        ("compute 10× the sources", timeit(lambda: core.compute(big)) if (big := big_checkup(10)) else 0.0),
        ("compute 100× the sources", timeit(lambda: core.compute(big100), number=5) if (big100 := big_checkup(100)) else 0.0),
    ]
    print(f"baseline: yaml.safe_load of the example file ({baseline * 1e6:.0f} µs on this run)")
    for name, seconds in rows:
        print(f"  {name:40s} {seconds / baseline:8.1f} × baseline")
    mem_base = peak_bytes(lambda: yaml.safe_load(EXAMPLE))
    print(f"memory baseline: peak of yaml.safe_load ({mem_base / 1024:.0f} KiB)")
    for name, fn in [("compute the example", lambda: core.compute(checkup)),
                     ("compute 100× the sources", lambda: core.compute(big_checkup(100)))]:
        print(f"  {name:40s} {peak_bytes(fn) / mem_base:8.1f} × baseline")


if __name__ == "__main__":
    main()
