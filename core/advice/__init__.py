"""What to do about it: the plan, measures and matching programmes for one checkup, as plain data.

``advise`` is the one advice builder: the pages, the command line (``advise``, ``plan``), the PDF, the batch
reports and the staff views all call it (or ``plan.build`` on the same inputs), in the requested language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from ..inventory.calc import compute
from ..inventory.models import Checkup
from ..inventory.result import Result
from . import measures, plan, programmes


def advise(
    checkup: Checkup,
    result: Result | None = None,
    lang: str = "zh-TW",
    on: dt.date | None = None,
    answers: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The action plan, the measures (ranked, with their non-double-counted total and the abatement curve), the
    programmes that fit and why, and the firm's obligations — what ``python -m core advise`` prints.

    ``answers`` are the firm's answers to the programmes' questions (question id → True/False); ``on`` the day
    programme status is judged at (today by default). Every text is in ``lang``.
    """
    result = result or compute(checkup)
    on = on or dt.date.today()
    suggested = measures.suggest(checkup, result)
    data = measures.to_dict(suggested, lang)
    matches = programmes.match(checkup, result, [m.id for m in suggested], on=on, answers=answers)
    the_plan = plan.build(checkup, result, on=on, suggested=suggested, matches=matches)
    return {
        "year": result.year,
        "total_tco2e": result.total_tco2e,
        "plan": the_plan.to_dict(lang),
        "measures": data["measures"],
        "measures_total": data["total"],
        "abatement_curve": data["abatement_curve"],
        "programmes": [m.to_dict(lang) for m in matches],
        "obligations": programmes.obligations(checkup, result, lang),
    }
