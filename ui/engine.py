"""The engine behind the pages: one cached database engine, the calculation, save and resume."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

import core
import core.storage as storage
from core.accounts.access import delete_firm

from . import drafts, state
from .database import get_engine
from .i18n import lang
from .staff import after_save, guarded_code


@dataclass
class Evaluation:
    """The current checkup checked and computed: a result, or messages keyed by field path."""

    checkup: core.Checkup | None = None
    result: core.Result | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    frozen: bool = False

    @property
    def ok(self) -> bool:
        return self.result is not None


def _collect(err: core.CheckupError, ev: Evaluation) -> None:
    items = err.errors if isinstance(err, core.ValidationErrors) else [err]
    for e in items:
        if e.field:
            ev.errors.setdefault(e.field, []).append(e.text(lang()))  # the field's name is already on screen
        else:
            ev.general.append(e.message(lang()))


def content_key(*parts: Any) -> str:
    """A digest of what an answer depends on (the checkup's content, the language…): equal content, equal key."""
    try:
        text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    except TypeError:  # keys of mixed kinds (a factor snapshot has None beside text): in their own order then
        text = json.dumps(parts, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def evaluate(data: dict[str, Any] | None = None) -> Evaluation:
    """Validate and compute ``data`` (default: the current checkup). Never raises for bad input.

    Keyed on the checkup's content: a rerun with the same answers (a click elsewhere, the next page,
    a language switch back) reuses the last evaluation of the session instead of computing again."""
    data = state.checkup() if data is None else data
    saved = st.session_state.get("_saved") or {}
    key = content_key(data, lang(), saved.get("factors"), saved.get("data"))
    memo = st.session_state.get("_evaluated")
    if memo is not None and memo[0] == key:
        return memo[1]
    ev = _evaluate(data)
    st.session_state["_evaluated"] = (key, ev)
    return ev


def _evaluate(data: dict[str, Any]) -> Evaluation:
    ev = Evaluation()
    try:
        ev.checkup = core.parse_checkup(data)
    except core.CheckupError as err:
        _collect(err, ev)
        return ev
    saved = st.session_state.get("_saved")
    try:
        if saved and saved.get("factors") and saved.get("data") == core.to_data(ev.checkup):
            try:
                ev.result = core.compute(ev.checkup, core.FactorSet.from_snapshot(saved["factors"]))
                ev.frozen = True
            except core.CheckupError:
                ev.result = core.compute(ev.checkup)
        else:
            ev.result = core.compute(ev.checkup)
    except core.CheckupError as err:
        _collect(err, ev)
        ev.result = None
    return ev


def save(ev: Evaluation) -> storage.Receipt:
    """Save the evaluated checkup for the firm of the session's resume code (a new firm without one)."""
    assert ev.checkup is not None and ev.result is not None
    data = core.to_data(ev.checkup)
    receipt = storage.save_checkup(get_engine(), data, ev.result, code=st.session_state.get("resume_code"))
    st.session_state["resume_code"] = receipt.code
    st.session_state["_saved"] = {"data": data, "factors": ev.result.factors, "year": receipt.year}
    drafts.saved()  # the draft has become a saved checkup
    try:
        after_save(receipt.code, receipt.year)
    except Exception:  # noqa: BLE001 - the checkup is saved; an add-on must not undo that for the user
        logging.getLogger(__name__).exception("linking the saved checkup to a workshop failed")
    return receipt


def resume(code: str, year: int | None = None) -> storage.Saved:
    """Open a saved checkup by its code: every answer and the factors its result used (wrong codes are limited)."""

    with guarded_code(code):
        saved = storage.load_checkup(get_engine(), code, year)
    st.session_state["resume_code"] = storage.normalise_code(code)
    st.session_state["_saved"] = {"data": saved.data, "factors": saved.factors, "year": saved.year}
    state.replace_checkup(saved.data)
    state.set_step(0)

    drafts.settle()
    return saved


def delete_saved() -> None:
    """Delete every saved checkup of the session's firm (and its workshop and team links), for good."""
    code = st.session_state.get("resume_code")
    if code:
        delete_firm(get_engine(), code)
    for key in ("resume_code", "_saved", "_just_saved"):
        st.session_state.pop(key, None)


def saved_years() -> list[storage.Saved]:
    code = st.session_state.get("resume_code")
    if not code:
        return []
    try:
        return storage.list_checkups(get_engine(), code)
    except core.StorageError:
        return []


def earlier(year: int) -> storage.Saved | None:
    code = st.session_state.get("resume_code")
    if not code:
        return None
    try:
        return storage.earlier_checkup(get_engine(), code, year)
    except core.StorageError:
        return None


def handle_resume_link() -> None:
    """``?resume=CODE`` in the address opens that saved checkup (once), then leaves the address."""
    code = st.query_params.get("resume")
    if not code:
        return
    del st.query_params["resume"]
    try:
        saved = resume(str(code))
        st.session_state["_flash"] = ("success", "checkup.resume.opened", {"year": saved.year})
    except core.StorageError as err:
        not_opened(err)


def not_opened(err: core.StorageError) -> None:
    """Leave the message for a code that opened nothing: not found, or (the database failing) why not."""
    if err.code.startswith("storage_"):
        st.session_state["_flash"] = ("error", "checkup.resume.unavailable", {"reason": err.message(lang())})
    elif err.code == "too_many_code_attempts":
        st.session_state["_flash"] = ("error", "access.errors.too_many_code_attempts", err.params)
    else:
        st.session_state["_flash"] = ("error", "checkup.resume.not_found", {})
