"""Which government help fits a firm: the programme catalogue and an explained match.

The catalogue is data (``data/programmes.yaml``), parsed and validated here; the
obligations (carbon fee, inventory registration, CBAM goods) are data too
(``data/obligations.yaml``). Nothing here is worded for people: reasons and
questions are codes with params, translated with
``t("programmes.reason.<code>", lang, **params)`` and
``t("programmes.question.<id>", lang)``.

Public API
----------
``load_catalogue() -> Catalogue``
``match(checkup, result=None, measure_ids=(), on=None, answers=None) -> list[ProgrammeMatch]``
``obligations(checkup, result=None) -> dict``
``programmes_json(checkup, result=None, measure_ids=(), on=None, answers=None, lang="zh-TW") -> list[dict]``
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..datafiles import load_yaml
from ..i18n import has, normalise_lang, t
from .citations import citation
from ..inventory.goods import cn_scope, good_label, good_of_text, spaced
from ..inventory.goods import goods as goods_list
from ..inventory.models import Checkup, Good
from ..inventory.result import Result

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CATALOGUE_FILE = DATA_DIR / "programmes.yaml"
OBLIGATIONS_FILE = DATA_DIR / "obligations.yaml"

MEASURE_IDS = (
    "compressed_air_leaks", "compressor_pressure_setpoint", "compressor_vfd", "compressor_heat_recovery",
    "chiller_replacement", "chilled_water_temperature", "pump_vfd", "fan_vfd", "motor_ie4", "led_lighting",
    "boiler_tuning", "condensate_recovery", "flash_steam_recovery", "boiler_fuel_switch_gas",
    "boiler_fuel_switch_biomass", "heat_pump_hot_water", "waste_heat_recovery", "contract_capacity_optimisation",
    "power_factor_correction", "rooftop_solar", "energy_management_system",
    "boiler_replacement", "furnace_burner_tuning", "furnace_insulation", "furnace_heat_recovery", "injection_servo",
    "injection_barrel_insulation",
)

NEEDS = (
    "carbon_inventory", "carbon_footprint", "third_party_verification", "supplier_pressure", "cbam_exposure",
    "carbon_fee_payer", "energy_diagnosis", "air_compressor", "fan", "pump", "motor", "chiller", "hvac",
    "lighting", "boiler_fuel_switch", "boiler_efficiency", "heat_recovery", "heat_pump", "process_improvement",
    "equipment_replacement", "ems", "contract_capacity", "natural_gas_supply", "biofuel", "steam_sharing",
    "solar_pv", "green_power_purchase", "smart_manufacturing", "esco", "training", "capex_finance",
    "rd_innovation", "tariff_impact", "managed_factory", "refrigerant", "circular_economy", "iso50001",
    "demand_response", "energy_storage", "green_label", "voluntary_offset",
)

# Fuels whose boilers the fuel-switch programmes were written for (oil, coal); gas is already the target.
DIRTY_BOILER_FUELS = {"diesel", "fuel_oil", "heavy_oil", "kerosene", "coal", "lpg"}

Status = Literal["running", "ended", "unknown"]
Verdict = Literal["yes", "maybe", "no"]
_VERDICT_ORDER = {"yes": 0, "maybe": 1, "no": 2}
_STATUS_ORDER = {"running": 0, "unknown": 1, "ended": 2}


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- catalogue models


class Text(_M):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if normalise_lang(lang) == "en" else self.zh


SourceKind = Literal["official", "news", "repost", "vendor"]
SHOWN_SOURCE_KINDS = ("official", "news")  # what a user is shown; reposts and vendor pages stay in the data


class SourceDoc(_M):
    title: str
    date: str = Field(description="Date of the document or page as known (ISO date, year, or text).")
    issuer: str | None = Field(None, description="The issuing body (and document number) of a document with no public URL.")
    url: str | None = None
    kind: SourceKind = Field(description="official: issued by a government body; news: a dated press report; "
                                         "repost: an official text copied by a third party; vendor: a bank or supplier page.")
    notes: str | None = Field(None, description="Maintainers' notes on the source (what it covers, where we saw it); never shown.")

    @model_validator(mode="after")
    def _where(self) -> "SourceDoc":
        if not (self.issuer or self.url):
            raise ValueError("a source needs its issuer or a url")
        return self


class Cite(_M):
    ref: str
    lines: str | None = Field(None, description="Where in the document: chapter and item, section and page, or slide heading.")


class Rules(_M):
    """Eligibility: every key given must hold. Missing key = no rule found."""

    manufacturing: bool | None = None
    industries: list[str] | None = Field(None, description="2-digit 行業標準分類 codes.")
    employees_min: int | None = None
    employees_max: int | None = None
    sme: bool | None = None
    factory_registration: list[str] | None = None
    contract_kw_min: float | None = None
    contract_kw_max: float | None = None
    parks: list[str] | None = None
    counties: list[str] | None = None
    exclude_chinese_capital: bool = False
    exclude_state_owned: bool = False
    below_carbon_fee_line: bool = False
    questions: list[str] = Field(default_factory=list, description="Question ids whose answer must be yes.")
    any_of: list["Rules"] | None = None


class Offer(_M):
    text: Text
    share_max: float | None = Field(None, ge=0, le=1, description="Largest share of cost paid by the programme.")
    cap_ntd: float | None = Field(None, ge=0)
    free: bool = False


class Period(_M):
    start: dt.date | None = None
    end: dt.date | None = None
    recorded: Literal["running", "recurring", "probable", "closed", "unknown"]
    confirmed_through: int | None = Field(None, description="Last year a dated source shows it open or operating.")
    basis: str = Field(min_length=1)


class StatusCheck(_M):
    """The programme's state on the day it was last checked against its newest dated source."""

    checked: dt.date = Field(description="Day the status was checked.")
    state: Literal["open", "running", "ended", "unknown"]
    deadline: dt.date | None = Field(None, description="Last day to apply, where a dated source gives one.")
    evidence_date: dt.date | None = Field(None, description="Date of the newest dated source behind the state.")
    source: Cite | None = None


