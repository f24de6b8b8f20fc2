"""Payment pages: a batch's payment batches with money and land at a glance, a payment
batch with its households and the transfer list, a case's money (ledger, deposit,
recovery decision, handover). Views bind a request to a query or a service."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gpmb.cases.models import Case, ComplaintFlag
from gpmb.cases.services import ComplaintError, complaint_close, complaint_open
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.uploads import receives_upload, too_large_message
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.parties.models import mask_national_id
from gpmb.payments.choices import EntryKind, PaymentBatchStatus
from gpmb.payments.forms import (
    ApproveForm,
    ComplaintCloseForm,
    ComplaintForm,
    DepositForm,
    EnforcementDecisionForm,
    EnforcementExecuteForm,
    HandoverForm,
    PaymentForm,
    PersuasionForm,
    PrepareForm,
    RecoveryForm,
    ReverseForm,
    WithdrawForm,
)
from gpmb.payments.models import (
    Deposit,
    Enforcement,
    LedgerEntry,
    PaymentBatch,
    PaymentLine,
    SignedReceipt,
)
from gpmb.payments.queries import balances, glance, glance_by_commune
from gpmb.payments.services import (
    PaymentError,
    deposit_record,
    deposit_withdraw,
    enforcement_decide,
    enforcement_execute,
    entry_reverse,
    handover_record,
    late_rule,
    payment_batch_approve,
    payment_batch_prepare,
    payment_record,
    persuasion_record,
    receipt_attach,
    recovery_decide,
)
from gpmb.plans.choices import PlanStatus
from gpmb.plans.models import BatchPlan
from gpmb.projects.models import Batch, Project


def _errors(form: Any) -> str:
    return " ".join(f"{e}" for errors in form.errors.values() for e in errors)


# -- a batch: its payment batches and money and land at a glance ---------------------------


class BatchPaymentsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        batch = scoped_object_or_404(Batch.objects.select_related("project"), user, pk=pk)
        plans = list(
            BatchPlan.objects.restrict(user)
            .filter(batch=batch, status=PlanStatus.APPROVED)
            .select_related("commune")
            .order_by("commune__name")
        )
        for plan in plans:
            plan.can_prepare = may(user, "payments.add_paymentbatch", plan)  # type: ignore[attr-defined]
        money_cases = Case.objects.restrict(user, "payments.view_ledgerentry").filter(batch=batch)
        return render(
            request,
            "payments/batch_payments.html",
            {
                "batch": batch,
                "plans": plans,
                "form": PrepareForm(),
                "payment_batches": PaymentBatch.objects.restrict(user)
                .filter(batch=batch)
                .select_related("commune", "prepared_by", "approved_by"),
                "glance": glance(Case.objects.restrict(user).filter(batch=batch)),
                "wards": glance_by_commune(money_cases),
                # The project's money page, for those who see some of its money.
                "sees_money": money_cases.exists(),
                "Status": PaymentBatchStatus,
            },
        )


class ProjectPaymentsView(LoginRequiredMixin, View):
    """Money and land of a project at a glance, by ward, with the kilometres of clean
    land of a linear project and the map coloured by handover."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        user = request.user
        project = scoped_object_or_404(Project.objects.all(), user, code=code)
        cases = Case.objects.restrict(user, "payments.view_ledgerentry").filter(project=project)
        # The money of the cases the user's assignments reach in this project: none (the
        # investor sees progress, not money) is a refusal.
        if not cases.exists():
            raise NotPermitted(_("Bạn không được xem tiền chi trả của dự án này."))
        return render(
            request,
            "payments/project_payments.html",
            {
                "project": project,
                "glance": glance(cases),
                "wards": glance_by_commune(cases),
                "batches": Batch.objects.restrict(user).filter(project=project).order_by("pk"),
            },
        )


class PaymentBatchPrepareView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = scoped_object_or_404(BatchPlan.objects.all(), request.user, pk=pk)
        user = acting_user(request)
        if not may(user, "payments.add_paymentbatch", plan):
            raise NotPermitted(_("Việc lập đợt chi trả do kế toán được phân công thực hiện."))
        form = PrepareForm(request.POST)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return redirect("payments:batch_payments", pk=plan.batch_id)
        try:
            payment_batch = payment_batch_prepare(batch_plan=plan, actor=user, **form.cleaned_data)
        except PaymentError as exc:
            messages.error(request, str(exc))
            return redirect("payments:batch_payments", pk=plan.batch_id)
        messages.success(request, _("Đã lập đợt chi trả."))
        return redirect("payments:paymentbatch_detail", pk=payment_batch.pk)


