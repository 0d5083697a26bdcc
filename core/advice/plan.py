"""The action plan (行動計畫): the five to eight actions that matter most for one firm, ranked.

``build(checkup, result=None, on=None, answers=None) -> Plan`` takes the measures that apply
(``measures.suggest``) and the programmes that fit (``programmes.match``) and turns each measure into an
action: what to do, what it saves a year (度 or fuel, NT$, tCO₂e, each as a range), what it costs, its simple
payback before and after the programme that pays part of it (``data/subsidies.yaml``), NT$ per tonne, the
programme to call with its phone and next step, and a deadline where one exists.

The ranking rule (``data/plan.yaml``, stated in words by ``plan.rule``):
free actions first; then those that pay back within two years (after a subsidy the plan can count) and
within their working life; then the rest that pay back within their life; then those whose payback is
uncertain (it pays back within its life only at the good end of its range, or a figure is unknown); last,
those that do not pay back within their life even at the good end. Inside a group, the action that leaves
the firm the most NT$ over its working life (yearly saving × life − investment after subsidy) comes first.
A subsidy counts in the ranking only when every figure of its rule is confirmed, the programme is running
on the plan's date and the firm fits it without open questions; a programme that may fit shows its payback
"if you qualify" beside, but never ranks on it.

Nothing here is worded for people: every text is a catalogue key (``plan.*``) rendered in ``to_dict(lang)``.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import BaseModel, Field

from ..datafiles import load_yaml
from ..i18n import has, normalise_lang, t
from ..inventory.calc import compute
from ..inventory.models import Checkup
from ..inventory.result import Result
from . import measures as ms
from . import programmes as pg
from . import subsidies as sb

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "plan.yaml"

Group = Literal["free", "quick", "pays_back", "uncertain", "no_payback"]
_VERDICT = {"yes": 0, "maybe": 1}
_STATUS = {"running": 0, "unknown": 1}


@cache
def settings() -> dict[str, Any]:
    """The ranking rule's figures (data/plan.yaml)."""
    data = load_yaml(DATA_FILE)
    assert data.get("format") == "plan/1", "data/plan.yaml: unknown format"
    return data


# --------------------------------------------------------------------------- models


class Span(BaseModel):
    """A range shown low → high, with the central estimate."""

    low: float | None = None
    central: float | None = None
    high: float | None = None

    @classmethod
    def of(cls, r: Any) -> "Span | None":
        if r is None:
            return None
        vals = [getattr(r, k, None) if not isinstance(r, Mapping) else r.get(k) for k in ("low", "central", "high")]
        if all(v is None for v in vals):
            return None
        known = [v for v in (vals[0], vals[2]) if v is not None]
        low, high = (min(known), max(known)) if len(known) == 2 else (vals[0], vals[2])
        return cls(low=low, central=vals[1], high=high)

    def rounded(self, nd: int = 0) -> dict[str, float | None]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(float(v), nd)

        return {"low": r(self.low), "central": r(self.central), "high": r(self.high)}


class Subsidy(BaseModel):
    """What one programme pays of the investment, worked out from its rule in data/subsidies.yaml."""

    rule: str
    programme: str
    basis: str
    pct: float
    pct_is_max: bool = False
    cap_ntd: float | None = None
    cap_per: str | None = None
    amount_low: float | None = None
    amount_high: float | None = None
    amount_central: float | None = None
    conditional: bool = Field(False, description="The firm may fit (open questions): shown, never ranked on.")
    questions: list[str] = Field(default_factory=list)
    year: int
    source: dict[str, Any] = Field(default_factory=dict)


class Call(BaseModel):
    """Who to call for an action: the programme, its phone or website, and the next step."""

    programme: str
    name_zh: str
    name_en: str
    verdict: str
    status: str
    hotline: str | None = None
    website: str | None = None
    contact_text: pg.Text | None = None
    next_step: pg.Text
    deadline: dt.date | None = None


