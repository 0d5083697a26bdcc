"""Message catalogues: Traditional Chinese first, English second.

Catalogues are TOML files under ``locales/<lang>/``; the file name is the first
part of every key (``locales/zh-TW/errors.toml`` holds ``errors.*``), so each
part of the product keeps its own file. Plain Python: the command line, the
reports and the pages all use the same ``t()``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
from .vocab import DEFAULT_LANG, LANGS


def _flatten(prefix: str, node: dict, out: dict[str, str]) -> None:
    for key, value in node.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every key of one language, flattened to ``namespace.dotted.key``."""
    if lang not in LANGS:
        lang = DEFAULT_LANG
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(path.stem, tomllib.load(fh), out)
    return out


def normalise_lang(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANG
    low = lang.lower()
    if low.startswith("en"):
        return "en"
    return DEFAULT_LANG


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    return key in catalog(normalise_lang(lang)) or key in catalog(DEFAULT_LANG)


def t(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (falling back to Chinese), with ``{params}`` filled in.

    A key missing from both catalogues is a bug and raises ``KeyError``; the
    catalogue tests find such keys before users do.
    """
    lang = normalise_lang(lang)
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANG)[key]
    return text.format_map(_Params(params))  # also without params: no "{value}" ever shows


class _Params(dict):
    """Missing placeholders show as an ellipsis instead of failing a message."""

    def __missing__(self, key: str) -> str:
        return "…"
