"""The measure library as typed models (pydantic): the file is validated once, and a broken entry is refused."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from core.advice.measures import MeasureLibrary, MeasureSpec, catalogue, library


def _broken(change) -> dict:
    data = copy.deepcopy(library())
    change(data)
    return data


def test_the_library_loads_as_typed_specs():
    cat = catalogue()
    assert isinstance(cat, MeasureLibrary) and all(isinstance(m, MeasureSpec) for m in cat.measures)
    leaks = cat.get("compressed_air_leaks")
    assert (leaks.cost.basis, leaks.cost.low, leaks.cost.high, leaks.lifetime_years.value) == ("from_payback", 0.5, 2, 1)
    assert leaks.applies.when[0].field == "leak_check_months_ago" and leaks.applies.when[0].if_missing is True
    assert cat.get("furnace_heat_recovery").applies.when[1].op == "ge"
    with pytest.raises(KeyError):
        cat.get("no_such_measure")


@pytest.mark.parametrize("change, words", [
    (lambda d: d["measures"][0]["sources"].append("nowhere"), "unknown sources"),
    (lambda d: d["measures"][0]["saving"]["params"]["leak_fraction"].update(source="nowhere"), "unknown sources"),
    (lambda d: d["measures"][1].update(id=d["measures"][0]["id"]), "duplicate measure ids"),
    (lambda d: d["measures"][0]["cost"].update(low=3, high=1), "low first"),
    (lambda d: d["measures"][0]["applies"]["when"][0].update(op="about"), "op"),
    (lambda d: d["measures"][0]["saving"].update(method="magic"), "method"),
    (lambda d: d["measures"][0].update(cost_class="cheap"), "cost_class"),
    (lambda d: d["measures"][0].update(colour="red"), "colour"),
])
def test_a_broken_entry_is_refused(change, words):
    with pytest.raises(ValidationError) as exc:
        MeasureLibrary.model_validate(_broken(change))
    assert words in str(exc.value)
