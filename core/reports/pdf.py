"""The PDF report (fpdf2), in Traditional Chinese or English.

``build_pdf(checkup, result, measures=None, programmes=None, lang="zh-TW") -> bytes``

Cover with the firm and year; summary numbers and charts; emissions by source with each
line's factor and its source; measures ranked with savings and payback, and matched
programmes with next steps and contacts (when given, as the dicts their ``to_dict()``
returns); method, GWP basis, data-quality notes and a plain disclaimer. Page numbers on
every page but the cover; a table of contents when the report runs long. Text is real
text (embedded, subset Noto Sans TC with a ToUnicode map), so it can be selected and
searched.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any, Iterable, Mapping

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.util import Padding

from ..errors import field_label
from ..i18n import has, normalise_lang, t
from ..i18n import t as _t
from ..inventory.models import Checkup
from ..inventory.result import Result, notes
from . import charts as ch
from . import drawn
from .charts import unit_text
from .fonts import DRAWN_AS, PDF_FAMILY, add_font, covered, fallbacks_for, font_path, printable

GREEN = (46, 125, 50)
GREEN_LIGHT = (232, 243, 233)
GREY = (110, 110, 110)
TEXT = (33, 33, 33)
TOC_MIN_LINES = 24  # more lines than this (or measures/programmes included) = a long report with contents

Item = Mapping[str, Any]
_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[0-9]+\.\s*)")
_ZH_NUMBERS = "一二三四五六七八九十"
# what a line may break after: one Chinese character (with the closing marks that must stay with it), a Latin
# word or number with the spaces after it, or a run of spaces
_TOKENS = re.compile(r"[\u2e80-\ufffd][，。、；：）」』！？%]*|[^\s\u2e80-\ufffd]+\s*|\s+")


# --------------------------------------------------------------------------- formatting


def fmt_t(v: float | None, digits: int = 2) -> str:
    """tCO2e as the report prints it (``138.19``)."""
    return "–" if v is None else f"{v:,.{digits}f}"


def fmt_num(v: Any, digits: int = 0) -> str:
    if v is None or v == "":
        return "–"
    try:
        return f"{float(v):,.{digits}f}"
    except (TypeError, ValueError):
        return str(v)


def fmt_sig(v: float) -> str:
    """A factor with about four significant digits, never in e-notation."""
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.1f}"
    if a >= 1:
        return f"{v:.4g}" if "e" not in f"{v:.4g}" else f"{v:,.2f}"
    digits = 3
    x = a
    while x < 0.1:
        x *= 10
        digits += 1
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def _tx(key: str, lang: str, **params: Any) -> str:
    return t(f"report.{key}", lang, **params)


def _money(v: Any, lang: str) -> str:
    if v is None or v == "":
        return "–"
    return _tx("money", lang, value=fmt_num(v))


# --------------------------------------------------------------------------- the document


class _Report(FPDF):
    def __init__(self, lang: str, header_text: str, fallbacks: list | None = None) -> None:
        super().__init__(format="A4")
        self.lang = lang
        self.header_text = header_text
        # Chinese wraps at any character; English at spaces
        self.wrap = WrapMode.WORD if lang == "en" else WrapMode.CHAR
        self.set_margins(15, 16, 15)
        self.set_auto_page_break(auto=True, margin=18)
        add_font(self, PDF_FAMILY, font_path())  # parsed once per process
        cover = set(covered())
        for family, path, number, cmap in fallbacks or []:
            add_font(self, family, path, number)
            cover |= cmap
        if fallbacks:
            self.set_fallback_fonts([f[0] for f in fallbacks])
        self.cover = frozenset(cover)
        self.set_font(PDF_FAMILY, size=10.5)
        self.set_text_color(*TEXT)
        self.set_lang("zh-TW" if lang != "en" else "en")
        self.set_creator("Carbon Checkup (工廠碳健診)")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(PDF_FAMILY, size=8)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, 7)
        text, room = self.header_text, self.w - self.l_margin - self.r_margin
        while self.get_string_width(text) > room and len(text) > 10:
            text = text[:-2] + "…"
        self.cell(0, 5, text, align="L")
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, 12.5, self.w - self.r_margin, 12.5)
        self.set_text_color(*TEXT)
        self.set_font(PDF_FAMILY, size=10.5)
        self.set_y(16)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(PDF_FAMILY, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 6, _tx("page", self.lang, page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(*TEXT)

    def normalize_text(self, text: str) -> str:
        """Every text drawn: subscript digits as plain digits (``fonts.DRAWN_AS``)."""
        return super().normalize_text(text.translate(DRAWN_AS))

    def multi_cell(self, w: float, h: float | None = None, text: str = "", *args: Any, **kwargs: Any) -> Any:
        """In Chinese, lines broken between characters but never inside a Latin word or number (fpdf2's
        character mode breaks anywhere, its word mode only at spaces, which Chinese text has few of)."""
        if self.lang != "en" and text and not kwargs.get("markdown"):
            pad = Padding.new(kwargs.get("padding") or 0)
            width = (w or (self.w - self.r_margin - self.x)) - 2 * self.c_margin - pad.left - pad.right
            text = "\n".join(self.lines_of(line, width) for line in str(text).split("\n"))
            kwargs["wrapmode"] = WrapMode.CHAR
        return super().multi_cell(w, h, text, *args, **kwargs)

    def lines_of(self, text: str, width: float) -> str:
        """``text`` as lines that fit ``width`` at the current font, joined with newlines: a break falls after a
        Chinese character or at a space; a Latin word (or a number) longer than a line is the only thing cut."""
        lines: list[str] = []
        line = ""
        for token in _TOKENS.findall(text):
            if line and self.get_string_width((line + token).rstrip()) > width * 0.99:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
        return "\n".join(lines)

    def p(self, text: str) -> str:
        """Text as the embedded fonts can draw it (anything else becomes ?)."""
        return printable(text, self.cover)

    # -- building blocks

    def section(self, title: str) -> None:
        """A numbered top-level section: numbered in the order the report has them (一、二、… or 1. 2. …)."""
        self.sections = getattr(self, "sections", 0) + 1
        title = _NUMBER.sub("", title, count=1)
        title = f"{self.sections}. {title}" if self.lang == "en" else f"{_ZH_NUMBERS[self.sections - 1]}、{title}"
        if self.get_y() > self.h - 60:
            self.add_page()
        self.start_section(title, level=0)
        self.ln(2)
        self.set_font(PDF_FAMILY, size=15)
        self.set_text_color(*GREEN)
        self.cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREEN)
        self.set_line_width(0.5)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_line_width(0.2)
        self.ln(3)
        self.set_text_color(*TEXT)
        self.set_font(PDF_FAMILY, size=10.5)

    def subhead(self, title: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(1.5)
        self.set_font(PDF_FAMILY, size=12)
        self.set_text_color(*GREEN)
        self.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*TEXT)
        self.set_font(PDF_FAMILY, size=10.5)

    def para(self, text: str, size: float = 10.5, colour: tuple[int, int, int] = TEXT, h: float = 5.6) -> None:
        self.set_font(PDF_FAMILY, size=size)
        self.set_text_color(*colour)
        self.multi_cell(0, h, self.p(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap)
        self.set_text_color(*TEXT)
        self.set_font(PDF_FAMILY, size=10.5)

    def bullets(self, items: Iterable[str], size: float = 10) -> None:
        self.set_font(PDF_FAMILY, size=size)
        for item in items:
            x = self.l_margin
            self.set_x(x)
            self.cell(5, 5.4, "•")
            self.multi_cell(0, 5.4, self.p(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap)
            self.ln(0.6)
        self.set_font(PDF_FAMILY, size=10.5)

    def grid(
        self,
        head: list[str],
        rows: list[list[str]],
        widths: tuple[float, ...],
        align: tuple[str, ...],
        size: float = 9,
        total_rows: int = 0,
    ) -> None:
        """A table with a green heading row repeated on each page; the last ``total_rows`` shaded."""
        self.set_font(PDF_FAMILY, size=size)
        self.set_draw_color(190, 190, 190)
        self.set_fill_color(255, 255, 255)
        heading = FontFace(emphasis=None, color=(255, 255, 255), fill_color=GREEN)
        total = FontFace(emphasis=None, fill_color=GREEN_LIGHT)
        with self.table(
            col_widths=widths,
            text_align=align,
            headings_style=heading,
            line_height=size * 0.55,
            padding=1.2,
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=(246, 249, 246),
            cell_fill_mode="ROWS",
            repeat_headings=1,
            width=sum(widths),
            align="L",
        ) as table:
            r = table.row()
            for h in head:
                r.cell(h, align="C")
            for i, row in enumerate(rows):
                style = total if i >= len(rows) - total_rows else None
                r = table.row()
                for cell in row:
                    r.cell(self.p(cell), style=style)
        self.set_font(PDF_FAMILY, size=10.5)
        self.ln(2)


# --------------------------------------------------------------------------- sections


def _firm_name(checkup: Checkup, lang: str) -> str:
    name = (checkup.company.name or "").strip()
    return name or _tx("cover.unnamed", lang)


def _cover(pdf: _Report, checkup: Checkup, result: Result, lang: str, today: dt.date) -> None:
    pdf.add_page()
    pdf.set_auto_page_break(False)
    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, pdf.w, 70, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(18, 24)
    pdf.set_font(PDF_FAMILY, size=26)
    pdf.cell(0, 12, _tx("title", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(18)
    pdf.set_font(PDF_FAMILY, size=13)
    pdf.cell(0, 8, _tx("subtitle", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT)

    pdf.set_xy(18, 88)
    pdf.set_font(PDF_FAMILY, size=11)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 6, _tx("cover.firm", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(18)
    pdf.set_text_color(*TEXT)
    name = pdf.p(_firm_name(checkup, lang))
    size = 22 if len(name) <= 28 else 16 if len(name) <= 80 else 12
    pdf.set_font(PDF_FAMILY, size=size)
    pdf.multi_cell(pdf.w - 36, size * 0.5, name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=pdf.wrap)

    facts = [(_tx("cover.year", lang), _tx("cover.year_value", lang, year=checkup.year))]
    if checkup.company.county:
        facts.append((t("fields.county", lang), checkup.company.county))
    facts.append((_tx("cover.generated", lang), today.isoformat()))
    pdf.ln(6)
    for label, value in facts:
        pdf.set_x(18)
        pdf.set_font(PDF_FAMILY, size=11)
        pdf.set_text_color(*GREY)
        pdf.cell(45, 9, label)
        pdf.set_text_color(*TEXT)
        pdf.set_font(PDF_FAMILY, size=14)
        pdf.cell(0, 9, pdf.p(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # three cards: scope 1, scope 2, total
    cards = [
        (_tx("scope.1", lang), result.scope1_tco2e, GREEN_LIGHT, GREEN),
        (_tx("scope.2", lang), result.scope2_tco2e, (227, 236, 250), (21, 101, 192)),
        (_tx("cover.total", lang), result.total_tco2e, GREEN, (255, 255, 255)),
    ]
    gap, x0 = 5, 18
    y0 = min(max(pdf.get_y() + 10, 160), pdf.h - 62 - 34 - 6)  # above the screening note
    w = (pdf.w - 36 - 2 * gap) / 3
    for i, (label, value, fill, ink) in enumerate(cards):
        x = x0 + i * (w + gap)
        pdf.set_fill_color(*fill)
        pdf.rect(x, y0, w, 34, style="F", round_corners=True, corner_radius=2)
        pdf.set_text_color(*(ink if i == 2 else GREY))
        pdf.set_font(PDF_FAMILY, size=10)
        pdf.set_xy(x + 4, y0 + 4)
        pdf.cell(w - 8, 6, label)
        pdf.set_text_color(*ink)
        pdf.set_font(PDF_FAMILY, size=22)
        pdf.set_xy(x + 4, y0 + 12)
        pdf.cell(w - 8, 11, fmt_t(result.total_tco2e if i == 2 else value))
        pdf.set_font(PDF_FAMILY, size=9.5)
        pdf.set_xy(x + 4, y0 + 24)
        pdf.cell(w - 8, 6, _tx("unit_t", lang))
    pdf.set_text_color(*TEXT)

    pdf.set_xy(18, pdf.h - 62)
    pdf.set_fill_color(255, 248, 225)
    pdf.set_draw_color(249, 168, 37)
    pdf.set_font(PDF_FAMILY, size=10.5)
    pdf.multi_cell(pdf.w - 36, 6, _tx("cover.screening", lang), border=1, fill=True, align="L", padding=3)
    pdf.set_xy(18, pdf.h - 22)
    pdf.set_font(PDF_FAMILY, size=8.5)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 5, _tx("cover.made_with", lang, version=result.engine_version or "-"))
    pdf.set_text_color(*TEXT)
    pdf.set_auto_page_break(True, margin=18)


def _render_toc(pdf: FPDF, outline: list[Any]) -> None:
    lang = getattr(pdf, "lang", "zh-TW")
    pdf.set_xy(pdf.l_margin, 22)
    pdf.set_font(PDF_FAMILY, size=18)
    pdf.set_text_color(*GREEN)
    pdf.cell(0, 12, _tx("toc", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_text_color(*TEXT)
    pdf.set_font(PDF_FAMILY, size=12)
    for entry in outline:
        if entry.level > 0:
            continue
        link = pdf.add_link(page=entry.page_number)
        name = entry.name
        page = str(entry.page_number)
        w = pdf.w - pdf.l_margin - pdf.r_margin - 12
        dots_w = w - pdf.get_string_width(name + "  ")
        dots = "." * max(3, int(dots_w / max(pdf.get_string_width("."), 0.1)))
        pdf.set_x(pdf.l_margin)
        pdf.cell(w, 9, f"{name} {dots}", link=link, align="L")
        pdf.cell(12, 9, page, link=link, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _summary(pdf: _Report, checkup: Checkup, result: Result, lang: str, pngs: Mapping[str, bytes] | None) -> None:
    pdf.section(_tx("sec.summary", lang))
    unit = _tx("unit_t", lang)
    rows = [
        [_tx("sum.scope1", lang), fmt_t(result.scope1_tco2e), unit],
        [_tx("sum.scope2", lang), fmt_t(result.scope2_tco2e), unit],
    ]
    if result.scope2_market_tco2e is not None and abs(result.scope2_market_tco2e - result.scope2_tco2e) > 1e-9:
        rows.append([_tx("sum.scope2_market", lang), fmt_t(result.scope2_market_tco2e), unit])
    if result.reported_apart_tco2e:
        rows.append([_tx("sum.apart", lang), fmt_t(result.reported_apart_tco2e), unit])
    if result.electricity_kwh is not None:
        rows.append([_tx("sum.electricity", lang), fmt_num(result.electricity_kwh), _tx("unit_kwh", lang)])
    for key, value in result.intensities.items():
        unit_i = unit
        if key == "per_product_unit" and checkup.production:
            unit_i = _tx("unit_t_per", lang, unit=checkup.production.unit)
        elif key == "per_tonne_goods":
            unit_i = _tx("unit_t_per", lang, unit="公噸" if lang == "zh-TW" else "t")
        rows.append([_tx(f"sum.{key}", lang), fmt_t(value, 3), unit_i])
    rows.append([_tx("sum.total", lang), fmt_t(result.total_tco2e), unit])
    pdf.grid(
        [_tx("col.item", lang), _tx("col.value", lang), _tx("col.unit", lang)],
        rows,
        (100, 40, 40),
        ("LEFT", "RIGHT", "LEFT"),
        size=10,
        total_rows=1,
    )
    pdf.para(_tx("sum.note", lang, year=result.year, gwp=result.gwp_basis), size=9, colour=GREY, h=5)

    if pngs is None:  # the charts drawn as vectors, in the report's font (no chart engine per report)
        if result.total_tco2e > 0 or result.monthly_kwh:
            pdf.subhead(_tx("sec.charts", lang))
            drawn.draw_all(pdf, result, lang)
        return
    if not pngs:
        return
    pdf.subhead(_tx("sec.charts", lang))
    _image(pdf, pngs.get("by_source"), 150)
    y = pdf.get_y()
    if "by_scope" in pngs:
        _image(pdf, pngs["by_scope"], 80)
    if "monthly" in pngs:
        if pdf.get_y() > y:  # by_scope placed: monthly after it
            pass
        _image(pdf, pngs["monthly"], 150)


def _image(pdf: _Report, png: bytes | None, width: float) -> None:
    if not png:
        return
    from PIL import Image

    with Image.open(BytesIO(png)) as im:
        rgb = im.convert("RGB")  # charts have a white background: no alpha mask needed
    w_px, h_px = rgb.size
    height = width * h_px / w_px
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    x = (pdf.w - width) / 2
    pdf.image(rgb, x=x, w=width)
    pdf.ln(3)


def _sources(pdf: _Report, result: Result, lang: str) -> None:
    pdf.section(_tx("sec.sources", lang))
    pdf.para(_tx("sources.intro", lang), size=9.5, colour=GREY, h=5)
    refs: dict[str, int] = {}
    rows: list[list[str]] = []
    ordered = sorted(result.lines, key=lambda ln: (not ln.counted, ln.scope))
    for ln in ordered:
        ref = refs.setdefault(ln.factor_source, len(refs) + 1)
        name = ch.source_label(ln, lang)
        if not ln.counted:
            name += " *"
        if ln.estimate:
            name += _tx("estimate_mark", lang)
        rows.append(
            [
                name,
                _tx(f"scope.{ln.scope}", lang),
                ln.gas,
                f"{fmt_num(ln.activity, 1 if ln.activity < 1e5 else 0)} {unit_text(ln.unit, lang)}",
                f"{fmt_sig(ln.factor)} {unit_text(ln.factor_unit, lang)}",
                fmt_sig(ln.gwp),
                fmt_t(ln.tco2e, 3),
                f"[{ref}]",
            ]
        )
    rows.append([_tx("sum.scope1", lang), "", "", "", "", "", fmt_t(result.scope1_tco2e, 3), ""])
    rows.append([_tx("sum.scope2", lang), "", "", "", "", "", fmt_t(result.scope2_tco2e, 3), ""])
    rows.append([_tx("sum.total", lang), "", "", "", "", "", fmt_t(result.total_tco2e, 3), ""])
    pdf.grid(
        [_tx(f"col.{c}", lang) for c in ("source", "scope", "gas", "activity", "factor", "gwp", "tco2e", "ref")],
        rows,
        (40, 15, 17, 28, 37, 14, 19, 10),
        ("LEFT", "CENTER", "CENTER", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "CENTER"),
        size=8.5,
        total_rows=3,
    )
    if any(not ln.counted for ln in result.lines):
        pdf.para(_tx("sources.apart_note", lang), size=9, colour=GREY, h=5)
    if any(ln.estimate for ln in result.lines):
        pdf.para(_tx("sources.estimate_note", lang), size=9, colour=GREY, h=5)
    pdf.subhead(_tx("sources.refs", lang))
    pdf.set_font(PDF_FAMILY, size=8.5)
    for text, n in refs.items():
        pdf.set_x(pdf.l_margin)
        pdf.cell(9, 4.8, f"[{n}]")
        pdf.multi_cell(0, 4.8, pdf.p(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
    pdf.set_font(PDF_FAMILY, size=10.5)


def _get(item: Item, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def _text_of(value: Any, lang: str) -> str:
    """Text from a str, a {zh, en} dict, a {text: ...} dict, or a list of those."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("text", "en" if lang == "en" else "zh", "zh", "en", "title", "name"):
            if value.get(key):
                return str(value[key])
        return ", ".join(str(v) for v in value.values() if v)
    if isinstance(value, (list, tuple)):
        return "；".join(filter(None, (_text_of(v, lang) for v in value))) if lang != "en" else "; ".join(
            filter(None, (_text_of(v, lang) for v in value))
        )
    return str(value)