class Contact(_M):
    hotline: str | None = None
    website: str | None = None
    text: Text | None = None


class Programme(_M):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    group: str
    kind: list[str] = Field(min_length=1)
    name_zh: str
    name_en: str
    agency_zh: str
    agency_en: str
    former_agency: str | None = None
    summary: Text
    offers: Offer
    eligibility: Rules = Field(default_factory=Rules)
    fits_needs: list[str] = Field(default_factory=list)
    fits_measures: list[str] = Field(default_factory=list)
    period: Period
    successors: list[str] = Field(default_factory=list, description="Official follow-on programmes.")
    see_also: list[str] = Field(default_factory=list, description="Where similar help is now (not an official successor).")
    contact: Contact
    next_step: Text
    sources: list[Cite] = Field(min_length=1)
    uncertain: list[Text] = Field(default_factory=list)
    note: Text | None = None
    status: StatusCheck | None = None
    notes: list[str] = Field(default_factory=list, description="Maintainers' notes (unconfirmed figures, reposts); never shown to users.")


def has_official_source(p: Programme) -> bool:
    """Whether the programme cites at least one text issued by a government body."""
    cat = load_catalogue()
    refs = [c.ref for c in p.sources] + ([p.status.source.ref] if p.status and p.status.source else [])
    return any(cat.sources[r].kind == "official" for r in refs if r in cat.sources)


class Catalogue(_M):
    checked: dt.date
    checked_note: str
    sources: dict[str, SourceDoc]
    questions: list[str]
    programmes: list[Programme]

    @model_validator(mode="after")
    def _consistent(self) -> "Catalogue":
        ids = [p.id for p in self.programmes]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate programme ids: {sorted(dupes)}")
        known = set(ids)
        for p in self.programmes:
            for c in [*p.sources, *([p.status.source] if p.status and p.status.source else [])]:
                if c.ref not in self.sources:
                    raise ValueError(f"{p.id}: unknown source {c.ref}")
                if not self.sources[c.ref].url and not c.lines:
                    raise ValueError(f"{p.id}: {c.ref} has no URL, so the citation must name its section or page")
            for other in [*p.successors, *p.see_also]:
                if other not in known:
                    raise ValueError(f"{p.id}: unknown successor/see_also {other}")
            for n in p.fits_needs:
                if n not in NEEDS:
                    raise ValueError(f"{p.id}: unknown need {n}")
            for m in p.fits_measures:
                if m not in MEASURE_IDS:
                    raise ValueError(f"{p.id}: unknown measure {m}")
            for q in _rule_questions(p.eligibility):
                if q not in self.questions:
                    raise ValueError(f"{p.id}: unknown question {q}")
        return self

    def get(self, programme_id: str) -> Programme:
        for p in self.programmes:
            if p.id == programme_id:
                return p
        raise KeyError(programme_id)


def _rule_questions(rules: Rules) -> list[str]:
    out = list(rules.questions)
    for sub in rules.any_of or []:
        out.extend(_rule_questions(sub))
    return out


@cache
def load_catalogue() -> Catalogue:
    """The catalogue, parsed and validated once."""
    # a missing or broken data file is a bug, caught by the catalogue tests: let it raise
    return Catalogue.model_validate(load_yaml(CATALOGUE_FILE))


@cache
def load_obligations() -> dict[str, Any]:
    return load_yaml(OBLIGATIONS_FILE)


# --------------------------------------------------------------------------- status


STATUS_FRESH_DAYS = 365  # a status check or its evidence older than this on the day judged is no confirmation


