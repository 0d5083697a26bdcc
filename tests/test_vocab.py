"""Every fixed list of choices is declared once (core/vocab.py, or the data file it comes with) and the models,
the JSON Schema, the offline template, the pages, the command line and the docs all offer that same list."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

import core
from core import vocab
from core.advice import equipment
from core.advice.measures import measure_ids
from core.advice.programmes import MEASURE_IDS
from core.cli import build_parser
from core.i18n import has
from core.inventory import factors
from core.inventory.models import Company, Fuel, Other
from core.reports.template import choices as template_choices

from apptest_helpers import INVENTORY, start

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = core.json_schema()


def _literal(model, field: str) -> tuple:
    annotation = model.model_fields[field].annotation
    args = typing.get_args(annotation)
    literal = next((a for a in args if typing.get_origin(a) is typing.Literal), annotation)
    return typing.get_args(literal)


def _schema_enum(definition: str, field: str) -> list:
    node = SCHEMA["$defs"][definition]["properties"][field]
    options = node.get("anyOf", [node])
    return next(o["enum"] for o in options if "enum" in o)


@pytest.mark.parametrize("model, definition, field, declared", [
    (Company, "Company", "park", vocab.PARKS),
    (Company, "Company", "factory_registration", vocab.REGISTRATIONS),
    (Other, "Other", "kind", vocab.OTHER_KINDS),
    (Fuel, "Fuel", "use", vocab.FUEL_USES),
])
def test_models_and_schema_offer_the_declared_lists(model, definition, field, declared):
    assert _literal(model, field) == declared
    assert _schema_enum(definition, field) == list(declared)


def test_the_format_id_and_the_first_year():
    assert SCHEMA["properties"]["format"]["const"] == vocab.FORMAT_ID
    assert core.parse_checkup({"format": vocab.FORMAT_ID, "year": vocab.FIRST_YEAR}).year == vocab.FIRST_YEAR
    with pytest.raises(core.CheckupError):
        core.parse_checkup({"format": vocab.FORMAT_ID, "year": vocab.FIRST_YEAR - 1})
    with (ROOT / "data" / "factors" / "electricity.csv").open(encoding="utf-8") as fh:
        years = [int(m.group(1)) for line in fh if (m := re.match(r"^electricity_\d{4},(\d{4}),", line))]
    assert min(years) == vocab.FIRST_YEAR  # the first year is the first with an official electricity factor


def test_the_offline_template_offers_the_declared_lists():
    lists = template_choices()
    assert lists["park"].ids == vocab.PARKS
    assert lists["registration"].ids == vocab.REGISTRATIONS
    assert lists["other_kind"].ids == vocab.OTHER_KINDS
    assert lists["use"].ids == vocab.FUEL_USES
    assert lists["fuel"].ids == tuple(factors.fuel_ids())  # fuels come with their data file


def test_the_command_line_offers_the_languages():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["checkup"]
    assert tuple(next(a for a in sub._actions if a.dest == "lang").choices) == vocab.LANGS


def test_every_id_has_a_label_in_every_language():
    missing = [(lang, key) for lang in vocab.LANGS for key in
               [f"checkup.company.park_{p}" for p in vocab.PARKS]
               + [f"checkup.company.registration_{r}" for r in vocab.REGISTRATIONS]
               + [f"sources.other.{k}" for k in vocab.OTHER_KINDS]
               + [f"sources.use.{u}" for u in vocab.FUEL_USES]
               if not has(key, lang)]
    assert missing == []


def test_the_docs_name_every_choice():
    doc = (ROOT / "docs" / "checkup-format.md").read_text(encoding="utf-8")
    assert f"format `{vocab.FORMAT_ID}`" in doc and f"{vocab.FIRST_YEAR} to next year" in doc
    assert " | ".join(vocab.PARKS) in doc and " | ".join(vocab.REGISTRATIONS) in doc
    assert all(f"`{kind}`" in doc for kind in vocab.OTHER_KINDS)


def test_lists_built_on_other_lists_stay_inside_them():
    fuels = set(factors.fuel_ids())
    assert set(equipment.BOILER_FUELS) <= fuels
    assert set(equipment.HEAT_SOURCES) <= fuels | {"electric"}
    assert set(MEASURE_IDS) == set(measure_ids())  # the programmes' measure ids are the measure library's


def test_the_inventory_page_offers_the_declared_lists():
    at = start(INVENTORY)
    park = at.selectbox(key="w.company.park")
    assert park.options == [core.t(f"checkup.company.park_{p}", "zh-TW") for p in vocab.PARKS]
    registration = at.selectbox(key="w.company.factory_registration")
    assert registration.options[1:] == [core.t(f"checkup.company.registration_{r}", "zh-TW") for r in vocab.REGISTRATIONS]