# -- a payment batch ----------------------------------------------------------------------


def _payment_batch(request: HttpRequest, pk: int) -> PaymentBatch:
    return scoped_object_or_404(
        PaymentBatch.objects.select_related(
            "batch__project", "commune", "batch_plan", "prepared_by", "approved_by"
        ),
        request.user,
        pk=pk,
    )


def _rows(user: Any, payment_batch: PaymentBatch) -> list[Any]:
    lines = list(
        PaymentLine.objects.restrict(user)
        .filter(payment_batch=payment_batch)
        .select_related("case__household__head")
        .order_by("case__household__code")
    )
    money = balances([line.case_id for line in lines])
    for line in lines:
        line.balance = money[line.case_id]  # type: ignore[attr-defined]
    return lines


class PaymentBatchDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, form: Any = None) -> HttpResponse:
        payment_batch = _payment_batch(request, pk)
        user = request.user
        can_approve = (
            payment_batch.status == PaymentBatchStatus.PREPARED
            and may(user, "payments.approve_paymentbatch", payment_batch)
            and payment_batch.prepared_by_id != user.pk
        )
        return render(
            request,
            "payments/paymentbatch_detail.html",
            {
                "payment_batch": payment_batch,
                "lines": _rows(user, payment_batch),
                "form": (form or ApproveForm()) if can_approve else None,
                "Status": PaymentBatchStatus,
            },
        )


class PaymentBatchApproveView(PaymentBatchDetailView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        payment_batch = _payment_batch(request, pk)
        user = acting_user(request)
        if not may(user, "payments.approve_paymentbatch", payment_batch):
            raise NotPermitted(_("Việc duyệt đợt chi trả do cấp trên của kế toán thực hiện."))
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form)
        try:
            payment_batch_approve(payment_batch=payment_batch, actor=user, **form.cleaned_data)
        except PaymentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã duyệt đợt chi trả."))
        return redirect("payments:paymentbatch_detail", pk=pk)


TRANSFER_HEADER = (
    "STT",
    "Mã hộ",
    "Chủ hộ",
    "Số CCCD",
    "Số tiền phải chi (đồng)",
    "Đã chi (đồng)",
    "Đã gửi (đồng)",
    "Còn phải chuyển (đồng)",
    "Tiền chậm chi trả nếu chi hôm nay (đồng)",
)


