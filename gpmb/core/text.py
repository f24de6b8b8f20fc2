"""The one rule for text that comes in (forms, the inline table, imports) and goes out
(XLSX, DOCX): text is what a person can read and print.

- NUL (\\x00) is refused with a message: PostgreSQL cannot store it, and no one types it.
- Other control characters (\\x01–\\x1f except tab, line feed, carriage return, and DEL)
  are removed: invisible, often pasted from other software, and XML — so XLSX and
  DOCX — cannot hold them (one \\x0b in an item name made the whole inventory export
  and the household's DOCX record fail).
Writers apply `printable` as well, so text stored before this rule never breaks a file."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

NUL = "\x00"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUL_MESSAGE = _("có ký tự NUL (\\x00), không nhận được: gõ lại hoặc bỏ ký tự đó")


class TextRefused(ValueError):
    """The text holds a NUL; the message says so in the user's language."""

    def __init__(self) -> None:
        super().__init__(str(NUL_MESSAGE))


def clean_text(value: str) -> str:
    """Text coming in: NUL refused (TextRefused), other control characters removed."""
    if NUL in value:
        raise TextRefused
    return _CONTROL.sub("", value)


def printable(value: str) -> str:
    """Text going out (XLSX, DOCX): every control character XML cannot hold removed."""
    return _CONTROL.sub("", value)
