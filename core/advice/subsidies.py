"""How much of a measure's investment a programme pays: the funding rules of data/subsidies.yaml.

``rules()`` reads and validates the file once. ``amount(rule, cost)`` is the grant (or tax credit) on an
investment, capped. ``for_measure(measure_id)`` lists the rules that cover a measure, in the file's order
(the order in which the plan tries them). A rule whose figures are not all confirmed, a loan or a feed-in
tariff never lowers an investment in a payback figure: ``lowers_investment`` says which do.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, Literal

from ..datafiles import load_yaml
from pydantic import BaseModel, ConfigDict, Field

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "subsidies.yaml"

Basis = Literal["share", "per_kw", "tax_credit", "feed_in_tariff", "loan", "coaching_share"]
# the ways of paying that lower what the firm itself puts in (a loan is repaid; a tariff changes the saving)
INVESTMENT_BASES = ("share", "tax_credit")


class Covers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    measures: list[str] = Field(default_factory=list)
    proposed_measures: list[str] = Field(default_factory=list)
    equipment: list[str] = Field(default_factory=list)


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ref: str
    lines: str | None = None


class Rule(BaseModel):
    """One way a programme pays (the fields the plan uses are typed; the rest of the row stays as data)."""

    model_config = ConfigDict(extra="allow")

    id: str
    programme: str
    basis: Basis
    covers: Covers
    share_pct: float | None = None
    share_is_max: bool = False
    credit_pct: float | None = None
    spending_cap_ntd: float | None = None
    cap_ntd: float | None = None
    cap_per: str | None = None
    deadline: dt.date | None = None
    conditions: list[str] = Field(default_factory=list)
    year: int
    confirmed: bool
    missing: list[str] = Field(default_factory=list)
    source: SourceRef
    notes: list[str] = Field(default_factory=list, description="Maintainers' notes: never shown to users.")

    @property
    def pct(self) -> float | None:
        """The share of the investment paid back, in per cent (a grant's share or a tax credit's rate)."""
        return self.credit_pct if self.basis == "tax_credit" else self.share_pct

    @property
    def lowers_investment(self) -> bool:
        """Whether the plan may take this rule off the investment: confirmed, and a grant or tax credit with a rate."""
        return self.confirmed and self.basis in INVESTMENT_BASES and self.pct is not None


class Subsidies(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["subsidies/1"]
    checked: dt.date
    rules: list[Rule]


@cache
def rules() -> Subsidies:
    """The funding rules (data/subsidies.yaml), parsed and validated once."""
    return Subsidies.model_validate(load_yaml(DATA_FILE))


def for_measure(measure_id: str) -> list[Rule]:
    """The rules that name this measure, in the file's order."""
    return [r for r in rules().rules if measure_id in r.covers.measures]


def amount(rule: Rule, cost_ntd: float | None) -> float | None:
    """What the rule pays on an investment of ``cost_ntd``: share (or credit rate) × cost, at most the cap.

    ``None`` when the rule does not lower an investment or the cost is unknown.
    """
    if cost_ntd is None or not rule.lowers_investment:
        return None
    pct = float(rule.pct or 0.0)
    eligible = float(cost_ntd)
    if rule.basis == "tax_credit" and rule.spending_cap_ntd is not None:
        eligible = min(eligible, float(rule.spending_cap_ntd))
    paid = pct / 100.0 * eligible
    if rule.cap_ntd is not None:
        paid = min(paid, float(rule.cap_ntd))
    return max(paid, 0.0)


def describe(rule: Rule) -> dict[str, Any]:
    """The rule's figures as the plan prints them (never its notes)."""
    return {
        "rule": rule.id,
        "programme": rule.programme,
        "basis": rule.basis,
        "pct": rule.pct,
        "pct_is_max": rule.share_is_max,
        "cap_ntd": rule.cap_ntd,
        "cap_per": rule.cap_per,
        "year": rule.year,
        "source_ref": rule.source.ref,
        "source_lines": rule.source.lines,
    }
