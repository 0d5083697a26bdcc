"""How fast the command line starts, as a ratio against starting Python with the two libraries every command
needs (``python -c "import yaml, pydantic"``), both measured in the same run. Issue 12's bound: a checkup
(``python -m core checkup examples/screws.yaml``) costs at most 5× that baseline. Run: make bench
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUND = 5.0
BASELINE = [sys.executable, "-c", "import yaml, pydantic"]
COMMANDS = {
    "python -m core checkup examples/screws.yaml": [sys.executable, "-m", "core", "checkup", "examples/screws.yaml"],
    "python -c 'import core'": [sys.executable, "-c", "import core"],
    "python -m core --version": [sys.executable, "-m", "core", "--version"],
}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(repeat: int = 9) -> int:
    runs: dict[str, list[float]] = {"baseline": [], **{name: [] for name in COMMANDS}}
    wall(BASELINE)  # warm the file cache and the .pyc files first
    for cmd in COMMANDS.values():
        wall(cmd)
    for _ in range(repeat):  # interleaved, so a busy moment of the machine hits every command alike
        runs["baseline"].append(wall(BASELINE))
        for name, cmd in COMMANDS.items():
            runs[name].append(wall(cmd))
    base = statistics.median(runs["baseline"])
    print(f"baseline: python -c 'import yaml, pydantic' (median of {repeat} runs)")
    for name in COMMANDS:
        print(f"  {name:46s} {statistics.median(runs[name]) / base:5.1f}× the baseline")
    ratio = statistics.median(runs["python -m core checkup examples/screws.yaml"]) / base
    verdict = "within" if ratio <= BOUND else "OVER"
    print(f"a checkup on the command line: {ratio:.1f}× ({verdict} the bound of {BOUND:g}×)")
    return 0 if ratio <= BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
