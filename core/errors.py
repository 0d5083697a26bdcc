"""One error hierarchy for the whole product.

Every error carries a stable ``code`` (a key in the message catalogue under
``locales/<lang>/errors.toml``), the ``field`` it concerns (a dotted path into
the checkup file, such as ``fuels[1].amount``) and ``params`` for the message.
``text(lang)`` (the error itself) and ``message(lang)`` (with the field's name)
are the one way from a code to words: the pages, the command line and the
reports all call them. Nothing here is worded for a person; the words are in
the catalogues.
"""

from __future__ import annotations

from typing import Any

from .formatting import smart
from .i18n import has, t


class CheckupError(Exception):
    """Base class of every error the product raises on purpose."""

    default_code = "error"
    namespace = "errors"  # the catalogue part holding this kind's messages (locales/*/errors.toml)

    def __init__(self, code: str | None = None, field: str | None = None, **params: Any) -> None:
        self.code = code or self.default_code
        self.field = field
        self.params = params
        super().__init__(self.message("en"))

    def text(self, lang: str = "zh-TW") -> str:
        """The error itself in the user's language, without the field's name (a page shows it beside the field).
        The one way from an error code to text: the CLI, the pages and the reports all come through here."""
        params = {k: _fmt_param(v, lang) for k, v in self.params.items()}
        return t(f"{self.namespace}.{self.code}", lang, **params)

    def message(self, lang: str = "zh-TW") -> str:
        """The error in the user's language, naming the field when there is one."""
        text = self.text(lang)
        if self.field:
            return t("errors.at_field", lang, field=field_label(self.field, lang), message=text)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "params": {k: _joined(v) for k, v in self.params.items()}}


class InputError(CheckupError):
    """A value the user entered is wrong: negative, not a number, out of range."""

    default_code = "invalid_value"


class UnitError(InputError):
    """A unit is missing, unknown, or does not fit the quantity."""

    default_code = "unknown_unit"


class FileFormatError(CheckupError):
    """A checkup file cannot be read at all: broken YAML/JSON, wrong format tag."""

    default_code = "file_unreadable"


class FactorError(CheckupError):
    """The factor tables have no usable factor for what was asked."""

    default_code = "factor_missing"


class StorageError(CheckupError):
    """Saved data cannot be found, or the caller may not see it."""

    default_code = "not_found"


class ValidationErrors(InputError):
    """Several input errors found in one pass, so the user can fix them all at once."""

    default_code = "several_errors"

    def __init__(self, errors: list[CheckupError]) -> None:
        self.errors = errors
        super().__init__("several_errors", None, count=len(errors))

    def message(self, lang: str = "zh-TW") -> str:
        return "\n".join(e.message(lang) for e in self.errors)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "errors": [e.to_dict() for e in self.errors]}


class StaffProblem(CheckupError):
    """A staff action that cannot be done; messages live in ``locales/*/staff.toml`` (``staff.errors.*``)."""

    default_code = "staff_error"

    def text(self, lang: str = "zh-TW") -> str:
        key = f"errors.{self.code}" if has(f"errors.{self.code}", lang) else f"staff.errors.{self.code}"
        return t(key, lang, **self.params)


class SignInFailed(StaffProblem):
    """Wrong e-mail or password (deliberately the same message for both), or too many tries."""

    default_code = "sign_in_failed"


class SessionExpired(StaffProblem):
    default_code = "session_expired"


class AccessDenied(StaffProblem):
    """The caller may not see or change this. Shown as “not found or not yours”, never what exists."""

    default_code = "access_denied"


def field_label(path: str, lang: str) -> str:
    """``fuels[1].amount`` → ``燃料 第 2 筆 › 數量`` using the field names of the catalogue."""
    parts: list[str] = []
    for chunk in path.replace("]", "").split("."):
        name, _, index = chunk.partition("[")
        label = t(f"fields.{name}", lang) if has(f"fields.{name}", lang) else name
        if index.isdigit():
            label = t("fields.row", lang, label=label, n=int(index) + 1)
        parts.append(label)
    return " › ".join(parts)


def _joined(v: Any) -> Any:
    return ", ".join(str(x) for x in v) if isinstance(v, (list, tuple, set)) else v


def _fmt_param(v: Any, lang: str) -> Any:
    """A message's parameter for people: a list joined, a measured value with useful digits (1e9 → 1,000,000,000)."""
    return smart(v, lang) if isinstance(v, float) else _joined(v)


class ExportProblem(CheckupError):
    """A checkup that cannot be laid out in a customer's format (CBAM, MOENV, VSME) as it stands.

    Messages live in ``locales/*/exports.toml`` (``exports.errors.*``); the field names the part of the
    checkup to fix.
    """

    default_code = "export_problem"
    namespace = "exports.errors"


class TooManyAttempts(SignInFailed, StorageError):
    """Too many wrong codes or passwords from this session or source: wait ``seconds``; messages in ``access.errors.*``.

    Also a :class:`StorageError`: a look-up by resume code that is refused before it runs is caught where
    a code that finds nothing is.
    """

    default_code = "too_many_code_attempts"

    def message(self, lang: str = "zh-TW") -> str:
        if has(f"access.errors.{self.code}", lang):
            return t(f"access.errors.{self.code}", lang, **self.params)
        return super().message(lang)
