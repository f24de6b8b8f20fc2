"""Writes of payments, one function per act, each taking the acting user:

    payment_batch_prepare(*, batch_plan, number, actor, note="") -> PaymentBatch
    payment_batch_approve(*, payment_batch, actor, note="") -> PaymentBatch
    payment_record(*, case, amount, entry_date, method, receipt_number, actor) -> LedgerEntry
    entry_reverse(*, entry, reason, actor) -> LedgerEntry
    deposit_record(*, case, amount, refusal_date, persuasion, deposit_date, reference,
                   actor) -> Deposit
    deposit_withdraw(*, deposit, withdrawal_date, reference, actor) -> Deposit
    recovery_decide(*, case, trigger, trigger_date, decision_number, decision_date, signer,
                    actor) -> RecoveryDecision
    handover_record(*, case, handover_date, minutes_number, signer, actor) -> Handover
    persuasion_record(*, case, persuasion_start_date, persuasion_document, actor)
    enforcement_decide(*, case, decision_number, decision_date, served_date, actor)
    enforcement_execute(*, case, executed_at, outcome, execution_minutes, actor)
    receipt_attach(*, entry, upload, actor) -> SignedReceipt

Each checks the right on the object (`may`), locks what it changes, guards the state and
the law's gates, writes in one transaction with an AuditEvent, and records the case's
legal step through gpmb.cases.services (payment, recovery_decision, handover), so the
case earns "paid" and "handed over" only that way. A refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.cases.models import BatchProcedure, Case, Step
from gpmb.cases.queries import open_complaints
from gpmb.cases.services import (
    StepDocument,
    StepError,
    step_not_applicable,
    step_record,
    steps_not_applicable,
)
from gpmb.census.services import ATTACHMENT_TYPES
from gpmb.core.audit import acting_as
from gpmb.core.bulk import insert_rows
from gpmb.core.changes import cases_changed
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.uploads import too_large_message, upload_limit
from gpmb.core.workdays import WorkCalendar
from gpmb.engine.payment import LatePayment, late_payment
from gpmb.engine.procedure import ProcedureTemplate
from gpmb.payments.choices import (
    EnforcementOutcome,
    EnforcementStage,
    EntryKind,
    PaymentBatchStatus,
    PaymentMethod,
    RecoveryTrigger,
)
from gpmb.payments.models import (
    Deposit,
    Enforcement,
    Handover,
    LedgerEntry,
    PaymentBatch,
    PaymentLine,
    RecoveryDecision,
    SignedReceipt,
)
from gpmb.payments.queries import Balance, balances
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.plans.services import PlanError, case_compute, plan_diff
from gpmb.policy.packs import PolicyError, pack_for_code

# Land Law 2024 Art. 87(5): the recovery decision within 10 days of its trigger.
RECOVERY_DECISION_DAYS = 10
LATE_INTEREST_KEY = "payment.late_interest"
# JSON columns written in bulk as JSONField writes them.
_json = json.JSONEncoder(ensure_ascii=False).encode


class PaymentError(Exception):
    """An act refused as asked; `str()` says why, in Vietnamese."""


def _check(actor: Actor, perm: str, obj: Any, what: str) -> None:
    """The actor's assignments must grant `perm` on this object's project and commune;
    None is the system (the demo, a command)."""
    if actor is not None and not may(actor, perm, obj):
        raise NotPermitted(
            _("Bạn không được phân công %(what)s ở %(where)s.") % {"what": what, "where": obj}
        )


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date, label: str) -> None:
    if day > _today():
        raise PaymentError(
            _("%(label)s %(date)s ở tương lai.") % {"label": label, "date": _fmt(day)}
        )


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PaymentError(message)
    return value


def _amount(value: Any) -> int:
    """Money is integer đồng, above zero."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise PaymentError(
            _("Số tiền phải là số đồng nguyên dương (nhận được: %(v)s).") % {"v": value}
        )
    return value


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("household", "batch__project")
        .get(pk=case.pk)
    )


def _step(fn: Any, **kwargs: Any) -> None:
    try:
        fn(**kwargs)
    except StepError as exc:
        raise PaymentError(str(exc)) from None


def _step_open(case: Case, code: str) -> bool:
    return Step.objects.filter(
        case=case, code=code, done_date__isnull=True, not_applicable=False
    ).exists()


# -- payment batches ----------------------------------------------------------------------


