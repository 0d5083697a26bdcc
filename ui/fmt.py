"""Numbers for people: thousands separators (babel), units from the catalogue."""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from .i18n import lang, t

_LOCALES = {"zh-TW": "zh_TW", "en": "en"}
TAIPEI = ZoneInfo("Asia/Taipei")  # the users' clock; the database keeps UTC


def local_time(value: dt.datetime, seconds: bool = False) -> str:
    """A stored UTC time (naive from SQLite, aware from PostgreSQL) on Taiwan's clock."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def num(value: float | int | None, digits: int = 1) -> str:
    """``12345.678`` → ``12,345.7``; ``None`` → an em dash."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_LOCALES.get(lang(), "zh_TW"))


def smart(value: float | None) -> str:
    """Enough digits to be useful: 3 for small numbers, 1 for large ones."""
    if value is None:
        return "—"
    a = abs(value)
    digits = 0 if a >= 10_000 else 1 if a >= 10 else 2 if a >= 1 else 3 if a >= 0.01 else 6
    return num(value, digits)


def tco2e(value: float | None, digits: int = 1) -> str:
    return t("app.unit.tco2e_value", value=num(value, digits))


def kwh(value: float | None) -> str:
    return t("app.unit.kwh_value", value=num(value, 0))


def ntd(value: float | None) -> str:
    return t("app.unit.ntd_value", value=num(value, 0))


def pct(value: float) -> str:
    return num(value * 100, 1 if value * 100 % 1 else 0) + "%"


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def plain(text: object) -> str:
    """Text a user chose (a file name, a firm's name) shown literally inside Streamlit's markdown."""
    return _MARKDOWN.sub(r"\\\1", str(text))