def status_on(p: Programme, on: dt.date) -> Status:
    """running / ended / unknown at the date ``on``, from the dated evidence only.

    On or after the day the status was last checked (``p.status.checked``) the check decides: ``open`` or
    ``running`` count as running only while the check is at most a year old and its dated evidence is of
    ``on``'s year or at most a year old; ``ended`` stays ended; anything else is unknown. Before that day
    the period's dated evidence decides. Past the end or the application deadline it is ended. A programme
    with no official source (only press reports or a bank's page) is never more than unknown."""
    per, s = p.period, p.status
    ends = [d for d in (per.end, s.deadline if s else None) if d is not None]
    if ends and on > min(ends):
        return "ended"
    if per.start is not None and on < per.start:
        return "unknown"
    if s is not None and on >= s.checked:
        if s.state == "ended":
            return "ended"
        if s.state not in ("open", "running") or (on - s.checked).days > STATUS_FRESH_DAYS:
            return "unknown"
        fresh_year = per.confirmed_through is not None and on.year <= per.confirmed_through
        fresh_date = s.evidence_date is not None and (on - s.evidence_date).days <= STATUS_FRESH_DAYS
        running = fresh_year or fresh_date
    elif per.recorded == "closed":
        # a closed programme with known dates was running between them
        if per.end is None or per.start is None:
            return "ended"
        running = True
    else:
        running = per.confirmed_through is not None and on.year <= per.confirmed_through
    return "running" if running and has_official_source(p) else "unknown"


# --------------------------------------------------------------------------- match


class Reason(BaseModel):
    code: str
    params: dict[str, Any] = Field(default_factory=dict)

    def text(self, lang: str = "zh-TW") -> str:
        return t(f"programmes.reason.{self.code}", lang, **render_params(self.params, lang))


# params that hold ids: rendered in the reader's language when the text is made
_ID_PARAMS = {"reg": "registration", "park": "park", "parks": "park", "measures": "measure", "needs": "need", "fuel": "fuel"}