def payment_batch_prepare(
    *, batch_plan: BatchPlan, number: str, actor: Actor, note: str = ""
) -> PaymentBatch:
    """Draw a payment batch from an approved batch plan: every household of it with an
    approved version paying more than nothing and not yet in a payment batch, with the
    amount due by group. The day the approval decision takes effect is kept with it
    (Land Law 2024 Art. 94(3)(a): the 30 days count from it)."""
    _check(actor, "payments.add_paymentbatch", batch_plan, _("lập đợt chi trả"))
    number = _text(number, _("Cần số đợt chi trả."))
    with acting_as(actor), transaction.atomic():
        locked = (
            BatchPlan.objects.select_for_update(of=("self",))
            .select_related("batch")
            .get(pk=batch_plan.pk)
        )
        if locked.status != PlanStatus.APPROVED:
            raise PaymentError(
                _(
                    "Phương án chưa được phê duyệt: chưa lập đợt chi trả được "
                    "(Luật Đất đai 2024, Điều 94 khoản 3)."
                )
            )
        act = locked.acts.filter(kind=PlanActKind.APPROVAL).order_by("-pk").first()
        if act is None or act.document_date is None:
            raise PaymentError(_("Không tìm thấy quyết định phê duyệt phương án."))
        versions = list(
            PlanVersion.objects.filter(batch_plan=locked, status=PlanStatus.APPROVED)
            .exclude(pk__in=PaymentLine.objects.values("plan_version"))
            .order_by("case__household__code")
            .values_list("pk", "case_id", "net_amount", "totals")
        )
        if not versions:
            raise PaymentError(_("Không còn hộ nào của phương án này chờ lập đợt chi trả."))
        payment_batch = PaymentBatch.objects.create(
            project_id=locked.project_id,
            commune_id=locked.commune_id,
            batch_id=locked.batch_id,
            batch_plan=locked,
            number=number,
            approval_effective_date=act.document_date,
            prepared_by=_user(actor),
            total_due=sum(max(0, v[2]) for v in versions),
            note=note.strip(),
        )
        insert_rows(
            PaymentLine,
            ("payment_batch_id", "case_id", "plan_version_id", "project_id", "commune_id",
             "amount_due", "amount_owed", "totals"),
            [
                (payment_batch.pk, case_id, pk, locked.project_id, locked.commune_id,
                 max(0, net), max(0, -net), _json(t))
                for pk, case_id, net, t in versions
            ],
        )  # fmt: skip
        _nothing_to_pay(locked, [(case_id, net) for _pk, case_id, net, _t in versions], actor)
        record_event(
            actor=actor,
            kind="payments.batch_prepare",
            message=f"Lập đợt chi trả {number}: {len(versions)} hộ",
            target=payment_batch,
            reason=note,
            data={"households": len(versions), "total": payment_batch.total_due},
        )
    return payment_batch


def _nothing_to_pay(batch_plan: BatchPlan, nets: list[tuple[int, int]], actor: Actor) -> None:
    """The households of the batch whose approved net is zero or below are owed nothing:
    their `payment` step is not applicable, with the reason, so their handover waits for
    nothing. What they must pay (the resettlement land-use fee beyond their compensation,
    Land Law 2024 Art. 111(3)) is the line's `amount_owed`, collected under the land-fee
    law or recorded as debt (Decree 88/2024 Art. 26)."""
    owing = {case_id: -net for case_id, net in nets if net <= 0}
    if not owing:
        return
    steps = Step.objects.filter(
        case_id__in=list(owing), code="payment", done_date__isnull=True, not_applicable=False
    ).select_related("case")
    by_amount: dict[int, list[Case]] = {}
    for step in steps:
        by_amount.setdefault(owing[step.case_id], []).append(step.case)
    for owed, cases in by_amount.items():
        _step(
            steps_not_applicable,
            cases=cases,
            code="payment",
            reason=_(
                "Phương án đã duyệt không có tiền chi trả cho hộ (số thực nhận ≤ 0); hộ phải "
                "nộp %(owed)s đồng tiền sử dụng đất tái định cư (Luật Đất đai 2024, Điều 111 "
                "khoản 3; Nghị định 88/2024/NĐ-CP, Điều 26)."
            )
            % {"owed": f"{owed:,}".replace(",", ".")},
            actor=actor,
        )


def payment_batch_approve(
    *, payment_batch: PaymentBatch, actor: Actor, note: str = ""
) -> PaymentBatch:
    """Approve a prepared payment batch: by a superior holding the approval right, never
    its maker (maker ≠ checker)."""
    _check(actor, "payments.approve_paymentbatch", payment_batch, _("duyệt đợt chi trả"))
    with acting_as(actor), transaction.atomic():
        locked = PaymentBatch.objects.select_for_update().get(pk=payment_batch.pk)
        if locked.status != PaymentBatchStatus.PREPARED:
            raise PaymentError(
                _("Đợt chi trả đang ở trạng thái “%(status)s”: không duyệt được.")
                % {"status": PaymentBatchStatus(locked.status).label}
            )
        if actor is not None and locked.prepared_by_id == actor.pk:
            raise NotPermitted(_("Người lập đợt chi trả không được tự duyệt đợt chi trả đó."))
        locked.status = PaymentBatchStatus.APPROVED
        locked.approved_by = _user(actor)
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        record_event(
            actor=actor,
            kind="payments.batch_approve",
            message=f"Duyệt đợt chi trả {locked.number}",
            target=locked,
            reason=note,
            data={"total": locked.total_due},
        )
    payment_batch.refresh_from_db()
    return payment_batch


# -- the ledger ---------------------------------------------------------------------------


def _payable_line(case: Case) -> tuple[PaymentLine, Balance]:
    balance = balances([case.pk])[case.pk]
    line = (
        PaymentLine.objects.select_related("payment_batch").filter(pk=balance.line_id).first()
        if balance.line_id
        else None
    )
    if line is None:
        raise PaymentError(
            _("Hộ %(case)s chưa có trong đợt chi trả nào.") % {"case": case.household.code}
        )
    if line.payment_batch.status != PaymentBatchStatus.APPROVED:
        raise PaymentError(
            _("Đợt chi trả %(number)s chưa được duyệt: chưa chi được.")
            % {"number": line.payment_batch.number}
        )
    return line, balance


