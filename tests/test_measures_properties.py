"""No double counting: all measures on one system never save more than that system uses."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core
from core.advice.measures import SCENARIOS, suggest, total

from test_measures import StubFactors, result

kw = st.floats(min_value=0.5, max_value=500, allow_nan=False)
hours = st.one_of(st.none(), st.floats(min_value=0, max_value=8760))
maybe_bool = st.one_of(st.none(), st.booleans())

compressor = st.fixed_dictionaries({
    "kw": kw, "count": st.integers(0, 5), "hours_per_year": hours, "vfd": maybe_bool,
    "pressure_bar": st.one_of(st.none(), st.floats(min_value=4, max_value=12)),
    "leak_check_months_ago": st.one_of(st.none(), st.floats(min_value=0, max_value=60)),
})
chiller = st.fixed_dictionaries({
    "kw": kw, "count": st.integers(1, 3), "hours_per_year": hours,
    "age_years": st.one_of(st.none(), st.floats(min_value=0, max_value=40)),
    "type": st.sampled_from(["water_cooled", "air_cooled", "split_ac"]),
})
pump = st.fixed_dictionaries({"kw": kw, "count": st.integers(1, 5), "vfd": maybe_bool, "throttled": maybe_bool,
                              "hours_per_year": hours})
motor = st.fixed_dictionaries({"kw": kw, "count": st.integers(1, 10), "hours_per_year": hours,
                               "efficiency_class": st.sampled_from(["IE1", "IE2", "IE3", "IE4", None])})
lamp = st.fixed_dictionaries({"type": st.sampled_from(["T8", "T5", "metal_halide", "LED", "mercury"]),
                              "count": st.integers(1, 500), "watts": st.one_of(st.none(), st.floats(5, 1000))})
boiler = st.fixed_dictionaries({
    "fuel": st.just("diesel"), "capacity_tph": st.one_of(st.none(), st.floats(0.2, 10)),
    "efficiency_pct": st.one_of(st.none(), st.floats(60, 95)), "condensate_return": maybe_bool,
})
heater = st.fixed_dictionaries({"temperature_c": st.floats(30, 120), "source": st.sampled_from(["electric", "diesel"]),
                                "kw": kw, "hours_per_year": hours})

equipment = st.fixed_dictionaries({
    "air_compressors": st.lists(compressor, max_size=3),
    "chillers": st.lists(chiller, max_size=2),
    "pumps": st.lists(pump, max_size=2),
    "fans": st.lists(pump, max_size=2),
    "motors": st.lists(motor, max_size=2),
    "lighting": st.lists(lamp, max_size=2),
    "boilers": st.lists(boiler, max_size=1),
    "process_heat": st.lists(heater, max_size=2),
    "waste_heat_sources": st.lists(st.just("exhaust"), max_size=1),
    "roof_area_m2": st.one_of(st.none(), st.floats(10, 20000)),
})


def _clean(d):
    if isinstance(d, dict):
        return {k: _clean(v) for k, v in d.items() if v is not None}
    if isinstance(d, list):
        return [_clean(v) for v in d]
    return d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(eq=equipment,
       site=st.one_of(st.none(), st.floats(min_value=1000, max_value=5e7)),
       diesel=st.one_of(st.none(), st.just(0.0), st.floats(min_value=10, max_value=5e6)),
       industry=st.sampled_from([None, "25", "26", "08", "99"]))
def test_no_system_saves_more_than_it_uses(eq, site, diesel, industry):
    data = {"year": 2024, "equipment": _clean(eq)}
    if industry:
        data["company"] = {"industry": industry}
    c = core.parse_checkup(data)
    ms = suggest(c, result(site, diesel), factors=StubFactors())
    tot = total(ms)
    for pool, p in tot["by_pool"].items():
        for s in SCENARIOS:
            assert p["saved"][s] <= p["base"] * (1 + 1e-9), (pool, s, p)
            assert p["saved"][s] >= 0
    for m in ms:
        for s in SCENARIOS:
            assert getattr(m.saving_tco2e_range, s) is not None
        assert m.saving_kwh_range.low <= m.saving_kwh_range.high + 1e-6 or m.saving_kwh < 0
        if not m.carbon_saving:
            assert m.saving_tco2e == 0 and m.saving_kwh == 0
    # whole-site measures work on what is left of the site's electricity
    if site and "site" in tot["by_pool"]:
        assert tot["by_pool"]["site"]["saved"]["high"] <= site * (1 + 1e-9)


@settings(max_examples=60, deadline=None)
@given(eq=equipment)
def test_total_of_a_subset_never_exceeds_each_pool(eq):
    c = core.parse_checkup({"year": 2024, "equipment": _clean(eq)})
    ms = suggest(c, result(None, 50_000), factors=StubFactors())
    for k in range(len(ms) + 1):
        sub = ms[k:]
        tot = total(sub)
        for pool, p in tot["by_pool"].items():
            assert p["saved"]["high"] <= p["base"] * (1 + 1e-9)
