"""The form that records one step for the households selected on a batch's grid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNDateField, VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.parties.models import Household


class StepRecordForm(CleanTextForm):
    DONE, NOT_APPLICABLE = "done", "not_applicable"

    code = forms.CharField(label=_("Bước"), max_length=40)
    action = forms.ChoiceField(
        label=_("Ghi nhận"),
        choices=[(DONE, _("Đã thực hiện")), (NOT_APPLICABLE, _("Không áp dụng"))],
    )
    cases = forms.TypedMultipleChoiceField(label=_("Hồ sơ"), coerce=int, choices=())
    done_date = VNDateField(label=_("Ngày thực hiện"), required=False)
    document_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    document_date = VNDateField(label=_("Ngày văn bản"), required=False)
    document_signer = forms.CharField(label=_("Người ký"), required=False, max_length=120)
    reason = forms.CharField(label=_("Lý do không áp dụng"), required=False, max_length=500)

    def __init__(self, *args: Any, case_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(pk, pk) for pk in case_ids]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == self.DONE and not data.get("done_date"):
            self.add_error("done_date", _("Cần ngày thực hiện."))
        if data.get("action") == self.NOT_APPLICABLE and not data.get("reason"):
            self.add_error("reason", _("Cần nêu lý do không áp dụng."))
        if data.get("document_number") and not data.get("document_date"):
            data["document_date"] = data.get("done_date")
        return data


class HouseholdForm(CleanTextForm):
    """What the law reads of a household that the commune confirms (Decree 88/2024
    Art. 19(1)(b): the farmland it uses; Art. 21, 22: poor and policy families)."""

    agricultural_area_in_use = VNNumberField(
        label=_("Diện tích đất nông nghiệp đang sử dụng trong xã/phường (m²)"),
        kind=NumberKind.AREA,
        bounded_by=Household._meta.get_field("agricultural_area_in_use"),
        required=False,
    )
    is_poor = forms.BooleanField(label=_("Hộ nghèo"), required=False)
    is_policy_family = forms.BooleanField(label=_("Gia đình chính sách"), required=False)
    reason = forms.CharField(
        label=_("Lý do sửa (văn bản xác nhận)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(
            attrs={"placeholder": _("ví dụ: xác nhận của UBND phường ngày 12/5/2026")}
        ),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)  # Household.edit_stamp
