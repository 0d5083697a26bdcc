"""The rules for an answer that other answers hang on: what else changes in a checkup (a plain dict in the
checkup-file shape) when a fuel or the kind of an "other" source is changed. The inventory page applies them;
any other editor of a checkup would apply the same."""

from __future__ import annotations

from typing import Any

from ..i18n import t
from ..vocab import OTHER_UNITS, OWN_FACTOR_KINDS
from .factors import tables
from .plausibility import bought_in


def fuel_chosen(row: dict[str, Any], fuel: str) -> dict[str, Any]:
    """A fuel entry after its fuel changed: it starts in the unit the fuel is bought in (桶裝瓦斯 in kg, natural gas
    in m³; data/plausibility.yaml), else its own unit, and a fuel no vehicle burns is no longer a vehicle's."""
    meta = tables()["fuels"].get(fuel)
    usual = bought_in(fuel)
    out = {**row, "fuel": fuel, "unit": usual[0] if usual else (meta["base_unit"] if meta else "L")}
    if out.get("use") == "vehicle" and not (meta and meta["vehicle"] == "yes"):
        out.pop("use")
    return out


def other_kind_chosen(row: dict[str, Any], kind: str, lang: str) -> dict[str, Any]:
    """An "other" entry after its kind changed. Purchased steam is counted in tonnes and is always scope 2; a
    source with the firm's own factor keeps its own unit; a gas bought by weight drops the own factor, its source
    and scope, and is counted in kg unless it was in tonnes."""
    out = {**row, "kind": kind}
    if kind in OWN_FACTOR_KINDS:
        if kind == "steam":
            out["unit"] = t("checkup.other.steam_unit", lang)
            out.pop("scope", None)
        else:
            out["unit"] = row.get("unit", "")
        return out
    for key in ("factor", "factor_source", "scope"):
        out.pop(key, None)
    if out.get("unit") not in OTHER_UNITS:
        out["unit"] = "kg"
    return out
