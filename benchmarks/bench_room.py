"""The workshop room at association scale, as ratios against baselines measured in the same run.

1. The host's dashboard data at 100, 1,000 and 10,000 firms, against one SQL query of the same rows
   (``SELECT * FROM room_contribution WHERE workshop_id = ?``), on SQLite and PostgreSQL. Target: within 10×.
   "computed": the figures aggregated from the tables (as after any new share); "refresh": the 10-second
   refresh of a room that did not change (the figures kept, the page of the table read again).
2. The host page rerun at 10,000 firms (AppTest, in process), against a bare page with a title and a button.
   Target: within 20×.
3. 30 workshop participants saving at once through the app's save path (save the checkup, then share it with
   the workshop, as ``ui.engine.save`` does), different firms and one firm from 30 browsers, on SQLite and
   PostgreSQL: errors, and the slowest save against a single save alone. Target: 0 errors, within 30×.

PostgreSQL runs when ``TEST_DATABASE_URL`` is set (``make bench`` starts the throw-away cluster of
scripts/pg_test_cluster.sh); each run uses its own schema, dropped afterwards.
Run: make bench (or python benchmarks/bench_room.py [SIZES], e.g. 100,1000)
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402

import core  # noqa: E402
import core.storage as storage  # noqa: E402
from core import accounts  # noqa: E402
from core.accounts import workshops  # noqa: E402
from core.storage.tables import Firm, RoomAdvice, RoomContribution, WorkshopParticipant  # noqa: E402

PASSWORD = "correct horse battery staple"
SIZES = (100, 1_000, 10_000)


def paired(base, fn, repeat: int = 9) -> tuple[float, float]:
    """Median seconds of ``base`` and of ``fn``, run in turns so that both see the same load of the machine."""
    base(), fn()  # warm: caches, the connection pool
    a, b = [], []
    for _ in range(repeat):
        for f, out in ((base, a), (fn, b)):
            start = time.perf_counter()
            f()
            out.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


@contextmanager
def database(kind: str, folder: Path):
    """A URL of an empty database: a SQLite file, or a fresh schema on the PostgreSQL of TEST_DATABASE_URL."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/room-{uuid.uuid4().hex[:6]}.db"
        return
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def checkup(kwh: float = 150_000):
    data = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))
    data["electricity"] = {"kwh": kwh}
    parsed = core.parse_checkup(data)
    return core.to_data(parsed), core.compute(parsed)


def host_of(engine):
    accounts.create_staff(engine, "host@example.org", "association_host", PASSWORD, name="主持人")
    return accounts.sign_in(engine, "host@example.org", PASSWORD)


def fill_room(engine, host, n: int, template: dict, advice: list[dict]) -> int:
    """A workshop of ``n`` firms that shared, written in bulk from one real contribution (totals varied)."""
    ws = workshops.create_workshop(engine, host, f"{n} 家", dt.date(2026, 12, 1))
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        firms = conn.execute(insert(Firm.__table__).returning(Firm.__table__.c.id),
                             [{"code_hash": uuid.uuid4().hex * 2, "created_at": now} for _ in range(n)]).scalars().all()
        parts = conn.execute(insert(WorkshopParticipant.__table__).returning(WorkshopParticipant.__table__.c.id), [
            {"workshop_id": ws.id, "token_hash": uuid.uuid4().hex * 2, "firm_id": f, "show_name": i % 3 == 0,
             "firm_name": f"廠商{i}" if i % 3 == 0 else None, "joined_at": now, "finished_at": now}
            for i, f in enumerate(firms)]).scalars().all()
        rows = []
        for i, (p, f) in enumerate(zip(parts, firms)):
            scale = 0.2 + (i * 7919 % 1000) / 250  # 0.2 … 4.2 × the example firm
            row = {k: (v * scale if isinstance(v, float) and k.endswith(("tco2e", "revenue", "employee")) else v)
                   for k, v in template.items()}
            rows.append({**row, "participant_id": p, "workshop_id": ws.id, "firm_id": f, "shared_at": now})
        conn.execute(insert(RoomContribution.__table__), rows)
        conn.execute(insert(RoomAdvice.__table__), [{**a, "participant_id": p, "workshop_id": ws.id} for p in parts for a in advice])
    return ws.id


def one_query(engine, workshop_id: int) -> None:
    """The baseline: one SQL query of the same rows."""
    with engine.connect() as c:
        c.execute(select(RoomContribution.__table__).where(RoomContribution.__table__.c.workshop_id == workshop_id)).all()


def template_of(engine, staff) -> tuple[dict, list[dict]]:
    """One firm shared through the real path: its contribution and advice rows are the template of the room."""
    ws = workshops.create_workshop(engine, staff, "樣本", dt.date(2026, 12, 1))
    receipt = storage.save_checkup(engine, *checkup())
    workshops.link_saved(engine, workshops.join(engine, ws.join_code).token, receipt.code)
    with engine.connect() as c:
        t = RoomContribution.__table__
        row = dict(c.execute(select(t).where(t.c.workshop_id == ws.id)).mappings().one())
        a = RoomAdvice.__table__
        advice = [dict(r) for r in c.execute(select(a.c.kind, a.c.item_id, a.c.name_zh, a.c.name_en).where(a.c.workshop_id == ws.id)).mappings()]
    for key in ("participant_id", "workshop_id", "firm_id", "shared_at"):
        row.pop(key)
    return row, advice