class TransferListView(LoginRequiredMixin, View):
    """The bank transfer list of a payment batch for the treasury (XLSX or CSV): what
    remains to transfer to each household, and the late-payment amount it would carry if
    paid today (Land Law 2024 Art. 94(3)(b)). National IDs in full only for the roles
    that hold the personal-data right on this batch."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in ("xlsx", "csv"):
            raise Http404
        payment_batch = _payment_batch(request, pk)
        full = may(request.user, PERSONAL_DATA, payment_batch)
        rows = transfer_rows(_rows(request.user, payment_batch), payment_batch, full)
        name = f"chuyen-khoan-{payment_batch.pk}.{fmt}"
        if fmt == "csv":
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(TRANSFER_HEADER)
            writer.writerows([[_csv_safe(v) for v in r] for r in rows])
            response = HttpResponse(
                ("\ufeff" + text.getvalue()).encode(), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                transfer_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _csv_safe(value: Any) -> Any:
    """A text a spreadsheet could take for a formula is quoted (as core.xlsx does)."""
    from gpmb.core.xlsx import FORMULA_START

    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def transfer_rows(lines: list[Any], payment_batch: PaymentBatch, full: bool) -> list[list[Any]]:
    today = timezone.localdate()
    rule = late_rule(payment_batch.batch.project.policy_pack_code)
    effective = payment_batch.approval_effective_date
    out = []
    for i, line in enumerate(lines, start=1):
        b = line.balance
        head = line.case.household.head
        nid = head.national_id if head else ""
        # Land Law 2024 Art. 94(3)(b): what is transferred today carries its late amount.
        interest = rule.on(b.remaining, effective, today).amount if b.remaining else 0
        out.append(
            [
                i,
                line.case.household.code,
                head.full_name if head else "",
                nid if full else mask_national_id(nid),
                b.due,
                b.paid,
                b.deposited,
                b.remaining,
                interest,
            ]
        )
    return out


def transfer_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    from gpmb.core.xlsx import row

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách chuyển khoản")
    sheet.append(row(sheet, TRANSFER_HEADER))
    for values in rows:
        sheet.append(row(sheet, values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- a case's money -----------------------------------------------------------------------

# act → (the permission on the case, the form, the button)
CASE_ACTS: dict[str, tuple[str, Any, Any]] = {
    "pay": ("payments.add_ledgerentry", PaymentForm, gettext_lazy("Ghi chi trả")),
    "deposit": (
        "payments.add_deposit",
        DepositForm,
        gettext_lazy("Ghi từ chối nhận tiền và gửi tiền"),
    ),
    "recovery": (
        "payments.add_recoverydecision",
        RecoveryForm,
        gettext_lazy("Ghi quyết định thu hồi đất"),
    ),
    "handover": ("payments.add_handover", HandoverForm, gettext_lazy("Ghi bàn giao mặt bằng")),
    "complaint": ("cases.add_complaintflag", ComplaintForm, gettext_lazy("Ghi hộ khiếu nại")),
    "persuasion": (
        "payments.add_enforcement",
        PersuasionForm,
        gettext_lazy("Ghi vận động, thuyết phục bàn giao đất"),
    ),
    "enforcement": (
        "payments.decide_enforcement",
        EnforcementDecisionForm,
        gettext_lazy("Ghi quyết định cưỡng chế thu hồi đất"),
    ),
    "execution": (
        "payments.change_enforcement",
        EnforcementExecuteForm,
        gettext_lazy("Ghi thi hành quyết định cưỡng chế"),
    ),
}


def _case(request: HttpRequest, pk: int, action: str = "view") -> Case:
    return scoped_object_or_404(
        Case.objects.select_related("household__head", "batch__project", "commune"),
        request.user,
        action,
        pk=pk,
    )


def render_case_money(
    request: HttpRequest, case: Case, bound: tuple[str, Any] | None = None
) -> HttpResponse:
    user = request.user
    entries = list(
        LedgerEntry.objects.restrict(user)
        .filter(case=case)
        .select_related("recorded_by", "reversal_of")
        .order_by("entry_date", "pk")
    )
    reversed_ids = {e.reversal_of_id for e in entries if e.reversal_of_id}
    receipts: dict[int, list[SignedReceipt]] = {}
    for r in SignedReceipt.objects.filter(entry__case=case).order_by("pk"):
        receipts.setdefault(r.entry_id, []).append(r)
    can_attach = may(user, "payments.add_signedreceipt", case)
    can_reverse = may(user, "payments.add_ledgerentry", case)
    for e in entries:
        e.can_reverse = (  # type: ignore[attr-defined]
            can_reverse and e.kind == EntryKind.PRINCIPAL and e.pk not in reversed_ids
        )
        e.receipts = receipts.get(e.pk, [])  # type: ignore[attr-defined]
        e.can_attach = can_attach and e.kind == EntryKind.PRINCIPAL  # type: ignore[attr-defined]
    deposits = list(Deposit.objects.restrict(user).filter(case=case).order_by("deposit_date"))
    can_withdraw = may(user, "payments.withdraw_deposit", case)
    complaints = list(
        ComplaintFlag.objects.restrict(user).filter(case=case).order_by("-opened_date", "-pk")
    )
    forms = [
        (act, label, bound[1] if bound and bound[0] == act else form())
        for act, (perm, form, label) in CASE_ACTS.items()
        if may(user, perm, case)
    ]
    return render(
        request,
        "payments/case_money.html",
        {
            "case": case,
            "balance": balances([case.pk])[case.pk],
            "entries": entries,
            "deposits": deposits,
            "can_withdraw": can_withdraw,
            "withdraw_form": WithdrawForm(),
            "reverse_form": ReverseForm(),
            "decision": getattr(case, "recovery_decision", None),
            "handover": getattr(case, "handover", None),
            "enforcement": Enforcement.objects.filter(case=case).first(),
            "complaints": complaints,
            "can_close_complaint": may(user, "cases.change_complaintflag", case),
            "complaint_close_form": ComplaintCloseForm(),
            "forms": forms,
            "EntryKind": EntryKind,
        },
    )


class CaseMoneyView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Those who see the case but not its money (the investor) are refused.
        return render_case_money(request, _case(request, pk, "payments.view_ledgerentry"))


class CaseActView(LoginRequiredMixin, View):
    """One act on a case's money or land: the form is checked, then the service, which
    checks the right again and every gate of the law."""

    act = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _case(request, pk)
        user = acting_user(request)
        perm, form_class, _label = CASE_ACTS[self.act]
        if not may(user, perm, case):
            raise NotPermitted(_("Bạn không được phân công làm việc này với hồ sơ này."))
        form = form_class(request.POST)
        if not form.is_valid():
            return render_case_money(request, case, (self.act, form))
        service: Any = {
            "pay": payment_record,
            "deposit": deposit_record,
            "recovery": recovery_decide,
            "handover": handover_record,
            "complaint": complaint_open,
            "persuasion": persuasion_record,
            "enforcement": enforcement_decide,
            "execution": enforcement_execute,
        }[self.act]
        try:
            service(case=case, actor=user, **form.cleaned_data)
        except (PaymentError, ComplaintError) as exc:
            form.add_error(None, str(exc))
            return render_case_money(request, case, (self.act, form))
        messages.success(request, _("Đã ghi."))
        return redirect("payments:case_money", pk=case.pk)


class EntryReverseView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = scoped_object_or_404(
            LedgerEntry.objects.select_related("case"), request.user, pk=pk
        )
        user = acting_user(request)
        if not may(user, "payments.add_ledgerentry", entry):
            raise NotPermitted(_("Việc đảo bút toán do kế toán được phân công thực hiện."))
        form = ReverseForm(request.POST)
        try:
            if not form.is_valid():
                raise PaymentError(_errors(form))
            entry_reverse(entry=entry, actor=user, **form.cleaned_data)
        except PaymentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi bút toán đảo."))
        return redirect("payments:case_money", pk=entry.case_id)


class DepositWithdrawView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        deposit = scoped_object_or_404(Deposit.objects.all(), request.user, pk=pk)
        user = acting_user(request)
        if not may(user, "payments.withdraw_deposit", deposit):
            raise NotPermitted(_("Việc này do kế toán được phân công thực hiện."))
        form = WithdrawForm(request.POST)
        try:
            if not form.is_valid():
                raise PaymentError(_errors(form))
            deposit_withdraw(deposit=deposit, actor=user, **form.cleaned_data)
        except PaymentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi hộ nhận lại tiền gửi."))
        return redirect("payments:case_money", pk=deposit.case_id)


@login_required
@receives_upload("attachment")
def receipt_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt the household signed, for one payment: through the upload flow (the
    size limit is checked while the file arrives)."""
    entry = scoped_object_or_404(LedgerEntry.objects.select_related("case"), request.user, pk=pk)
    user = acting_user(request)
    if request.method != "POST":
        return redirect("payments:case_money", pk=entry.case_id)
    if not may(user, "payments.add_signedreceipt", entry):
        raise NotPermitted(_("Việc này do kế toán được phân công thực hiện."))
    upload = request.FILES.get("file")
    if request.upload_refused:  # type: ignore[attr-defined]
        messages.error(request, too_large_message("attachment"))
    elif upload is None:
        messages.error(request, _("Hãy chọn tệp."))
    else:
        try:
            receipt_attach(entry=entry, upload=upload, actor=user)
        except PaymentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu giấy nhận tiền có chữ ký."))
    return redirect("payments:case_money", pk=entry.case_id)


