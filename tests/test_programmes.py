"""The explained programme match for firms built from the rules in the seeds, and the obligations.

Dates: every match here is judged on 2026-06-01 (``ON``) so the verdicts do not drift with the clock.
Rules cited: S003 = 1+N 遴選須知 (shared/seeds/003_…), S002 = 產業低碳轉型推動計畫 公告, S004 = 經濟部業務報告,
S000 = 製造部門行動方案執行情形; web sources as in data/programmes.yaml.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from core.inventory.models import Checkup
from core.advice.programmes import (
    load_catalogue,
    match,
    obligations,
    obligations_text,
    programmes_json,
    status_on,
)
from core.inventory.result import Result

ON = dt.date(2026, 6, 1)


def _result(total: float, scope1: float | None = None) -> Result:
    s1 = total * 0.2 if scope1 is None else scope1
    return Result(year=2025, gwp_basis="AR5", fuel_factor_set="moenv_2024", scope1_tco2e=s1, scope2_tco2e=total - s1,
                  total_tco2e=total)


def _by_id(matches):
    return {m.id: m for m in matches}


def _codes(m):
    return [r.code for r in m.reasons]


def _reason(m, code):
    return next(r for r in m.reasons if r.code == code)


# --------------------------------------------------------------------------- the firms


def fastener_maker(**company) -> Checkup:
    """7 employees, metal products (25), registered factory, exports screws and bolts to the EU."""
    base = {
        "industry": "25", "employees": 7, "capital_ntd": 5_000_000, "county": "高雄市",
        "factory_registration": "registered", "eu_exports": ["螺絲", "bolts (CN 7318 15)"],
        "customer_requests": True, "chinese_capital": False, "state_owned": False,
    }
    base.update(company)
    return Checkup.model_validate({
        "year": 2025, "company": base,
        "equipment": {"air_compressors": [{"kw": 37, "age_years": 15}]},
    })


FASTENER_MEASURES = ["compressed_air_leaks", "compressor_vfd"]


def dyeing_mill(total_fuel_oil_boiler: bool = True) -> Checkup:
    """200 employees, capital NT$300 million, textiles (11), 1,500 kW contract, fuel-oil boiler."""
    return Checkup.model_validate({
        "year": 2025,
        "company": {
            "industry": "1140", "employees": 200, "capital_ntd": 300_000_000, "county": "彰化縣",
            "factory_registration": "registered", "contract_kw": 1500, "chinese_capital": False, "state_owned": False,
        },
        "equipment": {
            "boilers": [{"fuel": "fuel_oil", "capacity_tph": 10, "age_years": 12}],
            "pumps": [{"kw": 55, "count": 6}],
            "chillers": [{"rt": 200, "count": 1}],
        },
    })


def science_park_supplier() -> Checkup:
    """80 employees, electronic components (26), in a science park, chillers, customers ask for data."""
    return Checkup.model_validate({
        "year": 2025,
        "company": {
            "industry": "2611", "employees": 80, "capital_ntd": 50_000_000, "county": "新竹市", "park": "science_park",
            "factory_registration": "registered", "customer_requests": True, "chinese_capital": False, "state_owned": False,
        },
        "equipment": {"chillers": [{"rt": 300, "count": 2, "type": "water_cooled"}]},
    })


def diesel_boiler_firm() -> Checkup:
    """25 employees, food (08), a 20-year-old diesel boiler."""
    return Checkup.model_validate({
        "year": 2025,
        "company": {
            "industry": "08", "employees": 25, "capital_ntd": 20_000_000, "county": "台中市",
            "factory_registration": "registered", "chinese_capital": False, "state_owned": False,
        },
        "equipment": {"boilers": [{"fuel": "diesel", "capacity_tph": 2, "age_years": 20}]},
    })


# --------------------------------------------------------------------------- fastener maker


@pytest.fixture(scope="module")
def fastener():
    return _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON))


def test_fastener_cbam_help_desk_fits_and_is_running(fastener):
    m = fastener["cbam_help_desk"]
    assert (m.match, m.status) == ("yes", "running")
    cbam = _reason(m, "need_cbam")
    assert cbam.params["goods"] == ["螺絲", "bolts (CN 7318 15)"]


def test_fastener_micro_subsidy_fits_by_head_count_but_status_unknown(fastener):
    # S004 L1531-1535: 9 人以下, ≤ NT$3M, ≤ 50 %; last dated evidence 2023
    m = fastener["mfg_upgrade_subsidy_micro"]
    # it fits by the rules, but no dated source shows it running: folded, never a match
    assert (m.fit, m.match, m.status, m.folded) == ("yes", "no", "unknown", True)
    assert _reason(m, "employees_ok").params == {"employees": 7}
    assert _reason(m, "status_last_seen").params == {"year": 2023}
    # money has moved: the match points to the 2025-2026 schemes
    assert "tariff_rd_transformation_subsidy" in _reason(m, "see_also").params["programmes"]
    assert m.offers.cap_ntd == 3_000_000 and m.offers.share_max == 0.5


def test_fastener_excluded_from_ten_plus_programmes(fastener):
    ten = fastener["mfg_upgrade_subsidy_10plus"]
    assert (ten.match, ten.status) == ("no", "ended")
    assert _codes(ten)[0] == "ended"
    assert _reason(ten, "employees_below").params == {"employees": 7, "min": 10}
    diag = fastener["mfg_upgrade_diagnosis"]
    assert diag.match == "no"
    assert _codes(diag) == ["employees_below"]


def test_fastener_not_in_tiip_industries(fastener):
    # S002 L36-37: basic metals (24), not metal products (25)
    m = fastener["tiip_low_carbon_transition"]
    assert m.match == "no"
    assert _codes(m) == ["industry_not_listed"]
    assert _reason(m, "industry_not_listed").params["industry"] == "25"


def test_fastener_oneplusn_depends_on_joining_a_team(fastener):
    m = fastener["oneplusn_carbon_team"]
    # the rules' verdict; no dated 2026 source shows a team call, so the page folds it (match "no")
    assert (m.fit, m.match, m.status) == ("maybe", "no", "unknown")
    assert m.questions == ["customer_team"]
    assert {"is_manufacturing", "registration_ok", "need_supplier_pressure", "need_cbam"} <= set(_codes(m))
    yes = _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON, answers={"customer_team": True}))
    assert yes["oneplusn_carbon_team"].fit == "yes"
    no = _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON, answers={"customer_team": False}))
    assert no["oneplusn_carbon_team"].fit == "no"
    assert _codes(no["oneplusn_carbon_team"]) == ["answered_not_customer_team"]


def test_fastener_compressor_subsidy_names_the_old_compressor(fastener):
    m = fastener["power_utility_equipment_subsidy"]
    assert (m.match, m.status) == ("maybe", "running")
    assert m.questions == ["is_company"]
    assert _reason(m, "has_compressor_aged").params == {"kw": "37", "count": 1, "age": "15"}
    assert "您有空壓機 1 台，最大一台 37 kW、已使用 15 年。" in m.reasons_text("zh-TW")
    assert "Your air compressors (1 in all): the largest is 37 kW and 15 years old." in m.reasons_text("en")
    assert _reason(m, "fits_measures").params == {"measures": ["compressor_vfd"]}


def test_fastener_tariff_schemes_ask_the_deciding_question(fastener):
    m = fastener["tariff_rd_transformation_subsidy"]  # MOEA's own press release of 2026-01-15
    assert (m.match, m.status) == ("maybe", "running")
    assert m.questions == ["us_tariff_affected"]
    # only press reports show the competitiveness teams in 2026: the same question, but folded
    team = fastener["industry_competitiveness_team"]
    assert (team.fit, team.match, team.status, team.questions) == ("maybe", "no", "unknown", ["us_tariff_affected"])
    hit = _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON, answers={"us_tariff_affected": True}))
    assert hit["tariff_rd_transformation_subsidy"].match == "yes"
    assert hit["industry_competitiveness_team"].fit == "yes"
    assert "need_tariff" in _codes(hit["industry_competitiveness_team"])
    spared = _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON, answers={"us_tariff_affected": False}))
    assert spared["tariff_rd_transformation_subsidy"].match == "no"
    assert _codes(spared["tariff_rd_transformation_subsidy"]) == ["answered_not_us_tariff_affected"]
    # registered (not managed/specific) factory: the specific-factory scheme does not apply whatever the answer
    assert fastener["specific_factory_transition_subsidy"].match == "no"
    assert _codes(fastener["specific_factory_transition_subsidy"]) == ["registration_not_accepted"]


def test_fastener_sme_loan_asks_which_category(fastener):
    m = fastener["sme_multi_development_loan"]
    assert m.match == "maybe"
    assert m.questions == ["loan_net_zero_plan", "tariff_revenue_drop"]
    yes = _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON, answers={"loan_net_zero_plan": True}))
    assert yes["sme_multi_development_loan"].match == "yes"
    both_no = _by_id(match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON,
                           answers={"loan_net_zero_plan": False, "tariff_revenue_drop": False}))
    assert both_no["sme_multi_development_loan"].match == "no"


def test_fastener_points_to_smesa_carbon_health_check(fastener):
    m = fastener["sbia_carbon_health_check"]
    # its 2026 round is known from press reports only (no official source on record): folded, still pointed to
    assert (m.fit, m.match, m.status) == ("yes", "no", "unknown")
    assert "other_product" in _codes(m)


def test_chinese_capital_excludes_and_unknown_asks():
    out = _by_id(match(fastener_maker(chinese_capital=True), _result(200), FASTENER_MEASURES, on=ON))
    assert out["oneplusn_carbon_team"].fit == "no"
    assert "excluded_chinese_capital" in _codes(out["oneplusn_carbon_team"])
    unknown = _by_id(match(fastener_maker(chinese_capital=None), _result(200), FASTENER_MEASURES, on=ON))
    assert unknown["oneplusn_carbon_team"].questions == ["chinese_capital", "customer_team"]
    answered = _by_id(match(fastener_maker(chinese_capital=None), _result(200), FASTENER_MEASURES, on=ON,
                            answers={"chinese_capital": False, "customer_team": True}))
    assert answered["oneplusn_carbon_team"].fit == "yes"


def test_fastener_obligations():
    ob = obligations(fastener_maker(), _result(200))
    assert ob["crosses_threshold"] is False
    assert ob["carbon_fee"]["fee_general_ntd"] is None
    assert ob["cbam"]["is_cbam"] is True
    assert [g["category"] for g in ob["cbam"]["cbam_goods"]] == ["iron_steel", "iron_steel"]
    assert [m["code"] for m in ob["messages"]] == ["ob_fee_below", "ob_cbam_yes", "ob_customers"]
    # 200 / 25,000 = 0.8 %
    assert ob["messages"][0]["params"]["share"] == "0.8%"
    text = obligations_text(ob, "zh-TW")
    assert "螺絲、bolts (CN 7318 15)" in text[1]


# --------------------------------------------------------------------------- dyeing mill


@pytest.fixture(scope="module")
def mill():
    return _by_id(match(dyeing_mill(), _result(12_000, scope1=7_000), ["boiler_fuel_switch_gas", "pump_vfd"], on=ON))


def test_mill_is_not_an_sme(mill):
    # 中小企業認定標準 art. 2: capital ≤ NT$100M OR < 200 employees; 200 employees and NT$300M fail both
    m = mill["sbia_sme_energy_carbon_advisory"]
    assert m.match == "no"
    assert _codes(m) == ["not_sme"]
    assert _reason(m, "not_sme").params == {"employees": 200, "capital": "300,000,000", "emp_lt": 200, "cap_max": "100,000,000"}
    micro = mill["mfg_upgrade_subsidy_micro"]
    assert micro.match == "no"
    assert set(_codes(micro)) == {"employees_above", "not_sme"}


def test_mill_textiles_listed_in_tiip(mill):
    m = mill["tiip_low_carbon_transition"]
    assert (m.fit, m.status) == ("maybe", "unknown")  # last dated call 2025-02-05
    assert m.questions == ["customer_team"]
    assert _reason(m, "industry_listed").params == {"industry": "1140"}


def test_mill_large_user_service(mill):
    # contract capacity over 800 kW = 能源大用戶 (S004 L4051)
    m = mill["large_user_energy_service"]
    assert (m.fit, m.match, m.status) == ("yes", "no", "unknown")
    assert _reason(m, "contract_ok").params == {"kw": "1,500"}


def test_mill_boiler_subsidy_ended_with_alternatives(mill):
    m = mill["moea_boiler_low_carbon_fuel_subsidy"]
    assert (m.match, m.status) == ("no", "ended")
    assert _reason(m, "ended").params == {"end": "2023-12-31"}
    assert "natural_gas_supply_assistance" in _reason(m, "see_also").params["programmes"]
    gas = mill["natural_gas_supply_assistance"]
    assert gas.fit == "yes"
    assert _reason(gas, "has_boiler_aged").params == {"fuel": "fuel_oil", "age": "12"}
    assert "您有使用燃料油（重油）的鍋爐，已使用 12 年。" in gas.reasons_text("zh-TW")


def test_mill_obligations_below_fee_but_near_inventory_list():
    ob = obligations(dyeing_mill(), _result(12_000))
    assert ob["crosses_threshold"] is False
    assert ob["inventory_only_possible"] is True
    assert [m["code"] for m in ob["messages"]] == ["ob_fee_below", "ob_inventory_only_maybe"]
    assert ob["messages"][0]["params"]["share"] == "48.0%"  # 12,000 / 25,000


def test_mill_over_the_line_pays_the_fee():
    ob = obligations(dyeing_mill(), _result(30_000))
    # (30,000 − 25,000) × 300 = 1,500,000; × 50 = 250,000; × 100 = 500,000
    fee = ob["carbon_fee"]
    assert fee["applies"] is True
    assert fee["fee_general_ntd"] == pytest.approx(1_500_000)
    assert fee["fee_preferential_a_ntd"] == pytest.approx(250_000)
    assert fee["fee_preferential_b_ntd"] == pytest.approx(500_000)
    assert ob["inventory_registration"]["required"] is True
    assert [m["code"] for m in ob["messages"]] == ["ob_fee_applies", "ob_register"]
    assert "NT$1,500,000" in obligations_text(ob, "en")[0]
    # a carbon-fee payer is excluded from the cooling-action subsidy, and TIIP now fits its fee need
    out = _by_id(match(dyeing_mill(), _result(30_000), [], on=ON))
    assert out["moenv_cooling_action_subsidy"].match == "no"
    assert _codes(out["moenv_cooling_action_subsidy"]) == ["is_carbon_fee_payer"]
    assert "need_carbon_fee" in _codes(out["tiip_low_carbon_transition"])


# --------------------------------------------------------------------------- science-park supplier


@pytest.fixture(scope="module")
def park():
    return _by_id(match(science_park_supplier(), _result(3_000), ["chiller_replacement"], on=ON))


def test_science_park_services(park):
    sp = park["science_park_energy_ghg"]
    assert sp.fit == "yes"
    assert _reason(sp, "park_ok").params == {"park": "science_park"}
    assert "工廠位於科學園區，本方案服務該園區。" in sp.reasons_text("zh-TW")
    ip = park["industrial_park_low_carbon"]
    assert ip.match == "no"
    assert _codes(ip) == ["park_not"]
    assert park["tech_park_energy_carbon_coaching"].match == "no"


def test_science_park_electronics_in_tiip_and_cooling(park):
    assert park["tiip_low_carbon_transition"].fit == "maybe"  # electronics 26 (S002 L37)
    cool = park["moenv_cooling_action_subsidy"]
    assert (cool.fit, cool.match) == ("yes", "no")
    assert cool.status == "unknown"  # last dated evidence 2025
    assert "has_chiller" in _codes(cool)
    esco = park["esco_performance_guarantee_subsidy"]
    assert esco.match == "maybe" and esco.questions == ["esco_contract"]
    # no EU exports: the CBAM desk does not fit
    assert park["cbam_help_desk"].match == "no"
    assert _codes(park["cbam_help_desk"]) == ["not_relevant"]


# --------------------------------------------------------------------------- diesel boiler


@pytest.fixture(scope="module")
def diesel():
    return _by_id(match(diesel_boiler_firm(), _result(900), ["boiler_fuel_switch_gas", "boiler_tuning"], on=ON))


def test_diesel_boiler_subsidies_all_ended(diesel):
    for pid in ("moea_boiler_low_carbon_fuel_subsidy", "moenv_boiler_replacement_subsidy", "local_epb_boiler_subsidy"):
        assert (diesel[pid].match, diesel[pid].status) == ("no", "ended"), pid
    # the MOENV scheme was never for industry
    assert "manufacturing_excluded" in _codes(diesel["moenv_boiler_replacement_subsidy"])


def test_diesel_boiler_where_help_is_now(diesel):
    gas = diesel["natural_gas_supply_assistance"]
    assert gas.fit == "yes"
    assert _reason(gas, "has_boiler_aged").params == {"fuel": "diesel", "age": "20"}
    assert _reason(gas, "fits_measures").params == {"measures": ["boiler_fuel_switch_gas"]}
    assert diesel["idb_low_carbon_production"].fit == "yes"
    tax = diesel["aii_10_1_energy_saving_tax_credit"]
    assert (tax.match, tax.status) == ("maybe", "running")
    assert tax.questions == ["taxable_profit"]


# --------------------------------------------------------------------------- dates, order, output


def test_status_follows_the_date():
    cat = load_catalogue()
    ten = cat.get("mfg_upgrade_subsidy_10plus")
    assert status_on(ten, dt.date(2025, 3, 1)) == "running"
    assert status_on(ten, dt.date(2025, 3, 21)) == "ended"
    loan = cat.get("low_carbon_smart_managed_loan")
    assert status_on(loan, dt.date(2025, 10, 31)) == "running"
    assert status_on(loan, dt.date(2025, 11, 1)) == "ended"
    sf = cat.get("specific_factory_transition_subsidy")
    # its 2026 call is known from press reports only: never "running", ended after the deadline all the same
    assert status_on(sf, dt.date(2026, 6, 30)) == "unknown"
    assert status_on(sf, dt.date(2026, 7, 1)) == "ended"
    assert status_on(sf, dt.date(2025, 12, 1)) == "unknown"  # before it opened
    one = cat.get("oneplusn_carbon_team")
    assert status_on(one, dt.date(2025, 5, 1)) == "running"
    assert status_on(one, dt.date(2026, 5, 1)) == "unknown"


def test_order_yes_maybe_no_then_running_first(fastener):
    ms = match(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON)
    order = {"yes": 0, "maybe": 1, "no": 2}
    st = {"running": 0, "unknown": 1, "ended": 2}
    keys = [(order[m.match], st[m.status]) for m in ms]
    assert keys == sorted(keys)
    assert ms[0].match == "yes" and ms[0].status == "running"
    assert len(ms) == len(load_catalogue().programmes)


def test_json_output_fields(fastener):
    out = programmes_json(fastener_maker(), _result(200), FASTENER_MEASURES, on=ON, lang="en")
    text = json.dumps(out, ensure_ascii=False)
    assert json.loads(text) == out
    for row in out:
        for key in ("id", "name", "agency", "status", "checked", "match", "reasons", "next_step", "contact", "source"):
            assert key in row, key
        assert row["checked"] == "2026-03-09"
        assert row["status"] in ("running", "ended", "unknown")
        assert row["source"], row["id"]
        for r in row["reasons"]:
            assert r["text"] and "{" not in r["text"]
    cbam = next(r for r in out if r["id"] == "cbam_help_desk")
    assert cbam["name"].startswith("EU CBAM help desk")
    assert cbam["agency"].startswith("International Trade Administration")


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_every_reason_of_every_firm_translates(lang):
    firms = [
        (fastener_maker(), _result(200), FASTENER_MEASURES),
        (dyeing_mill(), _result(30_000), ["boiler_fuel_switch_gas", "pump_vfd"]),
        (science_park_supplier(), _result(3_000), ["chiller_replacement", "rooftop_solar"]),
        (diesel_boiler_firm(), _result(900), ["boiler_fuel_switch_gas", "boiler_tuning", "led_lighting"]),
        (Checkup.model_validate({"year": 2025}), None, []),
    ]
    answers_sets = [{}, {q: True for q in load_catalogue().questions}, {q: False for q in load_catalogue().questions}]
    for ck, res, ms in firms:
        for answers in answers_sets:
            for m in match(ck, res, ms, on=ON, answers=answers):
                for text in m.reasons_text(lang) + m.questions_text(lang):
                    assert text and "{" not in text
        for text in obligations_text(obligations(ck, res), lang):
            assert text and "{" not in text


def test_empty_checkup_asks_rather_than_refuses():
    out = _by_id(match(Checkup.model_validate({"year": 2025}), None, [], on=ON))
    m = out["sbia_sme_energy_carbon_advisory"]
    assert m.match == "maybe"
    assert m.questions == ["sme_size"]
    d = out["mfg_upgrade_diagnosis"]
    assert d.fit == "maybe"
    assert d.questions == ["industry", "employees", "factory_registration", "chinese_capital"]
    # an equipment subsidy with nothing in the checkup calling for it is not offered
    assert out["mfg_upgrade_subsidy_micro"].match == "no"
    assert _codes(out["mfg_upgrade_subsidy_micro"]) == ["not_relevant"]
    ob = obligations(Checkup.model_validate({"year": 2025}), None)
    assert ob["crosses_threshold"] is None
    assert [x["code"] for x in ob["messages"]] == ["ob_no_total"]


# --------------------------------------------------------------------------- CBAM goods and properties


@pytest.mark.parametrize(
    "item, category",
    [
        ("螺絲", "iron_steel"),
        ("bolts (CN 7318 15)", "iron_steel"),
        ("stainless steel screws", "iron_steel"),
        ("鋁擠型", "aluminium"),
        ("7604 10", "aluminium"),
        ("Portland cement", "cement"),
        ("urea 3102", "fertilisers"),
        ("hydrogen", "hydrogen"),
        ("environment sensors", None),  # "iron" inside a word is not iron
        ("720 pcs", None),  # a quantity, not a CN code
        ("電力設備", None),  # electrical equipment is not electricity
        ("textiles", None),
    ],
)
def test_cbam_goods(item, category):
    from core.advice.programmes import cbam_goods

    found = cbam_goods([item])
    assert (found[0]["category"] if found else None) == category


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PROFILE_ANSWERABLE = {"industry", "employees", "sme_size", "factory_registration", "contract_kw", "county"}


@settings(max_examples=60, deadline=None)
@given(
    industry=st.sampled_from(["08", "11", "1140", "24", "25", "2611", "29", "45", "56"]),
    employees=st.integers(1, 600),
    capital=st.sampled_from([1e6, 5e7, 1e8, 1.5e8, 1e9]),
    park=st.sampled_from(["none", "industrial_zone", "science_park", "export_zone"]),
    reg=st.sampled_from(["registered", "exempt", "managed", "specific", "none"]),
    kw=st.sampled_from([50, 300, 900, 3000]),
    total=st.sampled_from([50, 2_000, 12_000, 40_000]),
    exports=st.sampled_from([[], ["螺絲"], ["textiles"]]),
    answer=st.booleans(),
)
def test_match_invariants(industry, employees, capital, park, reg, kw, total, exports, answer):
    ck = Checkup.model_validate({
        "year": 2025,
        "company": {"industry": industry, "employees": employees, "capital_ntd": capital, "park": park, "county": "臺中市",
                    "factory_registration": reg, "contract_kw": kw, "eu_exports": exports, "customer_requests": answer,
                    "chinese_capital": False, "state_owned": False},
        "equipment": {"air_compressors": [{"kw": 22}], "boilers": [{"fuel": "diesel"}]},
    })
    answers = {q: answer for q in load_catalogue().questions if q not in _PROFILE_ANSWERABLE}
    for m in match(ck, _result(total), ["compressor_vfd", "boiler_fuel_switch_gas"], on=ON, answers=answers):
        assert m.reasons, m.id  # every verdict says why
        if m.status != "running":
            assert m.match == "no" and m.folded  # never a match unless confirmed running
        assert m.fit != "maybe", (m.id, m.questions)  # a full profile plus answers decides everything
    unanswered = match(ck, _result(total), ["compressor_vfd"], on=ON)
    for m in unanswered:
        assert (m.fit == "maybe") == bool(m.questions), m.id
        assert m.match == (m.fit if m.status == "running" else "no"), m.id
