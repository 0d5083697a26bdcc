"""What to do about it: measures and matching programmes for one checkup, as plain data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..inventory.calc import compute
from ..inventory.models import Checkup
from ..inventory.result import Result
from . import measures, programmes


def advise(checkup: Checkup, result: Result | None = None, lang: str = "zh-TW", on: dt.date | None = None) -> dict[str, Any]:
    """Measures (ranked, with their non-double-counted total and the abatement curve), the programmes
    that fit and why, and the firm's obligations — what ``python -m core advise`` prints."""
    result = result or compute(checkup)
    suggested = measures.suggest(checkup, result)
    data = measures.to_dict(suggested, lang)
    matches = programmes.match(checkup, result, [m.id for m in suggested], on=on)
    return {
        "year": result.year,
        "total_tco2e": result.total_tco2e,
        "measures": data["measures"],
        "measures_total": data["total"],
        "abatement_curve": data["abatement_curve"],
        "programmes": [m.to_dict(lang) for m in matches],
        "obligations": programmes.obligations(checkup, result, lang),
    }
