"""Untrusted text → plain data, within bounds: the first step of reading a checkup file.

A checkup file is a few hundred values a few levels deep. Whatever a file holds, reading it costs
at most what such a file costs, and every problem becomes a ``FileFormatError``:

- YAML anchors and aliases (``&a`` / ``*a``) are refused: they let a few hundred bytes stand for
  billions of values (the "billion laughs").
- More than ``MAX_DEPTH`` levels of nesting, or more than ``MAX_NODES`` values, are refused before
  anything is built.
- A key given twice in one mapping is refused, naming the field: the last one must not silently win.
- A value YAML cannot build (an impossible date such as 2024-02-30, an integer of thousands of
  digits) is kept as its text, so that the model names the field and what was typed.

YAML is parsed by libyaml when PyYAML has it (a pass over the events to check the bounds, then the
safe constructor); JSON by the standard library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ..errors import FileFormatError

MAX_DEPTH = 20  # a checkup file nests 5 levels (equipment › air_compressors › [0] › kw)
MAX_NODES = 20_000  # keys and values; a template with every row filled gives about 4,000
MAX_DIGITS = 50  # an integer longer than this is kept as text (the model says it is too large)

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# what YAML does not allow in a file (YAML 1.1 printable set); found here to say on which line
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """The safe loader; values it cannot build stay as the text that was written."""


def _timestamp(loader: Any, node: yaml.Node) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2024-02-30: the model says "not a date" at the field, with what was typed
        return loader.construct_scalar(node)


def _int(loader: Any, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node))
    if len(text.lstrip("+-").replace("_", "")) > MAX_DIGITS:
        return text.replace("_", "")  # the model says "too large", not Python's digit limit
    return SafeConstructor.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)


@dataclass
class _Frame:
    """A mapping or sequence being read: its path, and (mappings) its keys so far."""

    mapping: bool
    path: str
    is_key: bool = False
    index: int = 0
    expect_key: bool = True
    key: str = "?"
    keys: set[str] = field(default_factory=set)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check_events(text: str) -> None:
    """One pass over the YAML events: no anchors or aliases, bounded depth and size, no key twice."""
    stack: list[_Frame] = []
    nodes = 0
    for ev in yaml.parse(text, Loader=_BASE):
        line = ev.start_mark.line + 1 if ev.start_mark is not None else None
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise FileFormatError("file_alias", None, line=line)
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = stack.pop()
            if stack and stack[-1].mapping:
                stack[-1].expect_key = not done.is_key
            continue
        if not isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise FileFormatError("file_too_complex", None, max=MAX_NODES)
        parent = stack[-1] if stack else None
        is_key = bool(parent and parent.mapping and parent.expect_key)
        if parent is None:
            path = ""
        elif parent.mapping:
            path = parent.path if is_key else _join(parent.path, parent.key)
        else:
            path = f"{parent.path}[{parent.index}]"
            parent.index += 1
        if is_key:
            assert parent is not None
            parent.key = ev.value if isinstance(ev, yaml.ScalarEvent) else "?"
            if isinstance(ev, yaml.ScalarEvent):
                if ev.value in parent.keys:
                    raise FileFormatError("duplicate_key", _join(parent.path, ev.value), key=ev.value[:60])
                parent.keys.add(ev.value)
        if isinstance(ev, yaml.ScalarEvent):
            if parent is not None and parent.mapping:
                parent.expect_key = not is_key
            continue
        stack.append(_Frame(mapping=isinstance(ev, yaml.MappingStartEvent), path=path, is_key=is_key))
        if len(stack) > MAX_DEPTH:
            raise FileFormatError("file_too_deep", None, max=MAX_DEPTH)


def _yaml(text: str) -> Any:
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        raise FileFormatError("file_unreadable", None, line=text.count("\n", 0, bad.start()) + 1)
    try:
        _check_events(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a subclass of the safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise FileFormatError("file_unreadable", None, line=mark.line + 1 if mark is not None else 1) from None


class _Keys(dict):
    """A JSON object that remembers a key it was given twice."""

    twice: str | None = None


def _pairs(pairs: list[tuple[str, Any]]) -> _Keys:
    out = _Keys()
    for k, v in pairs:
        if k in out and out.twice is None:
            out.twice = k
        out[k] = v
    return out


def _json_int(text: str) -> Any:
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else text


def _json(text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_json_int)
    except RecursionError:
        raise FileFormatError("file_too_deep", None, max=MAX_DEPTH) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError("file_unreadable", None, line=exc.lineno) from None
    # the same bounds as YAML: depth, size, no key twice (walked without recursion)
    nodes = 0
    todo: list[tuple[Any, str, int]] = [(data, "", 0)]
    while todo:
        value, path, depth = todo.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise FileFormatError("file_too_complex", None, max=MAX_NODES)
        if depth > MAX_DEPTH:
            raise FileFormatError("file_too_deep", None, max=MAX_DEPTH)
        if isinstance(value, _Keys):
            if value.twice is not None:
                raise FileFormatError("duplicate_key", _join(path, value.twice), key=value.twice[:60])
            todo.extend((v, _join(path, k), depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            todo.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    return _plain(data)


def _plain(value: Any) -> Any:
    """``_Keys`` back to plain dicts (iteratively: depth is already bounded, but cheap either way)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def parse(text: str, name: str = "") -> Any:
    """Plain data (dicts, lists, scalars) from the text of a YAML or JSON file, or a ``FileFormatError``."""
    if name.lower().endswith(".json"):
        return _json(text)
    return _yaml(text)
