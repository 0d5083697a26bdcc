"""The CBAM goods a firm makes: the owner's words (data/cbam/goods.csv) and the CN scope of Annex I (cn_scope.csv).

One list for the company step, the programme match, the checkup file and the CBAM export: an owner chooses
「螺絲螺帽」, the checkup keeps ``{good: fasteners, cn_code: "7318"}``, and ``cn_scope("7318")`` says which Annex I
line covers it (and whether Annex II counts only its direct emissions).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data" / "cbam"


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


# --------------------------------------------------------------------------- CN scope (Annex I and II)


@dataclass(frozen=True)
class Scope:
    cn_code: str
    sector: str
    direct_only: bool
    gases: tuple[str, ...]
    entry: str  # the Annex I line it falls under
    text: str


@cache
def _scope_rows() -> list[dict[str, str]]:
    return _csv("cn_scope.csv")


def cn_scope(cn_code: str) -> Scope | None:
    """The Annex I line a CN code falls under (and whether Annex II limits it to direct emissions), or None."""
    rows = _scope_rows()
    if any(cn_code.startswith(r["prefix"]) for r in rows if r["excluded"] == "yes"):
        return None
    hits = [r for r in rows if r["excluded"] == "no" and cn_code.startswith(r["prefix"])]
    if not hits:
        return None
    row = max(hits, key=lambda r: len(r["prefix"]))
    return Scope(cn_code, row["sector"], row["direct_only"] == "yes", tuple(row["gases"].split()), row["prefix"], row["annex_text"])


# --------------------------------------------------------------------------- the owner's words


@cache
def goods() -> dict[str, dict[str, Any]]:
    """The goods an owner can choose, by id, in the order shown."""
    return {r["good"]: {**r, "keywords": [k for k in r["keywords"].split("|") if k]} for r in _csv("goods.csv")}


def good_label(good: str, lang: str = "zh-TW", *, code: bool = True) -> str:
    """「螺絲螺帽（…）（CN 7318）」: the owner's words with the CN code shown."""
    row = goods().get(good)
    if row is None:
        return good
    words = row["label_en" if lang == "en" else "label_zh"]
    if not code:
        return words
    return f"{words} (CN {spaced(row['cn_code'])})" if lang == "en" else f"{words}（CN {spaced(row['cn_code'])}）"


def spaced(cn: str) -> str:
    """A CN code as the nomenclature prints it: 7318, 7318 15, 7318 15 90."""
    return " ".join([cn[:4], *re.findall(r"..", cn[4:])])


def keyword_in(keyword: str, text: str) -> bool:
    """Chinese keywords match anywhere; Latin ones only at the start of a word ("iron", not "environment")."""
    keyword = keyword.lower()
    if keyword.isascii():
        return re.search(r"\b" + re.escape(keyword), text) is not None
    return keyword in text


def good_of_text(text: str) -> str | None:
    """The good an owner's own words name ("不鏽鋼螺絲" → fasteners), by its longest keyword; None if none."""
    low = text.strip().lower()
    best: tuple[int, str] | None = None
    for gid, row in goods().items():
        for k in row["keywords"]:
            if keyword_in(k, low) and (best is None or len(k) > best[0]):
                best = (len(k), gid)
    return best[1] if best else None
