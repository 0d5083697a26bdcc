"""The generated half of the hostile-input corpus (tests/data/hostile/ holds the small, readable half).

Files too large to keep in the repository, and templates that must match the template the
product makes today, are written on demand: ``write_all(folder) -> list[Path]``.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "tests" / "data" / "hostile"
HEAD = "format: checkup/1\nyear: 2024\n"


@cache
def _filled() -> bytes:
    import core
    from core.reports.template import build_template

    return build_template("en", core.load(ROOT / "examples" / "screws.yaml"))


def _template(fill: dict[tuple[str, str], object] | None = None) -> bytes:
    """The product's own template, filled with a valid checkup, then cells set by (sheet key, cell)."""
    from openpyxl import load_workbook

    from core.reports.template import sheet_title

    data = _filled()
    if not fill:
        return data
    wb = load_workbook(io.BytesIO(data))
    for (key, cell), value in fill.items():
        wb[sheet_title(key, "en")][cell].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def _zip(members: dict[str, bytes], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def _sheet_name(members: dict[str, bytes], title: str) -> str:
    """The zip member of the sheet titled ``title``."""
    wb = members["xl/workbook.xml"].decode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', wb).group(1)
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).removeprefix("/xl/")


def _company_sheet(members: dict[str, bytes]) -> str:
    from core.reports.template import sheet_title

    return _sheet_name(members, sheet_title("company", "en"))


