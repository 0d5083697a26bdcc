"""Altair charts drawn from a Vega-Lite spec built once per content.

Building and validating an Altair chart costs 0.1–1 s of the script run (Altair deep-copies and checks
the spec against the Vega-Lite schema); a rerun with the same data (a click elsewhere on the page, a
language switch back) reuses the spec the session already has and sends it as it is.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

import streamlit as st

from .engine import content_key
from .i18n import lang

try:  # the lock Streamlit's own st.altair_chart holds while it changes Altair's global theme
    from streamlit.elements.vega_charts import _altair_globals_lock as _LOCK
except ImportError:  # pragma: no cover - another Streamlit
    _LOCK = threading.Lock()

KEPT = 12  # specs kept per session (a page has at most a few charts)


def spec_of(chart: Any) -> dict[str, Any]:
    """The chart's Vega-Lite spec, without Altair's default theme (as st.altair_chart draws it)."""
    import altair as alt

    theme = getattr(alt, "theme", None) or alt.themes
    with _LOCK, theme.enable("none"):
        return chart.to_dict()


def chart(name: str, data: Any, build: Callable[[], Any], **kwargs: Any) -> None:
    """``st.altair_chart(build())``, the spec reused while ``data`` (what the chart shows) and the language are the same."""

    key = content_key(name, lang(), data)
    specs: dict[str, dict[str, Any]] = st.session_state.setdefault("_chart_specs", {})
    spec = specs.get(key)
    if spec is None:
        spec = spec_of(build())
        while len(specs) >= KEPT:
            specs.pop(next(iter(specs)))
        specs[key] = spec
    st.vega_lite_chart(spec, **kwargs)
