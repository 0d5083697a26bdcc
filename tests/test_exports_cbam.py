"""CBAM supplier data: hand-worked cases, the arithmetic written out in each test from the official factors.

Factors used (inventory year 2024): natural gas 56,100 kg CO2/TJ (環境部 溫室氣體排放係數 附表一) × 8,107 kcal/m³
(能源署 熱值表, NG1) × 4.1868e-9 TJ/kcal; electricity 0.474 kgCO2e/kWh (113年度 電力排碳係數). EU default values
(Implementing Regulation (EU) 2025/2621 Annex I, before mark-up): Taiwan 7213 wire rod 2.298, Taiwan 7318
fasteners 2.707, China 7214 99 bars 3.169, 'Other countries' 7221 stainless wire rod 4.820 tCO2e/t.
"""

import pytest

import core
from core.errors import ExportProblem
from core.exports import cbam_supplier_data
from core.exports.reference import default_value

NG_CO2_KG_PER_M3 = 56100 * 8107 * 4.1868e-9   # 1.904168 kg CO2 per m3
GRID = 0.474                                   # kgCO2e/kWh, 2024


def checkup(**extra):
    data = {"year": 2024, "company": {"name": "測試扣件"}}
    data.update(extra)
    return core.parse_checkup(data)


def doc_of(**extra):
    c = checkup(**extra)
    return cbam_supplier_data(c, core.compute(c))


def codes(doc):
    return [n.code for n in doc.notes]


# --------------------------------------------------------------------------- case 1


def test_fastener_maker_buying_wire_rod_with_default_values():
    doc = doc_of(
        production={"amount": 100, "unit": "公噸"},
        electricity={"kwh": 100_000},
        fuels=[{"fuel": "natural_gas", "amount": 10_000, "unit": "m3"},
               {"fuel": "diesel", "amount": 500, "unit": "L", "use": "vehicle", "name": "貨車"}],
        goods=[{"good": "fasteners", "cn_code": "7318", "tonnes": 100}],
        precursors=[{"cn_code": "7213", "tonnes": 110, "country": "TW"}],
    )
    own_direct = 10_000 * NG_CO2_KG_PER_M3 / 1000        # 19.0417 t CO2: the truck's diesel is outside CBAM
    wire_rod = 110 * 2.298                               # 252.78 t CO2e, EU default Taiwan 7213
    indirect = 100_000 * GRID / 1000                     # 47.4 t
    p = doc.products[0]
    assert doc.totals.direct_by_gas_tco2e == {"CO2": pytest.approx(own_direct)}
    assert p.see_direct == pytest.approx((own_direct + wire_rod) / 100)   # 2.7182 tCO2e/t
    assert p.see_indirect == pytest.approx(indirect / 100)               # 0.474 tCO2e/t
    assert p.see_total == pytest.approx((own_direct + wire_rod + indirect) / 100)
    assert p.direct_only and p.embedded_counted == pytest.approx(p.see_direct)  # 7318 is in Annex II
    assert p.default_share == pytest.approx(wire_rod / (own_direct + wire_rod))  # 0.930
    assert p.embedded_electricity_mwh_per_t == pytest.approx(100 / 100)
    assert p.precursor_t_per_t == pytest.approx(1.1)
    pre = doc.precursors[0]
    assert pre.basis == "default" and pre.default.table == "TW" and pre.default.cn_line == "7213"
    assert pre.default.markup["2026"] == pytest.approx(2.5276)   # the workbook's 'including mark-up' column: 2.2978 × 1.1
    assert p.eu_default.total == pytest.approx(2.707)            # what the importer would use instead
    roles = {(s.input, s.gas): s.role for s in doc.sources}
    assert roles[("fuels[1]", "CO2")] == "excluded"              # vehicle
    assert roles[("fuels[0]", "CH4")] == "excluded"              # not a CBAM gas for steel
    assert roles[("electricity", "CO2e")] == "indirect"
    assert {"default_values_recheck", "precursor_markup", "indirect_ef", "not_verified", "de_minimis"} <= set(codes(doc))
    assert "precursor_less_than_good" not in codes(doc)
    assert "+".join(doc.goods[0].gases) == "CO2"


# --------------------------------------------------------------------------- case 2


def test_two_goods_attributed_by_production_mass():
    doc = doc_of(
        production={"amount": 300, "unit": "公噸"},
        electricity={"kwh": 200_000},
        fuels=[{"fuel": "natural_gas", "amount": 20_000, "unit": "m3"}],
        goods=[{"good": "fasteners", "cn_code": "731815", "tonnes": 120},
               {"good": "steel_parts", "cn_code": "7326", "pieces": 3_000_000, "piece_g": 20}],   # 60 t
        precursors=[{"cn_code": "7213", "tonnes": 150, "country": "TW"},
                    {"cn_code": "721499", "tonnes": 40, "country": "CN", "for_goods": [1]}],
    )
    direct = 20_000 * NG_CO2_KG_PER_M3 / 1000           # 38.0834 t
    indirect = 200_000 * GRID / 1000                    # 94.8 t
    share1, share2 = 120 / 300, 60 / 300                # the other 120 t of products keep 40 %
    rod1, rod2 = 150 * 120 / 300, 150 * 60 / 300         # wire rod by mass over 120 + 60 + 120 t: 60 t and 30 t
    g1, g2 = doc.goods
    assert g2.mass_t == pytest.approx(3_000_000 * 20 / 1_000_000)
    assert (g1.share, g2.share) == (pytest.approx(share1), pytest.approx(share2))
    assert g1.attributed_direct_tco2e + g2.attributed_direct_tco2e + direct * 120 / 300 == pytest.approx(direct)
    assert [u.tonnes for u in doc.precursors[0].uses] == [pytest.approx(rod1), pytest.approx(rod2), pytest.approx(60)]
    assert doc.precursors[0].uses[-1].good_index is None                   # the other products' share
    assert [u.good_index for u in doc.precursors[1].uses] == [1]            # for_goods: the bars go to good 2 only
    p1, p2 = doc.products
    assert p1.see_direct == pytest.approx((direct * share1 + rod1 * 2.298) / 120)
    assert p2.see_direct == pytest.approx((direct * share2 + rod2 * 2.298 + 40 * 3.169) / 60)
    assert p1.see_indirect == pytest.approx(indirect * share1 / 120) == pytest.approx(0.316)
    assert p2.see_indirect == pytest.approx(indirect * share2 / 60)
    assert doc.precursors[1].default.table == "CN"
    assert "share = 120.000 t ÷ 300.000 t" in g1.working