@login_required
def receipt_download(request: HttpRequest, pk: int) -> FileResponse:
    """A signed receipt holds a person's signature: served only to those who see the
    case's money."""
    receipt = scoped_object_or_404(
        SignedReceipt.objects.all(), request.user, "payments.view_ledgerentry", pk=pk
    )
    return FileResponse(receipt.file.open("rb"), filename=receipt.original_name)


class ComplaintCloseView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        flag = scoped_object_or_404(ComplaintFlag.objects.all(), request.user, pk=pk)
        user = acting_user(request)
        if not may(user, "cases.change_complaintflag", flag):
            raise NotPermitted(_("Bạn không được phân công ghi kết quả khiếu nại của hồ sơ này."))
        form = ComplaintCloseForm(request.POST)
        try:
            if not form.is_valid():
                raise ComplaintError(_errors(form))
            complaint_close(flag=flag, actor=user, **form.cleaned_data)
        except ComplaintError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi khiếu nại giải quyết xong."))
        return redirect("payments:case_money", pk=flag.case_id)


def household_money_panel(
    request: HttpRequest, household: Any, page: dict[str, Any]
) -> dict[str, Any] | None:
    """The money section of the household page: each case with a payment line, its
    balance and a link to its payments; nothing when no case is in a payment batch."""
    user = request.user
    cases = [c for c in page["cases"] if may(user, "payments.view_ledgerentry", c)]
    if not cases:
        return None
    # One query for a household none of whose cases is in a payment batch (most of them).
    paying = set(
        PaymentLine.objects.filter(case__in=[c.pk for c in cases]).values_list("case_id", flat=True)
    )
    if not paying:
        return None
    money = balances(sorted(paying))
    return {"rows": [(c, money[c.pk]) for c in cases if c.pk in paying]}
