"""Choices whose labels change with the language, kept as ids.

A multiselect or radio stores what the browser shows: the labels. After a language switch the browser sends
back the old language's labels, which match no option any more (Streamlit then returns the label itself, the
format function gets a label instead of an id, and ``session_state.get_serialized`` raised a TypeError on the
programmes page). So these widgets carry the language in their key (a switch makes a fresh widget) and the
choice itself lives apart, as ids, in ``st.session_state[store]``: the new widget starts from it, and a change
is copied back to it. Nothing is lost on a switch, and the ids are what pages and tests read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from .i18n import lang


class Labels(dict):
    """Option id → label, callable as a format function that never returns ``None`` (and pickles)."""

    def __call__(self, value: Any) -> str:
        return str(self.get(value, value))


def widget_key(key: str) -> str:
    """The key of the widget drawn in the current language."""
    return f"{key}.{lang()}"


def _copier(wkey: str, store: str, after: Callable[[Any], None] | None) -> Callable[[], None]:
    def copy() -> None:
        value = st.session_state.get(wkey)
        st.session_state[store] = list(value) if isinstance(value, (list, tuple)) else value
        if after is not None:
            after(st.session_state[store])

    return copy


def multiselect_ids(label: str, options: Sequence[str], labels: Mapping[str, str], *, key: str, store: str,
                    default: Sequence[str] = (), **kwargs: Any) -> list[str]:
    """A multiselect of ids whose choice survives a language switch (kept in ``session_state[store]``)."""
    if not isinstance(st.session_state.get(store), list):
        st.session_state[store] = list(default)
    chosen = [v for v in st.session_state[store] if v in options]
    wkey = widget_key(key)
    value = st.multiselect(label, list(options), default=chosen, format_func=Labels(labels), key=wkey,
                           on_change=_copier(wkey, store, None), **kwargs)
    return [v for v in value if v in options]


def radio_id(label: str, options: Sequence[str], labels: Mapping[str, str], *, key: str, store: str,
             default: str, after: Callable[[Any], None] | None = None, **kwargs: Any) -> str:
    """A radio of ids whose choice survives a language switch (kept in ``session_state[store]``)."""
    current = st.session_state.get(store)
    if current not in options:
        current = default
        st.session_state[store] = current
    wkey = widget_key(key)
    value = st.radio(label, list(options), index=list(options).index(current), format_func=Labels(labels), key=wkey,
                     on_change=_copier(wkey, store, after), **kwargs)
    return value if value in options else current