# --------------------------------------------------------------------------- 1. dashboard data


def bench_dashboard(kind: str, folder: Path, sizes) -> dict[int, int]:
    rooms: dict[int, int] = {}
    with database(kind, folder) as url:
        engine = storage.make_engine(url)
        storage.upgrade(engine)
        signed = host_of(engine)
        template, advice = template_of(engine, signed.staff)
        for n in sizes:
            rooms[n] = fill_room(engine, signed.staff, n, template, advice)
        print(f"\n1. the host's dashboard data, {kind} (target: within 10× one query of the same rows)")
        print(f"  {'':12s} {'baseline':>16s}   {'computed':>18s}   {'refresh, room unchanged':>26s}")
        for n in sizes:
            def computed() -> None:
                workshops.forget_rooms()  # the figures computed from the tables, as after any new share
                workshops.dashboard(engine, signed.staff, rooms[n])

            base, took = paired(lambda: one_query(engine, rooms[n]), computed)
            base2, kept = paired(lambda: one_query(engine, rooms[n]), lambda: workshops.dashboard(engine, signed.staff, rooms[n]))
            print(f"  {n:>6,} firms {base * 1e3:13.1f} ms   {took / base:14.1f} ×   {kept / base2:22.2f} ×")
        if kind == "sqlite" and max(sizes) >= 10_000:
            bench_page(url, engine, signed.token, rooms[max(sizes)], max(sizes))
        engine.dispose()
    return rooms


# --------------------------------------------------------------------------- 2. the host page


def bench_page(url: str, engine, token: str, workshop_id: int, n: int) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url  # the page's engine (ui.engine) opens the same database
    bare = AppTest.from_string("import streamlit as st\nst.title('工作坊')\nst.button('重新整理')\n", default_timeout=120)
    page = AppTest.from_file(str(ROOT / "pages" / "staff" / "workshops.py"), default_timeout=300)
    page.session_state["staff_token"] = token
    page.session_state["_ws_selected"] = workshop_id
    base, took = paired(lambda: bare.run(), lambda: page.run(), repeat=5)
    assert not page.exception, page.exception
    print(f"\n2. the host page rerun at {n:,} firms (target: within 20× a bare page)")
    print(f"  baseline: a bare page with a title and a button, {base * 1e3:.1f} ms")
    print(f"  {'host page (figures, charts, one page of the table)':52s} {took / base:6.1f} × baseline")


# --------------------------------------------------------------------------- 3. thirty saving at once


def app_save(engine, token: str, data, result, code: str | None = None) -> None:
    """The app's save path (ui.engine.save): keep the checkup, then share it with the workshop joined."""
    receipt = storage.save_checkup(engine, data, result, code=code)
    workshops.link_saved(engine, token, receipt.code)


def bench_saves(kind: str, folder: Path, n: int = 30) -> None:
    with database(kind, folder) as url:
        engine = storage.make_engine(url)
        storage.upgrade(engine)
        signed = host_of(engine)
        ws = workshops.create_workshop(engine, signed.staff, "三十家同時儲存", dt.date(2026, 12, 1))
        inputs = [checkup(100_000 + 1_000 * i) for i in range(n)]
        single = []
        for i in range(7):
            token = workshops.join(engine, ws.join_code).token
            start = time.perf_counter()
            app_save(engine, token, *inputs[i])
            single.append(time.perf_counter() - start)
        alone = statistics.median(single[1:])
        print(f"\n3. {n} participants saving at once, {kind} (target: 0 errors, the slowest within 30× one save)")
        print(f"  baseline: one save alone through the same path, {alone * 1e3:.1f} ms")
        same = storage.save_checkup(engine, *inputs[0]).code
        for label, code_of in (("different firms", lambda i: None), ("one firm, same year, 30 browsers", lambda i: same)):
            tokens = [workshops.join(engine, ws.join_code).token for _ in range(n)]
            barrier = threading.Barrier(n)
            times: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()

            def participant(i: int) -> None:
                barrier.wait(timeout=60)  # everybody presses "save" at the same moment
                start = time.perf_counter()
                try:
                    app_save(engine, tokens[i], *inputs[i], code=code_of(i))
                except Exception as exc:  # noqa: BLE001 - counted and shown
                    with lock:
                        errors.append(type(exc).__name__ + ": " + str(exc).splitlines()[0][:80])
                    return
                with lock:
                    times.append(time.perf_counter() - start)

            threads = [threading.Thread(target=participant, args=(i,)) for i in range(n)]
            for th in threads:
                th.start()
            for th in threads:
                th.join(timeout=300)
            slowest = max(times) / alone if times else float("nan")
            median = statistics.median(times) / alone if times else float("nan")
            print(f"  {label:34s} errors {len(errors):2d}   median {median:5.1f} ×   slowest {slowest:5.1f} × baseline")
            for e in sorted(set(errors))[:3]:
                print(f"      {e}")
        engine.dispose()


def main() -> None:
    sizes = tuple(int(x) for x in sys.argv[1].split(",")) if len(sys.argv) > 1 else SIZES
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
    if len(kinds) == 1:
        print("(PostgreSQL skipped: set TEST_DATABASE_URL, as `make bench` does)")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            bench_dashboard(kind, Path(tmp), sizes)
        for kind in kinds:
            bench_saves(kind, Path(tmp))


if __name__ == "__main__":
    main()
