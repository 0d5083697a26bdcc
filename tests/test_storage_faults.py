"""Storage under faults: a saver killed at random moments loses no committed save; a database that is full,
read-only or gone says so in the user's language and keeps the answers; a backup never makes a save wait."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from apptest_helpers import SAVE, start
from conftest_pg import example
from sqlalchemy import event, text

import core
import core.storage as storage
from core.storage import backup

ROOT = Path(__file__).resolve().parent.parent
SCREWS = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))

# --------------------------------------------------------------------------- killed at random moments

# A fork server: it imports and computes once, then for each line on stdin forks a saver that saves in a loop,
# printing each receipt after its commit. The test kills the saver (a real process) with SIGKILL at random moments.
SAVER = """
import json, os, sys
sys.path.insert(0, {root!r})
import core, core.storage as storage
data = core.to_data(core.load({example!r}))
result = core.compute(core.parse_checkup(data))
for run, _ in enumerate(sys.stdin):
    pid = os.fork()
    if pid == 0:
        engine = storage.make_engine({url!r})
        n = 0
        while True:
            n += 1
            data["company"]["name"] = f"run{{run}}-{{n}}"
            receipt = storage.save_checkup(engine, data, result)
            print(json.dumps({{"code": receipt.code, "name": data["company"]["name"]}}), flush=True)
    print(json.dumps({{"pid": pid}}), flush=True)
    os.waitpid(pid, 0)
    print(json.dumps({{"ended": pid}}), flush=True)
