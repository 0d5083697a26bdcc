"""The README stays true: every command it shows exists, with the options it shows; every make target it names
is in the Makefile; every data file and page name it mentions is there."""

import re
import shlex
import tomllib
from pathlib import Path

import pytest

from core.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_LINES = [m.group(1) for m in re.finditer(r"^\.venv/bin/python -m core (.+?)(?:\s+#.*)?$", README, re.M)]


def test_the_readme_shows_the_commands():
    shown = {shlex.split(line)[0] for line in CLI_LINES}
    assert shown >= {"checkup", "advise", "report", "template", "batch", "factors", "schema", "staff", "backup"}


@pytest.mark.parametrize("line", CLI_LINES)
def test_each_command_line_parses(line):
    args = build_parser().parse_args(shlex.split(line))  # argparse exits (SystemExit) on an unknown option
    assert callable(args.func)


def test_make_targets_named_in_the_readme_exist():
    named = set(re.findall(r"`make ([a-z-]+)`", README)) | set(re.findall(r"^make ([a-z-]+)", README, re.M))
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    assert named and named <= targets


def test_paths_named_in_the_readme_exist():
    paths = set(re.findall(r"`((?:core|data|docs|schema|migrations|scripts|examples)/[^`*<> ]+)`", README))
    assert paths
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing


def test_the_sign_in_page_is_called_what_the_readme_calls_it():
    nav = tomllib.loads((ROOT / "locales" / "zh-TW" / "staff.toml").read_text(encoding="utf-8"))["nav"]
    assert f"{nav['login']} page" in README
