"""Reading and writing checkup files (YAML or JSON, format ``checkup/1``).

Untrusted input: files are size-capped, parsed with the safe YAML loader, and
every problem becomes a ``CheckupError`` naming the field, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import CheckupError, FileFormatError, InputError, ValidationErrors
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
    "finite_number": "not_a_number",
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


def translate_validation_error(exc: ValidationError) -> CheckupError:
    """One ``CheckupError`` (or a ``ValidationErrors`` of several) from pydantic's report."""
    errors: list[CheckupError] = []
    for e in exc.errors(include_url=False):
        kind = e["type"]
        code = _PYDANTIC_CODES.get(kind, kind)
        ctx = dict(e.get("ctx") or {})
        params: dict[str, Any] = {}
        if code == "not_one_of":
            params["allowed"] = ctx.get("expected", "")
        elif code == "too_large":
            params["max"] = ctx.get("le", ctx.get("max", ""))
        elif code == "wrong_length":
            params["length"] = ctx.get("min_length", ctx.get("max_length", ""))
        elif kind in ("too_long", "too_short"):
            params["length"] = ctx.get("min_length", "")
        else:
            params.update({k: v for k, v in ctx.items() if isinstance(v, (int, float, str))})
        if "input" in e and not isinstance(e["input"], (dict, list)):
            params.setdefault("value", str(e["input"])[:60])
        errors.append(InputError(code, _path(e["loc"]) or None, **params))
    return errors[0] if len(errors) == 1 else ValidationErrors(errors)


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
    """Parse the text of a checkup file (YAML, of which JSON is a subset)."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise FileFormatError("file_too_large", None, max_kb=MAX_FILE_BYTES // 1024)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileFormatError("not_utf8") from None
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError("file_too_large", None, max_kb=MAX_FILE_BYTES // 1024)
    try:
        data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        line = line + 1 if line is not None else getattr(exc, "lineno", "?")
        raise FileFormatError("file_unreadable", None, line=line) from None
    if data is None:
        raise FileFormatError("file_empty")
    return parse_checkup(data)


def load(path: str | Path) -> Checkup:
    """Read a checkup file from disk."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        raise FileFormatError("file_not_found", None, path=str(p)) from None
    if size > MAX_FILE_BYTES:
        raise FileFormatError("file_too_large", None, max_kb=MAX_FILE_BYTES // 1024)
    return loads(p.read_bytes(), p.name)


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