class Action(BaseModel):
    rank: int = 0
    measure_id: str
    group: Group
    carbon_saving: bool = True
    saving_kwh: Span | None = None
    saving_fuel: dict[str, Any] | None = None  # {fuel, unit, low, central, high}
    saving_ntd: Span | None = None
    saving_tco2e: Span | None = None
    investment_low: float | None = None
    investment_high: float | None = None
    payback_before: Span | None = None
    subsidy: Subsidy | None = None
    payback_after: Span | None = None
    pays_back: bool | None = Field(None, description="At the central estimate, within its working life (None: unknown).")
    lifetime_years: float
    ntd_per_tco2e: float | None = None
    ntd_per_tco2e_after: float | None = None
    net_value_ntd: float | None = Field(None, description="Yearly saving × life − investment after a counted subsidy.")
    call: Call | None = None
    also: list[str] = Field(default_factory=list, description="Other programmes that fit this action.")
    deadline: dt.date | None = None

    def name(self, lang: str = "zh-TW") -> str:
        return t(f"measures.name.{self.measure_id}", lang)

    def sentence(self, lang: str = "zh-TW") -> str:
        key = f"plan.action.{self.measure_id}"
        return t(key, lang) if has(key, lang) else self.name(lang)


class Plan(BaseModel):
    year: int
    on: dt.date
    total_tco2e: float | None = None
    actions: list[Action]
    more_measures: list[str] = Field(default_factory=list, description="Measures that apply but are not in the plan.")
    programmes_yes: int = 0
    programmes_maybe: int = 0
    together: dict[str, Any] = Field(default_factory=dict, description="What doing every action saves (no double counting).")
    quick_payback_years: float

    def to_dict(self, lang: str = "zh-TW") -> dict[str, Any]:
        """The JSON ``python -m core plan FILE --format json`` prints, with every text in ``lang``."""
        lang = normalise_lang(lang)
        return {
            "year": self.year,
            "on": self.on.isoformat(),
            "total_tco2e": None if self.total_tco2e is None else round(self.total_tco2e, 3),
            "rule": rule_text(lang, self.quick_payback_years),
            "actions": [action_dict(a, lang) for a in self.actions],
            "together": self.together,
            "more_measures": [{"id": m, "name": t(f"measures.name.{m}", lang)} for m in self.more_measures],
            "programmes_yes": self.programmes_yes,
            "programmes_maybe": self.programmes_maybe,
        }


# --------------------------------------------------------------------------- arithmetic


def _mid(low: float | None, high: float | None) -> float | None:
    if low is None or high is None:
        return None
    return (low + high) / 2


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


def payback(cost_low: float | None, cost_high: float | None, saving: Span | None) -> Span | None:
    """Simple payback in years, low → high: the cheap end over the best saving, the dear end over the worst."""
    if cost_low is None or cost_high is None or saving is None or saving.central is None:
        return None
    if cost_high <= 0:
        return Span(low=0.0, central=0.0, high=0.0)
    return Span(low=_div(cost_low, saving.high), central=_div(_mid(cost_low, cost_high), saving.central),
                high=_div(cost_high, saving.low))


def _group(free: bool, pb: Span | None, saving: Span | None, life: float, quick: float) -> Group:
    if saving is not None and saving.central is not None and saving.central <= 0:
        return "no_payback"
    if free:
        return "free"
    if pb is None or pb.central is None:
        return "uncertain"
    if pb.central <= min(quick, life):
        return "quick"
    if pb.central <= life:
        return "pays_back"
    if pb.low is not None and pb.low <= life:
        return "uncertain"
    return "no_payback"