@dataclass(frozen=True)
class LateRule:
    """The pack's late-payment rate and day count (`payment.late_interest`) with its
    source: Land Law 2024 Art. 94(3)(b) borrows the tax law's rate."""

    rate: Decimal
    day_count: str
    source: str

    def on(self, amount: int, effective_on: dt.date, paid_on: dt.date) -> LatePayment:
        return late_payment(amount, effective_on, paid_on, rate=self.rate, day_count=self.day_count)


def late_rule(pack_code: str) -> LateRule:
    """The late-payment rule of pack `pack_code`; refused when the pack lacks it (never
    guessed: the line would have no basis)."""
    try:
        _row, pack = pack_for_code(pack_code)
    except PolicyError as exc:
        raise PaymentError("; ".join(exc.messages)) from None
    param = pack.value(LATE_INTEREST_KEY)
    if not param:
        raise PaymentError(
            _("Gói chính sách %(pack)s chưa có mức tiền chậm chi trả (%(key)s): thiếu căn cứ.")
            % {"pack": pack_code, "key": LATE_INTEREST_KEY}
        )
    return LateRule(param["rate"], param["day_count"], pack.params[LATE_INTEREST_KEY].source)


def payment_record(
    *,
    case: Case,
    amount: int,
    entry_date: dt.date,
    method: str,
    receipt_number: str,
    actor: Actor,
) -> LedgerEntry:
    """Record a payment of the approved amount to the household of `case`, from its
    approved payment batch. Paid later than 30 days after the approval decision took
    effect, the late-payment amount is computed on it (Land Law 2024 Art. 94(3)(b); the
    pack's rate and day count) and written as its own entry, paid with it. Once the
    approved amount is paid in full the case's `payment` step is recorded (it earns
    "paid"). Refused: no approved batch, more than what remains, a future date, a date
    before the approval."""
    _check(actor, "payments.add_ledgerentry", case, _("chi trả tiền"))
    amount = _amount(amount)
    _not_future(entry_date, _("Ngày chi"))
    receipt_number = _text(receipt_number, _("Cần số chứng từ chi (phiếu chi, ủy nhiệm chi)."))
    if method not in PaymentMethod.values:
        raise PaymentError(_("Hình thức chi không hợp lệ: %(m)s.") % {"m": method})
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        line, balance = _payable_line(locked)
        effective = line.payment_batch.approval_effective_date
        if entry_date < effective:
            raise PaymentError(
                _("Ngày chi %(date)s trước ngày phê duyệt phương án (%(approved)s).")
                % {"date": _fmt(entry_date), "approved": _fmt(effective)}
            )
        if amount > balance.remaining:
            raise PaymentError(
                _("Số tiền %(amount)s đ lớn hơn số còn phải chi %(remaining)s đ.")
                % {
                    "amount": f"{amount:,}".replace(",", "."),
                    "remaining": f"{balance.remaining:,}".replace(",", "."),
                }
            )
        common = {
            "case": locked,
            "line": line,
            "project_id": locked.project_id,
            "commune_id": locked.commune_id,
            "entry_date": entry_date,
            "method": method,
            "receipt_number": receipt_number,
            "recorded_by": _user(actor),
        }
        entry = LedgerEntry.objects.create(kind=EntryKind.PRINCIPAL, amount=amount, **common)
        rule = late_rule(locked.batch.project.policy_pack_code)
        late = rule.on(amount, effective, entry_date)
        interest = None
        if late.amount > 0:
            # Land Law 2024 Art. 94(3)(b): the late-payment amount, paid with the principal.
            interest = LedgerEntry.objects.create(
                kind=EntryKind.INTEREST,
                amount=late.amount,
                principal=entry,
                formula=late.formula,
                citations=[*late.citations, rule.source],
                **common,
            )
        record_event(
            actor=actor,
            kind="payments.payment_record",
            message=(
                f"Chi trả {amount} đ cho hộ {locked.household.code}, chứng từ {receipt_number}"
                + (f", tiền chậm chi trả {late.amount} đ" if interest else "")
            ),
            target=locked,
            data={"entry": entry.pk, "amount": amount, "interest": late.amount,
                  "days_late": late.days_late},
        )  # fmt: skip
        if amount == balance.remaining and _step_open(locked, "payment"):
            _step(
                step_record,
                case=locked,
                code="payment",
                done_date=entry_date,
                document=StepDocument(receipt_number, entry_date),
                actor=actor,
            )
        cases_changed([locked.pk])
    return entry


