"""The user's language (``st.session_state["ui_lang"]``) and ``t()`` bound to it."""

from __future__ import annotations

import contextvars
import re
from typing import Any, Callable

import streamlit as st

import core
from core.vocab import DEFAULT_LANG, LANGS


def init_lang() -> str:
    """Set ``ui_lang`` once per session: ``?lang=en`` in the URL, else Traditional Chinese."""
    if "ui_lang" not in st.session_state:
        wanted = str(st.query_params.get("lang", "")).lower()
        st.session_state["ui_lang"] = "en" if wanted.startswith("en") else DEFAULT_LANG
    elif st.session_state["ui_lang"] not in LANGS:
        st.session_state["ui_lang"] = DEFAULT_LANG
    return st.session_state["ui_lang"]


_FORCED: contextvars.ContextVar[str | None] = contextvars.ContextVar("forced_lang", default=None)


def lang() -> str:
    forced = _FORCED.get()
    if forced:
        return forced
    value = st.session_state.get("ui_lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, /, **params: object) -> str:
    """The catalogue text for ``key`` in the user's language (NT$ kept as money in Streamlit's markdown)."""
    return md(core.t(key, lang(), **params))

_DOLLAR = re.compile(r"(?<!\\)\$")


def md(text: object) -> str:
    """Text shown through Streamlit's markdown with its NT$ kept as money: two dollar signs in one text would
    otherwise typeset what lies between them as maths. A text with one dollar sign is left as it is (it may
    also go to a table or a chart, which show text literally)."""
    value = str(text)
    return _DOLLAR.sub(r"\\$", value) if value.count("$") >= 2 else value



def has(key: str) -> bool:
    """Whether the catalogue has ``key`` (in either language)."""
    try:
        core.t(key, lang())
        return True
    except KeyError:
        return False
    except (IndexError, ValueError):  # needs parameters: it exists
        return True


def field_label(path: str) -> str:
    """``fuels[1].amount`` → ``燃料 第 2 筆 › 數量``, from the catalogue's field names."""
    parts = []
    for chunk in path.replace("]", "").split("."):
        name, _, index = chunk.partition("[")
        label = t(f"fields.{name}") if has(f"fields.{name}") else name
        if index.isdigit():
            label = t("fields.row", label=label, n=int(index) + 1)
        parts.append(label)
    return " › ".join(parts)


def bound(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    """A label function fixed to the current language (Streamlit may call it outside the script run)."""
    fixed = lang()

    def label(value: Any) -> str:
        token = _FORCED.set(fixed)
        try:
            return fn(value)
        finally:
            _FORCED.reset(token)

    return label


def _switched() -> None:
    value = st.session_state.get("_lang_widget")
    if value in LANGS:  # a segmented control can come back empty: keep the old language then
        st.session_state["ui_lang"] = value
        if value == "en":
            st.query_params["lang"] = "en"
        elif "lang" in st.query_params:
            del st.query_params["lang"]


def language_switch(container=None) -> None:
    """中文 | English, drawn in the frame so it is on every page."""
    box = container or st
    box.segmented_control(
        core.t("app.language", lang()),
        options=list(LANGS),
        format_func=bound(lambda code: core.t(f"app.language_name.{code.replace('-', '_')}", lang())),
        default=lang(),
        key="_lang_widget",
        on_change=_switched,
        help=core.t("app.language_help", lang()),
        label_visibility="collapsed",
    )


def colon() -> str:
    """The colon after a label: full-width in Traditional Chinese, as Taiwan writes it."""
    return ": " if lang() == "en" else "："
