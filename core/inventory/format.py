"""Reading and writing checkup files (YAML or JSON, format ``checkup/1``).

Untrusted input: files are size-capped, read within bounds (``untrusted``: no YAML
aliases, bounded depth and size, no key given twice) and every problem becomes a
``CheckupError`` naming the field, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import CheckupError, FileFormatError, InputError, ValidationErrors
from ..i18n import has
from . import untrusted
from .models import FORMAT_ID, Checkup

MAX_FILE_BYTES = 2 * 1024 * 1024  # a checkup file is a few KB; anything this large is not one
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")  # not a checkup file: a filled offline template (core.reports.template)

# pydantic's error types → our catalogue codes (errors.toml)
_PYDANTIC_CODES = {
    "missing": "required",
    "greater_than_equal": "negative",
    "greater_than": "must_be_positive",
    "less_than_equal": "too_large",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "int_parsing": "not_a_number",
    "int_type": "not_a_number",
    "int_from_float": "not_whole_number",
    "finite_number": "not_finite",
    "int_parsing_size": "not_finite",
    "literal_error": "not_one_of",
    "extra_forbidden": "unknown_field",
    "string_pattern_mismatch": "bad_code",
    "string_too_long": "too_long",
    "string_too_short": "required",
    "string_type": "not_text",
    "bool_parsing": "not_yes_no",
    "bool_type": "not_yes_no",
    "date_from_datetime_parsing": "not_a_date",
    "date_parsing": "not_a_date",
    "date_type": "not_a_date",
    "date_from_datetime_inexact": "not_a_date",
    "too_short": "wrong_length",
    "too_long": "wrong_length",
    "list_type": "not_a_list",
    "model_type": "wrong_shape",
    "dict_type": "wrong_shape",
}


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[_one_way()]",) or str(part).startswith("function-"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out.replace("from_", "from")


# a value left blank (None) where a typed value is needed: "required", never "you entered None"
_BLANK_MEANS_REQUIRED = {"not_a_number", "not_whole_number", "not_text", "not_yes_no", "not_a_date", "not_a_list",
                         "wrong_shape"}


def _shown(value: Any) -> str:
    """What the user typed, short: a group of fields or a list is shown as such, never as its contents."""
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, (list, tuple)):
        return "[…]"
    return str(value)[:60]


def translate_validation_error(exc: ValidationError) -> CheckupError:
    """One ``CheckupError`` (or a ``ValidationErrors`` of several) from pydantic's report."""
    errors: list[CheckupError] = []
    for e in exc.errors(include_url=False):
        kind = e["type"]
        code = _PYDANTIC_CODES.get(kind, kind)
        ctx = dict(e.get("ctx") or {})
        params: dict[str, Any] = {}
        path = _path(e["loc"])
        if code == "negative" and ctx.get("ge", 0) != 0:  # count: 0 where at least 1 is needed is not negative
            code, ctx = "too_small", {"min": ctx["ge"]}
        if code in _BLANK_MEANS_REQUIRED and e.get("input", "") is None:
            code = "required"
        if code == "unknown_field":  # name the key itself, whatever its value is
            params["value"] = path.rpartition(".")[2] or path
        elif code == "not_one_of":
            params["allowed"] = ctx.get("expected", "")
        elif code == "too_large":
            params["max"] = ctx.get("le", ctx.get("max", ""))
        elif code == "wrong_length":
            params["length"] = ctx.get("min_length", ctx.get("max_length", ""))
        elif kind in ("too_long", "too_short"):
            params["length"] = ctx.get("min_length", "")
        else:
            params.update({k: v for k, v in ctx.items() if isinstance(v, (int, float, str))})
        if "input" in e and e["input"] is not None:
            params.setdefault("value", _shown(e["input"]))
        if not _has_message(code):
            code = "invalid_value"  # a pydantic check without its own message: still a clear, located one
        errors.append(InputError(code, path or None, **params))
    return errors[0] if len(errors) == 1 else ValidationErrors(errors)


def _has_message(code: str) -> bool:
    return has(f"errors.{code}")


def parse_checkup(data: Any) -> Checkup:
    """A validated ``Checkup`` from plain data (a dict as read from YAML/JSON or built by the UI)."""
    if not isinstance(data, dict):
        raise FileFormatError("not_a_checkup")
    fmt = data.get("format", FORMAT_ID)
    if fmt != FORMAT_ID:
        raise FileFormatError("wrong_format", "format", value=str(fmt)[:40], expected=FORMAT_ID)
    try:
        return Checkup.model_validate(data)
    except ValidationError as exc:
        raise translate_validation_error(exc) from None


def loads(text: str | bytes, name: str = "") -> Checkup:
    """Parse the text of a checkup file: JSON when ``name`` ends in .json, else YAML."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise FileFormatError("file_too_large", None, max_kb=MAX_FILE_BYTES // 1024)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileFormatError("not_utf8") from None
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError("file_too_large", None, max_kb=MAX_FILE_BYTES // 1024)
    data = untrusted.parse(text, name)
    if data is None:
        raise FileFormatError("file_empty")
    return parse_checkup(data)


def read_capped(path: str | Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a file, or ``FileFormatError`` (missing, a folder, a device, larger)."""
    p = Path(path)
    if p.exists() and not p.is_file():  # a folder, /dev/zero, a pipe: nothing that ends
        raise FileFormatError("not_a_file", None, path=str(p))
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        raise FileFormatError("file_not_found", None, path=str(p)) from None
    if len(data) > limit:
        raise FileFormatError("file_too_large", None, max_kb=limit // 1024)
    return data


def load(path: str | Path) -> Checkup:
    """Read a checkup file from disk."""
    return loads(read_capped(path, MAX_FILE_BYTES), Path(path).name)


def to_data(checkup: Checkup) -> dict[str, Any]:
    """The checkup as plain data in file form (defaults left out, so files stay short)."""
    return checkup.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True) | {
        "format": FORMAT_ID,
        "year": checkup.year,
    }


def dumps(checkup: Checkup, fmt: str = "yaml") -> str:
    data = to_data(checkup)
    ordered = {"format": data.pop("format"), "year": data.pop("year"), **data}
    if fmt == "json":
        return json.dumps(ordered, ensure_ascii=False, indent=2)
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of format ``checkup/1``, generated from the models."""
    schema = Checkup.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://carbon-checkup.tw/schema/checkup-1.schema.json"
    schema["title"] = "Carbon Checkup file, format checkup/1"
    return schema
