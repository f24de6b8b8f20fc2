"""Form fields that read Vietnamese entry strictly (see core.vnformat)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from gpmb.core.bounds import range_error
from gpmb.core.text import TextRefused, clean_text
from gpmb.core.vnformat import (
    NumberFormatError,
    NumberKind,
    format_number,
    parse_date,
    parse_number,
)


class VNNumberField(forms.CharField):
    """A number typed the Vietnamese way ("9.222,1", "9222,1"); ambiguous entries are
    refused with an explanation and the typed text stays in the box. `bounded_by`, the
    model field the number is stored in, gives its range (core.bounds)."""

    def __init__(
        self,
        *,
        kind: NumberKind,
        bounded_by: Any = None,
        **kwargs: Any,
    ):
        self.kind = kind
        self.bounded_by = bounded_by
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            decimals = 2 if self.kind == NumberKind.AREA else None
            return format_number(value, decimals)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            number = parse_number(text, self.kind)
        except NumberFormatError as exc:
            raise forms.ValidationError(exc.reason, code="invalid") from exc
        problem = range_error(self.bounded_by, number) if self.bounded_by else None
        if problem:
            raise forms.ValidationError(problem, code="out_of_range")
        return number


class CleanTextForm(forms.Form):
    """The base of GPMB's forms: every text field follows core.text's rule (NUL refused
    with a message on the field, other control characters removed)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    data[name] = clean_text(value)
                except TextRefused as exc:
                    self.add_error(name, str(exc))
        return data


class VNDateField(forms.Field):
    """A date typed dd/mm/yyyy (core.vnformat.parse_date)."""

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()[:20]
        try:
            return parse_date(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc
