"""The Traditional Chinese font the reports embed, found the same way on every machine.

The font comes from the ``pylopdf-fonts-zh-tw`` package (Noto Sans TC Regular, SIL Open
Font Licence, Taiwan glyph forms), installed by ``requirements.txt``: nothing is assumed
to be on the system. It has no Bold face, so the reports show emphasis with size and
colour. vl-convert (which draws the charts on screen exports) keeps its own font list, so
the same directory is registered there once per process.

Each font file is read and parsed once per process (``add_font``): every report after the
first gets a copy of the parsed metrics and a fresh, lazily read font to subset, so no
report pays for parsing 5.7 MB of font again. What the main font draws is explicit:
every text of the product's own (the catalogues under data/ and the report's messages)
is drawn by it (tests/test_report_fonts.py checks this); only text a user typed may pull
in a system fallback font for a character Noto Sans TC lacks.
"""

from __future__ import annotations

import copy
import threading
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

FAMILY = "Noto Sans TC"  # the family name inside the font file (vl-convert and Vega use it)
PDF_FAMILY = "NotoSansTC"  # the name the PDF registers the face under


@cache
def font_path() -> Path:
    """Path of NotoSansTC-Regular.otf; a clear error when the font package is missing."""
    try:
        import pylopdf_fonts_zh_tw
    except ImportError as exc:  # pragma: no cover - the requirement is pinned
        raise RuntimeError(
            "The Chinese font package is missing: pip install pylopdf-fonts-zh-tw==0.1.1 "
            "(it is in requirements.txt)"
        ) from exc
    path = Path(pylopdf_fonts_zh_tw.sans_path())
    if not path.is_file():  # pragma: no cover
        raise RuntimeError(f"Font file not found: {path}")
    return path


@cache
def covered() -> frozenset[int]:
    """Code points the font has a glyph for (to replace the rest rather than print blanks)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path()), lazy=True) as font:
        return frozenset(font.getBestCmap())


# Noto Sans TC has no subscript digits: the report writes CO₂e as CO2e (the way MOENV's own forms write it)
# rather than embed a fallback font for one character.
DRAWN_AS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def printable(text: str, cover: frozenset[int] | None = None) -> str:
    """``text`` with characters no embedded font can draw replaced by ``?``.

    Line breaks and tabs are kept; everything else outside the fonts becomes ``?``, so a
    name in any script still produces a readable PDF instead of an error or empty boxes.
    """
    cmap = covered() if cover is None else cover
    text = text.translate(DRAWN_AS)
    return "".join(ch if ch in "\n\t" or ord(ch) in cmap else "?" for ch in text)


# Optional system fonts for the rare characters Noto Sans TC lacks (Japanese shinjitai, CJK
# extension B, Greek/Hebrew/…). Used only when a report's text needs them, and only if the
# machine has them (Debian: fonts-noto-cjk, fonts-dejavu-core); otherwise such characters print as ?.
FALLBACK_CANDIDATES = (
    ("NotoCJKFallback", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 3),  # face 3 = TC
    ("DejaVuFallback", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", None),
)


@cache
def _fallback_cmaps() -> tuple[tuple[str, str, int | None, frozenset[int]], ...]:
    from fontTools.ttLib import TTFont

    out = []
    for family, path, number in FALLBACK_CANDIDATES:
        if not Path(path).is_file():
            continue
        try:
            with TTFont(path, lazy=True, fontNumber=number if number is not None else -1) as font:
                out.append((family, path, number, frozenset(font.getBestCmap())))
        except Exception:  # noqa: BLE001 - a broken system font is simply not used
            continue
    return tuple(out)


def fallbacks_for(text: str) -> list[tuple[str, str, int | None, frozenset[int]]]:
    """The system fonts (family, path, face, cmap) that draw characters of ``text`` the main font lacks."""
    main = covered()
    missing = {ord(ch) for ch in text if ord(ch) not in main and ch not in "\n\t"}
    chosen = []
    for family, path, number, cmap in (_fallback_cmaps() if missing else ()):
        if missing & cmap:
            chosen.append((family, path, number, cmap))
            missing -= cmap
    return chosen


_vl_lock = threading.Lock()
_vl_done = False


def register_vl_fonts() -> None:
    """Let vl-convert draw Chinese axis labels with the same font (once per process)."""
    global _vl_done
    with _vl_lock:
        if _vl_done:
            return
        import vl_convert

        vl_convert.register_font_directory(str(font_path().parent))
        _vl_done = True


# --------------------------------------------------------------------------- parsed once per process

_parse_lock = threading.Lock()
_parsed: dict[tuple[str, int], tuple[TTFFont, bytes]] = {}
PARSES: dict[tuple[str, int], int] = {}  # how often each font file was parsed in this process (tests read it)


def _parse(path: str, number: int) -> tuple[TTFFont, bytes]:
    """The font file's bytes and fpdf2's parsed font (metrics, cmap, widths), made once per process."""
    key = (path, number)
    with _parse_lock:
        if key not in _parsed:
            from fpdf import FPDF

            data = Path(path).read_bytes()
            scratch = FPDF()
            scratch.add_font("parsed", "", path, collection_font_number=number)
            _parsed[key] = (scratch.fonts["parsed"], data)
            PARSES[key] = PARSES.get(key, 0) + 1
        return _parsed[key]


@cache
def _cff_only() -> type:
    """fontTools' TTFont whose ``save`` writes nothing (see ``_document_font``)."""
    from fontTools.ttLib import TTFont

    class CFFOnly(TTFont):
        def save(self, file, reorderTables=True):  # noqa: ANN001 - fontTools' signature
            return None

    return CFFOnly


def _document_font(data: bytes, number: int, cff_cid: bool):
    """A lazily read font for one document. For a CID-keyed CFF font (Noto Sans TC) fpdf2 2.8 embeds the
    subset's CFF table, compiled on its own, and throws away the whole font file it first saves: that
    save (a second compile of the same CFF table) is skipped."""
    from fontTools.ttLib import TTFont

    font = (_cff_only() if cff_cid else TTFont)(BytesIO(data), recalcTimestamp=False, fontNumber=number, lazy=True)
    # keep the font's own bounding box instead of recomputing it from every glyph when the subset is
    # written: the same PDF, about half the time (fontTools redraws each glyph)
    font.recalcBBoxes = False
    return font


def add_font(pdf: FPDF, family: str, path: str | Path, number: int | None = None) -> None:
    """``pdf.add_font(family, "", path)`` without parsing the font again: a copy of the font parsed once
    per process, with its own glyph subset and its own lazily read font file for this document (the
    subsetting at output changes that one in place)."""
    from fpdf.fonts import SubsetMap

    n = number or 0
    template, data = _parse(str(path), n)
    font = copy.copy(template)
    font.i = len(pdf.fonts) + 1
    font.fontkey = family.lower()
    font.ttfont = _document_font(data, n, font.is_cff and font.is_cid_keyed)
    font.missing_glyphs = []
    font._hbfont = None
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")
