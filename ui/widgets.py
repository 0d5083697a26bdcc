"""Inputs bound to the model, with core's messages shown at the field they concern."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, Callable, Sequence

import streamlit as st

from core.vocab import FIRST_YEAR

from . import next_year, state
from .i18n import bound, field_label, t


class ErrorSpots:
    """Places core's field errors beside their widgets; whatever is left shows at the end of a section."""

    def __init__(self, errors: dict[str, list[str]], questions: dict[str, list[str]] | None = None) -> None:
        self.errors = errors
        self.questions = questions or {}  # numbers that look like slips: asked at the field, never blocking
        self.shown: set[str] = set()
        self.asked: set[str] = set()

    def at(self, *paths: str) -> None:
        for path in paths:
            if state.is_fresh(path):  # a row just added: not red before the owner types in it
                self.shown.add(path)
                continue
            for message in self.errors.get(path, []):
                st.error(message, icon=":material/error:")
            self.shown.add(path)
            if path not in self.asked:
                for message in self.questions.get(path, []):
                    st.warning(message, icon=":material/help:")
                self.asked.add(path)

    def rest(self, prefix: str) -> None:
        inside = lambda path: path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")  # noqa: E731
        for path, messages in self.errors.items():
            if path in self.shown or not inside(path):
                continue
            if state.is_fresh(path):
                self.shown.add(path)
                continue
            label = _field_label(path)
            for message in messages:
                st.error(t("checkup.error_at", field=label, message=message), icon=":material/error:")
            self.shown.add(path)
        for path, messages in self.questions.items():
            if path in self.asked or not inside(path):
                continue
            for message in messages:
                st.warning(message, icon=":material/help:")
            self.asked.add(path)

    def has(self, prefix: str) -> bool:
        return any(p == prefix or p.startswith(prefix + ".") or p.startswith(prefix + "[") for p in self.errors)


def _field_label(path: str) -> str:
    return field_label(path)


def _within(container: Any):
    return container if container is not None else contextlib.nullcontext()


def _seed(path: str, **kwargs: Any) -> dict[str, Any]:
    """The widget's initial value, unless its key already holds one (set by a callback re-seeding it)."""
    return {} if _key(path) in st.session_state else kwargs


def _key(path: str) -> str:
    return state.WIDGET_PREFIX + path


def _last_year(path: str, show: Callable[[Any], str]) -> str | None:
    """「去年：2,000」 in a field the next year's copy left blank."""
    value = next_year.last_year(path)
    return None if value is None else t("guide.last_year", value=show(value))


def _sync_number(path: str, integer: bool) -> None:
    state.put(path, state.parse_number(st.session_state.get(_key(path)), integer))


def _sync_value(path: str) -> None:
    state.put(path, st.session_state.get(_key(path)))


def _text_box(path: str, kind: str, shown: str, label: str, help: str, spots: ErrorSpots | None, container: Any,
              on_change: Callable[..., None], args: tuple, **options: Any) -> None:
    """A text box bound to ``path``: seeded with ``shown``, copying its text back through ``on_change``."""
    box = container or st
    state.register(_key(path), kind)
    box.text_input(label, **_seed(path, value=shown), key=_key(path), help=help, on_change=on_change, args=args, **options)
    if spots is not None:
        with _within(container):
            spots.at(path)


def number(
    path: str,
    label: str,
    help: str,
    spots: ErrorSpots | None = None,
    *,
    integer: bool = False,
    placeholder: str | None = None,
    container: Any = None,
) -> None:
    """A text box for a number: accepts 1,200 or full-width digits; bad text gets core's message here."""
    _text_box(path, "number", state.show_number(state.get(path)), label, help, spots, container, _sync_number,
              (path, integer), placeholder=_last_year(path, state.show_number) or placeholder)


def text(path: str, label: str, help: str, spots: ErrorSpots | None = None, *, placeholder: str | None = None,
         max_chars: int | None = None) -> None:
    value = state.get(path)
    _text_box(path, "text", "" if value is None else str(value), label, help, spots, None, _sync_value, (path,),
              placeholder=_last_year(path, str) or placeholder, max_chars=max_chars)


def select(
    path: str,
    label: str,
    help: str,
    options: Sequence[Any],
    format_func: Callable[[Any], str],
    spots: ErrorSpots | None = None,
    *,
    default: Any = None,
    container: Any = None,
    changed: tuple[Callable[..., None], tuple] | None = None,
) -> Any:
    """A drop-down bound to ``path``; ``changed`` (a callback and its arguments) replaces the plain copy-back where
    a choice changes more of the checkup (a new fuel's unit, an other-source kind's fields)."""
    box = container or st
    current = state.get(path, default)
    options = list(options)
    index = options.index(current) if current in options else (options.index(default) if default in options else 0)
    state.register(_key(path), "select")
    value = box.selectbox(
        label,
        options,
        **_seed(path, index=index),
        format_func=bound(format_func),
        key=_key(path),
        help=help,
        on_change=changed[0] if changed else _sync_value,
        args=changed[1] if changed else (path,),
    )
    if spots is not None:
        with _within(container):
            spots.at(path)
    return value


def _sync_flag(path: str) -> None:
    value = st.session_state.get(_key(path))
    state.put(path, bool(value) if value else None)


def checkbox(path: str, label: str, help: str) -> None:
    state.register(_key(path), "flag")
    st.checkbox(label, **_seed(path, value=bool(state.get(path, False))), key=_key(path), help=help, on_change=_sync_flag, args=(path,))


def _sync_date(path: str) -> None:
    value = st.session_state.get(_key(path))
    state.put(path, value.isoformat() if isinstance(value, dt.date) else None)


def date(path: str, label: str, help: str, spots: ErrorSpots | None = None, *, container: Any = None) -> None:
    box = container or st
    raw = state.get(path)
    try:
        value = dt.date.fromisoformat(raw) if isinstance(raw, str) else raw
    except ValueError:
        value = None
    state.register(_key(path), "date")
    box.date_input(
        label,
        **_seed(path, value=value),
        min_value=dt.date(FIRST_YEAR - 1, 1, 1),  # a first year's first bill can start in the December before
        max_value=dt.date(dt.date.today().year + 1, 12, 31),
        key=_key(path),
        help=help,
        format="YYYY-MM-DD",
        on_change=_sync_date,
        args=(path,),
    )
    if spots is not None:
        with _within(container):
            spots.at(path)


def _sync_date_text(path: str) -> None:
    state.put(path, state.parse_bill_date(st.session_state.get(_key(path))))


def date_text(path: str, label: str, help: str, spots: ErrorSpots | None = None, *, placeholder: str | None = None,
              container: Any = None) -> None:
    """A date typed as the bill prints it (115/01/05, 民國115年1月5日 or 2026-01-05); core's message if it is none."""
    box = container or st
    state.register(_key(path), "datetext")
    box.text_input(label, **_seed(path, value=state.show_date(state.get(path))), key=_key(path), help=help,
                   placeholder=placeholder, max_chars=20, on_change=_sync_date_text, args=(path,))
    if spots is not None:
        with _within(container):
            spots.at(path)


def flash() -> None:
    """A one-time message left by a callback or the resume link."""
    item = st.session_state.pop("_flash", None)
    if item:
        kind, key, params = item
        getattr(st, kind)(t(key, **params))
