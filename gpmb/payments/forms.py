"""Forms of the payment pages: each binds what its service takes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.payments.choices import EnforcementOutcome, PaymentMethod, RecoveryTrigger
from gpmb.payments.models import Deposit


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        # The browser's date picker sends ISO; typed by hand, dd/mm/yyyy.
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _money(label: Any) -> VNNumberField:
    return VNNumberField(kind=NumberKind.MONEY, label=label)


def _text(label: Any, max_length: int = 100) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length)


class _MoneyForm(CleanTextForm):
    def clean_amount(self) -> int:
        value = self.cleaned_data["amount"]
        if value is None or value <= 0:
            raise forms.ValidationError(_("Số tiền phải lớn hơn 0."))
        return int(value)


class PrepareForm(CleanTextForm):
    number = _text(_("Số đợt chi trả"), 60)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(CleanTextForm):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(_MoneyForm):
    amount = _money(_("Số tiền (đồng)"))
    entry_date = _date(_("Ngày chi"))
    method = forms.ChoiceField(label=_("Hình thức"), choices=PaymentMethod.choices)
    receipt_number = _text(_("Số chứng từ"), 60)


class ReverseForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Lý do đảo bút toán"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DepositForm(_MoneyForm):
    amount = _money(_("Số tiền gửi (đồng)"))
    refusal_date = _date(_("Ngày hộ từ chối nhận tiền"))
    persuasion = forms.CharField(
        label=_("Vận động, thuyết phục"), widget=forms.Textarea(attrs={"rows": 2})
    )
    deposit_date = _date(_("Ngày gửi"))
    reference = _text(_("Số chứng từ gửi tiền"))


class WithdrawForm(CleanTextForm):
    withdrawal_date = _date(_("Ngày hộ nhận lại"))
    reference = _text(_("Chứng từ nhận lại"))
    # Land Law 2024 Art. 94(4): the demand-deposit interest is the household's.
    interest = VNNumberField(
        label=_("Tiền lãi không kỳ hạn theo sao kê (đồng)"),
        kind=NumberKind.MONEY,
        bounded_by=Deposit._meta.get_field("withdrawal_interest"),
        required=False,
    )

    def clean_interest(self) -> int:
        value = self.cleaned_data.get("interest")
        return int(value or 0)


class RecoveryForm(CleanTextForm):
    trigger = forms.ChoiceField(
        label=_("Căn cứ (Điều 87 khoản 5)"), choices=RecoveryTrigger.choices
    )
    trigger_date = _date(_("Ngày phát sinh căn cứ"))
    decision_number = _text(_("Số quyết định"), 60)
    decision_date = _date(_("Ngày quyết định"))
    signer = _text(_("Người ký"), 200)


class HandoverForm(CleanTextForm):
    handover_date = _date(_("Ngày bàn giao"))
    minutes_number = _text(_("Số biên bản"), 60)
    signer = _text(_("Người ký biên bản"), 200)


class ComplaintForm(CleanTextForm):
    opened_date = _date(_("Ngày nhận khiếu nại"))
    reason = forms.CharField(
        label=_("Nội dung khiếu nại"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintCloseForm(CleanTextForm):
    closed_date = _date(_("Ngày giải quyết xong"))
    outcome = forms.CharField(
        label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PersuasionForm(CleanTextForm):
    persuasion_start_date = _date(_("Ngày bắt đầu vận động, thuyết phục"))
    persuasion_document = _text(_("Văn bản vận động, thuyết phục"))


class EnforcementDecisionForm(CleanTextForm):
    decision_number = _text(_("Số quyết định cưỡng chế"), 60)
    decision_date = _date(_("Ngày quyết định cưỡng chế"))
    served_date = _date(_("Ngày giao quyết định (hoặc lập biên bản vắng mặt, từ chối nhận)"))


class EnforcementExecuteForm(CleanTextForm):
    executed_date = _date(_("Ngày thi hành"))
    executed_time = forms.TimeField(
        label=_("Giờ bắt đầu"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=EnforcementOutcome.choices)
    execution_minutes = _text(_("Số biên bản"), 60)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, time = data.pop("executed_date", None), data.pop("executed_time", None)
        if day is not None and time is not None:
            data["executed_at"] = dt.datetime.combine(day, time, timezone.get_current_timezone())
        return data
