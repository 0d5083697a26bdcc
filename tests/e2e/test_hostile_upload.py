"""A hostile participant in a real browser: the save page's uploader given the billion laughs, a file nested 5,000
deep and one over the size the browser accepts. Each gets its own message; none leaves the last one's on screen."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from st_wait import full_page_shot, wait_for_app

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"


def _upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    wait_for_app(page, 800)


def test_hostile_files_on_the_upload_widget(page: Page, app_url: str, shots, tmp_path):
    page.goto(app_url)  # from the home page (a deep link into a fresh server shows Streamlit's "page not found")
    wait_for_app(page)
    page.get_by_role("link", name="儲存與續填").first.click()
    wait_for_app(page)
    errors = page.get_by_test_id("stAlertContentError")

    _upload(page, HOSTILE / "alias_bomb_options.yaml")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("錨點或別名")
    full_page_shot(page, shots / "hostile-upload-alias.png")

    _upload(page, HOSTILE / "deep_nesting.yaml")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("超過 20 層")

    big = tmp_path / "big.yaml"  # over the page's cap, under the widget's: the server says so, in Chinese
    big.write_bytes(b"format: checkup/1\nyear: 2024\n" + b"# padding\n" * 150_000)
    _upload(page, big)
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("big.yaml")
    expect(errors.first).to_contain_text("檔案太大")
    huge = tmp_path / "huge.yaml"  # over the widget's limit: the browser refuses it and the server never sees it
    huge.write_bytes(b"# padding\n" * 700_000)  # 7 MB
    _upload(page, huge)
    full_page_shot(page, shots / "hostile-upload-too-large.png")
    expect(errors.filter(has_text="huge.yaml")).to_have_count(0)  # no message of ours claims to be about it
    expect(page.get_by_test_id("stException")).to_have_count(0)

    _upload(page, HOSTILE / "bom_utf8.yaml")  # and a good file still loads after all that
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("2024")
    expect(errors).to_have_count(0)


def test_a_save_on_a_read_only_database(browser, tmp_path, shots):
    """The app on a database it may only read: the owner's checkup still works, and Save says nothing was saved,
    keeps every answer and offers them as a file."""
    import core.storage as storage
    from st_server import streamlit_server

    path = tmp_path / "ro.db"
    storage.upgrade(storage.make_engine(f"sqlite:///{path}"))
    with streamlit_server(f"sqlite:///file:{path}?mode=ro&uri=true", tmp_path) as url:
        page = browser.new_page()
        page.goto(url)
        wait_for_app(page)
        page.get_by_role("link", name="儲存與續填").first.click()
        wait_for_app(page)
        _upload(page, Path(__file__).resolve().parents[2] / "examples" / "screws.yaml")
        page.get_by_role("button", name="儲存", exact=True).click()
        wait_for_app(page, 800)
        error = page.get_by_test_id("stAlertContentError")
        expect(error.first).to_contain_text("沒有儲存任何資料")
        expect(error.first).to_contain_text("唯讀")
        expect(page.get_by_role("button", name="下載我的答案（碳健診檔案）")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        full_page_shot(page, shots / "save-read-only-database.png")
        page.close()
