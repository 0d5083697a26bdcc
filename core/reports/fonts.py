"""The Traditional Chinese font the reports embed, found the same way on every machine.

The font comes from the ``pylopdf-fonts-zh-tw`` package (Noto Sans TC Regular, SIL Open
Font Licence, Taiwan glyph forms), installed by ``requirements.txt``: nothing is assumed
to be on the system. It has no Bold face, so the reports show emphasis with size and
colour. vl-convert (which draws the charts) keeps its own font list, so the same
directory is registered there once per process.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

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


def printable(text: str, cover: frozenset[int] | None = None) -> str:
    """``text`` with characters no embedded font can draw replaced by ``?``.

    Line breaks and tabs are kept; everything else outside the fonts becomes ``?``, so a
    name in any script still produces a readable PDF instead of an error or empty boxes.
    """
    cmap = covered() if cover is None else cover
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
