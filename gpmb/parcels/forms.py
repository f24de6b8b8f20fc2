from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.parcels.choices import LandUse, PricePosition

UNSET: list[tuple[str, Any]] = [("", _("— chưa xác định —"))]


def segment_field_choices(
    segments: list[tuple[str, str]], current: str = ""
) -> list[tuple[str, Any]]:
    """Blank, the pack's segments, and a stored value the packs no longer list (kept,
    so that editing another field does not silently clear it)."""
    choices: list[tuple[str, Any]] = [*UNSET, *segments]
    if current and current not in dict(segments):
        choices.append((current, _("%(id)s (không có trong bảng giá)") % {"id": current}))
    return choices


class ParcelForm(forms.Form):
    land_use_code = forms.ChoiceField(label=_("Loại đất"), choices=LandUse.choices)
    certificate_area = VNNumberField(
        label=_("Diện tích theo GCN (m²)"),
        kind=NumberKind.AREA,
        min_value=Decimal(0),
        required=False,
    )
    measured_area = VNNumberField(
        label=_("Diện tích đo đạc (m²)"),
        kind=NumberKind.AREA,
        min_value=Decimal(0),
        required=False,
    )
    address = forms.CharField(label=_("Địa chỉ thửa đất"), required=False, max_length=300)
    price_segment = forms.ChoiceField(
        label=_("Đoạn đường theo bảng giá đất"), required=False, choices=UNSET
    )
    price_position = forms.ChoiceField(
        label=_("Vị trí theo bảng giá đất"),
        required=False,
        choices=[*UNSET, *PricePosition.choices],
    )
    reason = forms.CharField(
        label=_("Lý do sửa"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: đo đạc lại ngày 12/5/2026")}),
    )

    def __init__(
        self, *args: Any, segments: list[tuple[str, str]], current_segment: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["price_segment"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = segment_field_choices(segments, current_segment)
