"""core.advise: one call gives the measures, their total, the programmes and the obligations of a checkup."""

import datetime as dt
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parent.parent
SCREWS = core.load(ROOT / "examples" / "screws.yaml")


def test_advise_without_a_result_computes_one():
    a = core.advise(SCREWS)
    assert round(a["total_tco2e"], 2) == 138.19  # the hand-worked total of examples/screws.yaml (see test_app_results_save)
    assert a["year"] == 2024
    assert {"measures", "measures_total", "abatement_curve", "programmes", "obligations"} <= a.keys()


def test_the_total_of_measures_is_not_more_than_their_sum():
    a = core.advise(SCREWS)
    assert len(a["measures"]) >= 3
    assert a["measures_total"]["saving_tco2e"] <= sum(m["saving_tco2e"] for m in a["measures"]) + 1e-9
    assert a["measures_total"]["saving_tco2e"] < a["total_tco2e"]


def test_a_small_firm_is_pointed_to_the_sme_carbon_health_check_and_owes_no_carbon_fee():
    a = core.advise(SCREWS, on=dt.date(2026, 11, 23))
    ids = [p["id"] for p in a["programmes"]]
    assert "sbia_carbon_health_check" in ids  # 中小企業碳健檢 (SBIA), where it fits the firm
    assert a["obligations"]["carbon_fee"]["applies"] is False  # 138 t is far below the 25,000 t threshold


def test_the_language_changes_the_words_not_the_advice():
    zh, en = core.advise(SCREWS, lang="zh-TW"), core.advise(SCREWS, lang="en")
    assert [m["id"] for m in zh["measures"]] == [m["id"] for m in en["measures"]]
    assert [p["id"] for p in zh["programmes"]] == [p["id"] for p in en["programmes"]]
    assert zh["programmes"][0]["name"] != en["programmes"][0]["name"]
