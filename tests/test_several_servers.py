"""Several app servers on one database: 30 starting together all come up; saves of one firm and year race safely.

Each "server" is its own process (forked, so the imports are paid once) doing what the app does when it
starts (``make_engine`` and ``upgrade``), all released at the same moment by a barrier. On PostgreSQL (TEST_DATABASE_URL) and on SQLite; from an
empty database and from one at the previous revision.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import core.storage as storage
from conftest_pg import ROOT, example, save_firm

SERVERS = 30

def _server(url: str, barrier, out) -> None:
    """What an app server does when it starts, released together with the others (a forked process)."""
    try:
        engine = storage.make_engine(url)
        barrier.wait(120)
        storage.upgrade(engine)
        with engine.connect() as c:
            out.put((0, c.exec_driver_sql("select version_num from alembic_version").scalar_one()))
        engine.dispose()
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        out.put((1, f"{type(exc).__name__}: {exc} (cause: {exc.__cause__!r})"[-2000:]))


def _start_servers(url: str, n: int = SERVERS) -> list[tuple[int, str]]:
    """``n`` processes (forked: the imports are done once) start on ``url`` at the same moment."""
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_server, args=(url, barrier, out)) for _ in range(n)]
    for p in procs:
        p.start()
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(60)
        if p.exitcode != 0:
            results.append((1, f"exit status {p.exitcode}"))
    return results


def _head() -> str:
    return ScriptDirectory.from_config(storage.alembic_config()).get_current_head()


@pytest.mark.parametrize("start_from", ["empty", "previous"])
def test_thirty_servers_starting_together_all_come_up(db_url, start_from):
    eng = storage.make_engine(db_url)
    codes = []
    try:
        if start_from == "previous":  # an old database with firms in it
            command.upgrade(storage.alembic_config(eng), "0001")
            codes = [save_firm(eng, 100_000 + i).code for i in range(3)]
        results = _start_servers(db_url)
        failed = [text for status, text in results if status != 0]
        assert not failed, failed[0]
        assert len(results) == SERVERS and {text for _, text in results} == {_head()}
        with eng.connect() as c:
            assert c.execute(text("select count(*) from alembic_version")).scalar_one() == 1
        assert {"firm", "saved_checkup", "staff_user", "audit_log"} <= set(inspect(eng).get_table_names())
        for code in codes:
            assert storage.load_checkup(eng, code).year == 2024
    finally:
        eng.dispose()


def test_saving_the_same_firm_and_year_from_many_sessions_at_once_never_raises(db_engine):
    data, result = example(150_000)
    code = storage.save_checkup(db_engine, data, result).code
    versions = [example(100_000 + 1000 * i) for i in range(16)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(versions))

    def save(version):
        try:
            barrier.wait()
            storage.save_checkup(db_engine, version[0], version[1], code=code)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(v,)) for v in versions]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert errors == []
    saved = storage.list_checkups(db_engine, code)
    assert [s.year for s in saved] == [2024]  # one row: the same firm and year replaced, never doubled
    assert any(saved[0].total_tco2e == pytest.approx(v[1].total_tco2e) for v in versions)  # one of them, whole


def test_a_firms_first_checkup_of_a_year_sent_from_many_sessions_at_once_keeps_one_row_per_year(db_engine):
    """The race on the insert itself: the first checkup of a year, sent from several sessions at once, year after year."""
    first = storage.save_checkup(db_engine, *example(150_000, 2024))
    years = list(range(2012, 2024))
    sessions = 8
    errors: list[BaseException] = []

    for year in years:
        barrier = threading.Barrier(sessions)

        def save(i, year=year, barrier=barrier):
            try:
                barrier.wait()
                storage.save_checkup(db_engine, *example(100_000 + i, year), code=first.code)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=save, args=(i,)) for i in range(sessions)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
    assert errors == []
    assert [s.year for s in storage.list_checkups(db_engine, first.code)] == [2024, *reversed(years)]


def test_the_readme_says_how_several_servers_share_one_database():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "advisory lock" in readme
    assert Path(ROOT / "migrations" / "env.py").read_text(encoding="utf-8").count('attributes.get("connection")') == 1
