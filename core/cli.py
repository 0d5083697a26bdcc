"""Command line: a thin wrapper over the public API.

    python -m core checkup FILE [--format json|table] [--lang zh-TW|en] [--gwp AR5] [--factor-set moenv_2024]
    python -m core advise FILE [--format json]
    python -m core plan FILE [--format table|json] [--yes QUESTION] [--no QUESTION] [--date YYYY-MM-DD]
    python -m core report FILE [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--lang zh-TW|en]
    python -m core template OUT.xlsx [--lang zh-TW|en]
    python -m core batch FOLDER --out DIR
    python -m core factors [--year 2024] [--unconfirmed]
    python -m core schema
    python -m core export FILE [--cbam OUT] [--moenv OUT] [--vsme OUT] [--lang zh-TW|en]   (OUT: .xlsx or .json)

FILE is a checkup file (YAML or JSON) or a filled offline template (.xlsx).
Bad input prints a message in Traditional Chinese and English naming the
field and exits with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import Any, Sequence

from . import reports
from ._version import __version__
from .advice import advise
from .inventory.calc import compute
from .inventory.format import SPREADSHEET_SUFFIXES, json_schema, load, parse_checkup, to_data
from .errors import CheckupError, ExportProblem
from .formatting import number
from .inventory.factors import FUEL_SETS, GWP_BASES, load_factor_set, tables, unconfirmed_rows
from .i18n import DEFAULT_LANG, LANGS, t
from .inventory.models import Checkup
from .inventory.result import Flag, Result
from .vocab import FUEL_USES

EXIT_INPUT = 2
EXIT_BUG = 3


def read_input(path: str) -> Checkup:
    """A checkup from a YAML/JSON checkup file or a filled offline template (.xlsx)."""
    if Path(path).suffix.lower() not in SPREADSHEET_SUFFIXES:
        return load(path)  # what load_any does for it too, without loading the spreadsheet library
    from .reports.template import load_any

    return load_any(path)


def _with_options(checkup: Checkup, args: argparse.Namespace) -> Checkup:
    opts = checkup.options.model_dump(exclude_none=True)
    if getattr(args, "gwp", None):
        opts["gwp"] = args.gwp
    if getattr(args, "factor_set", None):
        opts["fuel_factor_set"] = args.factor_set
    if opts == checkup.options.model_dump(exclude_none=True):
        return checkup
    return parse_checkup({**to_data(checkup), "options": opts})


def result_json(result: Result) -> dict[str, Any]:
    data = result.model_dump(mode="json")
    data["lines"] = [
        {k: ln[k] for k in ("source", "input", "scope", "gas", "activity", "unit", "factor", "factor_unit", "gwp",
                            "factor_source", "factor_year", "tco2e", "counted", "estimate", "working", "name")}
        for ln in data["lines"]
    ]
    return data


def result_table(result: Result, lang: str) -> str:
    rows = [(t("cli.col_source", lang), t("cli.col_scope", lang), t("cli.col_gas", lang),
             t("cli.col_activity", lang), t("cli.col_factor", lang), "GWP", "tCO2e")]
    for ln in result.lines:
        label = t(ln.label_key, lang)
        if ln.name and ln.category != "refrigerant":
            label += f" ({ln.name})"
        if ln.category == "refrigerant":
            label += f" {ln.gas}"
        if not ln.counted:
            label += " *"
        rows.append((label, str(ln.scope), ln.gas, f"{number(ln.activity, 2, lang)} {ln.unit}",
                     f"{ln.factor:.6g} {ln.factor_unit}", f"{ln.gwp:g}", number(ln.tco2e, 4, lang)))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        cells = [_pad(c, widths[i], right=i >= 3) for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append("")
    out.append(t("cli.year_line", lang, year=result.year, gwp=result.gwp_basis, fuel_set=result.fuel_factor_set,
                 elec_year=result.electricity_factor_year or "-"))
    out.append(t("cli.scope1", lang, value=number(result.scope1_tco2e, 3, lang)))
    out.append(t("cli.scope2", lang, value=number(result.scope2_tco2e, 3, lang)))
    out.append(t("cli.total", lang, value=number(result.total_tco2e, 3, lang)))
    if result.scope2_market_tco2e is not None and abs(result.scope2_market_tco2e - result.scope2_tco2e) > 1e-9:
        out.append(t("cli.scope2_market", lang, value=number(result.scope2_market_tco2e, 3, lang)))
    if result.reported_apart_tco2e:
        out.append(t("cli.apart", lang, value=number(result.reported_apart_tco2e, 3, lang)))
    for key, value in result.intensities.items():
        out.append(t(f"cli.intensity.{key}", lang, value=number(value, 3, lang)))
    if result.flags:
        out.append("")
        out.append(t("cli.flags", lang))
        for f in result.flags:
            out.append("  - " + f.text(lang))
    return "\n".join(out)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(s))
    return gap + s if right else s + gap


# --------------------------------------------------------------------------- commands


def cmd_checkup(args: argparse.Namespace) -> int:
    checkup = _with_options(read_input(args.file), args)
    result = compute(checkup)
    if args.format == "json":
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print(result_table(result, args.lang))
    return 0


def cmd_advise(args: argparse.Namespace) -> int:
    checkup = read_input(args.file)
    result = compute(checkup)
    on = dt.date.fromisoformat(args.date) if args.date else None
    print(json.dumps(advise(checkup, result, args.lang, on), ensure_ascii=False, indent=2, default=str))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """The action plan: the same one the plan page, the PDF and the batch reports show (core.advice.plan)."""
    checkup = read_input(args.file)
    result = compute(checkup)
    on = dt.date.fromisoformat(args.date) if args.date else None
    answers = {q: True for q in args.yes or []} | {q: False for q in args.no or []}
    advice = advise(checkup, result, args.lang, on, answers)
    data = advice["plan"]
    money = _money(checkup, result, advice)
    if args.format == "json":
        print(json.dumps({**data, "money": money}, ensure_ascii=False, indent=2, default=str))
    else:
        print(plan_table(data, args.lang))
        print()
        print(money_text(money, args.lang))
    return 0


def _money(checkup: Checkup, result: Result, advice: dict[str, Any]) -> dict[str, Any]:
    """The carbon fee against its threshold, and what CBAM costs the firm's EU importers year by year."""
    from .exports.cost import cbam_cost

    fee = advice["obligations"]["carbon_fee"]
    try:
        cost = cbam_cost(checkup, result)
    except CheckupError:
        cost = None
    return {
        "total_tco2e": result.total_tco2e,
        "carbon_fee": {k: fee[k] for k in ("threshold_tco2e", "applies", "rate_general_ntd", "rate_preferential_a_ntd",
                                           "rate_preferential_b_ntd", "fee_general_ntd", "fee_preferential_a_ntd",
                                           "fee_preferential_b_ntd")},
        "cbam": None if cost is None else cost.model_dump(mode="json"),
    }


