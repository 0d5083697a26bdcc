"""Streamlit's own words in the user's language, where the app can set them.

Streamlit 1.67 writes a few words of its own in English whatever the page's language: the file uploader's
"Upload" button and "5MB per file • XLSX, …" line, a text box's "Press Enter to apply", a select box's
"No results". No widget parameter changes them, so the frame sets them with a small style sheet (the English
words are hidden and the user's words drawn in their place); tests/e2e/test_chrome_browser.py checks that the
selectors still find Streamlit's elements, so an upgrade that renames them fails a test instead of showing English.
"""

from __future__ import annotations

import json

import streamlit as st

from .i18n import t

MAX_UPLOAD_MB = 5  # the save page's uploader (pages/checkup/save.py WIDGET_MAX_MB)

# (selector of Streamlit's element holding English words, catalogue key of ours, font size of the original)
REPLACED = (
    ('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p', "chrome.upload", "0.875rem"),
    ('[data-testid="stFileUploaderDropzoneInstructions"] span', "chrome.upload_limit", "0.75rem"),
    ('[data-testid="InputInstructions"] > span:first-child', "chrome.press_enter", "0.75rem"),
    ('[role="option"][style*="contents"] > span', "chrome.no_results", "0.875rem"),
)


def css() -> str:
    """The style sheet for the current language (empty in English: Streamlit's own words are English)."""
    rules = []
    for selector, key, size in REPLACED:
        text = json.dumps(t(key, mb=MAX_UPLOAD_MB), ensure_ascii=False)  # a CSS string: quotes and backslashes escaped
        rules.append(f"{selector} {{ font-size: 0 !important; }}")
        rules.append(f"{selector}::after {{ content: {text}; font-size: {size}; }}")
    return "\n".join(rules)


def words() -> None:
    """Put the style sheet on the page (Traditional Chinese only)."""
    if t("chrome.upload") != "Upload":
        st.html(f"<style>\n{css()}\n</style>")
