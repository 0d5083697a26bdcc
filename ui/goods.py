"""The company step's EU question: does the firm sell to the EU, which CBAM goods (in the owner's words, CN code
shown), and how much of each it makes a year (tonnes, or pieces × the mass of one piece)."""

from __future__ import annotations

import streamlit as st

from core.inventory.goods import good_label, goods

from . import state
from . import widgets as w
from .i18n import bound, lang, t

MODES = ("tonnes", "pieces")


def _label(good: str) -> str:
    return good_label(good, lang())


def _rows() -> list[dict]:
    return state.list_of("goods")


def _eu_toggled() -> None:
    data = state.checkup()
    if st.session_state.get("w._eu_on"):
        stash = st.session_state.pop("_goods_stash", None)
        if stash:
            data["goods"] = stash
    else:
        if data.get("goods"):
            st.session_state["_goods_stash"] = data.pop("goods")
        state.clear_widgets("goods")


def _chosen() -> None:
    """The multiselect changed: keep the rows of goods still chosen (with what was typed), add the new ones."""
    picked = list(st.session_state.get("w._eu_goods") or [])
    data = state.checkup()
    old = {row.get("good"): row for row in _rows()}
    rows = [old.get(g) or {"good": g, "cn_code": goods()[g]["cn_code"]} for g in picked]
    if rows:
        data["goods"] = rows
    else:
        data.pop("goods", None)
    st.session_state["_good_modes"] = {}
    state.clear_widgets("goods")


def _mode(i: int, row: dict) -> str:
    if "pieces" in row or "piece_g" in row:
        return "pieces"
    if "tonnes" in row:
        return "tonnes"
    return st.session_state.get("_good_modes", {}).get(i, "tonnes")


def _mode_changed(i: int) -> None:
    mode = st.session_state.get(f"w._good_mode[{i}]") or "tonnes"
    st.session_state.setdefault("_good_modes", {})[i] = mode
    row = _rows()[i]
    for key in (("pieces", "piece_g") if mode == "tonnes" else ("tonnes",)):
        row.pop(key, None)
    state.clear_widgets(f"goods[{i}].")


def eu_goods(spots: w.ErrorSpots) -> None:
    """The EU question and, for each good chosen, its yearly production."""
    st.subheader(t("checkup.company.eu.title"), anchor=False)
    rows = _rows()
    on = bool(rows) or bool(state.get("company.eu_exports"))
    st.toggle(t("checkup.company.eu.sells"), **({} if "w._eu_on" in st.session_state else {"value": on}), key="w._eu_on",
              on_change=_eu_toggled, help=t("checkup.company.eu.sells_help"))
    if not st.session_state.get("w._eu_on", on):
        return
    options = list(goods())
    picked = [r.get("good") for r in rows if r.get("good") in options]
    st.multiselect(t("checkup.company.eu.goods"), options, **({} if "w._eu_goods" in st.session_state else {"default": picked}),
                   format_func=bound(_label), key="w._eu_goods", on_change=_chosen, help=t("checkup.company.eu.goods_help"),
                   placeholder=t("checkup.company.eu.goods_ph"))
    if not rows:
        st.caption(t("checkup.company.eu.none_chosen"))
    for i, row in enumerate(rows):
        with st.container(border=True):
            st.markdown(t("checkup.company.eu.row_title", good=_label(str(row.get("good")))))
            mode = _mode(i, row)
            st.radio(t("checkup.company.eu.mode"), list(MODES), **({} if f"w._good_mode[{i}]" in st.session_state else {"index": MODES.index(mode)}),
                     format_func=bound(lambda m: t(f"checkup.company.eu.mode_{m}")), key=f"w._good_mode[{i}]", horizontal=True,
                     on_change=_mode_changed, args=(i,), help=t("checkup.company.eu.mode_help"))
            c1, c2, c3 = st.columns(3)
            if mode == "tonnes":
                w.number(f"goods[{i}].tonnes", t("checkup.company.eu.tonnes"), t("checkup.company.eu.tonnes_help"), spots,
                         placeholder=t("checkup.company.eu.tonnes_ph"), container=c1)
            else:
                w.number(f"goods[{i}].pieces", t("checkup.company.eu.pieces"), t("checkup.company.eu.pieces_help"), spots,
                         integer=True, placeholder=t("checkup.company.eu.pieces_ph"), container=c1)
                w.number(f"goods[{i}].piece_g", t("checkup.company.eu.piece_g"), t("checkup.company.eu.piece_g_help"), spots,
                         placeholder=t("checkup.company.eu.piece_g_ph"), container=c2)
            w.number(f"goods[{i}].eu_tonnes", t("checkup.company.eu.eu_tonnes"), t("checkup.company.eu.eu_tonnes_help"), spots,
                     container=c3)
            spots.at(f"goods[{i}]")
            spots.rest(f"goods[{i}]")
    spots.rest("goods")
