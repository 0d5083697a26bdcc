"""Numbers and times for people, in one place: thousands separators and decimals through babel (CLDR), times on
the users' clock (Asia/Taipei). The pages (through ui/fmt.py, which adds the session's language), the command line
and the advice texts all call these.

babel parses a locale and a number pattern on every ``format_decimal`` call (about 30× the cost of applying a
parsed pattern: ``benchmarks/bench_format.py``), so both are parsed once and kept.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from .vocab import DEFAULT_LANG, LANGS

TAIPEI = ZoneInfo("Asia/Taipei")  # the users' clock; the database keeps UTC
DASH = "—"  # no value
_BABEL = {"zh-TW": "zh_TW", "en": "en"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_BABEL[lang if lang in LANGS else DEFAULT_LANG])


@cache
def _pattern(digits: int, fixed: bool) -> NumberPattern:
    """``#,##0.0`` (exactly ``digits`` decimals) or ``#,##0.#`` (up to ``digits``)."""
    return parse_pattern("#,##0" + ("." + ("0" if fixed else "#") * digits if digits > 0 else ""))


def number(value: float | int | None, digits: int = 1, lang: str = DEFAULT_LANG, *, fixed: bool = True) -> str:
    """``12345.678`` → ``12,345.7``; ``None``, NaN or infinity → an em dash; never ``-0.0``.
    ``fixed=False`` drops trailing zeros (``1,200`` and ``0.25`` from the same call)."""
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return DASH
    if round(value, digits) == 0:
        value = 0  # -0.04 shown with one decimal is 0.0, not -0.0
    return _pattern(max(0, digits), fixed).apply(value, _locale(lang))


def smart(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """Enough digits to be useful: none for large numbers, up to 6 for tiny ones."""
    if value is None:
        return DASH
    a = abs(value)
    digits = 0 if a >= 10_000 or a == 0 else 1 if a >= 10 else 2 if a >= 1 else 3 if a >= 0.01 else 6  # 0, never 0.000000
    return number(value, digits, lang)


def percent(share: float, lang: str = DEFAULT_LANG) -> str:
    """``0.125`` → ``12.5%``, ``0.3`` → ``30%``."""
    return number(share * 100, 1, lang, fixed=False) + "%"


def local_time(value: dt.datetime, seconds: bool = False) -> str:
    """A stored UTC time (naive from SQLite, aware from PostgreSQL) on Taiwan's clock, as ``2026-03-01 14:05``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