def entry_reverse(*, entry: LedgerEntry, reason: str, actor: Actor) -> LedgerEntry:
    """Correct a ledger entry by its reversal (the same amount, negative, today), never by
    an edit; the late-payment amount paid with a payment is reversed with it. The
    original and the reversal both stay in the ledger."""
    _check(actor, "payments.add_ledgerentry", entry, _("ghi sổ chi trả"))
    reason = _text(reason, _("Cần nêu lý do đảo bút toán."))
    with acting_as(actor), transaction.atomic():
        locked_case = _lock_case(entry.case)
        original = LedgerEntry.objects.get(pk=entry.pk)
        if original.kind == EntryKind.REVERSAL:
            raise PaymentError(_("Không đảo một bút toán đảo: ghi khoản chi mới."))
        if LedgerEntry.objects.filter(reversal_of=original).exists():
            raise PaymentError(_("Bút toán này đã được đảo."))
        if original.kind == EntryKind.INTEREST and original.principal_id:
            raise PaymentError(_("Tiền chậm chi trả được đảo cùng khoản chi gốc của nó."))
        today = max(_today(), original.entry_date)
        undo = [original, *original.interest_entries.filter(reversed_by__isnull=True)]
        reversals = [
            LedgerEntry.objects.create(
                case=locked_case,
                line_id=e.line_id,
                project_id=e.project_id,
                commune_id=e.commune_id,
                kind=EntryKind.REVERSAL,
                amount=-e.amount,
                entry_date=today,
                method=e.method,
                receipt_number=e.receipt_number,
                reversal_of=e,
                reason=reason,
                recorded_by=_user(actor),
            )
            for e in undo
        ]
        record_event(
            actor=actor,
            kind="payments.entry_reverse",
            message=f"Đảo bút toán {original.receipt_number} ({original.amount} đ) của hộ "
            f"{locked_case.household.code}",
            target=locked_case,
            reason=reason,
            data={"entries": [e.pk for e in undo], "reversals": [r.pk for r in reversals]},
        )
        cases_changed([locked_case.pk])
    return reversals[0]


# -- refusal and deposit ------------------------------------------------------------------


def deposit_record(
    *,
    case: Case,
    amount: int,
    refusal_date: dt.date,
    persuasion: str,
    deposit_date: dt.date,
    reference: str,
    actor: Actor,
) -> Deposit:
    """The household refused the money after persuasion: deposit it into the unit's
    account (Land Law 2024 Art. 94(4)). Once the approved amount is paid or deposited,
    the `payment` step is not applicable (the money was not paid out) and the handover
    may be recorded."""
    _check(actor, "payments.add_deposit", case, _("ghi gửi tiền"))
    amount = _amount(amount)
    persuasion = _text(persuasion, _("Cần ghi việc vận động, thuyết phục hộ nhận tiền."))
    reference = _text(reference, _("Cần số chứng từ gửi tiền."))
    _not_future(deposit_date, _("Ngày gửi"))
    if deposit_date < refusal_date:
        raise PaymentError(_("Ngày gửi tiền trước ngày hộ từ chối nhận."))
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        line, balance = _payable_line(locked)
        if refusal_date < line.payment_batch.approval_effective_date:
            raise PaymentError(_("Ngày từ chối trước ngày phê duyệt phương án."))
        if amount > balance.remaining:
            raise PaymentError(
                _("Số tiền gửi %(amount)s đ lớn hơn số còn phải chi %(remaining)s đ.")
                % {"amount": amount, "remaining": balance.remaining}
            )
        deposit = Deposit.objects.create(
            case=locked,
            project_id=locked.project_id,
            commune_id=locked.commune_id,
            amount=amount,
            refusal_date=refusal_date,
            persuasion=persuasion,
            deposit_date=deposit_date,
            reference=reference,
            recorded_by=_user(actor),
        )
        record_event(
            actor=actor,
            kind="payments.deposit_record",
            message=(
                f"Hộ {locked.household.code} từ chối nhận tiền: gửi {amount} đ, "
                f"chứng từ {reference}"
            ),
            target=locked,
            reason=persuasion,
            data={"deposit": deposit.pk, "amount": amount},
        )
        if amount == balance.remaining and _step_open(locked, "payment"):
            _step(
                step_not_applicable,
                case=locked,
                code="payment",
                reason=_(
                    "Hộ từ chối nhận tiền; đã gửi vào tài khoản ngày %(date)s, chứng từ %(ref)s "
                    "(Luật Đất đai 2024, Điều 94 khoản 4)."
                )
                % {"date": _fmt(deposit_date), "ref": reference},
                actor=actor,
            )
        cases_changed([locked.pk])
    return deposit


def deposit_withdraw(
    *,
    deposit: Deposit,
    withdrawal_date: dt.date,
    reference: str,
    actor: Actor,
    interest: int = 0,
) -> Deposit:
    """The household takes its deposited money with the demand-deposit interest the
    account paid, which is the household's (Land Law 2024 Art. 94(4); Decree 88/2024
    Art. 25(5)): the amount on the bank's statement, integer đồng."""
    _check(actor, "payments.withdraw_deposit", deposit, _("ghi hộ nhận lại tiền gửi"))
    reference = _text(reference, _("Cần số chứng từ nhận lại tiền."))
    _not_future(withdrawal_date, _("Ngày nhận lại"))
    with acting_as(actor), transaction.atomic():
        locked = (
            Deposit.objects.select_for_update().select_related("case__household").get(pk=deposit.pk)
        )
        if locked.withdrawal_date is not None:
            raise PaymentError(_("Khoản tiền gửi này đã được nhận lại."))
        if withdrawal_date < locked.deposit_date:
            raise PaymentError(_("Ngày nhận lại trước ngày gửi tiền."))
        if (
            isinstance(interest, bool)
            or not isinstance(interest, int)
            or not 0 <= interest <= 10**12
        ):
            raise PaymentError(
                _("Tiền lãi %(amount)s phải là số nguyên đồng, từ 0.") % {"amount": interest}
            )
        locked.withdrawal_date, locked.withdrawal_reference = withdrawal_date, reference
        locked.withdrawal_interest = interest
        locked.save(
            update_fields=[
                "withdrawal_date",
                "withdrawal_reference",
                "withdrawal_interest",
                "updated_at",
            ]
        )
        record_event(
            actor=actor,
            kind="payments.deposit_withdraw",
            message=f"Hộ {locked.case.household.code} nhận lại tiền gửi {locked.reference}",
            target=locked,
            data={"reference": reference, "interest": interest},
        )
        cases_changed([locked.case_id])
    return locked


