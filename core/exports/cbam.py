"""CBAM supplier data: an installation's embedded emissions per CBAM good, for its EU importers.

``cbam_supplier_data(checkup, result) -> CbamDocument`` is a pure function. The steps, each written out in
the document so that a verifier can redo them:

1. The installation's direct emissions are the counted Scope 1 lines that belong to production and to the
   greenhouse gases Annex I names for the good's sector (CO2 for iron and steel; CO2 and PFCs for aluminium;
   CO2 and N2O for fertilisers). Vehicles, refrigerants, septic tanks and fire protection are outside.
2. Direct emissions and electricity are attributed to each good by its share of the production mass (the
   rest of the production, if the firm makes other things, keeps its share).
3. Precursors bought add their embedded emissions: the supplier's own figure where the firm has it,
   otherwise the EU default value for the precursor's CN code and country (Implementing Regulation (EU)
   2025/2621, Annex I), marked as a default. They go to the goods of their sector by mass.
4. Specific embedded emissions per tonne: direct, indirect (electricity × factor), and the embedded
   emissions CBAM counts, which for goods of Annex II of Regulation (EU) 2023/956 are the direct ones only.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .._version import __version__
from ..errors import ExportProblem
from ..i18n import t
from ..inventory.models import Checkup
from ..inventory.result import Line, Result
from . import reference as ref
from .common import Note, _Doc, unique_notes

FORMAT = "cbam-supplier-data/1"
COUNTRY = "TW"  # the installations this product serves are in Taiwan
MASS_UNITS = {"公噸": 1.0, "噸": 1.0, "t": 1.0, "ton": 1.0, "tons": 1.0, "tonne": 1.0, "tonnes": 1.0, "公斤": 0.001, "kg": 0.001}
MARKUP_YEARS = (2026, 2027, 2028)


class Installation(_Doc):
    name: str | None
    country: str = COUNTRY
    county: str | None
    industry: str | None
    to_fill: list[str] = Field(description="Fields of the template's installation section the checkup does not hold.")


class EmissionSource(_Doc):
    """One Scope 1 or 2 line of the inventory and what CBAM does with it."""

    input: str
    source: str
    label: str
    gas: str
    tco2e: float
    role: Literal["direct", "indirect", "excluded"]
    reason: str = Field(description="Code of the rule (exports.cbam.reason.*).")


class Totals(_Doc):
    direct_by_gas_tco2e: dict[str, float] = Field(description="Installation direct emissions within the CBAM boundary, by gas.")
    electricity_kwh: float
    electricity_ef_kg_per_kwh: float | None
    electricity_ef_source: str | None
    indirect_tco2e: float
    production_t: float = Field(description="Production mass the emissions are attributed over.")
    goods_t: float
    other_products_t: float
    production_basis: Literal["checkup_production", "goods_only"]


class DefaultRef(_Doc):
    """The EU default value used or shown, and where it comes from."""

    table: str
    cn_line: str
    description: str
    direct: float
    indirect: float | None
    total: float
    route: str
    fallback: bool
    markup: dict[str, float]
    source: str


class Good(_Doc):
    index: int
    good: str
    cn_code: str
    name: str | None
    sector: str
    annex_line: str
    direct_only: bool
    gases: list[str]
    mass_t: float
    mass_working: str
    eu_tonnes: float | None
    share: float
    attributed_direct_tco2e: float
    attributed_kwh: float
    attributed_indirect_tco2e: float
    working: str


class PrecursorUse(_Doc):
    good_index: int | None = Field(description="Index into goods; None for the firm's other products.")
    tonnes: float
    direct_tco2e: float
    indirect_tco2e: float | None


class Precursor(_Doc):
    index: int
    cn_code: str
    sector: str
    country: str
    supplier: str | None
    tonnes: float
    basis: Literal["supplier", "default"]
    see_direct: float
    see_indirect: float | None
    default: DefaultRef | None
    uses: list[PrecursorUse]
    working: str


class Product(_Doc):
    """One line of the summary the importer receives (the template's Summary_Communication)."""

    good_index: int
    cn_code: str
    name: str
    aggregated_category: str
    direct_only: bool
    see_direct: float
    see_indirect: float
    see_total: float = Field(description="Direct + indirect, as the template's 'SEE (total)'.")
    embedded_counted: float = Field(description="What CBAM counts: direct only for goods of Annex II.")
    unit: Literal["tCO2e/t"] = "tCO2e/t"
    default_share: float = Field(description="Share of the direct embedded emissions that rests on EU default values.")
    embedded_electricity_mwh_per_t: float = Field(description="The installation's own electricity per tonne (precursors' not included).")
    electricity_ef_t_per_mwh: float | None
    electricity_ef_source: str | None
    precursor_t_per_t: float
    eu_default: DefaultRef | None = Field(description="The EU default for this good from Taiwan, the importer's alternative.")
    eu_default_note: str | None
    working: str


class Act(_Doc):
    id: str
    title: str
    url: str


class CbamDocument(_Doc):
    format: Literal["cbam-supplier-data/1"] = FORMAT
    generated: dt.date
    engine_version: str
    year: int
    period_start: dt.date
    period_end: dt.date
    installation: Installation
    sources: list[EmissionSource]
    totals: Totals
    goods: list[Good]
    precursors: list[Precursor]
    products: list[Product]
    de_minimis_t: float
    eu_tonnes_total: float | None
    rules_checked: str
    acts: list[Act]
    notes: list[Note]


# --------------------------------------------------------------------------- classification


def _role(line: Line) -> tuple[str, str]:
    """(direct | indirect | excluded, reason code) of an inventory line for CBAM."""
    if not line.counted:
        return "excluded", "reported_apart"
    if line.category == "electricity":
        return "indirect", "electricity"
    if line.category == "fuel":
        return ("excluded", "vehicle") if line.source.endswith(":vehicle") else ("direct", "stationary")
    if line.category == "refrigerant":
        return "excluded", "refrigerant"
    if line.category == "septic":
        return "excluded", "septic"
    kind = line.source.split(":", 1)[-1]
    if kind in ("fire_extinguisher_co2", "hfc_227ea"):
        return "excluded", "fire"
    if kind in ("process_co2", "welding_co2", "acetylene"):
        return "direct", "process"
    if kind == "steam":
        return "direct", "heat"
    if line.scope == 1:
        return "direct", "custom"
    return "excluded", "custom_indirect"


def _gas(line: Line) -> str:
    """The gas a line counts as for CBAM: pre-combined CO2e factors (steam, own factors) count as CO2."""
    return "CO2" if line.gas == "CO2e" else line.gas


def _production_t(checkup: Checkup) -> float | None:
    p = checkup.production
    if p is None:
        return None
    factor = MASS_UNITS.get(p.unit.strip().lower()) or MASS_UNITS.get(p.unit.strip())
    return p.amount * factor if factor else None


def _default_ref(dv: ref.DefaultValue) -> DefaultRef:
    table = "Other countries and territories" if dv.country == ref.OTHER else dv.country
    return DefaultRef(
        table=table,
        cn_line=dv.cn_line,
        description=dv.description,
        direct=dv.direct,
        indirect=dv.indirect,
        total=dv.total,
        route=dv.route,
        fallback=dv.fallback,
        markup={str(y): v for y, v in dv.markup.items()},
        source="Implementing Regulation (EU) 2025/2621, Annex I (Commission workbook 'DVs as adopted' 2026-02-04)",
    )


def _fmt(x: float, digits: int = 3) -> str:
    return f"{x:,.{digits}f}"


# --------------------------------------------------------------------------- the document


def cbam_supplier_data(checkup: Checkup, result: Result, *, today: dt.date | None = None) -> CbamDocument:
    """The installation's CBAM data for its importers, from one checkup and its result."""
    if not checkup.goods:
        raise ExportProblem("cbam_no_goods", "goods")
    notes: list[Note] = [Note(code="not_verified", status="check"), Note(code="template_not_official", status="info")]

    # goods and their sectors
    scopes = []
    for i, g in enumerate(checkup.goods):
        if not g.cn_code:
            raise ExportProblem("cbam_cn_required", f"goods[{i}].cn_code")
        scope = ref.cn_scope(g.cn_code)
        if scope is None:
            raise ExportProblem("cbam_not_cbam_good", f"goods[{i}].cn_code", cn=g.cn_code)
        scopes.append(scope)
    masses = [g.mass_t() for g in checkup.goods]
    for i, mass in enumerate(masses):
        if mass is None:
            raise ExportProblem("cbam_good_mass_required", f"goods[{i}]")
    goods_t = sum(masses)  # type: ignore[arg-type]
    if goods_t <= 0:
        raise ExportProblem("cbam_no_production", "goods")

    production = _production_t(checkup)
    if production is None:
        production_t, basis = goods_t, "goods_only"
        notes.append(Note(code="production_goods_only", status="check"))
    elif production < goods_t * (1 - 1e-9):
        production_t, basis = goods_t, "goods_only"
        notes.append(Note(code="production_below_goods", status="check", params={"production": _fmt(production), "goods": _fmt(goods_t)}))
    else:
        production_t, basis = production, "checkup_production"
    other_t = max(production_t - goods_t, 0.0)

    # installation emissions within the CBAM boundary
    sources: list[EmissionSource] = []
    direct_by_gas: dict[str, float] = {}
    kwh, ef, ef_source, indirect = 0.0, None, None, 0.0
    cbam_gases = {gas for s in scopes for gas in s.gases}
    for line in result.lines:
        if line.scope not in (1, 2):
            continue
        role, reason = _role(line)
        if role == "direct" and _gas(line) not in cbam_gases:
            role, reason = "excluded", "gas"
        sources.append(
            EmissionSource(input=line.input, source=line.source, label=t(line.label_key, "en") + (f" ({line.name})" if line.name else ""),
                           gas=line.gas, tco2e=line.tco2e, role=role, reason=reason)  # type: ignore[arg-type]
        )
        if role == "direct":
            direct_by_gas[_gas(line)] = direct_by_gas.get(_gas(line), 0.0) + line.tco2e
        elif role == "indirect":
            kwh += line.activity
            indirect += line.tco2e
            ef, ef_source = line.factor, line.factor_source
    reasons = {s.reason for s in sources}
    for reason in ("gas", "vehicle", "refrigerant", "septic", "fire", "custom_indirect"):
        if reason in reasons:
            notes.append(Note(code=f"excluded_{reason}", status="info"))
    for reason in ("process", "heat", "custom"):
        if reason in reasons:
            notes.append(Note(code=f"included_{reason}", status="check"))
    if ef is not None:
        notes.append(Note(code="indirect_ef", status="unconfirmed", params={"ef": f"{ef:g}"}))

    # attribution to goods by production mass
    goods: list[Good] = []
    for i, (g, scope, mass) in enumerate(zip(checkup.goods, scopes, masses)):
        share = mass / production_t
        gases = list(scope.gases)
        direct_total = sum(direct_by_gas.get(gas, 0.0) for gas in scope.gases)
        not_counted = sorted(gas for gas in direct_by_gas if gas not in scope.gases)
        mass_working = (f"{_fmt(g.tonnes)} t" if g.tonnes is not None
                        else f"{g.pieces:,} pieces × {g.piece_g:g} g ÷ 1,000,000 = {_fmt(mass)} t")
        working = (
            f"share = {_fmt(mass)} t ÷ {_fmt(production_t)} t = {share:.4%}; "
            f"direct = {_fmt(direct_total, 4)} tCO2e ({'+'.join(scope.gases)}) × {share:.6f} = {_fmt(direct_total * share, 4)} tCO2e; "
            f"electricity = {_fmt(kwh, 1)} kWh × {share:.6f} = {_fmt(kwh * share, 1)} kWh"
        )
        if not_counted:
            working += f"; not CBAM gases for {scope.sector}: {', '.join(not_counted)}"
        goods.append(
            Good(index=i, good=g.good, cn_code=g.cn_code or "", name=g.name, sector=scope.sector, annex_line=scope.entry,
                 direct_only=scope.direct_only, gases=gases, mass_t=mass, mass_working=mass_working, eu_tonnes=g.eu_tonnes,
                 share=share, attributed_direct_tco2e=direct_total * share, attributed_kwh=kwh * share,
                 attributed_indirect_tco2e=indirect * share, working=working)
        )
    precursors = _precursors(checkup, goods, other_t, notes)

    products = [_product(g, precursors, ef, ef_source, notes) for g in goods]

    eu = [g.eu_tonnes for g in checkup.goods if g.eu_tonnes is not None]
    rules = ref.cbam_rules()
    notes.append(Note(code="de_minimis", status="info", params={"t": f"{rules['rules']['de_minimis']['threshold_t']:g}"}))
    return CbamDocument(
        generated=today or dt.date.today(),
        engine_version=__version__,
        year=checkup.year,
        period_start=dt.date(checkup.year, 1, 1),
        period_end=dt.date(checkup.year, 12, 31),
        installation=Installation(
            name=checkup.company.name, county=checkup.company.county, industry=checkup.company.industry,
            to_fill=["address", "un_locode", "coordinates", "operator_contact", "verifier", "production_route"],
        ),
        sources=sources,
        totals=Totals(direct_by_gas_tco2e=direct_by_gas, electricity_kwh=kwh, electricity_ef_kg_per_kwh=ef,
                      electricity_ef_source=ef_source, indirect_tco2e=indirect, production_t=production_t,
                      goods_t=goods_t, other_products_t=other_t, production_basis=basis),  # type: ignore[arg-type]
        goods=goods,
        precursors=precursors,
        products=products,
        de_minimis_t=float(rules["rules"]["de_minimis"]["threshold_t"]),
        eu_tonnes_total=sum(eu) if eu else None,
        rules_checked=str(rules["checked"]),
        acts=[Act(id=k, title=" ".join(v["title"].split()), url=v["url"]) for k, v in rules["acts"].items()],
        notes=unique_notes(notes),
    )


def _precursors(checkup: Checkup, goods: list[Good], other_t: float, notes: list[Note]) -> list[Precursor]:
    out: list[Precursor] = []
    for i, p in enumerate(checkup.precursors):
        where = f"precursors[{i}]"
        scope = ref.cn_scope(p.cn_code)
        if scope is None:
            raise ExportProblem("cbam_precursor_not_cbam", f"{where}.cn_code", cn=p.cn_code)
        if p.for_goods is not None:
            bad = [n for n in p.for_goods if n >= len(goods)]
            if bad or not p.for_goods:
                raise ExportProblem("cbam_for_goods_range", f"{where}.for_goods", count=len(goods))
            targets = [goods[n] for n in dict.fromkeys(p.for_goods)]
            rest = 0.0
        else:
            targets = [g for g in goods if g.sector == scope.sector]
            if not targets:
                raise ExportProblem("cbam_precursor_no_good", where, cn=p.cn_code, sector=scope.sector)
            rest = other_t
        default = None
        if p.see_direct is not None:
            basis, see_d, see_i = "supplier", p.see_direct, p.see_indirect
        else:
            dv = ref.default_value(p.cn_code, p.country, f"{where}.cn_code")
            basis, see_d, see_i = "default", dv.direct, dv.indirect
            default = _default_ref(dv)
            notes.append(Note(code="default_values_recheck", status="unconfirmed"))
            notes.append(Note(code="precursor_markup", status="unconfirmed"))
            if dv.fallback:
                notes.append(Note(code="default_fallback", status="info", params={"cn": p.cn_code, "country": p.country}))
        over = sum(g.mass_t for g in targets) + rest
        uses = []
        for g in targets:
            tonnes = p.tonnes * g.mass_t / over
            uses.append(PrecursorUse(good_index=g.index, tonnes=tonnes, direct_tco2e=tonnes * see_d,
                                     indirect_tco2e=tonnes * see_i if see_i is not None else None))
        if rest > 0:
            tonnes = p.tonnes * rest / over
            uses.append(PrecursorUse(good_index=None, tonnes=tonnes, direct_tco2e=tonnes * see_d,
                                     indirect_tco2e=tonnes * see_i if see_i is not None else None))
        source = "supplier's data" if basis == "supplier" else f"EU default {default.table} {default.cn_line}"  # type: ignore[union-attr]
        working = (
            f"{_fmt(p.tonnes)} t × {see_d:g} tCO2e/t ({source}) = {_fmt(p.tonnes * see_d, 4)} tCO2e direct; by mass over "
            + " + ".join(f"{_fmt(g.mass_t)} t (good {g.index + 1})" for g in targets)
            + (f" + {_fmt(rest)} t (other products)" if rest > 0 else "")
        )
        out.append(Precursor(index=i, cn_code=p.cn_code, sector=scope.sector, country=p.country, supplier=p.supplier,
                             tonnes=p.tonnes, basis=basis, see_direct=see_d, see_indirect=see_i,  # type: ignore[arg-type]
                             default=default, uses=uses, working=working))
    if any(p.see_indirect is None for p in out):
        notes.append(Note(code="precursor_indirect_unknown", status="info"))
    return out


def _product(g: Good, precursors: list[Precursor], ef: float | None, ef_source: str | None, notes: list[Note]) -> Product:
    uses = [(p, u) for p in precursors for u in p.uses if u.good_index == g.index]
    pre_direct = sum(u.direct_tco2e for _, u in uses)
    pre_indirect = sum(u.indirect_tco2e or 0.0 for _, u in uses)
    pre_default = sum(u.direct_tco2e for p, u in uses if p.basis == "default")
    pre_tonnes = sum(u.tonnes for _, u in uses)
    direct = (g.attributed_direct_tco2e + pre_direct) / g.mass_t
    indirect = (g.attributed_indirect_tco2e + pre_indirect) / g.mass_t
    counted = direct if g.direct_only else direct + indirect
    total_direct = g.attributed_direct_tco2e + pre_direct
    ratio = pre_tonnes / g.mass_t
    if uses and ratio < 1 - 1e-9:
        notes.append(Note(code="precursor_less_than_good", status="check", params={"good": g.index + 1, "ratio": f"{ratio:.2f}"}))
    if ratio > 1.5:
        notes.append(Note(code="precursor_much_more", status="check", params={"good": g.index + 1, "ratio": f"{ratio:.2f}"}))
    eu_default, eu_note = None, None
    try:
        eu_default = _default_ref(ref.default_value(g.cn_code, COUNTRY))
    except ExportProblem as err:
        eu_note = err.message("en")
    working = (
        f"SEE direct = ({_fmt(g.attributed_direct_tco2e, 4)} own + {_fmt(pre_direct, 4)} precursors) tCO2e ÷ {_fmt(g.mass_t)} t"
        f" = {direct:.4f}; SEE indirect = ({_fmt(g.attributed_indirect_tco2e, 4)} own + {_fmt(pre_indirect, 4)} precursors)"
        f" ÷ {_fmt(g.mass_t)} t = {indirect:.4f}; counted = {'direct only (Annex II)' if g.direct_only else 'direct + indirect'}"
        f" = {counted:.4f} tCO2e/t"
    )
    return Product(
        good_index=g.index, cn_code=g.cn_code, name=g.name or g.good, aggregated_category=ref.aggregated_category(g.cn_code),
        direct_only=g.direct_only, see_direct=direct, see_indirect=indirect, see_total=direct + indirect,
        embedded_counted=counted, default_share=(pre_default / total_direct) if total_direct > 0 else 0.0,
        embedded_electricity_mwh_per_t=g.attributed_kwh / 1000 / g.mass_t,
        electricity_ef_t_per_mwh=ef, electricity_ef_source=ef_source, precursor_t_per_t=ratio,
        eu_default=eu_default, eu_default_note=eu_note, working=working,
    )
