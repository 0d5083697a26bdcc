"""The action plan (core/advice/plan.py): the ranking rule on three firms worked by hand, payback before and after
the subsidy from the programme's data (data/subsidies.yaml), who to call, and the rule never ranking an action that
does not pay back within its life as if it did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import core
from core.advice import measures as ms
from core.advice import plan
from core.advice import programmes as pg
from core.advice import subsidies as sb

ROOT = Path(__file__).resolve().parent.parent
ON = dt.date(2026, 12, 4)
SCREWS = core.load(ROOT / "examples" / "screws.yaml")
QUICK = 2.0


def measure(mid: str, cost: tuple[float, float] | None, saving: tuple[float, float, float] | None, life: float,
            cost_class: str = "investment", tco2e: tuple[float, float, float] = (1.0, 1.5, 2.0), carbon: bool = True,
            programmes: tuple[str, ...] = ()) -> ms.Measure:
    """A measure as the engine would give it, with figures chosen by hand."""
    lo, mid_s, hi = saving if saving else (None, None, None)
    return ms.Measure(
        id=mid, system="x", names={}, cost_class=cost_class, carbon_saving=carbon,
        saving_tco2e=tco2e[1] if carbon else 0.0,
        saving_tco2e_range=ms.Range(low=tco2e[0], central=tco2e[1], high=tco2e[2]) if carbon else ms.Range(),
        saving_ntd_per_year=mid_s, saving_ntd_range=ms.Range(low=lo, central=mid_s, high=hi) if saving else None,
        cost_ntd_low=cost[0] if cost else None, cost_ntd_high=cost[1] if cost else None,
        lifetime_years=life, programmes=list(programmes),
    )


def ranked(measures: list[ms.Measure], by_id: dict | None = None) -> list[plan.Action]:
    return plan.rank([plan.action_for(m, by_id or {}, ON, QUICK) for m in measures])


def matches_for(checkup, answers: dict[str, bool], ids: list[str]) -> dict[str, pg.ProgrammeMatch]:
    return {p.id: p for p in pg.match(checkup, None, ids, on=ON, answers=answers)}


# --------------------------------------------------------------------------- arithmetic


def test_payback_is_cheap_end_over_best_saving_to_dear_end_over_worst():
    # cost NT$ 30,000–50,000, saving NT$ 12,000 / 15,000 / 18,000 a year
    pb = plan.payback(30_000, 50_000, plan.Span(low=12_000, central=15_000, high=18_000))
    assert pb.low == pytest.approx(30_000 / 18_000)  # 1.67
    assert pb.central == pytest.approx(40_000 / 15_000)  # 2.67
    assert pb.high == pytest.approx(50_000 / 12_000)  # 4.17
    assert plan.payback(0, 0, plan.Span(low=1, central=2, high=3)).central == 0.0
    assert plan.payback(None, 5, plan.Span(low=1, central=2, high=3)) is None


def test_subsidy_amounts_follow_the_rule_share_cap_and_credit_rate():
    rules = {r.id: r for r in sb.rules().rules}
    tariff = rules["tariff_rd_case"]  # MOEA 2026-01-15: up to 50 %, at most NT$ 5 million per firm
    assert sb.amount(tariff, 1_000_000) == pytest.approx(500_000)
    assert sb.amount(tariff, 20_000_000) == pytest.approx(5_000_000)  # the cap, not 10 million
    credit = rules["aii_10_1_credit"]  # 產創 10-1: 5 % of the spending
    assert sb.amount(credit, 1_238_918) == pytest.approx(61_945.9)
    # an unconfirmed rule, a loan, a feed-in tariff never lower an investment
    for rid in ("power_utility_compressor", "sme_multi_development_loan_terms", "rooftop_fit_2026"):
        assert not rules[rid].lowers_investment and sb.amount(rules[rid], 1_000_000) is None


def test_every_rule_names_a_catalogue_programme_and_source_and_known_measures():
    cat = pg.load_catalogue()
    known = set(ms.measure_ids())
    for r in sb.rules().rules:
        cat.get(r.programme)  # raises on an unknown programme
        assert r.source.ref in cat.sources, r.id
        assert set(r.covers.measures) <= known, r.id


# --------------------------------------------------------------------------- the rule, on three firms by hand


def test_micro_shop_with_only_electricity():
    """A 3-person metal shop, 36,000 度 a year, nothing else: figures as the measures engine gives them for it."""
    actions = ranked([
        measure("compressed_air_leaks", (2_510, 10_039), (3_089, 5_019, 7_413), 1, "low_cost"),
        measure("led_lighting", (30_000, 50_000), (12_000, 15_000, 18_000), 10),
        measure("compressor_pressure_setpoint", (0, 940), (605, 938, 1_702), 5, "no_cost"),
        measure("contract_capacity_optimisation", (0, 0), (6_000, 6_000, 6_000), 1, "no_cost", carbon=False),
    ])
    by = {a.measure_id: a for a in actions}
    # free: contract capacity leaves 6,000 × 1 − 0 = 6,000; the set-point 938 × 5 − 470 = 4,220
    assert by["contract_capacity_optimisation"].net_value_ntd == pytest.approx(6_000)
    assert by["compressor_pressure_setpoint"].net_value_ntd == pytest.approx(938 * 5 - 470)
    # LED: 40,000 / 15,000 = 2.67 years > 2 (not quick), < 10-year life → pays back
    assert by["led_lighting"].group == "pays_back"
    assert by["led_lighting"].payback_before.central == pytest.approx(2.667, abs=1e-3)
    # leaks: 6,274.5 / 5,019 = 1.25 years for a 1-year life; only the cheap end (2,510 / 7,413 = 0.34) pays back
    leaks = by["compressed_air_leaks"]
    assert leaks.group == "uncertain" and leaks.pays_back is False
    assert leaks.payback_before.central == pytest.approx(1.25, abs=1e-3)
    assert [a.measure_id for a in actions] == [
        "contract_capacity_optimisation", "compressor_pressure_setpoint", "led_lighting", "compressed_air_leaks"]
    assert "1 年" in plan.payback_text(leaks, "zh-TW") and "超過" in plan.payback_text(leaks, "zh-TW")


def test_screw_factory_with_its_subsidy_counted_when_it_fits():
    """The screw factory (examples/screws.yaml), affected by US tariffs: the tariff R&D grant pays up to 50 % of the
    energy-management system, so its payback halves: cost 1–3 × the yearly saving (central 2.0 years) → 1.0."""
    base = plan.build(SCREWS, on=ON)
    ems = next(a for a in base.actions if a.measure_id == "energy_management_system")
    assert ems.payback_before.central == pytest.approx(2.0)
    assert ems.subsidy is not None and ems.subsidy.conditional  # may fit: shown, not ranked on
    assert ems.payback_after.central == pytest.approx(1.0)

    fits = plan.build(SCREWS, on=ON, answers={"us_tariff_affected": True})
    ems = next(a for a in fits.actions if a.measure_id == "energy_management_system")
    s = ems.subsidy
    assert (s.rule, s.programme, s.pct, s.cap_ntd, s.conditional) == (
        "tariff_rd_case", "tariff_rd_transformation_subsidy", 50, 5_000_000, False)
    cost_low, cost_high = ems.investment_low, ems.investment_high
    assert s.amount_low == pytest.approx(cost_low / 2) and s.amount_high == pytest.approx(cost_high / 2)
    saving = ems.saving_ntd
    assert ems.payback_after.central == pytest.approx(((cost_low + cost_high) / 4) / saving.central)
    assert ems.payback_after.low == pytest.approx(cost_low / 2 / saving.high)
    assert ems.payback_after.high == pytest.approx(cost_high / 2 / saving.low)
    # net value over 10 years: saving × 10 − (mid cost − half of it)
    assert ems.net_value_ntd == pytest.approx(saving.central * 10 - (cost_low + cost_high) / 4)
    assert ems.call.programme == "tariff_rd_transformation_subsidy" and ems.call.hotline  # its phone number

    ids = [a.measure_id for a in fits.actions]
    assert ids[0] == "compressor_pressure_setpoint"  # free, and leaves the most of the free ones
    assert "compressed_air_leaks" in ids[:5]


def test_plastics_moulder_with_a_chiller():
    """A plastics moulder with a water-cooled chiller that pays tax: the 5 % credit (產創 10-1) on a new chiller."""
    checkup = core.parse_checkup({"format": "checkup/1", "year": 2024,
                                  "company": {"name": "塑膠射出", "industry": "22", "employees": 30},
                                  "electricity": {"kwh": 900_000}})
    by_id = matches_for(checkup, {"taxable_profit": True}, ["chiller_replacement"])
    actions = ranked([
        measure("rooftop_solar", (2_800_000, 3_200_000), (90_000, 100_000, 110_000), 20),
        measure("compressed_air_leaks", (47_056, 188_224), (57_915, 94_112, 138_996), 1, "low_cost"),
        measure("chiller_replacement", (619_459, 1_858_377), (262_162, 309_729, 406_486), 20,
                programmes=("aii_10_1_energy_saving_tax_credit",)),
        measure("chilled_water_temperature", (0, 0), (32_432, 48_649, 64_865), 5, "no_cost"),
    ], by_id)
    by = {a.measure_id: a for a in actions}
    chiller = by["chiller_replacement"]
    assert chiller.subsidy.rule == "aii_10_1_credit" and not chiller.subsidy.conditional
    # before: 1,238,918 / 309,729 = 4.0 years; the credit is 5 % of 1,238,918 = 61,946 → 1,176,972 / 309,729 = 3.8
    assert chiller.payback_before.central == pytest.approx(4.0, abs=1e-3)
    assert chiller.subsidy.amount_central == pytest.approx(61_945.9, abs=1)
    assert chiller.payback_after.central == pytest.approx(3.8, abs=1e-3)
    assert chiller.call.programme == "aii_10_1_energy_saving_tax_credit"
    # solar: 2,800,000 / 110,000 = 25.5 years even at the good end, for a 20-year life → last, and says so
    solar = by["rooftop_solar"]
    assert solar.group == "no_payback" and solar.pays_back is False
    assert "無法回收" in plan.payback_text(solar, "zh-TW")
    assert "Does not pay back within its life" in plan.payback_text(solar, "en")
    assert [a.measure_id for a in actions] == [
        "chilled_water_temperature", "chiller_replacement", "compressed_air_leaks", "rooftop_solar"]


def test_an_action_that_does_not_pay_back_never_ranks_above_one_that_does():
    # the never-paying one leaves nothing; a huge saving does not lift it above a modest one that pays back
    actions = ranked([
        measure("rooftop_solar", (9_000_000, 9_000_000), (300_000, 300_000, 300_000), 20),  # 30 years
        measure("led_lighting", (1_000, 1_000), (200, 200, 200), 10),  # 5 years
    ])
    assert [a.group for a in actions] == ["pays_back", "no_payback"]


def test_a_saving_without_a_price_or_a_cost_is_uncertain_not_quick():
    actions = ranked([measure("boiler_tuning", None, None, 1, "low_cost")])
    assert actions[0].group == "uncertain" and actions[0].pays_back is None
    assert "未知" in plan.payback_text(actions[0], "zh-TW")


# --------------------------------------------------------------------------- the engine's own plan


def test_the_screw_factory_plan_puts_pressure_and_leaks_in_and_names_who_to_call():
    p = plan.build(SCREWS, on=ON)
    ids = [a.measure_id for a in p.actions]
    assert ids[0] == "compressor_pressure_setpoint"
    assert "compressed_air_leaks" in ids
    assert 1 <= len(p.actions) <= plan.settings()["max_actions"]
    groups = plan.settings()["groups"]
    assert [groups.index(a.group) for a in p.actions] == sorted(groups.index(a.group) for a in p.actions)
    first = p.actions[0]
    assert first.call is not None and (first.call.hotline or first.call.website)
    d = p.to_dict("zh-TW")
    assert d["actions"][0]["call"]["hotline"]
    assert "排序方式" in d["rule"]


def test_the_plan_speaks_the_requested_language():
    zh, en = plan.build(SCREWS, on=ON).to_dict("zh-TW"), plan.build(SCREWS, on=ON).to_dict("en")
    assert [a["id"] for a in zh["actions"]] == [a["id"] for a in en["actions"]]
    leak_en = next(a for a in en["actions"] if a["id"] == "compressed_air_leaks")
    assert leak_en["name"] == "Find and fix compressed-air leaks"
    assert leak_en["action"].startswith("Find the leaks")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in a["action"] + a["payback_text"] + a["group_text"])
               for a in en["actions"])


def test_at_most_eight_actions_and_one_of_each_alternative():
    boiler = core.parse_checkup({
        "format": "checkup/1", "year": 2024,
        "company": {"name": "染整廠", "industry": "13", "employees": 60, "contract_kw": 800},
        "electricity": {"kwh": 2_400_000},
        "fuels": [{"fuel": "fuel_oil", "amount": 300, "unit": "kL", "use": "stationary"}],
        "equipment": {"boilers": [{"fuel": "fuel_oil", "capacity_tph": 4, "age_years": 22, "efficiency_pct": 78}]},
    })
    p = plan.build(boiler, on=ON)
    assert len(p.actions) <= 8
    groups = [ms._spec(a.measure_id).exclusive_group for a in p.actions]
    taken = [g for g in groups if g]
    assert len(taken) == len(set(taken))
    all_ids = {m.id for m in ms.suggest(boiler)}
    assert {a.measure_id for a in p.actions} | set(p.more_measures) == all_ids


def test_an_ended_programme_or_an_unconfirmed_rule_never_lowers_an_investment():
    # a 20-year-old diesel boiler: the boiler grants (county 49 %, MOENV 49 %) ended in 2019-2020; the compressor
    # grant's 2026 rates are unconfirmed; neither may give a payback after subsidy
    firm = core.parse_checkup({
        "format": "checkup/1", "year": 2024,
        "company": {"name": "老鍋爐", "industry": "22", "employees": 40, "contract_kw": 300},
        "electricity": {"kwh": 600_000},
        "fuels": [{"fuel": "diesel", "amount": 80_000, "unit": "L", "use": "stationary"}],
        "equipment": {"boilers": [{"fuel": "diesel", "capacity_tph": 2, "age_years": 20}],
                      "air_compressors": [{"kw": 37, "age_years": 12}]},
    })
    p = plan.build(firm, on=ON, answers={"taxable_profit": False, "us_tariff_affected": False})
    every = {a.measure_id: a for a in plan.rank([plan.action_for(m, {x.id: x for x in pg.match(firm, None, [], on=ON)}, ON, QUICK)
                                                 for m in ms.suggest(firm)])}
    ended = {"county_industrial_boiler", "moenv_non_industrial_boiler", "power_utility_compressor"}
    for a in [*p.actions, *every.values()]:
        assert a.subsidy is None or a.subsidy.rule not in ended, (a.measure_id, a.subsidy)
    assert {"compressor_vfd", "boiler_fuel_switch_gas"} <= set(every)  # the measures those rules cover were there
