"""Save and come back: a resume code (and link), a firm's years together, download and upload the file."""

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

import core
import core.storage as storage
from ui import drafts, files, fmt, next_year, state
from ui.access_log import firm_access_log
from ui import widgets as w
from ui.engine import delete_saved, evaluate, get_engine, not_opened, resume, save, saved_years
from ui.i18n import lang, t

MAX_UPLOAD_BYTES = 256 * 1024  # a checkup file is a few KB (an offline template may be up to files.TEMPLATE_MAX)
WIDGET_MAX_MB = 5  # larger files are refused by the browser; up to this, the server says why in the user's words


def _resume_link(code: str) -> str:
    parts = urlsplit(st.context.url or "")
    query = {"resume": code} | ({"lang": "en"} if lang() == "en" else {})
    return urlunsplit((parts.scheme or "http", parts.netloc, parts.path or "/save", urlencode(query), ""))


def _save() -> None:
    ev = evaluate()
    if not ev.ok:
        st.session_state["_flash"] = ("error", "checkup.save.cannot_save", {})
        return
    if drafts.code_needed() and st.session_state.get("w._save_code"):  # back into the same firm's record
        try:
            storage.list_checkups(get_engine(), st.session_state["w._save_code"])
        except core.StorageError as err:
            not_opened(err)
            return
        st.session_state["resume_code"] = storage.normalise_code(st.session_state["w._save_code"])
    try:
        receipt = save(ev)
    except core.StorageError as err:  # disk full, read-only, database gone: say so, keep every answer
        st.session_state["_save_failed"] = err.code
        return
    st.session_state.pop("_save_failed", None)
    st.session_state["_just_saved"] = receipt.code
    st.session_state["_flash"] = ("success", "checkup.save.saved", {"year": receipt.year})


def _open() -> None:
    code = st.session_state.get("w._resume_code", "")
    try:
        saved = resume(code)
        st.session_state["_flash"] = ("success", "checkup.resume.opened", {"year": saved.year})
        st.session_state["w._resume_code"] = ""
    except core.StorageError as err:
        not_opened(err)


def _open_year(year: int) -> None:
    code = st.session_state.get("resume_code")
    try:
        resume(code, year)
        st.session_state["_flash"] = ("success", "checkup.resume.opened", {"year": year})
    except core.StorageError as err:
        not_opened(err)


def _next_year() -> None:
    data = state.checkup()
    if "year" not in data:
        data = {**data, "year": state.default_year()}
    st.session_state.pop("_saved", None)
    new = next_year.start(data)  # every row carried over (core.inventory.carryover), yearly figures blank
    state.set_step(1)
    st.session_state["_flash"] = ("info", "checkup.save.next_year_started", {"year": new["year"]})


def _start_over() -> None:
    drafts.delete()  # the owner wants these answers gone: from the server too
    for key in ("resume_code", "_saved", "_just_saved", "_elec_stash", "_elec_method", "_ref_modes", "_ref_stash", "_septic_stash"):
        st.session_state.pop(key, None)
    state.replace_checkup(state.new_checkup())
    state.set_step(0)
    st.session_state["_flash"] = ("info", "checkup.save.started_over", {})


def _delete() -> None:
    if not st.session_state.get("w._delete_confirm"):
        st.session_state["_flash"] = ("warning", "checkup.save.delete_confirm_first", {})
        return
    try:
        delete_saved()
    except core.StorageError:
        st.session_state["_flash"] = ("error", "checkup.resume.not_found", {})
        return
    st.session_state["w._delete_confirm"] = False
    st.session_state["_flash"] = ("success", "checkup.save.deleted", {})


def _uploaded() -> None:
    st.session_state.pop("_upload_error", None)  # a new file (or none): the last file's problem is gone
    f = st.session_state.get("w._upload")
    if f is None:
        return
    checkup, found = files.read_upload(f.name or "", f.getvalue(), MAX_UPLOAD_BYTES)
    if checkup is None:  # refused: every problem at once, and nothing on screen replaced
        st.session_state["_upload_error"] = (f.name, found)
        return
    st.session_state.pop("_saved", None)
    state.replace_checkup(core.to_data(checkup))
    state.set_step(0)
    st.session_state["_flash"] = ("success", "checkup.file.loaded", {"year": checkup.year})


w.flash()
st.title(t("checkup.save.title"))
ev = evaluate()
code = st.session_state.get("resume_code")

