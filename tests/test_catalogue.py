"""Message catalogues: both languages complete, same placeholders, Taiwan wording."""

import re
import string
import tomllib
from pathlib import Path

import pytest

from core.i18n import LOCALES_DIR, catalog, t

ROOT = Path(__file__).resolve().parents[1]

# Characters written only in Simplified Chinese, and mainland terms, that must not appear.
SIMPLIFIED = set("这们说时为电气发会业数据设备单应过对关进产还开书问长门东车见页风么让试请读写买卖热环废资节价检录负总费务项温压缩厂员换输链")
MAINLAND_TERMS = ["默認", "默认", "信息", "軟件", "視頻", "網絡", "文件夾", "服務器", "打印", "質量數據"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    zh, en = catalog("zh-TW"), catalog("en")
    assert set(zh) - set(en) == set(), "keys missing in English"
    assert set(en) - set(zh) == set(), "keys missing in Chinese"


def test_same_placeholders_in_both_languages():
    zh, en = catalog("zh-TW"), catalog("en")
    bad = [k for k in zh if k in en and placeholders(zh[k]) != placeholders(en[k])]
    assert bad == []


def test_same_namespace_files_in_both_languages():
    assert sorted(p.name for p in (LOCALES_DIR / "zh-TW").glob("*.toml")) == sorted(p.name for p in (LOCALES_DIR / "en").glob("*.toml"))


def test_traditional_chinese_as_written_in_taiwan():
    texts = [p.read_text(encoding="utf-8") for p in (LOCALES_DIR / "zh-TW").glob("*.toml")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*") if p.suffix in (".csv", ".yaml", ".yml")]
    found = {ch for text in texts for ch in text if ch in SIMPLIFIED}
    assert found == set(), f"Simplified characters: {''.join(sorted(found))}"
    terms = [term for text in texts for term in MAINLAND_TERMS if term in text]
    assert terms == []


def test_every_error_code_raised_in_core_has_a_message():
    codes = set()
    for path in (ROOT / "core").rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:Error|Errors)\(\s*"([a-z_]+)"', src))
        codes |= set(re.findall(r'PydanticCustomError\(\s*"([a-z_]+)"', src))
    from core.inventory.format import _PYDANTIC_CODES

    codes |= set(_PYDANTIC_CODES.values())
    missing = sorted(c for c in codes if f"errors.{c}" not in catalog("zh-TW"))
    assert missing == []


def test_every_flag_and_source_label_used_by_the_engine_exists():
    src = (ROOT / "core" / "inventory" / "calc.py").read_text(encoding="utf-8") + (ROOT / "core" / "inventory" / "factors.py").read_text(encoding="utf-8")
    flags = set(re.findall(r'code[=:]\s*"([a-z_]+)"', src)) | set(re.findall(r'"code": "([a-z_]+)"', src))
    assert flags, "no flag codes found: the regex drifted"
    assert sorted(f for f in flags if f"flags.{f}" not in catalog("zh-TW") and f"errors.{f}" not in catalog("zh-TW")) == []
    from core.inventory.factors import tables

    for fuel in tables()["fuels"]:
        assert t(f"sources.fuel.{fuel}", "zh-TW")
    for kind in tables()["other"]:
        assert t(f"sources.other.{kind}", "en")


def test_missing_key_is_a_bug_not_a_blank():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_toml_files_parse():
    for path in LOCALES_DIR.rglob("*.toml"):
        tomllib.loads(path.read_text(encoding="utf-8"))
