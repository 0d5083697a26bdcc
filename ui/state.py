"""The model state: the checkup being entered, kept apart from widget keys.

``st.session_state["checkup"]`` holds the checkup as a plain dict in the
checkup-file format (what ``core.to_data`` gives). Widgets get throw-away keys
(``w.<path>``), are seeded from the model and copy their value back in an
``on_change`` callback, so leaving a page or a step (which deletes the widget
keys) never loses what was entered. Paths are core's field paths, such as
``fuels[1].amount``, so an error from core lands at the widget it names.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import streamlit as st

from core.formatting import number
from core.inventory.reading import parse_amount, parse_date, roc
from core.vocab import FORMAT_ID as FORMAT

from .i18n import lang

WIDGET_PREFIX = "w."
FRESH = "_fresh_rows"  # rows just added and not typed in yet: their blanks are not shown as errors
LAST_YEAR = "_last_year"  # field path → last year's value beside a field next year's copy left blank (ui/next_year.py)
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def default_year() -> int:
    """Last calendar year: the usual inventory year."""
    return dt.date.today().year - 1


def new_checkup() -> dict[str, Any]:
    return {"format": FORMAT, "year": default_year(), "company": {}}


def checkup() -> dict[str, Any]:
    """The current checkup (created on first use)."""
    data = st.session_state.get("checkup")
    if not isinstance(data, dict):
        data = new_checkup()
        st.session_state["checkup"] = data
    return data


def has_checkup() -> bool:
    """Whether this session has a checkup yet (pages that need one say so instead of starting a blank one)."""
    return isinstance(st.session_state.get("checkup"), dict)


def replace_checkup(data: dict[str, Any]) -> None:
    """Put a whole new checkup in place (upload, resume, start over); widgets re-seed from it."""
    st.session_state["checkup"] = copy.deepcopy(data)
    for key in (FRESH, LAST_YEAR, "_elec_stash", "_elec_method", "_ref_modes", "_ref_stash", "_septic_stash", "_goods_stash", "_good_modes",
                "_equipment_rows"):
        st.session_state.pop(key, None)
    clear_widgets()


KEEP_WIDGETS = ("w._upload", "w._resume_code")


def register(key: str, kind: str) -> None:
    """Remember what kind of value a bound widget holds, so it can be re-seeded from the model."""
    kinds = st.session_state.setdefault("_widget_kinds", {})
    kinds[key] = kind


def _widget_value(path: str, kind: str) -> Any:
    value = get(path)
    if kind == "number":
        return show_number(value)
    if kind == "text":
        return "" if value is None else str(value)
    if kind == "flag":
        return bool(value)
    if kind == "datetext":
        return show_date(value)
    if kind == "date":
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            return None
    return value


def clear_widgets(prefix: str = "") -> None:
    """Re-seed the widgets under ``prefix`` from the model (after the model changed under them).

    Deleting a widget's key is not enough: the browser would send its old value back, so
    bound widgets get the model's value written into their key (allowed in callbacks).
    """
    kinds = st.session_state.get("_widget_kinds", {})
    for key in [k for k in list(st.session_state.keys()) if str(k).startswith(WIDGET_PREFIX + prefix) and k not in KEEP_WIDGETS]:
        kind = kinds.get(key)
        path = str(key)[len(WIDGET_PREFIX):]
        if kind is None or path.startswith("_"):
            del st.session_state[key]
            continue
        value = _widget_value(path, kind)
        if kind == "select" and value is None:
            del st.session_state[key]
            continue
        st.session_state[key] = value


def split(path: str) -> list[str | int]:
    return [int(i) if i else name for name, i in _TOKEN.findall(path)]


def get(path: str, default: Any = None) -> Any:
    node: Any = checkup()
    for part in split(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return default
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
    return node


def put(path: str, value: Any) -> None:
    """Set ``path`` to ``value``; ``None`` or blank removes it (and empty optional groups)."""
    fresh = st.session_state.get(FRESH)
    if fresh:  # the owner typed in a new row: from now on its blanks are errors like any other
        fresh.difference_update({p for p in fresh if path == p or path.startswith(p + ".")})
    parts = split(path)
    node: Any = checkup()
    trail: list[tuple[Any, Any]] = []
    for part, nxt in zip(parts, parts[1:]):
        trail.append((node, part))
        if isinstance(part, int):
            node = node[part]
        else:
            if not isinstance(node.get(part), (dict, list)):
                node[part] = [] if isinstance(nxt, int) else {}
            node = node[part]
    last = parts[-1]
    blank = value is None or (isinstance(value, str) and not value.strip())
    if isinstance(last, int):
        node[last] = value
    elif blank:
        node.pop(last, None)
    else:
        node[last] = value
    # drop groups left empty (an empty "electricity" would read as "no answer given")
    for parent, key in reversed(trail):
        child = parent[key]
        if isinstance(key, str) and isinstance(child, dict) and not child and key not in ("company", "septic"):
            del parent[key]
        else:
            break


def list_of(name: str) -> list[dict[str, Any]]:
    rows = checkup().get(name)
    return rows if isinstance(rows, list) else []


def add_row(name: str, row: dict[str, Any]) -> None:
    data = checkup()
    data.setdefault(name, [])
    data[name].append(row)
    mark_fresh(f"{name}[{len(data[name]) - 1}]")


def mark_fresh(prefix: str) -> None:
    st.session_state.setdefault(FRESH, set()).add(prefix)


def is_fresh(path: str) -> bool:
    return any(path == p or path.startswith(p + ".") for p in st.session_state.get(FRESH, ()))


def remove_row(name: str, index: int) -> None:
    rows = list_of(name)
    if 0 <= index < len(rows):
        rows.pop(index)
    if not rows:
        checkup().pop(name, None)
    st.session_state.pop(FRESH, None)  # positions moved: no row counts as just added any more
    clear_widgets(name)  # row widgets are keyed by position: re-seed them from the model


def parse_number(text: Any, integer: bool = False) -> Any:
    """What a person typed → a number; text that is no number is kept as typed, for core to explain."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return int(text) if integer and float(text).is_integer() else text
    try:  # one parser for the app, the file and the template: "18萬", "180,000 度", full-width digits
        number = parse_amount(text)
    except ValueError:
        return str(text).strip()
    if isinstance(number, float) and number.is_integer() and integer:
        return int(number)
    return number