# ---------------------------------------------------------------- save
with st.container(border=True):
    st.subheader(t("checkup.save.save_title"), anchor=False)
    year = state.get("year")
    if ev.ok and ev.result.lines:
        st.markdown(t("checkup.save.summary", year=ev.result.year, total=fmt.tco2e(ev.result.total_tco2e)))
        if drafts.code_needed():
            st.info(t("drafts.code_needed"), icon=":material/key:")
            st.text_input(t("checkup.resume.code"), key="w._save_code", placeholder="XXXXX-XXXXX-XXXXX-XXXXX",
                          max_chars=40, help=t("drafts.code_needed_help"))
        st.button(t("checkup.save.save_button"), icon=":material/save:", type="primary", on_click=_save,
                  help=t("checkup.save.save_help"), key="save_button")
    elif ev.ok:
        st.info(t("checkup.save.nothing_yet"))
    else:
        st.warning(t("checkup.save.cannot_save"))
    if st.session_state.get("_save_failed") and ev.checkup is not None:
        reason = core.StorageError(st.session_state["_save_failed"]).message(lang())
        st.error(t("checkup.save.failed", reason=reason), icon=":material/error:")
        st.download_button(t("checkup.save.failed_download"), core.dumps(ev.checkup, "yaml").encode("utf-8"),
                           file_name=f"checkup-{ev.checkup.year}.yaml", mime="application/yaml",
                           icon=":material/download:", key="dl_after_failed_save", type="primary")
    if code:
        st.markdown(t("checkup.save.code_label"))
        st.code(code, language=None)
        st.markdown(t("checkup.save.link_label"))
        st.code(_resume_link(code), language=None, wrap_lines=True)
        st.caption(t("checkup.save.code_note"))
        st.page_link("pages/checkup/results.py", label=t("checkup.save.see_results"), icon=":material/insights:")
        firm_access_log(code)  # who looked at the firm's data (the audit log)

# ---------------------------------------------------------------- the firm's years
years = saved_years()
if years:
    with st.container(border=True):
        st.subheader(t("checkup.save.years_title"), anchor=False)
        for item in years:
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(t("checkup.save.year_line", year=item.year, total=fmt.tco2e(item.total_tco2e),
                          saved=fmt.local_time(item.saved_at)))
            c2.button(t("checkup.save.open_year"), key=f"open_{item.year}", on_click=_open_year, args=(item.year,),
                      help=t("checkup.save.open_year_help"), width="stretch")
        st.button(t("checkup.save.next_year", year=int(year or state.default_year()) + 1), icon=":material/event_repeat:",
                  on_click=_next_year, help=t("checkup.save.next_year_help"), key="next_year")

# ---------------------------------------------------------------- resume
with st.container(border=True):
    st.subheader(t("checkup.resume.title"), anchor=False)
    st.text_input(t("checkup.resume.code"), key="w._resume_code", help=t("checkup.resume.code_help"),
                  placeholder="XXXXX-XXXXX-XXXXX-XXXXX", max_chars=40)
    st.button(t("checkup.resume.open"), icon=":material/key:", on_click=_open, help=t("checkup.resume.open_help"), key="resume_button")

# ---------------------------------------------------------------- file
with st.container(border=True):
    st.subheader(t("checkup.file.title"), anchor=False)
    st.caption(t("checkup.file.intro"))
    if ev.checkup is not None:
        name = f"checkup-{ev.checkup.year}"
        c1, c2 = st.columns(2)
        c1.download_button(t("checkup.file.download_yaml"), core.dumps(ev.checkup, "yaml").encode("utf-8"), file_name=f"{name}.yaml",
                           mime="application/yaml", icon=":material/download:", help=t("checkup.file.download_help"), key="dl_yaml")
        c2.download_button(t("checkup.file.download_json"), core.dumps(ev.checkup, "json").encode("utf-8"), file_name=f"{name}.json",
                           mime="application/json", icon=":material/download:", help=t("checkup.file.download_help"), key="dl_json")
    else:
        st.caption(t("checkup.file.download_fix_first"))
    st.caption(t("files.template_intro"))
    files.template_button(state.checkup() if ev.checkup is not None else None, key="dl_template")
    if ev.checkup is None:
        st.caption(t("files.template_blank"))
    st.file_uploader(t("files.upload"), type=files.UPLOAD_TYPES, key="w._upload", on_change=_uploaded,
                     help=t("files.upload_help"), max_upload_size=WIDGET_MAX_MB)
    if st.session_state.get("_upload_error"):  # named by its file: never mistaken for a file the browser refused
        name, found = st.session_state["_upload_error"]
        files.show_problems(name, found if isinstance(found, list) else [found])

drafts.section(clear=_start_over)

with st.expander(t("checkup.save.start_over_title"), icon=":material/restart_alt:"):
    st.caption(t("checkup.save.start_over_text"))
    st.button(t("checkup.save.start_over"), on_click=_start_over, help=t("checkup.save.start_over_help"), key="start_over")

if code:
    with st.expander(t("checkup.save.delete_title"), icon=":material/delete_forever:"):
        st.caption(t("checkup.save.delete_text"))
        st.checkbox(t("checkup.save.delete_confirm"), key="w._delete_confirm")
        st.button(t("checkup.save.delete"), on_click=_delete, key="delete_saved", type="secondary", icon=":material/delete_forever:")