def _subsidy(m: ms.Measure, by_id: Mapping[str, pg.ProgrammeMatch], on: dt.date) -> Subsidy | None:
    """The first rule that lowers the investment, covers the measure, and whose programme runs and fits the firm;
    failing that, the first whose programme may fit it (shown "if you qualify")."""
    cat = pg.load_catalogue()
    maybe: Subsidy | None = None
    for rule in sb.for_measure(m.id):
        if not rule.lowers_investment:
            continue
        pm = by_id.get(rule.programme)
        if pm is None or pm.match == "no" or pm.status != "running":
            continue
        if rule.deadline is not None and rule.deadline < on:
            continue
        mid = _mid(m.cost_ntd_low, m.cost_ntd_high)
        doc = cat.sources.get(rule.source.ref)
        source = {"ref": rule.source.ref, "lines": rule.source.lines}
        if doc is not None:
            source.update(title=doc.title, issuer=doc.issuer, date=doc.date, url=doc.url)
        found = Subsidy(
            rule=rule.id, programme=rule.programme, basis=rule.basis, pct=float(rule.pct or 0), pct_is_max=rule.share_is_max,
            cap_ntd=rule.cap_ntd, cap_per=rule.cap_per, amount_low=sb.amount(rule, m.cost_ntd_low),
            amount_high=sb.amount(rule, m.cost_ntd_high), amount_central=sb.amount(rule, mid),
            conditional=pm.match == "maybe", questions=list(pm.questions), year=rule.year, source=source,
        )
        if not found.conditional:
            return found
        maybe = maybe or found
    return maybe


def _deadline_of(programme_id: str, on: dt.date) -> dt.date | None:
    p = pg.load_catalogue().get(programme_id)
    dates = [d for d in (p.status.deadline if p.status else None, p.period.end) if d is not None and d >= on]
    return min(dates) if dates else None


def _call(m: ms.Measure, sub: Subsidy | None, by_id: Mapping[str, pg.ProgrammeMatch], on: dt.date) -> tuple[Call | None, list[str]]:
    """The programme to call: the one whose subsidy the plan counts, else the one that fits best (fits before may fit,
    running before unknown), the subsidy's programme first among equals; the others that fit in ``also``."""
    ids = list(dict.fromkeys(([sub.programme] if sub else []) + list(m.programmes)))
    found = [by_id[i] for i in ids if i in by_id and by_id[i].match in _VERDICT and by_id[i].status in _STATUS]
    if not found:
        return None, []
    first = sub.programme if sub and not sub.conditional else None  # a subsidy the plan counts: its programme first
    found.sort(key=lambda p: (p.id != first, _VERDICT[p.match], _STATUS[p.status], p.id != (sub.programme if sub else None)))
    best = found[0]
    call = Call(
        programme=best.id, name_zh=best.name_zh, name_en=best.name_en, verdict=best.match, status=best.status,
        hotline=best.contact.hotline, website=best.contact.website, contact_text=best.contact.text,
        next_step=best.next_step, deadline=_deadline_of(best.id, on),
    )
    return call, [p.id for p in found[1:]]


