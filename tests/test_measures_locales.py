"""The measures catalogue: the same keys and {placeholders} in both languages, Taiwan wording."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import core
from core.advice.measures import library, suggest

from test_measures import OLD_COMPRESSOR, StubFactors, checkup, result

ROOT = Path(__file__).resolve().parents[1]
FILES = {lang: ROOT / "locales" / lang / "measures.toml" for lang in ("zh-TW", "en")}
# Simplified-only characters and mainland wording that must not appear in Taiwan text
SIMPLIFIED = set("这们说时为电气发会业数据设备单应过对关进产还开书问长门东车见页风么让试请读写买卖热环废资节价检录负总费务项温压缩厂员换输链机变频灯锅炉线调额")
MAINLAND = ["光伏", "默认", "信息", "质量", "水泵", "电机", "视频", "网络", "软件", "激活"]


def flat(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for k, v in node.items():
            key = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                walk(key, v)
            else:
                out[key] = str(v)

    with path.open("rb") as fh:
        walk("", tomllib.load(fh))
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_in_both_languages():
    zh, en = flat(FILES["zh-TW"]), flat(FILES["en"])
    assert set(zh) - set(en) == set()
    assert set(en) - set(zh) == set()


def test_same_placeholders_in_both_languages():
    zh, en = flat(FILES["zh-TW"]), flat(FILES["en"])
    assert [k for k in zh if placeholders(zh[k]) != placeholders(en[k])] == []


def test_taiwan_wording():
    texts = [FILES["zh-TW"].read_text(encoding="utf-8"), (ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"),
             (ROOT / "data" / "industry_energy_breakdown.yaml").read_text(encoding="utf-8"),
             (ROOT / "pages" / "advice" / "measures.py").read_text(encoding="utf-8")
             if (ROOT / "pages" / "advice" / "measures.py").exists() else ""]
    # the Japanese source titles in measures.yaml use Japanese kanji, which is not the concern here
    texts = [re.sub(r"title: \"[^\"]*[ぁ-んァ-ン][^\"]*\"", "", t) for t in texts]
    found = {ch for t in texts for ch in t if ch in SIMPLIFIED}
    assert found == set(), "".join(sorted(found))
    assert [w for t in texts for w in MAINLAND if w in t] == []


def test_every_text_a_measure_can_show_exists_in_both_languages():
    c = checkup({"air_compressors": [OLD_COMPRESSOR], "pumps": [{"kw": 15}], "motors": [{"kw": 11}],
                 "lighting": [{"type": "T8", "count": 10}], "boilers": [{"fuel": "diesel", "capacity_tph": 2}],
                 "process_heat": [{"temperature_c": 60, "source": "diesel", "kw": 10}], "roof_area_m2": 800,
                 "waste_heat_sources": ["exhaust"]},
                {"contract_kw": 300, "peak_kw": 200, "power_factor": 0.85})
    ms = suggest(c, result(500_000, 20_000), factors=StubFactors())
    assert len(ms) >= 15
    for lang in ("zh-TW", "en"):
        for m in ms:
            d = m.to_dict(lang)
            assert d["name"] and d["basis_text"] and d["working"]
            assert not any("{" in line for line in d["working"]), d["working"]


def test_measure_names_in_the_library_and_catalogue_agree():
    for m in library()["measures"]:
        assert core.t(f"measures.name.{m['id']}", "zh-TW") == m["names"]["zh-TW"]
        assert core.t(f"measures.name.{m['id']}", "en") == m["names"]["en"]
