"""The product's data files are parsed once per process, with libyaml's C parser, through one function."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from core import datafiles

ROOT = Path(__file__).resolve().parent.parent

JOURNEY = """
import json, sys, datetime as dt
sys.path.insert(0, {root!r})
import core
from core import datafiles
from core.inventory import factors
checkup = core.load({example!r})
for _ in range(3):  # three reruns of every owner-facing page's work
    result = core.compute(checkup)
    advice = core.advise(checkup, result, "zh-TW")
    core.advise(checkup, result, "en")
    from core.exports import cbam, moenv, vsme
    from core.reports.pdf import build_pdf
    build_pdf(checkup, result, advice["measures"], advice["programmes"])
print(json.dumps({{"parses": datafiles.PARSES, "loader": datafiles.LOADER.__name__}}))
"""


def test_no_catalogue_is_parsed_twice_in_a_process():
    code = JOURNEY.format(root=str(ROOT), example=str(ROOT / "examples" / "screws.yaml"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    parses = out["parses"]
    for name in ("measures.yaml", "programmes.yaml", "obligations.yaml", "limits.yaml"):
        assert parses.get(name) == 1, (name, parses)  # the journey used it, once
    assert set(parses.values()) == {1}, parses
    assert out["loader"] == "CSafeLoader"


def test_no_data_file_is_read_with_yaml_outside_the_one_loader():
    """A new catalogue goes through datafiles.load_yaml (or it would be parsed in pure Python, per call)."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py")
                 if p.name not in ("datafiles.py", "untrusted.py", "format.py")  # untrusted: users' files, bounded
                 and ("yaml.safe_load(" in (text := p.read_text(encoding="utf-8")) or "yaml.load(" in text)]
    assert offenders == []


def test_the_loader_gives_what_pyyaml_gives(tmp_path):
    path = tmp_path / "sample.yaml"
    path.write_text("a: 1\nb: [x, 中文]\nc: {d: 2.5}\n", encoding="utf-8")
    assert datafiles.load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))
    assert datafiles.load_yaml(path) is datafiles.load_yaml(path)  # parsed once, shared
    assert datafiles.PARSES[str(path.resolve())] == 1
