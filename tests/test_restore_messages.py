"""``python -m core restore`` on wrong and damaged backups: each says what is wrong (where, in both languages),
exits 2, restores nothing, and a file that is not a backup leaves no database behind."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest_pg import save_firm
from sqlalchemy import inspect, text

import core.storage as storage
from core import cli
from core.storage import backup


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backup")
    engine = storage.make_engine(f"sqlite:///{folder}/source.db")
    storage.upgrade(engine)
    save_firm(engine)
    path = folder / "good.jsonl.gz"
    backup.backup(engine, path)
    engine.dispose()
    return [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]


def _row(lines, table):
    return next(ln for ln in lines[1:] if ln["t"] == table)["r"]


VARIANTS = {
    # name: (change the lines, code, words in English, words in Chinese)
    "a row that is a list": (lambda ls: ls.__setitem__(1, ["firm", {}]), "backup_bad_line", "Line 2", "第 2 行"),
    "an impossible date": (lambda ls: _row(ls, "firm").__setitem__("created_at", "2024-02-30T00:00:00"),
                           "backup_bad_line", "Line 2", "第 2 行"),
    "a blank where a value is needed": (lambda ls: _row(ls, "saved_checkup").__setitem__("data_json", None),
                                        "backup_bad_row", "saved_checkup", "saved_checkup"),
    "a link to no row": (lambda ls: _row(ls, "saved_checkup").__setitem__("firm_id", 999),
                         "backup_bad_row", "link to a row that is not there", "連到不存在的資料"),
    "a mapping where a number goes": (lambda ls: _row(ls, "saved_checkup").__setitem__("year", {"a": 1}),
                                      "backup_bad_row", "wrong kind", "種類不對"),
    "a table that does not exist": (lambda ls: ls[1].__setitem__("t", "no_such_table"), "backup_bad_line", "Line 2", "第 2 行"),
    "an older schema": (lambda ls: ls[0].__setitem__("revision", "0001"), "backup_other_revision",
                        "another version", "另一個版本"),
    "not a backup header": (lambda ls: ls.__setitem__(0, {"format": "something-else"}), "backup_bad_file",
                            "not a Carbon Checkup backup", "不是碳健診的備份檔"),
    "a row fewer than the header says": (lambda ls: ls.pop(), "backup_cut_off", "cut off", "不完整"),
}


def _restore(capsys, monkeypatch, tmp_path, path, name="target"):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/{name}.db")
    status = cli.main(["restore", str(path)])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_damaged_backup_says_where_and_restores_nothing(variant, good, tmp_path, capsys, monkeypatch):
    change, code, en, zh = VARIANTS[variant]
    lines = json.loads(json.dumps(good))
    change(lines)
    path = tmp_path / "bad.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(ln, ensure_ascii=False) + "\n" for ln in lines)
    status, err = _restore(capsys, monkeypatch, tmp_path, path)
    assert status == 2, err
    assert en in err and zh in err and "Nothing was restored" in err and "沒有還原任何資料" in err, err
    assert "unexpected" not in err
    target = storage.make_engine(f"sqlite:///{tmp_path}/target.db")
    tables = inspect(target).get_table_names()
    if code in ("backup_bad_file", "backup_other_revision"):
        assert tables == []  # checked before the database was touched
    else:
        with target.connect() as conn:
            assert conn.execute(text("select count(*) from firm")).scalar() == 0
    target.dispose()


def test_a_missing_backup_is_missing_not_damaged_and_creates_no_database(tmp_path, capsys, monkeypatch):
    status, err = _restore(capsys, monkeypatch, tmp_path, tmp_path / "nowhere.jsonl.gz")
    assert status == 2 and "There is no backup file at" in err and "找不到備份檔" in err and "damaged" not in err
    assert not (tmp_path / "target.db").exists()


def test_a_cut_off_gzip_is_cut_off(good, tmp_path, capsys, monkeypatch):
    path = tmp_path / "whole.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(ln) + "\n" for ln in good)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(path.read_bytes()[:-12])
    status, err = _restore(capsys, monkeypatch, tmp_path, cut)
    assert status == 2 and "cut off" in err and "不完整" in err


def test_a_good_backup_still_restores(good, tmp_path, capsys, monkeypatch):
    path = tmp_path / "good.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(ln, ensure_ascii=False) + "\n" for ln in good)
    status, _ = _restore(capsys, monkeypatch, tmp_path, path)
    assert status == 0