def money_text(money: dict[str, Any], lang: str) -> str:
    fee, total = money["carbon_fee"], money["total_tco2e"] or 0.0
    line = fee["threshold_tco2e"]
    out = [t("plan.money.title", lang).replace("₂", "2")]
    if fee["applies"]:
        out.append(t("plan.money.fee_applies", lang, total=f"{total:,.0f}", line=f"{line:,.0f}", rate=fee["rate_general_ntd"],
                     fee=f"{fee['fee_general_ntd']:,.0f}"))
    else:
        out.append(t("plan.money.fee_below", lang, total=f"{total:,.1f}", line=f"{line:,.0f}", share=f"{total / line:.1%}"))
    cost = money["cbam"]
    if cost is None:
        out.append(t("plan.money.cbam_none", lang))
        return "\n".join(out)
    g = cost["goods"][0]
    out.append(t("plan.money.cbam_intro", lang, actual=f"{g['embedded_actual']:.3f}",
                 default="–" if g["default_value"] is None else f"{g['default_value']:.3f}"))
    over = t("plan.money.cbam_over" if cost["over_de_minimis"] else "plan.money.cbam_under", lang)
    out.append(t("plan.money.cbam_threshold", lang, t=f"{cost['de_minimis_t']:g}", eu=f"{cost['eu_tonnes_total']:,.0f}", over=over))
    rows = [tuple(t(f"plan.money.col_{c}", lang) for c in ("year", "actual", "default", "saved"))]
    for r in cost["totals"]:
        rows.append((str(r["year"]), f"{r['cost_actual_ntd']:,.0f}",
                     "-" if r["cost_default_ntd"] is None else f"{r['cost_default_ntd']:,.0f}",
                     "-" if r["saved_by_actual_ntd"] is None else f"{r['saved_by_actual_ntd']:,.0f}"))
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    for n, r in enumerate(rows):
        out.append("  ".join(_pad(c, widths[i], right=i >= 1) for i, c in enumerate(r)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append(t("plan.money.table_caption", lang, period=cost["price_period"], price=f"{cost['price_eur']:g}",
                 published=cost["price_published"]) + " " + t("plan.money.caveat", lang))
    return "\n".join(out)


def plan_table(data: dict[str, Any], lang: str) -> str:
    """The plan as a text table, then each action's payback, subsidy, who to call and deadline."""
    out = [t("plan.cli.head", lang, year=data["year"], on=data["on"]), ""]
    if not data["actions"]:
        out.append(t("plan.cli.none", lang))
        return "\n".join(out)

    def span(r: dict[str, Any] | None, digits: int = 0) -> str:
        if not r or r.get("low") is None or r.get("high") is None:
            return "-" if not r or r.get("central") is None else number(r["central"], digits, lang)
        low, high = number(r["low"], digits, lang), number(r["high"], digits, lang)
        return low if low == high else f"{low}–{high}"

    rows = [tuple(t(f"plan.page.col_{c}", lang) for c in ("rank", "action", "ntd", "tco2e", "investment", "payback"))]
    for a in data["actions"]:
        inv = "0" if a["group"] == "free" else span({"low": a["investment_low"], "high": a["investment_high"],
                                                     "central": a["investment_low"]})
        pb = a["payback_before"] or {}
        payback = t("plan.page.now", lang) if a["group"] == "free" else ("-" if pb.get("central") is None else number(pb["central"], 1, lang))
        if a["subsidy"] and a["payback_after"]:
            payback += f" → {number(a['payback_after']['central'], 1, lang)}" + ("*" if a["subsidy"]["conditional"] else "")
        rows.append((str(a["rank"]), a["name"], span(a["saving_ntd"]), span(a["saving_tco2e"], 2) if a["carbon_saving"] else "-",
                     inv, payback))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        out.append("  ".join(_pad(c, widths[i], right=i >= 2) for i, c in enumerate(r)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append("")
    for a in data["actions"]:
        out.append(f"{a['rank']}. {a['action']}")
        for line in (a["saving_text"], a["payback_text"], a["subsidy"] and t("plan.cli.subsidy", lang, text=a["subsidy"]["text"])):
            if line:
                out.append(f"   {line}")
        out.append("   " + a["call_text"])
        if a["deadline"]:
            out.append("   " + t("plan.cli.deadline", lang, date=a["deadline"]))
    out.append("")
    out.append(data["rule"])
    return "\n".join(out)


def cmd_report(args: argparse.Namespace) -> int:
    checkup = read_input(args.file)
    result = compute(checkup)
    advice = advise(checkup, result, args.lang)
    if not args.pdf and not args.xlsx:
        raise CheckupError("report_nothing_to_do")
    if args.pdf:
        Path(args.pdf).write_bytes(
            reports.build_pdf(
                checkup, result, advice.get("measures"), advice.get("programmes"), lang=args.lang,
                measures_total=advice.get("measures_total"), plan=advice.get("plan"),
            )
        )
    if args.xlsx:
        Path(args.xlsx).write_bytes(reports.build_workbook(checkup, result, lang=args.lang))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from .reports.template import build_template

    Path(args.out).write_bytes(build_template(args.lang))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .reports.batch import batch

    bar = tqdm(unit=t("cli.batch_unit", args.lang), file=sys.stderr, disable=None, dynamic_ncols=True)  # a terminal only

    def progress(n: int, total: int, item) -> None:  # noqa: ANN001 - a BatchItem
        bar.total = total
        mark = "✓" if item.ok else "–" if item.skipped else "✗"
        bar.write(f"{mark} {item.file}" + ("" if item.ok else f"  {item.error}"), file=sys.stdout)
        bar.update(1)

    with bar:
        done = batch(Path(args.folder), Path(args.out), lang=args.lang, workers=args.workers, progress=progress)
    print(t("cli.batch_done", args.lang, ok=done.ok, failed=done.failed, summary=done.summary))
    print(t("cli.batch_time", args.lang, seconds=f"{done.seconds:,.1f}", workers=done.workers,
            per_file=f"{done.seconds / max(1, len(done.items)):.2f}"))
    return 0 if done.failed == 0 else EXIT_INPUT


def cmd_factors(args: argparse.Namespace) -> int:
    if args.unconfirmed:
        return _unconfirmed(args.lang)
    fs = load_factor_set(args.year, args.factor_set, args.gwp)
    elec = fs.electricity()
    rows = [("electricity", "kWh", elec["value"], f"kgCO2e/kWh ({elec['year']})")]
    for fuel, meta in tables()["fuels"].items():
        for unit in fs.fuel_units(fuel):
            for use in FUEL_USES:
                if use == "vehicle" and meta["vehicle"] != "yes":
                    continue
                try:
                    rows.append((f"{fuel} ({use})", unit, fs.fuel_kgco2e_per_unit(fuel, unit, use), f"kgCO2e/{unit}"))
                except CheckupError:
                    continue
    print(t("cli.factors_head", args.lang, year=args.year, gwp=fs.gwp_basis, fuel_set=fs.fuel_set))
    for name, unit, value, label in rows:
        print(f"  {name:28s} {value:12.6f} {label}")
    for sub in (dict(s) for s in fs.substitutions):
        print("  * " + Flag(code=sub.pop("code"), params=sub).text(args.lang))
    return 0


def _unconfirmed(lang: str) -> int:
    """Every data row not yet confirmed against an official text, with what is known and where it was seen."""
    rows = unconfirmed_rows()
    print(t("cli.unconfirmed_head", lang, count=len(rows)))
    table = None
    for r in rows:
        if r["table"] != table:
            table = r["table"]
            print(f"data/factors/{table}")
        print(f"  {r['row']:36s} {r['value']} {r['unit']}".rstrip())
        print(f"      {t('cli.unconfirmed_source', lang)}{r['source']}")
        if r["seen_in"]:
            print(f"      {t('cli.unconfirmed_seen', lang)}{r['seen_in']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The formats customers ask for (CBAM supplier data, MOENV inventory tables, VSME B3), as xlsx or JSON."""
    from . import exports  # openpyxl with it

    wanted = [(kind, Path(out)) for kind in ("cbam", "moenv", "vsme") if (out := getattr(args, kind))]
    if not wanted:
        raise ExportProblem("cli_no_format")
    for _, out in wanted:
        if out.suffix.lower() not in (".xlsx", ".json"):
            raise ExportProblem("cli_bad_suffix", path=str(out))
    checkup = read_input(args.file)
    result = compute(checkup)
    documents = [(exports.FORMATS[kind](checkup, result), out) for kind, out in wanted]  # every format checked first
    for doc, out in documents:
        data = exports.build_workbook(doc, args.lang) if out.suffix.lower() == ".xlsx" else exports.to_json(doc).encode("utf-8")
        out.write_bytes(data)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.of != "checkup":
        from . import exports

        print(json.dumps(exports.json_schema(args.of), ensure_ascii=False, indent=2))
        return 0
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command. Given the arguments about to be parsed, it leaves out the staff, backup and
    restore commands (which load SQLAlchemy and Argon2) unless they may ask for one, so that a checkup on the
    command line starts quickly."""
    parser = argparse.ArgumentParser(prog="python -m core", description="Carbon Checkup (工廠碳健診) engine")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True)

    def lang_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)

    def factor_args(p: argparse.ArgumentParser) -> None:  # another GWP basis or fuel factor set than the year's
        p.add_argument("--gwp", choices=GWP_BASES)
        p.add_argument("--factor-set", choices=FUEL_SETS)

    p = sub.add_parser("checkup", help="compute emissions from a checkup file")
    p.add_argument("file")
    p.add_argument("--format", choices=("json", "table"), default="table")
    factor_args(p)
    lang_arg(p)
    p.set_defaults(func=cmd_checkup)

    p = sub.add_parser("advise", help="measures and matching government programmes")
    p.add_argument("file")
    p.add_argument("--format", choices=("json",), default="json")
    p.add_argument("--date", help="judge programme status at this date (YYYY-MM-DD); default today")
    lang_arg(p)
    p.set_defaults(func=cmd_advise)

    p = sub.add_parser("plan", help="the action plan: five to eight actions, ranked, with payback and who to call")
    p.add_argument("file")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--date", help="judge programme status at this date (YYYY-MM-DD); default today")
    p.add_argument("--yes", action="append", metavar="QUESTION", help="answer a programme question yes (repeatable)")
    p.add_argument("--no", action="append", metavar="QUESTION", help="answer a programme question no (repeatable)")
    lang_arg(p)
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("report", help="write the PDF report and/or the inventory workbook")
    p.add_argument("file")
    p.add_argument("--pdf")
    p.add_argument("--xlsx")
    lang_arg(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("template", help="write the empty offline Excel template")
    p.add_argument("out")
    lang_arg(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("batch", help="one report per file in a folder, plus a summary workbook")
    p.add_argument("folder")
    p.add_argument("--out", required=True)
    p.add_argument("--workers", type=int, help="processes making the reports (default: one per core)")
    lang_arg(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("factors", help="show the factors of an inventory year, or the rows not yet confirmed")
    p.add_argument("--year", type=int, default=dt.date.today().year - 1)
    p.add_argument("--unconfirmed", action="store_true", help="list every data row not yet confirmed against an official text")
    factor_args(p)
    lang_arg(p)
    p.set_defaults(func=cmd_factors)

    p = sub.add_parser("export", help="CBAM supplier data, MOENV inventory tables or VSME B3, as .xlsx or .json")
    p.add_argument("file")
    p.add_argument("--cbam", metavar="OUT", help="the installation's CBAM data for EU importers")
    p.add_argument("--moenv", metavar="OUT", help="MOENV's inventory tables (清冊) with their codes")
    p.add_argument("--vsme", metavar="OUT", help="EFRAG VSME B3: energy and greenhouse gases")
    lang_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="print the JSON Schema of the checkup file (or of an export)")
    p.add_argument("--of", choices=("checkup", "cbam", "moenv", "vsme"), default="checkup")
    p.set_defaults(func=cmd_schema)

    light = set(sub.choices)
    given = None if argv is None else list(argv)
    first = None if given is None else next((a for a in given if not a.startswith("-")), None)
    if given is None or (first not in light and "--version" not in given):
        # an account command, --help, or a mistake (whose message lists every command)
        from .accounts.cli import add_commands

        add_commands(sub)  # staff accounts, backup and restore
    return parser


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both of the first two
        pass  # stdout is not a real file (a test's capture): nothing will flush it at exit


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        # whoever read the output stopped (`… | head`): stop quietly, as other command-line tools do
        _silence_stdout()
        return 0
    except CheckupError as err:
        # Both languages: the person at the terminal may read either.
        print(err.message("zh-TW"), file=sys.stderr)
        print(err.message("en"), file=sys.stderr)
        return EXIT_INPUT
    except Exception:  # noqa: BLE001 - last line of defence: no traceback for users
        if args.debug:
            raise
        print(t("cli.unexpected", "zh-TW"), file=sys.stderr)
        print(t("cli.unexpected", "en"), file=sys.stderr)
        return EXIT_BUG
