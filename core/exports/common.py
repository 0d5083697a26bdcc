"""What the three export documents share: strict models and the notes that travel with every figure."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..i18n import t


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Note(_Doc):
    """Something the reader must know: an assumption, an unconfirmed rule, a default value used."""

    code: str
    status: Literal["unconfirmed", "check", "info"]
    params: dict[str, Any] = Field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return t(f"exports.notes.{self.code}", lang, **self.params)


def unique_notes(notes: list[Note]) -> list[Note]:
    """Each note once, in the order first given."""
    seen, out = set(), []
    for n in notes:
        key = (n.code, tuple(sorted((k, str(v)) for k, v in n.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out
