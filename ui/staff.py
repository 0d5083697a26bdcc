"""Streamlit helpers of the staff pages: who is signed in, the pages they get, the workshop link after saving.

``st.session_state["staff_token"]`` holds the signed-in staff member's session
token (the database keeps only its hash). Each page run checks it with
``core.accounts.current_staff``, which also ends sessions that are idle too long.

app.py adds :func:`staff_pages` to its navigation; ``ui.engine.save`` calls
:func:`after_save` so a workshop participant's saved checkup joins the room.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import streamlit as st
from streamlit.errors import StreamlitAPIException

import core
from core import accounts
from core.accounts import Staff, throttle
from core.errors import SessionExpired, SignInFailed

from .database import get_engine
from .i18n import lang, t

ROOT = Path(__file__).resolve().parent.parent
TOKEN_KEY = "staff_token"
WORKSHOP_KEY = "workshop_token"  # a participant's token (the browser session that joined)
SHARE_KEY = "workshop_share"  # {"share": bool, "show_name": bool, "firm_name": str}


def client_source() -> str:
    """Where this browser connects from, for the attempt limits: its IP address as the server sees it.

    Behind the product's own reverse proxy (``CARBON_TRUST_FORWARDED=1``) the first ``X-Forwarded-For``
    address; never trusted otherwise, since a client can write that header itself.
    """
    if os.environ.get("CARBON_TRUST_FORWARDED") == "1":
        forwarded = st.context.headers.get("X-Forwarded-For")
        if isinstance(forwarded, str) and forwarded.split(",")[0].strip():
            return forwarded.split(",")[0].strip()[:64]
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "local"  # None on localhost (and a stand-in under AppTest)


def _attempt_session() -> str:
    return st.session_state.setdefault("_attempt_session", secrets.token_urlsafe(16))


@contextmanager
def guarded_code(value: str, *, rerun_proof: bool = False) -> Iterator[None]:
    """Around a look-up by a code the user typed (resume, join, invite): limited per session and source.

    ``rerun_proof`` for a code box read on every run of its page (not a submitted form): the same wrong
    code again in this session is refused as before without counting twice. A submitted code always
    counts (and a workshop closed a minute ago may be open now).
    """

    digest = hashlib.sha256(str(value or "").strip().upper().encode("utf-8")).hexdigest()
    wrong = st.session_state.setdefault("_wrong_codes", {}) if rerun_proof else {}
    if digest in wrong:
        raise core.StorageError("not_found") if wrong[digest] == "not_found" else core.StaffProblem(wrong[digest])
    try:
        with throttle.guarding_codes(get_engine(), _attempt_session(), client_source()):
            yield
    except core.CheckupError as err:
        if err.code in throttle.WRONG_CODE:
            wrong[digest] = err.code
        raise


def page_path(rel: str) -> str:
    """A page script's absolute path: ``st.Page`` and ``st.page_link`` then work whatever the entry script's folder."""
    return str(ROOT / rel)


def page_link(rel: str, label: str, icon: str | None = None) -> None:
    """A link to another page of the app; nothing when that page is not in this run's navigation."""
    try:
        st.page_link(page_path(rel), label=label, icon=icon)
    except StreamlitAPIException:  # e.g. the page script run on its own (AppTest), or app.py without the page
        pass


def error_text(err: core.CheckupError) -> str:
    return err.message(lang())


COOKIE = "carbon_checkup_staff"  # the session token, kept by the browser so that a reload stays signed in


def _browser_token() -> str | None:
    """The session token the browser sent with this connection (a reload, a new tab), unless already spent here."""
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser connection (AppTest, bare mode)
        return None
    if not isinstance(value, str) or not value or value == st.session_state.get("_cookie_spent"):
        return None
    return value


def current_staff() -> Staff | None:
    """The signed-in staff member, or None (an expired session is ended and a message left).

    The token lives in this browser session's state; after a reload it comes from the browser's cookie
    (set at sign-in, see :func:`keep_in_browser`). Either way the database decides: a token of an
    ended, idle or turned-off session is refused and the page says the session has ended.
    """
    token = st.session_state.get(TOKEN_KEY)
    if not token:
        token = _browser_token()
        if token:
            st.session_state[TOKEN_KEY] = token
    if not token:
        _oidc_sign_in()
        token = st.session_state.get(TOKEN_KEY)
        if not token:
            return None
    try:
        return accounts.current_staff(get_engine(), token)
    except SessionExpired:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state["_staff_expired"] = True
        st.session_state["_cookie_spent"] = token  # the browser keeps it (worthless now): a reload says the session ended
        return None


def keep_in_browser(token: str) -> None:
    """After a sign-in: the browser keeps the session token (a cookie) so that a reload stays signed in."""
    st.session_state[TOKEN_KEY] = token
    st.session_state["_cookie_op"] = token
    st.session_state.pop("_staff_expired", None)


def cookie_script() -> None:
    """Write or clear the session cookie in the browser, once, when a sign-in or sign-out asked for it.

    Streamlit cannot set a cookie from the server, so a line of script does (``SameSite=Strict``,
    ``Secure`` on https, no longer than a session may last). The cookie holds only the random token the
    database knows by its hash; it is worth nothing once the session ends.
    """
    op = st.session_state.pop("_cookie_op", None)
    if not op:
        return
    if op == "clear":
        value, age = "", 0
    else:
        value, age = op, int(accounts.SESSION_MAX.total_seconds())
    st.html(
        "<script>document.cookie = " + json.dumps(f"{COOKIE}={value}; path=/; max-age={age}; SameSite=Strict")
        + " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True, width="content",
    )