# -- recovery decision and handover -------------------------------------------------------


def recovery_decide(
    *,
    case: Case,
    trigger: str,
    trigger_date: dt.date,
    decision_number: str,
    decision_date: dt.date,
    signer: str,
    actor: Actor,
) -> RecoveryDecision:
    """Record a household's recovery decision with its trigger of Land Law 2024 Art. 87(5)
    and the due date, 10 days after that trigger; records the `recovery_decision` step
    (the approver's)."""
    _check(actor, "payments.add_recoverydecision", case, _("ghi quyết định thu hồi đất"))
    if trigger not in RecoveryTrigger.values:
        raise PaymentError(_("Căn cứ không hợp lệ: %(t)s.") % {"t": trigger})
    decision_number = _text(decision_number, _("Cần số quyết định thu hồi đất."))
    signer = _text(signer, _("Cần người ký quyết định."))
    _not_future(decision_date, _("Ngày quyết định"))
    if decision_date < trigger_date:
        raise PaymentError(_("Ngày quyết định trước ngày phát sinh căn cứ."))
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        if RecoveryDecision.objects.filter(case=locked).exists():
            raise PaymentError(_("Hộ này đã có quyết định thu hồi đất."))
        decision = RecoveryDecision.objects.create(
            case=locked,
            project_id=locked.project_id,
            commune_id=locked.commune_id,
            trigger=trigger,
            trigger_date=trigger_date,
            # Land Law 2024 Art. 87(5): within 10 days of the trigger.
            due_date=trigger_date + dt.timedelta(days=RECOVERY_DECISION_DAYS),
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            recorded_by=_user(actor),
        )
        record_event(
            actor=actor,
            kind="payments.recovery_decide",
            message=f"Quyết định thu hồi đất {decision_number} cho hộ {locked.household.code}",
            target=locked,
            data={"trigger": trigger, "due_date": decision.due_date.isoformat(),
                  "late": decision_date > decision.due_date},
        )  # fmt: skip
        _step(
            step_record,
            case=locked,
            code="recovery_decision",
            done_date=decision_date,
            document=StepDocument(decision_number, decision_date, signer),
            actor=actor,
        )
    return decision


def handover_record(
    *, case: Case, handover_date: dt.date, minutes_number: str, signer: str, actor: Actor
) -> Handover:
    """Record the handover of the land with its minutes; the case earns "handed over".
    Refused while the approved amount is neither paid nor deposited (pay before
    possession: Land Law 2024 Art. 94(3), (4)), or dated before that payment or deposit.
    (The open-complaint gate waits for the grievances app.)"""
    _check(actor, "payments.add_handover", case, _("ghi bàn giao mặt bằng"))
    minutes_number = _text(minutes_number, _("Cần số biên bản bàn giao."))
    signer = _text(signer, _("Cần người ký biên bản."))
    _not_future(handover_date, _("Ngày bàn giao"))
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        if Handover.objects.filter(case=locked).exists():
            raise PaymentError(_("Hộ này đã bàn giao mặt bằng."))
        complaints = open_complaints(locked.pk)
        if complaints:
            raise PaymentError(
                _(
                    "Hộ %(case)s đang có khiếu nại chưa giải quyết xong (nhận ngày %(date)s: "
                    "%(reason)s): chưa nhận bàn giao mặt bằng."
                )
                % {
                    "case": locked.household.code,
                    "date": _fmt(complaints[0].opened_date),
                    "reason": complaints[0].reason,
                }
            )
        balance = balances([locked.pk])[locked.pk]
        if not balance.covered:
            raise PaymentError(
                _(
                    "Hộ %(case)s chưa được chi trả đủ hoặc gửi tiền số đã duyệt "
                    "(còn %(remaining)s đ): "
                    "chưa được nhận bàn giao mặt bằng (Luật Đất đai 2024, Điều 94 khoản 3, 4)."
                )
                % {"case": locked.household.code, "remaining": balance.remaining}
            )
        # A household owed nothing has no payment or deposit to wait for.
        last_money = max(
            [
                *LedgerEntry.objects.filter(case=locked).values_list("entry_date", flat=True),
                *Deposit.objects.filter(case=locked).values_list("deposit_date", flat=True),
            ],
            default=None,
        )
        if last_money is not None and handover_date < last_money:
            raise PaymentError(
                _("Ngày bàn giao %(date)s trước ngày chi trả hoặc gửi tiền (%(money)s).")
                % {"date": _fmt(handover_date), "money": _fmt(last_money)}
            )
        handover = Handover.objects.create(
            case=locked,
            project_id=locked.project_id,
            commune_id=locked.commune_id,
            handover_date=handover_date,
            minutes_number=minutes_number,
            signer=signer,
            recorded_by=_user(actor),
        )
        record_event(
            actor=actor,
            kind="payments.handover_record",
            message=f"Hộ {locked.household.code} bàn giao mặt bằng, biên bản {minutes_number}",
            target=locked,
            data={"handover": handover.pk, "date": handover_date.isoformat()},
        )
        _step(
            step_record,
            case=locked,
            code="handover",
            done_date=handover_date,
            document=StepDocument(minutes_number, handover_date, signer),
            actor=actor,
        )
        early_handover_adjust(case=locked, handover=handover, actor=actor)
        cases_changed([locked.pk])
    return handover


