"""What a calculation returns: lines, totals, flags, and the factors it used.

A ``Result`` is plain data (pydantic models), so it serialises to the JSON the
command line prints and the storage keeps, and can be read back unchanged.
"""

from __future__ import annotations

import re

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..formatting import number
from ..i18n import has, t
from .factors import tables
from .goods import good_label

Category = Literal["electricity", "fuel", "refrigerant", "septic", "other"]


class Line(BaseModel):
    """One gas from one source: activity × factor × GWP."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Stable id of the source, e.g. 'fuel:diesel:stationary'.")
    input: str = Field(description="Where in the checkup file it comes from, e.g. 'fuels[0]'.")
    category: Category
    label_key: str = Field(description="Catalogue key naming the source for people.")
    name: str | None = Field(None, description="The user's own name for the line, if any.")
    scope: Literal[1, 2]
    gas: str = Field(description="CO2, CH4, N2O, an HFC name, or CO2e for pre-combined factors.")
    activity: float = Field(description="Activity data in the factor's unit.")
    unit: str = Field(description="Unit of the activity (kWh, L, m3, kg, person-hour…).")
    entered_amount: float | None = Field(None, description="The amount as the user entered it.")
    entered_unit: str | None = None
    factor: float = Field(description="Emission factor, kg of gas per unit of activity.")
    factor_unit: str
    factor_id: str
    factor_source: str
    factor_year: int | None = None
    gwp: float
    tco2e: float
    counted: bool = Field(True, description="False for gases reported apart (HCFCs): not in the totals.")
    estimate: bool = False
    working: str = Field("", description="The arithmetic, written out (English words; see working_text).")

    def working_text(self, lang: str = "zh-TW") -> str:
        """The arithmetic with its few words (units, people, hours, leak rate…) in the reader's language."""
        if lang == "en":
            return unit_symbol(self.working)
        text = unit_symbol(self.working)
        text = _WORKING_WORDS.sub(lambda m: t(f"sources.working.{m.group(1).replace(' ', '_')}", lang), text)
        return _HOURS.sub(lambda m: m.group(1) + t("sources.working.h", lang), text)


_SYMBOLS = re.compile(r"\bthousand_m3\b|\bm3\b")


def unit_symbol(text: str) -> str:
    """Unit ids as people write them: m3 → m³, thousand_m3 → 1,000 m³ (in a unit, a working or a factor unit)."""
    return _SYMBOLS.sub(lambda m: "1,000 m³" if m.group(0) == "thousand_m3" else "m³", text)


# the words calc.py writes into a line's working, translated by Line.working_text
_WORKING_WORDS = re.compile(r"\b(units|people|own leak rate|leak rate|topped up)\b")
_HOURS = re.compile(r"(\d) h\b")


class Flag(BaseModel):
    """A data-quality note: what is estimated or substituted, and on what basis."""

    code: str
    input: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    def text(self, lang: str = "zh-TW") -> str:
        """The note in plain words: ids become names, shares become percentages."""
        return t(f"flags.{self.code}", lang, **self._words(lang))

    def _words(self, lang: str) -> dict[str, Any]:
        """The params in the reader's words."""
        params = dict(self.params)
        for name in list(params):
            if name.endswith("_key"):
                params[name[:-4]] = t(str(params.pop(name)), lang)
        shares = ("rate", "low", "high")  # shares of a charge, shown as percentages
        for name in shares:
            if isinstance(params.get(name), float):
                params[name] = number(params[name] * 100, 1, lang) + "%"
        for name, value in params.items():
            if isinstance(value, float) and name not in shares:
                params[name] = number(value, 0, lang) if abs(value) >= 100 else f"{value:.4g}"  # 4 significant digits
        if "equipment" in params:
            row = tables()["leak_rates"].get(params["equipment"])
            if row:
                params["equipment"] = row["label_zh" if lang == "zh-TW" else "label_en"]
        for name in ("unit", "usual"):  # a unit id (L, m3) becomes its name (公升, 立方公尺)
            row = tables()["units"].get(str(params.get(name, "")))
            if row:
                params[name] = row["label_zh" if lang == "zh-TW" else "label_en"]
        if "good" in params:
            params["good"] = good_label(str(params["good"]), lang, code=False)
        if "fuel" in params:
            key = f"sources.fuel.{params['fuel']}"
            if has(key, lang):
                params["fuel"] = t(key, lang)
        return params


# notes that differ only in the fuel they concern: said once, naming every fuel (flags.group.<code>)
_GROUPED = {"heat_value_unconfirmed", "heat_value_substituted"}
_GROUP_BY = ("source", "year", "used_years")  # what the grouped text says once


def notes(flags: list[Flag], lang: str = "zh-TW") -> list[tuple[str | None, str]]:
    """The data-quality notes to show, each once: ``(input, text)`` in order of first appearance.

    Identical notes appear once; notes of one kind that differ only in the fuel (the same unconfirmed heat-value
    table for diesel, gasoline and natural gas) become one note naming the fuels.
    """
    out: list[tuple[str | None, str]] = []
    groups: dict[tuple, list[Flag]] = {}
    order: list[tuple] = []
    for f in flags:
        if f.code in _GROUPED and has(f"flags.group.{f.code}", lang):
            key = (f.code, f.input, tuple(str(f.params.get(k, "")) for k in _GROUP_BY))
        else:
            key = ("one", f.input, f.text(lang))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    for key in order:
        items = groups[key]
        first = items[0]
        if key[0] == "one" or len(items) == 1:
            out.append((first.input, first.text(lang)))
            continue
        sep = ", " if lang == "en" else "、"
        named = []
        for f in items:
            one = Flag(code="x", params={k: f.params[k] for k in ("fuel", "unit") if k in f.params})
            p = one._words(lang)
            named.append(f"{p.get('fuel', '')} ({p.get('unit', '')})" if lang == "en" else f"{p.get('fuel', '')}（{p.get('unit', '')}）")
        params = first._words(lang)
        params["items"] = sep.join(dict.fromkeys(named))
        out.append((first.input, t(f"flags.group.{first.code}", lang, **params)))
    return out


class Result(BaseModel):
    year: int
    gwp_basis: str
    fuel_factor_set: str
    electricity_factor_year: int | None = None
    scope1_tco2e: float
    scope2_tco2e: float
    total_tco2e: float
    scope2_market_tco2e: float | None = None
    reported_apart_tco2e: float = 0.0
    by_category: dict[str, float] = Field(default_factory=dict)
    monthly_kwh: list[float] | None = None
    electricity_kwh: float | None = None
    intensities: dict[str, float] = Field(default_factory=dict)
    lines: list[Line] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    factors: dict[str, Any] = Field(default_factory=dict, description="Snapshot of every factor row used.")
    engine_version: str = ""

    def flag_codes(self) -> list[str]:
        return [f.code for f in self.flags]
