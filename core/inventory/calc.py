"""The inventory calculation: activity data × emission factor × GWP, per source and gas.

``compute(checkup)`` returns a ``Result``. Each line keeps the factor, its source
and the arithmetic written out, so a person (or a verifier) can redo it by hand.
Errors in several lines are gathered and raised together, each naming its field.
"""

from __future__ import annotations

import calendar
import datetime as dt

from .._version import __version__
from ..errors import CheckupError, InputError, UnitError, ValidationErrors
from ..vocab import OWN_FACTOR_KINDS
from .factors import (
    FactorSet,
    load_factor_set,
    parse_unit,
    resolve_equipment,
    resolve_refrigerant,
    source_text,
    tables,
)
from .limits import limit
from .models import Bill, Checkup, Electricity
from .plausibility import checks as plausibility_checks
from .plausibility import unit_question
from .result import Flag, Line, Result


def _bill_ends(bills: list[Bill]) -> list[dt.date]:
    """Where each bill's days end (exclusive), for bills in date order.

    Taipower's bill prints the reading period; some owners copy the closing reading day (the next bill's
    first day), others the period's last day (the next bill starts the day after). A bill followed by one
    starting the day after its ``to`` counts ``to`` as its own; the last bill follows the bill before it.
    """
    pairs = list(zip(bills, bills[1:]))
    day_after = sum(1 for cur, nxt in pairs if nxt.from_ == cur.to + dt.timedelta(days=1))
    same_day = sum(1 for cur, nxt in pairs if nxt.from_ == cur.to)
    usual = day_after > same_day  # how this owner copied the bills, for a bill next to a gap and the last one
    inclusive = [nxt.from_ == cur.to + dt.timedelta(days=1) or (usual and nxt.from_ != cur.to) for cur, nxt in pairs]
    if bills:
        inclusive.append(usual)
    return [b.to + dt.timedelta(days=1) if inc else b.to for b, inc in zip(bills, inclusive)]


def _span(first: dt.date, last: dt.date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} ~ {last.isoformat()}"


def compute(checkup: Checkup, factors: FactorSet | None = None) -> Result:
    """Scope 1 and 2 emissions of one checkup.

    ``factors`` defaults to the set Taiwan's rules give for ``checkup.year``
    (options ``gwp`` and ``fuel_factor_set`` in the file choose others); pass
    ``FactorSet.from_snapshot(...)`` to recompute a saved result exactly.
    """
    opts = checkup.options
    fs = factors or load_factor_set(checkup.year, opts.fuel_factor_set, opts.gwp)
    calc = _Calculation(checkup, fs)
    calc.run()
    return calc.result()


