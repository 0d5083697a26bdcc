"""A source as a citation an owner can hand on: issuer, title, date, URL, framed in the reader's language.

Titles stay as their issuer published them; research notes about a source (how sure we are, where we saw it)
live in the data files' ``notes`` fields and never reach this text.
"""

from __future__ import annotations

from ..i18n import normalise_lang


def citation(title: str, issuer: str | None = None, date: str | int | None = None, url: str | None = None,
             lines: str | None = None, lang: str = "zh-TW") -> str:
    """``經濟部，〈title〉，2026-01-29，第3點，https://…`` (zh-TW) or ``經濟部, “title”, 2026-01-29, item 3, https://…``."""
    zh = normalise_lang(lang) != "en"
    parts = [str(issuer)] if issuer else []
    parts.append(f"〈{title}〉" if zh else f"“{title}”")
    if date not in (None, "", "n.d."):
        parts.append(str(date))
    if lines:
        parts.append(str(lines))
    if url:
        parts.append(url)
    return ("，" if zh else ", ").join(parts)
