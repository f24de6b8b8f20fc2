from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.parcels.choices import LandUse


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
    reason = forms.CharField(
        label=_("Lý do sửa"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: đo đạc lại ngày 12/5/2026")}),
    )
