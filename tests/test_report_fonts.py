"""The PDF's fonts and charts: each font parsed once per process, the product's own text drawn by the
embedded font (no fallback font pulled in by a stray character), charts drawn without a chart engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import core
from core.i18n import catalog
from core.reports import fonts
from core.reports.pdf import build_pdf

ROOT = Path(__file__).resolve().parent.parent


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _missing(texts) -> dict[str, str]:
    cover = fonts.covered()
    out = {}
    for text in texts:
        lack = sorted({ch for ch in text.translate(fonts.DRAWN_AS) if ord(ch) not in cover and ch not in "\n\t"})
        if lack:
            out[text[:60]] = "".join(lack)
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "data").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalogue_text_is_drawn_by_the_embedded_font(path):
    """What the catalogues say reaches the PDF (measure and programme names, their sources): Noto Sans TC
    draws every character, so no system fallback font is ever embedded for it."""
    assert _missing(_strings(yaml.safe_load(path.read_text(encoding="utf-8")))) == {}


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_every_report_message_is_drawn_by_the_embedded_font(lang):
    texts = [v for k, v in catalog(lang).items() if k.split(".")[0] in ("report", "measures", "programmes", "fields", "flags", "sources")]
    assert texts and _missing(texts) == {}


@pytest.fixture(scope="module")
def screws():
    checkup = core.load(ROOT / "examples" / "screws.yaml")
    result = core.compute(checkup)
    return checkup, result, core.advise(checkup, result, "zh-TW")


def test_the_full_report_embeds_only_noto_sans_tc(screws):
    checkup, result, advice = screws
    pdf = build_pdf(checkup, result, advice["measures"], advice["programmes"], measures_total=advice["measures_total"])
    assert b"NotoSansTC" in pdf
    assert b"NotoSansCJK" not in pdf and b"DejaVu" not in pdf  # a 19 MB fallback face, for one character


def test_a_name_the_font_cannot_draw_still_gets_a_fallback_when_the_machine_has_one(screws):
    checkup, result, _ = screws
    odd = checkup.model_copy(deep=True)
    odd.company.name = "עברית"
    pdf = build_pdf(odd, result)
    if any(ord("ע") in cmap for *_, cmap in fonts._fallback_cmaps()):
        assert b"DejaVu" in pdf
    else:  # pragma: no cover - no system fallback: printed as ?
        assert b"DejaVu" not in pdf


PROCESS = """
import json, sys
sys.path.insert(0, {root!r})
import core
from core.reports import fonts
from core.reports.pdf import build_pdf
checkup = core.load({example!r})
result = core.compute(checkup)
advice = core.advise(checkup, result, "zh-TW")
odd = checkup.model_copy(deep=True)
odd.company.name = "עברית Ωmega"
sizes = [len(build_pdf(checkup, result, advice["measures"], advice["programmes"])) for _ in range(3)]
sizes += [len(build_pdf(odd, result, lang="en")) for _ in range(2)]
print(json.dumps({{"parses": [[k[0], k[1], n] for k, n in fonts.PARSES.items()], "sizes": sizes,
                  "vl_convert": "vl_convert" in sys.modules, "altair": "altair" in sys.modules}}))
"""


@pytest.fixture(scope="module")
def fresh_process():
    code = PROCESS.format(root=str(ROOT), example=str(ROOT / "examples" / "screws.yaml"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_each_font_is_parsed_once_per_process(fresh_process):
    parses = fresh_process["parses"]
    assert parses, "no font was parsed"
    assert str(fonts.font_path()) in {p for p, _, _ in parses}
    assert all(n == 1 for *_, n in parses), parses  # five reports, one parse of each font
    same = fresh_process["sizes"][:3]
    assert len(set(same)) == 1 and same[0] > 20_000  # a report after the first is the same whole report


def test_the_report_draws_its_charts_without_a_chart_engine(fresh_process):
    assert fresh_process["vl_convert"] is False and fresh_process["altair"] is False


def test_charts_are_vectors_and_text(screws):
    checkup, result, _ = screws
    pdf = build_pdf(checkup, result)
    assert b"/Subtype /Image" not in pdf  # no picture of a chart
    from tests.test_report_pdf import text_of

    text = text_of(pdf)
    for words in ("排放結構圖", "各排放源排放量（公噸 CO2e）", "範疇一與範疇二占比", "49%", "51%", "71.1"):
        assert words in text, words  # 67.09 / 138.19 = 49 %, electricity 71.10 t


def test_monthly_chart_is_drawn_with_the_months():
    checkup = core.parse_checkup({"year": 2024, "electricity": {"monthly_kwh": [1000 + 100 * i for i in range(12)]}})
    from tests.test_report_pdf import text_of

    text = text_of(build_pdf(checkup, core.compute(checkup)))
    assert "每月用電度數" in text and "12月" in text and "2,000" in text  # axis up to 2,100 kWh: ticks of 500
    assert "範疇一與範疇二占比" not in text  # one scope only


def test_nice_ticks():
    from core.reports.drawn import nice_ticks

    assert nice_ticks(71.1) == [0, 20, 40, 60, 80]
    assert nice_ticks(8.8) == [0, 2, 4, 6, 8, 10]
    assert [round(v, 6) for v in nice_ticks(1.0)] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    from core.reports.drawn import _tick

    assert [_tick(v) for v in (0, 0.6000000000000001, 2.5, 1500, 200000)] == ["0", "0.6", "2.5", "1,500", "200,000"]
    assert nice_ticks(2100) == [0, 500, 1000, 1500, 2000, 2500]
    assert nice_ticks(0) == [0.0, 1.0]