"""


def test_a_saver_killed_at_random_moments_loses_no_committed_save(tmp_path):
    url = f"sqlite:///{tmp_path}/kill.db"
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    script = SAVER.format(root=str(ROOT), url=url, example=str(ROOT / "examples" / "screws.yaml"))
    server = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rnd = random.Random(15)
    committed: list[dict] = []
    kills = 0
    try:
        for _ in range(12):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = None
            while True:  # the saver's pid, then its first committed save
                line = json.loads(server.stdout.readline())
                if "pid" in line:
                    pid = line["pid"]
                elif "code" in line:
                    committed.append(line)
                    break
            time.sleep(rnd.uniform(0.01, 0.3))  # then a random moment, most likely in the middle of a save
            os.kill(pid, signal.SIGKILL)
            kills += 1
            while "ended" not in (line := json.loads(server.stdout.readline())):
                committed.append(line)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    assert kills >= 10 and len(committed) > kills
    with sqlite3.connect(tmp_path / "kill.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for c in committed:  # every save the saver was told was committed is there, whole
        saved = storage.load_checkup(engine, c["code"])
        assert saved.data["company"]["name"] == c["name"] and saved.result["total_tco2e"] == saved.total_tco2e
    with engine.connect() as conn:  # and nothing half-written: every firm has its one checkup
        assert conn.execute(text("select count(*) from firm where id not in (select firm_id from saved_checkup)")).scalar() == 0
    engine.dispose()


# --------------------------------------------------------------------------- a database that fails


def _full(engine) -> None:
    """SQLite may not grow the file by one more page: 'database or disk is full', as on a full disk."""

    @event.listens_for(engine, "connect")
    def _cap(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")


def _read_only(engine) -> None:
    @event.listens_for(engine, "connect")
    def _ro(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA query_only = ON")


@pytest.mark.parametrize("fault, code", [("full", "storage_full"), ("read_only", "storage_read_only"),
                                         ("gone", "storage_unavailable")])
def test_a_failed_save_is_a_storage_error_and_saves_nothing(fault, code, tmp_path):
    url = f"sqlite:///{tmp_path}/db/app.db"
    good = storage.make_engine(url)
    storage.upgrade(good)
    receipt = storage.save_checkup(good, *example())
    good.dispose()
    engine = storage.make_engine(url)
    if fault == "full":
        _full(engine)
    elif fault == "read_only":
        _read_only(engine)
    else:
        for p in (tmp_path / "db").iterdir():
            p.unlink()
        (tmp_path / "db").rmdir()
    with pytest.raises(core.StorageError) as err:
        storage.save_checkup(engine, *example(kwh=1))
    assert err.value.code == code
    assert "Traceback" not in err.value.message("zh-TW") and err.value.message("en") != err.value.message("zh-TW")
    engine.dispose()
    if fault != "gone":
        again = storage.make_engine(url)
        assert [s.data["electricity"]["kwh"] for s in storage.list_checkups(again, receipt.code)] == [150_000]
        with again.connect() as conn:
            assert conn.execute(text("select count(*) from saved_checkup")).scalar() == 1
        again.dispose()


def test_a_database_server_that_is_gone_is_unavailable():
    engine = storage.make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    with pytest.raises(core.StorageError) as err:
        storage.save_checkup(engine, *example())
    assert err.value.code == "storage_unavailable"
    with pytest.raises(core.StorageError):
        storage.upgrade(engine)


@pytest.mark.parametrize("url, words", [
    ("read_only", ("沒有儲存任何資料", "唯讀")),
    ("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2", ("沒有儲存任何資料", "連不上資料庫")),
])
def test_the_save_page_says_nothing_was_saved_keeps_the_answers_and_offers_the_file(url, words, tmp_path, monkeypatch):
    if url == "read_only":
        path = tmp_path / "app.db"
        storage.upgrade(storage.make_engine(f"sqlite:///{path}"))
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    monkeypatch.setenv("DATABASE_URL", url)
    at = start(SAVE, session={"checkup": SCREWS})
    at.button(key="save_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    shown = " ".join(e.value for e in at.error)
    assert all(w in shown for w in words), shown
    assert at.session_state["checkup"] == SCREWS and "resume_code" not in at.session_state
    download = at.get("download_button")
    assert any(d.proto.id and "dl_after_failed_save" in d.proto.id for d in download), [d.proto.id for d in download]


# --------------------------------------------------------------------------- backup while the app runs


def test_a_backup_blocks_no_save(tmp_path, monkeypatch):
    """A backup paused in the middle of its read; a save with no patience at all (busy_timeout 0) still goes through,
    and the backup is one consistent snapshot that does not hold it."""
    url = f"sqlite:///{tmp_path}/app.db"
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    first = storage.save_checkup(engine, *example())
    impatient = storage.make_engine(url)

    @event.listens_for(impatient, "connect")
    def _no_wait(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA busy_timeout = 0")

    reading, go_on = threading.Event(), threading.Event()
    dump = backup._dump

    def slow_dump(value):
        reading.set()
        go_on.wait(30)
        return dump(value)

    monkeypatch.setattr(backup, "_dump", slow_dump)
    done: dict = {}
    worker = threading.Thread(target=lambda: done.update(backup.backup(engine, tmp_path / "b.jsonl.gz")))
    worker.start()
    assert reading.wait(30)
    try:
        second = storage.save_checkup(impatient, *example(kwh=2))  # "database is locked" at once if the backup held it
    finally:
        go_on.set()
        worker.join(60)
    assert done["saved_checkup"] == 1  # the snapshot of when the backup began
    assert storage.load_checkup(engine, second.code).data["electricity"]["kwh"] == 2
    assert storage.load_checkup(engine, first.code)
    impatient.dispose()
    engine.dispose()


def test_reads_take_no_write_lock(tmp_path):
    url = f"sqlite:///{tmp_path}/app.db"
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    receipt = storage.save_checkup(engine, *example())
    other = sqlite3.connect(tmp_path / "app.db", timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        assert storage.list_checkups(engine, receipt.code)  # a read does not need it
    finally:
        other.execute("ROLLBACK")
        other.close()
    engine.dispose()


def test_make_engine_reads_a_sqlite_uri_without_making_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "x.db"
    storage.upgrade(storage.make_engine(f"sqlite:///{path}"))
    storage.make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert not (tmp_path / "file:").exists() and {p.split("-")[0] for p in os.listdir(tmp_path)} == {"x.db"}


def test_opening_a_code_when_the_database_is_gone_says_why_not_not_found(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    at = start(SAVE, session={"checkup": SCREWS})
    at.text_input(key="w._resume_code").input("AAAAA-BBBBB-CCCCC-DDDDD")
    at.button(key="resume_button").click().run()
    shown = " ".join(e.value for e in at.error)
    assert "無法打開" in shown and "連不上資料庫" in shown and "找不到" not in shown, shown
    assert at.session_state["checkup"] == SCREWS
