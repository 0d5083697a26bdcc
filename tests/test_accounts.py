"""core.accounts.staff: staff roles, Argon2 passwords, sessions that expire, slowing down wrong passwords."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from core import accounts
from core.errors import SessionExpired, SignInFailed, StaffProblem
from conftest_pg import PASSWORD, staff

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def test_roles_are_the_three_staff_roles():
    assert accounts.ROLES == ("association_host", "helpline_agent", "admin")


def test_create_and_sign_in_with_the_right_password_only(db_engine):
    made = accounts.create_staff(db_engine, " Host@Example.org ", "association_host", PASSWORD, name="Host", association="台灣螺絲公會")
    assert made.email == "host@example.org" and made.role == "association_host"
    signed = accounts.sign_in(db_engine, "HOST@example.org", PASSWORD, now=T0)
    assert signed.staff == made and len(signed.token) >= 40
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "host@example.org", PASSWORD + "x", now=T0)
    assert e.value.code == "sign_in_failed"


def test_passwords_are_stored_as_argon2_hashes_only(db_engine):
    staff(db_engine, "admin", "root@example.org")
    with db_engine.connect() as c:
        stored = c.execute(text("select password_hash from staff_user")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_session_tokens_are_stored_as_hashes_only(db_engine):
    staff(db_engine, "admin", "root@example.org")
    signed = accounts.sign_in(db_engine, "root@example.org", PASSWORD)
    with db_engine.connect() as c:
        hashes = [r[0] for r in c.execute(text("select token_hash from staff_session"))]
    assert signed.token not in hashes and len(hashes[0]) == 64


def test_unknown_address_wrong_password_and_turned_off_account_look_the_same(db_engine):
    staff(db_engine, "helpline_agent", "agent@example.org")
    accounts.set_active(db_engine, "agent@example.org", False)
    codes = set()
    for email, pw in (("nobody@example.org", PASSWORD), ("agent@example.org", PASSWORD), ("not an email", PASSWORD)):
        with pytest.raises(SignInFailed) as e:
            accounts.sign_in(db_engine, email, pw, now=T0)
        codes.add(e.value.code)
    assert codes == {"sign_in_failed"}


def test_bad_accounts_are_refused(db_engine):
    with pytest.raises(StaffProblem) as e:
        accounts.create_staff(db_engine, "a@example.org", "owner", PASSWORD)
    assert e.value.code == "bad_role"
    with pytest.raises(StaffProblem) as e:
        accounts.create_staff(db_engine, "a@example.org", "admin", "short")
    assert e.value.code == "weak_password" and "12" in e.value.message("en")
    with pytest.raises(StaffProblem) as e:
        accounts.create_staff(db_engine, "nope", "admin", PASSWORD)
    assert e.value.code == "bad_email"
    staff(db_engine, "admin", "a@example.org")
    with pytest.raises(StaffProblem) as e:
        accounts.create_staff(db_engine, "A@example.org", "admin", PASSWORD)
    assert e.value.code == "staff_exists"


def test_session_expires_when_idle_and_after_the_maximum(db_engine):
    staff(db_engine, "association_host", "host@example.org")
    signed = accounts.sign_in(db_engine, "host@example.org", PASSWORD, now=T0)
    assert accounts.current_staff(db_engine, signed.token, now=T0 + dt.timedelta(minutes=29)).email == "host@example.org"
    # each use extends the idle time ...
    t = T0
    for _ in range(19):
        t += dt.timedelta(minutes=29)
        accounts.current_staff(db_engine, signed.token, now=t)
    # ... but not past the maximum
    with pytest.raises(SessionExpired):
        accounts.current_staff(db_engine, signed.token, now=T0 + accounts.SESSION_MAX + dt.timedelta(minutes=1))
    other = accounts.sign_in(db_engine, "host@example.org", PASSWORD, now=T0)
    with pytest.raises(SessionExpired) as e:
        accounts.current_staff(db_engine, other.token, now=T0 + accounts.SESSION_IDLE + dt.timedelta(seconds=1))
    assert e.value.code == "session_expired"
    # once expired it stays expired
    with pytest.raises(SessionExpired):
        accounts.current_staff(db_engine, other.token, now=T0)


def test_sign_out_and_password_change_and_deactivation_end_sessions(db_engine):
    staff(db_engine, "association_host", "host@example.org")
    a = accounts.sign_in(db_engine, "host@example.org", PASSWORD)
    accounts.sign_out(db_engine, a.token)
    with pytest.raises(SessionExpired):
        accounts.current_staff(db_engine, a.token)
    b = accounts.sign_in(db_engine, "host@example.org", PASSWORD)
    accounts.set_password(db_engine, "host@example.org", "another long passphrase")
    with pytest.raises(SessionExpired):
        accounts.current_staff(db_engine, b.token)
    c = accounts.sign_in(db_engine, "host@example.org", "another long passphrase")
    accounts.set_active(db_engine, "host@example.org", False)
    with pytest.raises(SessionExpired):
        accounts.current_staff(db_engine, c.token)
    for token in (None, "", "made-up-token"):
        with pytest.raises(SessionExpired):
            accounts.current_staff(db_engine, token)


def test_wait_grows_after_three_wrong_passwords_and_is_capped():
    waits = [accounts.wait_needed(n).total_seconds() for n in range(0, 16)]
    assert waits[:3] == [0, 0, 0]
    assert waits[3:7] == [2, 4, 8, 16]
    assert max(waits) == accounts.MAX_WAIT.total_seconds() == 900


def test_repeated_wrong_passwords_are_slowed_down(db_engine):
    staff(db_engine, "helpline_agent", "agent@example.org")
    for i in range(3):
        with pytest.raises(SignInFailed) as e:
            accounts.sign_in(db_engine, "agent@example.org", f"wrong {i}", now=T0)
        assert e.value.code == "sign_in_failed"
    # the third failure set a 2-second wait: even the right password is refused during it
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "agent@example.org", PASSWORD, now=T0 + dt.timedelta(seconds=1))
    assert e.value.code == "too_many_attempts" and e.value.params["seconds"] == 1
    assert "1" in e.value.message("zh-TW")
    # after the wait, another wrong one doubles it
    with pytest.raises(SignInFailed):
        accounts.sign_in(db_engine, "agent@example.org", "wrong again", now=T0 + dt.timedelta(seconds=3))
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "agent@example.org", PASSWORD, now=T0 + dt.timedelta(seconds=6))
    assert e.value.code == "too_many_attempts"
    # the right password after the wait works and clears the counter
    assert accounts.sign_in(db_engine, "agent@example.org", PASSWORD, now=T0 + dt.timedelta(seconds=8))
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "agent@example.org", "wrong", now=T0 + dt.timedelta(seconds=8))
    assert e.value.code == "sign_in_failed"


def test_unknown_addresses_are_slowed_down_too(db_engine):
    for _ in range(3):
        with pytest.raises(SignInFailed):
            accounts.sign_in(db_engine, "ghost@example.org", "guess", now=T0)
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "ghost@example.org", "guess", now=T0)
    assert e.value.code == "too_many_attempts"


def test_oidc_maps_a_verified_email_to_an_existing_account_and_its_role(db_engine):
    staff(db_engine, "helpline_agent", "agent@example.org")
    signed = accounts.sign_in_oidc(db_engine, {"is_logged_in": True, "email": "Agent@Example.org", "email_verified": True, "name": "X"})
    assert signed.staff.role == "helpline_agent"
    assert accounts.current_staff(db_engine, signed.token).email == "agent@example.org"
    for claims in (
        {"is_logged_in": True, "email": "stranger@example.org"},
        {"is_logged_in": True, "email": "agent@example.org", "email_verified": False},
        {"is_logged_in": False, "email": "agent@example.org"},
        {"is_logged_in": True},
    ):
        with pytest.raises(SignInFailed):
            accounts.sign_in_oidc(db_engine, claims)


def test_oidc_only_account_has_no_password(db_engine):
    accounts.create_staff(db_engine, "sso@example.org", "admin")
    with pytest.raises(SignInFailed):
        accounts.sign_in(db_engine, "sso@example.org", "")
    assert accounts.sign_in_oidc(db_engine, {"email": "sso@example.org"}).staff.role == "admin"


def test_messages_exist_in_both_languages_for_every_staff_code():
    import re
    from pathlib import Path

    from core.i18n import catalog

    root = Path(__file__).resolve().parent.parent
    codes = set()
    for path in [*sorted((root / "core" / "accounts").glob("*.py")), *sorted((root / "core" / "storage").glob("*.py"))]:
        src = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:Problem|Denied|Failed|Expired|Attempts)\(\s*"([a-z_]+)"', src))
        codes |= set(re.findall(r'"(too_many_[a-z_]+)"', src))  # the throttle's codes, passed to its check
    assert {"access_denied", "sign_in_failed", "too_many_attempts", "too_many_code_attempts", "session_expired"} <= codes
    for lang in ("zh-TW", "en"):
        missing = [c for c in codes if f"staff.errors.{c}" not in catalog(lang) and f"access.errors.{c}" not in catalog(lang)]
        assert sorted(missing) == []


def _parser():
    import argparse

    from core.accounts.cli import add_commands

    parser = argparse.ArgumentParser(prog="python -m core")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser


def test_staff_accounts_are_created_from_the_command_line(db_url, monkeypatch, tmp_path):
    import io

    monkeypatch.setenv("DATABASE_URL", db_url)
    out = io.StringIO()
    args = _parser().parse_args(["staff", "create", "--role", "association_host", "--email", "Host@Example.org",
                                 "--name", "主持人", "--association", "螺絲公會", "--password-stdin"])
    assert args.func(args, stdin=io.StringIO(PASSWORD + "\n"), out=out) == 0
    assert "host@example.org\tassociation_host" in out.getvalue()
    args = _parser().parse_args(["staff", "create", "--role", "admin", "--email", "sso@example.org", "--oidc-only"])
    assert args.func(args, out=io.StringIO()) == 0
    listing = io.StringIO()
    args = _parser().parse_args(["staff", "list"])
    args.func(args, out=listing)
    assert "螺絲公會" in listing.getvalue() and "sso@example.org\tadmin" in listing.getvalue()
    from core import storage

    eng = storage.make_engine(db_url)
    try:
        assert accounts.sign_in(eng, "host@example.org", PASSWORD).staff.association == "螺絲公會"
        args = _parser().parse_args(["staff", "disable", "--email", "host@example.org"])
        args.func(args, out=io.StringIO())
        with pytest.raises(SignInFailed):
            accounts.sign_in(eng, "host@example.org", PASSWORD)
    finally:
        eng.dispose()
    # a bad role never reaches the database: argparse refuses it
    with pytest.raises(SystemExit):
        _parser().parse_args(["staff", "create", "--role", "owner", "--email", "x@example.org"])
    # passwords are never command-line arguments
    with pytest.raises(SystemExit):
        _parser().parse_args(["staff", "create", "--role", "admin", "--email", "x@example.org", "--password", PASSWORD])


def test_backup_and_restore_commands(db_url, monkeypatch, tmp_path):
    import io

    from core.accounts import cli as staff_cli
    from core import storage
    from conftest_pg import save_firm

    monkeypatch.setenv("DATABASE_URL", db_url)
    eng = storage.make_engine(db_url)
    storage.upgrade(eng)
    code = save_firm(eng).code
    eng.dispose()
    out = tmp_path / "b.jsonl.gz"
    args = _parser().parse_args(["backup", str(out)])
    assert args.func(args, out=io.StringIO()) == 0 and out.exists()
    target = f"sqlite:///{tmp_path}/restored.db"
    assert staff_cli.restore(str(out), url=target)["firm"] == 1
    eng = storage.make_engine(target)
    assert storage.load_checkup(eng, code).year == 2024
    eng.dispose()
    args = _parser().parse_args(["restore", str(out), "--replace"])
    assert args.func(args, out=io.StringIO()) == 0


def test_wrong_passwords_at_the_same_moment_are_all_counted(db_engine):
    import threading

    staff(db_engine, "helpline_agent", "agent@example.org")
    n = 8
    barrier = threading.Barrier(n)
    codes: list[str] = []

    def attempt() -> None:
        barrier.wait(timeout=30)
        try:
            accounts.sign_in(db_engine, "agent@example.org", "guess", now=T0)
        except SignInFailed as e:
            codes.append(e.code)

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert len(codes) == n
    # at most FREE_FAILURES tries were judged on the password; the rest had to wait
    assert codes.count("sign_in_failed") == accounts.FREE_FAILURES
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "agent@example.org", PASSWORD, now=T0)
    assert e.value.code == "too_many_attempts"


def test_oidc_sign_in_through_st_login_maps_to_the_staff_role(app_db):
    """AppTest: with [auth] configured and st.user signed in at the identity provider, the page signs the staff in."""
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT
    from core.i18n import t

    eng = app_db
    accounts.create_staff(eng, "agent@example.org", "helpline_agent")  # OIDC only: no password

    def page(user):
        at = AppTest.from_file(str(ROOT / "pages" / "staff" / "helpline.py"), default_timeout=60)
        at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                              "client_id": "id", "client_secret": "secret",
                              "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}
        at.user = user
        return at.run()

    at = page({"is_logged_in": True, "email": "Agent@Example.org", "email_verified": True, "name": "李專員"})
    assert not at.exception, at.exception
    assert at.session_state["staff_token"]
    assert t("staff.helpline.title", "zh-TW") in [x.value for x in at.title]
    stranger = page({"is_logged_in": True, "email": "stranger@example.org", "email_verified": True})
    assert "staff_token" not in stranger.session_state
    assert t("staff.login.please_sign_in", "zh-TW") in [x.value for x in stranger.info]
    eng.dispose()
