"""Template filters: Vietnamese numbers, money, dates and status badges from one place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from gpmb.core import vnformat

register = template.Library()


@register.filter
def vn_number(value: Any, decimals: int | None = None) -> str:
    if value in (None, ""):
        return ""
    return vnformat.format_number(Decimal(str(value)), decimals)


@register.filter
def vn_dec(value: Any) -> str:
    """A stored quantity, price or coefficient in Vietnamese form without the trailing
    zeros of its column: 106.830000 → "106,83"; 1.200000 → "1,2"."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.to_integral_value()  # quantize() raises past 28 digits
    else:
        number = number.normalize()
    return vnformat.format_number(number)


@register.filter
def vn_area(value: Any) -> str:
    return "" if value in (None, "") else vnformat.format_area(Decimal(str(value)))


@register.filter
def vn_money(value: Any) -> str:
    return "" if value in (None, "") else vnformat.format_money(Decimal(str(value)))


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    return vnformat.format_date(value)


@register.simple_tag
def badge(choices: Any, value: str) -> str:
    """<span class="badge badge-COLOR">label</span> for a value of a BadgeChoices class."""
    label = dict(choices.choices).get(value, value)
    return format_html('<span class="badge badge-{}">{}</span>', choices.badge(value), label)


@register.filter
def percent(part: Any, whole: Any) -> str:
    if not whole:
        return "0"
    return vnformat.format_number(Decimal(part) * 100 / Decimal(whole), 1)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def query_without_page(context: Any) -> str:
    """The current query string minus `page`, ending with "&" when not empty."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@register.filter
def person_name(user: Any) -> str:
    """A user's name in Vietnamese order: family name first ("Nguyễn Văn Bồi")."""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.username
