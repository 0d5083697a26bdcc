"""Texts an owner can hand on: every measure source shown is a citation; research notes stay in the data file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.advice.measures import library, suggest

from test_measures import OLD_COMPRESSOR, StubFactors, checkup, result  # noqa: F401
from test_programme_status import RESEARCH_NOTE

ROOT = Path(__file__).resolve().parents[1]
KANA = re.compile(r"[\u3040-\u30ff]")
VENDOR_OR_FORUM = ("vendor", "ledtube", "hdsolar", "initialsolar", "eco-saving", "forum", "blog", "faqs", "talkapple")


def test_no_japanese_character_in_the_measure_data():
    # a single kana pulls a 19 MB fallback font into the PDF
    for name in ("measures.yaml", "industry_energy_breakdown.yaml"):
        assert not KANA.search((ROOT / "data" / name).read_text(encoding="utf-8")), name


def test_no_source_title_or_publisher_carries_a_research_note_or_is_a_vendor_page():
    for sid, src in library()["sources"].items():
        titles = src["title"].values() if isinstance(src["title"], dict) else [src["title"]]
        for text in [*titles, src["publisher"], src.get("url") or ""]:
            assert not RESEARCH_NOTE.search(text), (sid, text)
            assert not any(v in text.lower() for v in VENDOR_OR_FORUM), (sid, text)
        if isinstance(src["title"], dict):
            assert set(src["title"]) == {"zh-TW", "en"}, sid


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_every_source_a_measure_shows_is_a_citation_without_notes(lang):
    c = checkup({"air_compressors": [OLD_COMPRESSOR], "pumps": [{"kw": 15}], "motors": [{"kw": 11}],
                 "lighting": [{"type": "metal_halide", "count": 10}], "boilers": [{"fuel": "diesel", "capacity_tph": 2}],
                 "process_heat": [{"temperature_c": 60, "source": "diesel", "kw": 10}], "roof_area_m2": 800,
                 "furnaces": [{"fuel": "diesel", "kw": 80, "temperature_c": 900}],
                 "injection_moulding": [{"kw": 22}], "waste_heat_sources": ["exhaust"]},
                {"contract_kw": 300, "peak_kw": 200, "power_factor": 0.85})
    ms = suggest(c, result(500_000, 20_000), factors=StubFactors())
    assert len(ms) >= 20
    for m in ms:
        d = m.to_dict(lang)
        assert d["sources"], m.id
        for s in d["sources"]:
            text = s["text"]
            assert text and not RESEARCH_NOTE.search(text), (m.id, text)
            assert "notes" not in s  # research notes never travel with what is shown
            if s.get("publisher"):
                assert text.startswith(s["publisher"]), (m.id, text)
            if s.get("url"):
                assert text.endswith(s["url"]) or s.get("value") is not None, (m.id, text)
        for line in d["working"] + d["assumptions"] + d["notes"]:
            assert not RESEARCH_NOTE.search(line), (m.id, line)
    # our own assumption reads in the reader's language
    texts = {s["text"] for m in ms for s in m.to_dict(lang)["sources"]}
    mine = "工廠碳健診 本工具的假設" if lang == "zh-TW" else "Carbon Checkup assumption"
    assert any(mine in t for t in texts)