def render_params(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Turn id-valued params (registration, park, measures, programme ids, lists) into words in ``lang``."""
    lang = normalise_lang(lang)
    sep = ", " if lang == "en" else "、"
    out: dict[str, Any] = {}
    for key, value in params.items():
        prefix = _ID_PARAMS.get(key)
        values = value if isinstance(value, (list, tuple)) else None
        if key == "programmes":
            cat = load_catalogue()
            out[key] = sep.join(_names(cat, list(value), lang))
        elif prefix is not None:
            items = values if values is not None else [value]
            words = [t(f"programmes.{prefix}.{v}", lang) if has(f"programmes.{prefix}.{v}", lang) else str(v) for v in items]
            out[key] = sep.join(words)
        elif values is not None:
            out[key] = sep.join(_good_words(str(v), lang) for v in values)
        else:
            out[key] = value
    return out


def _good_words(item: str, lang: str) -> str:
    """A good chosen from the list ("good:fasteners:7318") in the reader's words, with its CN code."""
    if not item.startswith("good:"):
        return item
    _, good, cn = (item.split(":") + ["", ""])[:3]
    words = good_label(good, lang, code=False)
    return f"{words} (CN {spaced(cn)})" if lang == "en" else f"{words}（CN {spaced(cn)}）"


class ProgrammeMatch(BaseModel):
    id: str
    name_zh: str
    name_en: str
    agency_zh: str
    agency_en: str
    kind: list[str]
    status: Status
    on: dt.date
    checked: dt.date
    status_checked: dt.date = Field(description="Day this programme's status was last checked against its sources.")
    match: Verdict = Field(description="What the page shows: yes/maybe only for a programme confirmed running on ``on``.")
    fit: Verdict = Field(description="The fit by the eligibility rules alone, whatever the status.")
    deadline: dt.date | None = None
    reasons: list[Reason]
    questions: list[str]
    next_step: Text
    contact: Contact
    source: list[dict[str, Any]]
    uncertain: list[Text]
    successor: list[str]
    see_also: list[str]
    summary: Text
    offers: Offer

    def name(self, lang: str = "zh-TW") -> str:
        return self.name_en if normalise_lang(lang) == "en" else self.name_zh

    @property
    def folded(self) -> bool:
        """Ended or not confirmed running: never shown as a match, kept in the folded list."""
        return self.status != "running"

    def reasons_text(self, lang: str = "zh-TW") -> list[str]:
        return [r.text(lang) for r in self.reasons]

    def questions_text(self, lang: str = "zh-TW") -> list[str]:
        return [t(f"programmes.question.{q}", lang) for q in self.questions]

    def citations(self, lang: str = "zh-TW") -> list[str]:
        """Every source shown, as a citation (issuer, title, date, place, URL) framed in ``lang``."""
        return [citation(s["title"], s.get("issuer"), s.get("date"), s.get("url"), s.get("lines"), lang)
                for s in self.source]

    def to_dict(self, lang: str = "zh-TW") -> dict[str, Any]:
        lang = normalise_lang(lang)
        contact: dict[str, Any] = {"hotline": self.contact.hotline, "website": self.contact.website}
        if self.contact.text:
            contact["text"] = self.contact.text.get(lang)
        return {
            "id": self.id,
            "name": self.name(lang),
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "agency": self.agency_en if lang == "en" else self.agency_zh,
            "kind": self.kind,
            "status": self.status,
            "status_on": self.on.isoformat(),
            "checked": self.checked.isoformat(),
            "status_checked": self.status_checked.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "folded": self.folded,
            "match": self.match,
            "fit": self.fit,
            "reasons": [{"code": r.code, "params": r.params, "text": r.text(lang)} for r in self.reasons],
            "questions": [{"id": q, "text": t(f"programmes.question.{q}", lang)} for q in self.questions],
            "summary": self.summary.get(lang),
            "offers": self.offers.text.get(lang),
            "next_step": self.next_step.get(lang),
            "contact": contact,
            "source": [{**s, "text": c} for s, c in zip(self.source, self.citations(lang))],
            "uncertain": [u.get(lang) for u in self.uncertain],
            "successor": self.successor,
            "see_also": self.see_also,
        }


class _Firm:
    """What the rules ask about, read once from the checkup and the result."""

    def __init__(self, checkup: Checkup, result: Result | None, measure_ids: Iterable[str], answers: Mapping[str, Any]):
        self.c = checkup.company
        self.checkup = checkup
        self.result = result
        self.measures = [m for m in measure_ids]
        self.answers = dict(answers)
        self.industry2 = self.c.industry[:2] if self.c.industry else None
        self.contract_kw = self.c.contract_kw
        if self.contract_kw is None and checkup.contract is not None:
            self.contract_kw = checkup.contract.contract_kw
        ob = load_obligations()
        self.fee_line = float(ob["carbon_fee"]["threshold_tco2e"])
        self.cbam_goods = cbam_goods(self.c.eu_exports, checkup.goods)
        self.needs = self._needs()

    # ------------------------------------------------------------------ derived facts
    def is_manufacturing(self) -> bool | None:
        if self.industry2 is None:
            return None
        return 8 <= int(self.industry2) <= 34

    def is_sme(self) -> bool | None:
        sme = load_obligations()["sme_definition"]
        cap_ok = None if self.c.capital_ntd is None else self.c.capital_ntd <= sme["capital_max_ntd"]
        emp_ok = None if self.c.employees is None else self.c.employees < sme["employees_lt"]
        if cap_ok or emp_ok:
            return True
        if cap_ok is False and emp_ok is False:
            return False
        return None

    def total(self) -> float | None:
        return None if self.result is None else self.result.total_tco2e

    def _equipment(self):
        return self.checkup.equipment

    def _needs(self) -> set[str]:
        needs = {"carbon_inventory", "energy_diagnosis", "training"}
        eq = self._equipment()
        if self.c.customer_requests:
            needs |= {"supplier_pressure", "carbon_footprint", "green_power_purchase"}
        if self.cbam_goods:
            needs |= {"cbam_exposure", "carbon_footprint", "third_party_verification"}
        tot = self.total()
        if tot is not None and tot >= self.fee_line:
            needs.add("carbon_fee_payer")
        if eq is not None:
            if eq.air_compressors:
                needs.add("air_compressor")
            if eq.pumps:
                needs.add("pump")
            if eq.fans:
                needs.add("fan")
            if eq.motors:
                needs.add("motor")
            if eq.chillers:
                needs |= {"chiller", "hvac"}
            if eq.lighting:
                needs.add("lighting")
            if eq.boilers:
                needs |= {"boiler_efficiency", "heat_recovery"}
                if any(b.fuel in DIRTY_BOILER_FUELS for b in eq.boilers):
                    needs |= {"boiler_fuel_switch", "natural_gas_supply"}
            if eq.waste_heat_sources or eq.process_heat:
                needs.add("heat_recovery")
        if self.contract_kw:
            needs.add("contract_capacity")
        if self.c.factory_registration in ("managed", "specific"):
            needs.add("managed_factory")
        if self.measures:
            needs |= {"equipment_replacement", "capex_finance"}
        if "rooftop_solar" in self.measures:
            needs.add("solar_pv")
        if "energy_management_system" in self.measures:
            needs.add("ems")
        if any(m.startswith("boiler_fuel_switch") for m in self.measures):
            needs.add("boiler_fuel_switch")
        if "heat_pump_hot_water" in self.measures:
            needs.add("heat_pump")
        if self.answers.get("us_tariff_affected") is True:
            needs.add("tariff_impact")
        if self.answers.get("plans_rd") is True:
            needs |= {"rd_innovation", "process_improvement", "smart_manufacturing"}
        return needs

    def equipment_facts(self, needs: set[str]) -> list[Reason]:
        """Concrete facts behind a fit: "your 15-year-old 37 kW air compressor"."""
        eq = self._equipment()
        out: list[Reason] = []
        if eq is None:
            return out

        def biggest(items, key="kw"):
            items = [i for i in items if getattr(i, key, None) is not None]
            return max(items, key=lambda i: getattr(i, key)) if items else None

        pairs = [
            ("air_compressor", eq.air_compressors, "has_compressor"),
            ("pump", eq.pumps, "has_pump"),
            ("fan", eq.fans, "has_fan"),
            ("motor", eq.motors, "has_motor"),
        ]
        for need, items, code in pairs:
            if need in needs and items:
                big = biggest(items)
                if big is not None:
                    params = {"kw": _num(big.kw), "count": sum(i.count for i in items)}
                    if big.age_years is not None:
                        out.append(Reason(code=code + "_aged", params={**params, "age": _num(big.age_years)}))
                    else:
                        out.append(Reason(code=code, params=params))
        if ("chiller" in needs or "hvac" in needs) and eq.chillers:
            out.append(Reason(code="has_chiller", params={"count": sum(i.count for i in eq.chillers)}))
        if needs & {"boiler_fuel_switch", "boiler_efficiency", "heat_recovery", "natural_gas_supply", "biofuel", "steam_sharing"} and eq.boilers:
            b = eq.boilers[0]
            params = {"fuel": b.fuel}
            if b.age_years is not None:
                out.append(Reason(code="has_boiler_aged", params={**params, "age": _num(b.age_years)}))
            else:
                out.append(Reason(code="has_boiler", params=params))
        if "lighting" in needs and eq.lighting:
            out.append(Reason(code="has_lighting", params={"type": eq.lighting[0].type}))
        return out


def _num(x: float | int | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.1f}"


def _ntd(x: float) -> str:
    return f"{x:,.0f}"


class _Outcome:
    def __init__(self) -> None:
        self.fails: list[Reason] = []
        self.passes: list[Reason] = []
        self.questions: list[str] = []

    def merge(self, other: "_Outcome") -> None:
        self.fails += other.fails
        self.passes += other.passes
        for q in other.questions:
            if q not in self.questions:
                self.questions.append(q)


def _evaluate(rules: Rules, f: _Firm) -> _Outcome:
    out = _Outcome()
    c = f.c

    def ask(q: str) -> None:
        if q not in out.questions:
            out.questions.append(q)

    if rules.manufacturing is True:
        m = f.is_manufacturing()
        if m is None:
            ask("industry")
        elif m:
            out.passes.append(Reason(code="is_manufacturing", params={"industry": c.industry}))
        else:
            out.fails.append(Reason(code="not_manufacturing", params={"industry": c.industry}))
    elif rules.manufacturing is False:
        m = f.is_manufacturing()
        if m:
            out.fails.append(Reason(code="manufacturing_excluded", params={"industry": c.industry}))
    if rules.industries:
        if f.industry2 is None:
            ask("industry")
        elif f.industry2 in rules.industries:
            out.passes.append(Reason(code="industry_listed", params={"industry": c.industry}))
        else:
            out.fails.append(Reason(code="industry_not_listed", params={"industry": c.industry, "listed": list(rules.industries)}))
    if rules.employees_min is not None or rules.employees_max is not None:
        if c.employees is None:
            ask("employees")
        else:
            lo, hi = rules.employees_min, rules.employees_max
            if lo is not None and c.employees < lo:
                out.fails.append(Reason(code="employees_below", params={"employees": c.employees, "min": lo}))
            elif hi is not None and c.employees > hi:
                out.fails.append(Reason(code="employees_above", params={"employees": c.employees, "max": hi}))
            else:
                out.passes.append(Reason(code="employees_ok", params={"employees": c.employees}))
    if rules.sme:
        s = f.is_sme()
        sme = load_obligations()["sme_definition"]
        if s is None:
            ask("sme_size")
        elif s:
            out.passes.append(Reason(code="is_sme", params={}))
        else:
            out.fails.append(Reason(code="not_sme", params={
                "employees": c.employees, "capital": _ntd(c.capital_ntd or 0),
                "emp_lt": sme["employees_lt"], "cap_max": _ntd(sme["capital_max_ntd"])}))
    if rules.factory_registration:
        reg = c.factory_registration
        if reg is None:
            ask("factory_registration")
        elif reg in rules.factory_registration:
            out.passes.append(Reason(code="registration_ok", params={"reg": reg}))
        else:
            out.fails.append(Reason(code="registration_not_accepted", params={"reg": reg}))
    if rules.contract_kw_min is not None or rules.contract_kw_max is not None:
        kw = f.contract_kw
        if kw is None:
            ask("contract_kw")
        elif rules.contract_kw_min is not None and kw < rules.contract_kw_min:
            out.fails.append(Reason(code="contract_below", params={"kw": _num(kw), "min": _num(rules.contract_kw_min)}))
        elif rules.contract_kw_max is not None and kw > rules.contract_kw_max:
            out.fails.append(Reason(code="contract_above", params={"kw": _num(kw), "max": _num(rules.contract_kw_max)}))
        else:
            out.passes.append(Reason(code="contract_ok", params={"kw": _num(kw)}))
    if rules.parks:
        if c.park in rules.parks:
            out.passes.append(Reason(code="park_ok", params={"park": c.park}))
        else:
            out.fails.append(Reason(code="park_not", params={"parks": list(rules.parks)}))
    if rules.counties:
        if not c.county:
            ask("county")
        elif _county_norm(c.county) in {_county_norm(x) for x in rules.counties}:
            out.passes.append(Reason(code="county_ok", params={"county": c.county}))
        else:
            out.fails.append(Reason(code="county_not", params={"county": c.county, "counties": list(rules.counties)}))
    for flag, attr, code in (
        (rules.exclude_chinese_capital, "chinese_capital", "chinese_capital"),
        (rules.exclude_state_owned, "state_owned", "state_owned"),
    ):
        if not flag:
            continue
        value = getattr(c, attr)
        if value is None:
            value = f.answers.get(attr)
        if value is None:
            ask(attr)
        elif value:
            out.fails.append(Reason(code=f"excluded_{code}"))
    if rules.below_carbon_fee_line:
        tot = f.total()
        if tot is not None and tot >= f.fee_line:
            out.fails.append(Reason(code="is_carbon_fee_payer", params={"total": _num(round(tot))}))
    for q in rules.questions:
        a = f.answers.get(q)
        if a is None:
            ask(q)
        elif a:
            out.passes.append(Reason(code=f"answered_{q}"))
        else:
            out.fails.append(Reason(code=f"answered_not_{q}"))
    if rules.any_of:
        subs = [_evaluate(sub, f) for sub in rules.any_of]
        ok = [s for s in subs if not s.fails and not s.questions]
        if ok:
            out.passes += ok[0].passes
        elif any(not s.fails for s in subs):
            for s in subs:
                if not s.fails:
                    for q in s.questions:
                        ask(q)
        else:
            for s in subs:
                out.fails += s.fails
    return out


def _county_norm(name: str) -> str:
    return name.strip().replace("台", "臺")


def _fits(p: Programme, f: _Firm) -> tuple[list[str], list[str]]:
    needs = [n for n in p.fits_needs if n in f.needs]
    measures = [m for m in p.fits_measures if m in f.measures]
    return needs, measures


# needs that only the firm's answer can reveal: while the question is open, the programme stays relevant
QUESTION_NEEDS = {
    "us_tariff_affected": {"tariff_impact"},
    "tariff_revenue_drop": {"tariff_impact"},
    "plans_rd": {"rd_innovation", "process_improvement", "smart_manufacturing"},
    "rents_building": {"green_power_purchase"},
    "esco_contract": {"esco"},
}

# needs that fit every firm that does a checkup; a programme fitting only these is "general help"
_GENERAL_NEEDS = {"carbon_inventory", "energy_diagnosis", "training"}


def _match_one(p: Programme, f: _Firm, on: dt.date, checked: dt.date, cat: Catalogue) -> ProgrammeMatch:
    status = status_on(p, on)
    outcome = _evaluate(p.eligibility, f)
    needs, measures = _fits(p, f)
    reasons: list[Reason] = []
    questions: list[str] = []

    # the fit by the rules alone; only a programme confirmed running can be shown as a match
    if outcome.fails:
        fit: Verdict = "no"
        reasons += outcome.fails
    elif not needs and not measures and (p.fits_needs or p.fits_measures) and not _pending_fit(p, outcome):
        fit = "no"
        wanted = [n for n in p.fits_needs][:4]
        reasons.append(Reason(code="not_relevant", params={"needs": wanted or list(p.fits_measures)[:4]}))
    elif outcome.questions:
        fit = "maybe"
        questions = list(outcome.questions)
        reasons += outcome.passes
        reasons += _fit_reasons(needs, measures, f)
    else:
        fit = "yes"
        reasons += outcome.passes
        reasons += _fit_reasons(needs, measures, f)
    verdict: Verdict = fit if status == "running" else "no"

    checked_on = p.status.checked if p.status else checked
    if status == "ended":
        end = _end_text(p)
        reasons.insert(0, Reason(code="ended", params={"end": end}))
        if p.successors:
            reasons.insert(1, Reason(code="successor", params={"programmes": list(p.successors)}))
        elif p.see_also:
            reasons.insert(1, Reason(code="see_also", params={"programmes": list(p.see_also)}))
    elif status == "unknown" and fit != "no":
        last = p.period.confirmed_through
        lead = [Reason(code="status_unknown" if last is None else "status_last_seen", params={"year": last or ""}),
                Reason(code="status_checked", params={"checked": checked_on.isoformat()})]
        if p.see_also:
            lead.append(Reason(code="see_also", params={"programmes": list(p.see_also)}))
        reasons[:0] = lead
    if p.id == "sbia_carbon_health_check" and fit != "no":
        reasons.append(Reason(code="other_product"))

    source = []
    for c in p.sources:
        doc = cat.sources[c.ref]
        if doc.kind not in SHOWN_SOURCE_KINDS:
            continue  # a copy of an official text or a bank's page: kept in the data, not handed on
        source.append({"ref": c.ref, "title": doc.title, "date": doc.date, "issuer": doc.issuer, "url": doc.url,
                       "lines": c.lines, "kind": doc.kind})

    return ProgrammeMatch(
        id=p.id, name_zh=p.name_zh, name_en=p.name_en, agency_zh=p.agency_zh, agency_en=p.agency_en, kind=p.kind,
        status=status, on=on, checked=checked, status_checked=checked_on, match=verdict, fit=fit,
        deadline=p.status.deadline if p.status else None, reasons=reasons, questions=questions,
        next_step=p.next_step, contact=p.contact, source=source, uncertain=p.uncertain, successor=p.successors,
        see_also=p.see_also, summary=p.summary, offers=p.offers,
    )


def _end_text(p: Programme) -> str:
    ends = [d for d in (p.period.end, p.status.deadline if p.status else None) if d is not None]
    if ends:
        return min(ends).isoformat()
    return str(p.period.confirmed_through) if p.period.confirmed_through else "?"


def _pending_fit(p: Programme, outcome: _Outcome) -> bool:
    """True when an open question would, if answered yes, give the firm a need this programme fits."""
    return any(QUESTION_NEEDS.get(q, set()) & set(p.fits_needs) for q in outcome.questions)


def _names(cat: Catalogue, ids: list[str], lang: str) -> list[str]:
    out = []
    for i in ids:
        p = cat.get(i)
        out.append(p.name_en if lang == "en" else p.name_zh)
    return out


def _fit_reasons(needs: list[str], measures: list[str], f: _Firm) -> list[Reason]:
    out: list[Reason] = []
    specific = [n for n in needs if n not in _GENERAL_NEEDS]
    facts = f.equipment_facts(set(specific))
    out += facts
    for n in specific:
        if n == "cbam_exposure":
            goods = f.cbam_goods
            out.append(Reason(code="need_cbam", params={"goods": [g["item"] for g in goods]}))
        elif n == "carbon_fee_payer":
            out.append(Reason(code="need_carbon_fee", params={"total": _num(round(f.total() or 0))}))
        elif n == "supplier_pressure":
            out.append(Reason(code="need_supplier_pressure"))
        elif n == "tariff_impact":
            out.append(Reason(code="need_tariff"))
    if measures:
        out.append(Reason(code="fits_measures", params={"measures": list(measures)}))
    if not out and needs:
        out.append(Reason(code="fits_general", params={"needs": list(needs)}))
    return out


def match(
    checkup: Checkup,
    result: Result | None = None,
    measure_ids: Iterable[str] = (),
    on: dt.date | None = None,
    answers: Mapping[str, Any] | None = None,
) -> list[ProgrammeMatch]:
    """Every catalogue programme with a verdict for this firm, best first.

    ``answers`` maps question ids (``ProgrammeMatch.questions``) to True/False and turns
    ``maybe`` into ``yes`` or ``no``. ``on`` is the date the status is judged at (today by default).
    """
    cat = load_catalogue()
    on = on or dt.date.today()
    firm = _Firm(checkup, result, measure_ids, answers or {})
    out = [_match_one(p, firm, on, cat.checked, cat) for p in cat.programmes]
    out.sort(key=lambda m: (_VERDICT_ORDER[m.match], _STATUS_ORDER[m.status]))
    return out


def programmes_json(
    checkup: Checkup,
    result: Result | None = None,
    measure_ids: Iterable[str] = (),
    on: dt.date | None = None,
    answers: Mapping[str, Any] | None = None,
    lang: str = "zh-TW",
) -> list[dict[str, Any]]:
    """What ``python -m core advise FILE --format json`` prints under ``programmes``."""
    return [m.to_dict(lang) for m in match(checkup, result, measure_ids, on, answers)]


# --------------------------------------------------------------------------- obligations


def cbam_goods(exports: Iterable[str], goods: Iterable[Good] = ()) -> list[dict[str, Any]]:
    """Which of the firm's goods are CBAM goods: those chosen in the company step (``checkup.goods``, by CN code
    against Annex I), then the firm's own words for its EU exports (by keyword or CN code)."""
    ob = load_obligations()["cbam"]
    found = []
    chosen: set[str] = set()
    for g in goods:
        cn = g.cn_code or str(goods_list().get(g.good, {}).get("cn_code", ""))
        if not cn or cn_scope(cn) is None:
            continue
        category = next((cat["id"] for cat in ob["goods"] if any(cn.startswith(c.replace(" ", "")) for c in cat["cn"])), None)
        if category is None:
            continue
        chosen.add(g.good)
        item = f"{g.name}（CN {spaced(cn)}）" if g.name else f"good:{g.good}:{cn}"  # words in the reader's language
        found.append({"item": item, "category": category, "cn": [cn], "good": g.good})
    for item in exports:
        text = str(item).strip()
        if chosen and good_of_text(text) in chosen:
            continue  # the same good, chosen from the list too: named once
        low = text.lower()
        # a CN code needs at least 4 digits: "720 pcs" is a quantity, "7318 15" a code
        digits = "".join(ch for ch in text if ch.isdigit())
        for cat in ob["goods"]:
            hit = any(_keyword_in(k, low) for k in cat["keywords"])
            if not hit and len(digits) >= 4:
                hit = any(digits.startswith(cn.replace(" ", "")) for cn in cat["cn"])
            if hit:
                found.append({"item": text, "category": cat["id"], "cn": cat["cn"]})
                break
    return found


def _keyword_in(keyword: str, text: str) -> bool:
    """Chinese keywords match anywhere; Latin ones only at the start of a word ("iron", not "environment")."""
    keyword = keyword.lower()
    if keyword.isascii():
        return re.search(r"\b" + re.escape(keyword), text) is not None
    return keyword in text


def obligations(checkup: Checkup, result: Result | None = None, lang: str = "zh-TW") -> dict[str, Any]:
    """Carbon fee, inventory registration, CBAM and customer demands, as codes with params and sources.

    Each entry of ``messages`` has ``code`` and ``params`` (translate with
    ``t("programmes.reason.<code>", lang, **render_params(params, lang))``) and its ``text`` in ``lang``.
    """
    ob = load_obligations()
    fee = ob["carbon_fee"]
    line = float(fee["threshold_tco2e"])
    total = None if result is None else float(result.total_tco2e)
    messages: list[Reason] = []

    crosses = None if total is None else total >= line
    fee_out: dict[str, Any] = {
        "threshold_tco2e": line,
        "rate_general_ntd": fee["rates"]["general"],
        "rate_preferential_a_ntd": fee["rates"]["preferential_a"],
        "rate_preferential_b_ntd": fee["rates"]["preferential_b"],
        "applies": crosses,
        "fee_general_ntd": None,
        "fee_preferential_a_ntd": None,
        "fee_preferential_b_ntd": None,
        "sources": fee["sources"],
    }
    if total is None:
        messages.append(Reason(code="ob_no_total"))
    elif crosses:
        over = total - line
        fee_out.update(
            fee_general_ntd=over * fee["rates"]["general"],
            fee_preferential_a_ntd=over * fee["rates"]["preferential_a"],
            fee_preferential_b_ntd=over * fee["rates"]["preferential_b"],
        )
        messages.append(Reason(code="ob_fee_applies", params={
            "total": _num(round(total)), "line": _num(line), "over": _num(round(over)),
            "fee": _ntd(over * fee["rates"]["general"]), "fee_a": _ntd(over * fee["rates"]["preferential_a"]),
            "fee_b": _ntd(over * fee["rates"]["preferential_b"]), "rate": fee["rates"]["general"],
            "rate_a": fee["rates"]["preferential_a"], "rate_b": fee["rates"]["preferential_b"]}))
    else:
        messages.append(Reason(code="ob_fee_below", params={
            "total": _num(round(total)), "line": _num(line), "share": f"{total / line:.1%}"}))

    reg = ob["inventory_registration"]
    reg_out = {"required": crosses, "deadline": reg["deadline"], "verification_deadline": reg["verification_deadline"],
               "sources": reg["sources"]}
    if crosses:
        messages.append(Reason(code="ob_register", params={"deadline": reg["deadline"]}))
    inv = ob["inventory_only"]
    near = total is not None and not crosses and total >= inv["manufacturing_site_tco2e"]
    if near:
        messages.append(Reason(code="ob_inventory_only_maybe", params={"line": _num(inv["manufacturing_site_tco2e"])}))

    goods = cbam_goods(checkup.company.eu_exports, checkup.goods)
    cb = ob["cbam"]
    cbam_out = {
        "exports": list(checkup.company.eu_exports),
        "cbam_goods": goods,
        "is_cbam": bool(goods),
        "definitive_from": cb["definitive_from"],
        "de_minimis_t": cb["de_minimis_t"],
        "sources": cb["sources"],
    }
    if goods:
        messages.append(Reason(code="ob_cbam_yes", params={"goods": [g["item"] for g in goods],
                                                           "since": cb["definitive_from"], "t": _num(cb["de_minimis_t"])}))
    elif checkup.company.eu_exports:
        messages.append(Reason(code="ob_cbam_no", params={"goods": list(checkup.company.eu_exports)}))

    sc = ob["supply_chain"]
    if checkup.company.customer_requests:
        messages.append(Reason(code="ob_customers"))
    cat = load_catalogue()
    supply_out = {
        "customer_requests": checkup.company.customer_requests,
        "programmes": [p.id for p in cat.programmes if "supplier_pressure" in p.fits_needs and p.period.recorded != "closed"],
        "sources": sc["sources"],
    }

    return {
        "checked": ob["checked"] if isinstance(ob["checked"], str) else ob["checked"].isoformat(),
        "total_tco2e": total,
        "crosses_threshold": crosses,
        "carbon_fee": fee_out,
        "inventory_registration": reg_out,
        "inventory_only_possible": near,
        "cbam": cbam_out,
        "supply_chain": supply_out,
        "messages": [{**m.model_dump(), "text": m.text(lang)} for m in messages],
    }


def obligations_text(ob: dict[str, Any], lang: str = "zh-TW") -> list[str]:
    return [t(f"programmes.reason.{m['code']}", lang, **render_params(m["params"], lang)) for m in ob["messages"]]


# --------------------------------------------------------------------------- what to ask


def questions_to_ask(matches: Iterable[ProgrammeMatch], skip: Iterable[str] = ()) -> list[str]:
    """The open questions of the programmes that may fit (confirmed running), the one that settles the
    most programmes first (ties in the catalogue's order). A question of an ended or unconfirmed programme
    is never asked: no answer would make it a match. ``skip``: questions asked elsewhere (the profile)."""
    skipped = set(skip)
    count: dict[str, int] = {}
    for m in matches:
        if m.match != "maybe":
            continue
        for q in m.questions:
            if q not in skipped:
                count[q] = count.get(q, 0) + 1
    order = {q: i for i, q in enumerate(load_catalogue().questions)}
    return sorted(count, key=lambda q: (-count[q], order.get(q, len(order))))
