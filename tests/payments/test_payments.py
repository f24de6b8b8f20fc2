"""Issue 13: paying the approved plan and taking the land — maker and checker, the
append-only ledger, late-payment interest, refusal and deposit, the recovery decision and
the handover gate; the case earns "paid" and "handed over" from the steps these record."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Step
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.engine.payment import LL_94_3B, TAX_LAW_38_59_2B
from gpmb.payments.choices import EntryKind, PaymentBatchStatus
from gpmb.payments.models import Deposit, Handover, LedgerEntry, LedgerError, PaymentBatch
from gpmb.payments.queries import balances
from gpmb.payments.services import (
    PaymentError,
    deposit_record,
    deposit_withdraw,
    entry_reverse,
    handover_record,
    payment_batch_approve,
    payment_batch_prepare,
    payment_record,
    recovery_decide,
)
from gpmb.plans.models import PlanVersion
from tests.payments.conftest import days_ago

pytestmark = pytest.mark.django_db


def ready(approved, people) -> PaymentBatch:
    """A payment batch prepared by the accountant and approved by the superior."""
    batch = payment_batch_prepare(batch_plan=approved, number="01/ĐCT", actor=people["accountant"])
    return payment_batch_approve(payment_batch=batch, actor=people["approver"])


def due(home) -> int:
    return PlanVersion.objects.get(case=home.case, status="approved").net_amount


def pay(home, people, amount, when, receipt="PC-01"):
    return payment_record(
        case=home.case,
        amount=amount,
        entry_date=when,
        method="transfer",
        receipt_number=receipt,
        actor=people["accountant"],
    )


def test_a_batch_is_drawn_from_the_approved_plan_with_the_amount_due(home, people, approved):
    batch = payment_batch_prepare(batch_plan=approved, number="01/ĐCT", actor=people["accountant"])
    line = batch.lines.get()
    version = PlanVersion.objects.get(case=home.case, status="approved")
    assert (line.case_id, line.plan_version_id, line.amount_due) == (
        home.case.pk,
        version.pk,
        version.net_amount,
    )
    assert line.amount_due > 0 and line.totals == version.totals
    assert batch.total_due == version.net_amount
    assert batch.approval_effective_date == days_ago(60)
    assert batch.status == PaymentBatchStatus.PREPARED
    # A household is drawn once: nothing is left for a second batch.
    with pytest.raises(PaymentError, match="Không còn hộ nào"):
        payment_batch_prepare(batch_plan=approved, number="02/ĐCT", actor=people["accountant"])


def test_the_batch_approver_cannot_be_its_maker_and_a_refusal_changes_nothing(
    home, people, approved, make_user
):
    # The accountant who is also given the approval right on the project.
    from gpmb.core.choices import Role
    from gpmb.core.services import assignment_create

    maker = people["accountant"]
    assignment_create(actor=None, user=maker, role=Role.APPROVER, project=home.project)
    maker._gpmb_assignments = None  # read the assignments again
    batch = payment_batch_prepare(batch_plan=approved, number="01/ĐCT", actor=maker)
    events = AuditEvent.objects.count()
    with pytest.raises(NotPermitted, match="không được tự duyệt"):
        payment_batch_approve(payment_batch=batch, actor=maker)
    # Another accountant has no approval right at all.
    with pytest.raises(NotPermitted):
        payment_batch_approve(payment_batch=batch, actor=people["accountant2"])
    batch.refresh_from_db()
    assert batch.status == PaymentBatchStatus.PREPARED and batch.approved_by is None
    assert AuditEvent.objects.count() == events
    # Nothing is paid from a batch not approved.
    with pytest.raises(PaymentError, match="chưa được duyệt"):
        pay(home, people, 1000, days_ago(1))
    payment_batch_approve(payment_batch=batch, actor=people["approver"])
    batch.refresh_from_db()
    assert batch.status == PaymentBatchStatus.APPROVED
    assert batch.approved_by == people["approver"]


def test_paid_in_full_on_time_the_case_earns_paid_with_no_interest(home, people, approved):
    ready(approved, people)
    amount = due(home)
    pay(home, people, amount - 1_000_000, days_ago(40))
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.APPROVED  # not all paid yet
    pay(home, people, 1_000_000, days_ago(31), receipt="PC-02")  # the 30th day: on time
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.PAID
    step = Step.objects.get(case=home.case, code="payment")
    assert (step.done_date, step.document_number) == (days_ago(31), "PC-02")
    assert not LedgerEntry.objects.filter(kind=EntryKind.INTEREST).exists()
    b = balances([home.case.pk])[home.case.pk]
    assert (b.paid, b.remaining, b.interest) == (amount, 0, 0)
    with pytest.raises(PaymentError, match="lớn hơn số còn phải chi"):
        pay(home, people, 1, days_ago(1), receipt="PC-03")


def test_interest_for_a_payment_20_days_late_is_amount_times_rate_times_days(
    home, people, approved
):
    """Approval in effect 60 days ago: the 30 days end 30 days ago (Land Law 2024 Art.
    94(3)(a)); paid 9 days ago is 21 days after that last day, and by the pack's day count
    (the tax law's: the day of payment not counted) 20 days late. 100,000,000 đ × 0.03 % ×
    20 = 600,000 đ, its own entry citing its basis, paid with the principal."""
    ready(approved, people)
    entry = pay(home, people, 100_000_000, days_ago(9))
    interest = LedgerEntry.objects.get(kind=EntryKind.INTEREST)
    assert interest.principal == entry
    assert interest.amount == 100_000_000 * Decimal("0.0003") * 20 == 600_000
    assert (interest.entry_date, interest.receipt_number) == (entry.entry_date, "PC-01")
    assert "× 20 ngày" in interest.formula
    assert LL_94_3B in interest.citations and TAX_LAW_38_59_2B in interest.citations
    assert any("payment" not in c and "Điều 59" in c for c in interest.citations)
    b = balances([home.case.pk])[home.case.pk]
    assert (b.paid, b.interest) == (100_000_000, 600_000)


def test_a_correction_leaves_the_original_and_the_reversal_and_the_balance_right(
    home, people, approved
):
    ready(approved, people)
    amount = due(home)
    wrong = pay(home, people, 2_000_000, days_ago(9), receipt="PC-09")  # late: interest
    assert LedgerEntry.objects.count() == 2
    reversal = entry_reverse(entry=wrong, reason="Ghi nhầm hộ", actor=people["accountant"])
    assert reversal.reversal_of == wrong and reversal.amount == -2_000_000
    # The original and its interest stay; each has its reversal beside it.
    kinds = sorted(LedgerEntry.objects.values_list("kind", "amount"))
    assert kinds == sorted(
        [
            (EntryKind.PRINCIPAL, 2_000_000),
            (EntryKind.INTEREST, 2_000_000 * 3 * 20 // 10_000),
            (EntryKind.REVERSAL, -2_000_000),
            (EntryKind.REVERSAL, -(2_000_000 * 3 * 20 // 10_000)),
        ]
    )
    b = balances([home.case.pk])[home.case.pk]
    assert (b.paid, b.interest, b.remaining) == (0, 0, amount)
    with pytest.raises(PaymentError, match="đã được đảo"):
        entry_reverse(entry=wrong, reason="lần nữa", actor=people["accountant"])
    # The ledger is append-only, whoever asks.
    wrong.refresh_from_db()
    wrong.amount = 1
    with pytest.raises(LedgerError):
        wrong.save()
    with pytest.raises(LedgerError):
        wrong.delete()


def test_handover_is_refused_before_payment_or_deposit_and_allowed_after_a_deposit(
    home, people, approved
):
    ready(approved, people)
    officer = people["officer"]
    events = AuditEvent.objects.count()
    with pytest.raises(PaymentError, match="chưa được nhận bàn giao"):
        handover_record(
            case=home.case,
            handover_date=days_ago(1),
            minutes_number="BG-01",
            signer="Tổ công tác",
            actor=officer,
        )
    assert not Handover.objects.exists() and AuditEvent.objects.count() == events
    # Part paid, the rest still not: refused again.
    amount = due(home)
    pay(home, people, 1_000_000, days_ago(40))
    with pytest.raises(PaymentError, match="chưa được nhận bàn giao"):
        handover_record(
            case=home.case, handover_date=days_ago(1), minutes_number="BG-01", signer="x",
            actor=officer,
        )  # fmt: skip
    deposit = deposit_record(
        case=home.case,
        amount=amount - 1_000_000,
        refusal_date=days_ago(35),
        persuasion="Vận động 2 lần, hộ không nhận",
        deposit_date=days_ago(30),
        reference="GT-01",
        actor=people["accountant"],
    )
    step = Step.objects.get(case=home.case, code="payment")
    assert step.not_applicable and "GT-01" in step.reason
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.APPROVED  # deposited is not paid
    with pytest.raises(PaymentError, match="trước ngày chi trả hoặc gửi tiền"):
        handover_record(
            case=home.case, handover_date=days_ago(31), minutes_number="BG-01", signer="x",
            actor=officer,
        )  # fmt: skip
    handover = handover_record(
        case=home.case,
        handover_date=days_ago(20),
        minutes_number="BG-01",
        signer="Tổ công tác",
        actor=officer,
    )
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.HANDED_OVER
    assert Step.objects.get(case=home.case, code="handover").done_date == handover.handover_date
    # Land Law 2024 Art. 94(4); Decree 88 Art. 25(5): the demand-deposit interest is the
    # household's, paid with the withdrawal as the bank's statement shows it.
    with pytest.raises(PaymentError):
        deposit_withdraw(
            deposit=deposit, withdrawal_date=days_ago(5), reference="RT-01",
            actor=people["accountant"], interest=-1,
        )  # fmt: skip
    assert Deposit.objects.get(pk=deposit.pk).withdrawal_date is None
    withdrawn = deposit_withdraw(
        deposit=deposit, withdrawal_date=days_ago(5), reference="RT-01",
        actor=people["accountant"], interest=152_340,
    )  # fmt: skip
    assert (withdrawn.withdrawal_date, withdrawn.withdrawal_interest) == (days_ago(5), 152_340)


def test_the_handover_is_the_officers_and_the_payment_the_accountants(home, people, approved):
    ready(approved, people)
    with pytest.raises(NotPermitted):
        pay_by = payment_record(
            case=home.case, amount=1000, entry_date=days_ago(40), method="cash",
            receipt_number="PC", actor=people["officer"],
        )  # fmt: skip
        del pay_by
    pay(home, people, due(home), days_ago(40))
    with pytest.raises(NotPermitted):
        handover_record(
            case=home.case, handover_date=days_ago(1), minutes_number="BG", signer="x",
            actor=people["accountant"],
        )  # fmt: skip
    assert not Handover.objects.exists()


def test_the_recovery_decision_keeps_its_trigger_and_10_day_due_date(home, people, approved):
    ready(approved, people)
    decision = recovery_decide(
        case=home.case,
        trigger="a",
        trigger_date=days_ago(60),
        decision_number="456/QĐ-UBND",
        decision_date=days_ago(55),
        signer="Chủ tịch UBND thành phố",
        actor=people["approver"],
    )
    assert decision.due_date == days_ago(50)  # Land Law 2024 Art. 87(5): 10 days
    step = Step.objects.get(case=home.case, code="recovery_decision")
    assert (step.done_date, step.document_number) == (days_ago(55), "456/QĐ-UBND")
    with pytest.raises(NotPermitted):
        recovery_decide(
            case=home.case, trigger="a", trigger_date=days_ago(60), decision_number="1",
            decision_date=days_ago(55), signer="x", actor=people["accountant"],
        )  # fmt: skip


def test_deleting_a_paid_household_is_refused(home, people, approved):
    ready(approved, people)
    pay(home, people, due(home), days_ago(40))
    with pytest.raises(ProtectedError, match="LedgerEntry"):
        home.case.delete()
    with pytest.raises(ProtectedError):
        home.household.delete()
    assert LedgerEntry.objects.filter(case=home.case).exists()