class _NoBonus(Exception):
    """The recomputation after the handover added no early-handover line: undone."""


BONUS_CODE = "EARLY_HANDOVER"


def early_handover_adjust(*, case: Case, handover: Handover, actor: Actor) -> PlanVersion | None:
    """After the handover, recompute the case through the plans app: when the handover
    falls inside the pack's early-handover window (`support.early_handover`, Land Law
    2024 Art. 111(7); the engine's rule EARLY_HANDOVER decides, counting from the first
    payment), the result is a new draft version of the plan with the bonus line, its diff
    against the approved version, and the reason; it goes the way of any adjustment
    (posted, appraised, approved, then paid in a later payment batch). Outside the
    window the recomputation is undone and nothing changes. A pack that lacks the rule
    gets a version whose bonus line says "missing basis" (never a guessed number).
    A computation that fails does not undo the handover: the audit event says why."""
    approved = (
        PlanVersion.objects.filter(case=case, status=PlanStatus.APPROVED)
        .order_by("-number")
        .first()
    )
    if approved is None:
        return None
    reason = _(
        "Bàn giao mặt bằng ngày %(date)s (biên bản %(number)s): tính thưởng bàn giao trước "
        "thời hạn (Luật Đất đai 2024, Điều 111 khoản 7)."
    ) % {"date": _fmt(handover.handover_date), "number": handover.minutes_number}
    try:
        with transaction.atomic():
            version = case_compute(case=case, actor=actor, reason=reason)
            if version.pk == approved.pk:
                raise _NoBonus
            diff = plan_diff(approved.lines.all(), version.lines.all())
            if not any((row["new"] or row["old"]).code == BONUS_CODE for row in diff):
                raise _NoBonus
    except _NoBonus:
        return None
    except PlanError as exc:
        record_event(
            actor=actor,
            kind="payments.early_handover_not_computed",
            message=f"Chưa tính được thưởng bàn giao trước thời hạn: {exc}",
            target=case,
        )
        return None
    bonus = sum(row["delta"] for row in diff if (row["new"] or row["old"]).code == BONUS_CODE)
    record_event(
        actor=actor,
        kind="payments.early_handover",
        message=(
            f"Thưởng bàn giao trước thời hạn: phiên bản {version.number} "
            f"(so với phiên bản đã duyệt {approved.number}: {bonus:+} đ)"
        ),
        target=case,
        reason=reason,
        data={"version": version.pk, "approved": approved.pk, "bonus": bonus,
              "diff": [{"change": r["change"], "code": (r["new"] or r["old"]).code,
                        "delta": r["delta"]} for r in diff]},
    )  # fmt: skip
    return version


# -- persuasion and enforcement -----------------------------------------------------------

# Land Law 2024 Art. 87(7)(b): persuasion lasts 10 days and is put in writing; past 10 days
# from its end the enforcement decision is issued. Art. 89(3): executed within 10 days of
# its service (or of the minutes of refusal or absence).
PERSUASION_DAYS = 10
DECISION_AFTER_PERSUASION_DAYS = 10
EXECUTION_DAYS = 10
# Art. 89(1)(b): no enforcement from 10 p.m. to 6 a.m., nor in the 15 days before and after
# the Tết break.
NIGHT_FROM, NIGHT_UNTIL = dt.time(22, 0), dt.time(6, 0)
TET_MARGIN_DAYS = 15
LL_89_1_B = "Luật Đất đai 2024, Điều 89 khoản 1 điểm b"


def _calendar(case: Case) -> WorkCalendar:
    """The batch's working-day calendar: the nation's holidays and the province's own
    days off from the pack's procedure (an ethnic traditional holiday goes there)."""
    procedure = BatchProcedure.objects.filter(batch_id=case.batch_id).first()
    if procedure is None:
        return WorkCalendar()
    template = ProcedureTemplate.from_value(procedure.template)
    return WorkCalendar(days_off=template.days_off, days_on=template.days_on)


