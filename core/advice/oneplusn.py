"""The 1+N team calculator (1+N 碳管理示範團隊), from the 2023 selection rules.

Every number comes from ``data/oneplusn.yaml``, which cites the section of the rules behind each number
(經濟部工業局「1+N碳管理示範團隊遴選須知」, 2023-03-22). Given a team (one lead firm plus N coached
firms) and the work items it plans, :func:`calculate` returns the budget cap for the
team size, each item's cost and the firms' own share, the management fee
((A − B) × 12 %), the government funding, and whether the team meets the rules.

Problems are returned as codes with params (``TeamResult.problems``) so the page can
translate them with ``t("programmes.oneplusn.problem.<code>", lang, **params)``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..datafiles import load_yaml
from ..formatting import number
from ..i18n import t

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "oneplusn.yaml"

ITEM_IDS = ("inventory_diagnosis", "workshop", "verification_coaching", "footprint_coaching", "third_party_verification")


class ItemRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name_zh: str
    per: str
    cost_min: float | None
    cost_max: float | None
    self_pay_min: float = Field(ge=0, le=1)
    in_a: bool
    min_count: int | None = None
    line: str


class BudgetCap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_suppliers: int
    cap_ntd: float
    line: str


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: dict[str, Any]
    rules_year: int
    budget_caps: list[BudgetCap]
    budget_cap_line: str
    items: dict[str, ItemRule]
    management_fee_rate: float
    management_fee_line: str
    min_expected_reduction_t: float
    min_expected_reduction_line: str
    exclusive_items: list[str]
    exclusive_line: str
    payment_schedule: list[float]
    payment_schedule_line: str
    assumptions: list[dict[str, str]]

    @field_validator("items")
    @classmethod
    def _all_items(cls, v: dict[str, ItemRule]) -> dict[str, ItemRule]:
        missing = set(ITEM_IDS) - set(v)
        if missing:
            raise ValueError(f"items missing: {sorted(missing)}")
        return v


@cache
def rules() -> Rules:
    return Rules.model_validate(load_yaml(DATA_FILE))


class ItemInput(BaseModel):
    """How many cases (firms) or sessions of one work item, at what cost each (NT$, tax incl.)."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(0, ge=0, le=1000)
    unit_cost: float | None = Field(None, ge=0, le=1e9, description="Defaults to the top of the reference range.")


class TeamInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suppliers: int = Field(ge=0, le=1000, description="N: coached firms besides the lead firm.")
    inventory_diagnosis: ItemInput = Field(default_factory=ItemInput)
    workshop: ItemInput = Field(default_factory=lambda: ItemInput(count=3))
    verification_coaching: ItemInput = Field(default_factory=ItemInput)
    footprint_coaching: ItemInput = Field(default_factory=ItemInput)
    third_party_verification: ItemInput = Field(default_factory=ItemInput)
    self_pay_share: float = Field(0.30, ge=0, le=1, description="Firms' own share of the two cost-shared items.")
    expected_reduction_t: float = Field(0, ge=0, le=1e9)


class Problem(BaseModel):
    code: str
    params: dict[str, Any] = Field(default_factory=dict)
    line: str | None = None

    def text(self, lang: str = "zh-TW") -> str:
        """The rule broken (or the warning), in plain words; work items by their names."""
        params = dict(self.params)
        if "item" in params:
            params["item"] = t(f"programmes.oneplusn.item.{params['item']}", lang)
        return t(f"programmes.oneplusn.problem.{self.code}", lang, **params)


class ItemResult(BaseModel):
    id: str
    count: int
    unit_cost: float
    cost_min: float | None
    cost_max: float | None
    total: float
    self_pay_share: float
    self_pay: float
    government: float
    in_a: bool
    line: str


class TeamResult(BaseModel):
    team_size: int
    suppliers: int
    cap_ntd: float | None
    cap_line: str | None
    items: list[ItemResult]
    a_ntd: float
    b_ntd: float
    management_fee_ntd: float
    government_ntd: float
    firms_ntd: float
    within_cap: bool | None
    expected_reduction_t: float
    min_reduction_t: float
    reduction_ok: bool
    problems: list[Problem]
    warnings: list[Problem]
    meets_rules: bool
    supplier_view: dict[str, float]
    working: list[str]
    rules_year: int
    source: str


def budget_cap(suppliers: int) -> BudgetCap | None:
    """The highest cap whose team-size tier the team reaches; None below the first tier."""
    best = None
    for cap in sorted(rules().budget_caps, key=lambda c: c.min_suppliers):
        if suppliers >= cap.min_suppliers:
            best = cap
    return best


def _money(x: float) -> str:
    return number(x, 0)


