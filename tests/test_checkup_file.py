"""The checkup file: format, schema, and clear messages for bad input."""

import json
from pathlib import Path

import jsonschema
import pytest

import core
from core.inventory.format import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[1]


def base(**extra):
    return {"format": "checkup/1", "year": 2024, **extra}


def error_of(data) -> core.CheckupError:
    with pytest.raises(core.CheckupError) as err:
        core.compute(core.parse_checkup(data))
    return err.value


def test_committed_schema_is_the_generated_one():
    committed = json.loads((ROOT / "schema" / "checkup-1.schema.json").read_text(encoding="utf-8"))
    assert committed == core.json_schema(), "run: python -m core schema > schema/checkup-1.schema.json"


def test_example_file_is_valid_against_the_json_schema():
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "screws.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, core.json_schema())


def test_docs_example_keys_are_accepted():
    text = (ROOT / "docs" / "checkup-format.md").read_text(encoding="utf-8")
    block = text.split("```yaml", 1)[1].split("```", 1)[0]
    core.compute(core.loads(block))


def test_round_trip_yaml_and_json():
    c = core.load(ROOT / "examples" / "screws.yaml")
    for fmt in ("yaml", "json"):
        again = core.loads(core.dumps(c, fmt), f"x.{fmt}")
        assert again == c


@pytest.mark.parametrize(
    "data, code, field",
    [
        (base(electricity={"kwh": -5}), "negative", "electricity.kwh"),
        (base(electricity={"kwh": "abc"}), "not_a_number", "electricity.kwh"),
        (base(electricity={"kwh": float("nan")}), "not_a_number", "electricity.kwh"),
        (base(electricity={"kwh": 5e12}), "too_large", "electricity"),
        (base(fuels=[{"fuel": "diesel", "amount": 1, "unit": "gallon"}]), "unknown_unit", "fuels[0].unit"),
        (base(fuels=[{"fuel": "diesel", "amount": 1, "unit": "kWh"}]), "unit_wrong_kind", "fuels[0].unit"),
        (base(fuels=[{"fuel": "diesel", "amount": 1}]), "required", "fuels[0].unit"),
        (base(fuels=[{"fuel": "whale_oil", "amount": 1, "unit": "L"}]), "unknown_fuel", "fuels[0].fuel"),
        (base(refrigerants=[{"refrigerant": "R-999", "recharged_kg": 1}]), "unknown_refrigerant", "refrigerants[0].refrigerant"),
        (base(refrigerants=[{"refrigerant": "R-32", "charge_kg": 1}]), "equipment_required", "refrigerants[0].equipment"),
        ({"format": "checkup/1", "year": 2004}, "year_range", "year"),
        ({"format": "checkup/1", "year": 2999}, "year_range", "year"),
        (base(company={"industry": "A1"}), "bad_code", "company.industry"),
        (base(company={"park": "moon_base"}), "not_one_of", "company.park"),
        (base(electricity={"kwh": 1, "monthly_kwh": [1] * 12}), "choose_one", "electricity"),
        (base(electricity={"monthly_kwh": [1] * 11}), "wrong_length", "electricity.monthly_kwh"),
        (base(elctricity={"kwh": 1}), "unknown_field", "elctricity"),
        ({"format": "checkup/9", "year": 2024}, "wrong_format", "format"),
    ],
)
def test_bad_input_names_the_field_in_both_languages(data, code, field):
    err = error_of(data)
    assert err.code == code
    assert err.field == field
    zh, en = err.message("zh-TW"), err.message("en")
    assert zh != en and "…" not in zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en)


def test_thousands_separators_and_fullwidth_digits_are_read():
    c = core.parse_checkup(base(electricity={"kwh": "１５０,０００"}))
    assert c.electricity.kwh == 150000


def test_several_bad_fields_are_listed_together():
    with pytest.raises(core.ValidationErrors) as err:
        core.parse_checkup(base(electricity={"kwh": -1}, company={"employees": "many"}))
    assert {e.field for e in err.value.errors} == {"electricity.kwh", "company.employees"}
    assert err.value.message("zh-TW").count("\n") == 1


def test_broken_and_hostile_files():
    with pytest.raises(core.FileFormatError) as err:
        core.loads("year: [2024\n")
    assert err.value.code == "file_unreadable"
    with pytest.raises(core.FileFormatError) as err:
        core.loads(b"\xff\xfe\x00bad")
    assert err.value.code == "not_utf8"
    with pytest.raises(core.FileFormatError) as err:
        core.loads(b"a" * (MAX_FILE_BYTES + 1))
    assert err.value.code == "file_too_large"
    with pytest.raises(core.FileFormatError) as err:
        core.loads("- just\n- a list\n")
    assert err.value.code == "not_a_checkup"
    with pytest.raises(core.FileFormatError):
        core.loads("!!python/object/apply:os.system ['echo hacked']")
    with pytest.raises(core.FileFormatError) as err:
        core.loads("")
    assert err.value.code == "file_empty"
