"""The app's texts: every key the pages and ui/ ask for exists in both languages; nothing hard-coded."""

import re
from pathlib import Path

from core.i18n import catalog

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages" / "checkup").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def _literal_keys():
    for path in SOURCES:
        for key in re.findall(r'\bt\(\s*"([a-z_]+\.[A-Za-z0-9_.]+)"', path.read_text(encoding="utf-8")):
            yield path.name, key


def test_every_literal_key_exists_in_both_languages():
    zh, en = catalog("zh-TW"), catalog("en")
    missing = [(f, k) for f, k in _literal_keys() if k not in zh or k not in en]
    assert missing == []


def test_keys_built_at_run_time_exist():
    zh = catalog("zh-TW")
    for name in ("company", "electricity", "fuels", "refrigerants", "other", "results"):
        assert f"checkup.steps.{name}" in zh
    for method in ("kwh", "monthly", "bills", "ntd"):
        assert f"checkup.electricity.method_{method}" in zh
    for n in range(1, 13):
        assert f"checkup.month.{n}" in zh
    for code in range(8, 35):
        assert f"checkup.industry.c{code:02d}" in zh
    for park in ("none", "industrial_zone", "science_park", "export_zone"):
        assert f"checkup.company.park_{park}" in zh
    for reg in ("registered", "exempt", "managed", "specific", "none"):
        assert f"checkup.company.registration_{reg}" in zh
    for category in ("electricity", "fuel", "refrigerant", "septic", "other"):
        assert f"sources.category.{category}" in zh


def test_pages_show_no_hard_coded_chinese_and_no_raw_html():
    han = re.compile(r"[\u4e00-\u9fff]")
    for path in [ROOT / "app.py", *sorted((ROOT / "pages" / "checkup").glob("*.py"))]:
        code = "\n".join(line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
        code = re.sub(r'"""[\s\S]*?"""', "", code)
        assert not han.search(code), path.name
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8")
    for path in (ROOT / "ui").glob("*.py"):
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8")