def rank_measures(measures: Iterable[Item]) -> list[Item]:
    """The engine's order (no-cost and low-cost first, then by payback); by tCO2e only when no order is given."""
    items = list(measures)
    if all(_get(m, "cost_class") is not None for m in items):
        return items  # already ranked by core.advice.measures.suggest

    def key(m: Item) -> tuple[float, float]:
        saving = _get(m, "saving_tco2e") or 0.0
        payback = _get(m, "payback_years")
        return (-float(saving), float(payback) if payback is not None else 1e9)

    return sorted(items, key=key)


def _measures(pdf: _Report, measures: list[Item], lang: str, total: Mapping[str, Any] | None = None) -> None:
    pdf.section(_tx("sec.measures", lang))
    if not measures:
        pdf.para(_tx("measures.none", lang))
        return
    pdf.para(_tx("measures.intro", lang), size=9.5, colour=GREY, h=5)
    ranked = rank_measures(measures)
    rows = []
    for i, m in enumerate(ranked, 1):
        low, high = _get(m, "cost_ntd_low"), _get(m, "cost_ntd_high")
        if low is None and high is None:
            cost = "–"
        elif low == high or high is None or low is None:
            cost = fmt_num(low if low is not None else high)
        else:
            cost = f"{fmt_num(low)}–{fmt_num(high)}"
        payback = _get(m, "payback_years")
        rows.append(
            [
                str(i),
                _text_of(_get(m, "name"), lang) or str(_get(m, "id")),
                fmt_num(_get(m, "saving_kwh")),
                fmt_t(_get(m, "saving_tco2e"), 2) if _get(m, "saving_tco2e") is not None else "–",
                fmt_num(_get(m, "saving_ntd_per_year")),
                cost,
                fmt_num(payback, 1),
            ]
        )
    if total is not None:
        # measures on one system apply in sequence and alternatives count once: the engine's total, not a sum
        rows.append(["", _tx("measures.total", lang), fmt_num(total.get("saving_kwh")), fmt_t(total.get("saving_tco2e") or 0),
                     fmt_num(total.get("saving_ntd_per_year")), "", ""])
    pdf.grid(
        [_tx(f"measures.col.{c}", lang) for c in ("rank", "name", "kwh", "tco2e", "ntd", "cost", "payback")],
        rows,
        (11, 55, 22, 20, 24, 30, 18),
        ("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        size=8.5,
        total_rows=1 if total is not None else 0,
    )
    pdf.para(_tx("measures.note", lang), size=9, colour=GREY, h=5)
    srcs = []
    for i, m in enumerate(ranked, 1):
        text = _text_of(_get(m, "sources"), lang)
        if text:
            srcs.append(f"{i}. {text}")
    if srcs:
        pdf.subhead(_tx("measures.sources", lang))
        pdf.bullets(srcs, size=8.5)




def _plan(pdf: _Report, plan: Mapping[str, Any], lang: str) -> None:
    """The action plan (core.advice.plan), as its ``to_dict(lang)`` gives it: one table in the plan's order, then
    for each action what to do, the payback statement, the subsidy, who to call and the next step."""
    def t(key: str, lang: str, **params: Any) -> str:  # CO₂ as the report's font writes it (CO2)
        return _t(key, lang, **params).replace("₂", "2")

    pdf.section(_tx("sec.plan", lang))
    actions = list(plan.get("actions") or [])
    if not actions:
        pdf.para(t("plan.page.no_actions", lang))
        return
    pdf.para((plan.get("rule") or "").replace("₂", "2"), size=8.5, colour=GREY, h=4.6)
    rows = []
    for a in actions:
        inv_low, inv_high = a.get("investment_low"), a.get("investment_high")
        if a.get("group") == "free":
            investment = "0"
        elif inv_low is None or inv_high is None:
            investment = "–"
        else:
            investment = fmt_num(inv_low) if round(inv_low) == round(inv_high) else f"{fmt_num(inv_low)}–{fmt_num(inv_high)}"
        before, after = a.get("payback_before") or {}, a.get("payback_after") or {}
        payback = t("plan.page.now", lang) if a.get("group") == "free" else fmt_num(before.get("central"), 1)
        if after and after.get("central") is not None and a.get("subsidy"):
            payback += f" → {fmt_num(after.get('central'), 1)}" + ("*" if a["subsidy"].get("conditional") else "")
        ntd, t_co2 = a.get("saving_ntd") or {}, a.get("saving_tco2e") or {}
        rows.append([
            str(a.get("rank")), a.get("name") or str(a.get("id")),
            _span(ntd, 0), _span(t_co2, 2) if a.get("carbon_saving") else "–", investment, payback,
        ])
    pdf.grid(
        [t(f"plan.page.col_{c}", lang) for c in ("rank", "action", "ntd", "tco2e", "investment", "payback")],
        rows,
        (9, 66, 28, 26, 28, 23),
        ("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        size=8.5,
    )
    pdf.para(t("plan.page.table_note", lang), size=8.5, colour=GREY, h=4.6)
    together = plan.get("together") or {}
    if together:
        share = together.get("share_of_total")
        key = "plan.page.together" if share else "plan.page.together_no_share"
        pdf.para(t(key, lang, ntd=fmt_num(together.get("saving_ntd_per_year")), tco2e=fmt_t(together.get("saving_tco2e")),
                   share=f"{share:.0%}" if share else "", low=fmt_num(together.get("investment_low")),
                   high=fmt_num(together.get("investment_high"))), size=9.5)
    colon = ": " if lang == "en" else "："
    for a in actions:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(1)
        pdf.set_font(PDF_FAMILY, size=10.5)
        pdf.multi_cell(0, 5.6, pdf.p(f"{a.get('rank')}. {a.get('action')}"), align="L", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT, wrapmode=pdf.wrap)
        lines = [x for x in (a.get("saving_text"), a.get("payback_text"), (a.get("subsidy") or {}).get("text")) if x]
        lines.append(a.get("call_text") or "")
        if a.get("deadline"):
            lines.append(t("plan.page.deadline", lang) + colon + t("plan.page.deadline_value", lang, date=a["deadline"]))
        pdf.set_font(PDF_FAMILY, size=9)
        pdf.set_text_color(*GREY)
        for line in lines:
            pdf.set_x(pdf.l_margin + 5)
            pdf.multi_cell(0, 4.8, pdf.p(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=pdf.wrap)
        pdf.set_text_color(*TEXT)
    more = plan.get("more_measures") or []
    if more:
        sep = ", " if lang == "en" else "、"
        pdf.ln(1)
        pdf.para(t("plan.page.more_measures", lang, n=len(more), names=sep.join(m["name"] for m in more)), size=9, colour=GREY, h=5)
    pdf.set_font(PDF_FAMILY, size=10.5)


def _span(r: Mapping[str, Any], digits: int) -> str:
    """A range low–high as the report prints it; one figure when both ends agree."""
    low, high = r.get("low"), r.get("high")
    if low is None or high is None:
        return fmt_num(r.get("central"), digits)
    a, b = fmt_num(low, digits), fmt_num(high, digits)
    return a if a == b else f"{a}–{b}"


def _programmes(pdf: _Report, programmes: list[Item], lang: str, featured: set[str] | None = None,
                related: set[str] | None = None) -> None:
    """The programmes that fit in full (what, why, next step, contact, source); those that may fit in one
    table with what to check first; the names of the rest. With a plan, only the programmes its actions call
    (``featured``) get a card, the other fitting ones a line with their next step; of those that may fit, the
    ones the plan names (``related``) a row, the others their names; the ones that do not fit are counted."""
    pdf.section(_tx("sec.programmes", lang))
    fits = [p for p in programmes if _get(p, "match") == "yes"]
    may_fit = [p for p in programmes if _get(p, "match") == "maybe"]
    if not fits and not may_fit:
        pdf.para(_tx("programmes.none", lang))
    else:
        pdf.para(_tx("programmes.intro", lang, fits=len(fits), may_fit=len(may_fit)), size=9.5, colour=GREY, h=5)
    facts = _firm_facts(fits)
    if facts:
        sep = "; " if lang == "en" else "；"
        pdf.para(_tx("programmes.firm_facts", lang, facts=sep.join(_text_of(f, lang).rstrip("。.") for f in facts)),
                 size=9.5, colour=GREY, h=5)
    cards = fits if featured is None else [p for p in fits if _get(p, "id") in featured]
    for p in cards:
        _programme_card(pdf, p, lang, skip={_get(f, "code") for f in facts})
    listed = [p for p in fits if p not in cards]
    if listed:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.subhead(_tx("programmes.other_fits_title", lang))
        pdf.grid([_tx(f"programmes.col.{k}", lang) for k in ("name", "next_step")],
                 [[_text_of(_get(p, "name"), lang), _step(p, lang)] for p in listed], (70, 110), ("L", "L"), size=8.5)
    if may_fit:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.subhead(_tx("programmes.may_fit_title", lang))
        pdf.para(_tx("programmes.may_fit_intro", lang), size=9.5, colour=GREY, h=5)
        rows = []
        named = [p for p in may_fit if related is not None and _get(p, "id") not in related]
        for p in (p for p in may_fit if p not in named):
            check = [_text_of(q, lang) for q in _get(p, "questions") or []] or [_text_of(r, lang) for r in _get(p, "reasons") or []]
            rows.append([_text_of(_get(p, "name"), lang), "\n".join(filter(None, check)), _step(p, lang)])
        head = [_tx(f"programmes.col.{k}", lang) for k in ("name", "check", "next_step")]
        if rows:
            pdf.grid(head, rows, (52, 62, 66), ("L", "L", "L"), size=8.5)
        if named:
            sep = "; " if lang == "en" else "、"
            pdf.para(_tx("programmes.may_fit_more", lang, names=sep.join(_text_of(_get(p, "name"), lang) for p in named)),
                     size=9, colour=GREY, h=5)
    rest = [p for p in programmes if _get(p, "match") not in ("yes", "maybe")]
    # ended or not confirmed running (core.advice.programmes: folded) are not "do not fit": said apart
    folded = [p for p in rest if _get(p, "folded")]
    others = [p for p in rest if not _get(p, "folded")]
    sep = "; " if lang == "en" else "、"
    if others and related is not None:
        pdf.para(_tx("programmes.others_count", lang, n=len(others)), size=9, colour=GREY, h=5)
    elif others:
        pdf.para(_tx("programmes.others", lang, names=sep.join(_text_of(_get(p, "name"), lang) for p in others)),
                 size=9, colour=GREY, h=5)
    if folded:
        checked = max((str(_get(p, "status_checked") or "") for p in folded), default="")
        pdf.para(_tx("programmes.folded", lang, names=sep.join(_text_of(_get(p, "name"), lang) for p in folded),
                     checked=checked), size=9, colour=GREY, h=5)
    pdf.set_font(PDF_FAMILY, size=10.5)


def _step(p: Item, lang: str) -> str:
    """The programme's next step with its phone number."""
    contact = _get(p, "contact")
    hotline = contact.get("hotline") if isinstance(contact, Mapping) else None
    return _text_of(_get(p, "next_step"), lang) + (f"（{hotline}）" if hotline and lang != "en" else f" ({hotline})" if hotline else "")


# reasons about the firm itself (not about one programme): said once above the cards instead of on each
FIRM_FACT_CODES = ("is_manufacturing", "is_sme", "need_supplier_pressure", "need_cbam")


def _firm_facts(programmes: list[Item]) -> list[Any]:
    """The firm-level reasons that more than one programme gives, each once, in a fixed order."""
    seen: dict[str, tuple[int, Any]] = {}
    for p in programmes:
        for r in _get(p, "reasons") or []:
            code = _get(r, "code") if isinstance(r, Mapping) else None
            if code in FIRM_FACT_CODES:
                n, _ = seen.get(code, (0, r))
                seen[code] = (n + 1, r)
    return [seen[c][1] for c in FIRM_FACT_CODES if c in seen and seen[c][0] > 1]


def _programme_card(pdf: _Report, p: Item, lang: str, skip: set[Any] = frozenset()) -> None:
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    verdict = str(_get(p, "match"))
    pdf.ln(1)
    pdf.set_font(PDF_FAMILY, size=11.5)
    pdf.set_fill_color(*(GREEN if verdict == "yes" else (249, 168, 37)))
    pdf.set_text_color(255, 255, 255)
    badge = _tx(f"programmes.match.{verdict}", lang)
    pdf.cell(pdf.get_string_width(badge) + 6, 7, badge, fill=True, align="C")
    pdf.set_text_color(*TEXT)
    pdf.cell(2, 7, "")
    pdf.multi_cell(0, 7, pdf.p(_text_of(_get(p, "name"), lang)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    facts = []
    for key in ("agency", "status", "reasons", "next_step", "contact", "source"):
        value = _get(p, key)
        if key == "status" and value and has(f"report.programmes.status.{value}", lang):
            value = _tx(f"programmes.status.{value}", lang)
        if key == "contact" and isinstance(value, Mapping):
            value = "；".join(str(v) for v in (value.get("text"), value.get("hotline"), value.get("website")) if v)
        if key == "reasons" and isinstance(value, (list, tuple)):  # the firm's facts said once above
            value = [r for r in value if not (isinstance(r, Mapping) and r.get("code") in skip)]
        if isinstance(value, (list, tuple)):  # reasons, sources: one per line
            text = "\n".join(filter(None, (_text_of(v, lang) for v in value)))
        else:
            text = _text_of(value, lang)
        if text:
            facts.append((_tx(f"programmes.label.{key}", lang), text))
    pdf.set_font(PDF_FAMILY, size=9.5)
    for label, text in facts:
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_text_color(*GREY)
        pdf.cell(24, 5.2, label)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(0, 5.2, pdf.p(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=pdf.wrap)
    pdf.ln(2)


def _located(where: str | None, text: str, lang: str) -> str:
    if not where:
        return text
    return f"{field_label(where, lang)}：{text}" if lang != "en" else f"{field_label(where, lang)}: {text}"


def flag_text(flag: Any, lang: str) -> str:
    """The engine's plain-words note (``Flag.text``), with the field it concerns."""
    text = flag.text(lang)
    if flag.input:
        text = f"{field_label(flag.input, lang)}：{text}" if lang != "en" else f"{field_label(flag.input, lang)}: {text}"
    return text


def _method(pdf: _Report, result: Result, lang: str) -> None:
    pdf.section(_tx("sec.method", lang))
    fuel_set = (
        _tx(f"fuel_set.{result.fuel_factor_set}", lang)
        if has(f"report.fuel_set.{result.fuel_factor_set}", lang)
        else result.fuel_factor_set
    )
    pdf.para(_tx("method.formula", lang))
    pdf.ln(1)
    pdf.bullets(
        [
            _tx("method.boundary", lang, year=result.year),
            _tx("method.gwp", lang, gwp=result.gwp_basis),
            _tx("method.fuel_set", lang, set=fuel_set),
            _tx("method.electricity", lang, year=result.electricity_factor_year or "–"),
            _tx("method.refrigerant", lang),
        ]
    )
    pdf.subhead(_tx("sec.flags", lang))
    if result.flags:
        pdf.bullets([_located(where, text, lang) for where, text in notes(result.flags, lang)], size=9.5)  # each note once
    else:
        pdf.para(_tx("flags.none", lang))
    pdf.subhead(_tx("sec.disclaimer", lang))
    pdf.set_fill_color(255, 248, 225)
    pdf.set_draw_color(249, 168, 37)
    pdf.multi_cell(0, 5.8, _tx("disclaimer", lang), border=1, fill=True, align="L", padding=3, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


# --------------------------------------------------------------------------- entry point


def build_pdf(
    checkup: Checkup,
    result: Result,
    measures: list[Item] | None = None,
    programmes: list[Item] | None = None,
    lang: str = "zh-TW",
    *,
    today: dt.date | None = None,
    charts: Mapping[str, bytes] | None = None,
    measures_total: Mapping[str, Any] | None = None,
    plan: Mapping[str, Any] | None = None,
) -> bytes:
    """The report as PDF bytes.

    ``measures`` and ``programmes`` are lists of the dicts ``Measure.to_dict()`` and
    ``ProgrammeMatch.to_dict(lang)`` return, ``plan`` the dict ``Plan.to_dict(lang)`` returns (``advise()``
    gives all three); each section appears only when given (an empty list prints "none found"). The order
    follows the plan: summary, emissions, the plan, then its detail (measures, programmes, method). The charts
    are drawn as vectors; ``charts`` lets a caller pass PNGs instead (``charts.report_charts``), ``{}`` for none.
    """
    lang = normalise_lang(lang)
    today = today or dt.date.today()
    pngs = dict(charts) if charts is not None else None  # None: drawn with fpdf2 (drawn.py)
    # user-supplied and catalogue text that may hold characters Noto Sans TC lacks
    corpus = "".join(
        [_firm_name(checkup, lang), checkup.company.county or ""]
        + [f"{ln.name or ''}{ln.factor_source}" for ln in result.lines]
        + [repr(measures or ""), repr(programmes or ""), repr(plan or "")]
    )
    fallbacks = fallbacks_for(corpus)
    cover = frozenset().union(covered(), *(f[3] for f in fallbacks))
    header = f"{_tx('title', lang)}｜{printable(_firm_name(checkup, lang), cover)}｜{checkup.year}"
    if lang == "en":
        header = header.replace("｜", " | ")

    def render(with_toc: bool) -> _Report:
        pdf = _Report(lang, header, fallbacks)
        pdf.set_title(f"{_tx('title', lang)} {checkup.year} {_firm_name(checkup, lang)}")
        pdf.set_subject(_tx("subtitle", lang))
        pdf.set_keywords("Scope 1, Scope 2, GHG, 碳盤查, 碳健診")
        pdf.set_creation_date(dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc))
        _cover(pdf, checkup, result, lang, today)
        pdf.add_page()
        if with_toc:  # reserves this page for the contents and moves on to a new one
            pdf.insert_toc_placeholder(_render_toc, pages=1)
        _summary(pdf, checkup, result, lang, pngs)
        pdf.add_page()
        _sources(pdf, result, lang)
        if plan is not None:  # the plan before the detail it is made of
            pdf.add_page()
            _plan(pdf, plan, lang)
        if measures is not None:
            pdf.add_page()
            _measures(pdf, list(measures), lang, measures_total)
        # with the plan in front, the detail runs on (a section starts a page only near the bottom of one)
        if programmes is not None:
            if plan is None or measures is None:
                pdf.add_page()
            featured = related = None
            if plan is not None:
                acts = plan.get("actions") or []
                featured = {(a.get("call") or {}).get("programme") for a in acts}
                related = featured | {p for a in acts for p in a.get("also") or []} | {
                    (a.get("subsidy") or {}).get("programme") for a in acts}
            _programmes(pdf, list(programmes), lang, featured, related)
        if plan is None:
            pdf.add_page()
        _method(pdf, result, lang)
        return pdf

    # A contents page when the report runs long: decided up front (one pass keeps it fast).
    # With the plan, the report is short enough (at most 8 pages for a small firm) to go without one.
    long = len(result.lines) > TOC_MIN_LINES or (plan is None and (measures is not None or programmes is not None))
    return bytes(render(long).output())
