"""Numbers for people in the session's language: core/formatting.py (babel) with the units of the catalogue."""

from __future__ import annotations

import re

from core import formatting
from core.formatting import local_time  # noqa: F401  (the pages show times through ui.fmt)

from .i18n import lang, md, t  # noqa: F401 - md: markdown-safe money, re-exported for the pages


def num(value: float | int | None, digits: int = 1) -> str:
    """``12345.678`` → ``12,345.7``; ``None`` → an em dash."""
    return formatting.number(value, digits, lang())


def smart(value: float | None) -> str:
    """Enough digits to be useful: 3 for small numbers, 1 for large ones."""
    return formatting.smart(value, lang())


def tco2e(value: float | None, digits: int = 1) -> str:
    return t("app.unit.tco2e_value", value=num(value, digits))


def kwh(value: float | None) -> str:
    return t("app.unit.kwh_value", value=num(value, 0))


def ntd(value: float | None) -> str:
    return t("app.unit.ntd_value", value=num(value, 0))


def pct(value: float) -> str:
    return formatting.percent(value, lang())


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def plain(text: object) -> str:
    """Text a user chose (a file name, a firm's name) shown literally inside Streamlit's markdown."""
    return _MARKDOWN.sub(r"\\\1", str(text))

