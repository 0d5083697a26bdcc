"""Drafts in the app: every answer kept on the server from the first one, under the key in the address.

app.py calls :func:`restore` before the page runs (``?draft=KEY`` in the address brings the answers back:
after a reload, in a new tab, after the server restarted) and :func:`keep` after it (the answers are written
when they changed since the last write, never otherwise). The database failing never stops the page: the
answers stay in the session and :func:`status` says that they are not kept. Saving with a resume code turns
the draft into a saved checkup (:func:`saved`); the owner can delete it (:func:`delete`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import streamlit as st

import core
import core.storage as storage

from . import state
from .database import get_engine
from .i18n import lang, t
from .fmt import local_time

PARAM = "draft"
KEY = "_draft_key"  # the session's draft key (the only copy besides the address)
HASH = "_draft_hash"  # content hash of what the server holds (or of what needs no draft: just saved or opened)
EXPIRES = "_draft_expires"
PROBLEM = "_draft_problem"  # (code, params) of the last failed write

log = logging.getLogger(__name__)


RESUMED = "_draft_resumed"  # the draft's answers began as a saved checkup (its code is never in the draft)


def _payload() -> dict[str, Any]:
    resumed = bool(st.session_state.get("resume_code") or st.session_state.get(RESUMED))
    return {"checkup": state.checkup(), "step": state.step(), **({"resumed": True} if resumed else {})}


def code_needed() -> bool:
    """Answers that began as a saved checkup came back from a draft, without the code: saving asks for it,
    so that they are saved into the same firm's record, not a new one."""
    return bool(st.session_state.get(RESUMED)) and not st.session_state.get("resume_code")


def _address_key() -> str | None:
    value = st.query_params.get(PARAM)
    return str(value) if value else None


def _problem(err: core.StorageError) -> None:
    st.session_state[PROBLEM] = (err.code, dict(err.params))


def restore() -> None:
    """Before the page: bring back the answers of the draft in the address; keep the key in the address."""
    wanted, mine = _address_key(), st.session_state.get(KEY)
    if wanted and wanted != mine:
        try:
            draft = storage.load_draft(get_engine(), wanted)
        except core.StorageError as err:
            if err.code == "draft_not_found":
                del st.query_params[PARAM]
                st.session_state["_flash"] = ("warning", "drafts.gone", {"days": storage.DRAFT_DAYS})
            else:  # the database fails: keep the key in the address, so a reload later can still bring it back
                st.session_state["_flash"] = ("error", "drafts.unavailable", {"reason": err.message(lang())})
            return
        answers = draft.data.get("checkup") if isinstance(draft.data, dict) else None
        if not isinstance(answers, dict):
            answers = state.new_checkup()
        for key in ("resume_code", "_saved", "_just_saved", "_save_failed"):
            st.session_state.pop(key, None)  # the draft is this session's work now
        state.replace_checkup(answers)
        step = draft.data.get("step") if isinstance(draft.data, dict) else 0
        state.set_step(step if isinstance(step, int) and 0 <= step < 10 else 0)
        st.session_state[KEY] = wanted
        st.session_state[RESUMED] = bool(draft.data.get("resumed"))
        st.session_state[HASH] = draft.content_hash
        st.session_state[EXPIRES] = draft.expires_at
        st.session_state.pop(PROBLEM, None)
    elif mine and wanted != mine:
        st.query_params[PARAM] = mine  # another page was opened without it: the address keeps the key


def keep() -> None:
    """After the page: write the answers if they changed since the last write. Never raises."""
    try:
        payload = _payload()
        digest = storage.content_hash(payload)
        if digest == st.session_state.get(HASH):
            return
        key = st.session_state.get(KEY)
        if key is None and payload["checkup"] == state.new_checkup():
            return  # nothing answered yet: no draft
        key = key or storage.new_draft_key()
        try:
            receipt = storage.save_draft(get_engine(), key, payload)
        except core.StorageError as err:
            _problem(err)
            return
        st.session_state[KEY] = key
        st.session_state[HASH] = receipt.content_hash
        st.session_state[EXPIRES] = receipt.expires_at
        st.session_state.pop(PROBLEM, None)
        if _address_key() != key:
            st.query_params[PARAM] = key
    except Exception:  # noqa: BLE001 - keeping a draft must never break the page the owner is on
        log.exception("keeping the draft failed")


def settle() -> None:
    """The answers now on screen need no draft (just saved, or just opened by a resume code)."""
    st.session_state.pop(RESUMED, None)
    st.session_state[HASH] = storage.content_hash(_payload())
    st.session_state.pop(KEY, None)
    st.session_state.pop(EXPIRES, None)
    st.session_state.pop(PROBLEM, None)
    if PARAM in st.query_params:
        del st.query_params[PARAM]


def saved() -> None:
    """Saved with a resume code: the draft has become a saved checkup, so it is deleted."""
    key = st.session_state.get(KEY)
    if key:
        try:
            storage.delete_draft(get_engine(), key)
        except core.StorageError:  # it expires on its own; the checkup is saved
            log.warning("a saved checkup's draft could not be deleted")
    settle()


def delete() -> bool:
    """The owner deletes the draft on the server; whether it is gone (the database may fail)."""
    key = st.session_state.get(KEY)
    if key:
        try:
            storage.delete_draft(get_engine(), key)
        except core.StorageError as err:
            _problem(err)
            return False
    for name in (KEY, HASH, EXPIRES, PROBLEM, RESUMED):
        st.session_state.pop(name, None)
    if PARAM in st.query_params:
        del st.query_params[PARAM]
    return True


def current() -> str | None:
    return st.session_state.get(KEY)


def expires() -> dt.datetime | None:
    return st.session_state.get(EXPIRES)


def _local_date(value: dt.datetime) -> str:

    return local_time(value).split(" ")[0]


def status() -> None:
    """Under the page: the answers are kept (until when), or why they are not."""
    problem = st.session_state.get(PROBLEM)
    if problem:
        code, params = problem
        st.warning(t("drafts.not_kept", reason=core.StorageError(code, **params).message(lang())), icon=":material/cloud_off:")
    elif current() and expires():
        st.caption(t("drafts.kept", date=_local_date(expires()), days=storage.DRAFT_DAYS))


def _delete_clicked(clear) -> None:
    if not delete():
        st.session_state["_flash"] = ("error", "drafts.delete_failed", {})
        return
    clear()
    settle()  # the cleared answers need no draft either
    st.session_state["_flash"] = ("success", "drafts.deleted", {})


def section(clear) -> None:
    """The save page's box: the draft kept for this address (until when), and a button that deletes it.

    ``clear`` empties the answers on screen (the save page's start-over), so nothing of the draft is left.
    """
    with st.container(border=True):
        st.subheader(t("drafts.title"), anchor=False)
        if current() and expires():
            st.markdown(t("drafts.text", days=storage.DRAFT_DAYS, date=_local_date(expires())))
            st.button(t("drafts.delete"), icon=":material/delete_forever:", on_click=_delete_clicked, args=(clear,),
                      help=t("drafts.delete_help"), key="delete_draft")
        else:
            st.caption(t("drafts.none_yet"))
