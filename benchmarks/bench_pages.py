"""Click → painted on every owner-facing page, in Chromium, as ratios against a bare Streamlit page.

Goal (issue 17): every owner-facing page within 3× a bare page with the same control; and the
walk-through of issue 11 (first load, each inventory step, results) against the same bare page.

Two servers run side by side, each on a free port: the app (its own SQLite database, holding the
example checkup, opened with its resume code as an owner would), and a bare Streamlit app of two
pages with the same frame controls (the top navigation and the 中文｜English switch). Each figure
is the median of several clicks, from the click until the script run has ended and the browser has
painted the next frame (two animation frames):
- "switch language": the frame's segmented control, a rerun of the page (everything redrawn);
- "open from the top bar": a navigation click to the page, the page's first run in the session.
Run: make bench (or .venv/bin/python benchmarks/bench_pages.py [REPEATS]); Debian's chromium, never
`playwright install`.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import core  # noqa: E402
from core.i18n import t  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# The bare app: the same frame controls as app.py (top navigation, the language switch), one line of text.
BARE = '''
import streamlit as st
st.set_page_config(page_title="bare", layout="wide")
LANG = st.session_state.setdefault("ui_lang", "zh-TW")
TEXT = {{"zh-TW": {zh!r}, "en": {en!r}}}
def switched():
    st.session_state["ui_lang"] = st.session_state["_lang_widget"] or st.session_state["ui_lang"]
def body():
    st.title(TEXT[st.session_state["ui_lang"]])
def other():
    st.title("2")
page = st.navigation([st.Page(body, title="one", url_path="one", default=True),
                      st.Page(other, title="two", url_path="two")], position="top")
with st.container(horizontal=True, horizontal_alignment="right"):
    st.caption(TEXT[st.session_state["ui_lang"]])
    st.segmented_control("lang", ["zh-TW", "en"], default=st.session_state["ui_lang"], key="_lang_widget",
                         on_change=switched, label_visibility="collapsed",
                         format_func={{"zh-TW": "中文", "en": "English"}}.get)
page.run()
'''

PAGES = [  # (the top bar's link, the section it sits in or None, the page's own heading in zh-TW / en)
    ("app.nav.home", None, "checkup.home.title"),
    ("app.nav.quick", None, "checkup.quick.title"),
    ("app.nav.inventory", None, "checkup.inventory.title"),
    ("app.nav.results", None, "checkup.results.page_title"),
    ("app.nav.save", None, "checkup.save.title"),
    ("app.nav.measures", "app.nav.section_advice", "measures.page.title"),
    ("app.nav.programmes", "app.nav.section_advice", "programmes.page.title"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(script: Path, db_url: str, log: Path):
    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "DATABASE_URL": db_url})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start:\n{log.read_text()}") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: stop it for good
            proc.kill()
            proc.wait()


def settled(page) -> None:
    """The script run has ended and the browser has painted what it sent."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached", timeout=60_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def timed(page, action, painted) -> float:
    """Seconds from ``action()`` (a click) until ``painted`` (a locator) is visible and the run has ended."""
    start = time.perf_counter()
    action()
    painted.wait_for(state="visible", timeout=60_000)
    settled(page)
    return time.perf_counter() - start


def switch_language(page, repeats: int, zh_text: str, en_text: str) -> float:
    """Median of ``repeats`` round trips 中文 → English → 中文, each click timed on its own."""
    times = []
    for _ in range(repeats):
        for name, text in (("English", en_text), ("中文", zh_text)):
            button = page.locator(".st-key-_lang_widget").get_by_role("radio", name=name, exact=True)
            times.append(timed(page, button.click, page.get_by_text(text, exact=True).first))
    return statistics.median(times)


def nav_link(page, label: str, section: str | None):
    def click() -> None:
        if section:
            page.get_by_test_id("stTopNavSection").filter(has_text=section).click()
        page.get_by_text(label, exact=True).filter(visible=True).first.click()
    return click


def first_load(browser, url: str, painted: str, repeats: int) -> float:
    """A new visitor: a new browser context opening the address, until the page is painted."""
    times = []
    for _ in range(repeats):
        ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        times.append(timed(page, lambda p=page: p.goto(url), page.get_by_text(painted, exact=True).first))
        ctx.close()
    return statistics.median(times)


def main() -> None:
    from playwright.sync_api import sync_playwright

    import core.storage as storage

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    tag = {lang: t("app.tagline", lang) for lang in ("zh-TW", "en")}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        db = f"sqlite:///{tmpdir}/bench.db"
        engine = storage.make_engine(db)
        storage.upgrade(engine)
        checkup = core.load(ROOT / "examples" / "screws.yaml")
        code = storage.save_checkup(engine, core.to_data(checkup), core.compute(checkup)).code
        engine.dispose()
        bare = tmpdir / "bare.py"
        bare.write_text(BARE.format(zh=tag["zh-TW"], en=tag["en"]), encoding="utf-8")
        with server(bare, db, tmpdir / "bare.log") as bare_url, server(ROOT / "app.py", db, tmpdir / "app.log") as app_url, \
                sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            # warm both servers (the first session of a process imports and caches what later ones reuse)
            for u in (bare_url, f"{app_url}/?resume={code}"):
                first_load(browser, u, tag["zh-TW"], 1)
            base_load = first_load(browser, bare_url, tag["zh-TW"], repeats)
            ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto(bare_url)
            settled(page)
            base_switch = switch_language(page, repeats, tag["zh-TW"], tag["en"])
            base_nav = statistics.median(
                timed(page, nav_link(page, label, None), page.get_by_role("heading", name=head).first)
                for _ in range(repeats) for label, head in (("two", "2"), ("one", tag["zh-TW"])))
            ctx.close()
            print(f"Pages, click → painted — baselines: a bare Streamlit page with the same frame, on this run: "
                  f"switch language {base_switch * 1e3:.0f} ms, open from the top bar {base_nav * 1e3:.0f} ms, "
                  f"first load {base_load * 1e3:.0f} ms")
            print(f"  {'page':22s} {'switch language':>18s} {'open from top bar':>20s}", flush=True)

            app_load = first_load(browser, f"{app_url}/", t("checkup.home.title"), repeats)
            ctx = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto(f"{app_url}/?resume={code}")  # the example firm's saved checkup, as an owner reopens it
            page.get_by_text(t("checkup.home.title"), exact=True).first.wait_for()
            settled(page)
            rows = []
            for nav, section, head in PAGES:
                opened = statistics.median(
                    timed(page, nav_link(page, t(nav), section and t(section)), page.get_by_role("heading", name=t(head)).first)
                    for _ in range(1))
                switched = switch_language(page, repeats, tag["zh-TW"], tag["en"])
                rows.append((t(nav, "en"), opened, switched))
                print(f"  {t(nav, 'en'):22s} {switched / base_switch:15.1f} ×  {opened / base_nav:17.1f} ×", flush=True)
            # the walk-through of issue 11: every step of the full inventory, then the results
            page.get_by_text(t("app.nav.inventory"), exact=True).filter(visible=True).first.click()
            settled(page)
            # the resume code opened the checkup at its first step (and nothing here moved it)
            steps = []
            for i in range(1, 6):
                steps.append(timed(page, page.locator(".st-key-nav_next button").filter(visible=True).first.click,
                                   page.get_by_text(t("checkup.inventory.progress", n=i + 1, of=6,
                                                      step=t(f"checkup.steps.{('company', 'electricity', 'fuels', 'refrigerants', 'other', 'results')[i]}")))
                                   .first))
            ctx.close()
            browser.close()

    worst = max(s / base_switch for _, _, s in rows)
    print(f"  goal: every page's rerun within 3× the bare page: {'within' if worst <= 3 else 'OVER'} (worst {worst:.1f} ×)")
    print("Walk-through (issue 11), against the same bare page:")
    print(f"  {'first load of the home page':40s} {app_load / base_load:6.1f} × the bare first load")
    for i, secs in enumerate(steps, 2):
        print(f"  {f'inventory step {i - 1} → {i} (next)':40s} {secs / base_nav:6.1f} × the bare navigation click")
    print(f"  {'results page (opened from the top bar)':40s} {rows[3][1] / base_nav:6.1f} × the bare navigation click")


if __name__ == "__main__":
    main()
