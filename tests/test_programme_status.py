"""Programmes that are open: a status as of a stated date, never "符合" unless confirmed running by an official source.

The catalogue's statuses were rechecked on 2026-12-04 (data/programmes.yaml ``status.checked``); the dates below are
chosen around that day and around each programme's own end or deadline.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.advice.programmes import (
    STATUS_FRESH_DAYS,
    has_official_source,
    load_catalogue,
    match,
    questions_to_ask,
    status_on,
)
from core.inventory.models import Checkup
from core.inventory.result import Result

CHECKED = dt.date(2026, 12, 4)


def _firm() -> Checkup:
    """A 12-person screw maker with an old compressor and a diesel boiler: many programmes fit by the rules."""
    return Checkup.model_validate({
        "year": 2025,
        "company": {"industry": "25", "employees": 12, "capital_ntd": 8_000_000, "county": "高雄市",
                    "factory_registration": "registered", "eu_exports": ["螺絲"], "customer_requests": True,
                    "chinese_capital": False, "state_owned": False, "contract_kw": 300},
        "equipment": {"air_compressors": [{"kw": 37, "age_years": 15}], "boilers": [{"fuel": "diesel"}]},
    })


def _result() -> Result:
    return Result(year=2025, gwp_basis="AR5", fuel_factor_set="moenv_2024", scope1_tco2e=40, scope2_tco2e=160,
                  total_tco2e=200)


def _ends(p) -> list[dt.date]:
    return [d for d in (p.period.end, p.status.deadline if p.status else None) if d is not None]


@pytest.mark.parametrize("p", load_catalogue().programmes, ids=lambda p: p.id)
def test_an_ended_programme_is_never_a_match_on_a_date_after_its_end(p):
    ends = _ends(p)
    if not ends:
        pytest.skip("no end date")
    end = min(ends)
    for later in (end + dt.timedelta(days=1), end + dt.timedelta(days=200), CHECKED + dt.timedelta(days=30)):
        if later <= end:
            continue
        assert status_on(p, later) == "ended", later
    matches = {m.id: m for m in match(_firm(), _result(), ["compressor_vfd", "boiler_fuel_switch_gas"],
                                      on=end + dt.timedelta(days=1), answers={q: True for q in load_catalogue().questions})}
    m = matches[p.id]
    assert m.status == "ended" and m.match == "no" and m.folded
    assert m.reasons[0].code == "ended" and m.reasons[0].params == {"end": end.isoformat()}


def test_no_folded_programme_is_ever_yes_or_maybe():
    """Over a spread of dates, with every question answered yes: a match is only ever a running programme."""
    answers = {q: True for q in load_catalogue().questions}
    seen_yes = 0
    for on in (dt.date(2025, 3, 1), dt.date(2026, 1, 1), dt.date(2026, 6, 1), CHECKED, dt.date(2027, 6, 1)):
        for m in match(_firm(), _result(), ["compressor_vfd", "compressed_air_leaks"], on=on, answers=answers):
            if m.match in ("yes", "maybe"):
                assert m.status == "running", (on, m.id)
                seen_yes += 1
            if m.folded:
                assert m.match == "no", (on, m.id)
    assert seen_yes > 0  # the rule is not vacuous


def test_a_status_check_older_than_a_year_confirms_nothing():
    cat = load_catalogue()
    p = cat.get("power_utility_equipment_subsidy")  # 經濟部令 2026-01-29: running when checked
    assert status_on(p, CHECKED) == "running"
    assert status_on(p, CHECKED + dt.timedelta(days=STATUS_FRESH_DAYS)) == "unknown"  # evidence of 2026, now 2027
    stale = p.model_copy(update={"status": p.status.model_copy(update={"checked": dt.date(2025, 1, 2)})})
    assert status_on(stale, dt.date(2026, 1, 3)) == "unknown"  # 366 days after the check


def test_running_needs_an_official_source():
    cat = load_catalogue()
    p = cat.get("industry_competitiveness_team")  # only press reports (自由時報, 鉅亨網) on record
    assert p.status.state == "running" and not has_official_source(p)
    assert status_on(p, CHECKED) == "unknown"
    tariff = cat.get("tariff_rd_transformation_subsidy")  # MOEA's own press release
    assert has_official_source(tariff) and status_on(tariff, CHECKED) == "running"


def test_status_found_ended_on_the_check_day_stays_ended():
    sf = load_catalogue().get("specific_factory_transition_subsidy")
    assert sf.status.state == "ended"
    assert status_on(sf, CHECKED) == "ended"
    assert status_on(sf, dt.date(2027, 3, 1)) == "ended"


def test_questions_asked_only_where_they_change_a_running_verdict_most_deciding_first():
    ms = match(_firm(), _result(), ["compressor_vfd"], on=CHECKED)
    qs = questions_to_ask(ms)
    maybe = [m for m in ms if m.match == "maybe"]
    assert maybe and qs
    counts = [sum(q in m.questions for m in maybe) for q in qs]
    assert counts == sorted(counts, reverse=True)
    # a question only a folded programme asks is never asked (oneplusn's customer_team: no 2026 call on record)
    folded_only = {q for m in ms if m.folded for q in m.questions} - {q for m in maybe for q in m.questions}
    assert folded_only and not (folded_only & set(qs))
    # answering the first question moves every programme it decides out of "maybe"
    first = qs[0]
    after = {m.id: m for m in match(_firm(), _result(), ["compressor_vfd"], on=CHECKED, answers={first: False})}
    for m in maybe:
        if m.questions == [first]:
            assert after[m.id].match == "no", m.id
    assert questions_to_ask(ms, skip=[first]) == [q for q in qs if q != first]


# --------------------------------------------------------------------------- the data


def test_every_programme_shown_as_running_today_has_a_fresh_status_and_an_official_source():
    """Fails when the catalogue has gone more than a year without a recheck: then recheck it."""
    cat = load_catalogue()
    today = dt.date.today()
    for p in cat.programmes:
        if status_on(p, today) != "running" or (p.status and today < p.status.checked):
            continue
        assert p.status is not None, p.id
        assert (today - p.status.checked).days <= STATUS_FRESH_DAYS, p.id
        fresh = (p.status.evidence_date is not None and (today - p.status.evidence_date).days <= STATUS_FRESH_DAYS) or (
            p.period.confirmed_through is not None and today.year <= p.period.confirmed_through)
        assert fresh, p.id
        assert any(cat.sources[c.ref].kind == "official" for c in p.sources), p.id


def test_on_the_check_day_the_running_ones_are_the_officially_confirmed_2026_ones():
    cat = load_catalogue()
    running = {p.id for p in cat.programmes if status_on(p, CHECKED) == "running"}
    # the reference notes' "confirmed open/operating in 2026 by a dated 2026 source" with an official source on record
    assert {"power_utility_equipment_subsidy", "esco_performance_guarantee_subsidy", "sme_multi_development_loan",
            "aii_10_1_energy_saving_tax_credit", "tariff_rd_transformation_subsidy", "cbam_help_desk"} <= running
    assert not running & {"moea_boiler_low_carbon_fuel_subsidy", "mfg_upgrade_subsidy_10plus", "oneplusn_carbon_team",
                          "industry_competitiveness_team", "specific_factory_transition_subsidy"}
    for pid in running:
        p = cat.get(pid)
        assert p.status.state in ("open", "running") and p.status.evidence_date is not None, pid
        assert has_official_source(p), pid


# research notes that belong in a data file's notes, never in what a page or the PDF prints
RESEARCH_NOTE = re.compile(r"unverified|not verified|rule of thumb|thesis|known only|forum|repost|轉載|[\u3040-\u30ff]",
                           re.IGNORECASE)


def _user_texts(p) -> list[str]:
    texts = [p.name_zh, p.name_en, p.summary.zh, p.summary.en, p.offers.text.zh, p.offers.text.en,
             p.next_step.zh, p.next_step.en]
    texts += [u.zh for u in p.uncertain] + [u.en for u in p.uncertain]
    if p.contact.text:
        texts += [p.contact.text.zh, p.contact.text.en]
    return texts


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_no_user_facing_programme_text_carries_a_research_note(lang):
    cat = load_catalogue()
    for p in cat.programmes:
        for text in _user_texts(p):
            assert not RESEARCH_NOTE.search(text), (p.id, text)
    for m in match(_firm(), _result(), [], on=CHECKED):
        for c in m.citations(lang):
            assert not RESEARCH_NOTE.search(c), (m.id, c)
        assert {s["kind"] for s in m.source} <= {"official", "news"}, m.id  # reposts and bank pages not handed on


def test_citations_name_issuer_title_date_and_url_in_the_readers_language():
    m = next(m for m in match(_firm(), _result(), [], on=CHECKED) if m.id == "aii_10_1_energy_saving_tax_credit")
    zh, en = m.citations("zh-TW")[0], m.citations("en")[0]
    assert zh == ("全國法規資料庫（法務部），〈產業創新條例 第10條之1（2025-05-07 修正公布）〉，2025-05-07，第10條之1，"
                  "https://law.moj.gov.tw/LawClass/LawSingle.aspx?pcode=J0040051&flno=10-1")
    assert en.startswith("全國法規資料庫（法務部）, “產業創新條例 第10條之1") and en.endswith("&flno=10-1")
    d = m.to_dict("en")
    assert d["source"][0]["text"] == en and d["status_checked"] == "2026-12-04" and d["folded"] is False
