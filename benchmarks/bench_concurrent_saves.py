"""30 saves at once (the same firm and year, and 30 different firms), SQLite and PostgreSQL, as ratios against one save.

Each save runs in its own thread with its own connection from the pool, released together by a barrier, as
30 sessions of a workshop pressing 儲存 at the same moment would. Printed: the median and the slowest save
of the 30 against a single save measured in the same run, the wall time of the burst against 30 single
saves one after the other, and the number of errors (must be 0). PostgreSQL runs when TEST_DATABASE_URL
(or BENCH_DATABASE_URL) is set, in a schema of its own, dropped afterwards.

Run: make bench (or python benchmarks/bench_concurrent_saves.py)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

import core  # noqa: E402
import core.storage as storage  # noqa: E402

SESSIONS = 30


def _example(kwh: float):
    data = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))
    data["electricity"] = {"kwh": kwh}
    checkup = core.parse_checkup(data)
    return core.to_data(checkup), core.compute(checkup)


def _burst(engine, versions, codes) -> tuple[list[float], float, int]:
    barrier = threading.Barrier(len(versions))
    times: list[float] = []
    errors: list[BaseException] = []

    def save(i):
        barrier.wait()
        start = time.perf_counter()
        try:
            storage.save_checkup(engine, *versions[i], code=codes[i])
        except BaseException as exc:  # noqa: BLE001 - counted
            errors.append(exc)
        times.append(time.perf_counter() - start)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(versions))]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, time.perf_counter() - start, len(errors)


def run(label: str, url: str) -> None:
    # SQLite: the app's engine; PostgreSQL: a pool of 30, so that the database, not the pool, is measured
    engine = storage.make_engine(url) if url.startswith("sqlite") else create_engine(url, pool_size=SESSIONS, pool_pre_ping=True)
    storage.upgrade(engine)
    versions = [_example(100_000 + 1000 * i) for i in range(SESSIONS)]
    first = storage.save_checkup(engine, *versions[0])
    for v in versions[:5]:  # warm the pool and the caches
        storage.save_checkup(engine, *v, code=first.code)
    single = []
    for v in versions[:15]:
        start = time.perf_counter()
        storage.save_checkup(engine, *v, code=first.code)
        single.append(time.perf_counter() - start)
    one = statistics.median(single)
    same = _burst(engine, versions, [first.code] * SESSIONS)
    others = [storage.save_checkup(engine, *v).code for v in versions]
    different = _burst(engine, versions, others)
    print(f"{label}: one save (baseline) = 1.00")
    for name, (times, wall, errors) in (("same firm and year", same), ("30 different firms", different)):
        print(f"  {SESSIONS} at once, {name}: median save {statistics.median(times) / one:5.1f}×, slowest "
              f"{max(times) / one:5.1f}×, whole burst {wall / (one * SESSIONS):4.2f}× of {SESSIONS} saves in a row, errors {errors}")
    engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.db")
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not pg:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL, e.g. with scripts/pg_test_cluster.sh)")
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in pg else "?"
        run("PostgreSQL", f"{pg}{sep}options={quote(f'-csearch_path={schema}')}")
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
