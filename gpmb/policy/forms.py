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


class PriceTableForm(CleanTextForm):
    """A province's land price table (.xlsx, in the layout provinces publish) and how to
    read it — as `gpmb import_price_table` — with the date the new version applies from."""

    file = forms.FileField(label=_("Bảng giá đất (.xlsx)"))
    source = forms.CharField(
        label=_("Văn bản và phụ lục"),
        max_length=300,
        help_text=_("Ghi trên mọi dòng giá, ví dụ: Nghị quyết …/2026/NQ-HĐND, Phụ lục II"),
    )
    valid_from = forms.DateField(
        label=_("Hiệu lực từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    residential = forms.ChoiceField(
        label=_("Cột “giá đất ở” là"),
        choices=[("ODT", _("ODT — đất ở tại đô thị")), ("ONT", _("ONT — đất ở tại nông thôn"))],
    )
    land_use = forms.CharField(
        label=_("Mã loại đất của cột chỉ ghi vị trí (VT1…)"), max_length=10, required=False
    )
    commune = forms.CharField(
        label=_("Xã/phường của các dòng trước tiêu đề xã/phường đầu tiên"),
        max_length=100,
        required=False,
    )
    unit = forms.TypedChoiceField(
        label=_("Đơn vị tính khi bảng không ghi"),
        choices=[("", _("theo bảng")), (1, "đồng/m²"), (1000, "nghìn đồng/m²")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    replace = forms.BooleanField(
        label=_(
            "Thay toàn bộ các đoạn đường của gói (không chọn: chỉ cập nhật các đoạn có trong bảng)"
        ),
        required=False,
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not (file.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chọn tệp Excel .xlsx."))
        return file

    def options(self) -> dict[str, Any]:
        """What the preview and the publication read the stored file with."""
        data = self.cleaned_data
        return {
            "source": data["source"],
            "residential": data["residential"],
            "land_use": data["land_use"] or None,
            "commune": data["commune"] or None,
            "unit": data["unit"],
            "replace": data["replace"],
            "valid_from": data["valid_from"].isoformat(),
        }


class PublishForm(CleanTextForm):
    """Publishing exactly what the preview showed (its digest), with the instrument that
    puts it in force."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label=_("Căn cứ ban hành"),
        max_length=500,
        help_text=_("Số, ngày của nghị quyết hoặc quyết định ban hành bảng giá"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