def calculate(team: TeamInput) -> TeamResult:
    r = rules()
    size = team.suppliers + 1
    problems: list[Problem] = []
    warnings: list[Problem] = []
    working: list[str] = []

    cap = budget_cap(team.suppliers)
    if cap is None:
        first = min(c.min_suppliers for c in r.budget_caps)
        problems.append(Problem(code="too_few_suppliers", params={"n": team.suppliers, "min": first}, line=r.budget_cap_line))

    cost_shared = [i for i, rule in r.items.items() if 0 < rule.self_pay_min < 1]
    min_share = max(r.items[i].self_pay_min for i in cost_shared)
    if team.self_pay_share < min_share:
        problems.append(
            Problem(code="self_pay_too_low", params={"share": round(team.self_pay_share * 100), "min": round(min_share * 100)},
                    line=r.items[cost_shared[0]].line)
        )

    items: list[ItemResult] = []
    for item_id in ITEM_IDS:
        rule = r.items[item_id]
        given: ItemInput = getattr(team, item_id)
        unit = given.unit_cost
        if unit is None:
            unit = rule.cost_max or 0.0
        if given.count and rule.cost_min is not None and rule.cost_max is not None:
            if not rule.cost_min <= unit <= rule.cost_max:
                warnings.append(Problem(code="unit_cost_outside_range", params={
                    "item": item_id, "cost": _money(unit), "min": _money(rule.cost_min), "max": _money(rule.cost_max)},
                    line=rule.line))
        if rule.self_pay_min >= 1:
            share = 1.0
        elif rule.self_pay_min > 0:
            share = max(team.self_pay_share, rule.self_pay_min)
        else:
            share = 0.0
        total = given.count * unit
        self_pay = total * share
        items.append(ItemResult(
            id=item_id, count=given.count, unit_cost=unit, cost_min=rule.cost_min, cost_max=rule.cost_max,
            total=total, self_pay_share=share, self_pay=self_pay, government=total - self_pay if rule.in_a else 0.0,
            in_a=rule.in_a, line=rule.line))
        if rule.per == "firm" and given.count > size:
            problems.append(Problem(code="more_cases_than_firms", params={"item": item_id, "count": given.count, "size": size}, line=rule.line))
        if rule.min_count and given.count < rule.min_count:
            problems.append(Problem(code="too_few_sessions", params={"item": item_id, "count": given.count, "min": rule.min_count}, line=rule.line))
        if given.count:
            working.append(f"{item_id}: {given.count} × {_money(unit)} = {_money(total)}; own share {share:.0%} = {_money(self_pay)}")

    by_id = {i.id: i for i in items}
    exclusive = sum(by_id[i].count for i in r.exclusive_items)
    if exclusive > size:
        problems.append(Problem(code="exclusive_items", params={"count": exclusive, "size": size}, line=r.exclusive_line))

    a = sum(i.total for i in items if i.in_a)
    b = sum(i.self_pay for i in items if i.in_a)
    fee = (a - b) * r.management_fee_rate
    government = a - b + fee
    firms = b + sum(i.self_pay for i in items if not i.in_a)
    working.append(f"A = {_money(a)}; B = {_money(b)}")
    working.append(f"management fee = (A − B) × {r.management_fee_rate:.0%} = ({_money(a)} − {_money(b)}) × {r.management_fee_rate:.0%} = {_money(fee)}")
    working.append(f"government = (A − B) + fee = {_money(a - b)} + {_money(fee)} = {_money(government)}")

    within = None
    if cap is not None:
        within = government <= cap.cap_ntd + 1e-6
        working.append(f"cap for N = {team.suppliers} (≥ {cap.min_suppliers}) = {_money(cap.cap_ntd)}; within cap: {within}")
        if not within:
            problems.append(Problem(code="over_cap", params={"government": _money(government), "cap": _money(cap.cap_ntd)}, line=cap.line))

    reduction_ok = team.expected_reduction_t >= r.min_expected_reduction_t
    if not reduction_ok:
        problems.append(Problem(code="reduction_too_small", params={
            "t": _money(team.expected_reduction_t), "min": _money(r.min_expected_reduction_t)}, line=r.min_expected_reduction_line))

    supplier_view: dict[str, float] = {}
    for item_id in ("inventory_diagnosis", "verification_coaching", "footprint_coaching"):
        res = by_id[item_id]
        supplier_view[item_id] = res.unit_cost * res.self_pay_share

    return TeamResult(
        team_size=size, suppliers=team.suppliers, cap_ntd=cap.cap_ntd if cap else None, cap_line=cap.line if cap else None,
        items=items, a_ntd=a, b_ntd=b, management_fee_ntd=fee, government_ntd=government, firms_ntd=firms,
        within_cap=within, expected_reduction_t=team.expected_reduction_t, min_reduction_t=r.min_expected_reduction_t,
        reduction_ok=reduction_ok, problems=problems, warnings=warnings, meets_rules=not problems,
        supplier_view=supplier_view, working=working, rules_year=r.rules_year,
        source=f"{r.source['document']} ({r.source['date'] if not isinstance(r.source['date'], dt.date) else r.source['date'].isoformat()})",
    )


class SupplierCost(BaseModel):
    """What one supplier pays for one item when it joins a customer's 1+N team (its own share, at least)."""

    id: str
    cost_min: float | None
    cost_max: float | None
    self_pay_min: float
    pay_min: float | None = Field(description="Own share of the lowest reference cost; None when the rules give no cost.")
    pay_max: float | None
    line: str


def supplier_costs() -> list[SupplierCost]:
    """A supplier's own share of each per-firm item of the rules (workshops are the team's, not the firm's):
    reference cost × the smallest own share the rules allow."""
    out = []
    for item_id, rule in rules().items.items():
        if rule.per != "firm":
            continue
        pay_min = None if rule.cost_min is None else rule.cost_min * rule.self_pay_min
        pay_max = None if rule.cost_max is None else rule.cost_max * rule.self_pay_min
        out.append(SupplierCost(id=item_id, cost_min=rule.cost_min, cost_max=rule.cost_max,
                                self_pay_min=rule.self_pay_min, pay_min=pay_min, pay_max=pay_max, line=rule.line))
    return out