# --------------------------------------------------------------------------- case 3


def test_supplier_provided_precursor_data():
    doc = doc_of(
        electricity={"kwh": 50_000},
        fuels=[{"fuel": "natural_gas", "amount": 5_000, "unit": "m3"}],
        goods=[{"good": "fasteners", "cn_code": "7318", "tonnes": 90}],
        precursors=[{"cn_code": "7213", "tonnes": 100, "country": "TW", "see_direct": 1.9, "see_indirect": 0.25,
                     "supplier": "中鋼"}],
    )
    direct = 5_000 * NG_CO2_KG_PER_M3 / 1000            # 9.5208 t
    p, pre = doc.products[0], doc.precursors[0]
    assert pre.basis == "supplier" and pre.default is None
    assert p.see_direct == pytest.approx((direct + 100 * 1.9) / 90)
    assert p.see_indirect == pytest.approx((50_000 * GRID / 1000 + 100 * 0.25) / 90)   # 0.5411: the supplier's indirect too
    assert p.default_share == 0
    assert "production_goods_only" in codes(doc)         # no production total: the goods are the whole output
    assert "default_values_recheck" not in codes(doc)


# --------------------------------------------------------------------------- rules


def test_cement_counts_indirect_emissions():
    doc = doc_of(electricity={"kwh": 10_000}, fuels=[{"fuel": "natural_gas", "amount": 1_000, "unit": "m3"}],
                 goods=[{"good": "cement", "cn_code": "25232900", "tonnes": 50}])
    p = doc.products[0]
    assert not p.direct_only
    assert p.embedded_counted == pytest.approx((1_000 * NG_CO2_KG_PER_M3 / 1000 + 10_000 * GRID / 1000) / 50)


def test_a_listed_country_without_a_value_takes_the_other_countries_line():
    dv = default_value("7221", "TW")          # stainless wire rod: Taiwan's table has no line
    assert dv.fallback and dv.country == "OTHER" and dv.total == pytest.approx(4.820)


def test_a_country_whose_table_is_not_stored_is_refused_not_given_the_fallback():
    with pytest.raises(ExportProblem) as err:
        doc_of(goods=[{"good": "fasteners", "cn_code": "7318", "tonnes": 10}],
               precursors=[{"cn_code": "7213", "tonnes": 11, "country": "TR"}], electricity={"kwh": 1})
    assert err.value.code == "cbam_no_default_table" and err.value.field == "precursors[0].cn_code"


def test_a_cn_code_covering_lines_with_different_defaults_asks_for_more_digits():
    with pytest.raises(ExportProblem) as err:
        default_value("7214", "TW")            # 7214 10 00 forged 2.474, the other lines 2.298
    assert err.value.code == "cbam_cn_too_short"
    assert default_value("72149910", "TW").cn_line == "721499"


def test_goods_outside_annex_i_and_missing_goods_are_explained():
    with pytest.raises(ExportProblem) as err:
        doc_of(goods=[{"good": "valves", "cn_code": "8481", "tonnes": 5}], electricity={"kwh": 1})
    assert err.value.code == "cbam_not_cbam_good"
    assert "8481" in err.value.message("zh-TW")
    with pytest.raises(ExportProblem) as err:
        doc_of(electricity={"kwh": 1})
    assert err.value.code == "cbam_no_goods"


def test_scrap_and_ferro_silicon_are_not_cbam_goods():
    from core.exports.reference import cn_scope

    assert cn_scope("72044100") is None and cn_scope("72022100") is None
    assert cn_scope("72021100").sector == "iron_and_steel"           # ferro-manganese is in
    assert cn_scope("26011200").direct_only is False                 # agglomerated ore: indirect counts
    assert cn_scope("27160000").direct_only is True                  # electricity, added to Annex II in 2025


def test_less_precursor_than_product_is_flagged_for_the_mass_balance():
    doc = doc_of(electricity={"kwh": 1_000}, goods=[{"good": "fasteners", "cn_code": "7318", "tonnes": 100}],
                 precursors=[{"cn_code": "7213", "tonnes": 40, "country": "TW"}])
    assert "precursor_less_than_good" in codes(doc)


def test_an_aluminium_good_does_not_take_a_steel_precursor():
    with pytest.raises(ExportProblem) as err:
        doc_of(electricity={"kwh": 1_000}, goods=[{"good": "aluminium", "cn_code": "7616", "tonnes": 10}],
               precursors=[{"cn_code": "7213", "tonnes": 11, "country": "TW"}])
    assert err.value.code == "cbam_precursor_no_good"


def test_the_example_file_gives_supplier_data():
    c = core.load("examples/screws.yaml")
    doc = cbam_supplier_data(c, core.compute(c))
    assert doc.products[0].cn_code == "731815" and doc.products[0].see_direct > 0
    assert doc.eu_tonnes_total == 120