def still_signed_in(roles: tuple[str, ...]) -> Staff | None:
    """For a timed refresh: the staff member again from the database; signed out, the whole page runs again and says so.

    A turned-off account, an ended or expired session, or a changed role gets no more data; each
    check counts as use, so a page left open keeps its session alive (up to ``SESSION_MAX``).
    """
    staff = current_staff()
    if staff is None:
        st.session_state["_staff_expired"] = True
        st.rerun()  # the whole page again: it shows that the session has ended, and nothing of the room
    if roles and staff.role not in roles:
        st.error(t("staff.login.need_role", role="、".join(t(f"staff.role.{r}") for r in roles)))
        return None
    return staff


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets.toml at all
        return False


def _oidc_sign_in() -> None:
    """With OIDC configured and the user signed in at the identity provider: a staff session for their e-mail."""
    if not oidc_configured() or st.session_state.get("_oidc_refused"):
        return
    try:
        user = st.user
        if not user.get("is_logged_in"):
            return
        signed = accounts.sign_in_oidc(get_engine(), user.to_dict())
    except SignInFailed:
        st.session_state["_oidc_refused"] = True
        return
    except Exception:  # noqa: BLE001 - st.user without [auth]: nothing to do
        return
    keep_in_browser(signed.token)


def sign_out() -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    accounts.sign_out(get_engine(), token)
    st.session_state["_cookie_spent"] = token
    st.session_state["_cookie_op"] = "clear"
    if oidc_configured():
        try:
            if st.user.get("is_logged_in"):
                st.logout()
        except Exception:  # noqa: BLE001
            pass


def require(*roles: str) -> Staff:
    """The signed-in staff member with one of ``roles``; otherwise a message and the page stops."""
    staff = current_staff()
    if staff is None:
        if st.session_state.get("_staff_expired"):  # kept until the next sign-in: any rerun still says why
            st.warning(t("staff.login.expired"))
        else:
            st.info(t("staff.login.please_sign_in"))
        page_link("pages/staff/login.py", t("staff.login.title"), ":material/login:")
        st.stop()
    if roles and staff.role not in roles:
        st.error(t("staff.login.need_role", role="、".join(t(f"staff.role.{r}") for r in roles)))
        st.stop()
    return staff


def signed_in_bar(staff: Staff) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("staff.login.signed_in_as", name=staff.name or staff.email, role=t(f"staff.role.{staff.role}")))
        if st.button(t("staff.login.sign_out"), key="_staff_sign_out", type="tertiary", icon=":material/logout:"):
            sign_out()
            st.rerun()


def staff_pages() -> dict[str, list[Any]]:
    """The navigation section of the staff pages for the current session (role pages only when signed in)."""
    staff = current_staff()
    public = [
        st.Page(page_path("pages/staff/join.py"), title=t("staff.nav.join"), icon=":material/groups:", url_path="join"),
        st.Page(page_path("pages/staff/team.py"), title=t("staff.nav.team"), icon=":material/hub:", url_path="team"),
        st.Page(page_path("pages/staff/login.py"), title=t("staff.nav.login"), icon=":material/badge:", url_path="signin"),
    ]
    # every role page is registered, so that its address always opens (a reload, a bookmark): listed only for
    # its role; for anyone else it says "please sign in", "your session has ended" or "not for your role"
    role_pages = [
        st.Page(page_path(f"pages/staff/{script}.py"), title=t(f"staff.nav.{script}"), icon=icon, url_path=url,
                visibility="visible" if staff is not None and staff.role == role else "hidden")
        for role, script, icon, url in (
            ("association_host", "workshops", ":material/co_present:", "workshops"),
            ("helpline_agent", "helpline", ":material/support_agent:", "helpline"),
            ("admin", "audit", ":material/policy:", "audit"),
        )
    ]
    cookie_script()  # a sign-in, sign-out or ended session of this run: the browser's cookie follows
    return {t("staff.nav.section"): public + role_pages}


def after_save(resume_code: str, year: int | None = None) -> bool:
    """If this browser session joined a workshop, share the checkup just saved (of ``year``) with it. True if linked."""
    from core.accounts import workshops

    token = st.session_state.get(WORKSHOP_KEY)
    share = st.session_state.get(SHARE_KEY) or {}
    if not token or not resume_code or not share.get("share"):  # nothing is shared until the firm ticks it
        return False
    if st.session_state.get("_workshop_linked_code") == resume_code:
        return False  # shared once: a later save reaches the room only when the firm sends it again
    try:
        workshops.link_saved(get_engine(), token, resume_code, show_name=bool(share.get("show_name")),
                             firm_name=share.get("firm_name") or None, year=year)
    except core.CheckupError:
        return False
    st.session_state["_workshop_linked_code"] = resume_code
    return True


def checkup_firm_name() -> str:
    data = st.session_state.get("checkup")
    if isinstance(data, dict):
        return str((data.get("company") or {}).get("name") or "")
    return ""