def truncated_sheet() -> bytes:
    m = _members(_template())
    name = _company_sheet(m)
    m[name] = m[name][: len(m[name]) // 2]
    return _zip(m)


def _with_dtd(body: bytes, dtd: str) -> bytes:
    """``body`` with a document type declaration in front (after its XML declaration, if any)."""
    text = body.decode("utf-8")
    if text.startswith("<?xml"):
        end = text.index("?>") + 2
        return (text[:end] + dtd + text[end:]).encode("utf-8")
    return ('<?xml version="1.0" encoding="UTF-8"?>' + dtd + text).encode("utf-8")


def xxe_sheet() -> bytes:
    m = _members(_template())
    name = _company_sheet(m)
    dtd = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    m[name] = _with_dtd(m[name].replace(b"<sheetData>", b"<sheetData>&xxe;", 1), dtd)
    return _zip(m)


def xxe_workbook() -> bytes:
    m = _members(_template())
    dtd = '<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    m["xl/workbook.xml"] = _with_dtd(m["xl/workbook.xml"].replace(b"<workbookPr", b"&xxe;<workbookPr", 1), dtd)
    return _zip(m)


def laughs_sheet() -> bytes:
    m = _members(_template())
    name = _company_sheet(m)
    ents = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
    m[name] = _with_dtd(m[name].replace(b"<sheetData>", b"<sheetData>&i;", 1), f"<!DOCTYPE worksheet [{ents}]>")
    return _zip(m)


def zip_bomb() -> bytes:
    """An honest zip whose one extra member inflates 1000 to 1 (the guards read the sizes, not the data)."""
    m = _members(_template())
    m["xl/media/pad.bin"] = b"\0" * (60 * 1024 * 1024)
    return _zip(m, level=1)


def zip_bomb_sheet() -> bytes:
    """A sheet padded with 30 MB of whitespace (the ratio guard, on a member openpyxl reads)."""
    m = _members(_template())
    name = _company_sheet(m)
    m[name] = m[name].replace(b"<sheetData>", b"<sheetData>" + b" " * (30 * 1024 * 1024), 1)
    return _zip(m, level=1)


def zip_forged_size() -> bytes:
    """A member whose headers claim 2 KB while its data inflates to 120 MB (zipfile trusts neither alone)."""
    m = _members(_template())
    name = _company_sheet(m)
    head, _, tail = m.pop(name).partition(b"<sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for member, body in m.items():
            z.writestr(member, body)
        with z.open(name, "w") as fh:  # streamed: 120 MB never in memory here
            fh.write(head + b"<sheetData>")
            for _ in range(120):
                fh.write(b" " * (1024 * 1024))
            fh.write(tail)
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    # the uncompressed size, in the local header and the central directory, claims 2 KB
    sizes = info.compress_size.to_bytes(4, "little") + info.file_size.to_bytes(4, "little")
    assert data.count(sizes) == 2
    return data.replace(sizes, info.compress_size.to_bytes(4, "little") + (2048).to_bytes(4, "little"))


def shared_strings_flood() -> bytes:
    """Within the byte caps: a shared-strings table of 100,000 distinct strings (memory, not bytes)."""
    import random

    m = _members(_template())
    rnd = random.Random(15)
    items = "".join(f"<si><t>{rnd.getrandbits(40):x}</t></si>" for _ in range(100_000))
    m["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + items + "</sst>").encode()
    ct = m["[Content_Types].xml"].decode()
    if "sharedStrings" not in ct:
        ct = ct.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        m["[Content_Types].xml"] = ct.encode()
    rels = m["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        m["xl/_rels/workbook.xml.rels"] = rels.encode()
    return _zip(m)


def huge_dimension() -> bytes:
    """A sheet that claims a million rows and holds many."""
    m = _members(_template())
    name = _company_sheet(m)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(30, 60_000))
    m[name] = re.sub(rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="A1:XFD1048576" />', m[name]).replace(
        b"</sheetData>", rows.encode() + b"</sheetData>", 1)
    return _zip(m)


def many_members() -> bytes:
    m = _members(_template())
    for i in range(400):
        m[f"xl/media/pad{i}.bin"] = b"x"
    return _zip(m)


def macros() -> bytes:
    m = _members(_template())
    m["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 512
    return _zip(m)


def GENERATED() -> dict[str, Callable[[], bytes | str]]:  # noqa: N802 - a table, read like a constant
    return {
        # checkup files too large to keep in the repository
        "too_large.yaml": lambda: HEAD + "company: {name: x}\n" + "# padding\n" * 400_000,
        "huge_string.yaml": lambda: HEAD + 'company: {name: "' + "長" * 300_000 + '"}\nelectricity: {kwh: 1000}\n',
        "huge_key.yaml": lambda: HEAD + "electricity: {kwh: 1000}\n" + "k" * 500_000 + ": 1\n",
        "many_nodes.yaml": lambda: HEAD + "electricity: {kwh: 1000}\nfuels: ["
        + ",".join(["{fuel: diesel, amount: 1, unit: L}"] * 40_000) + "]\n",
        "many_nodes.json": lambda: '{"format": "checkup/1", "year": 2024, "fuels": ['
        + ",".join(['{"fuel": "diesel", "amount": 1, "unit": "L"}'] * 40_000) + "]}\n",
        "deep_nesting.json": lambda: '{"format": "checkup/1", "year": 2024, "options": ' + "[" * 100_000
        + "]" * 100_000 + "}\n",
        "long_line.yaml": lambda: HEAD + "electricity: {kwh: 1000}\nfuels: [" + " " * 1_500_000 + "]\n",
        # filled templates
        "template_ok.xlsx": _template,
        "template_year_1999.xlsx": lambda: _template({("company", "B4"): 1999}),
        "template_formula.xlsx": lambda: _template({("company", "B5"): "=1+1"}),
        "template_huge_number.xlsx": lambda: _template({("electricity", "B5"): "9" * 5000}),
        "template_impossible_date_text.xlsx": lambda: _template({("electricity", "B5"): "2024-02-30"}),
        "template_truncated_sheet.xlsx": truncated_sheet,
        "template_xxe_sheet.xlsx": xxe_sheet,
        "template_xxe_workbook.xlsx": xxe_workbook,
        "template_laughs_sheet.xlsx": laughs_sheet,
        "template_zip_bomb.xlsx": zip_bomb,
        "template_zip_bomb_sheet.xlsx": zip_bomb_sheet,
        "template_zip_forged_size.xlsx": zip_forged_size,
        "template_shared_strings_flood.xlsx": shared_strings_flood,
        "template_huge_dimension.xlsx": huge_dimension,
        "template_many_members.xlsx": many_members,
        "template_macros.xlsx": macros,
        "template_not_a_zip.xlsx": lambda: b"PK\x03\x04" + b"\xff" * 4000,
        "template_yaml_inside.xlsx": lambda: HEAD + "electricity: {kwh: 1000}\n",
        "template_empty.xlsx": lambda: b"",
    }


def write_all(folder: Path) -> list[Path]:
    """Write every generated file into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in GENERATED().items():
        body = make()
        p = folder / name
        p.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        paths.append(p)
    return paths


if __name__ == "__main__":  # python tests/hostile_corpus.py OUT_DIR
    import sys

    sys.path.insert(0, str(ROOT))
    for p in write_all(Path(sys.argv[1])):
        print(p.name, p.stat().st_size)
