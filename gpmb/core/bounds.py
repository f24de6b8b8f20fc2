"""How large a number or how far a date may go — declared once, on the model field.

A field's range is its `within(low, high)` validators: it fits what the field means (a
tree count, an area, a year, a percentage) and always fits its column, so a value that
passed can be stored and read back. Forms, the inventory row editor, the Excel and
Kobo/ODK imports and the cadastral import all ask `range_error` of the same field, and
Django's own model validation (the admin) enforces the same validators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gpmb.core.vnformat import format_date, format_number

Limit = int | Decimal | dt.date


def within(low: Limit, high: Limit) -> list[Any]:
    """The validators of a field whose values lie in [low, high]."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def field_range(field: Any) -> tuple[Limit | None, Limit | None]:
    """(lowest, highest) a model field accepts, from its validators; None where
    unbounded."""
    low = high = None
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    return low, high


def format_limit(limit: Limit) -> str:
    return format_date(limit) if isinstance(limit, dt.date) else format_number(limit)


def range_error(field: Any, value: Any) -> str | None:
    """Why `value` is outside the field's range, naming the field and its limits; None
    when it is inside, empty, or the field declares no range."""
    low, high = field_range(field)
    if value is None or value == "" or low is None or high is None or low <= value <= high:
        return None
    return _("{label} phải từ {low} đến {high}").format(
        label=capfirst(str(field.verbose_name)), low=format_limit(low), high=format_limit(high)
    )
