"""A rerun with unchanged answers reuses what the last run computed (keyed on the checkup's content), and the
heaviest page sends a few elements per programme, not a dozen. Structural, not timed: the timings are in
benchmarks/bench_pages.py."""

from __future__ import annotations

import copy

import pytest
from streamlit.testing.v1 import AppTest

import core
import core.advice.programmes as programmes
from apptest_helpers import RESULTS, ROOT, start

EXAMPLE = core.to_data(core.load(ROOT / "examples" / "screws.yaml"))


@pytest.fixture
def counted(monkeypatch):
    """How often the engine computed a result, suggested measures, matched programmes."""
    calls = {"compute": 0, "match": 0}
    compute, match = core.compute, programmes.match

    def counting_compute(*args, **kwargs):
        calls["compute"] += 1
        return compute(*args, **kwargs)

    def counting_match(*args, **kwargs):
        calls["match"] += 1
        return match(*args, **kwargs)

    monkeypatch.setattr(core, "compute", counting_compute)
    monkeypatch.setattr(programmes, "match", counting_match)
    return calls


def test_a_rerun_of_results_with_unchanged_input_does_not_recompute(counted):
    at = start(RESULTS, session={"checkup": copy.deepcopy(EXAMPLE)})
    first = counted["compute"]
    assert first >= 1
    assert "138.2 公噸" in " ".join(str(m.value) for m in at.metric)  # 67.09 + 71.10, by hand
    for _ in range(3):
        at.run()
        assert not at.exception
    assert counted["compute"] == first  # three reruns, nothing computed again
    at.session_state["checkup"]["electricity"] = {"kwh": 100000}  # an answer changed: computed again
    at.run()
    assert counted["compute"] == first + 1
    assert "114.5 公噸" in " ".join(str(m.value) for m in at.metric)  # 67.09 + 100,000 × 0.474 / 1000 (47.40)


def test_the_language_is_part_of_the_key(counted):
    at = start(RESULTS, session={"checkup": copy.deepcopy(EXAMPLE)})
    first = counted["compute"]
    at.session_state["ui_lang"] = "en"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert counted["compute"] == first + 1  # messages are in the language: evaluated again, once


def _programmes() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "advice" / "programmes.py"), default_timeout=60)
    at.session_state["checkup"] = copy.deepcopy(EXAMPLE)
    at.session_state["ui_lang"] = "zh-TW"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_rerun_of_the_programmes_page_does_not_match_again(counted):
    at = _programmes()
    at.radio(key="opn_role").set_value("lead").run()  # the calculator is the lead firm's
    computed, matched = counted["compute"], counted["match"]
    assert computed >= 1 and matched == 1
    at.number_input(key="opn_suppliers").set_value(12).run()  # the calculator: nothing about the programmes
    at.run()
    assert not at.exception
    assert (counted["compute"], counted["match"]) == (computed, matched)
    answer = next(r for r in at.radio if r.key.startswith("pq_"))
    answer.set_value("yes").run()  # an answer changes the verdicts: matched again, not computed again
    assert (counted["compute"], counted["match"]) == (computed, matched + 1)


def test_each_programme_is_a_few_elements():
    at = _programmes()
    assert len([b for b in at.expander if "·" in b.label]) >= 10  # the running programmes (the rest are folded)
    for box in at.expander:
        if "·" in box.label:  # a programme (the others: obligations' sources, the calculator's assumptions)
            assert len(box.children) <= 3, (box.label, len(box.children))
    text = "\n".join(m.value for m in at.markdown)
    assert "CBAM" in text and "0800" in text  # the details are still there: names, hotlines


def test_a_rerun_of_the_measures_page_does_not_suggest_again(monkeypatch):
    import core.advice.measures as measures

    calls = []
    suggest = measures.suggest
    monkeypatch.setattr(measures, "suggest", lambda *a, **k: calls.append(1) or suggest(*a, **k))
    at = AppTest.from_file(str(ROOT / "pages" / "advice" / "measures.py"), default_timeout=60)
    at.session_state["checkup"] = copy.deepcopy(EXAMPLE)
    at.session_state["ui_lang"] = "zh-TW"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(calls) == 1
    at.run()
    at.run()
    assert len(calls) == 1


def test_the_content_key_takes_any_snapshot():
    from ui.engine import content_key

    snapshot = {None: 1, "a": {"b": [1, 2.5, None]}}  # a saved factor snapshot mixes None and text keys
    assert content_key({"x": 1}, snapshot) == content_key({"x": 1}, {None: 1, "a": {"b": [1, 2.5, None]}})
    assert content_key({"x": 1}) != content_key({"x": 2})
    assert content_key({"a": 1, "b": 2}) == content_key({"b": 2, "a": 1})  # the same content in another order
