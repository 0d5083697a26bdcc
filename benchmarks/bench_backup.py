"""A save during a backup of 20,000 saved checkups (SQLite), as ratios against a single save in the same run.

The backup reads in a deferred transaction (core.storage.reading), which in WAL mode blocks no writer;
the last line shows what a save waited when the backup held the write lock, as it did before.
Run: make bench (or python benchmarks/bench_backup.py [N_CHECKUPS])
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

import core  # noqa: E402
import core.storage as storage  # noqa: E402


def fill(engine, n: int, data: dict, result: core.Result) -> None:
    """``n`` firms with a saved checkup each, in one transaction (as if saved over the years)."""
    now = dt.datetime.now(dt.timezone.utc)
    row = {"year": data["year"], "data_json": json.dumps(data, ensure_ascii=False),
           "result_json": json.dumps(result.model_dump(mode="json"), ensure_ascii=False),
           "total_tco2e": result.total_tco2e, "scope1_tco2e": result.scope1_tco2e, "scope2_tco2e": result.scope2_tco2e,
           "created_at": now, "updated_at": now}
    with engine.begin() as conn:
        first = conn.execute(insert(storage.Firm.__table__).returning(storage.Firm.__table__.c.id),
                             [{"code_hash": f"{i:064x}", "created_at": now} for i in range(1, n + 1)]).scalars().all()
        conn.execute(insert(storage.SavedCheckup.__table__), [{"firm_id": fid, **row} for fid in first])


def save_times(engine, data, result, code, until=None, count=15) -> list[float]:
    """Seconds of each save: ``count`` of them, or as many as fit while ``until()`` holds."""
    out = []
    while (until() if until else len(out) < count):
        start = time.perf_counter()
        storage.save_checkup(engine, data, result, code=code)
        out.append(time.perf_counter() - start)
        if until:
            time.sleep(0.05)
    return out


# the backup runs in its own process, as `python -m core backup` does beside the app
BACKUP = """
import sys, time
sys.path.insert(0, {root!r})
import core.storage as storage
from core.storage import backup
if {hold_lock!r}:
    backup.reading = lambda engine: engine  # as before: the transaction began IMMEDIATE, holding the write lock
engine = storage.make_engine({url!r})
start = time.perf_counter()
backup.backup(engine, {out!r})
print(time.perf_counter() - start)
"""


def during_backup(url: str, folder: Path, data, result, code, hold_lock: bool = False) -> tuple[list[float], float]:
    out = folder / "backup.jsonl.gz"
    script = BACKUP.format(root=str(ROOT), url=url, out=str(out), hold_lock=hold_lock)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    part = out.with_name(out.name + ".part")
    while not part.exists() and proc.poll() is None:  # the backup is under way, inside its transaction
        time.sleep(0.01)
    engine = storage.make_engine(url)
    times = save_times(engine, data, result, code, until=lambda: proc.poll() is None)
    engine.dispose()
    took = float(proc.communicate()[0])
    return times, took


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    checkup = core.load(ROOT / "examples" / "screws.yaml")
    data, result = core.to_data(checkup), core.compute(checkup)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder}/bench.db"
        engine = storage.make_engine(url)
        storage.upgrade(engine)
        fill(engine, n, data, result)
        code = storage.save_checkup(engine, data, result).code
        size = (folder / "bench.db").stat().st_size / 2**20
        alone = statistics.median(save_times(engine, data, result, code))
        times, took = during_backup(url, folder, data, result, code)
        print(f"baseline: one save alone ({alone * 1e3:.1f} ms on this run); database of {n:,} checkups, {size:.0f} MB")
        print(f"  {'the backup itself':48s} {took / alone:10.0f} × baseline")
        print(f"  {f'a save during the backup (median of {len(times)})':48s} {statistics.median(times) / alone:10.1f} × baseline")
        print(f"  {'the slowest save during the backup':48s} {max(times) / alone:10.1f} × baseline")
        before, took_before = during_backup(url, folder, data, result, code, hold_lock=True)
        print(f"  {'a save during a backup holding the write lock':48s} {max(before) / alone:10.0f} × baseline"
              f"  (the backup took {took_before / alone:.0f} ×)")
        engine.dispose()


if __name__ == "__main__":
    main()