def parse_bill_date(text: Any) -> Any:
    """A typed bill date (ROC or Western year) → ISO text; text that is no date is kept as typed, for core to explain."""
    try:
        date = parse_date(text)
    except ValueError:
        return str(text).strip()
    return None if date is None else date.isoformat()


def show_number(value: Any) -> str:
    """A stored number as it is shown in a text box: with thousands separators."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return number(value, 6, fixed=False)  # 1,200 / 0.25: what the box holds reads back as the same number


def show_date(value: Any) -> str:
    """A stored ISO date as typed into a text box: as the Taipower bill prints it (115/01/05) in Chinese."""
    try:
        date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)  # kept as typed, for core to explain
    if not isinstance(date, dt.date):
        return ""
    return roc(date) if lang() == "zh-TW" else date.isoformat()


def step() -> int:
    return int(st.session_state.get("step", 0))


def set_step(n: int) -> None:
    """Go to step ``n`` of the inventory (the step switch follows)."""
    st.session_state["step"] = n
    st.session_state["_step_widget"] = n


# --------------------------------------------------------------------------- electricity method

ELEC_KEYS = {"kwh": ("kwh", "unit"), "monthly": ("monthly_kwh", "unit"), "bills": ("bills",), "ntd": ("ntd", "ntd_per_kwh")}


def elec_method() -> str:
    """How the electricity is entered: from what the model holds, else the user's last choice."""
    elec = checkup().get("electricity") or {}
    for method, key in (("monthly", "monthly_kwh"), ("bills", "bills"), ("ntd", "ntd"), ("kwh", "kwh")):
        if key in elec:
            return method
    chosen = st.session_state.get("_elec_method")
    return chosen if chosen in ELEC_KEYS else "kwh"


def switch_elec_method(new: str) -> None:
    """Change the way electricity is entered; what was typed for the other way is kept aside, not lost."""
    if new not in ELEC_KEYS:
        return
    data = checkup()
    elec = data.get("electricity") or {}
    old = elec_method()
    stash = st.session_state.setdefault("_elec_stash", {})
    if old != new:
        taken = {k: elec[k] for k in ELEC_KEYS[old] if k in elec}
        if taken:
            stash[old] = copy.deepcopy(taken)
    keep = {k: v for k, v in elec.items() if k in ("green_kwh", "rec_kwh")}
    restored = stash.get(new, {}) if old != new else {k: elec[k] for k in ELEC_KEYS[new] if k in elec}
    if new == "monthly" and "monthly_kwh" not in restored:
        restored = {**restored, "monthly_kwh": [None] * 12}
    merged = {**keep, **copy.deepcopy(restored)}
    if merged:
        data["electricity"] = merged
    else:
        data.pop("electricity", None)
    st.session_state["_elec_method"] = new
    clear_widgets("electricity")


# --------------------------------------------------------------------------- equipment rows (measures page)


def equipment_rows(system: str) -> int:
    """How many rows of a system the measures page shows: never fewer than the checkup holds (a resumed or
    uploaded checkup shows all of its machines), plus the blank rows the owner added."""
    held = len(list_of_equipment(system))
    shown = st.session_state.get("_equipment_rows", {}).get(system)
    return max(held, shown if isinstance(shown, int) else 1)


def list_of_equipment(system: str) -> list[dict[str, Any]]:
    rows = (checkup().get("equipment") or {}).get(system)
    return rows if isinstance(rows, list) else []


def add_equipment_row(system: str) -> None:
    st.session_state.setdefault("_equipment_rows", {})[system] = equipment_rows(system) + 1


def remove_equipment_row(system: str) -> None:
    """Drop the last row shown: a blank one, else the checkup's last machine of that system."""
    n = equipment_rows(system)
    if n == 0:
        return
    rows = list_of_equipment(system)
    if len(rows) >= n:
        rows.pop()
        if not rows:
            checkup()["equipment"].pop(system, None)
    st.session_state.setdefault("_equipment_rows", {})[system] = n - 1
    prefix = f"{WIDGET_PREFIX}equipment.{system}[{n - 1}]."
    for key in [k for k in list(st.session_state.keys()) if str(k).startswith(prefix)]:
        del st.session_state[key]  # the row's answers go with it (an added row starts blank)
