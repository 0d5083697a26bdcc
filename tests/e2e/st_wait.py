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
