"""Files the owner takes away and brings back: the offline template (.xlsx) and the checkup file (YAML/JSON).

:func:`read_upload` turns an upload into a checkup or into *every* problem of the file at once, each in the
user's language and, for a template, named by its sheet and cell. :func:`template_button` offers the offline
template, filled in with what the owner has already answered (asked once, never twice).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import core
from core.reports import template as offline

from .i18n import lang, t
from .fmt import plain

TEMPLATE_MAX = offline.MAX_BYTES  # a filled template is ~30 KB; Excel may make it a few hundred
UPLOAD_TYPES = ["xlsx", "yaml", "yml", "json"]


def problems(err: core.CheckupError) -> list[str]:
    """Each problem of a refused file, in the user's language (a template's named by sheet and cell)."""
    items = err.errors if isinstance(err, core.ValidationErrors) else [err]
    return [e.message(lang()) for e in items]


def read_upload(name: str, data: bytes, checkup_file_max: int) -> tuple[core.Checkup | None, list[str]]:
    """An upload → (the checkup, []) or (None, every problem of the file).

    A template may be up to ``TEMPLATE_MAX`` bytes, a checkup file (YAML/JSON) up to ``checkup_file_max``.
    """
    workbook = offline.is_workbook(data, name)
    limit = TEMPLATE_MAX if workbook else checkup_file_max
    if len(data) > limit:
        return None, [t("files.too_large", kb=limit // 1024)]
    try:
        return offline.loads_any(data, name or ""), []
    except core.CheckupError as err:
        return None, problems(err)


def show_problems(name: str, found: list[str]) -> None:
    """A refused upload: its name and every problem, as a list; nothing on screen was replaced."""

    lines = "\n".join(f"- {p}" for p in found)  # our messages (the file's values inside them are quoted)
    st.error(t("files.refused", name=plain(name), n=len(found)) + "\n\n" + lines, icon=":material/error:")


def _template(data: dict[str, Any] | None, lg: str) -> bytes:
    checkup = None
    if data:
        try:
            checkup = core.parse_checkup(data)
        except core.CheckupError:
            checkup = None  # answers still to be fixed: a blank template (the page says so)
    return offline.build_template(lg, checkup)


def template_button(data: dict[str, Any] | None, *, key: str, container: Any = None) -> None:
    """The offline template, built when the button is pressed, pre-filled with the answers given so far."""
    box = container or st
    lg = lang()
    box.download_button(
        t("files.template_download"),
        data=lambda: _template(data, lg),
        file_name=t("files.template_name") + ".xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        help=t("files.template_help"),
        key=key,
        on_click="ignore",
    )