class _Calculation:
    def __init__(self, checkup: Checkup, fs: FactorSet) -> None:
        self.c = checkup
        self.fs = fs
        self.lines: list[Line] = []
        self.flags: list[Flag] = []
        self.errors: list[CheckupError] = []
        self.monthly: list[float] | None = None
        self.kwh: float | None = None
        self.market: float | None = None

    def run(self) -> None:
        steps = [("electricity", self._electricity)] if self.c.electricity else []
        steps += [(f"fuels[{i}]", lambda i=i: self._fuel(i)) for i in range(len(self.c.fuels))]
        steps += [(f"refrigerants[{i}]", lambda i=i: self._refrigerant(i)) for i in range(len(self.c.refrigerants))]
        if self.c.septic:
            steps.append(("septic", self._septic))
        steps += [(f"other[{i}]", lambda i=i: self._other(i)) for i in range(len(self.c.other))]
        for where, step in steps:
            try:
                step()
            except CheckupError as err:
                if err.field is None:
                    err.field = where
                self.errors.append(err)
        if self.errors:
            raise self.errors[0] if len(self.errors) == 1 else ValidationErrors(self.errors)

    # ------------------------------------------------------------------ electricity

    def _electricity(self) -> None:
        e: Electricity = self.c.electricity  # type: ignore[assignment]
        unit = parse_unit(e.unit, ("electricity",), "electricity.unit")
        estimate = False
        if e.kwh is not None:
            kwh, entered = e.kwh * unit.to_base, (e.kwh, unit.unit)
        elif e.monthly_kwh is not None:
            self.monthly = [m * unit.to_base for m in e.monthly_kwh]
            kwh, entered = sum(self.monthly), (sum(e.monthly_kwh), unit.unit)
        elif e.bills is not None:
            self.monthly = self._prorate_bills(e.bills)
            kwh, entered = sum(self.monthly), (sum(b.kwh for b in e.bills), "kWh")
        elif e.ntd is not None:
            if e.ntd_per_kwh:
                price, basis = e.ntd_per_kwh, "own"
                source = "your bill"
            else:
                price, _, source = self.fs.price("electricity")
                basis = "average"
            kwh, entered, estimate = e.ntd / price, (e.ntd, "NT$"), True
            self.flags.append(
                Flag(
                    code="estimated_from_ntd",
                    input="electricity",
                    params={"price": round(price, 4), "unit": "NT$/kWh", "basis": basis, "source": source},
                )
            )
        else:
            raise InputError("electricity_empty", "electricity")
        if kwh > limit("kwh"):
            raise InputError("too_large", "electricity", max=limit("kwh"))
        row = self.fs.electricity()
        ef = float(row["value"])
        self.kwh = kwh
        self.lines.append(
            Line(
                source="electricity",
                input="electricity",
                category="electricity",
                label_key="sources.electricity",
                scope=2,
                gas="CO2e",
                activity=kwh,
                unit="kWh",
                entered_amount=entered[0],
                entered_unit=entered[1],
                factor=ef,
                factor_unit="kgCO2e/kWh",
                factor_id=row["id"],
                factor_source=source_text(row),
                factor_year=int(row["year"]),
                gwp=1.0,
                tco2e=kwh * ef / 1000,
                estimate=estimate,
                working=f"{kwh:,.1f} kWh × {ef:g} kgCO2e/kWh ÷ 1000",
            )
        )
        self._market(e, kwh, ef)

    def _market(self, e: Electricity, kwh: float, ef: float) -> None:
        """Scope 2 market-based, by MOENV's rules (data/factors/renewable_electricity.csv).

        Wheeled green power takes its supplier's factor and bundled certificates (電證合一) count at 0; the kWh
        left over (the residual) keep the grid factor, as Taiwan publishes no residual mix. The same kWh may be
        counted once only: wheeled green power brings its own certificates.
        """
        green, rec = e.green_kwh, e.rec_kwh
        if green + rec > kwh:
            raise InputError("renewables_exceed_use", "electricity.rec_kwh" if rec else "electricity.green_kwh",
                             renewable=f"{green + rec:,.0f}", kwh=f"{kwh:,.0f}")
        if green and rec == green:
            self.flags.append(Flag(code="renewables_maybe_twice", input="electricity.rec_kwh", params={"kwh": rec}))
        residual = kwh - green - rec
        wheeled = float(self.fs.renewable("wheeled_green")["factor"])
        bundled = float(self.fs.renewable("rec_bundled")["factor"])
        residual_ef = ef if self.fs.renewable("grid_residual")["factor"] == "grid" else float(self.fs.renewable("grid_residual")["factor"])
        self.market = (residual * residual_ef + green * wheeled + rec * bundled) / 1000
        if green or rec:
            self.flags.append(Flag(code="market_residual_at_grid", input="electricity",
                                   params={"green": green, "rec": rec, "residual": residual, "factor": residual_ef}))

    def _prorate_bills(self, bills: list[Bill]) -> list[float]:
        """Spread each bill's kWh evenly over its days; keep the days inside the inventory year.

        A bill from 2023-12-15 to 2024-02-14 covers 61 days (the closing reading day is the
        next bill's first day); 44 of them fall in 2024, so 44/61 of its kWh count for 2024.
        Bills printed with the period's last day (the next bill starts the day after) count that
        last day too, so consecutive bills of either kind cover the year without a gap. A real gap
        is named in a note; days billed twice are refused, naming them.
        """
        year = self.c.year
        monthly = [0.0] * 12
        order = sorted(range(len(bills)), key=lambda k: (bills[k].from_, bills[k].to))
        ends = _bill_ends([bills[k] for k in order])
        covered = 0
        missing: list[tuple[dt.date, dt.date]] = []
        first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
        previous_end: dt.date | None = None
        for k, end in zip(order, ends):
            bill = bills[k]
            if previous_end is not None and bill.from_ < previous_end:
                last = min(previous_end, end) - dt.timedelta(days=1)
                raise InputError("bills_overlap", f"electricity.bills[{k}]", date=_span(bill.from_, last))
            if previous_end is not None and bill.from_ > previous_end:
                missing.append((previous_end, bill.from_ - dt.timedelta(days=1)))
            days = (end - bill.from_).days
            per_day = bill.kwh / days
            for n in range(days):
                day = bill.from_ + dt.timedelta(days=n)
                if day.year == year:
                    monthly[day.month - 1] += per_day
                    covered += 1
            previous_end = end
        first = bills[order[0]].from_
        if first > first_day:
            missing.insert(0, (first_day, first - dt.timedelta(days=1)))
        if previous_end is not None and previous_end <= last_day:
            missing.append((previous_end, last_day))
        missing = [(max(a, first_day), min(b, last_day)) for a, b in missing if a <= last_day and b >= first_day]
        days_in_year = 366 if calendar.isleap(year) else 365
        self.flags.append(Flag(code="bills_prorated", input="electricity", params={"days": covered, "year": year}))
        if covered < days_in_year:
            self.flags.append(
                Flag(code="bills_incomplete", input="electricity",
                     params={"days": covered, "of": days_in_year, "missing": ", ".join(_span(a, b) for a, b in missing)})
            )
        return monthly

    # ------------------------------------------------------------------ fuels

    def _fuel(self, i: int) -> None:
        f = self.c.fuels[i]
        where = f"fuels[{i}]"
        meta = tables()["fuels"].get(f.fuel)
        if meta is None:
            raise InputError("unknown_fuel", f"{where}.fuel", value=f.fuel, allowed=list(tables()["fuels"]))
        fuel_units = self.fs.fuel_units(f.fuel)
        dims = tuple({tables()["units"][u]["dimension"] for u in fuel_units}) + ("money",)
        unit = parse_unit(f.unit, dims, f"{where}.unit")
        if f.use == "vehicle" and meta["vehicle"] != "yes":
            raise InputError("no_vehicle_use", f"{where}.use", fuel=meta["label_zh"])
        question = unit_question(f, where, unit.unit)  # 桶裝瓦斯 in litres: the same in kg, and a question
        if question is not None:
            self.flags.append(question)
        estimate = False
        if unit.dimension == "money":
            if not meta["price_item"]:
                raise UnitError("no_price_for_fuel", f"{where}.unit", fuel=meta["label_zh"])
            price, price_unit, source = self.fs.price(meta["price_item"])
            fuel_unit = price_unit.split("/", 1)[1]
            qty = f.amount / price
            estimate = True
            self.flags.append(
                Flag(code="estimated_from_ntd", input=where, params={"price": price, "unit": price_unit, "basis": "average", "source": source})
            )
        else:
            fuel_unit = next(u for u in fuel_units if tables()["units"][u]["dimension"] == unit.dimension)
            qty = f.amount * unit.to_base / tables()["units"][fuel_unit]["to_base"]
        if qty > limit("fuel_base"):
            raise InputError("too_large", f"{where}.amount", max=limit("fuel_base"))
        for g in self.fs.fuel_gas_factors(f.fuel, f.use, fuel_unit):
            gwp = self.fs.gwp_value(g["gas"])
            self.lines.append(
                Line(
                    source=f"fuel:{f.fuel}:{f.use}",
                    input=where,
                    category="fuel",
                    label_key=f"sources.fuel.{f.fuel}",
                    name=f.name,
                    scope=1,
                    gas=g["gas"],
                    activity=qty,
                    unit=fuel_unit,
                    entered_amount=f.amount,
                    entered_unit=unit.unit,
                    factor=g["kg_per_unit"],
                    factor_unit=f"kg{g['gas']}/{fuel_unit}",
                    factor_id=f"{self.fs.fuel_set}:{f.fuel}:{f.use}:{g['gas']}",
                    factor_source=source_text(g["row"]),
                    gwp=gwp,
                    tco2e=qty * g["kg_per_unit"] * gwp / 1000,
                    estimate=estimate,
                    working=f"{qty:,.3f} {fuel_unit} × ({g['working']}) × GWP {gwp:g} ÷ 1000",
                )
            )

    # ------------------------------------------------------------------ refrigerants

    def _refrigerant(self, i: int) -> None:
        r = self.c.refrigerants[i]
        where = f"refrigerants[{i}]"
        ref = resolve_refrigerant(r.refrigerant, f"{where}.refrigerant")
        if r.recharged_kg is not None:
            row = self.fs.constant_row("refrigerant_recharge")
            factor = float(row["value"])
            activity, unit, factor_id = r.recharged_kg, "kg", "recharged"
            kg = activity * factor
            source = source_text(row)
            working = f"{r.recharged_kg:g} kg topped up × {factor:g}"
        elif r.leak_rate_pct is not None:
            activity = r.charge_kg * r.count  # type: ignore[operator]
            factor, unit, factor_id = r.leak_rate_pct / 100, "kg charge", "own_leak_rate"
            kg = activity * factor
            source = "自填逸散率 (own leak rate, from the firm's service records)"
            working = f"{r.charge_kg:g} kg × {r.count} units × own leak rate {factor:.1%}"
            self.flags.append(Flag(code="own_leak_rate", input=where, params={"rate": factor}))
        else:
            if not r.equipment:
                raise InputError("equipment_required", f"{where}.equipment", allowed=list(tables()["leak_rates"]))
            equip = resolve_equipment(r.equipment, f"{where}.equipment")
            row = self.fs.leak_rate(equip)
            rate = row["rate_default"]
            activity = r.charge_kg * r.count  # type: ignore[operator]
            kg, factor, factor_id, unit = activity * rate, rate, f"leak:{equip}", "kg charge"
            source = source_text(row)
            working = f"{r.charge_kg:g} kg × {r.count} units × leak rate {rate:.1%}"
            self.flags.append(Flag(code="default_leak_rate", input=where, params={
                "rate": rate, "equipment": equip, "low": row["rate_low"], "high": row["rate_high"]}))
        counted, apart, comps = self.fs.refrigerant_gwp(ref)
        for gwp, is_counted in ((counted, True), (apart, False)):
            if gwp == 0:
                continue
            self.lines.append(
                Line(
                    source=f"refrigerant:{ref}",
                    input=where,
                    category="refrigerant",
                    label_key="sources.refrigerant",
                    name=r.name or ref,
                    scope=1,
                    gas=ref,
                    activity=activity,
                    unit=unit,
                    entered_amount=r.recharged_kg if r.recharged_kg is not None else r.charge_kg,
                    entered_unit="kg",
                    factor=factor,
                    factor_unit="kg/kg" if r.recharged_kg is not None else "share of charge per year",
                    factor_id=factor_id,
                    factor_source=source,
                    gwp=gwp,
                    tco2e=kg * gwp / 1000,
                    counted=is_counted,
                    working=f"{working} = {kg:,.3f} kg × GWP {gwp:,.1f} ({' + '.join(comps)}, {self.fs.gwp_basis}) ÷ 1000",
                )
            )
            if not is_counted:
                self.flags.append(Flag(code="reported_apart", input=where, params={"gas": ref}))

    # ------------------------------------------------------------------ septic

    def _septic(self) -> None:
        s = self.c.septic
        assert s is not None
        people = s.employees if s.employees is not None else self.c.company.employees
        if people is None:
            raise InputError("septic_people_missing", "septic.employees")
        if s.hours_per_year is not None:
            hours = s.hours_per_year
        else:
            hours = self.fs.septic("default_hours_per_year")["value"]
            self.flags.append(Flag(code="default_hours", input="septic", params={"hours": hours}))
        row = self.fs.septic("septic_ch4_per_person_hour")
        factor = row["value"]
        gwp = self.fs.gwp_value("CH4")
        activity = people * hours
        self.lines.append(
            Line(
                source="septic",
                input="septic",
                category="septic",
                label_key="sources.septic",
                scope=1,
                gas="CH4",
                activity=activity,
                unit="person-hour",
                entered_amount=float(people),
                entered_unit="people",
                factor=factor,
                factor_unit="kgCH4/person-hour",
                factor_id=row["id"],
                factor_source=source_text(row),
                gwp=gwp,
                tco2e=activity * factor * gwp / 1000,
                working=f"{people} people × {hours:g} h × {factor:g} kgCH4/person-hour × GWP {gwp:g} ÷ 1000",
            )
        )

    # ------------------------------------------------------------------ other

    def _other(self, i: int) -> None:
        o = self.c.other[i]
        where = f"other[{i}]"
        if o.kind in OWN_FACTOR_KINDS:
            scope = 2 if o.kind == "steam" else int(o.scope)  # type: ignore[arg-type]
            factor = float(o.factor)  # type: ignore[arg-type]
            unit = o.unit or "unit"
            self.lines.append(
                Line(
                    source=f"other:{o.kind}",
                    input=where,
                    category="other",
                    label_key=f"sources.other.{o.kind}",
                    name=o.name,
                    scope=scope,  # type: ignore[arg-type]
                    gas="CO2e",
                    activity=o.amount,
                    unit=unit,
                    entered_amount=o.amount,
                    entered_unit=unit,
                    factor=factor,
                    factor_unit=f"kgCO2e/{unit}",
                    factor_id="user",
                    factor_source=str(o.factor_source),
                    gwp=1.0,
                    tco2e=o.amount * factor / 1000,
                    working=f"{o.amount:g} {unit} × {factor:g} kgCO2e/{unit} ÷ 1000",
                )
            )
            self.flags.append(Flag(code="user_factor", input=where, params={"source": o.factor_source}))
            return
        unit = parse_unit(o.unit, ("mass",), f"{where}.unit")
        kg = o.amount * unit.to_base
        row = self.fs.other(o.kind)
        gas = row["gas"]
        gwp = self.fs.gwp_value(gas)
        factor = row["value"]
        self.lines.append(
            Line(
                source=f"other:{o.kind}",
                input=where,
                category="other",
                label_key=f"sources.other.{o.kind}",
                name=o.name,
                scope=1,
                gas=gas,
                activity=kg,
                unit="kg",
                entered_amount=o.amount,
                entered_unit=unit.unit,
                factor=factor,
                factor_unit=row["unit"],
                factor_id=f"other:{o.kind}",
                factor_source=source_text(row),
                gwp=gwp,
                tco2e=kg * factor * gwp / 1000,
                working=f"{kg:,.3f} kg × {factor:g} {row['unit']} × GWP {gwp:g} ÷ 1000",
            )
        )

    # ------------------------------------------------------------------ result

    def _goods_tonnes(self) -> float | None:
        """The production the emissions spread over, in tonnes: the goods', or the whole production if it is larger.

        Emissions are attributed by mass, as CBAM's supplier data does, so every tonne of product carries the same
        share; goods without their production leave the intensity out (the results say it is missing).
        """
        masses = [g.mass_t() for g in self.c.goods]
        if not masses or any(m is None for m in masses):
            return None
        goods_t = sum(m for m in masses if m is not None)
        p = self.c.production
        if p is not None:
            unit = tables()["unit_aliases"].get(p.unit.strip().lower(), [])
            if unit and tables()["units"][unit[0]]["dimension"] == "mass":
                goods_t = max(goods_t, p.amount * tables()["units"][unit[0]]["to_base"] / 1000)
        return goods_t or None

    def result(self) -> Result:
        counted = [ln for ln in self.lines if ln.counted]
        s1 = sum(ln.tco2e for ln in counted if ln.scope == 1)
        s2 = sum(ln.tco2e for ln in counted if ln.scope == 2)
        total = s1 + s2
        by_cat: dict[str, float] = {}
        for ln in counted:
            by_cat[ln.category] = by_cat.get(ln.category, 0.0) + ln.tco2e
        company = self.c.company
        intensities: dict[str, float] = {}
        if company.employees:
            intensities["per_employee"] = total / company.employees
        if company.revenue_ntd:
            intensities["per_million_ntd_revenue"] = total / (company.revenue_ntd / 1e6)
        if self.c.production:
            intensities["per_product_unit"] = total / self.c.production.amount
        goods_t = self._goods_tonnes()
        if goods_t:
            intensities["per_tonne_goods"] = total / goods_t
        # every substitution and every unconfirmed row the factor set handed out becomes a flag
        noted = [dict(x) for x in self.fs.substitutions] + self.fs.unconfirmed()
        flags = [Flag(code=n.pop("code"), params=n) for n in noted] + self.flags
        flags += plausibility_checks(self.c, self.lines, self.kwh, self.fs.snapshot)
        s2_market = None
        if self.market is not None:
            s2_market = self.market + sum(ln.tco2e for ln in counted if ln.scope == 2 and ln.category != "electricity")
        elec = self.fs.snapshot.get("electricity")
        return Result(
            year=self.c.year,
            gwp_basis=self.fs.gwp_basis,
            fuel_factor_set=self.fs.fuel_set,
            electricity_factor_year=int(elec["year"]) if elec else None,
            scope1_tco2e=s1,
            scope2_tco2e=s2,
            total_tco2e=total,
            scope2_market_tco2e=s2_market,
            reported_apart_tco2e=sum(ln.tco2e for ln in self.lines if not ln.counted),
            by_category=by_cat,
            monthly_kwh=self.monthly,
            electricity_kwh=self.kwh,
            intensities=intensities,
            lines=self.lines,
            flags=flags,
            factors=self.fs.to_snapshot(),
            engine_version=__version__,
        )
