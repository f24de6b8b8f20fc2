"""Password rules Django's own validators miss for Vietnamese users: a password made of
the user's own name or login written without diacritics ("nguyenvanboi",
"Nguyen Van Boi", "canbobt2026"), a password with almost no variety ("11111112"), and a
password that is only a word everyone in the office would guess plus digits
("gpmb2026", "matkhau123"). Django's validators run beside this one
(settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words a guesser tries first in a Vietnamese public office, written without diacritics.
# A password that is one of these plus digits and punctuation is refused.
OFFICE_WORDS = (
    "giaiphongmatbang",
    "boithuong",
    "taidinhcu",
    "gpmb",
    "matkhau",
    "password",
    "passwd",
    "admin",
    "quantri",
    "quantrivien",
    "canbo",
    "ubnd",
    "phuong",
    "haiphong",
    "vietnam",
    "qwerty",
    "abc",
)
MIN_DISTINCT = 5


def fold(text: str) -> str:
    """Lower case, Vietnamese diacritics and đ removed, letters and digits only:
    "Nguyễn Văn Bồi" → "nguyenvanboi", "canbo.bt" → "canbobt"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", plain.lower())


def identity_strings(user: Any) -> list[str]:
    """The strings that name this user, folded: login, full name in both orders, e-mail
    before the @. Shorter than four characters they are too common to refuse."""
    if user is None:
        return []
    first = getattr(user, "first_name", "") or ""
    last = getattr(user, "last_name", "") or ""
    email = (getattr(user, "email", "") or "").split("@")[0]
    candidates = [
        getattr(user, "username", "") or "",
        f"{last} {first}",
        f"{first} {last}",
        email,
    ]
    candidates += last.split()  # family name alone ("Nguyễn") or family + middle name
    folded = {fold(c) for c in candidates}
    return sorted(s for s in folded if len(s) >= 4)


class PersonalPasswordValidator:
    """Refuses a password built from the user's name or login, or without variety, or
    made of an office word and digits."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = fold(password)
        for name in identity_strings(user):
            if name in folded or (len(folded) >= 4 and folded in name):
                raise ValidationError(
                    _("Mật khẩu không được chứa tên hoặc tên đăng nhập của người dùng."),
                    code="password_contains_name",
                )
        if len(set(password.lower())) < MIN_DISTINCT:
            raise ValidationError(
                _("Mật khẩu phải có ít nhất %(count)d ký tự khác nhau.") % {"count": MIN_DISTINCT},
                code="password_too_uniform",
            )
        letters = folded
        for word in OFFICE_WORDS:
            letters = letters.replace(word, "")
        if not re.sub(r"[0-9]", "", letters):
            raise ValidationError(
                _("Mật khẩu quá dễ đoán: chỉ gồm một từ thông dụng và chữ số."),
                code="password_office_word",
            )

    def get_help_text(self) -> str:
        return _(
            "Mật khẩu không được chứa tên hay tên đăng nhập của bạn (kể cả viết không dấu), "
            "phải có ít nhất %(count)d ký tự khác nhau và không chỉ là một từ thông dụng "
            "cộng chữ số."
        ) % {"count": MIN_DISTINCT}