def no_enforcement_reason(moment: dt.datetime, calendar: WorkCalendar) -> str | None:
    """Why enforcement may not start at `moment` (local time), or None when it may
    (Land Law 2024 Art. 89(1)(b)): at night, on a day off or holiday, or within 15 days
    before or after the Tết break. Special local circumstances the article also names are
    a person's judgement, not a calendar's."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    day, time = local.date(), local.time()
    if time >= NIGHT_FROM or time < NIGHT_UNTIL:
        return _("%(time)s là ban đêm (từ 22 giờ đến 6 giờ sáng hôm sau).") % {
            "time": f"{time:%H:%M}"
        }
    for year in (day.year, day.year + 1):
        tet = calendar.tet_break(year)
        if tet and tet[0] - dt.timedelta(days=TET_MARGIN_DAYS) <= day <= tet[1] + dt.timedelta(
            days=TET_MARGIN_DAYS
        ):
            return _(
                "%(date)s trong 15 ngày trước hoặc sau kỳ nghỉ Tết Âm lịch (%(start)s – %(end)s)."
            ) % {"date": _fmt(day), "start": _fmt(tet[0]), "end": _fmt(tet[1])}
    if not calendar.is_working_day(day):
        holiday = calendar.holiday(day)
        return _("%(date)s là ngày nghỉ%(name)s.") % {
            "date": _fmt(day),
            "name": f" ({holiday})" if holiday else "",
        }
    return None


def _enforcement(case: Case) -> Enforcement:
    found = Enforcement.objects.select_for_update().filter(case=case).first()
    if found is None:
        raise PaymentError(_("Hộ này chưa được ghi vận động, thuyết phục bàn giao đất."))
    return found


def persuasion_record(
    *, case: Case, persuasion_start_date: dt.date, persuasion_document: str, actor: Actor
) -> Enforcement:
    """The household has not handed over its land after the recovery decision: the
    commune, the Fatherland Front and the compensation unit persuade it for 10 days, in
    writing (Land Law 2024 Art. 87(7)(a), (b)). Keeps the end of the persuasion and the
    first day an enforcement decision may be issued."""
    _check(actor, "payments.add_enforcement", case, _("ghi vận động, thuyết phục bàn giao đất"))
    persuasion_document = _text(
        persuasion_document, _("Cần văn bản vận động, thuyết phục (Điều 87 khoản 7 điểm b).")
    )
    _not_future(persuasion_start_date, _("Ngày bắt đầu vận động"))
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        if Handover.objects.filter(case=locked).exists():
            raise PaymentError(_("Hộ này đã bàn giao mặt bằng: không cần vận động, cưỡng chế."))
        if Enforcement.objects.filter(case=locked).exists():
            raise PaymentError(_("Hộ này đã được ghi vận động, thuyết phục."))
        decision = RecoveryDecision.objects.filter(case=locked).first()
        if decision is None:
            raise PaymentError(
                _(
                    "Chưa có quyết định thu hồi đất của hộ: chưa vận động bàn giao đất "
                    "(Luật Đất đai 2024, Điều 87 khoản 7)."
                )
            )
        if persuasion_start_date < decision.decision_date:
            raise PaymentError(
                _("Ngày bắt đầu vận động %(date)s trước ngày quyết định thu hồi đất %(d)s.")
                % {"date": _fmt(persuasion_start_date), "d": _fmt(decision.decision_date)}
            )
        end = persuasion_start_date + dt.timedelta(days=PERSUASION_DAYS)
        enforcement = Enforcement.objects.create(
            case=locked,
            project_id=locked.project_id,
            commune_id=locked.commune_id,
            persuasion_start_date=persuasion_start_date,
            persuasion_document=persuasion_document,
            persuasion_end_date=end,
            # "Quá thời hạn 10 ngày kể từ ngày kết thúc vận động": the day after the 10th.
            decision_earliest_date=end + dt.timedelta(days=DECISION_AFTER_PERSUASION_DAYS + 1),
            recorded_by=_user(actor),
        )
        record_event(
            actor=actor,
            kind="payments.persuasion_record",
            message=f"Vận động, thuyết phục hộ {locked.household.code} bàn giao đất từ "
            f"{_fmt(persuasion_start_date)} ({persuasion_document})",
            target=locked,
            data={"end": end.isoformat(), "decision_earliest":
                  enforcement.decision_earliest_date.isoformat()},
        )  # fmt: skip
    return enforcement


def enforcement_decide(
    *,
    case: Case,
    decision_number: str,
    decision_date: dt.date,
    served_date: dt.date,
    actor: Actor,
) -> Enforcement:
    """The enforcement decision, issued only once 10 days have passed since the
    persuasion ended (Land Law 2024 Art. 87(7)(b)), and its service on the household (or
    the minutes of its refusal or absence, Art. 89(2)(d)); the execution is due within 10
    days of service (Art. 89(3))."""
    _check(actor, "payments.decide_enforcement", case, _("quyết định cưỡng chế thu hồi đất"))
    decision_number = _text(decision_number, _("Cần số quyết định cưỡng chế."))
    _not_future(decision_date, _("Ngày quyết định cưỡng chế"))
    _not_future(served_date, _("Ngày giao quyết định"))
    if served_date < decision_date:
        raise PaymentError(_("Ngày giao quyết định trước ngày quyết định cưỡng chế."))
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        enforcement = _enforcement(locked)
        if enforcement.stage != EnforcementStage.PERSUADING:
            raise PaymentError(_("Hộ này đã có quyết định cưỡng chế."))
        if Handover.objects.filter(case=locked).exists():
            raise PaymentError(_("Hộ này đã bàn giao mặt bằng: không cưỡng chế."))
        if decision_date < enforcement.decision_earliest_date:
            raise PaymentError(
                _(
                    "Ngày quyết định cưỡng chế %(date)s: chưa quá 10 ngày kể từ ngày kết thúc "
                    "vận động (%(end)s); sớm nhất %(earliest)s (Luật Đất đai 2024, Điều 87 "
                    "khoản 7 điểm b)."
                )
                % {
                    "date": _fmt(decision_date),
                    "end": _fmt(enforcement.persuasion_end_date),
                    "earliest": _fmt(enforcement.decision_earliest_date),
                }
            )
        enforcement.stage = EnforcementStage.DECIDED
        enforcement.decision_number = decision_number
        enforcement.decision_date = decision_date
        enforcement.served_date = served_date
        enforcement.execution_due_date = served_date + dt.timedelta(days=EXECUTION_DAYS)
        enforcement.save()
        record_event(
            actor=actor,
            kind="payments.enforcement_decide",
            message=f"Quyết định cưỡng chế {decision_number} đối với hộ {locked.household.code}",
            target=locked,
            data={"due": enforcement.execution_due_date.isoformat()},
        )
    return enforcement


def enforcement_execute(
    *, case: Case, executed_at: dt.datetime, outcome: str, execution_minutes: str, actor: Actor
) -> Enforcement:
    """The enforcement board's day: the household complied (minutes of compliance; the
    land is then handed over within 30 days, Art. 89(4)(b)) or the enforcement was
    carried out. Refused when it would start at night, on a day off or holiday, or within
    15 days of the Tết break (Art. 89(1)(b)), or before the decision was served."""
    _check(actor, "payments.change_enforcement", case, _("ghi thi hành cưỡng chế"))
    if outcome not in EnforcementOutcome.values:
        raise PaymentError(_("Kết quả không hợp lệ: %(o)s.") % {"o": outcome})
    execution_minutes = _text(execution_minutes, _("Cần số biên bản thi hành cưỡng chế."))
    if executed_at > timezone.now():
        raise PaymentError(_("Thời điểm thi hành ở tương lai."))
    with acting_as(actor), transaction.atomic():
        locked = _lock_case(case)
        enforcement = _enforcement(locked)
        if enforcement.stage != EnforcementStage.DECIDED:
            raise PaymentError(
                _("Chưa có quyết định cưỡng chế, hoặc đã thi hành: không ghi thi hành được.")
            )
        day = timezone.localtime(executed_at).date()
        assert enforcement.served_date is not None
        if day < enforcement.served_date:
            raise PaymentError(
                _("Ngày thi hành %(date)s trước ngày giao quyết định cưỡng chế %(served)s.")
                % {"date": _fmt(day), "served": _fmt(enforcement.served_date)}
            )
        why = no_enforcement_reason(executed_at, _calendar(locked))
        if why:
            raise PaymentError(
                _("Không được cưỡng chế vào thời điểm này: %(why)s (%(basis)s).")
                % {"why": why, "basis": LL_89_1_B}
            )
        enforcement.stage = outcome
        enforcement.executed_at = executed_at
        enforcement.execution_minutes = execution_minutes
        enforcement.save()
        record_event(
            actor=actor,
            kind="payments.enforcement_execute",
            message=f"Thi hành quyết định cưỡng chế {enforcement.decision_number}: "
            f"{EnforcementOutcome(outcome).label}, biên bản {execution_minutes}",
            target=locked,
            data={"late": enforcement.execution_due_date is not None
                  and day > enforcement.execution_due_date},
        )  # fmt: skip
    return enforcement


# -- the signed receipt -------------------------------------------------------------------


def receipt_attach(*, entry: LedgerEntry, upload: Any, actor: Actor) -> SignedReceipt:
    """Attach the receipt the household signed (a scan or photo: JPG, PNG, WEBP, HEIC or
    PDF, within the attachment size limit) to a payment of the ledger."""
    _check(actor, "payments.add_signedreceipt", entry, _("tải giấy nhận tiền"))
    name = Path(getattr(upload, "name", "") or "").name
    if Path(name).suffix.lower() not in ATTACHMENT_TYPES:
        raise PaymentError(
            _("Chỉ nhận ảnh (JPG, PNG, WEBP, HEIC) hoặc PDF, không nhận “%(name)s”.")
            % {"name": name}
        )
    if getattr(upload, "size", 0) > upload_limit("attachment"):
        raise PaymentError(too_large_message("attachment"))
    if entry.kind != EntryKind.PRINCIPAL:
        raise PaymentError(_("Giấy nhận tiền gắn với khoản chi gốc, không với bút toán khác."))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with acting_as(actor), transaction.atomic():
        receipt = SignedReceipt(
            entry=entry,
            project_id=entry.project_id,
            commune_id=entry.commune_id,
            original_name=name[:300],
            sha256=digest.hexdigest(),
            uploaded_by=_user(actor),
        )
        receipt.file.save(f"{digest.hexdigest()[:16]}/{name}", upload, save=False)
        receipt.save()
        record_event(
            actor=actor,
            kind="payments.receipt_attach",
            message=f"Giấy nhận tiền có chữ ký cho chứng từ {entry.receipt_number}: {name}",
            target=entry.case,
            data={"entry": entry.pk, "sha256": receipt.sha256},
        )
    return receipt