def action_for(m: ms.Measure, by_id: Mapping[str, pg.ProgrammeMatch], on: dt.date, quick: float) -> Action:
    """One measure as a plan action (not yet ranked)."""
    saving = Span.of(m.saving_ntd_range) if m.saving_ntd_per_year is not None else None
    t_span = Span.of(m.saving_tco2e_range) if m.carbon_saving else None
    life = float(m.lifetime_years)
    before = payback(m.cost_ntd_low, m.cost_ntd_high, saving)
    sub = _subsidy(m, by_id, on)
    after = None
    if sub is not None and m.cost_ntd_low is not None and m.cost_ntd_high is not None:
        after = payback(m.cost_ntd_low - (sub.amount_low or 0), m.cost_ntd_high - (sub.amount_high or 0), saving)
    counted = after if (sub is not None and not sub.conditional and after is not None) else before
    free = m.cost_class == "no_cost" and (m.cost_ntd_low or 0) == 0
    group = _group(free, counted, saving, life, quick)

    cost_mid = _mid(m.cost_ntd_low, m.cost_ntd_high)
    net_cost = cost_mid
    if cost_mid is not None and sub is not None and not sub.conditional:
        net_cost = cost_mid - (sub.amount_central or 0)
    net_value = None
    if saving is not None and saving.central is not None:
        net_value = saving.central * life - (net_cost or 0)
    per_t_after = None
    if sub is not None and t_span and t_span.central and saving and saving.central is not None and cost_mid is not None:
        per_t_after = (cost_mid - (sub.amount_central or 0) - saving.central * life) / (t_span.central * life)
    pays_back = None
    if counted is not None and counted.central is not None:
        pays_back = counted.central <= life
    elif saving is not None and saving.central is not None and saving.central <= 0:
        pays_back = False

    fuel = None
    if m.saving_fuel and m.saving_fuel_range is not None:
        r = Span.of(m.saving_fuel_range)
        fuel = {"fuel": m.saving_fuel["fuel"], "unit": m.saving_fuel["unit"], **(r.model_dump() if r else {})}
    call, also = _call(m, sub, by_id, on)
    deadlines = [d for d in (call.deadline if call else None,) if d is not None]
    if sub is not None:
        rule_deadline = next((r.deadline for r in sb.rules().rules if r.id == sub.rule), None)
        if rule_deadline is not None and rule_deadline >= on:
            deadlines.append(rule_deadline)
    return Action(
        measure_id=m.id, group=group, carbon_saving=m.carbon_saving,
        saving_kwh=Span.of(m.saving_kwh_range) if m.saving_kwh else None, saving_fuel=fuel, saving_ntd=saving,
        saving_tco2e=t_span, investment_low=m.cost_ntd_low, investment_high=m.cost_ntd_high, payback_before=before,
        subsidy=sub, payback_after=after, pays_back=pays_back, lifetime_years=life, ntd_per_tco2e=m.ntd_per_tco2e,
        ntd_per_tco2e_after=per_t_after, net_value_ntd=net_value, call=call, also=also,
        deadline=min(deadlines) if deadlines else None,
    )


def rank_key(a: Action, groups: list[str]) -> tuple:
    """Group first; inside it the most NT$ left over the working life; then the most tCO₂e."""
    value = a.net_value_ntd if a.net_value_ntd is not None else -math.inf
    tco2e = a.saving_tco2e.central if a.saving_tco2e and a.saving_tco2e.central is not None else 0.0
    return (groups.index(a.group), -value, -tco2e)


def rank(actions: list[Action]) -> list[Action]:
    groups = list(settings()["groups"])
    out = sorted(actions, key=lambda a: rank_key(a, groups))
    for i, a in enumerate(out, 1):
        a.rank = i
    return out


# --------------------------------------------------------------------------- public API


def build(
    checkup: Checkup,
    result: Result | None = None,
    *,
    on: dt.date | None = None,
    answers: Mapping[str, Any] | None = None,
    suggested: list[ms.Measure] | None = None,
    matches: list[pg.ProgrammeMatch] | None = None,
) -> Plan:
    """The firm's ranked plan. ``suggested`` and ``matches`` may be passed when the caller has them already."""
    on = on or dt.date.today()
    if result is None:
        result = compute(checkup)
    suggested = ms.suggest(checkup, result) if suggested is None else suggested
    if matches is None:
        matches = pg.match(checkup, result, [m.id for m in suggested], on=on, answers=answers)
    by_id = {p.id: p for p in matches}
    cfg = settings()
    quick = float(cfg["quick_payback_years"])
    ranked = rank([action_for(m, by_id, on, quick) for m in suggested])
    by_measure = {m.id: m for m in suggested}
    chosen: list[Action] = []
    groups_taken: set[str] = set()
    rest: list[str] = []
    for a in ranked:
        group = by_measure[a.measure_id].exclusive_group
        if len(chosen) >= int(cfg["max_actions"]) or (group and group in groups_taken):
            rest.append(a.measure_id)
            continue
        if group:
            groups_taken.add(group)
        chosen.append(a)
    for i, a in enumerate(chosen, 1):
        a.rank = i
    tot = ms.total([by_measure[a.measure_id] for a in chosen]) if chosen else {}
    together = {}
    if tot:
        together = {
            "saving_kwh": round(tot["saving_kwh"]),
            "saving_tco2e": round(tot["saving_tco2e"], 3),
            "saving_tco2e_range": Span.of(tot["saving_tco2e_range"]).rounded(3),  # type: ignore[union-attr]
            "saving_ntd_per_year": round(tot["saving_ntd_per_year"]),
            "saving_ntd_range": Span.of(tot["saving_ntd_range"]).rounded(),  # type: ignore[union-attr]
            "investment_low": round(tot["cost_ntd_low"]),
            "investment_high": round(tot["cost_ntd_high"]),
            "share_of_total": (tot["saving_tco2e"] / result.total_tco2e) if result.total_tco2e else None,
        }
    return Plan(
        year=result.year, on=on, total_tco2e=result.total_tco2e, actions=chosen, more_measures=rest,
        programmes_yes=sum(1 for p in matches if p.match == "yes"),
        programmes_maybe=sum(1 for p in matches if p.match == "maybe"),
        together=together, quick_payback_years=quick,
    )


