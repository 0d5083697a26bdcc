"""Downloads of the formats customers ask for: CBAM supplier data, MOENV's inventory tables, VSME B3."""

from __future__ import annotations

import streamlit as st

from core import exports
from core.errors import CheckupError
from ui.engine import Evaluation
from ui.i18n import lang, t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(ev: Evaluation) -> None:
    """Three buttons; the workbooks are built only when pressed. CBAM says what is missing instead of failing."""
    checkup, result, lg = ev.checkup, ev.result, lang()
    assert checkup is not None and result is not None
    st.subheader(t("exports.ui.title"))
    st.caption(t("exports.ui.help"))
    cbam_col, moenv_col, vsme_col = st.columns(3)
    try:
        cbam = exports.cbam_supplier_data(checkup, result)
    except CheckupError as err:
        cbam_col.caption(t("exports.ui.cbam_missing", why=err.message(lg)))
    else:
        cbam_col.download_button(t("exports.ui.cbam"), data=lambda: exports.build_cbam_workbook(cbam),
                                 file_name=f"cbam-supplier-data-{checkup.year}.xlsx", mime=XLSX, on_click="ignore",
                                 icon=":material/public:", key="dl_cbam", help=t("exports.ui.cbam_help"))
    moenv_col.download_button(t("exports.ui.moenv"), data=lambda: exports.build_moenv_workbook(exports.moenv_tables(checkup, result), lg),
                              file_name=f"moenv-inventory-tables-{checkup.year}.xlsx", mime=XLSX, on_click="ignore",
                              icon=":material/table_chart:", key="dl_moenv", help=t("exports.ui.moenv_help"))
    vsme_col.download_button(t("exports.ui.vsme"), data=lambda: exports.build_vsme_workbook(exports.vsme_b3(checkup, result)),
                             file_name=f"vsme-b3-{checkup.year}.xlsx", mime=XLSX, on_click="ignore",
                             icon=":material/eco:", key="dl_vsme", help=t("exports.ui.vsme_help"))
