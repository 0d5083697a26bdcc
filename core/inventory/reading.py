"""What people type, read the way they meant it: numbers as written in Taiwan and dates as bills print them.

``parse_amount("18萬")`` is 180000, ``parse_amount("180,000 度")`` is 180000 (a unit word after the number is
allowed and ignored: the unit is chosen beside the field), ``parse_amount("1.8 萬")`` is 18000.
``parse_date("115/01/05")`` is 2026-01-05 (民國 year + 1911), as are ``"115.01.05"``, ``"民國115年1月5日"`` and
``"2026-01-05"``. Both raise ``ValueError`` for text that is no number or no date; callers turn that into the
field's message. One parser for the app, the checkup file and the offline template.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

ROC_OFFSET = 1911  # 民國 1 年 = 1912

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－／：　＄ＮＴｎｔ", "0123456789.,-/: $NTnt")
# the Chinese multipliers people write after a number (萬 on bills and in speech; 万 accepted as typed)
_MULTIPLIERS = {"萬": 10_000, "万": 10_000, "億": 100_000_000, "亿": 100_000_000, "千": 1_000}
# words that may follow the number: units a bill prints, and the currency before or after it
_UNIT_WORDS = (
    "度", "kwh", "千瓦小時", "公升", "升", "l", "公秉", "kl", "立方公尺", "m3", "m³", "公斤", "kg", "公噸", "噸", "t",
    "元", "nt$", "ntd", "twd", "人", "小時", "h", "kw", "瓩", "支", "件", "個", "台", "公克", "g",
)
_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(?P<mult>[萬万億亿千])?\s*(?P<unit>.*)$"
)


def parse_amount(value: Any) -> int | float | None:
    """A typed amount → a number; blank → None; anything else a person would not call a number → ValueError.

    Thousands separators must be in the right places ("1,80,000" is refused, not guessed);
    a multiplier (萬, 億, 千) scales the number; one unit word after it ("度", "公升", "kg", "元") is ignored,
    as is "NT$" or "$" before it.
    """
    if value is None or isinstance(value, bool):
        return None if value is None else _fail(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value).translate(_FULLWIDTH).strip().replace("_", "")
    if text == "":
        return None
    low = text.lower()
    for prefix in ("nt$", "ntd", "twd", "$"):
        if low.startswith(prefix):
            low = low[len(prefix):].strip()
            break
    m = _NUMBER.match(low)
    if m is None:
        return _fail(value)
    unit = m.group("unit").strip().rstrip("./")
    if unit and unit not in _UNIT_WORDS:
        return _fail(value)
    digits = m.group("num").replace(",", "")
    mult = _MULTIPLIERS.get(m.group("mult") or "", 1)
    sign = -1 if m.group("sign") == "-" else 1
    if "." in digits:
        number: int | float = float(digits) * mult
        if mult != 1:
            number = round(number, 6)  # 1.8 萬 is 18000, not 17999.999999999996
    else:
        number = int(digits) * mult
    number = sign * number
    if isinstance(number, float) and number.is_integer() and mult != 1:
        return int(number)
    return number


def _fail(value: Any):
    raise ValueError(f"not a number: {str(value)[:40]!r}")


_DATE_PATTERNS = (
    # 民國115年1月5日, 115年1月5日
    re.compile(r"^(?:民國|中華民國)?\s*(?P<y>\d{2,4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?$"),
    # 115/01/05, 115.01.05, 115-01-05, 2026/1/5, 2026-01-05
    re.compile(r"^(?:民國)?\s*(?P<y>\d{2,4})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<d>\d{1,2})$"),
    # 1150105 (the way some bills print it), 20260105
    re.compile(r"^(?P<y>\d{3})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """A date as printed on a bill → a date: ROC years (民國, 2 or 3 digits) or Western years (4 digits).

    Blank → None; a date that does not exist (115/02/30) or text that is no date → ValueError.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).translate(_FULLWIDTH).strip()
    if text == "":
        return None
    text = re.sub(r"[T ]00:00(:00)?$", "", text)  # a spreadsheet's date-time at midnight
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        year = int(m.group("y"))
        if len(m.group("y")) <= 3:  # 民國 years have two or three digits
            year += ROC_OFFSET
        try:
            return dt.date(year, int(m.group("m")), int(m.group("d")))
        except ValueError:
            break
    raise ValueError(f"not a date: {str(value)[:40]!r}")


def roc(date: dt.date) -> str:
    """A date the way a Taipower bill prints it: 115/01/05."""
    return f"{date.year - ROC_OFFSET:03d}/{date.month:02d}/{date.day:02d}"
