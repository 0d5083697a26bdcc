"""An error code becomes words in one place (core/errors.py: ``text`` and ``message``): the command line, the
pages and the reports show the same sentence for the same error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import core
from core.errors import CheckupError, ExportProblem, InputError, SignInFailed

from test_cli import run

ROOT = Path(__file__).resolve().parent.parent
TOO_MUCH = {"format": "checkup/1", "year": 2024, "electricity": {"kwh": 1e15}}


def _the_error(data) -> CheckupError:
    with pytest.raises(CheckupError) as caught:
        core.parse_checkup(data)
    err = caught.value
    return err.errors[0] if isinstance(err, core.ValidationErrors) else err


def test_a_limit_reads_as_people_write_it_on_the_command_line_too(tmp_path, monkeypatch):
    """main printed 'limit 1000000000.0' while the page said 1,000,000,000 (two routes from code to text)."""
    f = tmp_path / "big.yaml"
    f.write_text("format: checkup/1\nyear: 2024\nelectricity: {kwh: 1e15}\n", encoding="utf-8")
    out = run("checkup", str(f))
    assert out.returncode == 2
    assert "上限 1,000,000,000）" in out.stderr and "(limit 1,000,000,000)" in out.stderr


def test_text_is_the_error_and_message_adds_the_field():
    err = _the_error(TOO_MUCH)
    assert err.field == "electricity" and err.code == "too_large"
    assert err.text("zh-TW") == core.t("errors.too_large", "zh-TW", max="1,000,000,000")
    field = core.errors.field_label("electricity", "en")
    assert err.message("en") == core.t("errors.at_field", "en", field=field, message=err.text("en"))


def test_the_page_shows_the_same_words_beside_the_field():
    from apptest_helpers import INVENTORY, start

    at = start(INVENTORY, session={"checkup": dict(TOO_MUCH), "step": 1, "_step_widget": 1})
    assert any(_the_error(TOO_MUCH).text("zh-TW") in e.value for e in at.error)


def test_each_kind_of_error_reads_from_its_own_part_of_the_catalogue():
    assert ExportProblem("cbam_no_goods").text("en") == core.t("exports.errors.cbam_no_goods", "en")
    assert SignInFailed().text("zh-TW") == core.t("staff.errors.sign_in_failed", "zh-TW")
    assert InputError("negative", "fuels[0].amount").message("zh-TW").startswith(core.errors.field_label("fuels[0].amount", "zh-TW"))


def test_no_page_or_ui_helper_turns_an_error_code_into_text_itself():
    builders = [f"{p.relative_to(ROOT)}:{n}" for d in ("ui", "pages") for p in sorted((ROOT / d).rglob("*.py"))
                for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"""["'](staff\.|exports\.)?errors\.\{""", line)]
    assert builders == []