# --------------------------------------------------------------------------- words


def _n(v: float | None, nd: int = 0) -> str:
    if v is None:
        return "–"
    return f"{v:,.{nd}f}"


def span_text(s: Span | None, nd: int = 0, lang: str = "zh-TW") -> str:
    """``1,200–3,400`` (low → high), one figure when both ends agree, ``–`` when unknown."""
    if s is None:
        return "–"
    lo, hi = s.low, s.high
    if lo is None or hi is None:
        return _n(s.central, nd)
    if round(lo, nd) == round(hi, nd):
        return _n(lo, nd)
    return f"{_n(lo, nd)}–{_n(hi, nd)}"


def rule_text(lang: str = "zh-TW", quick: float | None = None) -> str:
    quick = float(settings()["quick_payback_years"]) if quick is None else quick
    return t("plan.rule", lang, quick=f"{quick:g}")


def payback_text(a: Action, lang: str = "zh-TW") -> str:
    """The payback statement: years, or plainly that it does not pay back within its life."""
    life = f"{a.lifetime_years:g}"
    if a.group == "free":
        return t("plan.payback.free", lang)
    pb = a.payback_after if (a.subsidy and not a.subsidy.conditional and a.payback_after) else a.payback_before
    if pb is None or pb.central is None:
        return t("plan.payback.unknown", lang)
    years = span_text(pb, 1, lang)
    if a.group == "no_payback":
        return t("plan.payback.never", lang, years=years, life=life)
    if a.group == "uncertain":
        return t("plan.payback.uncertain", lang, years=years, life=life, central=_n(pb.central, 1))
    return t("plan.payback.years", lang, years=years, central=_n(pb.central, 1), life=life)


def subsidy_text(a: Action, lang: str = "zh-TW") -> str | None:
    s = a.subsidy
    if s is None:
        return None
    name = pg.load_catalogue().get(s.programme)
    pname = name.name_en if normalise_lang(lang) == "en" else name.name_zh
    cap = t("plan.subsidy.cap", lang, cap=_n(s.cap_ntd)) if s.cap_ntd is not None else ""
    key = "plan.subsidy.credit" if s.basis == "tax_credit" else "plan.subsidy.share"
    text = t(key, lang, programme=pname, pct=f"{s.pct:g}", upto=t("plan.subsidy.upto", lang) if s.pct_is_max else "",
             cap=cap, amount=span_text(Span(low=s.amount_low, central=s.amount_central, high=s.amount_high), 0, lang))
    if s.conditional:
        qs = "、".join(t(f"programmes.question.{q}", lang) for q in s.questions) if lang != "en" else "; ".join(
            t(f"programmes.question.{q}", lang) for q in s.questions)
        text += t("plan.subsidy.if", lang, questions=qs)
    return text


