"""Forms of the resettlement pages: publishing a draw and holding it, answering and
confirming an entitlement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNDateField
from gpmb.resettlement.choices import EntitlementChoice, EntitlementQuestion


class DrawPublishForm(CleanTextForm):
    batch = forms.TypedChoiceField(label=_("Đợt"), coerce=int, choices=())
    published_on = VNDateField(label=_("Ngày công bố"))

    def __init__(self, *args: Any, batches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = batches  # type: ignore[attr-defined]


class DrawRunForm(CleanTextForm):
    public_value = forms.CharField(label=_("Giá trị bốc tại buổi bốc thăm"), max_length=40)
    drawn_on = VNDateField(label=_("Ngày bốc thăm"))


class EntitlementAnswerForm(CleanTextForm):
    question = forms.ChoiceField(label=_("Câu hỏi"), choices=EntitlementQuestion.choices)
    answer = forms.CharField(label=_("Trả lời"), max_length=10)
    reason = forms.CharField(label=_("Căn cứ trả lời"), max_length=500)
    answered_on = VNDateField(label=_("Ngày trả lời"))


class EntitlementConfirmForm(CleanTextForm):
    choice = forms.ChoiceField(label=_("Nguyện vọng của hộ"), choices=EntitlementChoice.choices)
    choice_date = VNDateField(label=_("Ngày đăng ký nguyện vọng"))


class PlotFileForm(CleanTextForm):
    file = forms.FileField(
        label=_("Tệp lô tái định cư"),
        help_text=_(
            "GeoPackage, GeoJSON; Shapefile nén .zip. Cột số lô (so_lo), diện tích "
            "(dien_tich) nếu có."
        ),
    )
    crs = forms.CharField(
        label=_("Hệ tọa độ khi tệp không khai báo (ví dụ EPSG:9210)"), required=False, max_length=20
    )


class DebtRequestForm(CleanTextForm):
    requested_on = VNDateField(label=_("Ngày đề nghị ghi nợ"))
    commitment = forms.CharField(label=_("Cam kết bàn giao mặt bằng đúng tiến độ"), max_length=500)
