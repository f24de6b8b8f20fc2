"""Forms of the policy app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.parcels.choices import PricePosition
from gpmb.parcels.models import Parcel

UNSET: list[tuple[str, Any]] = [("", _("— chưa xác định —"))]


def segment_field_choices(
    segments: list[tuple[str, str]], keep: Iterable[str] = ()
) -> list[tuple[str, Any]]:
    """The pack's segments, and stored values the packs no longer list (kept, so that
    editing another field does not silently clear them)."""
    known = dict(segments)
    return [
        *segments,
        *[(sid, _("%(id)s (không có trong bảng giá)") % {"id": sid}) for sid in keep
          if sid and sid not in known],
    ]  # fmt: skip


class ParcelPriceForm(CleanTextForm):
    price_segment = forms.ChoiceField(
        label=_("Đoạn đường theo bảng giá đất"), required=False, choices=UNSET
    )
    price_position = forms.ChoiceField(
        label=_("Vị trí theo bảng giá đất"),
        required=False,
        choices=[*UNSET, *PricePosition.choices],
    )
    depth_m = VNNumberField(
        label=_("Chiều sâu thửa đất (m, từ chỉ giới đường)"),
        kind=NumberKind.DECIMAL,
        bounded_by=Parcel._meta.get_field("depth_m"),
        required=False,
    )
    other_segments = forms.MultipleChoiceField(
        label=_("Đường khác thửa đất tiếp giáp (thửa góc)"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Căn cứ / lý do"),
        max_length=500,
        widget=forms.TextInput(
            attrs={"placeholder": _("ví dụ: biên bản xác định vị trí ngày 10/11/2026")}
        ),
    )

    def __init__(
        self, *args: Any, segments: list[tuple[str, str]], keep: Iterable[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = segment_field_choices(segments, keep)
        for name, extra in (("price_segment", UNSET), ("other_segments", [])):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [*extra, *choices]

    def clean_other_segments(self) -> list[str]:
        return list(self.cleaned_data["other_segments"])
