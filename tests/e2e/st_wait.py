"""Waiting for Streamlit in a real browser (the pattern of Streamlit's own e2e tests)."""


def wait_for_app(page, initial_wait_ms: int = 300) -> None:
    """Block until the websocket is up and the script run has finished."""
    page.wait_for_timeout(initial_wait_ms)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached", timeout=30_000)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached", timeout=30_000)
