"""Next year's checkup in the app: every row carried over by core's rule, last year's figures beside the blanks."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.inventory.carryover import blank_rows, next_year

from . import state


def start(data: dict[str, Any]) -> dict[str, Any]:
    """Put next year's copy of ``data`` in place and return it; the blanks are not red before they are filled."""
    carried = next_year(data)
    state.replace_checkup(carried.data)
    st.session_state[state.LAST_YEAR] = carried.last_year
    for row in blank_rows(carried):
        state.mark_fresh(row)
    modes = st.session_state.setdefault("_ref_modes", {})
    for path in carried.last_year:  # a top-up row stays a top-up row, its amount blank
        if path.startswith("refrigerants[") and path.endswith(".recharged_kg"):
            modes[int(path[len("refrigerants["):].split("]")[0])] = "recharge"
    return carried.data


def last_year(path: str) -> Any:
    """Last year's value of a field next year's copy left blank (None when there is none)."""
    return (st.session_state.get(state.LAST_YEAR) or {}).get(path)
