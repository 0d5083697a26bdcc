"""Two years of one firm side by side: per scope and per source, with the electricity change explained.

``compare(before, after)`` takes two ``Result``s (the earlier year's as it was saved) and returns plain rows.
The electricity change is split exactly into what the firm did and what the grid did:

    use effect    = (kWh after − kWh before) × factor before ÷ 1000
    factor effect = kWh after × (factor after − factor before) ÷ 1000
    use effect + factor effect = kWh after × factor after ÷ 1000 − kWh before × factor before ÷ 1000
"""

from __future__ import annotations

from pydantic import BaseModel

from .result import Line, Result


class Row(BaseModel):
    key: str                 # "scope1", "scope2", "total", or a line's source id ("fuel:diesel:stationary")
    label_key: str           # the catalogue key naming it
    scope: int | None = None
    before: float | None     # tCO2e; None where the source was not in that year
    after: float | None
    change: float            # after − before (a missing side counts as 0)


class ElectricityChange(BaseModel):
    kwh_before: float
    kwh_after: float
    factor_before: float     # kgCO2e/kWh
    factor_after: float
    factor_year_before: int | None
    factor_year_after: int | None
    use_tco2e: float         # from using more or less electricity, at the earlier factor
    factor_tco2e: float      # from the grid's factor, on this year's use
    change_tco2e: float


class Comparison(BaseModel):
    year_before: int
    year_after: int
    scopes: list[Row]
    sources: list[Row]
    electricity: ElectricityChange | None


def _by_source(result: Result) -> dict[str, tuple[str, int, float]]:
    out: dict[str, tuple[str, int, float]] = {}
    for line in result.lines:
        if not line.counted:
            continue
        label, scope, value = out.get(line.source, (line.label_key, line.scope, 0.0))
        out[line.source] = (label, scope, value + line.tco2e)
    return out


def _electricity(result: Result) -> Line | None:
    return next((ln for ln in result.lines if ln.category == "electricity"), None)


def compare(before: Result, after: Result) -> Comparison:
    """The earlier year (``before``) and this one (``after``) side by side."""
    scopes = [
        Row(key="scope1", label_key="sources.scope.1", scope=1, before=before.scope1_tco2e, after=after.scope1_tco2e,
            change=after.scope1_tco2e - before.scope1_tco2e),
        Row(key="scope2", label_key="sources.scope.2", scope=2, before=before.scope2_tco2e, after=after.scope2_tco2e,
            change=after.scope2_tco2e - before.scope2_tco2e),
        Row(key="total", label_key="checkup.results.years.total", before=before.total_tco2e, after=after.total_tco2e,
            change=after.total_tco2e - before.total_tco2e),
    ]
    b, a = _by_source(before), _by_source(after)
    sources = []
    for key in list(dict.fromkeys([*a, *b])):  # this year's sources first, then those that are gone
        label, scope, _ = a.get(key) or b[key]
        vb = b[key][2] if key in b else None
        va = a[key][2] if key in a else None
        sources.append(Row(key=key, label_key=label, scope=scope, before=vb, after=va, change=(va or 0.0) - (vb or 0.0)))
    eb, ea = _electricity(before), _electricity(after)
    elec = None
    if eb is not None and ea is not None:
        use = (ea.activity - eb.activity) * eb.factor / 1000
        factor = ea.activity * (ea.factor - eb.factor) / 1000
        elec = ElectricityChange(
            kwh_before=eb.activity, kwh_after=ea.activity, factor_before=eb.factor, factor_after=ea.factor,
            factor_year_before=eb.factor_year, factor_year_after=ea.factor_year,
            use_tco2e=use, factor_tco2e=factor, change_tco2e=ea.tco2e - eb.tco2e,
        )
    return Comparison(year_before=before.year, year_after=after.year, scopes=scopes, sources=sources, electricity=elec)
