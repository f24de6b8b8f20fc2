"""The price codes an inventory line may take: the rows of the project's policy pack
for its kind (nha-cap-4, tuong-rao, nhan/A, lua). The policy app, above the census in
the layers, provides them (registered in its AppConfig.ready); the census offers them as
a searchable list and refuses a code the pack does not have."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from gpmb.census.choices import ItemKind

# project → {item kind → [(code, title)]}; a kind absent has no price table in the pack
# (then any code is taken, and the plan says the price is missing).
PriceCodes = dict[str, list[tuple[str, str]]]
_provider: Callable[[Any], PriceCodes] | None = None


def register_price_codes(provider: Callable[[Any], PriceCodes]) -> None:
    global _provider
    _provider = provider


def price_codes(project: Any) -> PriceCodes:
    """The pack's price rows by item kind for `project` ({} when none is known)."""
    if _provider is None or project is None:
        return {}
    return _provider(project)


def price_code_error(project: Any, kind: str, code: str) -> str:
    """Why `code` cannot price a line of `kind` in `project` ("" when it can)."""
    code = (code or "").strip()
    if not code:
        return ""
    known = price_codes(project).get(str(ItemKind(kind)))
    if known is None or code in dict(known):
        return ""
    return _(
        "Mã đơn giá “%(code)s” không có trong gói chính sách của dự án; hãy chọn một mã "
        "trong danh sách (gõ vài chữ của tên để tìm)."
    ) % {"code": code}
