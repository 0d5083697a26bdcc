"""The 1+N team calculator against figures worked by hand from the 2023 selection rules.

Rules (經濟部工業局「1+N碳管理示範團隊遴選須知」, 2023-03-22):
  陸、一        cap: N >= 10 → NT$5,000,000; N >= 20 → 6,500,000; N >= 30 → 8,000,000 (excl. firms' own share)
  陸、二(一)-(四) 碳盤查診斷及節能診斷 90-130k/firm; 講習 100-200k/session; 碳盤查查證輔導及節能診斷 250-400k/firm
              (firms pay >= 30 %); 產品碳足跡查證輔導 400-500k/firm (>= 30 %); third-party verification 100 % by firm
  陸、二(五)     management fee = (A − B) × 12 %
  伍、一(二)     at least 3 workshops;  伍、一(四)  expected reduction >= 1,500 t;  陸、四  no firm claims both diagnosis items
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.advice.oneplusn import ItemInput, TeamInput, budget_cap, calculate, rules


def _codes(res):
    return [p.code for p in res.problems]


def test_worked_example_twelve_suppliers():
    team = TeamInput(
        suppliers=12,  # team of 13 firms
        inventory_diagnosis=ItemInput(count=8, unit_cost=120_000),
        verification_coaching=ItemInput(count=5, unit_cost=300_000),
        footprint_coaching=ItemInput(count=2, unit_cost=450_000),
        workshop=ItemInput(count=3, unit_cost=150_000),
        third_party_verification=ItemInput(count=2, unit_cost=100_000),
        expected_reduction_t=1_600,
    )
    res = calculate(team)
    # A = 8×120,000 + 5×300,000 + 2×450,000 + 3×150,000 = 960,000 + 1,500,000 + 900,000 + 450,000 = 3,810,000
    assert res.a_ntd == pytest.approx(3_810_000)
    # B = 30 % × (1,500,000 + 900,000) = 720,000   (diagnosis and workshops carry no own share, footnote L195)
    assert res.b_ntd == pytest.approx(720_000)
    # fee = (3,810,000 − 720,000) × 12 % = 3,090,000 × 0.12 = 370,800
    assert res.management_fee_ntd == pytest.approx(370_800)
    # government = 3,090,000 + 370,800 = 3,460,800 ≤ cap 5,000,000 (N = 12 ≥ 10)
    assert res.government_ntd == pytest.approx(3_460_800)
    assert res.cap_ntd == 5_000_000
    assert res.within_cap is True
    # firms pay B + third-party verification 2 × 100,000 × 100 % = 720,000 + 200,000 = 920,000
    assert res.firms_ntd == pytest.approx(920_000)
    assert res.reduction_ok is True
    assert res.meets_rules is True
    assert res.problems == []
    # one supplier's own share: verification coaching 300,000 × 30 % = 90,000; footprint 450,000 × 30 % = 135,000
    assert res.supplier_view["verification_coaching"] == pytest.approx(90_000)
    assert res.supplier_view["footprint_coaching"] == pytest.approx(135_000)
    assert res.supplier_view["inventory_diagnosis"] == 0


@pytest.mark.parametrize(
    "n, cap",
    [(9, None), (10, 5_000_000), (19, 5_000_000), (20, 6_500_000), (29, 6_500_000), (30, 8_000_000), (45, 8_000_000)],
)
def test_budget_cap_tiers(n, cap):
    found = budget_cap(n)
    assert (found.cap_ntd if found else None) == cap


def test_default_costs_are_top_of_range_and_nine_suppliers_get_no_budget():
    # N = 9: below the 10-firm tier (L177) → no cap, problem too_few_suppliers
    team = TeamInput(suppliers=9, inventory_diagnosis=ItemInput(count=10), expected_reduction_t=2_000)
    res = calculate(team)
    # A = 10 × 130,000 + 3 × 200,000 (default 3 workshops at the top of their range) = 1,300,000 + 600,000 = 1,900,000
    assert res.a_ntd == pytest.approx(1_900_000)
    assert res.b_ntd == 0
    # fee = 1,900,000 × 12 % = 228,000
    assert res.management_fee_ntd == pytest.approx(228_000)
    assert res.cap_ntd is None and res.within_cap is None
    assert _codes(res) == ["too_few_suppliers"]
    assert res.meets_rules is False


def test_over_cap_with_twenty_suppliers():
    # N = 20 → cap 6,500,000 (L178). 21 firms all do verification coaching at 400,000:
    # A = 21 × 400,000 + 3 × 200,000 = 8,400,000 + 600,000 = 9,000,000
    # B = 30 % × 8,400,000 = 2,520,000
    # fee = (9,000,000 − 2,520,000) × 12 % = 6,480,000 × 0.12 = 777,600
    # government = 6,480,000 + 777,600 = 7,257,600 > 6,500,000
    team = TeamInput(suppliers=20, verification_coaching=ItemInput(count=21), expected_reduction_t=5_000)
    res = calculate(team)
    assert res.a_ntd == pytest.approx(9_000_000)
    assert res.b_ntd == pytest.approx(2_520_000)
    assert res.management_fee_ntd == pytest.approx(777_600)
    assert res.government_ntd == pytest.approx(7_257_600)
    assert res.within_cap is False
    assert "over_cap" in _codes(res)


def test_higher_own_share_lowers_government_part():
    # 50 % own share on 10 footprint cases at 500,000: A = 5,000,000 + 600,000 = 5,600,000;
    # B = 2,500,000; fee = 3,100,000 × 12 % = 372,000; government = 3,472,000 (N = 30 → cap 8,000,000)
    team = TeamInput(suppliers=30, footprint_coaching=ItemInput(count=10), self_pay_share=0.5, expected_reduction_t=1_500)
    res = calculate(team)
    assert res.b_ntd == pytest.approx(2_500_000)
    assert res.management_fee_ntd == pytest.approx(372_000)
    assert res.government_ntd == pytest.approx(3_472_000)
    assert res.cap_ntd == 8_000_000
    assert res.reduction_ok is True  # exactly 1,500 t meets "至少達 1,500 噸以上" (L141)
    assert res.meets_rules


def test_rule_breaches_are_reported():
    team = TeamInput(
        suppliers=10,
        inventory_diagnosis=ItemInput(count=8),
        verification_coaching=ItemInput(count=5),  # 8 + 5 = 13 > 11 firms (L208)
        workshop=ItemInput(count=2),  # fewer than 3 (L135)
        self_pay_share=0.2,  # below 30 % (L189)
        expected_reduction_t=1_499,  # below 1,500 t (L141)
    )
    res = calculate(team)
    assert set(_codes(res)) == {"exclusive_items", "too_few_sessions", "self_pay_too_low", "reduction_too_small"}
    # the 30 % minimum still applies to the own share used in the sums: B = 5 × 400,000 × 30 % = 600,000
    assert res.b_ntd == pytest.approx(600_000)


def test_cost_outside_reference_range_is_a_warning_not_a_problem():
    team = TeamInput(suppliers=10, inventory_diagnosis=ItemInput(count=1, unit_cost=150_000), expected_reduction_t=2_000)
    res = calculate(team)
    assert [w.code for w in res.warnings] == ["unit_cost_outside_range"]
    assert res.meets_rules


def test_third_party_verification_paid_in_full_by_firms():
    team = TeamInput(suppliers=10, third_party_verification=ItemInput(count=3, unit_cost=80_000), expected_reduction_t=2_000)
    res = calculate(team)
    tpv = next(i for i in res.items if i.id == "third_party_verification")
    assert tpv.self_pay_share == 1.0 and tpv.government == 0
    # not in A: A = 3 workshops × 200,000 = 600,000; firms pay 3 × 80,000 = 240,000
    assert res.a_ntd == pytest.approx(600_000)
    assert res.firms_ntd == pytest.approx(240_000)


def test_negative_input_refused():
    with pytest.raises(ValidationError):
        TeamInput(suppliers=-1)
    with pytest.raises(ValidationError):
        ItemInput(count=-2)


def test_every_rule_cites_a_section_of_the_rules():
    r = rules()
    assert r.source["document"] and r.source["agency"] and "file" not in r.source
    lines = [cap.line for cap in r.budget_caps] + [item.line for item in r.items.values()]
    lines += [r.management_fee_line, r.min_expected_reduction_line, r.exclusive_line]
    for line in lines:  # a section of the rules (陸、一、(一)), never a line number of a text copy
        assert line.startswith(("伍、", "陸、")) and not re.search(r"\bL\d", line), line


@given(
    n=st.integers(0, 60),
    counts=st.lists(st.integers(0, 40), min_size=4, max_size=4),
    share=st.floats(0.3, 1.0),
)
def test_identities_hold(n, counts, share):
    team = TeamInput(
        suppliers=n,
        inventory_diagnosis=ItemInput(count=counts[0]),
        verification_coaching=ItemInput(count=counts[1]),
        footprint_coaching=ItemInput(count=counts[2]),
        workshop=ItemInput(count=counts[3]),
        self_pay_share=share,
        expected_reduction_t=1_500,
    )
    res = calculate(team)
    assert res.a_ntd == pytest.approx(sum(i.total for i in res.items if i.in_a))
    assert res.management_fee_ntd == pytest.approx((res.a_ntd - res.b_ntd) * 0.12)
    assert 0 <= res.b_ntd <= res.a_ntd
    assert res.government_ntd == pytest.approx(res.a_ntd - res.b_ntd + res.management_fee_ntd)
