"""The equipment questions the measures need: one spec for the measures page and the offline Excel template.

Each system of ``checkup.equipment`` (see core/inventory/models.py) is asked as a short list of questions in the
order an owner reads them off the nameplate; a row is kept when one of its ``NEEDS`` is answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Question:
    """One question of a system. kind: number, int, bool (yes/no) or choice (one of ``options``)."""

    key: str  # the model's field
    kind: str
    options: tuple[str, ...] | None = None
    max: float | None = None


HOURS_IN_A_YEAR = 8784  # a leap year's hours: the most any machine can run

CHILLER_TYPES = ("water_cooled", "air_cooled", "split_ac", "window_ac")
LIGHTING_TYPES = ("T8", "T5", "metal_halide", "mercury", "halogen", "LED")
BOILER_FUELS = ("diesel", "fuel_oil", "natural_gas", "lpg", "coal", "kerosene")
HEAT_SOURCES = ("electric", "diesel", "lpg", "natural_gas", "fuel_oil", "kerosene")
IE_CLASSES = ("IE1", "IE2", "IE3", "IE4", "unknown")
FURNACE_KINDS = ("furnace", "heat_treatment", "oven")
FURNACE_FUELS = ("natural_gas", "lpg", "diesel", "fuel_oil", "kerosene", "electric")

_KW, _COUNT, _AGE = Question("kw", "number"), Question("count", "int"), Question("age_years", "number")
_HOURS = Question("hours_per_year", "number", max=HOURS_IN_A_YEAR)
_VFD, _THROTTLED = Question("vfd", "bool"), Question("throttled", "bool")

QUESTIONS: dict[str, tuple[Question, ...]] = {
    "air_compressors": (_KW, _COUNT, _AGE, Question("pressure_bar", "number"), _HOURS, _VFD,
                        Question("leak_check_months_ago", "number")),
    "chillers": (_KW, Question("rt", "number"), _COUNT, _AGE, Question("type", "choice", CHILLER_TYPES), _HOURS),
    "pumps": (_KW, _COUNT, _VFD, _THROTTLED, _HOURS),
    "fans": (_KW, _COUNT, _VFD, _THROTTLED, _HOURS),
    "boilers": (Question("fuel", "choice", BOILER_FUELS), Question("capacity_tph", "number"), _AGE,
                Question("efficiency_pct", "number", max=100), Question("condensate_return", "bool"), _HOURS),
    "process_heat": (Question("temperature_c", "number"), Question("source", "choice", HEAT_SOURCES), _KW, _COUNT,
                     _HOURS),
    "lighting": (Question("type", "choice", LIGHTING_TYPES), _COUNT, Question("watts", "number"), _HOURS),
    "motors": (_KW, _COUNT, Question("efficiency_class", "choice", IE_CLASSES), _HOURS),
    "furnaces": (Question("kind", "choice", FURNACE_KINDS), Question("fuel", "choice", FURNACE_FUELS), _KW, _COUNT,
                 Question("temperature_c", "number"), Question("recuperator", "bool"), _HOURS),
    "injection_moulding": (_KW, _COUNT, Question("servo", "bool"), Question("barrel_insulation", "bool"), _HOURS),
}

# a row counts when one of these is answered (a compressor needs its kW, a chiller its kW or RT …)
NEEDS: dict[str, tuple[str, ...]] = {
    "air_compressors": ("kw",), "chillers": ("kw", "rt"), "pumps": ("kw",), "fans": ("kw",), "boilers": ("fuel",),
    "process_heat": ("temperature_c", "kw"), "lighting": ("type",), "motors": ("kw",),
    "furnaces": ("fuel",), "injection_moulding": ("kw",),
}

# systems whose measures can estimate the energy from the industry's typical share when only "we have one" is known:
# the page asks "do you have one?" for these alone (data/measures.yaml: measures with breakdown_estimate: true)
PRESENCE_ASKED = ("air_compressors", "chillers", "boilers")


def present(equipment: Any, system: str) -> bool:
    """Whether the factory has a system: rows answered, or listed in ``equipment.has``."""
    if equipment is None:
        return False
    return bool(getattr(equipment, system, None)) or system in (equipment.has or [])

CONTRACT = ("contract_kw", "peak_kw", "power_factor")  # checkup.contract, from the Taipower bill


def asked_before(data: dict[str, Any]) -> dict[str, Any]:
    """Answers the owner already gave elsewhere in the checkup that the equipment questions ask again,
    by ``<group>.<field>``: the contract capacity of the company step (``contract.contract_kw``)."""
    out: dict[str, Any] = {}
    kw = (data.get("company") or {}).get("contract_kw") if isinstance(data.get("company"), dict) else None
    if isinstance(kw, (int, float)) and not isinstance(kw, bool) and kw > 0:
        out["contract.contract_kw"] = kw
    return out


def kept(system: str, row: dict[str, Any]) -> bool:
    """Whether a row of answers is enough to count as a piece of equipment."""
    return any(row.get(k) is not None for k in NEEDS[system])


def answer(key: str, value: Any) -> Any:
    """A widget's or a cell's value for field ``key`` as the checkup keeps it: None when there is no answer
    (a motor's "unknown" IE class too)."""
    if value is None or (key == "efficiency_class" and value == "unknown"):
        return None
    return value
