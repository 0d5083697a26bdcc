"""The EU question: CBAM goods in the owner's words with their CN codes, the match they make, the intensity per tonne.

Hand-worked for the screw factory (examples/screws.yaml without its free-text exports and goods):
- 螺絲螺帽 is CN 7318 (Annex I: "Screws, bolts, nuts, …"), so the CBAM help desk (fits_needs: cbam_exposure) fits.
- 15,000,000 pieces × 3 g ÷ 1,000,000 = 45 t; the checkup's total over 45 t (the production given, 500 公噸, is
  larger, so 500 t): per tonne = total ÷ 500.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import core
from core.advice.programmes import match, obligations
from core.inventory.goods import cn_scope, good_label, good_of_text, goods

ROOT = Path(__file__).resolve().parents[1]


def screws(**change):
    data = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))
    data["company"]["eu_exports"] = []
    data.pop("goods", None)
    data.pop("precursors", None)
    data.update(change)
    return core.parse_checkup(data)


@pytest.mark.parametrize("good", list(goods()))
def test_every_good_in_the_list_is_a_cbam_good_of_its_sector(good):
    row = goods()[good]
    scope = cn_scope(row["cn_code"])
    assert scope is not None, good
    assert scope.sector == row["sector"]
    assert len(row["cn_code"]) in (4, 6, 8)  # what the checkup file accepts
    assert row["label_zh"] and row["label_en"]


def test_the_owner_words_show_the_cn_code():
    assert good_label("fasteners", "zh-TW").endswith("（CN 7318）")
    assert good_label("cement", "en").endswith("(CN 2523 29 00)")
    assert good_of_text("不鏽鋼螺絲") == "fasteners"
    assert good_of_text("鋁擠型門窗") == "aluminium_profiles"
    assert good_of_text("紡織品") is None


def _cbam_desk(checkup):
    result = core.compute(checkup)
    return next(m for m in match(checkup, result) if m.id == "cbam_help_desk"), obligations(checkup, result)


def test_without_the_eu_answer_cbam_does_not_fit():
    desk, ob = _cbam_desk(screws())
    assert desk.match == "no"
    assert ob["cbam"]["is_cbam"] is False


def test_eu_screws_make_cbam_fit():
    desk, ob = _cbam_desk(screws(goods=[{"good": "fasteners", "cn_code": "7318", "tonnes": 450}]))
    assert desk.match == "yes"
    assert ob["cbam"]["is_cbam"] is True
    assert "螺絲螺帽" in ob["messages"][1]["text"] and "CN 7318" in ob["messages"][1]["text"]
    en = obligations(screws(goods=[{"good": "fasteners", "cn_code": "7318"}]), None, "en")
    cbam_en = next(m["text"] for m in en["messages"] if m["code"] == "ob_cbam_yes")
    assert "Screws, bolts, nuts" in cbam_en and "(CN 7318)" in cbam_en


def test_a_good_chosen_and_written_is_named_once():
    c = screws(goods=[{"good": "fasteners", "cn_code": "7318", "tonnes": 450}])
    data = core.to_data(c)
    data["company"]["eu_exports"] = ["螺絲"]
    ob = obligations(core.parse_checkup(data))
    assert len(ob["cbam"]["cbam_goods"]) == 1


def test_pieces_times_grams_and_the_intensity_per_tonne():
    c = screws(goods=[{"good": "fasteners", "cn_code": "7318", "pieces": "1,500萬", "piece_g": 3}])
    assert c.goods[0].mass_t() == pytest.approx(45)
    r = core.compute(c)
    assert r.intensities["per_tonne_goods"] == pytest.approx(r.total_tco2e / 500)  # the 500 公噸 production is larger
    no_production = core.compute(screws(production=None, goods=[{"good": "fasteners", "tonnes": 45}]))
    assert no_production.intensities["per_tonne_goods"] == pytest.approx(no_production.total_tco2e / 45)


def test_missing_production_warns_but_never_blocks():
    r = core.compute(screws(goods=[{"good": "fasteners", "cn_code": "7318"}]))
    assert r.total_tco2e > 0
    flag = next(f for f in r.flags if f.code == "good_production_missing")
    assert flag.input == "goods[0]"
    assert flag.text("zh-TW").startswith("螺絲螺帽") and "moenv" not in flag.text("zh-TW")
    assert "per_tonne_goods" not in r.intensities


def test_the_cbam_export_asks_for_the_missing_production():
    from core.exports import cbam_supplier_data

    c = screws(goods=[{"good": "fasteners", "cn_code": "7318"}])
    with pytest.raises(core.CheckupError) as err:
        cbam_supplier_data(c, core.compute(c))
    assert err.value.code == "cbam_good_mass_required"
    assert err.value.field == "goods[0]"