def saving_text(a: Action, lang: str = "zh-TW") -> str:
    """The yearly saving in the units of the bill: 度 (kWh) or the fuel's unit."""
    parts = []
    if a.saving_kwh and a.saving_kwh.central:
        parts.append(t("plan.saving.kwh", lang, range=span_text(a.saving_kwh, 0, lang)))
    if a.saving_fuel and a.saving_fuel.get("central"):
        fuel = a.saving_fuel["fuel"]
        fname = t(f"programmes.fuel.{fuel}", lang) if has(f"programmes.fuel.{fuel}", lang) else fuel
        unit = a.saving_fuel["unit"]
        unit = t(f"plan.unit.{unit}", lang) if has(f"plan.unit.{unit}", lang) else unit
        parts.append(t("plan.saving.fuel", lang, fuel=fname, unit=unit,
                       range=span_text(Span.of(a.saving_fuel), 0, lang)))
    return ("; " if lang == "en" else "；").join(parts)


def call_dict(c: Call | None, lang: str) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "programme": c.programme,
        "name": c.name_en if lang == "en" else c.name_zh,
        "verdict": c.verdict,
        "status": c.status,
        "hotline": c.hotline,
        "website": c.website,
        "contact_text": c.contact_text.get(lang) if c.contact_text else None,
        "next_step": c.next_step.get(lang),
        "deadline": c.deadline.isoformat() if c.deadline else None,
    }


def call_text(call: Mapping[str, Any] | None, lang: str = "zh-TW") -> str:
    """"Who to call: the programme (its phone) — the next step", the phone left out when the step names it."""
    if not call:
        return t("plan.page.no_call", lang)
    contact = call.get("hotline") or call.get("website") or call.get("contact_text")
    number = (contact or "").split(" (")[0].strip()
    if number and number in (call.get("next_step") or ""):
        contact = None
    key = "plan.cli.call" if contact else "plan.cli.call_no_contact"
    return t(key, lang, name=call.get("name"), contact=contact or "", step=call.get("next_step") or "")


def action_dict(a: Action, lang: str = "zh-TW") -> dict[str, Any]:
    """One action as plain data, with its words in ``lang``."""
    lang = normalise_lang(lang)

    def sp(s: Span | None, nd: int = 0) -> dict[str, float | None] | None:
        return None if s is None else s.rounded(nd)

    return {
        "rank": a.rank,
        "id": a.measure_id,
        "name": a.name(lang),
        "action": a.sentence(lang),
        "group": a.group,
        "group_text": t(f"plan.group.{a.group}", lang),
        "carbon_saving": a.carbon_saving,
        "saving_kwh": sp(a.saving_kwh),
        "saving_fuel": a.saving_fuel and {**a.saving_fuel, **{k: (None if a.saving_fuel.get(k) is None else round(a.saving_fuel[k], 1))
                                                             for k in ("low", "central", "high")}},
        "saving_text": saving_text(a, lang),
        "saving_ntd": sp(a.saving_ntd),
        "saving_tco2e": sp(a.saving_tco2e, 3),
        "investment_low": None if a.investment_low is None else round(a.investment_low),
        "investment_high": None if a.investment_high is None else round(a.investment_high),
        "payback_before": sp(a.payback_before, 2),
        "payback_after": sp(a.payback_after, 2),
        "payback_text": payback_text(a, lang),
        "pays_back": a.pays_back,
        "lifetime_years": a.lifetime_years,
        "subsidy": None if a.subsidy is None else {**a.subsidy.model_dump(mode="json"), "text": subsidy_text(a, lang)},
        "ntd_per_tco2e": None if a.ntd_per_tco2e is None else round(a.ntd_per_tco2e),
        "ntd_per_tco2e_after": None if a.ntd_per_tco2e_after is None else round(a.ntd_per_tco2e_after),
        "net_value_ntd": None if a.net_value_ntd is None else round(a.net_value_ntd),
        "call": call_dict(a.call, lang),
        "call_text": call_text(call_dict(a.call, lang), lang),
        "also": a.also,
        "deadline": a.deadline.isoformat() if a.deadline else None,
    }
