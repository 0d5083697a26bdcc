"""Codes and sign-in cannot be brute-forced, nor used to lock someone out (core.accounts.throttle and the pages).

The limits: a browser session gets 5 wrong codes free, a source 60; a staff address gets 3 wrong passwords
free *from one source*, a source 30 over every address; each wait doubles from 2 s up to 15 min, and one
failure is forgiven per quiet period (15 min for passwords, 10 min per session for codes).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest_pg import PASSWORD, save_firm, staff
from core import accounts
from core.accounts import throttle, workshops
from core.errors import SignInFailed, StorageError, TooManyAttempts
import core.storage as storage

T0 = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone.utc)
WRONG_CODE = "AAAAA-AAAAA-AAAAA-AAAAA"


def _wrong_password(engine, source, now, email="host@example.org"):
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(engine, email, "not the password", source=source, now=now)
    return e.value


def test_a_stranger_guessing_from_elsewhere_never_keeps_the_right_password_out(db_engine):
    staff(db_engine, "association_host", "host@example.org")
    for i in range(25):
        _wrong_password(db_engine, "203.0.113.9", T0 + dt.timedelta(seconds=i))
    assert _wrong_password(db_engine, "203.0.113.9", T0 + dt.timedelta(seconds=30)).code == "too_many_attempts"
    # the host, from the association's office, at the same moment
    assert accounts.sign_in(db_engine, "host@example.org", PASSWORD, source="198.51.100.7", now=T0 + dt.timedelta(seconds=30))


def test_the_back_off_is_per_address_and_source_and_decays(db_engine):
    staff(db_engine, "association_host", "host@example.org")
    for i in range(4):  # 4 failures, 10 s apart (after each wait): the 4th earns a 4 s wait (2 s × 2^(4-3))
        err = _wrong_password(db_engine, "ip-a", T0 + dt.timedelta(seconds=10 * i))
    assert err.code == "sign_in_failed"
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "host@example.org", PASSWORD, source="ip-a", now=T0 + dt.timedelta(seconds=31))
    assert (e.value.code, e.value.params["seconds"]) == ("too_many_attempts", 3)
    # 30 quiet minutes forgive two failures: the next wrong password counts as the 3rd (2 s), not the 5th (8 s)
    later = T0 + dt.timedelta(seconds=30, minutes=30)
    _wrong_password(db_engine, "ip-a", later)
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in(db_engine, "host@example.org", PASSWORD, source="ip-a", now=later + dt.timedelta(seconds=1))
    assert e.value.params["seconds"] == 1  # 2 s wait, 1 s of it gone
    assert accounts.sign_in(db_engine, "host@example.org", PASSWORD, source="ip-a", now=later + dt.timedelta(seconds=3))


def test_one_source_trying_many_addresses_is_slowed_down_for_each(db_engine):
    for i in range(30):
        _wrong_password(db_engine, "ip-spray", T0, email=f"guess{i}@example.org")
    assert _wrong_password(db_engine, "ip-spray", T0, email="fresh@example.org").code == "too_many_attempts"
    assert _wrong_password(db_engine, "ip-other", T0, email="fresh@example.org").code == "sign_in_failed"


def test_the_limit_and_its_decay_by_hand():
    lim = throttle.SIGN_IN
    assert [lim.wait(n).total_seconds() for n in range(7)] == [0, 0, 0, 2, 4, 8, 16]
    assert lim.wait(40) == dt.timedelta(minutes=15)
    row = throttle.SignInThrottle(key_hash="k", failures=5, last_failure_at=T0)
    assert throttle.failures_now(row, lim, T0 + dt.timedelta(minutes=44)) == 3  # two whole quarters of an hour
    assert throttle.failures_now(row, lim, T0 + dt.timedelta(hours=3)) == 0


def _try_code(engine, session, source, code, now):
    with throttle.guarding_codes(engine, session, source, now=now):
        return storage.load_checkup(engine, code)


def test_wrong_resume_codes_are_limited_per_session_and_a_right_code_resets_nothing(db_engine):
    good = save_firm(db_engine).code
    for _ in range(5):
        with pytest.raises(StorageError) as e:
            _try_code(db_engine, "tab-1", "ip", WRONG_CODE, T0)
        assert e.value.code == "not_found"
    # the 6th try waits, even with the right code: nothing is looked up while blocked
    with pytest.raises(TooManyAttempts) as e:
        _try_code(db_engine, "tab-1", "ip", good, T0 + dt.timedelta(seconds=1))
    assert e.value.code == "too_many_code_attempts" and e.value.params["seconds"] == 1
    # after the wait a right code works, and does not clear the count: the next wrong one waits longer (4 s)
    assert _try_code(db_engine, "tab-1", "ip", good, T0 + dt.timedelta(seconds=3)).year == 2024
    with pytest.raises(StorageError):
        _try_code(db_engine, "tab-1", "ip", WRONG_CODE, T0 + dt.timedelta(seconds=3))
    with pytest.raises(TooManyAttempts) as e:
        _try_code(db_engine, "tab-1", "ip", good, T0 + dt.timedelta(seconds=4))
    assert e.value.params["seconds"] == 3
    # another browser session in the same room is not held up by this one
    assert _try_code(db_engine, "tab-2", "ip", good, T0 + dt.timedelta(seconds=4)).year == 2024


def test_new_sessions_from_one_source_are_limited_too(db_engine):
    for i in range(60):  # a reload gives a new session: 60 wrong codes from one address, 12 sessions
        with pytest.raises(StorageError):
            _try_code(db_engine, f"tab-{i // 5}", "ip-x", WRONG_CODE, T0)
    with pytest.raises(TooManyAttempts):
        _try_code(db_engine, "brand-new-tab", "ip-x", WRONG_CODE, T0)
    with pytest.raises(StorageError) as e:  # elsewhere, no wait
        _try_code(db_engine, "brand-new-tab", "ip-y", WRONG_CODE, T0)
    assert e.value.code == "not_found"


def test_join_and_invite_codes_count_and_a_failing_database_does_not(db_engine):
    from core.accounts import access, teams

    host = staff(db_engine, "association_host", "host@example.org")
    workshops.create_workshop(db_engine, host, "工作坊", dt.date(2026, 12, 4))
    lead = access.FirmActor(save_firm(db_engine).firm_id)
    me = access.FirmActor(save_firm(db_engine).firm_id)
    teams.create_team(db_engine, lead, "團隊")
    for i in range(5):
        with pytest.raises(Exception) as e:
            with throttle.guarding_codes(db_engine, "tab", "ip", now=T0):
                if i % 2:
                    workshops.join(db_engine, "ZZZZZZ")
                else:
                    teams.join_team(db_engine, me, "ZZZZZZZZ")
        assert e.value.code in ("bad_join_code", "bad_invite_code")
    with pytest.raises(TooManyAttempts):
        with throttle.guarding_codes(db_engine, "tab", "ip", now=T0):
            workshops.join(db_engine, "ZZZZZZ")
    for _ in range(8):  # the database failing is not a guess
        with pytest.raises(StorageError):
            with throttle.guarding_codes(db_engine, "tab-db", "ip-db", now=T0):
                raise StorageError("storage_unavailable")
    with pytest.raises(StorageError) as e:
        _try_code(db_engine, "tab-db", "ip-db", WRONG_CODE, T0)
    assert e.value.code == "not_found"


def test_sign_ins_and_wrong_passwords_are_in_the_audit_log_with_their_source(db_engine):
    from core.accounts import access

    admin = staff(db_engine, "admin", "admin@example.org")
    staff(db_engine, "association_host", "host@example.org")
    _wrong_password(db_engine, "203.0.113.9", T0)
    accounts.sign_in(db_engine, "host@example.org", PASSWORD, source="198.51.100.7", now=T0)
    _wrong_password(db_engine, "203.0.113.9", T0, email="nobody@example.org")  # no account: nothing to name
    log = [(x.staff_email, x.action, x.detail) for x in access.audit_log(db_engine, admin)]
    assert ("host@example.org", "sign_in_failed", "source 203.0.113.9") in log
    assert ("host@example.org", "sign_in", "source 198.51.100.7") in log
    assert not [x for x in log if x[0] == "nobody@example.org"]


# --------------------------------------------------------------------------- the pages


def test_the_resume_box_stops_after_five_wrong_codes_and_says_so(app_db):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT
    from core.i18n import t

    at = AppTest.from_file(str(ROOT / "pages" / "checkup" / "save.py"), default_timeout=60)
    at.session_state["ui_lang"] = "zh-TW"
    at.run()
    for i in range(5):
        at.text_input(key="w._resume_code").set_value(f"AAAAA-AAAAA-AAAAA-AAAA{i}")
        at.button(key="resume_button").click().run()
        assert t("checkup.resume.not_found", "zh-TW") in [e.value for e in at.error]
    at.text_input(key="w._resume_code").set_value(WRONG_CODE)
    at.button(key="resume_button").click().run()
    assert not at.exception
    too_many = t("access.errors.too_many_code_attempts", "zh-TW", seconds=2).split("2")[0]
    assert any(too_many in e.value for e in at.error)


def test_a_wrong_code_left_in_the_team_box_counts_once_however_often_the_page_runs(app_db):
    from streamlit.testing.v1 import AppTest

    from conftest_pg import ROOT
    from core.i18n import t

    at = AppTest.from_file(str(ROOT / "pages" / "staff" / "team.py"), default_timeout=60)
    at.session_state["ui_lang"] = "zh-TW"
    at.run()
    at.text_input(key="_team_code").set_value(WRONG_CODE).run()
    for _ in range(8):  # the page runs again and again (other widgets, reruns): still one wrong code
        at.run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert messages and t("access.errors.too_many_code_attempts", "zh-TW", seconds=2).split("2")[0] not in messages[0]
