"""Forms of the resettlement pages: publishing a draw and holding it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNDateField


class DrawPublishForm(CleanTextForm):
    batch = forms.TypedChoiceField(label=_("Đợt"), coerce=int, choices=())
    published_on = VNDateField(label=_("Ngày công bố"))

    def __init__(self, *args: Any, batches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = batches  # type: ignore[attr-defined]


class DrawRunForm(CleanTextForm):
    public_value = forms.CharField(label=_("Giá trị bốc tại buổi bốc thăm"), max_length=40)
    drawn_on = VNDateField(label=_("Ngày bốc thăm"))
