"""Waiting for Streamlit in a real browser (the pattern of Streamlit's own e2e tests)."""


def wait_for_app(page, initial_wait_ms: int = 300) -> None:
    """Block until the websocket is up and the script run has finished."""
    page.wait_for_timeout(initial_wait_ms)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached", timeout=30_000)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached", timeout=30_000)


def full_page_shot(page, path) -> None:
    """A whole-page screenshot: Streamlit scrolls inside stMain, so grow the window to the content first."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stAppViewContainer'].map("
        "id => document.querySelector(`[data-testid=${id}]`)?.scrollHeight || 0), 900)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
    page.wait_for_timeout(400)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)


# --------------------------------------------------------------------------- what a user does, the same in every browser test


def type_into(page, label: str, text: str, nth: int = 0, within=None) -> None:
    """Type into the ``nth`` box labelled ``label`` (inside ``within`` if given) and press Enter, as a user would."""
    box = (within or page).get_by_label(label, exact=True).nth(nth)
    box.fill(text)
    box.press("Enter")
    wait_for_app(page)


def choose(page, label: str, option: str, nth: int = 0) -> None:
    """Pick ``option`` in the ``nth`` select box labelled ``label``; long lists are virtual, so filter them first."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).nth(nth).click()
    page.keyboard.type(option.split(" ")[0])
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    wait_for_app(page)


def metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def no_exception(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)
